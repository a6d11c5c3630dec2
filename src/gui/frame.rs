//! One frame of the workbench: the state changes that do not draw (task results, debounced
//! what-if runs, the journal, dropped files, closing), then the panels drawn from `&App`, and
//! the commands they returned applied at the end.

use super::command::{Answer, Command, RecoveryAnswer, Status};
use super::job::RunKind;
use super::state::Tab;
use super::task::Outcome;
use super::{App, DEBOUNCE, Pending, Pin, load_view, model_view, results_view, run_view, toolbar};
use std::path::PathBuf;
use std::time::{Duration, Instant};

impl App {
    /// State changes that do not draw: worker messages, debounced what-if runs, the journal of
    /// unsaved edits, files dropped on the window, closing.
    pub fn tick(&mut self, ctx: &egui::Context) {
        self.ctx = Some(ctx.clone());
        self.poll_run();
        self.poll_decisions();
        self.poll_planner();
        self.tradeoffs_tick();
        self.next_pin_run(ctx);
        if self.model_key() != self.seen_model {
            self.seen_model = self.model_key();
            if self.settings.auto_run && self.doc.plan().is_some() {
                if let Some(j) = &mut self.job {
                    j.cancel();
                }
                self.pending_run = Some((Instant::now() + DEBOUNCE, RunKind::Quick));
            }
        }
        if self.scenario_key() != self.seen_scenario {
            self.seen_scenario = self.scenario_key();
            self.scenario_changed();
        }
        if let Some((when, kind)) = self.pending_run {
            if self.job.is_none() && Instant::now() >= when {
                self.start(kind);
            } else {
                ctx.request_repaint_after(Duration::from_millis(50));
            }
        }
        if self.job.is_some() || self.planner.running() || self.tradeoffs.running() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.journal_tick(ctx);
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(p) = dropped {
            self.command(Command::Open(Some(p)));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() || self.scenario.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.prompt = Some(Pending::Quit);
            }
            if let Some(j) = &mut self.job {
                j.cancel();
            }
            self.cancel_planning();
        }
    }

    fn poll_run(&mut self) {
        let Some(job) = &mut self.job else { return };
        let Some(outcome) = job.poll() else { return };
        let pin_as = job.pin_as.take();
        let convergence = std::mem::take(&mut job.convergence);
        self.job = None;
        if let Some(s) = Status::for_outcome("run", &outcome) {
            self.status = Some(s);
        }
        let Outcome::Done(o) = outcome else { return };
        self.runs_finished += 1;
        if let Some(name) = pin_as {
            self.pins.push(Pin {
                name,
                results: o.results,
            });
            return;
        }
        self.convergence = convergence;
        let refine = o.kind == RunKind::Quick && o.text_hash == self.model_hash();
        if std::mem::take(&mut self.pin_main) {
            self.pins.push(Pin {
                name: format!("#1 {}", self.model_title),
                results: o.results.clone(),
            });
        }
        self.last = Some(o);
        if refine && self.settings.trials > self.settings.quick_trials {
            self.start(RunKind::Full);
        }
    }

    /// Start the next start-up comparison run when nothing else runs.
    fn next_pin_run(&mut self, ctx: &egui::Context) {
        if self.job.is_some() || self.pending_run.is_some() || self.pin_main {
            return;
        }
        if self.pin_queue.is_empty() {
            return;
        }
        let path = self.pin_queue.remove(0);
        match crate::io::read_plan(&path) {
            Ok(plan) => {
                let name = format!(
                    "#{} {}",
                    self.pins.len() + 1,
                    super::files::file_name(&path)
                );
                let mut job = super::job::RunJob::spawn(
                    plan,
                    self.run_config(RunKind::Full),
                    RunKind::Full,
                    String::new(),
                    Some(ctx.clone()),
                );
                job.pin_as = Some(name);
                self.job = Some(job);
            }
            Err(e) => self.status = Some(Status::error(e.to_string())),
        }
    }

    /// Draw the whole window and apply the commands it produced.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.ctx = Some(ctx.clone());
        self.refresh_hash();
        if self.settings.tab == Tab::Load {
            self.refresh_load_figures();
        }
        let mut out = std::mem::take(&mut self.commands);
        shortcuts(&ctx, &mut out);
        let mut views = std::mem::take(&mut self.views);
        {
            let app: &App = self;
            toolbar::top_ui(app, ui, &mut out);
            toolbar::status_ui(app, ui);
            egui::CentralPanel::default().show(ui, |ui| match app.settings.tab {
                Tab::Model => {
                    model_view::model_ui(app, &mut views.editor, &mut views.diagram, ui, &mut out)
                }
                Tab::Text => model_view::text_ui(app, &mut views.text, ui, &mut out),
                Tab::Run => run_view::run_ui(app, ui, &mut out),
                Tab::Results => results_view::results_ui(app, &mut views.results, ui, &mut out),
                Tab::Compare => results_view::compare_ui(app, ui, &mut out),
                Tab::Sensitivity => super::sensitivity_view::sensitivity_ui(app, ui, &mut out),
                Tab::Optimise => super::optimise_view::optimise_ui(app, ui, &mut out),
                Tab::Load => load_view::load_ui(app, &mut views.load, ui, &mut out),
                Tab::Tradeoffs => super::tradeoffs::view::tradeoffs_ui(app, ui, &mut out),
            });
            app.prompt_ui(&ctx, &mut out);
            app.recovery_ui(&ctx, &mut out);
        }
        self.views = views;
        if !out.is_empty() {
            // What a command changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for c in out {
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

    fn prompt_ui(&self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let Some(pending) = &self.prompt else {
            return;
        };
        let (model, scenario) = self.would_lose(pending);
        let mut what = Vec::new();
        if model {
            what.push(self.model_title.clone());
        }
        if scenario {
            what.push("the load scenario".to_string());
        }
        let verb = if what.len() > 1 { "have" } else { "has" };
        egui::Modal::new(egui::Id::new("unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{} {verb} changes that are not saved.",
                what.join(" and ")
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                for (label, a) in [
                    ("Save", Answer::Save),
                    ("Discard changes", Answer::Discard),
                    ("Cancel", Answer::Cancel),
                ] {
                    if ui.button(label).clicked() {
                        out.push(Command::Answer(a));
                    }
                }
            });
        });
    }

    fn recovery_ui(&self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let Some(j) = self.recovered() else { return };
        egui::Modal::new(egui::Id::new("recovery")).show(ctx, |ui| {
            ui.heading("Restore unsaved edits?");
            for line in j.describe() {
                ui.label(line);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Restore")
                    .on_hover_text("Open the edits again, unsaved")
                    .clicked()
                {
                    out.push(Command::Recovery(RecoveryAnswer::Restore));
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Forget the edits")
                    .clicked()
                {
                    out.push(Command::Recovery(RecoveryAnswer::Discard));
                }
            });
        });
    }
}

fn shortcuts(ctx: &egui::Context, out: &mut Vec<Command>) {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
    let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
    let run = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
    let text_focused = ctx.memory(|m| m.focused().is_some());
    ctx.input_mut(|i| {
        if !text_focused && i.consume_shortcut(&redo) {
            out.push(Command::Redo);
        }
        if !text_focused && i.consume_shortcut(&undo) {
            out.push(Command::Undo);
        }
        if i.consume_shortcut(&save) {
            out.push(Command::Save);
        }
        if i.consume_shortcut(&open) {
            out.push(Command::Open(None));
        }
        if i.consume_shortcut(&run) {
            out.push(Command::Run);
        }
    });
}
