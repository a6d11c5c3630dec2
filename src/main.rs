//! The `nines` binary: the command line, or the desktop workbench when run without a command.

fn main() -> std::process::ExitCode {
    nines::cli::main()
}
