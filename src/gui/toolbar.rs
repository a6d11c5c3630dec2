//! The menu bar, the toolbar (Run, Cancel, progress, what-if switch, headline) with the view
//! tabs, and the status bar.

use super::command::Setting;
use super::state::Tab;
use super::{App, Command};
use crate::stats::nines;
use crate::text::percent;
use egui::{Color32, RichText};

/// The what-if switch (menu and toolbar).
fn auto_run_ui(app: &App, ui: &mut egui::Ui, label: &str, out: &mut Vec<Command>) {
    let mut on = app.settings.auto_run;
    if ui.checkbox(&mut on, label).changed() {
        out.push(Command::Set(Setting::AutoRun(on)));
    }
}

/// File → Examples: every shipped model and scenario (compiled in).
fn examples_ui(ui: &mut egui::Ui, out: &mut Vec<Command>) {
    use super::examples::{MODELS, SCENARIOS};
    ui.label(RichText::new("models").weak());
    for e in &MODELS {
        if ui.button(e.file_name()).on_hover_text(e.path).clicked() {
            out.push(Command::OpenExample(
                super::DocId::Model,
                e.path.to_string(),
            ));
        }
    }
    ui.separator();
    ui.label(RichText::new("load scenarios (Load & capacity view)").weak());
    for e in &SCENARIOS {
        if ui.button(e.file_name()).on_hover_text(e.path).clicked() {
            out.push(Command::OpenExample(
                super::DocId::Scenario,
                e.path.to_string(),
            ));
            out.push(Command::Show(Tab::Load));
        }
    }
}

/// Menus, toolbar and tabs.
pub(crate) fn top_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…  (Ctrl+O)").clicked() {
                    out.push(Command::Open(None));
                }
                ui.menu_button("Open recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("(none yet)");
                    }
                    for p in &app.settings.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            out.push(Command::Open(Some(p.clone())));
                        }
                    }
                });
                if ui.button("Open the built-in retail model").clicked() {
                    out.push(Command::OpenDefault);
                }
                ui.menu_button("Examples", |ui| examples_ui(ui, out));
                ui.separator();
                if ui.button("Save  (Ctrl+S)").clicked() {
                    out.push(Command::Save);
                }
                if ui.button("Save as…").clicked() {
                    out.push(Command::SaveAs);
                }
                ui.separator();
                if ui
                    .add_enabled(app.last.is_some(), egui::Button::new("Export results CSV…"))
                    .clicked()
                {
                    out.push(Command::ExportCsv);
                }
                if ui
                    .add_enabled(
                        app.doc.plan().is_some() && !app.decisions.running(),
                        egui::Button::new("Export report…"),
                    )
                    .on_hover_text(
                        "Write the page `nines report` writes (index.html with charts) into a folder",
                    )
                    .clicked()
                {
                    out.push(Command::ExportReport);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    out.push(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = app.can_undo_redo();
                let of = match app.current_doc() {
                    super::DocId::Model => "the model",
                    super::DocId::Scenario => "the scenario",
                };
                if ui
                    .add_enabled(undo, egui::Button::new("Undo  (Ctrl+Z)"))
                    .on_hover_text(format!("undo the last edit of {of}"))
                    .clicked()
                {
                    out.push(Command::Undo);
                }
                if ui
                    .add_enabled(redo, egui::Button::new("Redo  (Ctrl+Shift+Z)"))
                    .on_hover_text(format!("redo in {of}"))
                    .clicked()
                {
                    out.push(Command::Redo);
                }
            });
            ui.menu_button("Run", |ui| {
                if ui.button("Run  (Ctrl+R)").clicked() {
                    out.push(Command::Run);
                }
                if ui
                    .add_enabled(app.job.is_some(), egui::Button::new("Cancel"))
                    .clicked()
                {
                    out.push(Command::Cancel);
                }
                auto_run_ui(app, ui, "Re-run after each edit (what-if)", out);
            });
        });
    });
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let running = app.job.is_some();
            if ui
                .add_enabled(
                    app.doc.plan().is_some(),
                    egui::Button::new(RichText::new("▶ Run").strong()),
                )
                .on_hover_text("Simulate with the Run settings (Ctrl+R)")
                .clicked()
            {
                out.push(Command::Run);
            }
            if ui
                .add_enabled(running, egui::Button::new("■ Cancel"))
                .clicked()
            {
                out.push(Command::Cancel);
            }
            if let Some(job) = &app.job {
                let (frac, per_s, left) = job.rate();
                let kind = if job.kind == super::job::RunKind::Quick {
                    "quick what-if run"
                } else {
                    "run"
                };
                let text = match job.progress() {
                    Some(p) => format!(
                        "{kind}: {} / {} trials · {:.0} trials/s · ETA {:.1} s",
                        p.trials_done, p.trials_total, per_s, left
                    ),
                    None => format!("{kind}: starting…"),
                };
                ui.add(egui::ProgressBar::new(frac).desired_width(360.0).text(text));
            }
            auto_run_ui(app, ui, "what-if: re-run after edits", out);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(o) = &app.last {
                    let a = o.results.model.availability;
                    let stale = if app.results_current() {
                        ""
                    } else {
                        " (before the last edit)"
                    };
                    ui.label(
                        RichText::new(format!(
                            "availability {}  ·  {:.2} nines{stale}",
                            percent(a.mean),
                            nines(a.mean)
                        ))
                        .strong(),
                    );
                }
            });
        });
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Model, "Model"),
                (Tab::Text, "Text"),
                (Tab::Run, "Run"),
                (Tab::Results, "Results"),
                (Tab::Compare, "Compare"),
                (Tab::Load, "Load & capacity"),
                (Tab::Tradeoffs, "Tradeoffs"),
            ] {
                let label = match tab {
                    Tab::Text if app.doc.problems().is_some() => format!("{label} ⚠"),
                    Tab::Compare if !app.pins.is_empty() => format!("{label} ({})", app.pins.len()),
                    _ => label.to_string(),
                };
                if ui
                    .selectable_label(app.settings.tab == tab, label)
                    .clicked()
                {
                    out.push(Command::Show(tab));
                }
            }
            super::sensitivity_view::tabs_ui(app, ui, out);
        });
        ui.add_space(2.0);
    });
}

/// File, state and messages at the bottom.
pub(crate) fn status_ui(app: &App, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            let dirty = if app.doc.is_dirty() {
                " •  unsaved changes"
            } else {
                ""
            };
            ui.label(format!("{}{dirty}", app.model_shown_name()));
            ui.separator();
            ui.label(format!("model {}", app.model_hash()));
            if app.scenario.is_dirty() {
                ui.separator();
                ui.label("scenario: unsaved changes");
            }
            if let Some(e) = app.doc.problems() {
                ui.separator();
                ui.colored_label(
                    Color32::from_rgb(214, 39, 40),
                    format!("{} problem(s) in the model", e.diagnostics.len()),
                );
            }
            if let Some(s) = &app.status {
                ui.separator();
                if s.is_error() {
                    ui.colored_label(Color32::from_rgb(214, 39, 40), &s.text);
                } else {
                    ui.label(&s.text);
                }
            }
        });
    });
}
