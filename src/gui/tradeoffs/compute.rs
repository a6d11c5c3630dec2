//! The Tradeoffs view's work on a worker thread: [`crate::decide::compare`] (the function
//! `nines compare` calls, so the numbers are the CLI's for the same seed and trials) of the
//! base against the toggled set, and against each option alone, with each side's yearly
//! downtime losses kept for the loss histogram.

use crate::decide::compare::{Against, CompareInput, CompareResults, CompareSettings};
use crate::decide::portfolio::PlanCache;
use crate::decide::{Options, compare};
use crate::engine::{self, EngineError, Observer, TrialRecord};
use crate::gui::task::Stop;
use crate::scenario::Scenario;
use std::sync::Mutex;

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
    /// Trials, seed, threads and the years one-off costs are spread over.
    pub settings: CompareSettings,
}

/// One call's results, with each side's downtime loss per year of every trial (the base's
/// first, then each set's, as in `results.comparisons`).
#[derive(Debug, Clone)]
pub struct Compared {
    /// What [`compare`] returned.
    pub results: CompareResults,
    /// Per side, one yearly loss per trial.
    pub losses: Vec<Vec<f64>>,
}

/// Keeps every side's yearly losses and passes progress and cancellation on.
struct Losses<'a> {
    outer: &'a dyn Observer,
    horizon_hours: f64,
    rows: Mutex<Vec<f64>>,
}

impl Observer for Losses<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        self.outer.on_progress(p);
    }
    fn should_stop(&self) -> bool {
        self.outer.should_stop()
    }
    fn on_trials(&self, rows: &[TrialRecord]) {
        let per_year = engine::MONEY_YEAR_HOURS / self.horizon_hours;
        if let Ok(mut l) = self.rows.lock() {
            l.extend(rows.iter().map(|r| r.loss * per_year));
        }
    }
}

/// Compare the base with each set of `sets` (option indices).
pub fn run(
    inputs: &Inputs,
    sets: &[Vec<usize>],
    cache: &PlanCache,
    observer: &dyn Observer,
) -> Result<Compared, Stop> {
    let horizon_hours = crate::load::plan_from_str(&inputs.model_text, &inputs.model_origin)
        .map_err(|e| Stop::Failed(e.to_string()))?
        .horizon_hours();
    let obs = Losses {
        outer: observer,
        horizon_hours,
        rows: Mutex::new(Vec::new()),
    };
    let input = CompareInput {
        base_text: &inputs.model_text,
        base_origin: &inputs.model_origin,
        scenario: inputs.scenario.as_ref(),
        against: Against::Options {
            options: &inputs.options,
            sets,
        },
    };
    let results = compare(&input, &inputs.settings, cache, &obs).map_err(|e| match e {
        crate::decide::CompareError::Engine(EngineError::Cancelled) => Stop::Cancelled,
        e => Stop::Failed(e.to_string()),
    })?;
    let all = obs.rows.into_inner().unwrap_or_default();
    let n = results.trials.max(1) as usize;
    let losses = all.chunks(n).map(<[f64]>::to_vec).collect();
    Ok(Compared { results, losses })
}
