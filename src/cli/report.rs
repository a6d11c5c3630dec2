//! `nines report`: a self-contained HTML page with PNG and SVG charts for a leader to read
//! or forward: availability, downtime, causes, cost and bad years, options, the best
//! portfolio under a budget, the tornado and the survey against the simulation.

use super::progress::CliObserver;
use super::values::{parse_budget, parse_range, parse_years};
use crate::error::Error;
use crate::io::{read_model_text, write_report};
use crate::report::document::build;
use crate::report::gather::{ReportSpec, gather};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// A load scenario (TOML).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Investment options (TOML): each ranked against the base with a paired comparison,
    /// and their survey weight set beside their simulated value.
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
    /// A yearly budget for options (model currency): adds the best portfolio within it and
    /// the Pareto frontier (needs --options).
    #[arg(long, requires = "options", value_parser = parse_budget)]
    pub budget: Option<f64>,
    /// Years one-off costs are spread over.
    #[arg(long, default_value_t = 3.0, value_parser = parse_years)]
    pub years: f64,
    /// Range of the tornado: every parameter × (1 − R) and × (1 + R).
    #[arg(long, default_value_t = 0.2, value_parser = parse_range)]
    pub range: f64,
    /// Leave the tornado and the bad-year drivers out (they run two simulations per parameter).
    #[arg(long)]
    pub no_sensitivity: bool,
    /// Trials of every run.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS))]
    pub trials: u64,
    /// Seed of every run (common random numbers).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// The folder to write index.html and the charts into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

pub(crate) fn run(a: &ReportArgs, out: &mut dyn Write) -> Result<(), Error> {
    let origin = a.model.display().to_string();
    let text = read_model_text(&a.model)?;
    let scenario = a
        .scenario
        .as_deref()
        .map(crate::io::read_scenario)
        .transpose()?;
    let scenario_name = a.scenario.as_ref().map(|p| p.display().to_string());
    let opts = match &a.options {
        Some(p) => {
            let o = p.display().to_string();
            let opts = crate::decide::parse_options(&read_model_text(p)?, &o)?;
            opts.check_against(&text, &origin)?;
            Some((opts, o))
        }
        None => None,
    };
    let spec = ReportSpec {
        text: &text,
        origin: &origin,
        scenario: scenario.as_ref().zip(scenario_name.as_deref()),
        options: opts.as_ref().map(|(o, f)| (o, f.as_str())),
        budget: a.budget,
        years: a.years,
        range: (!a.no_sensitivity).then_some(a.range),
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
    };
    let obs = CliObserver::new(a.quiet, None);
    let input = gather(&spec, &obs);
    obs.finish();
    let report = build(&input?);
    let files = write_report(&a.out, &report)?;
    writeln!(
        out,
        "report written to {} ({} files: index.html and {} charts as PNG and SVG)",
        a.out.join("index.html").display(),
        files.len(),
        report.charts.len()
    )?;
    Ok(())
}
