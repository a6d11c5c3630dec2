//! Applying [`Command`]s at the end of the frame: the one place where what panels, menus and
//! shortcuts ask for changes the App.

use super::command::{Answer, Command, DocId, EditRequest, Report, Setting, Status};
use super::job::RunKind;
use super::{App, Pending, Pin};
use crate::edit::{Kind, Op, Target};

impl App {
    pub(super) fn apply(&mut self, c: Command) {
        match c {
            Command::Open(p) => self.guarded(Pending::Open(p)),
            Command::OpenDefault => self.guarded(Pending::OpenDefault),
            Command::OpenExample(doc, path) => self.guarded(Pending::Example(doc, path)),
            Command::Quit => self.guarded(Pending::Quit),
            Command::Save => match self.model_path.clone() {
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
                if let Some(j) = &mut self.job {
                    j.cancel();
                }
                self.pending_run = None;
            }
            Command::Undo => {
                match self.current_doc() {
                    DocId::Model => self.doc.undo(),
                    DocId::Scenario => self.scenario.undo(),
                };
            }
            Command::Redo => {
                match self.current_doc() {
                    DocId::Model => self.doc.redo(),
                    DocId::Scenario => self.scenario.redo(),
                };
            }
            Command::Edit(req) => self.apply_edit(req),
            Command::SetText(t) => self.doc.set_text(t, "text"),
            Command::Select(sel) => {
                if sel != self.selected {
                    self.views.editor = Default::default();
                    self.field_errors.clear();
                }
                self.selected = sel;
            }
            Command::Set(s) => self.set(s),
            Command::Diagram(model, action) => {
                self.settings
                    .diagrams
                    .entry(model)
                    .or_default()
                    .apply(&action);
            }
            Command::Pin => {
                if let Some(o) = &self.last {
                    let n = self.pins.len() + 1;
                    self.pins.push(Pin {
                        name: format!("#{n} {}", o.results.model_name),
                        results: o.results.clone(),
                    });
                    self.status = Some(Status::info(format!("pinned as #{n}: see Compare")));
                }
            }
            Command::RenamePin(i, name) => {
                if let Some(p) = self.pins.get_mut(i) {
                    p.name = name;
                }
            }
            Command::RemovePin(i) => {
                if i < self.pins.len() {
                    self.pins.remove(i);
                }
            }
            Command::ExportCsv => self.export_csv(),
            Command::ExportChart(id, format) => self.export_chart(&id, format),
            Command::Show(t) => self.settings.tab = t,
            Command::OpenScenario => self.guarded(Pending::OpenScenario),
            Command::BuiltinScenario => self.guarded(Pending::BuiltinScenario),
            Command::SaveScenario => {
                if let Some(p) = self.dialogs.save_as("scenario.toml", "toml") {
                    self.save_scenario_to(p);
                }
            }
            Command::PlanCapacity {
                target,
                max_overload,
            } => self.start_planning(target, max_overload),
            Command::CancelPlanning => self.cancel_planning(),
            Command::RunSensitivity => self.start_sensitivity(),
            Command::RunOptimise => self.start_optimise(),
            Command::CancelDecision(d) => self.cancel_decision(d),
            Command::Decide(s) => self.decide_set(s),
            Command::OptimiseOptions(p) => {
                if let Some(p) = p.or_else(|| self.dialogs.open_model()) {
                    self.open_options_file(&p);
                }
            }
            Command::BuiltinOptimiseOptions => self.builtin_optimise_options(),
            Command::ExportReport => self.export_report(),
            Command::Answer(a) => self.answer(a),
            Command::Recovery(a) => self.answer_recovery(a),
            Command::OpenOptions(p) => {
                if let Some(p) = p.or_else(|| self.dialogs.open_file("options file", "toml")) {
                    self.open_options(&p);
                }
            }
            Command::BuiltinOptions => self.builtin_options(),
            Command::ToggleOption(i, on) => self.toggle_option(i, on),
            Command::OpenSurvey(p) => {
                if let Some(p) = p.or_else(|| self.dialogs.open_file("survey CSV", "csv")) {
                    self.open_survey(&p);
                }
            }
            Command::BuiltinSurvey => self.builtin_survey(),
            Command::ComputeTradeoffs => self.tradeoffs.paused = false,
            Command::CancelTradeoffs => self.cancel_tradeoffs(),
        }
    }

    fn set(&mut self, s: Setting) {
        let st = &mut self.settings;
        match s {
            Setting::Trials(n) => st.trials = n,
            Setting::QuickTrials(n) => st.quick_trials = n,
            Setting::Seed(n) => st.seed = n,
            Setting::Threads(n) => st.threads = n,
            Setting::Horizon(h) => st.horizon_hours = h,
            Setting::AutoRun(b) => st.auto_run = b,
            Setting::UseScenario(b) => st.use_scenario = b,
        }
    }

    /// Apply form edits to a document; a refusal keeps its messages for the field (or the
    /// status bar). Renames and removals carry the selection along.
    fn apply_edit(&mut self, req: EditRequest) {
        let result = match req.doc {
            DocId::Model => self.doc.apply(&req.edits, &req.field),
            DocId::Scenario => self.scenario.apply(&req.edits, &req.field),
        };
        match result {
            Ok(()) => {
                self.field_errors.remove(&req.field);
                if req.doc == DocId::Model {
                    self.follow_selection(&req.edits);
                }
            }
            Err(e) => {
                if req.report == Report::Status {
                    self.status = Some(Status::error(format!("not applied: {e}")));
                }
                self.field_errors.insert(req.field, e.messages());
            }
        }
    }

    fn follow_selection(&mut self, edits: &[crate::edit::Edit]) {
        for e in edits {
            let Some((kind, name)) = &self.selected else {
                return;
            };
            let Target::Named(target) = &e.path.target else {
                continue;
            };
            if e.path.kind != *kind || target != name {
                continue;
            }
            match (&e.op, e.path.keys.as_slice()) {
                (Op::Set(toml::Value::String(new)), [k]) if k == "name" => {
                    self.selected = Some((*kind, new.clone()));
                }
                (Op::Remove, []) => self.selected = None,
                _ => {}
            }
        }
    }

    /// Whether `then` would lose unsaved edits: of the model, of the scenario.
    pub(super) fn would_lose(&self, then: &Pending) -> (bool, bool) {
        let (model, scenario) = then.replaces();
        (
            model && self.doc.is_dirty(),
            scenario && self.scenario.is_dirty(),
        )
    }

    /// Run `then` now, or after asking about the unsaved changes it would lose.
    fn guarded(&mut self, then: Pending) {
        let (model, scenario) = self.would_lose(&then);
        if (model || scenario) && self.prompt.is_none() {
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
            Pending::OpenDefault => self.open_builtin_model(),
            Pending::Example(doc, path) => self.open_example(doc, &path),
            Pending::OpenScenario => {
                if let Some(p) = self.dialogs.open_model() {
                    self.load_scenario_file(&p);
                }
            }
            Pending::BuiltinScenario => self.use_builtin_scenario(),
            Pending::Quit => {
                self.allow_close = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn answer(&mut self, a: Answer) {
        let Some(pending) = self.prompt.clone() else {
            return;
        };
        match a {
            Answer::Save => {
                let (model, scenario) = self.would_lose(&pending);
                if model {
                    self.apply(Command::Save);
                }
                if scenario {
                    match self.settings.scenario_path.clone() {
                        Some(p) => self.save_scenario_to(p),
                        None => {
                            if let Some(p) = self.dialogs.save_as("scenario.toml", "toml") {
                                self.save_scenario_to(p);
                            }
                        }
                    }
                }
                if self.would_lose(&pending) == (false, false) {
                    self.prompt = None;
                    self.proceed(pending);
                }
            }
            Answer::Discard => {
                self.prompt = None;
                if pending == Pending::Quit {
                    self.forget_journal();
                }
                self.proceed(pending);
            }
            Answer::Cancel => self.prompt = None,
        }
    }

    /// Select a table by name: a component, group, service, common cause, zone, region or
    /// SLA (the first kind that has it).
    pub fn select_name(&mut self, name: &str) {
        let Some(m) = self.doc.shown_model() else {
            return;
        };
        let has = |names: Vec<&str>| names.contains(&name);
        let kind = if has(m.components.iter().map(|c| c.name.as_str()).collect()) {
            Kind::Component
        } else if has(m.groups.iter().map(|g| g.name.as_str()).collect()) {
            Kind::Group
        } else if has(m.services.iter().map(|s| s.name.as_str()).collect()) {
            Kind::Service
        } else if has(m.common_causes.iter().map(|c| c.name.as_str()).collect()) {
            Kind::CommonCause
        } else if has(m.zones.iter().map(|z| z.name.as_str()).collect()) {
            Kind::Zone
        } else if has(m.regions.iter().map(|r| r.name.as_str()).collect()) {
            Kind::Region
        } else if has(m.slas.iter().map(|s| s.name.as_str()).collect()) {
            Kind::Sla
        } else {
            return;
        };
        self.selected = Some((kind, name.to_string()));
    }
}
