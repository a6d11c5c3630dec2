//! The desktop workbench (egui/eframe): model diagram and editor, runs on a worker thread,
//! results, what-if re-runs and comparison of pinned designs. It calls the same engine API as
//! the command line, so the same model and seed give the same numbers.
//!
//! State is in three parts: persisted [`state::Settings`]; runtime fields of [`App`] (the
//! model and scenario [`Document`]s of [`crate::edit`], background [`task::Task`]s, caches);
//! and the [`Command`]s that panels, menus and shortcuts return, applied at the end of each
//! frame. Panels read `&App` and keep only their own small view state; every change of a
//! document is an [`crate::edit::Edit`] list applied through it (undo/redo per document).

mod apply;
pub mod charts;
pub mod command;
pub mod decisions;
pub mod diagram;
mod editor;
pub mod examples;
mod files;
mod frame;
pub mod job;
mod launch;
mod load_view;
mod model_view;
mod optimise_view;
pub mod planning;
mod plot;
pub mod recovery;
mod results_view;
mod run_view;
mod sensitivity_view;
pub mod state;
pub mod task;
mod toolbar;
pub mod tradeoffs;

pub use command::{
    Answer, ChartFormat, Command, DecideSetting, DocId, EditRequest, RecoveryAnswer, Report,
    Setting, Severity, Status,
};
use launch::NativeDialogs;
pub use launch::{GuiArgs, Startup, WorkbenchApp, launch};

use crate::edit::{Document, Kind, ModelSchema, ScenarioSchema};
use crate::engine::{RunConfig, RunResults};
use job::{RunJob, RunKind, RunOutput};
use state::Settings;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The model the workbench opens with: models/retail-reference.toml, compiled in.
pub const DEFAULT_MODEL: &str = include_str!("../models/retail-reference.toml");
/// The load scenario the workbench starts with: scenarios/peak-season.toml, compiled in.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/peak-season.toml");
/// The built-in model's title (and the name its messages use).
pub const BUILTIN_MODEL_TITLE: &str = "retail-reference.toml (built in)";
/// The built-in scenario's title.
pub const BUILTIN_SCENARIO_TITLE: &str = "peak-season.toml (built in)";
/// Wait after the last edit before a what-if re-run starts.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Native open/save dialogs, behind a trait so tests can answer them.
pub trait FileDialogs {
    /// Ask for a folder (File → Export report…); by default none is chosen.
    fn pick_folder(&self) -> Option<PathBuf> {
        None
    }
    /// Ask for a model file to open.
    fn open_model(&self) -> Option<PathBuf>;
    /// Ask where to save; `name` is a suggested file name, `ext` its extension.
    fn save_as(&self, name: &str, ext: &str) -> Option<PathBuf>;
    /// Ask for a file to open: `what` names it ("options file"), `ext` is its extension.
    /// By default the model dialog answers.
    fn open_file(&self, what: &str, ext: &str) -> Option<PathBuf> {
        let _ = (what, ext);
        self.open_model()
    }
}

/// What to do once the unsaved-changes prompt is answered.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Open(Option<PathBuf>),
    OpenDefault,
    /// Open a shipped model or scenario (by its path in the repository).
    Example(DocId, String),
    /// Open a scenario file (dialog).
    OpenScenario,
    /// Use the built-in scenario.
    BuiltinScenario,
    Quit,
}

impl Pending {
    /// Which documents it would replace or close: (the model, the scenario).
    fn replaces(&self) -> (bool, bool) {
        match self {
            Pending::Open(_) | Pending::OpenDefault | Pending::Example(DocId::Model, _) => {
                (true, false)
            }
            Pending::Example(DocId::Scenario, _)
            | Pending::OpenScenario
            | Pending::BuiltinScenario => (false, true),
            Pending::Quit => (true, true),
        }
    }
}

/// A result kept for comparison.
#[derive(Debug, Clone)]
pub struct Pin {
    /// Editable label.
    pub name: String,
    /// The results.
    pub results: RunResults,
}

/// The panels' own view state (typed text of form fields, the results scope…), lent to them
/// while they draw.
#[derive(Default)]
struct Views {
    editor: editor::EditorView,
    diagram: diagram::DiagramState,
    text: model_view::TextView,
    results: results_view::ResultsView,
    load: load_view::LoadView,
}

/// The workbench.
pub struct App {
    /// Persisted settings.
    pub settings: Settings,
    /// The open model.
    pub doc: Document<ModelSchema>,
    /// Where the model is saved (`None`: the built-in model, or not saved yet).
    pub model_path: Option<PathBuf>,
    /// The model's title: its file name, or the built-in model's.
    pub model_title: String,
    /// The load scenario (used in runs when `settings.use_scenario`).
    pub scenario: Document<ScenarioSchema>,
    /// The selected node, by kind and name.
    pub selected: Option<(Kind, String)>,
    /// The running simulation.
    pub job: Option<RunJob>,
    /// The latest finished run.
    pub last: Option<RunOutput>,
    /// Pinned results.
    pub pins: Vec<Pin>,
    /// A message for the status bar.
    pub status: Option<Status>,
    /// Running estimate against trials of the last run (convergence chart).
    pub convergence: Vec<(u64, crate::stats::Estimate)>,
    /// The capacity planner's task and answer.
    pub planner: planning::PlannerState,
    /// The Sensitivity and Optimise views' inputs, tasks and answers, and the report task.
    pub decisions: decisions::DecisionsState,
    /// Milliseconds the last frame's UI took to build, and the slowest while a run was going.
    pub frame_ms: (f64, f64),
    /// The Tradeoffs view's options, survey and paired comparisons.
    pub tradeoffs: tradeoffs::TradeoffsState,
    /// Messages of refused form edits, by field id.
    field_errors: HashMap<String, Vec<String>>,
    pending_run: Option<(Instant, RunKind)>,
    /// Documents replaced so far (model, scenario): with revisions, says what changed.
    opened_model: u64,
    opened_scenario: u64,
    seen_model: (u64, u64),
    seen_scenario: (u64, u64),
    prompt: Option<Pending>,
    allow_close: bool,
    dialogs: Box<dyn FileDialogs>,
    commands: Vec<Command>,
    ctx: Option<egui::Context>,
    /// Pin the next result of the open model (start-up comparison).
    pin_main: bool,
    /// Milliseconds of CPU the previous whole frame took (UI, tessellation, painting), as
    /// eframe measures it; None headless.
    pub frame_cpu_ms: Option<f32>,
    /// Other design files still to run and pin.
    pin_queue: Vec<PathBuf>,
    /// Finished runs so far (results caches are keyed by it).
    runs_finished: u64,
    load_figures: Option<planning::LoadFigures>,
    hash_cache: ((u64, u64), String),
    views: Views,
    recovery: Option<recovery::Recovery>,
    recovered: Option<recovery::Journal>,
}

impl App {
    /// The diagram's runtime state (find text, filter, the cached layout and what was drawn).
    pub fn diagram(&self) -> &diagram::DiagramState {
        &self.views.diagram
    }
}

impl App {
    /// A workbench on `path` (or the built-in model), with default settings and native dialogs.
    pub fn new(path: Option<&Path>) -> App {
        App::with(Settings::default(), path, Box::new(NativeDialogs))
    }

    /// A workbench with the given settings and dialogs (tests answer dialogs themselves).
    /// Edits are journaled only with [`App::with_recovery`].
    pub fn with(settings: Settings, path: Option<&Path>, dialogs: Box<dyn FileDialogs>) -> App {
        let doc = Document::model(DEFAULT_MODEL.to_string(), BUILTIN_MODEL_TITLE.into());
        let scenario = Document::scenario(
            DEFAULT_SCENARIO.to_string(),
            BUILTIN_SCENARIO_TITLE.into(),
            None,
        );
        let mut app = App {
            settings,
            hash_cache: ((0, 0), doc.hash()),
            doc,
            model_path: None,
            model_title: BUILTIN_MODEL_TITLE.into(),
            scenario,
            selected: None,
            job: None,
            last: None,
            pins: Vec::new(),
            status: None,
            convergence: Vec::new(),
            planner: planning::PlannerState::default(),
            decisions: decisions::DecisionsState::default(),
            frame_ms: (0.0, 0.0),
            tradeoffs: tradeoffs::TradeoffsState::default(),
            field_errors: HashMap::new(),
            pending_run: None,
            opened_model: 0,
            opened_scenario: 0,
            seen_model: (0, 0),
            seen_scenario: (0, 0),
            prompt: None,
            allow_close: false,
            dialogs,
            commands: Vec::new(),
            ctx: None,
            pin_main: false,
            frame_cpu_ms: None,
            pin_queue: Vec::new(),
            runs_finished: 0,
            load_figures: None,
            views: Views::default(),
            recovery: None,
            recovered: None,
        };
        if let Some(p) = path {
            app.open_now(p);
        }
        match app.settings.scenario_path.clone() {
            Some(p) if app.load_scenario_file(&p) => {}
            _ => app.use_builtin_scenario(),
        }
        app.seen_scenario = app.scenario_key();
        app
    }

    fn model_key(&self) -> (u64, u64) {
        (self.opened_model, self.doc.revision())
    }

    fn scenario_key(&self) -> (u64, u64) {
        (self.opened_scenario, self.scenario.revision())
    }

    /// The hash of the model's current text (as every CLI output prints it), cached per
    /// revision.
    pub fn model_hash(&self) -> std::borrow::Cow<'_, str> {
        if self.hash_cache.0 == self.model_key() {
            std::borrow::Cow::Borrowed(&self.hash_cache.1)
        } else {
            std::borrow::Cow::Owned(self.doc.hash())
        }
    }

    fn refresh_hash(&mut self) {
        if self.hash_cache.0 != self.model_key() {
            self.hash_cache = (self.model_key(), self.doc.hash());
        }
    }

    /// The scenario was edited or replaced: re-run when what-if is on.
    pub fn scenario_changed(&mut self) {
        if self.settings.auto_run && self.settings.use_scenario && self.doc.plan().is_some() {
            if let Some(j) = &mut self.job {
                j.cancel();
            }
            self.pending_run = Some((Instant::now() + DEBOUNCE, RunKind::Quick));
        }
    }

    /// Whether a debounced what-if run is waiting to start.
    pub fn pending(&self) -> bool {
        self.pending_run.is_some()
    }

    /// Queue a command (applied at the end of the next frame).
    pub fn command(&mut self, c: Command) {
        self.commands.push(c);
    }

    /// The messages of the last refused edit of form field `field`, if it was refused.
    pub fn field_error(&self, field: &str) -> Option<&[String]> {
        self.field_errors.get(field).map(Vec::as_slice)
    }

    /// The run configuration from the settings.
    pub fn run_config(&self, kind: RunKind) -> RunConfig {
        let s = &self.settings;
        RunConfig {
            trials: if kind == RunKind::Quick {
                s.quick_trials.min(s.trials)
            } else {
                s.trials
            }
            .max(1),
            seed: s.seed,
            threads: (s.threads > 0).then_some(s.threads),
            horizon_hours: s.horizon_hours,
            record_trials: false,
            ..RunConfig::default()
        }
    }

    fn start(&mut self, kind: RunKind) {
        let Some(plan) = self.doc.plan() else {
            self.status = Some(Status::error(
                "the model has problems: fix them before running",
            ));
            return;
        };
        let mut plan = plan.clone();
        if let (true, Some(sc)) = (self.settings.use_scenario, self.scenario.parsed()) {
            plan = plan.with_scenario(sc.clone());
        }
        if let Some(j) = &mut self.job {
            j.cancel();
        }
        let cfg = self.run_config(kind);
        if let Err(e) = cfg.check() {
            self.status = Some(Status::error(e.to_string()));
            return;
        }
        let hash = self.model_hash().into_owned();
        self.job = Some(RunJob::spawn(plan, cfg, kind, hash, self.ctx.clone()));
        self.frame_ms.1 = 0.0;
        self.pending_run = None;
    }

    /// Whether the latest results belong to the current text.
    pub fn results_current(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|o| o.text_hash == self.model_hash())
    }

    /// The name shown for the model: its path, or its title.
    pub fn model_shown_name(&self) -> String {
        self.model_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| self.model_title.clone())
    }

    /// The document a view's undo and redo apply to: the scenario in the Load view.
    pub fn current_doc(&self) -> DocId {
        match self.settings.tab {
            state::Tab::Load => DocId::Scenario,
            _ => DocId::Model,
        }
    }

    /// Whether undo / redo would do anything in the current view.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        match self.current_doc() {
            DocId::Model => (self.doc.can_undo(), self.doc.can_redo()),
            DocId::Scenario => (self.scenario.can_undo(), self.scenario.can_redo()),
        }
    }
}
