//! `nines optimize`: the best set of investment options under a yearly budget, every set
//! simulated with the same seed, the top ones checked again with more trials, and the Pareto
//! frontiers of spend against availability and against expected loss.

use super::progress::CliObserver;
use super::values::{parse_budget, parse_years};
use crate::decide::choose::{Evaluated, OptimizeError, OptimizeSpec, Optimized, optimize};
use crate::decide::optimize::Objective;
use crate::engine::{MoneyStats, RunConfig};
use crate::error::Error;
use crate::io::{AtomicFile, read_model_text, write_atomic};
use crate::text::money;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// What `--objective` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    /// Lowest expected total cost per year (infrastructure + options + loss + SLA credits).
    #[value(name = "total_cost")]
    TotalCost,
    /// Highest mean availability.
    Availability,
    /// Highest share of requests served (needs --scenario).
    Served,
}

impl From<ObjectiveArg> for Objective {
    fn from(o: ObjectiveArg) -> Objective {
        match o {
            ObjectiveArg::TotalCost => Objective::TotalCost,
            ObjectiveArg::Availability => Objective::Availability,
            ObjectiveArg::Served => Objective::Served,
        }
    }
}

/// Arguments of `nines optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// The investment options file (TOML, `[[option]]` tables).
    #[arg(long, value_name = "FILE")]
    pub options: PathBuf,
    /// Most yearly spend on options: yearly costs, one-off costs over --years, and the
    /// infrastructure the options add (model currency).
    #[arg(long, value_parser = parse_budget)]
    pub budget: f64,
    /// Years one-off costs are spread over.
    #[arg(long, default_value_t = 3.0, value_parser = parse_years)]
    pub years: f64,
    /// A load scenario (TOML).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// What the best set is best at.
    #[arg(long, value_enum, default_value = "total_cost")]
    pub objective: ObjectiveArg,
    /// Trials of each set in the search.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS))]
    pub trials: u64,
    /// How many of the best sets to run again with more trials (0: none).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=100))]
    pub recheck_top: u64,
    /// The recheck runs have this many times --trials.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub recheck_factor: u64,
    /// Seed of every run (common random numbers across the sets).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Write every set simulated as CSV (one row per set and stage).
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Columns of the optimiser CSV (documented in the README).
pub const OPTIMIZE_COLUMNS: [&str; 30] = [
    "stage",
    "rank",
    "options",
    "option_count",
    "within_budget",
    "yearly_cost",
    "options_yearly_cost",
    "one_off_cost",
    "infrastructure_delta_year",
    "total_cost_mean",
    "total_cost_std_error",
    "total_cost_p90",
    "total_cost_p99",
    "downtime_loss_mean",
    "downtime_loss_std_error",
    "downtime_loss_p90",
    "downtime_loss_p99",
    "sla_credits_mean",
    "availability_mean",
    "availability_std_error",
    "served_mean",
    "on_frontier_availability",
    "on_frontier_loss",
    "trials",
    "seed",
    "currency",
    "budget",
    "years",
    "objective",
    "model_hash",
];

fn objective_name(o: Objective) -> &'static str {
    match o {
        Objective::TotalCost => "total_cost",
        Objective::Availability => "availability",
        Objective::Served => "served",
    }
}

pub(crate) fn run(a: &OptimizeArgs, out: &mut dyn Write) -> Result<(), Error> {
    let origin = a.model.display().to_string();
    let text = read_model_text(&a.model)?;
    let plan = crate::load::plan_from_str(&text, &origin)?;
    let opts_origin = a.options.display().to_string();
    let opts = crate::decide::parse_options(&read_model_text(&a.options)?, &opts_origin)?;
    opts.check_against(&text, &origin)?;
    let scenario = a
        .scenario
        .as_deref()
        .map(crate::io::read_scenario)
        .transpose()?;
    if let Some(p) = &a.csv {
        // Refuse an unwritable place before simulating anything.
        drop(AtomicFile::create(p)?);
    }
    let spec = OptimizeSpec {
        budget: a.budget,
        years: a.years,
        objective: a.objective.into(),
        recheck_top: a.recheck_top as usize,
        recheck_factor: a.recheck_factor,
    };
    let cfg = RunConfig {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        ..Default::default()
    };
    let obs = CliObserver::new(a.quiet, None);
    let r = optimize(&text, &origin, scenario.as_ref(), &opts, &spec, &cfg, &obs);
    obs.finish();
    let r = r.map_err(|e| match e {
        OptimizeError::Input(m) => Error::Usage(m),
        OptimizeError::Engine(e) => Error::Engine(e),
    })?;
    let hash = crate::model::model_hash(text.as_bytes());
    let prov = Provenance {
        model: &plan.model().model.name,
        model_file: &origin,
        options_file: &opts_origin,
        hash: &hash,
        spec: &spec,
    };
    if let Some(p) = &a.csv {
        write_atomic(p, |w| write_csv(&r, &prov, w))?;
    }
    if a.json {
        writeln!(out, "{}", to_json(&r, &prov, opts.options.len()))?;
    } else {
        print_text(&r, &prov, opts.options.len(), out)?;
    }
    Ok(())
}

/// What every output names besides the figures.
struct Provenance<'a> {
    model: &'a str,
    model_file: &'a str,
    options_file: &'a str,
    hash: &'a str,
    spec: &'a OptimizeSpec,
}

fn money_json(m: &MoneyStats) -> Value {
    json!({"mean": m.mean, "std_error": m.std_error, "ci95": m.ci95, "p90": m.p90, "p99": m.p99})
}

fn set_json(e: &Evaluated) -> Value {
    let c = &e.candidate;
    json!({
        "options": e.names,
        "yearly_cost": c.yearly_cost,
        "total_cost": c.total_cost,
        "total_cost_p90": e.total_cost.p90,
        "total_cost_p99": e.total_cost.p99,
        "total_cost_std_error": e.total_cost.std_error,
        "availability": c.availability,
        "availability_std_error": e.availability_std_error,
        "served": c.served.is_finite().then_some(c.served),
        "downtime_loss": money_json(&e.downtime_loss),
        "sla_credits": e.sla_credits,
        "options_yearly_cost": e.options_yearly_cost,
        "one_off_cost": e.one_off_cost,
        "infrastructure_delta_year": e.infrastructure_delta,
        "trials": e.trials,
    })
}

fn to_json(r: &Optimized, p: &Provenance<'_>, n_options: usize) -> Value {
    let frontier = |idx: &[usize]| -> Vec<Value> {
        idx.iter()
            .map(|&i| {
                let e = &r.evaluated[i];
                let mut v = set_json(e);
                v["within_budget"] = (e.candidate.yearly_cost <= p.spec.budget + 1e-9).into();
                v
            })
            .collect()
    };
    json!({
        "model": p.model,
        "model_file": p.model_file,
        "model_hash": p.hash,
        "options_file": p.options_file,
        "nines_version": crate::VERSION,
        "currency": r.currency,
        "budget": p.spec.budget,
        "years": p.spec.years,
        "objective": objective_name(p.spec.objective),
        "seed": r.seed,
        "trials": r.trials,
        "recheck_trials": r.recheck_trials,
        "method": r.method,
        "options_count": n_options,
        "sets_simulated": r.evaluated.iter().filter(|e| e.simulated()).count(),
        "base_infrastructure_year": r.base_infrastructure_year,
        "best": set_json(&r.best),
        "runner_up": r.versus.as_ref().map(|v| json!({
            "options": v.runner_up,
            "distinguishable": v.distinguishable,
            "difference": {
                "total_cost": v.paired.difference.total_cost,
                "availability": v.paired.difference.availability,
                "downtime_loss": v.paired.difference.downtime_loss,
                "served": v.paired.difference.served,
            },
            "p_better": v.paired.p_better,
            "trials": v.paired.trials,
        })),
        "rechecked": r.rechecked.iter().map(set_json).collect::<Vec<_>>(),
        "frontier": frontier(&r.frontier_availability),
        "frontier_loss": frontier(&r.frontier_loss),
    })
}

fn write_csv(r: &Optimized, p: &Provenance<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record(OPTIMIZE_COLUMNS)?;
    let num = |x: f64| {
        if x.is_finite() {
            x.to_string()
        } else {
            String::new()
        }
    };
    let mut rank = vec![None; r.evaluated.len()];
    for (k, &i) in r.ranking.iter().enumerate() {
        rank[i] = Some(k + 1);
    }
    let rows = r
        .evaluated
        .iter()
        .enumerate()
        .map(|(i, e)| ("search", rank[i], e, Some(i)))
        .chain(
            r.rechecked
                .iter()
                .enumerate()
                .map(|(k, e)| ("recheck", Some(k + 1), e, None)),
        );
    for (stage, rank, e, idx) in rows {
        let on = |f: &[usize]| idx.map_or(String::new(), |i| f.contains(&i).to_string());
        let x = &e.candidate;
        c.write_record([
            stage.to_string(),
            rank.map_or(String::new(), |k| k.to_string()),
            e.names.join("+"),
            e.names.len().to_string(),
            (x.yearly_cost <= p.spec.budget + 1e-9).to_string(),
            num(x.yearly_cost),
            num(e.options_yearly_cost),
            num(e.one_off_cost),
            num(e.infrastructure_delta),
            num(e.total_cost.mean),
            num(e.total_cost.std_error),
            num(e.total_cost.p90),
            num(e.total_cost.p99),
            num(e.downtime_loss.mean),
            num(e.downtime_loss.std_error),
            num(e.downtime_loss.p90),
            num(e.downtime_loss.p99),
            num(e.sla_credits),
            num(x.availability),
            num(e.availability_std_error),
            num(x.served),
            on(&r.frontier_availability),
            on(&r.frontier_loss),
            e.trials.to_string(),
            r.seed.to_string(),
            r.currency.clone(),
            p.spec.budget.to_string(),
            p.spec.years.to_string(),
            objective_name(p.spec.objective).to_string(),
            p.hash.to_string(),
        ])?;
    }
    c.flush()
}

fn set_name(e: &Evaluated) -> String {
    if e.names.is_empty() {
        "(none: the model as it is)".into()
    } else {
        e.names.join(" + ")
    }
}

fn print_text(
    r: &Optimized,
    p: &Provenance<'_>,
    n_options: usize,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let cur = &r.currency;
    let objective = match p.spec.objective {
        Objective::TotalCost => "lowest expected total cost",
        Objective::Availability => "highest availability",
        Objective::Served => "highest served share",
    };
    writeln!(
        out,
        "{}: best options under a budget of {} a year (one-off costs over {} years), by {objective}",
        p.model,
        money(p.spec.budget, cur),
        p.spec.years
    )?;
    writeln!(
        out,
        "search: {} over {n_options} options, {} sets simulated with {} trials each, seed {} (the same for every set); {} rechecked with {} trials",
        r.method,
        r.evaluated.iter().filter(|e| e.simulated()).count(),
        r.trials,
        r.seed,
        r.rechecked.len(),
        r.recheck_trials
    )?;
    let b = &r.best;
    writeln!(out, "\nbest: {}", set_name(b))?;
    writeln!(
        out,
        "  spend        {} a year (options {} a year, one-off {} over {} years, infrastructure {:+})",
        money(b.candidate.yearly_cost, cur),
        money(b.options_yearly_cost, cur),
        money(b.one_off_cost, cur),
        p.spec.years,
        b.infrastructure_delta.round()
    )?;
    let t = &b.total_cost;
    writeln!(
        out,
        "  total cost   {} a year ± {} (p90 {}, p99 {}): infrastructure, options, loss and SLA credits",
        money(t.mean, cur),
        money(t.std_error, cur),
        money(t.p90, cur),
        money(t.p99, cur)
    )?;
    let l = &b.downtime_loss;
    writeln!(
        out,
        "  loss         {} a year (p90 {}, p99 {})",
        money(l.mean, cur),
        money(l.p90, cur),
        money(l.p99, cur)
    )?;
    writeln!(
        out,
        "  availability {:.6} ± {:.1e}{}  ({} trials)",
        b.candidate.availability,
        b.availability_std_error,
        if b.candidate.served.is_finite() {
            format!(", served {:.6}", b.candidate.served)
        } else {
            String::new()
        },
        b.trials
    )?;
    if let Some(v) = &r.versus {
        let d = &v.paired.difference;
        let (what, e, unit) = match p.spec.objective {
            Objective::TotalCost => ("total cost", d.total_cost, cur.as_str()),
            Objective::Availability => ("availability", d.availability, ""),
            Objective::Served => ("served share", d.served.unwrap_or(d.availability), ""),
        };
        let fmt = |x: f64| {
            if unit.is_empty() {
                format!("{x:+.2e}")
            } else {
                money(x, unit)
            }
        };
        writeln!(
            out,
            "  against the runner-up ({}): {what} {} (95 % CI {} to {}, paired over {} trials): {}",
            if v.runner_up.is_empty() {
                "no options".to_string()
            } else {
                v.runner_up.join(" + ")
            },
            fmt(e.mean),
            fmt(e.ci95[0]),
            fmt(e.ci95[1]),
            v.paired.trials,
            if v.distinguishable {
                "the best is distinguishable"
            } else {
                "not distinguishable at these trials (either could be best)"
            }
        )?;
    }
    let header = |out: &mut dyn Write| {
        writeln!(
            out,
            "  {:>16} {:>14} {:>18} {:>16} {:>16} {:>16}  set",
            "spend/yr", "availability", "total cost/yr", "loss/yr", "loss p90", "loss p99"
        )
    };
    let line = |out: &mut dyn Write, e: &Evaluated| {
        writeln!(
            out,
            "  {:>16} {:>14.6} {:>18} {:>16} {:>16} {:>16}  {}",
            money(e.candidate.yearly_cost, cur),
            e.candidate.availability,
            money(e.total_cost.mean, cur),
            money(e.downtime_loss.mean, cur),
            money(e.downtime_loss.p90, cur),
            money(e.downtime_loss.p99, cur),
            set_name(e)
        )
    };
    if !r.rechecked.is_empty() {
        writeln!(
            out,
            "\nrechecked, best first ({} trials):",
            r.recheck_trials
        )?;
        header(out)?;
        for e in &r.rechecked {
            line(out, e)?;
        }
    }
    for (title, f) in [
        ("spend against availability", &r.frontier_availability),
        ("spend against expected loss", &r.frontier_loss),
    ] {
        writeln!(
            out,
            "\nPareto frontier, {title} ({} trials; sets within the budget):",
            r.trials
        )?;
        header(out)?;
        for &i in f {
            line(out, &r.evaluated[i])?;
        }
    }
    Ok(())
}
