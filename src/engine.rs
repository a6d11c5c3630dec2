//! The engine API shared by the GUI, the CLI and the tests: [`Plan`], [`RunConfig`],
//! [`Observer`] and [`run`].
//!
//! Trials run in fixed batches of [`BATCH_TRIALS`], the unit of work and of the ordered
//! fold: batch results are merged in batch order, so the same seed gives bit-identical
//! results for any thread count. Random numbers are keyed by what draws (see `streams`):
//! every replica, zone, region, common cause and failover decision has its own stream per
//! trial, seeded from (seed, trial, entity name), so any subset of batches runs alone with
//! exactly the streams it has in a full run, and models that share entities share draws.

mod batch;
mod domains;
mod failover;
mod flat;
mod fold;
mod general_loop;
mod load;
mod money;
mod partial;
mod plan;
mod rare;
mod rare_loop;
mod results;
mod sampler;
mod streams;
mod switchover;
mod target;
mod trial;

pub use batch::BATCH_TRIALS;
pub use money::{CostResults, MONEY_YEAR_HOURS, MoneyStats};
pub use partial::{
    PARTIAL_FORMAT, PARTIAL_VERSION, Partial, PartialError, PartialSource, Shard, merge_partials,
    run_shard, scenario_hash,
};
pub use plan::Plan;
pub use rare::{
    AUTO_MIN_ALL_UP, AUTO_RARE_UNAVAILABILITY, DEGRADED_SHARE, FAILURE_BEFORE_REPAIR, Method,
    TILT_BUDGET,
};
pub use results::{ComponentResult, RequestStats, RunResults, ScopeResult};
pub use target::{DEFAULT_MAX_TRIALS, Target, TargetKind, TargetResult};

use batch::{Acc, BatchJob, Variants, run_batch};
use fold::TreeFold;
use rayon::prelude::*;
use std::time::Instant;

/// Most trials one run may ask for.
pub const MAX_TRIALS: u64 = 1_000_000_000_000;

/// Target wall time of one round of batches between progress reports.
const ROUND_SECONDS: f64 = 0.05;
/// Upper bound of batches per round (bounds the memory of batch results in flight).
const MAX_BATCHES_PER_ROUND_FLOOR: u64 = 128;

/// How to run a simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// Number of trials (each one horizon long), at least 1. With a [`RunConfig::target`],
    /// the most trials to run.
    pub trials: u64,
    /// Seed of the whole run.
    pub seed: u64,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Overrides the model's horizon (hours).
    pub horizon_hours: Option<f64>,
    /// Hand every trial's outcome to [`Observer::on_trials`], in trial order.
    pub record_trials: bool,
    /// Precision on demand: stop after the first whole batch (in batch order) at which the
    /// target is met, or after `trials`. Deterministic for a seed, whatever the threads.
    pub target: Option<Target>,
    /// How to estimate: plain Monte Carlo (the default), failure biasing, or auto (see
    /// [`Method`]); where biasing does not apply the run is plain and says why.
    pub method: Method,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            trials: 10_000,
            seed: 1,
            threads: None,
            horizon_hours: None,
            record_trials: false,
            target: None,
            method: Method::Plain,
        }
    }
}

/// Progress of a run, reported after each group of batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Trials finished so far.
    pub trials_done: u64,
    /// Trials asked for.
    pub trials_total: u64,
    /// Events processed so far.
    pub events: u64,
    /// Seconds since the run started.
    pub elapsed_seconds: f64,
    /// Availability estimate over the trials done so far.
    pub availability: crate::stats::Estimate,
}

/// One trial's outcome, for per-trial output.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialRecord {
    /// Trial index, from 0.
    pub trial: u64,
    /// Replica failures and repairs processed.
    pub events: u64,
    /// Hours the model was unavailable.
    pub down_hours: f64,
    /// Model outages.
    pub outages: u32,
    /// Per service (file order): hours unavailable.
    pub service_down_hours: Vec<f64>,
    /// Per service: outages.
    pub service_outages: Vec<u32>,
    /// With a load scenario: the request counts of the model, then of each service; empty
    /// without one.
    pub requests: Vec<RequestCounts>,
    /// The trial's downtime loss (Σ services), in the model currency, for the trial's horizon.
    pub loss: f64,
    /// The trial's net SLA credits (paid positive, received negative), for its horizon.
    pub sla_credits: f64,
    /// Per service: its downtime loss in the trial.
    pub service_loss: Vec<f64>,
    /// Sparse, by cause index into [`Plan::cause_names`]: hours of model downtime that cause
    /// started in this trial.
    pub caused: Vec<(u32, f64)>,
}

/// Which plan each trial runs: one plan, or a design whose trials draw which options deliver.
/// Results are reported for the services and causes of [`PlanSource::reference`], matched
/// by name.
pub trait PlanSource: Sync {
    /// The plan trial `trial` runs (the same reference for every call with that trial).
    fn plan_for(&self, trial: u64) -> &Plan;
    /// The plan whose names, horizon and money the results use.
    fn reference(&self) -> &Plan;
}

impl PlanSource for Plan {
    fn plan_for(&self, _trial: u64) -> &Plan {
        self
    }
    fn reference(&self) -> &Plan {
        self
    }
}

/// One trial's requests in one scope (with a load scenario).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestCounts {
    /// Share of the expected offered requests served: 1 − lost / expected offered.
    pub served_fraction: f64,
    /// Requests lost (down, or beyond healthy capacity).
    pub lost: f64,
    /// Hours available but unable to serve every request.
    pub overload_hours: f64,
}

/// Watches a run: progress, per-trial rows and cancellation. All methods have no-op defaults.
pub trait Observer: Sync {
    /// Called after each group of batches, from the calling thread.
    fn on_progress(&self, _p: &Progress) {}
    /// Polled often; return true to stop the run (it then returns [`EngineError::Cancelled`]).
    fn should_stop(&self) -> bool {
        false
    }
    /// Per-trial rows, in trial order, when [`RunConfig::record_trials`] is set.
    fn on_trials(&self, _rows: &[TrialRecord]) {}
}

/// An observer that does nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;
impl Observer for NoObserver {}

/// Why a run did not produce results.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The run configuration is out of range.
    #[error("{0}")]
    InvalidConfig(String),
    /// The observer asked to stop.
    #[error("the run was cancelled")]
    Cancelled,
}

impl RunConfig {
    /// Check the configuration against a plan.
    pub fn check(&self) -> Result<(), EngineError> {
        if self.trials == 0 || self.trials > MAX_TRIALS {
            return Err(EngineError::InvalidConfig(format!(
                "trials must be from 1 to {MAX_TRIALS}, found {}",
                self.trials
            )));
        }
        if let Some(t) = self.threads
            && (t == 0 || t > 1024)
        {
            return Err(EngineError::InvalidConfig(format!(
                "threads must be from 1 to 1024, found {t}"
            )));
        }
        if let Some(h) = self.horizon_hours
            && !(h.is_finite() && h > 0.0 && h <= crate::model::MAX_HORIZON_HOURS)
        {
            return Err(EngineError::InvalidConfig(format!(
                "horizon must be a number of hours > 0 and at most {}, found {h}",
                crate::model::MAX_HORIZON_HOURS
            )));
        }
        if let Some(t) = &self.target {
            t.check()?;
        }
        Ok(())
    }
}

/// Run a Monte Carlo simulation of `plan`. Prints nothing and reads no file.
pub fn run(
    plan: &Plan,
    cfg: &RunConfig,
    observer: &dyn Observer,
) -> Result<RunResults, EngineError> {
    in_pool(plan, cfg, || {
        run_in_pool(plan, cfg, observer, &rare::choose(plan, cfg))
    })
}

/// Run a Monte Carlo simulation where each trial runs `src.plan_for(trial)` (all on the
/// same per-entity streams), reported under the reference plan's names. Failure biasing
/// does not apply to such runs (a method other than plain falls back with a note).
pub fn run_source(
    src: &dyn PlanSource,
    cfg: &RunConfig,
    observer: &dyn Observer,
) -> Result<RunResults, EngineError> {
    let chosen = rare::choose_for(src.reference(), cfg, false);
    in_pool(src.reference(), cfg, || {
        run_in_pool(src, cfg, observer, &chosen)
    })
}

fn run_in_pool(
    src: &dyn PlanSource,
    cfg: &RunConfig,
    observer: &dyn Observer,
    chosen: &rare::Chosen,
) -> Result<RunResults, EngineError> {
    let start = Instant::now();
    let plan = src.reference();
    let horizon = cfg.horizon_hours.unwrap_or_else(|| plan.horizon_hours());
    let batches = cfg.trials.div_ceil(BATCH_TRIALS);
    let (fold, reached) = fold_range(src, cfg, 0..batches, observer, chosen)?;
    let total = fold.total(Acc::new(&plan.flat));
    let mut r = RunResults::from_acc(plan, cfg, horizon, &total, 0.0);
    chosen.finish(&mut r, &total);
    r.wall_seconds = start.elapsed().as_secs_f64();
    r.target = cfg.target.map(|t| TargetResult {
        kind: t.kind,
        value: t.value,
        reached,
        trials: total.trials,
    });
    Ok(r)
}

/// Run check, horizon check and thread pool of [`run`], for any batch range.
pub(crate) fn in_pool<T: Send>(
    plan: &Plan,
    cfg: &RunConfig,
    f: impl FnOnce() -> Result<T, EngineError> + Send,
) -> Result<T, EngineError> {
    cfg.check()?;
    if let Some(h) = cfg.horizon_hours {
        let events = crate::model::expected_events(plan.model(), h);
        if events > crate::model::MAX_EVENTS_PER_TRIAL {
            return Err(EngineError::InvalidConfig(format!(
                "with a horizon of {h} hours one trial would process about {events:.2e} failures and repairs; at most {:e} are allowed",
                crate::model::MAX_EVENTS_PER_TRIAL
            )));
        }
    }
    match cfg.threads {
        Some(t) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .thread_name(|i| format!("nines-worker-{i}"))
                .build()
                .map_err(|e| {
                    EngineError::InvalidConfig(format!("cannot start {t} threads: {e}"))
                })?;
            pool.install(f)
        }
        None => f(),
    }
}

/// Run batches `range` of the run `cfg` describes and fold them into the fixed tree (see
/// `fold`); with a target, stop after the first batch at which it is met. Returns the fold
/// and whether the target was reached. With failure biasing (`chosen`), batches run the
/// weighted loop and the target looks at the weighted estimate.
pub(crate) fn fold_range(
    src: &dyn PlanSource,
    cfg: &RunConfig,
    range: std::ops::Range<u64>,
    observer: &dyn Observer,
    chosen: &rare::Chosen,
) -> Result<(TreeFold, bool), EngineError> {
    let bias = chosen.bias.as_ref();
    let start = Instant::now();
    let plan = src.reference();
    let horizon = cfg.horizon_hours.unwrap_or_else(|| plan.horizon_hours());
    let variants = Variants::new(plan, horizon);
    let months = crate::model::money::sla_months(horizon);
    let job = BatchJob {
        src,
        variants: &variants,
        horizon,
        months: &months,
        per_year: MONEY_YEAR_HOURS / horizon,
        seed: cfg.seed,
        trials: cfg.trials,
        record: cfg.record_trials,
        observer,
    };
    let threads = rayon::current_num_threads() as u64;
    // Batches per round: grows until a round takes about ROUND_SECONDS, so that progress
    // and cancellation stay prompt while threads rarely wait for each other. Rounds only
    // decide when progress is reported; the results never depend on them (the stopping
    // rule looks at whole batches in batch order and drops the rest of the round).
    let mut per_round = (threads * 8).max(1);
    let mut fold = TreeFold::default();
    let trials_total = range.end.saturating_mul(BATCH_TRIALS).min(cfg.trials)
        - range.start.saturating_mul(BATCH_TRIALS).min(cfg.trials);
    let mut next = range.start;
    while next < range.end {
        if observer.should_stop() {
            return Err(EngineError::Cancelled);
        }
        let round_start = Instant::now();
        let end = (next + per_round).min(range.end);
        let accs: Vec<Acc> = (next..end)
            .into_par_iter()
            .map(|b| match bias {
                None => run_batch(&job, b),
                Some(bp) => rare_loop::run_batch(&job, bp, b),
            })
            .collect();
        for (b, mut a) in (next..end).zip(accs) {
            if a.cancelled {
                return Err(EngineError::Cancelled);
            }
            if cfg.record_trials {
                observer.on_trials(&a.rows);
            }
            a.rows = Vec::new();
            fold.push_batch(b, a);
            if let Some(t) = &cfg.target {
                let (m, down, _) = fold.model_downtime();
                let enough =
                    bias.is_none() || !rare_loop::few_effective(rare_loop::effective_trials(&m));
                if enough && t.met(&m, down, horizon) {
                    return Ok((fold, true));
                }
            }
        }
        let took = round_start.elapsed().as_secs_f64();
        let done = end - next;
        next = end;
        let ideal = (done as f64 * ROUND_SECONDS / took.max(1e-6)) as u64;
        per_round = ideal
            .clamp(threads, (threads * 64).max(MAX_BATCHES_PER_ROUND_FLOOR))
            .min(per_round * 4);
        let (m, _, trials_done) = fold.model_downtime();
        let events = fold.blocks.iter().map(|b| b.acc.events).sum();
        observer.on_progress(&Progress {
            trials_done,
            trials_total,
            events,
            elapsed_seconds: start.elapsed().as_secs_f64(),
            availability: m.summary().affine(1.0, -1.0 / horizon),
        });
    }
    Ok((fold, false))
}
