//! The Model view (diagram with the editor of the selected node) and the Text view (the
//! TOML file, kept in sync, with its problems listed).

use super::App;
use super::diagram::{DiagramAction, DiagramInput, SavedDiagram, diagram_ui};
use super::edit::Kind;
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
pub(crate) fn model_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Panel::right("editor")
        .default_size(360.0)
        .min_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| super::editor::editor_ui(app, ui));
        });
    if let Some(e) = app.doc.errors.clone() {
        egui::Panel::bottom("problems").resizable(true).show(ui, |ui| {
            egui::ScrollArea::vertical().max_height(140.0).show(ui, |ui| {
                problems_ui(ui, &e);
                ui.label("The diagram shows the last valid model. Fix the problems here or in the Text view; nothing is lost.");
            });
        });
    }
    let Some(model) = app.doc.model() else {
        ui.label("The file could not be read as a model. Open the Text view to fix it.");
        return;
    };
    let flagged: Vec<String> = app
        .doc
        .errors
        .iter()
        .flat_map(|e| e.diagnostics.iter().filter_map(|d| node_key(&d.key)))
        .collect();
    let hash = app.doc.hash();
    let current = app.last.as_ref().filter(|o| o.text_hash == hash);
    let caused: HashMap<String, f64> = match current {
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
        selected: app.selected,
        caused: &caused,
        flagged: &flagged,
        frame_ms: (app.frame_ms.0, app.frame_cpu_ms),
    };
    let actions = diagram_ui(ui, &mut app.diagram, model, &input);
    apply_actions(app, &name, actions);
}

/// Apply what the user did in the diagram: selection here, the rest to what is remembered
/// for the model.
fn apply_actions(app: &mut App, model_name: &str, actions: Vec<DiagramAction>) {
    for a in actions {
        match a {
            DiagramAction::Select(kind, index) => app.selected = Some((kind, index)),
            DiagramAction::ClearSelection => app.selected = None,
            other => app
                .settings
                .diagrams
                .entry(model_name.to_string())
                .or_default()
                .apply(&other),
        }
    }
}

/// The TOML text, editable; every change is parsed at once.
pub(crate) fn text_ui(app: &mut App, ui: &mut egui::Ui) {
    if let Some(e) = app.doc.errors.clone() {
        egui::Panel::bottom("text-problems")
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| problems_ui(ui, &e));
            });
    } else {
        egui::Panel::bottom("text-ok").show(ui, |ui| {
            ui.label(RichText::new("✔ valid model").color(Color32::from_rgb(0, 140, 90)));
        });
    }
    let mut text = app.doc.text().to_string();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let edit = egui::TextEdit::multiline(&mut text)
            .code_editor()
            .desired_width(f32::INFINITY)
            .desired_rows(30)
            .id_salt("model-text");
        if ui.add(edit).changed() {
            app.doc.set_text(text.clone(), "text");
        }
    });
    let _ = Kind::Component;
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
