//! `nines sweep`: a grid of model variants by path edits, each simulated with the same seed,
//! one CSV row per point (and per service with `--services`), written as points finish.

use crate::decide::sweep::{Param, build_plans, grid, value_text};
use crate::engine::{NoObserver, RunConfig, RunResults};
use crate::error::Error;
use crate::io::{AtomicFile, read_model_text};
use crate::report::{SUMMARY_COLUMNS, simulate_json, summary_record};
use clap::Args;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// A parameter and its values: PATH=LOW..HIGH[:STEP] or PATH=a,b,c (repeatable).
    #[arg(long = "param", value_name = "PATH=VALUES", required = true)]
    pub params: Vec<String>,
    /// Pair the i-th values of every parameter instead of taking every combination.
    #[arg(long)]
    pub zip: bool,
    /// A load scenario (TOML).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// An investment options file whose named options are applied to every point.
    #[arg(long, value_name = "FILE", requires = "option")]
    pub options: Option<PathBuf>,
    /// An option of --options to apply (repeatable).
    #[arg(long, value_name = "NAME", requires = "options")]
    pub option: Vec<String>,
    /// Trials of each point.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS))]
    pub trials: u64,
    /// Seed of every point (common random numbers across the grid).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// The CSV file to write (one row per point; written whole or not at all).
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
    /// Also a row per service for every point.
    #[arg(long)]
    pub services: bool,
    /// Print one JSON object with every point's results on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Columns of the sweep CSV after the parameter columns.
pub fn sweep_columns() -> Vec<&'static str> {
    let mut c = SUMMARY_COLUMNS.to_vec();
    c.push("base_model_hash");
    c
}

pub(crate) fn run(a: &SweepArgs, out: &mut dyn Write) -> Result<(), Error> {
    let origin = a.model.display().to_string();
    let mut text = read_model_text(&a.model)?;
    let base_hash = crate::model::model_hash(text.as_bytes());
    if let Some(path) = &a.options {
        let opts_text = read_model_text(path)?;
        let opts = crate::decide::parse_options(&opts_text, &path.display().to_string())?;
        opts.check_against(&text, &origin)?;
        for name in &a.option {
            let i = opts.index_of(name).map_err(Error::Usage)?;
            text = crate::edit::apply_model(&text, &origin, &opts.options[i].edits)?.0;
        }
    }
    let params: Vec<Param> = a
        .params
        .iter()
        .map(|p| Param::parse(p))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Usage(format!("--param {e}")))?;
    let points = grid(&params, a.zip).map_err(Error::Usage)?;
    let scenario = a
        .scenario
        .as_deref()
        .map(crate::io::read_scenario)
        .transpose()?;
    // Every point is built and checked before anything runs or is written.
    let plans = build_plans(&text, &origin, &params, &points).map_err(Error::Usage)?;
    let mut file = AtomicFile::create(&a.out)?;
    let io_err = |e: std::io::Error| {
        Error::Io(crate::error::IoError {
            path: a.out.display().to_string(),
            problem: crate::error::IoProblem::Other(e),
        })
    };
    let mut w = csv::Writer::from_writer(file.writer());
    let mut header: Vec<String> = params.iter().map(|p| p.path.to_string()).collect();
    header.extend(sweep_columns().iter().map(|s| s.to_string()));
    w.write_record(&header)
        .map_err(|e| io_err(std::io::Error::other(e)))?;
    let cfg = RunConfig {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        ..Default::default()
    };
    let bar = super::progress::count_bar(a.quiet, points.len() as u64, "points");
    let mut json_points = Vec::new();
    for (point, plan) in points.iter().zip(plans) {
        let plan = match &scenario {
            Some(sc) => plan.with_scenario(sc.clone()),
            None => plan,
        };
        let r = crate::engine::run(&plan, &cfg, &NoObserver)?;
        let values: Vec<String> = point.iter().map(value_text).collect();
        for (scope, name, s) in scopes(&r, a.services) {
            let mut rec = values.clone();
            rec.extend(summary_record(&r, scope, name, s));
            rec.push(base_hash.clone());
            w.write_record(&rec)
                .map_err(|e| io_err(std::io::Error::other(e)))?;
        }
        w.flush().map_err(io_err)?;
        if a.json {
            let mut v = simulate_json(&r);
            let p: serde_json::Map<String, Value> = params
                .iter()
                .zip(point)
                .map(|(p, x)| {
                    (
                        p.path.to_string(),
                        serde_json::to_value(x).unwrap_or(Value::Null),
                    )
                })
                .collect();
            v["params"] = Value::Object(p);
            json_points.push(v);
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    drop(w);
    file.commit()?;
    if a.json {
        writeln!(
            out,
            "{}",
            json!({
                "model": origin,
                "base_model_hash": base_hash,
                "params": params.iter().map(|p| p.path.to_string()).collect::<Vec<_>>(),
                "trials": a.trials,
                "seed": a.seed,
                "out": a.out.display().to_string(),
                "points": json_points,
            })
        )?;
    } else {
        writeln!(
            out,
            "{} points × {} trials (seed {}) written to {}",
            points.len(),
            a.trials,
            a.seed,
            a.out.display()
        )?;
    }
    Ok(())
}

fn scopes(
    r: &RunResults,
    services: bool,
) -> Vec<(&'static str, &str, &crate::engine::ScopeResult)> {
    let mut v = vec![("model", r.model_name.as_str(), &r.model)];
    if services {
        v.extend(r.services.iter().map(|(n, s)| ("service", n.as_str(), s)));
    }
    v
}
