//! The `nines` command line: clap arguments → validated commands → calls into the library.
//! Every command writes to the `Write` it is given; a closed pipe ends quietly.

mod analyze;
mod capacity;
mod compare;
mod merge;
mod optimize;
mod progress;
mod report;
mod sensitivity;
mod simulate;
mod survey;
mod survey_sim;
mod sweep;
mod values;

use crate::error::Error;
use crate::text::count;
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The subcommands of the command line (the binary adds `gui` beside them).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a Monte Carlo simulation of a model.
    Simulate(simulate::SimulateArgs),
    /// Merge the partial results of a sharded run (`simulate --shard`) into what the
    /// unsharded run prints.
    Merge(merge::MergeArgs),
    /// Simulate a grid of model variants (path edits) with the same seed; one CSV row per point.
    Sweep(sweep::SweepArgs),
    /// Compare a base model with another model, or with investment options applied, using
    /// common random numbers (paired differences, p_better, ROI, payback).
    Compare(compare::CompareArgs),
    /// The best set of investment options under a yearly budget, with the Pareto frontier.
    Optimize(optimize::OptimizeArgs),
    /// Tornado of every parameter down and up (same seed), importance measures, and what drove the worst trials.
    Sensitivity(sensitivity::SensitivityArgs),
    /// A self-contained HTML report with PNG/SVG charts: availability, cost and bad years,
    /// options, the best portfolio under a budget, the tornado, survey against simulation.
    Report(report::ReportArgs),
    /// Exact availability (steady state; over the horizon when all distributions are exponential).
    Analyze(analyze::AnalyzeArgs),
    /// Smallest replica counts that meet a request-weighted availability target under a load scenario.
    Capacity(capacity::CapacityArgs),
    /// Survey weights per table (the seed paper's survey by default), with AHP when given.
    Survey(survey::SurveyArgs),
    /// Check model files; exit 0 when every one is valid.
    Validate {
        /// Model files (TOML).
        #[arg(required = true)]
        models: Vec<PathBuf>,
    },
}

/// Run one command, writing its output to `out` and per-file problems to `err`.
pub fn run(cmd: Command, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        Command::Simulate(a) => simulate::run(&a, out),
        Command::Merge(a) => merge::run(&a, out),
        Command::Sweep(a) => sweep::run(&a, out),
        Command::Compare(a) => compare::run(&a, out),
        Command::Sensitivity(a) => sensitivity::run(&a, out),
        Command::Optimize(a) => optimize::run(&a, out),
        Command::Report(a) => report::run(&a, out),
        Command::Analyze(a) => analyze::run(&a, out),
        Command::Capacity(a) => capacity::run(&a, out),
        Command::Survey(a) => survey::run(&a, out),
        Command::Validate { models } => validate(&models, out, err),
    }
}

/// Run one command on the process's stdout and stderr.
pub fn run_on_stdio(cmd: Command) -> Result<(), Error> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let result = run(cmd, &mut out, &mut stderr.lock());
    result.and_then(|()| out.flush().map_err(Error::Output))
}

/// The exit status of a result, printing the error (if any) on stderr: 0 success (and a
/// closed output pipe), 2 bad input, 1 anything else.
pub fn exit_code(result: Result<(), Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Check model files; one line per file on `out`, problems on `err`.
fn validate(models: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let mut bad = 0;
    for path in models {
        match crate::io::read_plan(path) {
            Ok(plan) => {
                let m = plan.model();
                writeln!(
                    out,
                    "{}: ok ({}, {}, {}, {})",
                    path.display(),
                    count(m.components.len(), "component"),
                    count(plan.replica_count(), "replica"),
                    count(m.groups.len(), "group"),
                    count(m.services.len(), "service")
                )?;
            }
            Err(e) => {
                bad += 1;
                writeln!(err, "{e}")?;
            }
        }
    }
    if bad > 0 {
        return Err(Error::Usage(format!(
            "{} of {} not valid",
            count(bad, "model file"),
            models.len()
        )));
    }
    Ok(())
}
