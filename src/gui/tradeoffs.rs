//! The Tradeoffs view's state: the options file and which options are toggled on, the survey,
//! and the paired comparisons (each option alone, and the toggled set, against the base) as a
//! background task calling [`crate::decide::compare`], the function `nines compare` calls: a
//! quick pass with few trials first, then refined with the Run settings' trials. Results are
//! kept per option, so toggling re-runs only the toggled set.

mod compute;
mod figures;
mod job;
pub(crate) mod view;

pub use compute::Compared;
pub use figures::loss_avoided;

use super::App;
use super::command::Status;
use super::task::{Outcome, Progress, Reporter, Spec, Task};
use crate::decide::believed::survey_sets;
use crate::decide::compare::{ChallengeHours, CompareSettings, Comparison, DEFAULT_YEARS, Side};
use crate::decide::portfolio::PlanCache;
use crate::decide::{Options, parse_options};
use crate::survey::Survey;
use compute::Inputs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The options file shipped for the retail reference model (compiled in).
pub const DEFAULT_OPTIONS: &str = include_str!("../../scenarios/options/retail-options.toml");
/// Its title.
pub const BUILTIN_OPTIONS_TITLE: &str = "retail-options.toml (built in)";
/// Trials of the quick pass (at most; fewer when the Run settings ask for fewer).
pub const QUICK_TRIALS: u64 = 1_000;
/// Years over which one-off costs are spread in total costs (as `nines compare`'s default).
pub const ONE_OFF_YEARS: f64 = DEFAULT_YEARS;

/// What the comparisons depend on besides the toggles: the model, the scenario (when runs
/// use it), the options file and the seed.
type Key = ((u64, u64), Option<(u64, u64)>, u64, u64);

/// The base design as the last pass ran it.
#[derive(Debug, Clone)]
pub struct BaseView {
    /// Its figures.
    pub side: Side,
    /// Downtime per year by challenge label.
    pub challenges: Vec<ChallengeHours>,
    /// Downtime loss per year of each trial.
    pub losses: Vec<f64>,
    /// The model's currency.
    pub currency: String,
}

/// The toggled set against the base.
#[derive(Debug, Clone)]
pub struct SetView {
    /// The paired comparison (as `nines compare --option …` reports it).
    pub comparison: Comparison,
    /// The set's downtime loss per year of each trial.
    pub losses: Vec<f64>,
}

/// A result that arrived from the task.
#[derive(Debug, Clone)]
pub enum Arrival {
    /// The base design's run.
    Base(Box<BaseView>),
    /// The toggled set against the base (or why it could not be run).
    Set(Vec<usize>, Box<Result<SetView, String>>),
    /// Options alone against the base (or why they could not be run), by index, followed by
    /// the extra sets the survey comparison needs (see [`crate::decide::believed::survey_sets`]).
    Rows(Vec<usize>, Box<Result<Vec<Comparison>, String>>),
}

/// One piece of results with the trials it was computed with.
#[derive(Debug, Clone)]
pub struct Computed<T> {
    /// Trials per design.
    pub trials: u64,
    /// The result.
    pub value: T,
}

/// The toggled set a result is for, and its comparison (or why it could not be run).
pub type SetResult = (Vec<usize>, Result<SetView, String>);

/// What one task computes.
#[derive(Debug, Clone, PartialEq)]
struct Job {
    key: Key,
    trials: u64,
    /// The toggled set, when it needs computing.
    set: Option<Vec<usize>>,
    /// Options whose rows need computing.
    rows: Vec<usize>,
    /// The other sets the survey comparison needs for them (none with an option that does
    /// not fit the model).
    extra: Vec<Vec<usize>>,
}

/// The Tradeoffs view's data.
pub struct TradeoffsState {
    /// The options file's title (its path, or the built-in name).
    pub options_title: String,
    /// Its path (None: built in).
    pub options_path: Option<PathBuf>,
    /// The options, or every problem of the file (file:line:column).
    pub options: Result<Options, String>,
    /// Per option: why it does not fit the open model (its edits fail or make it invalid).
    pub option_errors: Vec<Option<String>>,
    /// Which options are toggled on (by index).
    pub toggled: Vec<bool>,
    /// The survey the chart compares with (the seed survey unless one was loaded).
    pub survey: Survey,
    /// Why the last survey file could not be read (file:line:column), shown inline.
    pub survey_error: Option<String>,
    /// The base run of the results shown.
    pub base: Option<Computed<BaseView>>,
    /// Each option alone, by index.
    pub rows: Vec<Option<Computed<Result<Comparison, String>>>>,
    /// The other sets the survey comparison values leadership options by ({it + the options it
    /// enables} and {the enabled options}), computed with the rows.
    pub survey_extra: Vec<Computed<Comparison>>,
    /// The toggled set (with the set it was computed for).
    pub set: Option<Computed<SetResult>>,
    /// Stopped by the user: do not start again until something changes or Compute is asked.
    pub paused: bool,
    /// Seconds from the start of the last quick pass of the toggled set to its result.
    pub quick_seconds: Option<f64>,
    options_generation: u64,
    key: Option<Key>,
    cache: Arc<PlanCache>,
    task: Option<(Job, Task<(), Option<Arrival>>)>,
}

impl Default for TradeoffsState {
    fn default() -> Self {
        let options =
            parse_options(DEFAULT_OPTIONS, BUILTIN_OPTIONS_TITLE).map_err(|e| e.to_string());
        let n = options.as_ref().map_or(0, |o| o.options.len());
        TradeoffsState {
            options_title: BUILTIN_OPTIONS_TITLE.into(),
            options_path: None,
            options,
            option_errors: vec![None; n],
            toggled: vec![false; n],
            survey: crate::survey::seed(),
            survey_error: None,
            base: None,
            rows: vec![None; n],
            survey_extra: Vec::new(),
            set: None,
            paused: false,
            quick_seconds: None,
            options_generation: 0,
            key: None,
            cache: Arc::default(),
            task: None,
        }
    }
}

impl TradeoffsState {
    /// Whether comparisons are being computed.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// The task's latest progress ("trials" of all its runs).
    pub fn progress(&self) -> Option<&Progress<Option<Arrival>>> {
        self.task.as_ref().and_then(|t| t.1.progress())
    }

    /// Trials of the running pass, if one runs.
    pub fn running_trials(&self) -> Option<u64> {
        self.task.as_ref().map(|t| t.0.trials)
    }

    /// The toggled options' indices.
    pub fn chosen(&self) -> Vec<usize> {
        (0..self.toggled.len())
            .filter(|&i| self.toggled[i])
            .collect()
    }

    /// The toggled set's result, when it is the set toggled now.
    pub fn current_set(&self) -> Option<&Computed<SetResult>> {
        self.set.as_ref().filter(|s| s.value.0 == self.chosen())
    }

    fn forget_results(&mut self) {
        self.base = None;
        self.set = None;
        self.rows = vec![None; self.toggled.len()];
        self.survey_extra.clear();
        self.quick_seconds = None;
        self.cache = Arc::default();
    }

    fn cancel(&mut self) {
        if let Some((_, t)) = &mut self.task {
            t.cancel();
        }
        self.task = None;
    }
}

impl App {
    fn tradeoffs_key(&self) -> Key {
        let scenario = (self.settings.use_scenario && self.scenario.parsed().is_some())
            .then(|| self.scenario_key());
        (
            self.model_key(),
            scenario,
            self.tradeoffs.options_generation,
            self.settings.seed,
        )
    }

    /// Trials of the quick pass and of the refined one.
    pub fn tradeoffs_trials(&self) -> (u64, u64) {
        let full = self.settings.trials.max(1);
        (
            QUICK_TRIALS
                .min(self.settings.quick_trials)
                .min(full)
                .max(1),
            full,
        )
    }

    /// What should be computed next, if anything.
    fn next_tradeoffs_job(&self) -> Option<Job> {
        let t = &self.tradeoffs;
        let opts = t.options.as_ref().ok()?;
        let key = self.tradeoffs_key();
        let (quick, full) = self.tradeoffs_trials();
        let chosen = t.chosen();
        let set_trials = t.current_set().map(|s| s.trials);
        let set_missing = !chosen.is_empty() && set_trials.is_none();
        // Options that do not fit the model are not run (their problem is shown instead).
        let fits = |i: usize| t.option_errors.get(i).is_none_or(Option::is_none);
        let rows_missing: Vec<usize> = (0..opts.options.len())
            .filter(|&i| fits(i) && t.rows.get(i).is_none_or(Option::is_none))
            .collect();
        let extra = |rows: &[usize]| -> Vec<Vec<usize>> {
            survey_sets(opts, rows)
                .into_iter()
                .filter(|s| !matches!(s.as_slice(), [i] if rows.contains(i)))
                .filter(|s| s.iter().all(|&i| fits(i)))
                .collect()
        };
        if set_missing || !rows_missing.is_empty() {
            return Some(Job {
                key,
                trials: quick,
                set: set_missing.then_some(chosen),
                extra: extra(&rows_missing),
                rows: rows_missing,
            });
        }
        let set_refine = !chosen.is_empty() && set_trials.is_some_and(|n| n < full);
        let rows_refine: Vec<usize> = (0..opts.options.len())
            .filter(|&i| {
                t.rows[i]
                    .as_ref()
                    .is_some_and(|r| r.trials < full && r.value.is_ok())
            })
            .collect();
        (set_refine || !rows_refine.is_empty()).then(|| Job {
            key,
            trials: full,
            set: set_refine.then_some(chosen),
            extra: extra(&rows_refine),
            rows: rows_refine,
        })
    }

    /// Keep the Tradeoffs results current: take what the task sent, forget results of an
    /// older model, scenario, options file or seed, and start the next pass (only while the
    /// view is shown, and not after the user stopped it).
    pub(super) fn tradeoffs_tick(&mut self) {
        self.poll_tradeoffs();
        let key = self.tradeoffs_key();
        if self.tradeoffs.key != Some(key) {
            self.tradeoffs.cancel();
            self.tradeoffs.forget_results();
            self.tradeoffs.key = Some(key);
            self.tradeoffs.paused = false;
            self.check_options();
        }
        let shown = self.settings.tab == super::state::Tab::Tradeoffs;
        if !shown || self.tradeoffs.paused || self.doc.plan().is_none() {
            return;
        }
        let next = self.next_tradeoffs_job();
        let running = self.tradeoffs.task.as_ref().map(|t| &t.0);
        match (running, next) {
            (Some(r), Some(n)) => {
                // Restart when the running pass is not what is wanted first: the set toggled
                // now, a quicker pass, or other inputs.
                let set_differs = n.set.is_some() && r.set != n.set;
                if r.key != n.key || set_differs || n.trials < r.trials {
                    self.tradeoffs.cancel();
                    self.start_tradeoffs(n);
                }
            }
            (None, Some(n)) => self.start_tradeoffs(n),
            (_, None) => {}
        }
    }

    fn start_tradeoffs(&mut self, job: Job) {
        let Ok(options) = &self.tradeoffs.options else {
            return;
        };
        let settings = CompareSettings {
            trials: job.trials,
            seed: self.settings.seed,
            threads: (self.settings.threads > 0).then_some(self.settings.threads),
            years: ONE_OFF_YEARS,
        };
        let inputs = Inputs {
            model_text: self.doc.text().to_string(),
            model_origin: self.doc.origin().to_string(),
            scenario: self
                .scenario
                .parsed()
                .filter(|_| self.settings.use_scenario)
                .cloned(),
            options: options.clone(),
            settings,
        };
        let (j, cache) = (job.clone(), self.tradeoffs.cache.clone());
        let task = Task::spawn(
            Spec::named("nines-tradeoffs"),
            self.ctx.clone(),
            move |r: &Reporter<Option<Arrival>>| job::work(inputs, j, cache, r),
        );
        self.tradeoffs.task = Some((job, task));
    }

    fn poll_tradeoffs(&mut self) {
        let t = &mut self.tradeoffs;
        let Some((job, task)) = &mut t.task else {
            return;
        };
        let mut arrived = Vec::new();
        let outcome = task.poll_with(|p| {
            if let Some(a) = &p.detail {
                arrived.push(a.clone());
            }
        });
        let (trials, elapsed) = (job.trials, task.elapsed());
        for a in arrived {
            match a {
                Arrival::Base(b) => {
                    if t.base.as_ref().is_none_or(|old| old.trials <= trials) {
                        t.base = Some(Computed { trials, value: *b });
                    }
                }
                Arrival::Set(set, c) => {
                    if trials < self.settings.trials {
                        t.quick_seconds = Some(elapsed.as_secs_f64());
                    }
                    t.set = Some(Computed {
                        trials,
                        value: (set, *c),
                    });
                }
                Arrival::Rows(indices, c) => {
                    if let Ok(list) = c.as_ref() {
                        for extra in list.iter().skip(indices.len()) {
                            t.survey_extra
                                .retain(|e| e.value.option_indices != extra.option_indices);
                            t.survey_extra.push(Computed {
                                trials,
                                value: extra.clone(),
                            });
                        }
                    }
                    for (k, i) in indices.into_iter().enumerate() {
                        let value = match c.as_ref() {
                            Ok(list) => match list.get(k) {
                                Some(x) => Ok(x.clone()),
                                None => Err("no result for this option".to_string()),
                            },
                            Err(e) => Err(e.clone()),
                        };
                        if let Some(slot) = t.rows.get_mut(i) {
                            *slot = Some(Computed { trials, value });
                        }
                    }
                }
            }
        }
        let Some(o) = outcome else { return };
        t.task = None;
        if let Outcome::Failed(_) | Outcome::Panicked(_) = &o {
            t.paused = true;
        }
        if let Some(s) = Status::for_outcome("tradeoff comparison", &o)
            && !matches!(o, Outcome::Cancelled)
        {
            self.status = Some(s);
        }
    }

    /// Check each option against the open model (alone it must give a valid model, in the
    /// model's currency); the problems name the options file's line and key.
    fn check_options(&mut self) {
        let t = &mut self.tradeoffs;
        t.option_errors = match &t.options {
            Ok(o) => o
                .options
                .iter()
                .map(|one| {
                    let alone = Options {
                        options: vec![one.clone()],
                        ..o.clone()
                    };
                    alone
                        .check_against(self.doc.text(), self.doc.origin())
                        .err()
                        .map(|e| e.to_string())
                })
                .collect(),
            Err(_) => Vec::new(),
        };
    }

    /// Use these options (a new file): toggles and results start afresh.
    fn set_options(
        &mut self,
        options: Result<Options, String>,
        title: String,
        path: Option<PathBuf>,
    ) {
        let t = &mut self.tradeoffs;
        t.cancel();
        let n = options.as_ref().map_or(0, |o| o.options.len());
        t.options = options;
        t.options_title = title;
        t.options_path = path;
        t.toggled = vec![false; n];
        t.option_errors = vec![None; n];
        t.options_generation += 1;
        t.forget_results();
        t.paused = false;
    }

    /// Read an options file (its problems, with file:line:column, are shown in the view).
    pub(super) fn open_options(&mut self, path: &Path) {
        let shown = path.display().to_string();
        let parsed = crate::io::read_text(path, crate::io::MAX_MODEL_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|text| parse_options(&text, &shown).map_err(|e| e.to_string()));
        self.set_options(parsed, shown, Some(path.to_path_buf()));
    }

    /// Go back to the built-in retail options.
    pub(super) fn builtin_options(&mut self) {
        let parsed =
            parse_options(DEFAULT_OPTIONS, BUILTIN_OPTIONS_TITLE).map_err(|e| e.to_string());
        self.set_options(parsed, BUILTIN_OPTIONS_TITLE.into(), None);
    }

    /// Read a survey CSV; on a problem keep the survey in use and show why beside it.
    pub(super) fn open_survey(&mut self, path: &Path) {
        let shown = path.display().to_string();
        let parsed = crate::io::read_text(path, crate::io::MAX_MODEL_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|text| crate::survey::parse_survey(&text, &shown).map_err(|e| e.to_string()));
        match parsed {
            Ok(s) => {
                self.tradeoffs.survey = s;
                self.tradeoffs.survey_error = None;
            }
            Err(e) => self.tradeoffs.survey_error = Some(e),
        }
    }

    /// Go back to the seed survey (built in).
    pub(super) fn builtin_survey(&mut self) {
        self.tradeoffs.survey = crate::survey::seed();
        self.tradeoffs.survey_error = None;
    }

    /// Toggle option `i` on or off.
    pub(super) fn toggle_option(&mut self, i: usize, on: bool) {
        if let Some(t) = self.tradeoffs.toggled.get_mut(i) {
            *t = on;
            self.tradeoffs.paused = false;
        }
    }

    /// Stop computing (until something changes or Compute is pressed).
    pub(super) fn cancel_tradeoffs(&mut self) {
        self.tradeoffs.cancel();
        self.tradeoffs.paused = true;
    }
}
