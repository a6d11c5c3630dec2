//! `nines simulate`: run the Monte Carlo engine and print a table or JSON, with CSV outputs.

use super::progress::CliObserver;
use crate::engine::{PartialSource, RunConfig, RunResults, Target, TargetKind};
use crate::error::Error;
use crate::io::{AtomicFile, read_plan, write_atomic};
use crate::report::{TrialCsv, simulate_json, write_summary_csv};
use crate::text::per_horizon;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `nines simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// Number of trials (each one horizon long; with a target, see --max-trials).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS), conflicts_with_all = ["target_se", "target_rel_ci"])]
    pub trials: u64,
    /// Precision on demand: run whole batches until the standard error of the model's
    /// unavailability is at most X (and enough trials saw downtime for a normal interval).
    #[arg(long, value_name = "X", value_parser = parse_positive, conflicts_with = "target_rel_ci")]
    pub target_se: Option<f64>,
    /// Precision on demand: run until the relative half-width of the 95 % interval of the
    /// model's unavailability is at most Y (0.1 = ±10 %; not reached with few trials with downtime).
    #[arg(long, value_name = "Y", value_parser = parse_positive)]
    pub target_rel_ci: Option<f64>,
    /// Most trials a run with a target runs.
    #[arg(long, default_value_t = crate::engine::DEFAULT_MAX_TRIALS, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS))]
    pub max_trials: u64,
    /// Run only shard I of N (0-based) of the run's batches and write a partial result
    /// (needs --partial-out; merge the parts with `nines merge`).
    #[arg(long, value_name = "I/N", value_parser = crate::engine::Shard::parse, requires = "partial_out", conflicts_with_all = ["target_se", "target_rel_ci", "trials_csv", "summary_csv", "json"])]
    pub shard: Option<crate::engine::Shard>,
    /// Where to write the shard's partial result (JSON).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial_out: Option<PathBuf>,
    /// Seed: the same seed gives the same results whatever the thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Length of one trial in hours (default: the model's horizon_hours).
    #[arg(long, value_parser = parse_hours)]
    pub horizon_hours: Option<f64>,
    /// Print one JSON object on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write a summary CSV (one row for the model, one per service).
    #[arg(long, value_name = "PATH")]
    pub summary_csv: Option<PathBuf>,
    /// Write every trial's outcome as CSV (one row per trial and scope).
    #[arg(long, value_name = "PATH")]
    pub trials_csv: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// A load scenario (TOML): also count requests served and lost, overload and peak days.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Estimation method: plain Monte Carlo, failure biasing (importance sampling for
    /// exponential failures, any repairs; falls back to plain with a note where it does not
    /// apply), or auto (biasing where it applies and downtime is rare).
    #[arg(long, value_enum, default_value_t = MethodArg::Plain)]
    pub method: MethodArg,
}

/// The values of `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Plain Monte Carlo.
    Plain,
    /// Failure biasing (importance sampling).
    Biasing,
    /// Biasing where it applies and helps, else plain.
    Auto,
}

impl From<MethodArg> for crate::engine::Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Plain => crate::engine::Method::Plain,
            MethodArg::Biasing => crate::engine::Method::Biasing,
            MethodArg::Auto => crate::engine::Method::Auto,
        }
    }
}

fn parse_positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number > 0")),
    }
}

fn parse_hours(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of hours"))?;
    if v.is_finite() && v > 0.0 && v <= crate::model::MAX_HORIZON_HOURS {
        Ok(v)
    } else {
        Err(format!(
            "must be > 0 and at most {} hours, found {s}",
            crate::model::MAX_HORIZON_HOURS
        ))
    }
}

pub(crate) fn run_cmd(a: &SimulateArgs) -> Result<(crate::engine::Plan, RunResults), Error> {
    let mut plan = read_plan(&a.model)?;
    if let Some(p) = &a.scenario {
        plan = plan.with_scenario(crate::io::read_scenario(p)?);
    }
    let cfg = config(a);
    // Create outputs first so a bad path fails before the run, and nothing half-written remains.
    if let Some(p) = &a.summary_csv {
        drop(AtomicFile::create(p)?);
    }
    let mut trials_file = a
        .trials_csv
        .as_deref()
        .map(AtomicFile::create)
        .transpose()?;
    let results = {
        let csv = match trials_file.as_mut() {
            Some(f) => {
                Some(TrialCsv::new(f.writer(), &plan, &cfg).map_err(|source| io_err(a, source))?)
            }
            None => None,
        };
        let obs = CliObserver::new(a.quiet, csv);
        let r = crate::engine::run(&plan, &cfg, &obs);
        obs.finish();
        if let Some(e) = obs.take_write_error()? {
            return Err(io_err(a, e));
        }
        if let Some(t) = obs.trials {
            let w = t
                .into_inner()
                .map_err(|_| Error::Internal("the trials CSV writer's lock was poisoned".into()))?;
            w.finish().map_err(|source| io_err(a, source))?;
        }
        r?
    };
    if let Some(f) = trials_file {
        f.commit()?;
    }
    if let Some(p) = &a.summary_csv {
        write_atomic(p, |w| write_summary_csv(&results, w))?;
    }
    Ok((plan, results))
}

/// The run configuration of the arguments (the struct update keeps fields other helpers add).
#[allow(clippy::needless_update)]
fn config(a: &SimulateArgs) -> RunConfig {
    let target = match (a.target_se, a.target_rel_ci) {
        (Some(value), _) => Some(Target {
            kind: TargetKind::StdError,
            value,
        }),
        (None, Some(value)) => Some(Target {
            kind: TargetKind::RelCi95,
            value,
        }),
        (None, None) => None,
    };
    RunConfig {
        trials: if target.is_some() {
            a.max_trials
        } else {
            a.trials
        },
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        horizon_hours: a.horizon_hours,
        record_trials: a.trials_csv.is_some(),
        target,
        method: a.method.into(),
        ..RunConfig::default()
    }
}

/// `simulate --shard I/N --partial-out FILE`: run one shard and write its partial result.
fn run_shard(a: &SimulateArgs, shard: crate::engine::Shard, out: &Path) -> Result<(), Error> {
    let origin = a.model.display().to_string();
    let model_text = crate::io::read_model_text(&a.model)?;
    let mut plan = crate::load::plan_from_str(&model_text, &origin)?;
    let mut scenario = None;
    if let Some(p) = &a.scenario {
        let sf = crate::io::read_scenario_file(p)?;
        plan = plan.with_scenario(sf.scenario);
        scenario = Some((sf.text, sf.series));
    }
    let src = PartialSource {
        model_origin: origin,
        model_text,
        scenario,
    };
    drop(AtomicFile::create(out)?);
    let obs = CliObserver::new(a.quiet, None);
    let part = crate::engine::run_shard(&plan, &src, &config(a), shard, &obs);
    obs.finish();
    let part = part?;
    crate::io::write_partial(out, &part)
}

fn io_err(a: &SimulateArgs, source: std::io::Error) -> Error {
    Error::Io(crate::error::IoError {
        path: a
            .trials_csv
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        problem: crate::error::IoProblem::Other(source),
    })
}

pub(crate) fn run(a: &SimulateArgs, out: &mut dyn Write) -> Result<(), Error> {
    if let (Some(shard), Some(p)) = (a.shard, &a.partial_out) {
        return run_shard(a, shard, p);
    }
    let (plan, r) = run_cmd(a)?;
    print_results(&plan, &r, a.json, out)
}

/// Print a run's results as `simulate` does (a table, or JSON), with the latency report
/// under a scenario. `nines merge` prints through it too.
pub(crate) fn print_results(
    plan: &crate::engine::Plan,
    r: &RunResults,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let latency = plan
        .scenario()
        .map(|sc| crate::analysis::latency(plan, sc, r.horizon_hours));
    if json {
        let mut v = simulate_json(r);
        if let (Some(l), Some(o)) = (&latency, v.as_object_mut()) {
            o.insert(
                "latency".into(),
                serde_json::to_value(l).unwrap_or_default(),
            );
        }
        writeln!(out, "{v}")?;
    } else {
        print_table(r, out)?;
        if let Some(l) = &latency {
            print_latency(l, out)?;
        }
    }
    Ok(())
}

fn print_table(r: &RunResults, out: &mut dyn Write) -> std::io::Result<()> {
    let per = per_horizon(r.horizon_hours);
    writeln!(
        out,
        "{} — {} trials, seed {}, horizon {} h, model {}, method {}",
        r.model_name,
        r.trials,
        r.seed,
        r.horizon_hours,
        r.model_hash.as_deref().unwrap_or("-"),
        r.method.name()
    )?;
    writeln!(
        out,
        "{:<22} {:>30} {:>6} {:>30} {:>9} {:>12}",
        "",
        "availability (95% CI)",
        "nines",
        format!("downtime h {per}: mean p50 p90 p99"),
        "outages",
        "trials down"
    )?;
    let rows = std::iter::once(("model".to_string(), &r.model))
        .chain(r.services.iter().map(|(n, s)| (format!("  {n}"), s)));
    for (name, s) in rows {
        writeln!(
            out,
            "{name:<22} {:>30} {:>6} {:>9.3} {:>6.2} {:>6.2} {:>6.2} {:>9.3} {:>12}",
            crate::report::availability_text(s),
            crate::report::nines_text(s),
            s.downtime_hours.mean,
            s.downtime_p50_hours,
            s.downtime_p90_hours,
            s.downtime_p99_hours,
            s.outages.mean,
            crate::report::trials_with_downtime_text(s)
        )?;
    }
    for n in crate::report::interval_notes(r) {
        writeln!(out, "{n}")?;
    }
    if let Some(t) = &r.target {
        writeln!(
            out,
            "target {} <= {}: {} after {} trials",
            t.kind.name(),
            t.value,
            if t.reached {
                "reached"
            } else {
                "NOT reached (trial cap)"
            },
            t.trials
        )?;
    }
    if r.model.requests.is_some() {
        writeln!(out, "\nrequests (load scenario):")?;
        writeln!(
            out,
            "{:<22} {:>26} {:>14} {:>14} {:>14} {:>14}",
            "", "served share (95% CI ±)", "lost", "overload h", "peak avail.", "normal avail."
        )?;
        let rows = std::iter::once(("model".to_string(), &r.model))
            .chain(r.services.iter().map(|(n, s)| (format!("  {n}"), s)));
        for (name, s) in rows {
            let Some(q) = &s.requests else { continue };
            let opt = |e: &Option<crate::stats::Estimate>| {
                e.map(|e| format!("{:.7}", e.mean))
                    .unwrap_or_else(|| "-".into())
            };
            writeln!(
                out,
                "{name:<22} {:>14.9} ± {:<9.2e} {:>14.0} {:>14.3} {:>14} {:>14}",
                q.served_fraction.mean,
                q.served_fraction.ci95[1] - q.served_fraction.mean,
                q.lost.mean,
                q.overload_hours.mean,
                opt(&q.peak_availability),
                opt(&q.normal_availability)
            )?;
        }
    }
    print_costs(r, out)?;
    let mut comps: Vec<_> = r
        .components
        .iter()
        .chain(&r.domains)
        .filter(|c| c.caused_downtime_hours > 0.0)
        .collect();
    comps.sort_by(|a, b| b.caused_downtime_hours.total_cmp(&a.caused_downtime_hours));
    if !comps.is_empty() {
        writeln!(
            out,
            "\nmodel downtime by the component (or zone, region, common cause) whose failure started each outage:"
        )?;
        for c in comps {
            writeln!(
                out,
                "  {:<20} {:>9.4} h {per} {:>6.1}%",
                c.name,
                c.caused_downtime_hours,
                100.0 * c.caused_share
            )?;
        }
    }
    writeln!(
        out,
        "\n{} events in {:.2} s ({:.1} M events/s)",
        r.events,
        r.wall_seconds,
        r.events as f64 / r.wall_seconds.max(1e-9) / 1e6
    )?;
    Ok(())
}

/// Money per year: infrastructure, downtime loss, SLA credits and their total, each with a
/// bad year (p90, p99) beside the mean; then each priced service's loss.
fn print_costs(r: &RunResults, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &r.cost;
    let cur = c.currency.as_str();
    let m = |x: f64| crate::text::money(x, cur);
    writeln!(
        out,
        "\ncosts per year in {cur} (per-trial figures x {:.6}):",
        c.per_year_factor
    )?;
    writeln!(
        out,
        "{:<22} {:>18} {:>16} {:>18} {:>18}",
        "", "mean", "± 95% CI", "p90 (bad year)", "p99"
    )?;
    writeln!(
        out,
        "{:<22} {:>18}",
        "infrastructure",
        m(c.infrastructure_year)
    )?;
    let rows = [
        ("downtime loss".to_string(), &c.downtime_loss),
        ("SLA credits (net)".to_string(), &c.sla_credits),
        ("total".to_string(), &c.total),
    ]
    .into_iter()
    .chain(
        r.services
            .iter()
            .filter_map(|(n, s)| s.downtime_loss.as_ref().map(|l| (format!("  loss {n}"), l))),
    );
    for (name, s) in rows {
        writeln!(
            out,
            "{name:<22} {:>18} {:>16} {:>18} {:>18}",
            m(s.mean),
            m(s.ci95[1] - s.mean),
            m(s.p90),
            m(s.p99)
        )?;
    }
    Ok(())
}

fn print_latency(l: &crate::analysis::LatencyReport, out: &mut dyn Write) -> std::io::Result<()> {
    let ms = |x: Option<f64>| {
        x.map(|v| format!("{v:.1}"))
            .unwrap_or_else(|| "overload".into())
    };
    writeln!(out, "\nlatency at healthy capacity (M/M/c; ms):")?;
    writeln!(
        out,
        "{:<22} {:>10} {:>10} {:>10} {:>12} {:>12} {:>16}",
        "component", "avg rps", "peak rps", "cap rps", "p95 avg", "p95 peak", "p95 peak, 1 down"
    )?;
    for c in &l.components {
        writeln!(
            out,
            "  {:<20} {:>10.0} {:>10.0} {:>10.0} {:>12} {:>12} {:>16}",
            c.name,
            c.average_rps,
            c.peak_rps,
            c.capacity_rps,
            ms(c.at_average.p95_ms),
            ms(c.at_peak.p95_ms),
            c.at_peak_one_down
                .map(|r| ms(r.p95_ms))
                .unwrap_or_else(|| "-".into())
        )?;
    }
    for s in l.services.iter().filter(|s| s.objective_p95_ms.is_some()) {
        writeln!(
            out,
            "  service {:<12} p95 at the busiest hour {} ms against {} ms: {:.1} h over the objective",
            s.name,
            ms(s.p95_at_peak_ms),
            s.objective_p95_ms.unwrap_or_default(),
            s.hours_over_objective
        )?;
    }
    Ok(())
}
