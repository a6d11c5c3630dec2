//! The menu bar, the toolbar (Run, Cancel, progress, what-if switch, headline) with the view
//! tabs, and the status bar.

use super::state::Tab;
use super::{App, Command};
use crate::stats::nines;
use egui::{Color32, RichText};

/// Format an availability as the workbench shows it everywhere ("99.98190 %").
pub fn percent(a: f64) -> String {
    format!("{:.5} %", a * 100.0)
}

/// Menus, toolbar and tabs.
pub(crate) fn top_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…  (Ctrl+O)").clicked() {
                    app.command(Command::Open(None));
                }
                ui.menu_button("Open recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("(none yet)");
                    }
                    for p in app.settings.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            app.command(Command::Open(Some(p)));
                        }
                    }
                });
                if ui.button("Open the built-in retail model").clicked() {
                    app.command(Command::OpenDefault);
                }
                ui.separator();
                if ui.button("Save  (Ctrl+S)").clicked() {
                    app.command(Command::Save);
                }
                if ui.button("Save as…").clicked() {
                    app.command(Command::SaveAs);
                }
                ui.separator();
                if ui
                    .add_enabled(app.last.is_some(), egui::Button::new("Export results CSV…"))
                    .clicked()
                {
                    app.command(Command::ExportCsv);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    app.command(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(app.doc.can_undo(), egui::Button::new("Undo  (Ctrl+Z)"))
                    .clicked()
                {
                    app.command(Command::Undo);
                }
                if ui
                    .add_enabled(
                        app.doc.can_redo(),
                        egui::Button::new("Redo  (Ctrl+Shift+Z)"),
                    )
                    .clicked()
                {
                    app.command(Command::Redo);
                }
            });
            ui.menu_button("Run", |ui| {
                if ui.button("Run  (Ctrl+R)").clicked() {
                    app.command(Command::Run);
                }
                if ui
                    .add_enabled(app.job.is_some(), egui::Button::new("Cancel"))
                    .clicked()
                {
                    app.command(Command::Cancel);
                }
                ui.checkbox(
                    &mut app.settings.auto_run,
                    "Re-run after each edit (what-if)",
                );
            });
        });
    });
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let running = app.job.is_some();
            if ui
                .add_enabled(
                    app.doc.plan.is_some(),
                    egui::Button::new(RichText::new("▶ Run").strong()),
                )
                .on_hover_text("Simulate with the Run settings (Ctrl+R)")
                .clicked()
            {
                app.command(Command::Run);
            }
            if ui
                .add_enabled(running, egui::Button::new("■ Cancel"))
                .clicked()
            {
                app.command(Command::Cancel);
            }
            if let Some(job) = &app.job {
                let (frac, per_s, left) = job.rate();
                let kind = if job.kind == super::job::RunKind::Quick {
                    "quick what-if run"
                } else {
                    "run"
                };
                let text = match job.progress {
                    Some(p) => format!(
                        "{kind}: {} / {} trials · {:.0} trials/s · ETA {:.1} s",
                        p.trials_done, p.trials_total, per_s, left
                    ),
                    None => format!("{kind}: starting…"),
                };
                ui.add(egui::ProgressBar::new(frac).desired_width(360.0).text(text));
            }
            ui.checkbox(&mut app.settings.auto_run, "what-if: re-run after edits");
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
            ] {
                let label = match tab {
                    Tab::Text if app.doc.errors.is_some() => format!("{label} ⚠"),
                    Tab::Compare if !app.pins.is_empty() => format!("{label} ({})", app.pins.len()),
                    _ => label.to_string(),
                };
                if ui
                    .selectable_label(app.settings.tab == tab, label)
                    .clicked()
                {
                    app.command(Command::Show(tab));
                }
            }
        });
        ui.add_space(2.0);
    });
}

/// File, state and messages at the bottom.
pub(crate) fn status_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            let dirty = if app.doc.is_dirty() {
                " •  unsaved changes"
            } else {
                ""
            };
            ui.label(format!(
                "{}{dirty}",
                app.doc
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| app.doc.title.clone())
            ));
            ui.separator();
            ui.label(format!("model {}", app.doc.hash()));
            if let Some(e) = &app.doc.errors {
                ui.separator();
                ui.colored_label(
                    Color32::from_rgb(214, 39, 40),
                    format!("{} problem(s) in the model", e.diagnostics.len()),
                );
            }
            if let Some((msg, is_error)) = &app.status {
                ui.separator();
                if *is_error {
                    ui.colored_label(Color32::from_rgb(214, 39, 40), msg);
                } else {
                    ui.label(msg);
                }
            }
        });
    });
}
