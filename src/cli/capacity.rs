//! `nines capacity`: the smallest replica counts that meet a request-weighted target.

use crate::engine::RunConfig;
use crate::error::Error;
use crate::io::{read_plan, read_scenario, write_atomic};
use crate::planner::{Goal, Proposal, plan_capacity};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `nines capacity`.
#[derive(Debug, Args)]
pub struct CapacityArgs {
    /// The model file (TOML); components with capacity_rps are planned.
    pub model: PathBuf,
    /// The load scenario (TOML).
    #[arg(long, value_name = "FILE")]
    pub scenario: PathBuf,
    /// Request-weighted availability to reach (share of offered requests served), e.g. 0.9995.
    #[arg(long, value_parser = parse_share)]
    pub target: f64,
    /// Largest acceptable share of trials with any hour of overload.
    #[arg(long, default_value_t = 0.01, value_parser = parse_share)]
    pub max_overload_probability: f64,
    /// Trials of each simulation.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(100..=100_000_000))]
    pub trials: u64,
    /// Seed (the same for every candidate).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write the proposal as CSV.
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("must be a number from 0 to 1, found {s}")),
    }
}

/// Columns of the capacity CSV (documented in the README).
pub const CAPACITY_COLUMNS: [&str; 17] = [
    "component",
    "current_replicas",
    "proposed_replicas",
    "min_up",
    "capacity_at_proposal_rps",
    "served_fraction_with_one_less",
    "overload_probability_with_one_less",
    "one_less_meets_goal",
    "served_fraction_at_proposal",
    "overload_probability_at_proposal",
    "target_fraction",
    "max_overload_probability",
    "trials",
    "seed",
    "model",
    "model_hash",
    "nines_version",
];

pub(crate) fn run(a: &CapacityArgs, out: &mut dyn std::io::Write) -> Result<(), Error> {
    let plan = read_plan(&a.model)?;
    let scenario = read_scenario(&a.scenario)?;
    if let Some(p) = &a.csv {
        drop(crate::io::AtomicFile::create(p)?);
    }
    let goal = Goal {
        target: a.target,
        max_overload_probability: a.max_overload_probability,
        run: RunConfig {
            trials: a.trials,
            seed: a.seed,
            threads: a.threads.map(|t| t as usize),
            ..Default::default()
        },
    };
    let p = plan_capacity(plan.model(), &scenario, &goal, &crate::engine::NoObserver)?;
    let hash = plan.source_hash().unwrap_or("").to_string();
    let name = plan.model().model.name.clone();
    if let Some(path) = &a.csv {
        write_atomic(path, |w| write_csv(&p, a, &name, &hash, w))?;
    }
    if a.json {
        let mut v = serde_json::to_value(&p).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("model".into(), name.into());
            o.insert("model_hash".into(), hash.into());
            o.insert("target".into(), a.target.into());
            o.insert(
                "max_overload_probability".into(),
                a.max_overload_probability.into(),
            );
            o.insert("trials".into(), a.trials.into());
            o.insert("seed".into(), a.seed.into());
        }
        writeln!(out, "{v}")?;
    } else {
        print_table(&p, a, &name, out)?;
    }
    Ok(())
}

fn print_table(
    p: &Proposal,
    a: &CapacityArgs,
    name: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{name} — capacity plan for {:.4} % of requests served, overload in at most {:.1} % of years ({} trials per simulation, seed {})",
        a.target * 100.0,
        a.max_overload_probability * 100.0,
        a.trials,
        a.seed
    )?;
    writeln!(
        out,
        "{:<16} {:>8} {:>9} {:>7} {:>12} {:>22} {:>14}",
        "component",
        "current",
        "proposed",
        "min_up",
        "capacity rps",
        "served with one less",
        "one less ok?"
    )?;
    for r in &p.rows {
        writeln!(
            out,
            "{:<16} {:>8} {:>9} {:>7} {:>12.0} {:>22} {:>14}",
            r.component,
            r.current_replicas,
            r.proposed_replicas,
            r.min_up,
            r.capacity_rps,
            r.served_with_one_less
                .map(|s| format!("{s:.7}"))
                .unwrap_or_else(|| "-".into()),
            r.one_less_meets_goal
                .map(|b| if b { "yes" } else { "no" })
                .unwrap_or("-")
        )?;
    }
    for r in p.rows.iter().filter(|r| !r.zone_spread.is_empty()) {
        let z: Vec<String> = r
            .zone_spread
            .iter()
            .map(|(z, n)| format!("{z}: {n}"))
            .collect();
        writeln!(out, "  {} across zones: {}", r.component, z.join(", "))?;
    }
    writeln!(
        out,
        "at the proposal: {:.7} ± {:.1e} of requests served; overload in {:.2} % of years; {} simulations",
        p.served_fraction.mean,
        p.served_fraction.ci95[1] - p.served_fraction.mean,
        p.overload_probability.mean * 100.0,
        p.simulations
    )?;
    if let Some(l) = &p.limit {
        writeln!(out, "the target is out of reach: {l}")?;
    }
    Ok(())
}

fn write_csv(
    p: &Proposal,
    a: &CapacityArgs,
    name: &str,
    hash: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CAPACITY_COLUMNS)
        .map_err(std::io::Error::other)?;
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for r in &p.rows {
        w.write_record([
            r.component.clone(),
            r.current_replicas.to_string(),
            r.proposed_replicas.to_string(),
            r.min_up.to_string(),
            r.capacity_rps.to_string(),
            opt(r.served_with_one_less),
            opt(r.overload_probability_with_one_less),
            r.one_less_meets_goal
                .map(|b| b.to_string())
                .unwrap_or_default(),
            p.served_fraction.mean.to_string(),
            p.overload_probability.mean.to_string(),
            a.target.to_string(),
            a.max_overload_probability.to_string(),
            a.trials.to_string(),
            a.seed.to_string(),
            name.to_string(),
            hash.to_string(),
            crate::VERSION.to_string(),
        ])
        .map_err(std::io::Error::other)?;
    }
    w.flush()
}
