//! Reports of results: the JSON objects and CSV tables of the command line, written to any
//! `Write` (files are the `io` module's business).

pub mod charts;
pub mod decision_charts;
pub mod html;
pub mod render;

use crate::analysis::{Analysis, Exact};
use crate::engine::{Plan, RunConfig, RunResults, ScopeResult, TrialRecord};
use crate::stats::{
    Estimate, FEW_TRIALS_WITH_DOWNTIME, IntervalMethod, NO_DOWNTIME_CONFIDENCE,
    SKETCH_RELATIVE_ACCURACY, nines,
};
use serde_json::{Map, Value, json};
use std::io::Write;

fn estimate(e: &Estimate) -> Value {
    json!({ "mean": e.mean, "std_error": e.std_error, "ci95": e.ci95 })
}

fn scope_json(s: &ScopeResult) -> Value {
    let mut a = estimate(&s.availability);
    a["nines"] = json!(finite(nines(s.availability.mean)));
    a["interval"] = json!(s.interval.name());
    a["few_trials_with_downtime"] = json!(s.rests_on_few_trials());
    let mut v = json!({
        "availability": a,
        "trials_with_downtime": s.trials_with_downtime,
        "downtime_hours": {
            "mean": s.downtime_hours.mean, "std_error": s.downtime_hours.std_error, "ci95": s.downtime_hours.ci95,
            "p50": s.downtime_p50_hours, "p90": s.downtime_p90_hours, "p99": s.downtime_p99_hours,
        },
        "outages": estimate(&s.outages),
    });
    if let (Some(r), Value::Object(o)) = (&s.requests, &mut v) {
        o.insert("requests".into(), json!({ "served_fraction": estimate(&r.served_fraction), "lost": { "mean": r.lost.mean, "std_error": r.lost.std_error } }));
        o.insert(
            "overload_hours".into(),
            json!({ "mean": r.overload_hours.mean, "std_error": r.overload_hours.std_error }),
        );
        if let Some(p) = &r.peak_availability {
            o.insert("peak_days".into(), json!({ "availability": estimate(p) }));
        }
        if let Some(n) = &r.normal_availability {
            o.insert("normal_days".into(), json!({ "availability": estimate(n) }));
        }
    }
    if let (Some(l), Value::Object(o)) = (&s.downtime_loss, &mut v) {
        o.insert("downtime_loss".into(), money_json(l));
    }
    v
}

fn money_json(m: &crate::engine::MoneyStats) -> Value {
    json!({ "mean": m.mean, "std_error": m.std_error, "ci95": m.ci95, "p90": finite(m.p90), "p99": finite(m.p99) })
}

/// The `cost` object of `simulate --json`: every figure per year, in `currency`.
pub fn cost_json(c: &crate::engine::CostResults) -> Value {
    json!({
        "currency": c.currency,
        "per_year": "figures are per year: per-trial values x per_year_factor",
        "per_year_factor": c.per_year_factor,
        "year_hours": crate::engine::MONEY_YEAR_HOURS,
        "infrastructure_year": c.infrastructure_year,
        "downtime_loss": money_json(&c.downtime_loss),
        "sla_credits": money_json(&c.sla_credits),
        "total": money_json(&c.total),
    })
}

fn finite(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// The `simulate --json` object (keys of the model-format contract, and more).
pub fn simulate_json(r: &RunResults) -> Value {
    let mut o = Map::new();
    o.insert("model".into(), json!(r.model_name));
    o.insert("model_hash".into(), json!(r.model_hash));
    o.insert("nines_version".into(), json!(crate::VERSION));
    o.insert("trials".into(), json!(r.trials));
    o.insert("seed".into(), json!(r.seed));
    o.insert("horizon_hours".into(), json!(r.horizon_hours));
    if let Value::Object(s) = scope_json(&r.model) {
        o.extend(s);
    }
    o.insert(
        "quantile_relative_accuracy".into(),
        json!(SKETCH_RELATIVE_ACCURACY),
    );
    let services: Map<String, Value> = r
        .services
        .iter()
        .map(|(n, s)| (n.clone(), scope_json(s)))
        .collect();
    o.insert("services".into(), Value::Object(services));
    let comps: Map<String, Value> = r
        .components
        .iter()
        .map(|c| (c.name.clone(), json!({ "caused_downtime_hours": { "mean": c.caused_downtime_hours }, "caused_share": c.caused_share })))
        .collect();
    o.insert("components".into(), Value::Object(comps));
    if !r.domains.is_empty() {
        let domains: Map<String, Value> = r
            .domains
            .iter()
            .map(|c| (c.name.clone(), json!({ "caused_downtime_hours": { "mean": c.caused_downtime_hours }, "caused_share": c.caused_share })))
            .collect();
        o.insert("domains".into(), Value::Object(domains));
    }
    o.insert("cost".into(), cost_json(&r.cost));
    o.insert("events".into(), json!(r.events));
    o.insert("wall_seconds".into(), json!(r.wall_seconds));
    if let Some(t) = &r.target {
        o.insert(
            "target".into(),
            json!({ "kind": t.kind.name(), "value": t.value, "reached": t.reached, "trials": t.trials }),
        );
    }
    Value::Object(o)
}

fn exact_json(e: &Exact) -> Value {
    let services: Map<String, Value> = e
        .services
        .iter()
        .map(|(n, a, _)| (n.clone(), json!(a)))
        .collect();
    let outages: Map<String, Value> = e
        .services
        .iter()
        .map(|(n, _, f)| (n.clone(), json!(f)))
        .collect();
    json!({ "availability": e.availability, "nines": finite(nines(e.availability)), "outages": e.outages, "services": services, "service_outages": outages })
}

/// The `analyze --json` object.
pub fn analyze_json(plan: &Plan, a: &Analysis) -> Value {
    let comps: Map<String, Value> = a
        .components
        .iter()
        .map(|c| (c.name.clone(), json!({ "availability": c.availability, "birnbaum": c.birnbaum, "criticality": c.criticality })))
        .collect();
    let mut o = Map::new();
    o.insert("model".into(), json!(plan.model().model.name));
    o.insert("model_hash".into(), json!(plan.source_hash()));
    o.insert("nines_version".into(), json!(crate::VERSION));
    o.insert("horizon_hours".into(), json!(plan.horizon_hours()));
    o.insert("steady_state".into(), exact_json(&a.steady_state));
    if let Some(m) = &a.mission {
        o.insert("mission".into(), exact_json(m));
    }
    if let Some(n) = &a.mission_note {
        o.insert("mission_note".into(), json!(n));
    }
    o.insert("components".into(), Value::Object(comps));
    if !a.domains.is_empty() {
        let domains: Map<String, Value> = a
            .domains
            .iter()
            .map(|c| (c.name.clone(), json!({ "availability": c.availability, "birnbaum": c.birnbaum, "criticality": c.criticality })))
            .collect();
        o.insert("domains".into(), Value::Object(domains));
    }
    o.insert("bdd_nodes".into(), json!(a.bdd_nodes));
    Value::Object(o)
}

/// Columns of the summary CSV (documented in the README).
pub const SUMMARY_COLUMNS: [&str; 41] = [
    "scope",
    "name",
    "availability_mean_fraction",
    "availability_std_error_fraction",
    "availability_ci95_low_fraction",
    "availability_ci95_high_fraction",
    "availability_nines",
    "downtime_mean_hours",
    "downtime_std_error_hours",
    "downtime_p50_hours",
    "downtime_p90_hours",
    "downtime_p99_hours",
    "outages_mean_count",
    "outages_std_error_count",
    "horizon_hours",
    "trials",
    "seed",
    "model",
    "model_hash",
    "nines_version",
    "requests_served_mean_fraction",
    "requests_served_std_error_fraction",
    "requests_lost_mean_count",
    "overload_mean_hours",
    "overload_probability_fraction",
    "peak_days_availability_mean_fraction",
    "normal_days_availability_mean_fraction",
    "trials_with_downtime_count",
    "availability_ci95_method",
    "currency",
    "per_year_factor",
    "downtime_loss_mean_per_year",
    "downtime_loss_std_error_per_year",
    "downtime_loss_p90_per_year",
    "downtime_loss_p99_per_year",
    "sla_credits_mean_per_year",
    "sla_credits_p99_per_year",
    "infrastructure_per_year",
    "total_cost_mean_per_year",
    "total_cost_p90_per_year",
    "total_cost_p99_per_year",
];

fn io_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Write the summary CSV: one row for the model, then one per service.
pub fn write_summary_csv(r: &RunResults, out: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUMMARY_COLUMNS).map_err(io_err)?;
    let rows = std::iter::once(("model", r.model_name.as_str(), &r.model))
        .chain(r.services.iter().map(|(n, s)| ("service", n.as_str(), s)));
    for (scope, name, s) in rows {
        w.write_record(summary_record(r, scope, name, s))
            .map_err(io_err)?;
    }
    w.flush()
}

/// One row of the summary CSV ([`SUMMARY_COLUMNS`]) for a scope (`model` or `service`) of a
/// run; sweeps write the same values under the same names.
pub fn summary_record(r: &RunResults, scope: &str, name: &str, s: &ScopeResult) -> Vec<String> {
    let a = &s.availability;
    let nines_v = nines(a.mean);
    // With a load scenario: request columns; empty otherwise.
    let q = s.requests.as_ref();
    let opt = |f: &dyn Fn(&crate::engine::RequestStats) -> Option<f64>| {
        q.and_then(f).map(|v| v.to_string()).unwrap_or_default()
    };
    let mut row = vec![
        scope.to_string(),
        name.to_string(),
        a.mean.to_string(),
        a.std_error.to_string(),
        a.ci95[0].to_string(),
        a.ci95[1].to_string(),
        if nines_v.is_finite() {
            nines_v.to_string()
        } else {
            "inf".into()
        },
        s.downtime_hours.mean.to_string(),
        s.downtime_hours.std_error.to_string(),
        s.downtime_p50_hours.to_string(),
        s.downtime_p90_hours.to_string(),
        s.downtime_p99_hours.to_string(),
        s.outages.mean.to_string(),
        s.outages.std_error.to_string(),
        r.horizon_hours.to_string(),
        r.trials.to_string(),
        r.seed.to_string(),
        r.model_name.clone(),
        r.model_hash.clone().unwrap_or_default(),
        crate::VERSION.to_string(),
        opt(&|q| Some(q.served_fraction.mean)),
        opt(&|q| Some(q.served_fraction.std_error)),
        opt(&|q| Some(q.lost.mean)),
        opt(&|q| Some(q.overload_hours.mean)),
        opt(&|q| Some(q.overload_probability.mean)),
        opt(&|q| q.peak_availability.map(|e| e.mean)),
        opt(&|q| q.normal_availability.map(|e| e.mean)),
        s.trials_with_downtime.to_string(),
        s.interval.name().to_string(),
    ];
    // Money: the model row has the run's costs; a service row its own loss (empty when it
    // has none) and no credits or totals.
    let c = &r.cost;
    let model = scope == "model";
    let loss = if model {
        Some(&c.downtime_loss)
    } else {
        s.downtime_loss.as_ref()
    };
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let whole = |x: f64| num(model.then_some(x));
    row.extend([
        c.currency.clone(),
        c.per_year_factor.to_string(),
        num(loss.map(|l| l.mean)),
        num(loss.map(|l| l.std_error)),
        num(loss.map(|l| l.p90)),
        num(loss.map(|l| l.p99)),
        whole(c.sla_credits.mean),
        whole(c.sla_credits.p99),
        whole(c.infrastructure_year),
        whole(c.total.mean),
        whole(c.total.p90),
        whole(c.total.p99),
    ]);
    row
}

/// Columns of the per-trial CSV (documented in the README).
pub const TRIAL_COLUMNS: [&str; 18] = [
    "trial",
    "scope",
    "name",
    "availability_fraction",
    "downtime_hours",
    "outages_count",
    "events_count",
    "horizon_hours",
    "seed",
    "trials",
    "model",
    "model_hash",
    "nines_version",
    "requests_served_fraction",
    "requests_lost_count",
    "overload_hours",
    "loss",
    "sla_credits",
];

/// Streams per-trial rows (model row then one per service, for each trial) as CSV.
pub struct TrialCsv<W: Write> {
    w: csv::Writer<W>,
    fixed: [String; 6],
    horizon: f64,
    services: Vec<String>,
    model_name: String,
}

impl<W: Write> TrialCsv<W> {
    /// Start the table (writes the header).
    pub fn new(out: W, plan: &Plan, cfg: &RunConfig) -> std::io::Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(TRIAL_COLUMNS).map_err(io_err)?;
        let horizon = cfg.horizon_hours.unwrap_or_else(|| plan.horizon_hours());
        let model_name = plan.model().model.name.clone();
        let fixed = [
            horizon.to_string(),
            cfg.seed.to_string(),
            cfg.trials.to_string(),
            model_name.clone(),
            plan.source_hash().unwrap_or("").to_string(),
            crate::VERSION.to_string(),
        ];
        Ok(TrialCsv {
            w,
            fixed,
            horizon,
            services: plan.service_names().iter().map(|s| s.to_string()).collect(),
            model_name,
        })
    }

    /// Append the rows of some trials.
    pub fn write(&mut self, rows: &[TrialRecord]) -> std::io::Result<()> {
        let horizon = self.horizon;
        for r in rows {
            let model_money = (r.loss.to_string(), r.sla_credits.to_string());
            let scopes = std::iter::once((
                "model",
                self.model_name.as_str(),
                r.down_hours,
                r.outages,
                model_money,
            ))
            .chain(self.services.iter().enumerate().map(|(i, n)| {
                (
                    "service",
                    n.as_str(),
                    r.service_down_hours[i],
                    r.service_outages[i],
                    (
                        r.service_loss
                            .get(i)
                            .map(f64::to_string)
                            .unwrap_or_default(),
                        String::new(),
                    ),
                )
            }));
            for (k, (scope, name, down, outages, (loss, credits))) in scopes.enumerate() {
                let trial = r.trial.to_string();
                let avail = (1.0 - down / horizon).to_string();
                let (down, outages, events) =
                    (down.to_string(), outages.to_string(), r.events.to_string());
                // Request columns: scope k is the model (0) or service k − 1; empty without a scenario.
                let (served, lost, over) = r
                    .requests
                    .get(k)
                    .map(|q| {
                        (
                            q.served_fraction.to_string(),
                            q.lost.to_string(),
                            q.overload_hours.to_string(),
                        )
                    })
                    .unwrap_or_default();
                let mut rec: Vec<&str> =
                    vec![&trial, scope, name, &avail, &down, &outages, &events];
                rec.extend(self.fixed.iter().map(String::as_str));
                rec.extend([
                    served.as_str(),
                    lost.as_str(),
                    over.as_str(),
                    loss.as_str(),
                    credits.as_str(),
                ]);
                self.w.write_record(&rec).map_err(io_err)?;
            }
        }
        Ok(())
    }

    /// Flush and return the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

pub use crate::text::hours_text;

/// The availability column of the text table: `mean ± half-width` with a normal interval,
/// `mean -below +above` with a small-count one (it is not symmetric), and `≥ low` when no
/// trial saw downtime (a one-sided bound).
pub fn availability_text(s: &ScopeResult) -> String {
    let a = &s.availability;
    match s.interval {
        IntervalMethod::Normal => format!("{:.9} ± {:<9.2e}", a.mean, a.ci95[1] - a.mean),
        IntervalMethod::SmallCount => format!(
            "{:.9} -{:.1e} +{:.1e}",
            a.mean,
            a.mean - a.ci95[0],
            a.ci95[1] - a.mean
        ),
        IntervalMethod::NoDowntimeBound => format!("≥ {:.9} (one-sided)", a.ci95[0]),
    }
}

/// The nines column of the text table: −log10(1 − mean), or `≥` that of the lower bound
/// when no trial saw downtime (the mean alone would say infinitely many).
pub fn nines_text(s: &ScopeResult) -> String {
    match s.interval {
        IntervalMethod::NoDowntimeBound => format!("≥{:.2}", nines(s.availability.ci95[0])),
        _ => format!("{:.2}", nines(s.availability.mean)),
    }
}

/// The trials-with-downtime column: the count, with `*` when the estimate rests on few.
pub fn trials_with_downtime_text(s: &ScopeResult) -> String {
    let flag = if s.rests_on_few_trials() { "*" } else { "" };
    format!("{}{flag}", s.trials_with_downtime)
}

/// Notes under the text table for every scope whose estimate rests on few trials with
/// downtime (none when every interval is the normal one).
pub fn interval_notes(r: &RunResults) -> Vec<String> {
    let scopes = std::iter::once(("model".to_string(), &r.model))
        .chain(r.services.iter().map(|(n, s)| (format!("service {n}"), s)));
    let mut notes = Vec::new();
    for (name, s) in scopes {
        match s.interval {
            IntervalMethod::Normal => {}
            IntervalMethod::NoDowntimeBound => notes.push(format!(
                "{name}: no downtime in {} trials; unavailability below {:.2e} at {:.0} % (one-sided)",
                r.trials,
                1.0 - s.availability.ci95[0],
                100.0 * NO_DOWNTIME_CONFIDENCE
            )),
            IntervalMethod::SmallCount => notes.push(format!(
                "{name}: only {} of {} trials saw downtime (fewer than {FEW_TRIALS_WITH_DOWNTIME}): \
                 the 95 % interval is the wider of the normal one and an exact Poisson interval on \
                 that count; run more trials for a tighter estimate",
                s.trials_with_downtime, r.trials
            )),
        }
    }
    notes
}
