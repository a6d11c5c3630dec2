//! The `nines` command line: clap arguments → validated commands → calls into the library.

mod analyze;
mod capacity;
mod progress;
mod simulate;

use crate::error::Error;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reliability simulation and capacity planning for retail platforms.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, long_about = None)]
pub struct Cli {
    /// What to do; with none, the desktop workbench opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a Monte Carlo simulation of a model.
    Simulate(simulate::SimulateArgs),
    /// Exact availability (steady state; over the horizon when all distributions are exponential).
    Analyze(analyze::AnalyzeArgs),
    /// Smallest replica counts that meet a request-weighted availability target under a load scenario.
    Capacity(capacity::CapacityArgs),
    /// Check model files; exit 0 when every one is valid.
    Validate {
        /// Model files (TOML).
        #[arg(required = true)]
        models: Vec<PathBuf>,
    },
    /// Open the desktop workbench, on MODEL or on the built-in retail reference model.
    #[cfg(feature = "gui")]
    Gui {
        /// A model file to open.
        model: Option<PathBuf>,
        /// The view to show first.
        #[arg(long, value_enum)]
        view: Option<GuiView>,
        /// Run the model at once.
        #[arg(long)]
        run: bool,
        /// Another design (model file) to run and pin beside it in Compare; repeatable.
        #[arg(long, value_name = "MODEL")]
        compare: Vec<PathBuf>,
        /// Select a component, group or service by name (opens its editor).
        #[arg(long, value_name = "NAME")]
        select: Option<String>,
    },
}

/// Entry point of the binary: parse arguments, run, map errors to exit codes (0 ok, 2 bad
/// input, 1 anything else).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(code.clamp(0, 255) as u8);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Simulate(a)) => simulate::run(&a).map(|()| ExitCode::SUCCESS),
        Some(Command::Analyze(a)) => analyze::run(&a).map(|()| ExitCode::SUCCESS),
        Some(Command::Capacity(a)) => capacity::run(&a).map(|()| ExitCode::SUCCESS),
        Some(Command::Validate { models }) => Ok(validate(&models)),
        #[cfg(feature = "gui")]
        Some(Command::Gui {
            model,
            view,
            run,
            compare,
            select,
        }) => {
            let view = view.map(|v| match v {
                GuiView::Model => crate::gui::state::Tab::Model,
                GuiView::Text => crate::gui::state::Tab::Text,
                GuiView::Run => crate::gui::state::Tab::Run,
                GuiView::Results => crate::gui::state::Tab::Results,
                GuiView::Compare => crate::gui::state::Tab::Compare,
                GuiView::Load => crate::gui::state::Tab::Load,
            });
            crate::gui::launch(crate::gui::Startup {
                model,
                view,
                run,
                compare,
                select,
            })
            .map(|()| ExitCode::SUCCESS)
        }
        None => no_command(),
    }
}

#[cfg(feature = "gui")]
fn no_command() -> Result<ExitCode, Error> {
    crate::gui::launch(crate::gui::Startup::default()).map(|()| ExitCode::SUCCESS)
}

/// Views `nines gui --view` can open on.
#[cfg(feature = "gui")]
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GuiView {
    /// The diagram and editor.
    Model,
    /// The TOML text.
    Text,
    /// Run settings and convergence.
    Run,
    /// Results.
    Results,
    /// Pinned designs.
    Compare,
    /// Load scenario, headroom, latency and capacity plans.
    Load,
}

#[cfg(not(feature = "gui"))]
fn no_command() -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    Ok(ExitCode::from(2))
}

/// "1 group", "3 groups".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn validate(models: &[PathBuf]) -> ExitCode {
    let mut bad = false;
    for path in models {
        match crate::io::read_plan(path) {
            Ok(plan) => {
                let m = plan.model();
                println!(
                    "{}: ok ({}, {}, {}, {})",
                    path.display(),
                    count(m.components.len(), "component"),
                    count(plan.replica_count(), "replica"),
                    count(m.groups.len(), "group"),
                    count(m.services.len(), "service")
                );
            }
            Err(e) => {
                bad = true;
                eprintln!("{e}");
            }
        }
    }
    if bad {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
