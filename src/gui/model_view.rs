//! The Model view (diagram with the editor of the selected node) and the Text view (the
//! TOML file, kept in sync, with its problems listed).

use super::diagram::{diagram_ui, graph};
use super::{App, Command};
use crate::model::ModelError;
use egui::{Color32, RichText};
use std::collections::HashMap;

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);

/// The node key (`c:web`) a diagnostic's key path refers to, if any.
fn node_key(diag_key: &str) -> Option<String> {
    for (kind, prefix) in [("component", "c"), ("group", "g"), ("service", "s")] {
        if let Some(rest) = diag_key
            .strip_prefix(kind)
            .and_then(|r| r.strip_prefix(" \""))
        {
            return rest.split('"').next().map(|n| format!("{prefix}:{n}"));
        }
    }
    None
}

/// List a model's problems (file:line:col: key: message).
pub(crate) fn problems_ui(ui: &mut egui::Ui, e: &ModelError) {
    ui.label(
        RichText::new(format!("{} problem(s):", e.diagnostics.len()))
            .color(ERROR)
            .strong(),
    );
    for d in &e.diagnostics {
        let at = d
            .pos
            .map(|p| format!("line {}:{}  ", p.line, p.column))
            .unwrap_or_default();
        let key = if d.key.is_empty() {
            String::new()
        } else {
            format!("{}: ", d.key)
        };
        ui.label(
            RichText::new(format!("{at}{key}{}", d.message))
                .color(ERROR)
                .monospace(),
        );
    }
}

/// Diagram, node editor and problems.
pub(crate) fn model_ui(
    app: &App,
    editor: &mut super::editor::EditorView,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    egui::Panel::right("editor")
        .default_size(360.0)
        .min_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .show(ui, |ui| super::editor::editor_ui(app, editor, ui, out));
        });
    if let Some(e) = app.doc.problems() {
        egui::Panel::bottom("problems").resizable(true).show(ui, |ui| {
            egui::ScrollArea::vertical().max_height(140.0).show(ui, |ui| {
                problems_ui(ui, e);
                ui.label("The diagram shows the last valid model. Fix the problems here or in the Text view; nothing is lost.");
            });
        });
    }
    let Some(model) = app.doc.shown_model() else {
        ui.label("The file could not be read as a model. Open the Text view to fix it.");
        return;
    };
    let g = graph(model);
    let flagged: Vec<String> = app
        .doc
        .problems()
        .iter()
        .flat_map(|e| e.diagnostics.iter().filter_map(|d| node_key(&d.key)))
        .collect();
    let caused: HashMap<String, f64> = match (&app.last, app.results_current()) {
        (Some(o), true) => o
            .results
            .components
            .iter()
            .chain(&o.results.domains)
            .map(|c| (c.name.clone(), c.caused_share))
            .collect(),
        _ => HashMap::new(),
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(&model.model.name).heading());
        ui.label(
            RichText::new(
                "arrows point to what a node needs · drag boxes to arrange · click to edit",
            )
            .weak(),
        );
        if ui.small_button("reset layout").clicked() {
            out.push(Command::ResetLayout(model.model.name.clone()));
        }
    });
    let saved = app.settings.layouts.get(&model.model.name);
    let mut positions = saved.cloned().unwrap_or_default();
    let selected = app.selected.as_ref().map(|(k, n)| (*k, n.as_str()));
    let r = diagram_ui(ui, &g, &mut positions, selected, &caused, &flagged);
    if saved.map_or(!positions.is_empty(), |s| *s != positions) {
        out.push(Command::SetLayout(model.model.name.clone(), positions));
    }
    if let Some(sel) = r.clicked {
        out.push(Command::Select(Some(sel)));
    } else if r.background_clicked {
        out.push(Command::Select(None));
    }
}

/// The Text view's own state: the text being edited (kept in step with the document).
#[derive(Default)]
pub(crate) struct TextView {
    buffer: String,
}

/// The TOML text, editable; every change is parsed at once.
pub(crate) fn text_ui(app: &App, view: &mut TextView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    if let Some(e) = app.doc.problems() {
        egui::Panel::bottom("text-problems")
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| problems_ui(ui, e));
            });
    } else {
        egui::Panel::bottom("text-ok").show(ui, |ui| {
            ui.label(RichText::new("✔ valid model").color(Color32::from_rgb(0, 140, 90)));
        });
    }
    if view.buffer != app.doc.text() {
        view.buffer.clear();
        view.buffer.push_str(app.doc.text());
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        let edit = egui::TextEdit::multiline(&mut view.buffer)
            .code_editor()
            .desired_width(f32::INFINITY)
            .desired_rows(30)
            .id_salt("model-text");
        if ui.add(edit).changed() {
            out.push(Command::SetText(view.buffer.clone()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::node_key;

    #[test]
    fn diagnostic_keys_map_to_nodes() {
        assert_eq!(
            node_key("component \"web\".min_up").as_deref(),
            Some("c:web")
        );
        assert_eq!(
            node_key("service \"checkout\".requires").as_deref(),
            Some("s:checkout")
        );
        assert_eq!(node_key("model.name"), None);
    }
}
