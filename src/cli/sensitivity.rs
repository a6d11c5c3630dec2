//! `nines sensitivity`: the tornado (every parameter down and up, same seed) on availability,
//! served share and expected loss, importance measures beside it, and what drove the worst
//! trials.

use super::progress::CliObserver;
use super::values::parse_range;
use crate::decide::tornado::{Figures, Sensitivity, SensitivityError, sensitivity, swings_for};
use crate::engine::RunConfig;
use crate::error::Error;
use crate::io::read_model_text;
use crate::text::money;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// A load scenario (TOML): also the served share.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// How far each mean moves down and up, as a share of itself (0.2 = ± 20 %).
    #[arg(long, default_value_t = 0.2, value_parser = parse_range)]
    pub range: f64,
    /// Parameters to move instead of the defaults: PATH (± the range; replica counts ± 1) or
    /// PATH=LOW..HIGH.
    #[arg(long = "params", value_name = "PATH", num_args = 1..)]
    pub params: Vec<String>,
    /// Trials of each run.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=crate::engine::MAX_TRIALS))]
    pub trials: u64,
    /// Seed of every run (common random numbers across the sides).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

pub(crate) fn run(a: &SensitivityArgs, out: &mut dyn Write) -> Result<(), Error> {
    let origin = a.model.display().to_string();
    let text = read_model_text(&a.model)?;
    let plan = crate::load::plan_from_str(&text, &origin)?;
    let swings = swings_for(plan.model(), &a.params, a.range).map_err(|e| {
        Error::Usage(format!(
            "--params {e}; a parameter is an edit path KIND.NAME.KEY[.SUBKEY] (e.g. component.web.repair.mean_hours), optionally =LOW..HIGH"
        ))
    })?;
    let scenario = a
        .scenario
        .as_deref()
        .map(crate::io::read_scenario)
        .transpose()?;
    let cfg = RunConfig {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        ..Default::default()
    };
    let obs = CliObserver::new(a.quiet, None);
    let r = sensitivity(&text, &origin, scenario.as_ref(), &swings, &cfg, &obs);
    obs.finish();
    let r = r.map_err(|e| match e {
        SensitivityError::Edit(m) => Error::Usage(format!(
            "--params {m}\nallowed: edit paths KIND.NAME.KEY[.SUBKEY] naming a number in this model (KIND: model, component, group, service, zone, region, common_cause), e.g. component.{}.repair.mean_hours",
            plan.model()
                .components
                .first()
                .map_or("NAME", |c| c.name.as_str())
        )),
        SensitivityError::Engine(e) => Error::Engine(e),
    })?;
    if a.json {
        let mut v = serde_json::to_value(&r).map_err(|e| Error::Internal(e.to_string()))?;
        v["model"] = plan.model().model.name.clone().into();
        v["model_file"] = origin.into();
        v["model_hash"] = crate::model::model_hash(text.as_bytes()).into();
        v["nines_version"] = crate::VERSION.into();
        v["range"] = a.range.into();
        v["scenario"] = a.scenario.as_ref().map(|p| p.display().to_string()).into();
        writeln!(out, "{v}")?;
        return Ok(());
    }
    print_text(&r, &plan.model().model.name, out)
}

fn avail(f: &Option<Figures>) -> String {
    match f {
        Some(f) => format!(
            "{:.6}{}",
            f.availability,
            f.served.map(|s| format!(" ({s:.6})")).unwrap_or_default()
        ),
        None => "-".into(),
    }
}

fn loss(f: &Option<Figures>, cur: &str) -> String {
    f.map_or("-".into(), |f| {
        format!(
            "{} (p99 {})",
            money(f.downtime_loss.mean, cur),
            money(f.downtime_loss.p99, "").trim_end()
        )
    })
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn print_text(r: &Sensitivity, name: &str, out: &mut dyn Write) -> Result<(), Error> {
    let cur = &r.currency;
    writeln!(
        out,
        "{name}: sensitivity, {} runs of {} trials, seed {} (the same seed on every side)",
        r.runs, r.trials, r.seed
    )?;
    let l = &r.base.downtime_loss;
    writeln!(
        out,
        "base: availability {:.6} ± {:.1e}{}, downtime {:.3} h per trial, {}",
        r.base.availability,
        r.base.availability_std_error,
        r.base
            .served
            .map(|s| format!(", served {s:.6}"))
            .unwrap_or_default(),
        r.base.downtime_hours,
        if r.priced {
            format!(
                "downtime loss {} a year (p90 {}, p99 {})",
                money(l.mean, cur),
                money(l.p90, cur),
                money(l.p99, cur)
            )
        } else {
            "no service has a price (downtime_cost, or revenue with --scenario): no loss".into()
        }
    )?;
    writeln!(
        out,
        "\nTornado on availability{}, widest first:",
        if r.base.served.is_some() {
            " (served share in brackets)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  {:<44} {:>14} {:>14} {:>22} {:>22} {:>10}",
        "parameter", "low", "high", "availability low", "availability high", "width"
    )?;
    for b in &r.bars {
        writeln!(
            out,
            "  {:<44} {:>14} {:>14} {:>22} {:>22} {:>10.2e}",
            b.label,
            b.low_value,
            b.high_value,
            avail(&b.low),
            avail(&b.high),
            b.availability_width
        )?;
    }
    if r.priced {
        let mut by_loss: Vec<_> = r.bars.iter().collect();
        by_loss.sort_by(|a, b| b.loss_width.total_cmp(&a.loss_width));
        writeln!(
            out,
            "\nTornado on expected downtime loss per year ({cur}), widest first:"
        )?;
        writeln!(
            out,
            "  {:<44} {:>14} {:>14} {:>30} {:>30} {:>16}",
            "parameter", "low", "high", "loss low (p99)", "loss high (p99)", "width"
        )?;
        for b in by_loss {
            writeln!(
                out,
                "  {:<44} {:>14} {:>14} {:>30} {:>30} {:>16}",
                b.label,
                b.low_value,
                b.high_value,
                loss(&b.low, cur),
                loss(&b.high, cur),
                money(b.loss_width, cur)
            )?;
        }
    }
    writeln!(
        out,
        "\nImportance (Birnbaum and criticality exact, steady state; downtime share simulated):"
    )?;
    if let Some(n) = &r.importance_note {
        writeln!(out, "  no exact measures: {n}")?;
    }
    writeln!(
        out,
        "  {:<32} {:>12} {:>12} {:>14}",
        "cause", "Birnbaum", "criticality", "downtime share"
    )?;
    let opt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.6}"));
    for i in &r.importance {
        writeln!(
            out,
            "  {:<32} {:>12} {:>12} {:>14}",
            i.name,
            opt(i.birnbaum),
            opt(i.criticality),
            pct(i.downtime_share)
        )?;
    }
    let b = &r.bad_years;
    writeln!(
        out,
        "\nWhat made the bad years bad (trials ranked by {}; worst 10 % = {} trials, worst 1 % = {}):",
        b.ranked_by.replace('_', " "),
        b.worst_10_trials,
        b.worst_1_trials
    )?;
    if r.priced {
        writeln!(
            out,
            "  {:<32} {:>27}   {:>27}",
            "", "share of downtime", "share of loss"
        )?;
        writeln!(
            out,
            "  {:<32} {:>7} {:>9} {:>9}   {:>7} {:>9} {:>9}   {:>16}",
            "cause", "all", "worst10", "worst1", "all", "worst10", "worst1", "loss worst1"
        )?;
    } else {
        writeln!(out, "  {:<32} {:>27}", "", "share of downtime")?;
        writeln!(
            out,
            "  {:<32} {:>7} {:>9} {:>9}   {:>14}",
            "cause", "all", "worst10", "worst1", "h/trial worst1"
        )?;
    }
    for d in &b.drivers {
        let down = format!(
            "  {:<32} {:>7} {:>9} {:>9}",
            d.name,
            pct(d.downtime_share_all),
            pct(d.downtime_share_worst_10),
            pct(d.downtime_share_worst_1)
        );
        if r.priced {
            writeln!(
                out,
                "{down}   {:>7} {:>9} {:>9}   {:>16}",
                pct(d.loss_share_all),
                pct(d.loss_share_worst_10),
                pct(d.loss_share_worst_1),
                money(d.loss_worst_1, cur)
            )?;
        } else {
            writeln!(out, "{down}   {:>14.2}", d.downtime_hours_worst_1)?;
        }
    }
    if let (Some(mean), Some(tail)) = (
        b.drivers.iter().max_by(|x, y| {
            x.loss_share_all
                .total_cmp(&y.loss_share_all)
                .then(x.downtime_share_all.total_cmp(&y.downtime_share_all))
        }),
        b.drivers.first(),
    ) && mean.name != tail.name
    {
        writeln!(
            out,
            "  the mean is driven by {}, the worst 1 % of years by {}",
            mean.name, tail.name
        )?;
    }
    Ok(())
}
