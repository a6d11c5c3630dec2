//! `nines compare`: the base model against another model, or against itself with investment
//! options applied, with common random numbers: a ranked table of paired differences or JSON.

use super::progress::CliObserver;
use super::values::parse_years;
use crate::decide::compare::{each_option, named_set};
use crate::decide::portfolio::PlanCache;
use crate::decide::{Against, CompareInput, CompareResults, CompareSettings, Options, RankBy};
use crate::error::Error;
use crate::io::read_model_text;
use crate::text::money;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `nines compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The base model file (TOML).
    pub base: PathBuf,
    /// Another model file to compare with the base (or give --options).
    #[arg(required_unless_present = "options", conflicts_with = "options")]
    pub other: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
    /// How to rank the comparisons.
    #[arg(long, value_enum, default_value_t = Rank::TotalCost)]
    pub rank_by: Rank,
    /// Print one JSON object on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// What `compare` and `survey --model` share: options, scenario, trials, seed, threads, years.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// An investment options file: compare the base with the base plus each option.
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
    /// Compare only the base plus these options together (repeatable; one comparison).
    #[arg(long, value_name = "NAME", requires = "options")]
    pub option: Vec<String>,
    /// A load scenario (TOML) every side runs under.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Trials of each side (the same trials on every side).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::decide::compare::MAX_COMPARE_TRIALS))]
    pub trials: u64,
    /// Seed of every side (common random numbers).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core); the results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Years over which one-off costs are spread in total costs.
    #[arg(long, default_value_t = crate::decide::compare::DEFAULT_YEARS, value_parser = parse_years)]
    pub years: f64,
}

/// Order of the ranked table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rank {
    /// Lowest Δ total cost per year first.
    TotalCost,
    /// Highest ROI first.
    Roi,
}

impl Rank {
    fn by(self) -> RankBy {
        match self {
            Rank::TotalCost => RankBy::TotalCost,
            Rank::Roi => RankBy::Roi,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Rank::TotalCost => "total_cost",
            Rank::Roi => "roi",
        }
    }
}

/// Read an options file.
pub(crate) fn read_options_file(path: &Path) -> Result<Options, Error> {
    let text = read_model_text(path)?;
    Ok(crate::decide::parse_options(
        &text,
        &path.display().to_string(),
    )?)
}

/// The indices of the options named on the command line (an unknown name is bad input that
/// lists the names the file has).
pub(crate) fn named(opts: &Options, names: &[String]) -> Result<Vec<usize>, Error> {
    named_set(opts, names).map_err(|e| Error::Usage(format!("--option: {e}")))
}

/// Read the options file and the sets to compare (each option, or the named set).
fn read_options(path: &Path, names: &[String]) -> Result<(Options, Vec<Vec<usize>>), Error> {
    let opts = read_options_file(path)?;
    let sets = if names.is_empty() {
        each_option(&opts)
    } else {
        vec![named(&opts, names)?]
    };
    Ok((opts, sets))
}

/// What the base is compared against, as read from the command line.
pub(crate) enum Target<'a> {
    /// Another model file.
    Model(&'a Path),
    /// Option sets of an options file.
    Options(&'a Options, &'a [Vec<usize>]),
}

/// Run the comparison of `base` against `target` with the settings of `run`.
pub(crate) fn run_comparison(
    base: &Path,
    target: Target,
    run: &RunArgs,
    quiet: bool,
) -> Result<CompareResults, Error> {
    let base_origin = base.display().to_string();
    let base_text = read_model_text(base)?;
    let scenario = run
        .scenario
        .as_deref()
        .map(crate::io::read_scenario)
        .transpose()?;
    let settings = CompareSettings {
        trials: run.trials,
        seed: run.seed,
        threads: run.threads.map(|t| t as usize),
        years: run.years,
    };
    let (other_text, other_origin) = match target {
        Target::Model(p) => (read_model_text(p)?, p.display().to_string()),
        Target::Options(..) => (String::new(), String::new()),
    };
    let against = match target {
        Target::Model(_) => Against::Model {
            text: &other_text,
            origin: &other_origin,
        },
        Target::Options(options, sets) => Against::Options { options, sets },
    };
    let input = CompareInput {
        base_text: &base_text,
        base_origin: &base_origin,
        scenario: scenario.as_ref(),
        against,
    };
    let obs = CliObserver::new(quiet, None);
    let r = crate::decide::compare(&input, &settings, &PlanCache::default(), &obs);
    obs.finish();
    Ok(r?)
}

pub(crate) fn run(a: &CompareArgs, out: &mut dyn Write) -> Result<(), Error> {
    let quiet = a.quiet || a.json;
    let r = match (&a.other, &a.run.options) {
        (Some(p), _) => run_comparison(&a.base, Target::Model(p), &a.run, quiet)?,
        (None, Some(p)) => {
            let (opts, sets) = read_options(p, &a.run.option)?;
            run_comparison(&a.base, Target::Options(&opts, &sets), &a.run, quiet)?
        }
        (None, None) => {
            return Err(Error::Usage(
                "give another model file or --options FILE to compare the base with".into(),
            ));
        }
    };
    if a.json {
        writeln!(out, "{}", compare_json(&r, a.rank_by))?;
    } else {
        write_table(&r, a.rank_by, out)?;
    }
    Ok(())
}

/// The JSON of a comparison: the results as they are, plus the ranking.
pub(crate) fn compare_json(r: &CompareResults, rank: Rank) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        let ranking: Vec<&str> = r
            .ranking(rank.by())
            .into_iter()
            .map(|i| r.comparisons[i].name.as_str())
            .collect();
        o.insert("rank_by".into(), json!(rank.name()));
        o.insert("ranking".into(), json!(ranking));
    }
    v
}

fn pm(e: &crate::stats::Estimate) -> String {
    format!("{:+.2e} ± {:.1e}", e.mean, e.ci95[1] - e.mean)
}

fn write_table(r: &CompareResults, rank: Rank, out: &mut dyn Write) -> std::io::Result<()> {
    let cur = r.currency.as_str();
    let m = |x: f64| money(x, cur);
    let mpm = |e: &crate::stats::Estimate| {
        format!(
            "{} ± {}",
            money(e.mean, cur),
            money(e.ci95[1] - e.mean, cur)
        )
    };
    writeln!(
        out,
        "{} — compared with common random numbers: {} trials per side, seed {}, horizon {} h, model {}",
        r.model, r.trials, r.seed, r.horizon_hours, r.model_hash
    )?;
    writeln!(
        out,
        "money per year in {cur}; one-off costs spread over {} years; differences are other − base, ± the paired 95 % half-width",
        r.years
    )?;
    let b = &r.base;
    writeln!(
        out,
        "base: availability {:.7} ± {:.1e}; downtime loss {} (p90 {}, p99 {}); total cost {}",
        b.availability.mean,
        b.availability.ci95[1] - b.availability.mean,
        m(b.downtime_loss.mean),
        m(b.downtime_loss.p90),
        m(b.downtime_loss.p99),
        m(b.total_cost)
    )?;
    let served = r
        .comparisons
        .iter()
        .any(|c| c.paired.difference.served.is_some());
    writeln!(
        out,
        "\nranked by {}:",
        match rank {
            Rank::TotalCost => "Δ total cost (lowest first)",
            Rank::Roi => "ROI (highest first)",
        }
    )?;
    let width = r
        .comparisons
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    write!(
        out,
        "{:>3}  {:<width$}  {:>20}",
        "#", "side", "Δavailability"
    )?;
    if served {
        write!(out, "  {:>20}", "Δserved")?;
    }
    writeln!(
        out,
        "  {:>30}  {:>30}  {:>8}  {:>8}  {:>10}",
        "Δexpected loss", "Δtotal cost", "p_better", "ROI", "payback"
    )?;
    for (k, i) in r.ranking(rank.by()).into_iter().enumerate() {
        let c = &r.comparisons[i];
        let d = &c.paired.difference;
        write!(
            out,
            "{:>3}  {:<width$}  {:>20}",
            k + 1,
            c.name,
            pm(&d.availability)
        )?;
        if served {
            write!(
                out,
                "  {:>20}",
                d.served.as_ref().map(pm).unwrap_or_else(|| "-".into())
            )?;
        }
        writeln!(
            out,
            "  {:>30}  {:>30}  {:>8.3}  {:>8}  {:>10}",
            mpm(&d.downtime_loss),
            mpm(&d.total_cost),
            c.paired.p_better,
            c.paired
                .roi
                .map(|x| format!("{x:.2}"))
                .unwrap_or_else(|| "-".into()),
            match c.paired.payback_years {
                Some(0.0) => "no one-off".to_string(),
                Some(y) => format!("{y:.2} y"),
                None => "never".to_string(),
            }
        )?;
    }
    writeln!(out, "\neach side per year (loss with its bad years):")?;
    writeln!(
        out,
        "     {:<width$}  {:>16}  {:>16}  {:>16}  {:>16}  {:>16}  delivers",
        "side", "loss mean", "loss p90", "loss p99", "yearly cost", "one-off cost"
    )?;
    let rows = std::iter::once((b, None)).chain(r.comparisons.iter().map(|c| (&c.other, Some(c))));
    for (s, c) in rows {
        let delivers = if s.deliveries.is_empty() {
            "always".to_string()
        } else {
            s.deliveries
                .iter()
                .map(|d| format!("{} {:.0}%", d.name, 100.0 * d.probability))
                .collect::<Vec<_>>()
                .join(" ")
        };
        writeln!(
            out,
            "     {:<width$}  {:>16}  {:>16}  {:>16}  {:>16}  {:>16}  {}",
            s.name,
            m(s.downtime_loss.mean),
            m(s.downtime_loss.p90),
            m(s.downtime_loss.p99),
            c.map_or_else(|| "-".into(), |c| m(c.paired.yearly_cost)),
            c.map_or_else(|| "-".into(), |c| m(c.paired.one_off_cost)),
            delivers
        )?;
    }
    writeln!(
        out,
        "\np_better: share of years the side's total cost is below the base's. ROI = (loss avoided − yearly cost) / yearly cost; \
         yearly cost = options' yearly costs + Δ infrastructure; payback = one-off cost / (loss avoided − yearly cost)."
    )?;
    if !r.revenue_without_scenario.is_empty() {
        writeln!(
            out,
            "note: {} priced by revenue per lost request lose nothing without a load scenario: give --scenario FILE",
            r.revenue_without_scenario.join(", ")
        )?;
    }
    writeln!(
        out,
        "{:.2} s for {} sides",
        r.wall_seconds,
        r.comparisons.len() + 1
    )?;
    Ok(())
}
