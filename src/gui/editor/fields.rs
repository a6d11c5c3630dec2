//! Shared editor widgets: a number typed as text (invalid text stays, with why, and is never
//! applied), a name field, a checklist of names, an optional key switched on and off, the
//! panel header, and the messages of refused edits and of the file's own problems shown
//! beside their fields. The same widgets edit the model and the load scenario.

use crate::edit::{Edit, EditPath, Kind, Op};
use crate::gui::App;
use crate::gui::command::{Command, DocId, EditRequest, Report};
use crate::model::Diagnostic;
use egui::{Color32, RichText};
use std::collections::HashMap;

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);

/// The edit path of keys `keys` of component `c` (`component.<name>.<keys…>`).
pub(super) fn component_key(c: &crate::model::Component, keys: &[&str]) -> EditPath {
    EditPath::key(Kind::Component, &c.name, keys)
}

/// The editor's own state: text typed into fields, by field id, while it differs from the
/// model (invalid, refused, or still being typed).
#[derive(Default)]
pub(crate) struct EditorView {
    texts: HashMap<String, String>,
    /// Placement counts being typed, by component, while they differ from the model (a
    /// sum that does not match the replicas stays here, with the reason, and is not applied).
    pub placements: HashMap<String, Vec<(String, u32)>>,
    /// Filter text of the searchable name pickers, by field id.
    pub filters: HashMap<String, String>,
}

/// What an editor panel works with: the App to read, its own state, the commands it returns
/// and the document its edits go to.
pub(crate) struct Form<'a> {
    /// The workbench, read only.
    pub app: &'a App,
    /// The editor's own state.
    pub view: &'a mut EditorView,
    /// The commands of this frame.
    pub out: &'a mut Vec<Command>,
    /// The document edited: the model, or the load scenario.
    pub doc: DocId,
}

impl Form<'_> {
    /// Apply `edits` together (as one undo step for quick edits of `field`); a refusal is
    /// shown beside the field.
    pub fn edit(&mut self, field: &str, edits: Vec<Edit>) {
        self.send(field, edits, Report::Inline);
    }

    /// Apply `edits` from a button; a refusal is shown in the status bar.
    pub fn edit_from_button(&mut self, field: &str, edits: Vec<Edit>) {
        self.send(field, edits, Report::Status);
    }

    fn send(&mut self, field: &str, edits: Vec<Edit>, report: Report) {
        self.out.push(Command::Edit(EditRequest {
            doc: self.doc,
            edits,
            field: field.to_string(),
            report,
        }));
    }

    /// Select a node (or none).
    pub fn select(&mut self, sel: Option<(Kind, String)>) {
        self.out.push(Command::Select(sel));
    }

    /// The messages of the last refused edit of `field`.
    pub fn refused(&self, field: &str) -> &[String] {
        self.app.field_error(field).unwrap_or_default()
    }

    /// The problems the edited document's text has now (none when it is valid).
    pub fn problems(&self) -> &[Diagnostic] {
        match self.doc {
            DocId::Model => self.app.doc.problems().map(|e| e.diagnostics.as_slice()),
            DocId::Scenario => self
                .app
                .scenario
                .problems()
                .map(|e| e.diagnostics.as_slice()),
        }
        .unwrap_or_default()
    }
}

/// An edit that removes the key (or table) at `path`.
pub(crate) fn remove(path: EditPath) -> Edit {
    Edit {
        path,
        op: Op::Remove,
    }
}

/// A TOML table of numbers, for setting a small table (`cost`, `usl`) whole.
pub(crate) fn number_table(pairs: &[(&str, f64)]) -> toml::Value {
    let mut t = toml::Table::new();
    for (k, v) in pairs {
        t.insert((*k).to_string(), (*v).into());
    }
    toml::Value::Table(t)
}

/// A checkbox for an optional key at `path`: ticking sets it to `default`, unticking removes
/// it. Returns whether the key is set (so its fields are shown).
pub(crate) fn optional_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    path: EditPath,
    (label, hint): (&str, &str),
    present: bool,
    default: impl FnOnce() -> toml::Value,
) -> bool {
    let field = path.to_string();
    let mut on = present;
    if ui.checkbox(&mut on, label).on_hover_text(hint).changed() {
        let edit = if on {
            Edit::set(path, default())
        } else {
            remove(path)
        };
        form.edit(&field, vec![edit]);
    }
    refused_ui(form, ui, &field);
    present
}

/// A warning line under a field.
pub(crate) fn inline_error(ui: &mut egui::Ui, msg: &str) {
    ui.label(RichText::new(format!("⚠ {msg}")).color(ERROR).small());
}

/// Problems the edited text has for one table (`component "web"` …) and, optionally, one key.
pub(crate) fn node_problems(form: &Form, label: &str, key: Option<&str>) -> Vec<String> {
    form.problems()
        .iter()
        .filter(|d| {
            d.key.starts_with(label)
                && key.is_none_or(|k| d.key[label.len()..].trim_start_matches('.').starts_with(k))
        })
        .map(|d| d.message.clone())
        .collect()
}

/// The label the file reader uses for a table in its messages (`component "web"`).
pub(crate) fn table_label(kind: Kind, name: &str) -> String {
    format!("{} \"{name}\"", kind.key())
}

/// A number typed as text at `path` (labelled by widget `label`): each keystroke that makes a
/// number sends `path=value`; text that is not a number, or that the model refuses, stays
/// with the reason beside it.
pub(crate) fn number_text_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    label: egui::Id,
    path: EditPath,
    current: f64,
) {
    let field = path.to_string();
    number_text_with_ui(form, ui, (label, &field), current, |v| {
        vec![Edit::set(path, v)]
    });
}

/// A number typed as text in form field `field` (labelled by widget `label`): each keystroke
/// that makes a number sends the edits `make` gives for it; text that is not a number, or
/// that the document refuses, stays with the reason beside it.
pub(crate) fn number_text_with_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    (label, field): (egui::Id, &str),
    current: f64,
    make: impl FnOnce(f64) -> Vec<Edit>,
) {
    let mut text = form
        .view
        .texts
        .get(field)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    let r = ui
        .add(sized(egui::TextEdit::singleline(&mut text), 90.0))
        .labelled_by(label);
    let parsed = text.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    if r.changed() {
        if let Some(v) = parsed {
            form.edit(field, make(v));
        }
        form.view.texts.insert(field.to_string(), text.clone());
        return;
    }
    let Some(kept) = form.view.texts.get(field) else {
        return;
    };
    match parsed {
        Some(v) if v == current => {
            if !r.has_focus() {
                form.view.texts.remove(field);
            }
        }
        Some(_) => {
            for m in form.refused(field) {
                inline_error(ui, &format!("{m} (not applied)"));
            }
        }
        None => inline_error(ui, &format!("`{kept}` is not a number (not applied)")),
    }
}

/// Text that must read as a value (a date…) in form field `field`: each change that reads
/// sends the edits `make` gives for it; text that does not read (said to be "not `what`"), or
/// that the document refuses, stays with the reason beside it.
pub(crate) fn parsed_text_ui<T>(
    form: &mut Form,
    ui: &mut egui::Ui,
    (label, field): (egui::Id, &str),
    current: &str,
    (parse, what): (impl Fn(&str) -> Option<T>, &str),
    make: impl FnOnce(T) -> Vec<Edit>,
) {
    let mut text = form
        .view
        .texts
        .get(field)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    let r = ui
        .add(sized(egui::TextEdit::singleline(&mut text), 90.0))
        .labelled_by(label);
    if r.changed() {
        if text.trim() != current
            && let Some(v) = parse(&text)
        {
            form.edit(field, make(v));
        }
        form.view.texts.insert(field.to_string(), text);
        return;
    }
    let Some(kept) = form.view.texts.get(field).cloned() else {
        return;
    };
    if kept.trim() == current {
        if !r.has_focus() {
            form.view.texts.remove(field);
        }
    } else if parse(&kept).is_none() {
        inline_error(ui, &format!("`{kept}` is not {what} (not applied)"));
    } else {
        for m in form.refused(field) {
            inline_error(ui, &format!("{m} (not applied)"));
        }
    }
}

/// The messages of a refused edit of `field`, under it.
pub(crate) fn refused_ui(form: &Form, ui: &mut egui::Ui, field: &str) {
    for m in form.refused(field) {
        inline_error(ui, m);
    }
}

/// A text field of the width form fields have (a grid's middle column included: egui gives
/// those only last frame's width, so the field asks for its own).
fn sized(edit: egui::TextEdit<'_>, width: f32) -> egui::TextEdit<'_> {
    edit.desired_width(width).min_size(egui::vec2(width, 0.0))
}

/// A text field (labelled by widget `label`) whose every change is sent through `edits`
/// (renames, the model's name); refused text stays with the reason beside it.
pub(crate) fn text_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    label: egui::Id,
    field: &str,
    current: &str,
    edits: impl FnOnce(&str) -> Vec<Edit>,
) {
    text_sized_ui(form, ui, (label, field), current, 180.0, edits);
}

/// [`text_ui`] `width` points wide.
pub(crate) fn text_sized_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    (label, field): (egui::Id, &str),
    current: &str,
    width: f32,
    edits: impl FnOnce(&str) -> Vec<Edit>,
) {
    let mut text = form
        .view
        .texts
        .get(field)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    let r = ui
        .add(sized(egui::TextEdit::singleline(&mut text), width))
        .labelled_by(label);
    if r.changed() {
        if text != current {
            form.edit(field, edits(&text));
        }
        form.view.texts.insert(field.to_string(), text);
        return;
    }
    if form.view.texts.get(field).is_some_and(|t| t == current) {
        if !r.has_focus() {
            form.view.texts.remove(field);
        }
    } else if form.view.texts.contains_key(field) {
        refused_ui(form, ui, field);
    }
}

/// The name of a table: each change renames it and every reference to it.
pub(crate) fn name_ui(form: &mut Form, ui: &mut egui::Ui, kind: Kind, current: &str) {
    ui.horizontal(|ui| {
        let l = ui.label("name");
        // One id per kind, not per name: the table's name changes as it is typed.
        let field = format!("{}:name", kind.key());
        text_ui(form, ui, l.id, &field, current, |new| {
            vec![Edit::set(EditPath::key(kind, current, &["name"]), new)]
        });
    });
}

/// Checkboxes for a list of names; returns the new list when one was ticked or unticked.
pub(crate) fn names_ui(
    ui: &mut egui::Ui,
    candidates: &[&str],
    current: &[String],
) -> Option<Vec<String>> {
    let mut list = current.to_vec();
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for n in candidates {
            let mut on = list.iter().any(|x| x == n);
            if ui.checkbox(&mut on, *n).changed() {
                changed = true;
                if on {
                    list.push(n.to_string());
                } else {
                    list.retain(|x| x != n);
                }
            }
        }
        if candidates.is_empty() {
            ui.label(RichText::new("(nothing else to choose)").weak());
        }
    });
    changed.then_some(list)
}

/// Set a list of names at `path`.
pub(crate) fn set_names(path: EditPath, list: &[String]) -> Edit {
    let names = list
        .iter()
        .map(|n| toml::Value::String(n.clone()))
        .collect();
    Edit::set(path, toml::Value::Array(names))
}

/// The panel heading with delete (the table and every reference to it) and close.
pub(crate) fn header_ui(form: &mut Form, ui: &mut egui::Ui, what: &str, kind: Kind, name: &str) {
    header_with_ui(form, ui, what, kind, name, Vec::new());
}

/// The panel heading; delete applies `before` (fixes that keep the model whole, such as
/// moving placement counts off a deleted zone), then removes the table, as one undo step.
pub(crate) fn header_with_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    what: &str,
    kind: Kind,
    name: &str,
    before: Vec<Edit>,
) {
    ui.horizontal(|ui| {
        ui.heading(what);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("🗑 delete")
                .on_hover_text("Delete it and every reference to it (undo with Ctrl+Z)")
                .clicked()
            {
                let mut edits = before;
                edits.push(remove(EditPath::table(kind, name)));
                form.edit_from_button("delete", edits);
            }
            if ui
                .button("close")
                .on_hover_text("Close the editor")
                .clicked()
            {
                form.select(None);
            }
        });
    });
}
