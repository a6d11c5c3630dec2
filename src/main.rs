//! The `nines` binary: the command line, or the desktop workbench when run without a command.
//! It only joins the two front ends; `nines::cli` and `nines::gui` never import each other.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Reliability simulation and capacity planning for retail platforms.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, long_about = None)]
struct Nines {
    /// What to do; with none, the desktop workbench opens.
    #[command(subcommand)]
    command: Option<Top>,
}

#[derive(Debug, Subcommand)]
enum Top {
    #[command(flatten)]
    Cli(nines::cli::Command),
    /// Open the desktop workbench, on MODEL or on the built-in retail reference model.
    #[cfg(feature = "gui")]
    Gui(nines::gui::GuiArgs),
}

fn main() -> ExitCode {
    let args = match Nines::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let result = match args.command {
        Some(Top::Cli(cmd)) => nines::cli::run_on_stdio(cmd),
        #[cfg(feature = "gui")]
        Some(Top::Gui(g)) => nines::gui::launch(g.into()),
        #[cfg(feature = "gui")]
        None => nines::gui::launch(nines::gui::Startup::default()),
        #[cfg(not(feature = "gui"))]
        None => {
            use clap::CommandFactory;
            let _ = Nines::command().print_help();
            return ExitCode::from(2);
        }
    };
    nines::cli::exit_code(result)
}
