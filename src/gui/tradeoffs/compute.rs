//! The Tradeoffs view's work on a worker thread: the base design, the toggled set and each
//! option alone, all run on the same trials and seed (common random numbers), paired trial
//! by trial against the base.

use crate::decide::Options;
use crate::decide::challenges::ChallengeTally;
use crate::decide::paired::{FixedCosts, Paired, TrialMetrics, paired};
use crate::decide::portfolio::{Design, PlanCache};
use crate::engine::{self, EngineError, Observer, RunConfig, RunResults, TrialRecord, run_source};
use crate::gui::task::Stop;
use crate::scenario::Scenario;
use crate::survey::ChallengeDowntime;
use std::sync::Mutex;

/// Years over which one-off costs are spread in total costs (ROI and payback do not spread
/// them).
pub const ONE_OFF_YEARS: f64 = 3.0;

/// What the comparisons are run on.
#[derive(Clone)]
pub struct Inputs {
    /// The model's text.
    pub model_text: String,
    /// Its name in messages.
    pub model_origin: String,
    /// The load scenario, when runs use one.
    pub scenario: Option<Scenario>,
    /// The options file.
    pub options: Options,
    /// Trials, seed, threads, horizon.
    pub config: RunConfig,
}

/// One design's run: its results, per-trial figures and fixed costs.
#[derive(Debug, Clone)]
pub struct Side {
    /// The engine's results (costs with p90/p99).
    pub results: RunResults,
    /// Downtime loss per year of each trial (the loss distribution).
    pub yearly_losses: Vec<f64>,
    /// Fixed yearly costs.
    pub fixed: FixedCosts,
}

/// A design compared with the base.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Its label (option names joined).
    pub name: String,
    /// The options it holds.
    pub chosen: Vec<usize>,
    /// Paired differences against the base.
    pub paired: Paired,
    /// Its own run.
    pub side: Side,
}

/// The base design's run, and downtime by challenge label.
#[derive(Debug, Clone)]
pub struct Base {
    /// The run.
    pub side: Side,
    /// Downtime per year by challenge label.
    pub challenges: Vec<ChallengeDowntime>,
    metrics: Vec<TrialMetrics>,
}

/// Collects one run's per-trial metrics (and challenge tally) and passes on progress.
struct Collect<'a> {
    horizon: f64,
    rows: Mutex<(Vec<TrialMetrics>, Option<ChallengeTally>)>,
    outer: &'a dyn Observer,
    /// Trials of earlier runs of this task (progress is over the whole task).
    offset: u64,
    total: u64,
}

impl Observer for Collect<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        let mut q = *p;
        q.trials_done += self.offset;
        q.trials_total = self.total;
        self.outer.on_progress(&q);
    }
    fn should_stop(&self) -> bool {
        self.outer.should_stop()
    }
    fn on_trials(&self, rows: &[TrialRecord]) {
        if let Ok(mut r) = self.rows.lock() {
            for t in rows {
                r.0.push(TrialMetrics::from_record(t, self.horizon));
                if let Some(c) = &mut r.1 {
                    c.push(t);
                }
            }
        }
    }
}

/// Progress over several runs: `done` of `total` trials in all.
pub struct Runner<'a> {
    inputs: &'a Inputs,
    cache: PlanCache,
    observer: &'a dyn Observer,
    /// Trials of the runs done so far.
    pub done: u64,
    /// Trials of every run this task will make.
    pub total: u64,
}

impl<'a> Runner<'a> {
    /// A runner for `runs` design runs of `inputs`.
    pub fn new(inputs: &'a Inputs, runs: u64, observer: &'a dyn Observer) -> Runner<'a> {
        Runner {
            inputs,
            cache: PlanCache::default(),
            observer,
            done: 0,
            total: runs * inputs.config.trials,
        }
    }

    fn design(&self, chosen: &[usize]) -> Result<Design, String> {
        let i = self.inputs;
        Design::build(
            &i.model_text,
            &i.model_origin,
            i.scenario.as_ref(),
            &i.options,
            chosen,
            i.config.seed,
            &self.cache,
        )
    }

    fn run(
        &mut self,
        d: &Design,
        tally: bool,
    ) -> Result<(Side, Vec<TrialMetrics>, Option<ChallengeTally>), Stop> {
        let cfg = RunConfig {
            record_trials: true,
            ..self.inputs.config.clone()
        };
        let horizon = cfg
            .horizon_hours
            .unwrap_or_else(|| d.reference().horizon_hours());
        let obs = Collect {
            horizon,
            rows: Mutex::new((
                Vec::with_capacity(cfg.trials as usize),
                tally.then(|| ChallengeTally::new(d.reference(), horizon)),
            )),
            outer: self.observer,
            offset: self.done,
            total: self.total,
        };
        let results = run_source(d, &cfg, &obs).map_err(|e| match e {
            EngineError::Cancelled => Stop::Cancelled,
            e => Stop::Failed(e.to_string()),
        })?;
        self.done += cfg.trials;
        let (metrics, tally) = obs.rows.into_inner().unwrap_or_default();
        let side = Side {
            yearly_losses: metrics.iter().map(|m| m.loss).collect(),
            fixed: FixedCosts {
                infrastructure_year: d.infrastructure_year,
                options_yearly: d.options_yearly_cost,
                options_one_off: d.options_one_off_cost,
            },
            results,
        };
        Ok((side, metrics, tally))
    }

    /// Run the base design (with the challenge tally).
    pub fn base(&mut self) -> Result<Base, Stop> {
        let d = self.design(&[]).map_err(Stop::Failed)?;
        let (side, metrics, tally) = self.run(&d, true)?;
        Ok(Base {
            side,
            challenges: tally.map(|t| t.result()).unwrap_or_default(),
            metrics,
        })
    }

    /// Run the design with options `chosen` and pair it with `base`; `Stop::Failed` says why
    /// the design could not be built or run.
    pub fn compare(&mut self, base: &Base, chosen: &[usize]) -> Result<Comparison, Stop> {
        let d = self.design(chosen).map_err(Stop::Failed)?;
        let (side, metrics, _) = self.run(&d, false)?;
        Ok(Comparison {
            name: d.name.clone(),
            chosen: chosen.to_vec(),
            paired: paired(
                &base.metrics,
                &metrics,
                base.side.fixed,
                side.fixed,
                ONE_OFF_YEARS,
            ),
            side,
        })
    }

    /// Count a design that was not run (it failed to build) as done.
    pub fn skip(&mut self) {
        self.done += self.inputs.config.trials;
    }
}
