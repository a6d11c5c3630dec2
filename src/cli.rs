//! The `nines` command line: clap arguments → validated commands → calls into the library.

mod analyze;
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
        Some(Command::Validate { models }) => Ok(validate(&models)),
        #[cfg(feature = "gui")]
        Some(Command::Gui { model }) => crate::gui::launch(model).map(|()| ExitCode::SUCCESS),
        None => no_command(),
    }
}

#[cfg(feature = "gui")]
fn no_command() -> Result<ExitCode, Error> {
    crate::gui::launch(None).map(|()| ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn no_command() -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    Ok(ExitCode::from(2))
}

fn validate(models: &[PathBuf]) -> ExitCode {
    let mut bad = false;
    for path in models {
        match crate::io::read_plan(path) {
            Ok(plan) => {
                let m = plan.model();
                println!(
                    "{}: ok ({} components, {} replicas, {} groups, {} services)",
                    path.display(),
                    m.components.len(),
                    plan.replica_count(),
                    m.groups.len(),
                    m.services.len()
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
