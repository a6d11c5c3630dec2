//! The desktop workbench (egui/eframe): model diagram and editor, runs on a worker thread,
//! results, what-if re-runs and comparison of pinned designs. It calls the same engine API as
//! the command line, so the same model and seed give the same numbers.
//!
//! State is in three parts: persisted [`state::Settings`], runtime fields of [`App`] (the
//! document, the job, caches) and the [`Command`]s that panels, menus and shortcuts return,
//! applied at the end of each frame.

pub mod diagram;
pub mod document;
pub mod edit;
mod editor;
mod editor_extra;
mod files;
pub mod job;
mod launch;
mod load_view;
mod model_view;
mod plot;
mod results_view;
mod run_view;
pub mod state;
mod toolbar;

use launch::NativeDialogs;
pub use launch::{Startup, WorkbenchApp, launch};

use crate::engine::{RunConfig, RunResults};
use document::Document;
use edit::Kind;
use job::{Job, Outcome, Poll, RunKind};
use state::{Settings, Tab};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use load_view::apply_edit as apply_scenario_edit;
pub use toolbar::percent as toolbar_percent;

/// The model the workbench opens with: models/retail-reference.toml, compiled in.
pub const DEFAULT_MODEL: &str = include_str!("../models/retail-reference.toml");
/// The load scenario the workbench starts with: scenarios/peak-season.toml, compiled in.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/peak-season.toml");
/// Wait after the last edit before a what-if re-run starts.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Native open/save dialogs, behind a trait so tests can answer them.
pub trait FileDialogs {
    /// Ask for a model file to open.
    fn open_model(&self) -> Option<PathBuf>;
    /// Ask where to save; `name` is a suggested file name, `ext` its extension.
    fn save_as(&self, name: &str, ext: &str) -> Option<PathBuf>;
}

/// Something the user asked for; applied at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a file (ask with a dialog when `None`), after the unsaved-changes prompt.
    Open(Option<PathBuf>),
    /// Go back to the built-in model, after the prompt.
    OpenDefault,
    /// Save to the current path (or ask).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Run a full simulation now.
    Run,
    /// Stop the running simulation.
    Cancel,
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Keep the current result for comparison.
    Pin,
    /// Export the current results as CSV.
    ExportCsv,
    /// Export a chart of the results view (`svg` or PNG).
    ExportChart(results_view::ChartId, bool),
    /// Quit, after the prompt.
    Quit,
    /// Show a view.
    Show(Tab),
    /// Open a scenario file (dialog).
    OpenScenario,
    /// Save the (edited) scenario under a name (dialog).
    SaveScenario,
}

/// What to do once the unsaved-changes prompt is answered.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Open(Option<PathBuf>),
    OpenDefault,
    Quit,
}

/// A result kept for comparison.
#[derive(Debug, Clone)]
pub struct Pin {
    /// Editable label.
    pub name: String,
    /// The results.
    pub results: RunResults,
}

/// The workbench.
pub struct App {
    /// Persisted settings.
    pub settings: Settings,
    /// The open model.
    pub doc: Document,
    /// The selected diagram node.
    pub selected: Option<(Kind, usize)>,
    /// The diagram's runtime state (find, filter, cached layout).
    pub diagram: diagram::DiagramState,
    /// The running simulation.
    pub job: Option<Job>,
    /// The latest finished run.
    pub last: Option<Outcome>,
    /// Pinned results.
    pub pins: Vec<Pin>,
    /// A message for the status bar (errors in red).
    pub status: Option<(String, bool)>,
    pending_run: Option<(Instant, RunKind)>,
    seen_revision: u64,
    prompt: Option<Pending>,
    allow_close: bool,
    dialogs: Box<dyn FileDialogs>,
    /// Text being typed into number fields, by field id (kept while invalid).
    field_text: HashMap<String, String>,
    /// Running estimate against trials of the last run (convergence chart).
    pub convergence: Vec<(u64, crate::stats::Estimate)>,
    /// Results scope: 0 = the model, i = service i − 1.
    scope: usize,
    commands: Vec<Command>,
    ctx: Option<egui::Context>,
    /// Pin the next result of the open model (start-up comparison).
    pin_main: bool,
    /// The load scenario (used in runs when `settings.use_scenario`).
    pub scenario: Option<crate::scenario::Scenario>,
    /// The capacity planner's inputs and answer.
    pub planner: load_view::PlannerState,
    /// The scenario's TOML text (edits keep its comments).
    pub scenario_text: String,
    /// Milliseconds the last frame's UI took to build, and the slowest while a run was going.
    pub frame_ms: (f64, f64),
    /// Milliseconds of CPU the previous whole frame took (UI, tessellation, painting), as
    /// eframe measures it; None headless.
    pub frame_cpu_ms: Option<f32>,
    /// Other design files still to run and pin.
    pin_queue: Vec<PathBuf>,
}

impl App {
    /// A workbench on `path` (or the built-in model), with default settings and native dialogs.
    pub fn new(path: Option<&Path>) -> App {
        App::with(Settings::default(), path, Box::new(NativeDialogs))
    }

    /// A workbench with the given settings and dialogs (tests answer dialogs themselves).
    pub fn with(settings: Settings, path: Option<&Path>, dialogs: Box<dyn FileDialogs>) -> App {
        let mut app = App {
            settings,
            doc: Document::new(
                DEFAULT_MODEL.to_string(),
                None,
                "retail-reference.toml (built in)".into(),
            ),
            selected: None,
            diagram: diagram::DiagramState::default(),
            job: None,
            last: None,
            pins: Vec::new(),
            status: None,
            pending_run: None,
            seen_revision: 0,
            prompt: None,
            allow_close: false,
            dialogs,
            field_text: HashMap::new(),
            convergence: Vec::new(),
            scope: 0,
            commands: Vec::new(),
            ctx: None,
            pin_main: false,
            scenario: None,
            planner: load_view::PlannerState::new(0.9995, 0.01),
            scenario_text: String::new(),
            frame_ms: (0.0, 0.0),
            frame_cpu_ms: None,
            pin_queue: Vec::new(),
        };
        if let Some(p) = path {
            app.open_now(p);
        }
        let saved = app.settings.scenario_path.clone();
        if !saved.is_some_and(|p| app.load_scenario_file(&p)) {
            app.use_builtin_scenario();
        }
        app
    }

    /// The scenario was edited or replaced: re-run when what-if is on.
    pub fn scenario_changed(&mut self) {
        if self.settings.auto_run && self.settings.use_scenario && self.doc.plan.is_some() {
            if let Some(j) = &self.job {
                j.cancel();
            }
            self.pending_run = Some((Instant::now() + DEBOUNCE, RunKind::Quick));
        }
    }

    /// Whether a debounced what-if run is waiting to start.
    pub fn pending(&self) -> bool {
        self.pending_run.is_some()
    }

    /// Queue a command (applied at the end of the frame).
    pub fn command(&mut self, c: Command) {
        self.commands.push(c);
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
        }
    }

    fn start(&mut self, kind: RunKind) {
        let Some(mut plan) = self.doc.plan.clone() else {
            self.status = Some((
                "the model has problems: fix them before running".into(),
                true,
            ));
            return;
        };
        if let (true, Some(sc)) = (self.settings.use_scenario, &self.scenario) {
            plan = plan.with_scenario(sc.clone());
        }
        if let Some(j) = &self.job {
            j.cancel();
        }
        let cfg = self.run_config(kind);
        if let Err(e) = cfg.check() {
            self.status = Some((e.to_string(), true));
            return;
        }
        self.job = Some(Job::spawn(
            plan,
            cfg,
            kind,
            self.doc.hash(),
            self.ctx.clone(),
        ));
        self.frame_ms.1 = 0.0;
        self.pending_run = None;
    }

    /// Whether the latest results belong to the current text.
    pub fn results_current(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|o| o.text_hash == self.doc.hash())
    }

    fn apply(&mut self, c: Command) {
        match c {
            Command::Open(p) => self.guarded(Pending::Open(p)),
            Command::OpenDefault => self.guarded(Pending::OpenDefault),
            Command::Quit => self.guarded(Pending::Quit),
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.save_to(p),
                None => self.apply(Command::SaveAs),
            },
            Command::SaveAs => {
                if let Some(p) = self.dialogs.save_as("model.toml", "toml") {
                    self.save_to(p);
                }
            }
            Command::Run => self.start(RunKind::Full),
            Command::Cancel => {
                if let Some(j) = &self.job {
                    j.cancel();
                }
                self.pending_run = None;
            }
            Command::Undo => {
                self.doc.undo();
            }
            Command::Redo => {
                self.doc.redo();
            }
            Command::Pin => {
                if let Some(o) = &self.last {
                    let n = self.pins.len() + 1;
                    self.pins.push(Pin {
                        name: format!("#{n} {}", o.results.model_name),
                        results: o.results.clone(),
                    });
                    self.status = Some((format!("pinned as #{n}: see Compare"), false));
                }
            }
            Command::ExportCsv => self.export_csv(),
            Command::ExportChart(id, svg) => self.export_chart(id, svg),
            Command::Show(t) => self.settings.tab = t,
            Command::OpenScenario => {
                if let Some(p) = self.dialogs.open_model() {
                    self.load_scenario_file(&p);
                }
            }
            Command::SaveScenario => {
                let text = self.scenario_text.clone();
                if let Some(p) = self.dialogs.save_as("scenario.toml", "toml") {
                    self.status = Some(
                        match crate::io::write_atomic(&p, |w| w.write_all(text.as_bytes())) {
                            Ok(()) => {
                                self.settings.scenario_path = Some(p.clone());
                                (format!("saved {}", p.display()), false)
                            }
                            Err(e) => (format!("not saved: {e}"), true),
                        },
                    );
                }
            }
        }
    }

    /// Run `then` now, or after asking about unsaved changes.
    fn guarded(&mut self, then: Pending) {
        if self.doc.is_dirty() && self.prompt.is_none() {
            self.prompt = Some(then);
        } else {
            self.prompt = None;
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Pending) {
        match then {
            Pending::Open(Some(p)) => self.open_now(&p),
            Pending::Open(None) => {
                if let Some(p) = self.dialogs.open_model() {
                    self.open_now(&p);
                }
            }
            Pending::OpenDefault => {
                self.doc = Document::new(
                    DEFAULT_MODEL.to_string(),
                    None,
                    "retail-reference.toml (built in)".into(),
                );
                self.last = None;
                self.selected = None;
                self.seen_revision = self.doc.revision;
            }
            Pending::Quit => {
                self.allow_close = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// State changes that do not draw: worker messages, debounced what-if runs, files dropped
    /// on the window, closing.
    pub fn tick(&mut self, ctx: &egui::Context) {
        self.ctx = Some(ctx.clone());
        if let Some(job) = &mut self.job {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(o) => {
                    let pin_as = job.pin_as.take();
                    let convergence = std::mem::take(&mut job.convergence);
                    self.job = None;
                    match pin_as {
                        Some(name) => self.pins.push(Pin {
                            name,
                            results: o.results,
                        }),
                        None => {
                            self.convergence = convergence;
                            let refine = o.kind == RunKind::Quick && o.text_hash == self.doc.hash();
                            if std::mem::take(&mut self.pin_main) {
                                self.pins.push(Pin {
                                    name: format!("#1 {}", self.doc.title),
                                    results: o.results.clone(),
                                });
                            }
                            self.last = Some(*o);
                            if refine && self.settings.trials > self.settings.quick_trials {
                                self.start(RunKind::Full);
                            }
                        }
                    }
                }
                Poll::Cancelled => {
                    self.job = None;
                    self.status = Some(("run cancelled".into(), false));
                }
                Poll::Failed(e) => {
                    self.job = None;
                    self.status = Some((format!("run failed: {e}"), true));
                }
            }
        }
        if self.job.is_none()
            && self.pending_run.is_none()
            && !self.pin_main
            && !self.pin_queue.is_empty()
        {
            let path = self.pin_queue.remove(0);
            match crate::io::read_plan(&path) {
                Ok(plan) => {
                    let name = format!(
                        "#{} {}",
                        self.pins.len() + 1,
                        path.file_name()
                            .map(|n| n.to_string_lossy().to_string())
                            .unwrap_or_default()
                    );
                    let mut job = Job::spawn(
                        plan,
                        self.run_config(RunKind::Full),
                        RunKind::Full,
                        String::new(),
                        Some(ctx.clone()),
                    );
                    job.pin_as = Some(name);
                    self.job = Some(job);
                }
                Err(e) => self.status = Some((e.to_string(), true)),
            }
        }
        if self.doc.revision != self.seen_revision {
            self.seen_revision = self.doc.revision;
            if self.settings.auto_run && self.doc.plan.is_some() {
                if let Some(j) = &self.job {
                    j.cancel();
                }
                self.pending_run = Some((Instant::now() + DEBOUNCE, RunKind::Quick));
            }
        }
        if let Some((when, kind)) = self.pending_run {
            if self.job.is_none() && Instant::now() >= when {
                self.start(kind);
            } else {
                ctx.request_repaint_after(Duration::from_millis(50));
            }
        }
        if self.job.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            self.command(Command::Open(Some(p)));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.prompt = Some(Pending::Quit);
            }
            if let Some(j) = &self.job {
                j.cancel();
            }
        }
    }

    /// Draw the whole window and apply the commands it produced.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.ctx = Some(ctx.clone());
        self.shortcuts(&ctx);
        toolbar::top_ui(self, ui);
        toolbar::status_ui(self, ui);
        egui::CentralPanel::default().show(ui, |ui| match self.settings.tab {
            Tab::Model => model_view::model_ui(self, ui),
            Tab::Text => model_view::text_ui(self, ui),
            Tab::Run => run_view::run_ui(self, ui),
            Tab::Results => results_view::results_ui(self, ui),
            Tab::Compare => results_view::compare_ui(self, ui),
            Tab::Load => load_view::load_ui(self, ui),
        });
        self.prompt_ui(&ctx);
        let export: Option<(crate::report::charts::Chart, bool)> =
            ctx.data_mut(|d| d.remove_temp(egui::Id::new(plot::EXPORT_REQUEST)));
        if let Some((chart, svg)) = export {
            let stem: String = chart
                .title
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            self.export_chart_data(&chart, stem.trim_matches('-'), svg);
        }
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // What a command changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for c in commands {
            self.apply(c);
        }
        let ms = frame_start.elapsed().as_secs_f64() * 1e3;
        let running_max = if self.job.is_some() {
            self.frame_ms.1.max(ms)
        } else {
            self.frame_ms.1
        };
        self.frame_ms = (ms, running_max);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let run = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
        let text_focused = ctx.memory(|m| m.focused().is_some());
        ctx.input_mut(|i| {
            if !text_focused && i.consume_shortcut(&redo) {
                self.commands.push(Command::Redo);
            }
            if !text_focused && i.consume_shortcut(&undo) {
                self.commands.push(Command::Undo);
            }
            if i.consume_shortcut(&save) {
                self.commands.push(Command::Save);
            }
            if i.consume_shortcut(&open) {
                self.commands.push(Command::Open(None));
            }
            if i.consume_shortcut(&run) {
                self.commands.push(Command::Run);
            }
        });
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.prompt.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::new("unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{} has changes that are not saved.",
                self.doc.title
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(0);
                }
                if ui.button("Discard changes").clicked() {
                    answer = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(2);
                }
            });
        });
        match answer {
            Some(0) => {
                self.apply(Command::Save);
                if !self.doc.is_dirty() {
                    self.prompt = None;
                    self.proceed(pending);
                }
            }
            Some(1) => {
                self.prompt = None;
                self.proceed(pending);
            }
            Some(2) => self.prompt = None,
            _ => {}
        }
    }
}
