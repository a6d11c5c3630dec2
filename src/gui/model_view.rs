//! The Model view (diagram with the editor of the selected node) and the Text view (the
//! TOML file, kept in sync, with its problems listed).

use super::diagram::{DiagramAction, DiagramInput, DiagramState, SavedDiagram, diagram_ui};
use super::{App, Command};
use crate::edit::Kind;
use crate::model::{Model, ModelError};
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
    diagram: &mut DiagramState,
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
    let flagged: Vec<String> = app
        .doc
        .problems()
        .iter()
        .flat_map(|e| e.diagnostics.iter().filter_map(|d| node_key(&d.key)))
        .collect();
    let hash = app.doc.hash();
    let caused: HashMap<String, f64> = match app.last.as_ref().filter(|_| app.results_current()) {
        Some(o) => o
            .results
            .components
            .iter()
            .chain(&o.results.domains)
            .map(|c| (c.name.clone(), c.caused_share))
            .collect(),
        None => HashMap::new(),
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(&model.model.name).heading());
        ui.label(
            RichText::new(
                "arrows point to what a node needs · drag boxes or the background · wheel zooms · click to edit",
            )
            .weak(),
        );
    });
    let name = model.model.name.clone();
    let empty = SavedDiagram::default();
    let saved = app.settings.diagrams.get(&name).unwrap_or(&empty);
    let input = DiagramInput {
        model_hash: &hash,
        saved,
        selected: app
            .selected
            .as_ref()
            .and_then(|(k, n)| index_of(model, *k, n).map(|i| (*k, i))),
        caused: &caused,
        flagged: &flagged,
        frame_ms: (app.frame_ms.0, app.frame_cpu_ms),
    };
    for a in diagram_ui(ui, diagram, model, &input) {
        match a {
            DiagramAction::Select(kind, index) => {
                let sel = name_of(model, kind, index).map(|n| (kind, n));
                if sel != app.selected {
                    out.push(Command::Select(sel));
                }
            }
            DiagramAction::ClearSelection => {
                if app.selected.is_some() {
                    out.push(Command::Select(None));
                }
            }
            other => {
                // Only what changes what is remembered (a command asks for another frame).
                let mut next = saved.clone();
                next.apply(&other);
                if next != *saved {
                    out.push(Command::Diagram(name.clone(), other));
                }
            }
        }
    }
}

/// The index among its kind of the table named `name` (the diagram counts by index).
fn index_of(m: &Model, kind: Kind, name: &str) -> Option<usize> {
    match kind {
        Kind::Component => m.components.iter().position(|c| c.name == name),
        Kind::Group => m.groups.iter().position(|g| g.name == name),
        Kind::Service => m.services.iter().position(|s| s.name == name),
        Kind::CommonCause => m.common_causes.iter().position(|c| c.name == name),
        _ => None,
    }
}

/// The name of the `index`-th table of `kind`.
fn name_of(m: &Model, kind: Kind, index: usize) -> Option<String> {
    match kind {
        Kind::Component => m.components.get(index).map(|c| c.name.clone()),
        Kind::Group => m.groups.get(index).map(|g| g.name.clone()),
        Kind::Service => m.services.get(index).map(|s| s.name.clone()),
        Kind::CommonCause => m.common_causes.get(index).map(|c| c.name.clone()),
        _ => None,
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
