//! Running sensitivity: the tornado (each parameter's low and high side simulated with the
//! same seed as the base, so differences are the parameter's and not noise) on availability,
//! served share and expected loss, importance measures beside it, and the bad-year drivers
//! collected from the base run's trials.

use super::runs::Overall;
use super::sensitivity::{
    Driver, Swing, TrialCauses, bad_year_drivers, default_swings, parse_swing,
};
use crate::engine::{MONEY_YEAR_HOURS, MoneyStats, Observer, Plan, RunConfig, RunResults};
use crate::model::Model;
use crate::scenario::Scenario;
use serde::Serialize;

/// The figures a tornado compares.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Mean availability of the model.
    pub availability: f64,
    /// Standard error of that mean.
    pub availability_std_error: f64,
    /// Mean share of requests served (with a load scenario).
    pub served: Option<f64>,
    /// Expected model downtime hours per trial.
    pub downtime_hours: f64,
    /// Downtime loss per year, in the model currency: mean, standard error, interval, p90, p99.
    pub downtime_loss: MoneyStats,
}

impl Figures {
    /// The figures of one run.
    pub fn of(r: &RunResults) -> Figures {
        Figures {
            availability: r.model.availability.mean,
            availability_std_error: r.model.availability.std_error,
            served: r.model.requests.as_ref().map(|q| q.served_fraction.mean),
            downtime_hours: r.model.downtime_hours.mean,
            downtime_loss: r.cost.downtime_loss,
        }
    }
}

/// One parameter's bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// The parameter's path.
    pub label: String,
    /// Its value in the model, as text.
    pub base: String,
    /// Value on the low side, as text.
    pub low_value: String,
    /// Value on the high side, as text.
    pub high_value: String,
    /// Figures with the low side (None when that side cannot be made: nothing to move).
    pub low: Option<Figures>,
    /// Figures with the high side.
    pub high: Option<Figures>,
    /// Width of the bar on availability: the largest minus the smallest over base, low, high.
    pub availability_width: f64,
    /// Width on the served share (with a load scenario).
    pub served_width: Option<f64>,
    /// Width on the mean downtime loss per year (0 when nothing has a price).
    pub loss_width: f64,
}

/// Importance of one cause (component, zone, region or common cause).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Importance {
    /// The cause, as in the cause names.
    pub name: String,
    /// Birnbaum importance (exact, steady state), when exact analysis covers the model.
    pub birnbaum: Option<f64>,
    /// Criticality importance (exact, steady state).
    pub criticality: Option<f64>,
    /// Share of simulated model downtime this cause started.
    pub downtime_share: f64,
}

/// What made the bad years bad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadYears {
    /// How trials are ranked: `downtime_loss` when any service has a price, else
    /// `downtime_hours`.
    pub ranked_by: &'static str,
    /// Trials in the worst 10 % and in the worst 1 % (at least one each).
    pub worst_10_trials: usize,
    /// Trials in the worst 1 %.
    pub worst_1_trials: usize,
    /// Causes, largest worst-1 % share first (by loss when priced, else downtime).
    pub drivers: Vec<Driver>,
}

/// Everything `nines sensitivity` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// ISO 4217 code of every money figure.
    pub currency: String,
    /// Whether any service has a price (else every loss is 0).
    pub priced: bool,
    /// Figures of the model as it is.
    pub base: Figures,
    /// Bars, widest on availability first.
    pub bars: Vec<Bar>,
    /// Importance of every cause, largest downtime share first.
    pub importance: Vec<Importance>,
    /// Why there are no exact importance measures, when there are none.
    pub importance_note: Option<String>,
    /// What drove the worst trials.
    pub bad_years: BadYears,
    /// Trials of each run.
    pub trials: u64,
    /// Seed of every run.
    pub seed: u64,
    /// Runs made (the base and every side).
    pub runs: usize,
}

/// Why sensitivity could not run.
#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    /// A parameter is not one that can be moved, or a side of it made an invalid model.
    #[error("{0}")]
    Edit(String),
    /// The engine refused or was cancelled.
    #[error(transparent)]
    Engine(#[from] crate::engine::EngineError),
}

/// The swings of `params` (each `PATH` or `PATH=LOW..HIGH`), or every default swing of the
/// model when `params` is empty. A bare path that is a default parameter (a mean, a replica
/// count) moves as the default does (replicas ± 1); any other bare path is scaled by ± range.
pub fn swings_for(m: &Model, params: &[String], range: f64) -> Result<Vec<Swing>, String> {
    let defaults = default_swings(m, range);
    if params.is_empty() {
        return Ok(defaults);
    }
    params
        .iter()
        .map(|p| match defaults.iter().find(|d| d.label == *p) {
            Some(d) => Ok(d.clone()),
            None => parse_swing(p, range),
        })
        .collect()
}

/// One trial as collected: model downtime hours, loss, and the downtime each cause started.
type Row = (f64, f64, Vec<(u32, f64)>);

fn row(r: &crate::engine::TrialRecord) -> Row {
    (r.down_hours, r.loss, r.caused.clone())
}

/// Name of the extra cause that holds loss without any outage (requests lost to overload).
pub const NO_OUTAGE: &str = "overload without an outage";

/// A trial for the bad-year table: badness is its loss per year when `priced` (else its
/// downtime hours); each cause's loss is the trial's loss shared in proportion to the
/// downtime the cause started, and loss in a trial without downtime goes to cause
/// `no_outage` (requests lost to overload).
fn trial_causes(r: &Row, priced: bool, per_year: f64, no_outage: u32) -> TrialCauses {
    let (down, loss, caused) = r;
    let loss = loss * per_year;
    let hours: f64 = caused.iter().map(|x| x.1).sum();
    let mut by_cause: Vec<(u32, f64, f64)> = caused
        .iter()
        .map(|&(c, h)| (c, h, if hours > 0.0 { loss * h / hours } else { 0.0 }))
        .collect();
    if hours <= 0.0 && loss > 0.0 {
        by_cause.push((no_outage, 0.0, loss));
    }
    TrialCauses {
        badness: if priced { loss } else { *down },
        by_cause,
    }
}

/// Run the tornado of `swings` on the model `text` (with `scenario`), every run with `cfg`'s
/// seed and trials (common random numbers). Every side is built and checked before
/// anything runs. `observer` sees progress over every run (trials of all runs) and can
/// cancel ([`crate::engine::EngineError::Cancelled`]).
pub fn sensitivity(
    text: &str,
    origin: &str,
    scenario: Option<&Scenario>,
    swings: &[Swing],
    cfg: &RunConfig,
    observer: &dyn Observer,
) -> Result<Sensitivity, SensitivityError> {
    let with = |p: Plan| match scenario {
        Some(sc) => p.with_scenario(sc.clone()),
        None => p,
    };
    let base_plan = with(
        crate::load::plan_from_str(text, origin)
            .map_err(|e| SensitivityError::Edit(e.to_string()))?,
    );
    let mut sides: Vec<[Option<Plan>; 2]> = Vec::with_capacity(swings.len());
    for s in swings {
        let mut pair = [None, None];
        for (slot, edits) in pair.iter_mut().zip([&s.low.0, &s.high.0]) {
            if !edits.is_empty() {
                let (_, p) = crate::edit::apply_model(text, origin, edits)
                    .map_err(|e| SensitivityError::Edit(format!("{}: {e}", s.label)))?;
                *slot = Some(with(p));
            }
        }
        sides.push(pair);
    }
    let runs = 1 + sides.iter().flatten().flatten().count();
    let overall: Overall<'_, Row> = Overall::new(observer, cfg.trials * runs as u64, Some(row));
    let base_cfg = RunConfig {
        record_trials: true,
        ..cfg.clone()
    };
    let base_run = crate::engine::run(&base_plan, &base_cfg, &overall)?;
    overall.finish_run(base_run.trials, base_run.events);
    let base = Figures::of(&base_run);
    let plain = RunConfig {
        record_trials: false,
        ..cfg.clone()
    };
    let mut bars = Vec::with_capacity(swings.len());
    for (s, pair) in swings.iter().zip(&sides) {
        let mut figs = [None, None];
        for (f, p) in figs.iter_mut().zip(pair) {
            if let Some(p) = p {
                let r = crate::engine::run(p, &plain, &overall)?;
                overall.finish_run(r.trials, r.events);
                *f = Some(Figures::of(&r));
            }
        }
        let width = |v: &dyn Fn(&Figures) -> Option<f64>| -> Option<f64> {
            let xs: Vec<f64> = std::iter::once(&base)
                .chain(figs.iter().flatten())
                .map(v)
                .collect::<Option<Vec<f64>>>()?;
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some(hi - lo)
        };
        bars.push(Bar {
            label: s.label.clone(),
            base: s.base.clone(),
            low_value: s.low.1.clone(),
            high_value: s.high.1.clone(),
            low: figs[0],
            high: figs[1],
            availability_width: width(&|f| Some(f.availability)).unwrap_or(0.0),
            served_width: width(&|f| f.served),
            loss_width: width(&|f| Some(f.downtime_loss.mean)).unwrap_or(0.0),
        });
    }
    bars.sort_by(|a, b| {
        b.availability_width
            .total_cmp(&a.availability_width)
            .then(b.loss_width.total_cmp(&a.loss_width))
            .then(a.label.cmp(&b.label))
    });
    let (importance, importance_note) = importance(&base_plan, &base_run);
    let priced = base_plan
        .model()
        .services
        .iter()
        .any(|s| s.downtime_cost.is_some() || (scenario.is_some() && s.revenue.is_some()));
    let mut names = base_plan.cause_names();
    let no_outage = names.len() as u32;
    names.push(NO_OUTAGE.to_string());
    let per_year = MONEY_YEAR_HOURS / base_run.horizon_hours;
    let trials: Vec<TrialCauses> = overall
        .take_rows()
        .iter()
        .map(|r| trial_causes(r, priced, per_year, no_outage))
        .collect();
    let take = |q: f64| ((trials.len() as f64 * q).ceil() as usize).clamp(1, trials.len().max(1));
    let bad_years = BadYears {
        ranked_by: if priced {
            "downtime_loss"
        } else {
            "downtime_hours"
        },
        worst_10_trials: take(0.10),
        worst_1_trials: take(0.01),
        drivers: bad_year_drivers(&trials, &names),
    };
    Ok(Sensitivity {
        currency: base_run.cost.currency.clone(),
        priced,
        base,
        bars,
        importance,
        importance_note,
        bad_years,
        trials: cfg.trials,
        seed: cfg.seed,
        runs,
    })
}

/// Exact Birnbaum and criticality importance (when the analysis covers the model) beside the
/// simulated downtime share of every cause.
pub fn importance(plan: &Plan, run: &RunResults) -> (Vec<Importance>, Option<String>) {
    let (exact, note) = match crate::analysis::analyze(plan) {
        Ok(a) => (Some(a), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let mut out: Vec<Importance> = run
        .components
        .iter()
        .chain(&run.domains)
        .map(|c| {
            let ex = exact.as_ref().and_then(|a| {
                a.components
                    .iter()
                    .chain(&a.domains)
                    .find(|x| x.name == c.name)
            });
            Importance {
                name: c.name.clone(),
                birnbaum: ex.map(|x| x.birnbaum),
                criticality: ex.map(|x| x.criticality),
                downtime_share: c.caused_share,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.downtime_share
            .total_cmp(&a.downtime_share)
            .then(
                b.criticality
                    .unwrap_or(0.0)
                    .total_cmp(&a.criticality.unwrap_or(0.0)),
            )
            .then(a.name.cmp(&b.name))
    });
    (out, note)
}

/// The output a tornado is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    /// Mean availability of the model.
    #[default]
    Availability,
    /// Mean share of requests served (with a load scenario).
    Served,
    /// Expected downtime loss per year.
    Loss,
}

impl Output {
    /// Its name in views and reports.
    pub fn label(self) -> &'static str {
        match self {
            Output::Availability => "availability",
            Output::Served => "served share",
            Output::Loss => "expected loss",
        }
    }

    /// The figure of one run (None: no served share without a scenario).
    pub fn of(self, f: &Figures) -> Option<f64> {
        match self {
            Output::Availability => Some(f.availability),
            Output::Served => f.served,
            Output::Loss => Some(f.downtime_loss.mean),
        }
    }
}

/// One row of the tornado on an output: change from the base at the low and high side.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// The parameter's edit path.
    pub label: String,
    /// Its value in the model, and on the low and high side, as text.
    pub values: [String; 3],
    /// Output on the low side minus the base (0 when the side cannot be made).
    pub low: f64,
    /// Output on the high side minus the base.
    pub high: f64,
}

/// The tornado rows of `s` on `out`, widest first (ties by label).
pub fn tornado_rows(s: &Sensitivity, out: Output) -> Vec<TornadoRow> {
    let base = out.of(&s.base).unwrap_or(0.0);
    let d = |f: &Option<Figures>| f.as_ref().and_then(|f| out.of(f)).map_or(0.0, |v| v - base);
    let mut rows: Vec<TornadoRow> = s
        .bars
        .iter()
        .map(|b| TornadoRow {
            label: b.label.clone(),
            values: [b.base.clone(), b.low_value.clone(), b.high_value.clone()],
            low: d(&b.low),
            high: d(&b.high),
        })
        .collect();
    let width = |r: &TornadoRow| r.low.max(r.high).max(0.0) - r.low.min(r.high).min(0.0);
    rows.sort_by(|a, b| width(b).total_cmp(&width(a)).then(a.label.cmp(&b.label)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_is_shared_by_downtime_and_overload_has_its_own_line() {
        let t = trial_causes(&(3.0, 600.0, vec![(0, 1.0), (2, 2.0)]), true, 2.0, 9);
        assert_eq!(t.badness, 1200.0);
        assert_eq!(t.by_cause, vec![(0, 1.0, 400.0), (2, 2.0, 800.0)]);
        let t = trial_causes(&(0.0, 50.0, vec![]), false, 1.0, 9);
        assert_eq!(t.badness, 0.0, "downtime is the yardstick without prices");
        assert_eq!(t.by_cause, vec![(9, 0.0, 50.0)]);
    }

    struct Watch {
        stop: bool,
        last: std::sync::Mutex<(u64, u64)>,
    }
    impl Observer for Watch {
        fn on_progress(&self, p: &crate::engine::Progress) {
            if let Ok(mut l) = self.last.lock() {
                *l = (p.trials_done, p.trials_total);
            }
        }
        fn should_stop(&self) -> bool {
            self.stop
        }
    }

    const M: &str = "[model]\nname = \"m\"\n[[component]]\nname = \"a\"\nreplicas = 2\nmin_up = 1\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"fixed\", hours = 1 }\n";

    #[test]
    fn progress_covers_every_run_and_cancel_stops() {
        let plan = crate::load::plan_from_str(M, "m").expect("valid");
        let swings = default_swings(plan.model(), 0.2);
        let cfg = RunConfig {
            trials: 500,
            ..Default::default()
        };
        let w = Watch {
            stop: false,
            last: std::sync::Mutex::new((0, 0)),
        };
        let r = sensitivity(M, "m", None, &swings, &cfg, &w).expect("runs");
        // Base, failure and repair both sides, replicas 1 of 1 and 1 of 3.
        assert_eq!(r.runs, 7);
        assert_eq!(*w.last.lock().expect("lock"), (3500, 3500));
        let stop = Watch {
            stop: true,
            last: std::sync::Mutex::new((0, 0)),
        };
        assert!(matches!(
            sensitivity(M, "m", None, &swings, &cfg, &stop),
            Err(SensitivityError::Engine(
                crate::engine::EngineError::Cancelled
            ))
        ));
    }
}
