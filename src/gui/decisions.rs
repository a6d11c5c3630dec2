//! The Sensitivity and Optimise views' data and background tasks, and File → Export report…:
//! each calls the library function its CLI command calls (`decide::tornado::sensitivity`,
//! `decide::choose::optimize`, `report::gather::gather`) on a cancellable [`Task`], so the
//! same model, seed and trials give the CLI's numbers.

use super::App;
pub use super::command::Decision;
use super::command::Status;
use super::task::{Outcome, Progress, Reporter, Spec, Stop, Task};
use crate::decide::Options;
use crate::decide::choose::{OptimizeError, OptimizeSpec, Optimized, optimize};
pub use crate::decide::tornado::{Output, TornadoRow, tornado_rows};
use crate::decide::tornado::{Sensitivity, SensitivityError, sensitivity, swings_for};
use crate::engine::{self, EngineError, Observer, RunConfig};
use crate::report::charts::Chart;
use crate::report::decision_charts::{self as dc, FrontierPoint, TornadoBar};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The options the Optimise view starts with: scenarios/options/retail-options.toml, compiled
/// in (they fit the built-in retail reference model).
pub const DEFAULT_OPTIONS: &str = include_str!("../../scenarios/options/retail-options.toml");
/// The built-in options' title.
pub const BUILTIN_OPTIONS_TITLE: &str = "retail-options.toml (built in)";
/// Rows the tornado chart shows (the table shows every parameter).
pub const TORNADO_ROWS: usize = 12;

/// What the Sensitivity, Optimise and report tasks keep.
pub struct DecisionsState {
    /// How far each parameter moves (0.2 = ± 20 %).
    pub range: f64,
    /// Trials of each run (sensitivity, optimiser search, report).
    pub trials: u64,
    /// The output the tornado shows.
    pub output: Output,
    sensitivity_task: Option<Task<Sensitivity>>,
    /// The last sensitivity answer (or why there is none).
    pub sensitivity: Option<Result<Sensitivity, String>>,
    /// The options file: parsed options and its title (None: it did not parse, see the
    /// status line).
    pub options: Option<(Options, String)>,
    /// Most yearly spend on options, in the model currency.
    pub budget: f64,
    optimise_task: Option<Task<Optimized>>,
    /// The last optimiser answer.
    pub optimised: Option<Result<Optimized, String>>,
    report_task: Option<Task<(PathBuf, usize)>>,
    /// The last report written (its index.html), or why it was not.
    pub report: Option<Result<PathBuf, String>>,
}

impl Default for DecisionsState {
    fn default() -> Self {
        DecisionsState {
            range: 0.2,
            trials: 2_000,
            output: Output::Availability,
            sensitivity_task: None,
            sensitivity: None,
            options: crate::decide::parse_options(DEFAULT_OPTIONS, BUILTIN_OPTIONS_TITLE)
                .ok()
                .map(|o| (o, BUILTIN_OPTIONS_TITLE.to_string())),
            budget: 500_000.0,
            optimise_task: None,
            optimised: None,
            report_task: None,
            report: None,
        }
    }
}

/// A task's progress, as the views show it: fraction done and a label.
pub fn progress_of<T>(t: &Option<Task<T>>) -> Option<(f32, String, bool)> {
    let t = t.as_ref()?;
    let (frac, text) = match t.progress() {
        Some(p) => (
            p.fraction(),
            format!("{}: {} / {}", p.label, p.done, p.total),
        ),
        None => (0.0, "starting…".to_string()),
    };
    Some((frac, text, t.is_cancelling()))
}

impl DecisionsState {
    /// Whether any of the tasks runs.
    pub fn running(&self) -> bool {
        self.sensitivity_task.is_some()
            || self.optimise_task.is_some()
            || self.report_task.is_some()
    }

    /// The sensitivity task's progress (fraction, text, cancelling).
    pub fn sensitivity_progress(&self) -> Option<(f32, String, bool)> {
        progress_of(&self.sensitivity_task)
    }

    /// The optimiser's progress.
    pub fn optimise_progress(&self) -> Option<(f32, String, bool)> {
        progress_of(&self.optimise_task)
    }

    /// The report task's progress.
    pub fn report_progress(&self) -> Option<(f32, String, bool)> {
        progress_of(&self.report_task)
    }

    /// The tornado chart of the last answer on the chosen output.
    pub fn tornado_chart(&self) -> Option<Chart> {
        let s = self.sensitivity.as_ref()?.as_ref().ok()?;
        let rows: Vec<TornadoBar> = tornado_rows(s, self.output)
            .into_iter()
            .take(TORNADO_ROWS)
            .map(|r| TornadoBar {
                label: r.label,
                low: r.low,
                high: r.high,
            })
            .collect();
        let unit = match self.output {
            Output::Loss => format!(" ({} per year)", s.currency),
            _ => String::new(),
        };
        Some(dc::tornado(
            &format!("Tornado on {}", self.output.label()),
            &format!("change of {}{unit}", self.output.label()),
            &rows,
        ))
    }

    /// The bad-years chart of the last answer (by loss when priced, else downtime).
    pub fn bad_years_chart(&self) -> Option<Chart> {
        let s = self.sensitivity.as_ref()?.as_ref().ok()?;
        Some(dc::bad_years(&s.bad_years.drivers, 8, !s.priced))
    }

    /// The Pareto chart of the last optimiser answer: spend against availability, the
    /// chosen set drawn large.
    pub fn frontier_chart(&self) -> Option<Chart> {
        let o = self.optimised.as_ref()?.as_ref().ok()?;
        let sim: Vec<usize> = (0..o.evaluated.len())
            .filter(|&i| o.evaluated[i].simulated())
            .collect();
        let points: Vec<FrontierPoint> = sim
            .iter()
            .map(|&i| FrontierPoint {
                yearly_cost: o.evaluated[i].candidate.yearly_cost,
                value: 100.0 * o.evaluated[i].candidate.availability,
            })
            .collect();
        let at = |i: usize| sim.iter().position(|&j| j == i);
        let frontier: Vec<usize> = o
            .frontier_availability
            .iter()
            .filter_map(|&i| at(i))
            .collect();
        let chosen = o
            .evaluated
            .iter()
            .position(|e| e.candidate.options == o.best.candidate.options)
            .and_then(at);
        Some(dc::frontier(
            "Spend against availability",
            "availability (%)",
            &o.currency,
            &points,
            &frontier,
            chosen,
        ))
    }
}

/// Reports the library's progress (trials over every run) through the task and stops it on
/// cancel.
struct TaskObserver<'a> {
    reporter: &'a Reporter<()>,
    label: &'static str,
}

impl Observer for TaskObserver<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        self.reporter.report(Progress {
            done: p.trials_done,
            total: p.trials_total,
            label: self.label.to_string(),
            detail: (),
        });
    }

    fn should_stop(&self) -> bool {
        self.reporter.is_cancelled()
    }
}

fn engine_stop(e: EngineError) -> Stop {
    match e {
        EngineError::Cancelled => Stop::Cancelled,
        e => Stop::Failed(e.to_string()),
    }
}

/// What a decision task needs from the App: the model text and name, the scenario.
struct Inputs {
    text: String,
    origin: String,
    scenario: Option<(crate::scenario::Scenario, String)>,
    cfg: RunConfig,
}

impl App {
    fn decision_inputs(&mut self, what: &str) -> Option<Inputs> {
        if self.doc.plan().is_none() {
            self.status = Some(Status::error(format!(
                "the model has problems: fix them before {what}"
            )));
            return None;
        }
        let scenario = match (self.settings.use_scenario, self.scenario.parsed()) {
            (true, Some(sc)) => Some((sc.clone(), self.scenario_title())),
            _ => None,
        };
        Some(Inputs {
            text: self.doc.text().to_string(),
            origin: self.model_shown_name(),
            scenario,
            cfg: RunConfig {
                trials: self.decisions.trials.max(1),
                seed: self.settings.seed,
                threads: (self.settings.threads > 0).then_some(self.settings.threads),
                ..RunConfig::default()
            },
        })
    }

    fn scenario_title(&self) -> String {
        self.settings
            .scenario_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| super::BUILTIN_SCENARIO_TITLE.to_string())
    }

    /// Run the tornado on the current model (and scenario when runs use it).
    pub fn start_sensitivity(&mut self) {
        if self.decisions.sensitivity_task.is_some() {
            return;
        }
        let Some(inp) = self.decision_inputs("sensitivity") else {
            return;
        };
        let Some(plan) = self.doc.plan() else { return };
        let swings = match swings_for(plan.model(), &[], self.decisions.range) {
            Ok(s) => s,
            Err(e) => {
                self.decisions.sensitivity = Some(Err(e));
                return;
            }
        };
        self.decisions.sensitivity = None;
        self.decisions.sensitivity_task = Some(Task::spawn(
            Spec::named("nines-sensitivity"),
            self.ctx.clone(),
            move |r: &Reporter<()>| {
                let obs = TaskObserver {
                    reporter: r,
                    label: "sensitivity: trials",
                };
                let sc = inp.scenario.as_ref().map(|s| &s.0);
                sensitivity(&inp.text, &inp.origin, sc, &swings, &inp.cfg, &obs).map_err(
                    |e| match e {
                        SensitivityError::Engine(e) => engine_stop(e),
                        e => Stop::Failed(e.to_string()),
                    },
                )
            },
        ));
    }

    /// Open an options file for the optimiser (and the report).
    pub fn open_options_file(&mut self, p: &Path) {
        let origin = p.display().to_string();
        let parsed = crate::io::read_model_text(p)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::decide::parse_options(&t, &origin).map_err(|e| e.to_string()));
        match parsed {
            Ok(o) => {
                self.status = Some(Status::info(format!("options: {origin}")));
                self.decisions.options = Some((o, origin));
                self.decisions.optimised = None;
            }
            Err(e) => self.status = Some(Status::error(e)),
        }
    }

    /// Use the built-in retail options again.
    pub(super) fn builtin_optimise_options(&mut self) {
        let d = DecisionsState::default();
        self.decisions.options = d.options;
        self.decisions.optimised = None;
    }

    /// Change an input of the Sensitivity or Optimise view.
    pub(super) fn decide_set(&mut self, s: super::command::DecideSetting) {
        use super::command::DecideSetting as D;
        let d = &mut self.decisions;
        match s {
            D::Range(r) if r.is_finite() && r > 0.0 && r < 1.0 => d.range = r,
            D::Trials(n) => d.trials = n.clamp(1, engine::MAX_TRIALS),
            D::Output(o) => d.output = o,
            D::Budget(b) if b.is_finite() && b >= 0.0 => d.budget = b,
            _ => {}
        }
    }

    /// The options, checked against the current model (an error names what does not fit).
    fn checked_options(&self) -> Result<Option<(Options, String)>, String> {
        match &self.decisions.options {
            Some((o, title)) => {
                o.check_against(self.doc.text(), &self.model_shown_name())
                    .map_err(|e| {
                        format!("{title} does not fit the model (open another options file): {e}")
                    })?;
                Ok(Some((o.clone(), title.clone())))
            }
            None => Ok(None),
        }
    }

    /// Run the optimiser under the budget.
    pub fn start_optimise(&mut self) {
        if self.decisions.optimise_task.is_some() {
            return;
        }
        let opts = match self.checked_options() {
            Ok(Some((o, _))) => o,
            Ok(None) => {
                self.decisions.optimised = Some(Err("open an options file first".into()));
                return;
            }
            Err(e) => {
                self.decisions.optimised = Some(Err(e));
                return;
            }
        };
        let Some(inp) = self.decision_inputs("optimising") else {
            return;
        };
        let spec = OptimizeSpec {
            budget: self.decisions.budget,
            ..OptimizeSpec::default()
        };
        self.decisions.optimised = None;
        self.decisions.optimise_task = Some(Task::spawn(
            Spec::named("nines-optimise"),
            self.ctx.clone(),
            move |r: &Reporter<()>| {
                let obs = TaskObserver {
                    reporter: r,
                    label: "optimiser: trials",
                };
                let sc = inp.scenario.as_ref().map(|s| &s.0);
                optimize(&inp.text, &inp.origin, sc, &opts, &spec, &inp.cfg, &obs).map_err(|e| {
                    match e {
                        OptimizeError::Engine(e) => engine_stop(e),
                        e => Stop::Failed(e.to_string()),
                    }
                })
            },
        ));
    }

    /// File → Export report…: ask for a folder, then [`App::export_report_to`].
    pub(super) fn export_report(&mut self) {
        if let Some(dir) = self.dialogs.pick_folder() {
            self.export_report_to(&dir);
        }
    }

    /// Write the page `nines report` writes (same model, scenario, options, budget, seed and
    /// trials) into `dir`, on a worker task; the status line says where or why not.
    pub fn export_report_to(&mut self, dir: &Path) {
        if self.decisions.report_task.is_some() {
            self.status = Some(Status::error("a report is already being written"));
            return;
        }
        let opts = match self.checked_options() {
            Ok(o) => o,
            // A report without options is still a report; say why they are left out.
            Err(e) => {
                self.status = Some(Status::error(e));
                return;
            }
        };
        let Some(inp) = self.decision_inputs("writing a report") else {
            return;
        };
        let (budget, range, dir) = (
            self.decisions.budget,
            self.decisions.range,
            dir.to_path_buf(),
        );
        self.decisions.report = None;
        self.status = Some(Status::info(format!(
            "writing the report to {}",
            dir.display()
        )));
        self.decisions.report_task = Some(Task::spawn(
            Spec::named("nines-report"),
            self.ctx.clone(),
            move |r: &Reporter<()>| {
                let obs = TaskObserver {
                    reporter: r,
                    label: "report: trials",
                };
                let spec = crate::report::gather::ReportSpec {
                    text: &inp.text,
                    origin: &inp.origin,
                    scenario: inp.scenario.as_ref().map(|(s, n)| (s, n.as_str())),
                    options: opts.as_ref().map(|(o, n)| (o, n.as_str())),
                    budget: opts.as_ref().map(|_| budget),
                    years: 3.0,
                    range: Some(range),
                    trials: inp.cfg.trials,
                    seed: inp.cfg.seed,
                    threads: inp.cfg.threads,
                };
                let input = crate::report::gather::gather(&spec, &obs).map_err(|e| match e {
                    crate::error::Error::Engine(EngineError::Cancelled) => Stop::Cancelled,
                    e => Stop::Failed(e.to_string()),
                })?;
                let report = crate::report::document::build(&input);
                let files = crate::io::write_report(&dir, &report)
                    .map_err(|e| Stop::Failed(e.to_string()))?;
                Ok((dir.join("index.html"), files.len()))
            },
        ));
    }

    /// Ask the sensitivity, optimiser or report task to stop.
    pub(super) fn cancel_decision(&mut self, which: Decision) {
        let d = &mut self.decisions;
        let t = match which {
            Decision::Sensitivity => d.sensitivity_task.as_mut().map(|t| t.cancel()),
            Decision::Optimise => d.optimise_task.as_mut().map(|t| t.cancel()),
            Decision::Report => d.report_task.as_mut().map(|t| t.cancel()),
        };
        let _ = t;
    }

    /// Take the tasks' answers that arrived.
    pub(super) fn poll_decisions(&mut self) {
        if self.decisions.running()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(Duration::from_millis(100));
        }
        let d = &mut self.decisions;
        if let Some(o) = d.sensitivity_task.as_mut().and_then(Task::poll) {
            d.sensitivity_task = None;
            if let Some(s) = Status::for_outcome("sensitivity", &o) {
                self.status = Some(s);
            }
            d.sensitivity = done(o);
        }
        if let Some(o) = d.optimise_task.as_mut().and_then(Task::poll) {
            d.optimise_task = None;
            if let Some(s) = Status::for_outcome("optimiser", &o) {
                self.status = Some(s);
            }
            d.optimised = done(o);
        }
        if let Some(o) = d.report_task.as_mut().and_then(Task::poll) {
            d.report_task = None;
            self.status = Some(match &o {
                Outcome::Done((p, n)) => {
                    Status::info(format!("report written to {} ({n} files)", p.display()))
                }
                o => Status::for_outcome("report", o)
                    .unwrap_or_else(|| Status::error("report not written")),
            });
            d.report = match o {
                Outcome::Done((p, _)) => Some(Ok(p)),
                Outcome::Cancelled => None,
                Outcome::Failed(e) | Outcome::Panicked(e) => Some(Err(e)),
            };
        }
    }
}

fn done<T>(o: Outcome<T>) -> Option<Result<T, String>> {
    match o {
        Outcome::Done(v) => Some(Ok(v)),
        Outcome::Cancelled => None,
        Outcome::Failed(e) | Outcome::Panicked(e) => Some(Err(e)),
    }
}
