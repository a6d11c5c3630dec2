//! `nines sweep`: a grid of model variants by path edits, each simulated with the same seed,
//! one CSV row per point (and per service with `--services`), written as points finish.

use crate::decide::sweep::{Param, build_plans, grid, value_text};
use crate::decide::sweep_part::{
    SWEEP_PART_FORMAT, SWEEP_PART_VERSION, SweepPart, SweepSettings, shard_points,
};
use crate::engine::{NoObserver, RunConfig, RunResults, Shard};
use crate::error::Error;
use crate::io::{AtomicFile, read_model_text};
use crate::report::{SUMMARY_COLUMNS, simulate_json, summary_record};
use clap::Args;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    #[arg(
        long,
        value_name = "FILE.csv",
        required_unless_present = "partial_out",
        conflicts_with = "partial_out"
    )]
    pub out: Option<PathBuf>,
    /// Run only shard I of N (0-based) of the grid's points and write a sweep part (needs
    /// --partial-out; merge the parts with `nines merge PARTS… --out FILE.csv`).
    #[arg(long, value_name = "I/N", value_parser = crate::engine::Shard::parse, requires = "partial_out")]
    pub shard: Option<crate::engine::Shard>,
    /// Where to write the shard's sweep part (JSON). With --json the part keeps every point's
    /// JSON too, so that `nines merge --json` can print it.
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial_out: Option<PathBuf>,
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

/// The CSV header of a sweep over `params`: their paths, then [`sweep_columns`].
pub(crate) fn header(params: &[String]) -> Vec<String> {
    let mut h = params.to_vec();
    h.extend(sweep_columns().iter().map(|s| s.to_string()));
    h
}

/// A sweep read and checked, every point's plan built, before anything runs.
struct Prepared {
    settings: SweepSettings,
    params: Vec<Param>,
    points: Vec<Vec<toml::Value>>,
    plans: Vec<crate::engine::Plan>,
}

fn prepare(a: &SweepArgs) -> Result<Prepared, Error> {
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
        .map(crate::io::read_scenario_file)
        .transpose()?;
    // Every point is built and checked before anything runs or is written.
    let mut plans = build_plans(&text, &origin, &params, &points).map_err(Error::Usage)?;
    if let Some(sc) = &scenario {
        plans = plans
            .into_iter()
            .map(|p| p.with_scenario(sc.scenario.clone()))
            .collect();
    }
    let settings = SweepSettings {
        nines_version: env!("CARGO_PKG_VERSION").to_string(),
        model_origin: origin,
        base_model_hash: base_hash,
        start_hash: crate::model::model_hash(text.as_bytes()),
        options: a.option.clone(),
        params: params.iter().map(|p| p.path.to_string()).collect(),
        values: params
            .iter()
            .map(|p| p.values.iter().map(value_text).collect())
            .collect(),
        zip: a.zip,
        scenario_hash: scenario
            .as_ref()
            .map(|s| crate::engine::scenario_hash(&s.text, s.series.as_deref())),
        trials: a.trials,
        seed: a.seed,
        services: a.services,
        points: points.len() as u64,
    };
    Ok(Prepared {
        settings,
        params,
        points,
        plans,
    })
}

/// Run the points `range` of a prepared sweep in grid order, handing each point's CSV records
/// and (with `json`) its JSON to `each`.
fn run_points(
    a: &SweepArgs,
    p: &Prepared,
    range: std::ops::Range<usize>,
    json: bool,
    mut each: impl FnMut(Vec<Vec<String>>, Option<Value>) -> Result<(), Error>,
) -> Result<(), Error> {
    let cfg = RunConfig {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        ..Default::default()
    };
    let bar = super::progress::count_bar(a.quiet, range.len() as u64, "points");
    for (point, plan) in p.points[range.clone()].iter().zip(&p.plans[range]) {
        let r = crate::engine::run(plan, &cfg, &NoObserver)?;
        let values: Vec<String> = point.iter().map(value_text).collect();
        let records = scopes(&r, a.services)
            .into_iter()
            .map(|(scope, name, s)| {
                let mut rec = values.clone();
                rec.extend(summary_record(&r, scope, name, s));
                rec.push(p.settings.base_model_hash.clone());
                rec
            })
            .collect();
        let j = json.then(|| {
            let mut v = simulate_json(&r);
            let m: serde_json::Map<String, Value> = p
                .params
                .iter()
                .zip(point)
                .map(|(p, x)| {
                    (
                        p.path.to_string(),
                        serde_json::to_value(x).unwrap_or(Value::Null),
                    )
                })
                .collect();
            v["params"] = Value::Object(m);
            v
        });
        each(records, j)?;
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

/// Write a sweep's CSV (header, then each point's records in grid order) to `path`, whole or
/// not at all, calling `rows` to produce the records point by point.
pub(crate) fn write_csv(
    path: &Path,
    header: &[String],
    rows: impl FnOnce(&mut dyn FnMut(&[Vec<String>]) -> Result<(), Error>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut file = AtomicFile::create(path)?;
    let io_err = |e: std::io::Error| {
        Error::Io(crate::error::IoError {
            path: path.display().to_string(),
            problem: crate::error::IoProblem::Other(e),
        })
    };
    {
        let mut w = csv::Writer::from_writer(file.writer());
        w.write_record(header)
            .map_err(|e| io_err(std::io::Error::other(e)))?;
        rows(&mut |records: &[Vec<String>]| {
            for rec in records {
                w.write_record(rec)
                    .map_err(|e| io_err(std::io::Error::other(e)))?;
            }
            w.flush().map_err(io_err)
        })?;
    }
    file.commit()?;
    Ok(())
}

/// What `nines sweep --json` prints (and `nines merge --json` of its parts).
pub(crate) fn sweep_json(s: &SweepSettings, out: &Path, points: Vec<Value>) -> Value {
    json!({
        "model": s.model_origin,
        "base_model_hash": s.base_model_hash,
        "params": s.params,
        "trials": s.trials,
        "seed": s.seed,
        "out": out.display().to_string(),
        "points": points,
    })
}

/// The line `nines sweep` prints without --json (and `nines merge` of its parts).
pub(crate) fn sweep_line(s: &SweepSettings, out: &Path) -> String {
    format!(
        "{} points × {} trials (seed {}) written to {}",
        s.points,
        s.trials,
        s.seed,
        out.display()
    )
}

pub(crate) fn run(a: &SweepArgs, out: &mut dyn Write) -> Result<(), Error> {
    let p = prepare(a)?;
    if let (Some(shard), Some(path)) = (a.shard, &a.partial_out) {
        return run_shard(a, &p, shard, path);
    }
    let Some(csv_path) = &a.out else {
        return Err(Error::Usage("give --out FILE.csv".into()));
    };
    let mut json_points = Vec::new();
    write_csv(csv_path, &header(&p.settings.params), |write| {
        run_points(a, &p, 0..p.points.len(), a.json, |records, j| {
            write(&records)?;
            json_points.extend(j);
            Ok(())
        })
    })?;
    if a.json {
        writeln!(out, "{}", sweep_json(&p.settings, csv_path, json_points))?;
    } else {
        writeln!(out, "{}", sweep_line(&p.settings, csv_path))?;
    }
    Ok(())
}

/// `sweep --shard I/N --partial-out FILE`: run shard I's points and write its sweep part.
fn run_shard(a: &SweepArgs, p: &Prepared, shard: Shard, path: &Path) -> Result<(), Error> {
    drop(AtomicFile::create(path)?);
    let started = Instant::now();
    let range = shard_points(shard, p.settings.points);
    let (first, end) = (range.start as usize, range.end as usize);
    let mut rows = Vec::with_capacity(end - first);
    let mut json_points = Vec::new();
    run_points(a, p, first..end, a.json, |records, j| {
        rows.push(records);
        json_points.extend(j);
        Ok(())
    })?;
    let part = SweepPart {
        format: SWEEP_PART_FORMAT.into(),
        version: SWEEP_PART_VERSION,
        settings: p.settings.clone(),
        shard,
        points: [range.start, range.end],
        header: header(&p.settings.params),
        rows,
        json_points: a.json.then_some(json_points),
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    crate::io::write_atomic(path, |w| {
        serde_json::to_writer(&mut *w, &part).map_err(std::io::Error::other)?;
        writeln!(w)
    })?;
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
