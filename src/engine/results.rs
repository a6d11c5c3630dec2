//! The results of a run: plain data read by the JSON and CSV writers, charts and the GUI.

use super::batch::{Acc, ScopeAcc};
use super::money::{CostResults, MONEY_YEAR_HOURS, MoneyPlan, MoneyStats};
use super::{Plan, RunConfig};
use crate::stats::{Estimate, IntervalMethod, QuantileSketch, downtime_interval};
use serde::Serialize;

/// Results for one scope: the whole model or one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeResult {
    /// Mean fraction of the horizon available, with its standard error and an honest 95 %
    /// interval (see [`ScopeResult::interval`]).
    pub availability: Estimate,
    /// Hours unavailable per trial (same interval, in hours).
    pub downtime_hours: Estimate,
    /// Trials with any downtime.
    pub trials_with_downtime: u64,
    /// How the 95 % intervals were formed: normal, small-count (few trials with downtime)
    /// or a one-sided bound (no trial with downtime).
    pub interval: IntervalMethod,
    /// Median, 90th and 99th percentile of hours unavailable per trial (1 % relative
    /// accuracy, and within the observed range).
    pub downtime_p50_hours: f64,
    /// 90th percentile of hours unavailable per trial.
    pub downtime_p90_hours: f64,
    /// 99th percentile of hours unavailable per trial.
    pub downtime_p99_hours: f64,
    /// Outages (available → unavailable transitions) per trial.
    pub outages: Estimate,
    /// The distribution of hours unavailable per trial (for histograms and CDFs).
    #[serde(skip)]
    pub downtime_sketch: QuantileSketch,
    /// With a load scenario: requests served and lost, overload, peak against normal days.
    pub requests: Option<RequestStats>,
    /// A service's downtime loss per year, when it has a `downtime_cost` (or a `revenue` and
    /// the run a load scenario); None otherwise and for the model (see [`RunResults::cost`]).
    pub downtime_loss: Option<MoneyStats>,
    /// With a weighted method (failure biasing): Kish's effective sample size of the
    /// per-trial weighted downtime, (Σy)²/Σy²; `None` for plain Monte Carlo.
    pub effective_trials: Option<f64>,
}

/// Request-weighted results of one scope (with a load scenario).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestStats {
    /// Share of offered requests served: 1 − lost / expected offered, per trial.
    pub served_fraction: Estimate,
    /// Requests lost per trial (down, or beyond healthy capacity).
    pub lost: Estimate,
    /// Hours per trial available but unable to serve every request.
    pub overload_hours: Estimate,
    /// Share of trials with any overload.
    pub overload_probability: Estimate,
    /// Time-based availability during peak events (None without peaks).
    pub peak_availability: Option<Estimate>,
    /// Time-based availability outside peak events.
    pub normal_availability: Option<Estimate>,
}

impl ScopeResult {
    /// Whether the estimate rests on few trials with downtime (fewer than
    /// [`crate::stats::FEW_TRIALS_WITH_DOWNTIME`]), so its interval is not the normal one,
    /// or (weighted methods) on an effective sample that small.
    pub fn rests_on_few_trials(&self) -> bool {
        self.interval != IntervalMethod::Normal
            || self
                .effective_trials
                .is_some_and(super::rare_loop::few_effective)
    }

    fn from_acc(a: &ScopeAcc, horizon: f64, load: bool) -> ScopeResult {
        let (d, interval) = downtime_interval(&a.downtime, a.trials_with_downtime, horizon);
        ScopeResult {
            availability: d.affine(1.0, -1.0 / horizon),
            downtime_hours: d,
            trials_with_downtime: a.trials_with_downtime,
            interval,
            downtime_p50_hours: a.sketch.quantile(0.5),
            downtime_p90_hours: a.sketch.quantile(0.9),
            downtime_p99_hours: a.sketch.quantile(0.99),
            outages: a.outages.summary(),
            downtime_sketch: a.sketch.clone(),
            requests: load.then(|| RequestStats {
                served_fraction: a.served.summary(),
                lost: a.lost.summary(),
                overload_hours: a.overload.summary(),
                overload_probability: a.overloaded.summary(),
                peak_availability: (a.peak.n > 0).then(|| a.peak.summary()),
                normal_availability: (a.normal.n > 0).then(|| a.normal.summary()),
            }),
            downtime_loss: None,
            effective_trials: None,
        }
    }
}

/// How much of the model's downtime each component started.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentResult {
    /// Component name.
    pub name: String,
    /// Mean hours per trial of model outages that began with a failure in this component.
    pub caused_downtime_hours: f64,
    /// That downtime as a share of all model downtime (0 when there was none).
    pub caused_share: f64,
}

/// Everything a run measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResults {
    /// Model name.
    pub model_name: String,
    /// Hash of the model file, when known.
    pub model_hash: Option<String>,
    /// Trials run.
    pub trials: u64,
    /// Seed of the run.
    pub seed: u64,
    /// Horizon of each trial in hours.
    pub horizon_hours: f64,
    /// The whole model.
    pub model: ScopeResult,
    /// Each service, in file order.
    pub services: Vec<(String, ScopeResult)>,
    /// Each component, in file order.
    pub components: Vec<ComponentResult>,
    /// Each zone, region and common cause (`zone:a`, `region:r`, `common_cause:c`), as
    /// causes of model downtime.
    pub domains: Vec<ComponentResult>,
    /// Money per year: infrastructure, downtime loss, SLA credits and their total.
    pub cost: CostResults,
    /// Replica failures and repairs processed in all trials.
    pub events: u64,
    /// Wall-clock seconds of the run.
    pub wall_seconds: f64,
    /// With a precision target: the target and whether it was reached.
    pub target: Option<super::TargetResult>,
    /// The estimation method used (plain or biasing; never auto).
    pub method: super::Method,
    /// Why the method asked for was not used, or what auto chose and why.
    pub method_note: Option<String>,
}

impl RunResults {
    pub(crate) fn from_acc(
        plan: &Plan,
        cfg: &RunConfig,
        horizon: f64,
        acc: &Acc,
        wall_seconds: f64,
    ) -> RunResults {
        let n = acc.trials.max(1) as f64;
        let total_caused: f64 = acc.caused_hours.iter().sum();
        let mut causes: Vec<ComponentResult> = plan
            .cause_names()
            .into_iter()
            .zip(&acc.caused_hours)
            .map(|(name, &h)| ComponentResult {
                name,
                caused_downtime_hours: h / n,
                caused_share: if total_caused > 0.0 {
                    h / total_caused
                } else {
                    0.0
                },
            })
            .collect();
        let domains = causes.split_off(plan.model().components.len());
        let components = causes;
        let load = plan.scenario().is_some();
        let priced = MoneyPlan::new(plan, load).priced;
        let factor = MONEY_YEAR_HOURS / horizon;
        RunResults {
            model_name: plan.model().model.name.clone(),
            model_hash: plan.source_hash().map(str::to_string),
            trials: acc.trials,
            seed: cfg.seed,
            horizon_hours: horizon,
            model: ScopeResult::from_acc(&acc.model, horizon, plan.scenario().is_some()),
            services: plan
                .service_names()
                .into_iter()
                .zip(&acc.services)
                .enumerate()
                .map(|(i, (s, a))| {
                    let mut r = ScopeResult::from_acc(a, horizon, load);
                    if priced[i] {
                        r.downtime_loss = Some(acc.service_loss[i].stats());
                    }
                    (s.to_string(), r)
                })
                .collect(),
            components,
            domains,
            cost: acc.money.results(plan, factor),
            events: acc.events,
            wall_seconds,
            target: None,
            method: super::Method::Plain,
            method_note: None,
        }
    }

    /// Results of the named service.
    pub fn service(&self, name: &str) -> Option<&ScopeResult> {
        self.services
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r)
    }
}
