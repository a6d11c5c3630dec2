//! The editor of the selected node (or of the whole model when none is selected), one panel
//! per concept in `editor/`. Every change is a list of path edits applied through the model
//! document at the end of the frame; refused input stays in its field with the document's
//! messages beside it and is never applied, so nothing typed is lost and the model stays whole.

mod cause;
mod component;
mod dist;
mod fields;
mod group;
mod model_settings;
mod service;

use super::{App, Command};
use crate::edit::Kind;
pub(crate) use fields::EditorView;
use fields::Form;

/// Editor for the selected node, or the model's settings when nothing (that exists) is
/// selected.
pub(crate) fn editor_ui(
    app: &App,
    view: &mut EditorView,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let Some(model) = app.doc.shown_model() else {
        ui.label("Fix the file in the Text view first.");
        return;
    };
    let mut form = Form { app, view, out };
    if let Some((kind, name)) = &app.selected {
        let shown = match kind {
            Kind::Component => model
                .components
                .iter()
                .find(|c| &c.name == name)
                .map(|c| component::component_ui(&mut form, ui, model, c)),
            Kind::Group => model
                .groups
                .iter()
                .find(|g| &g.name == name)
                .map(|g| group::group_ui(&mut form, ui, model, g)),
            Kind::Service => model
                .services
                .iter()
                .find(|s| &s.name == name)
                .map(|s| service::service_ui(&mut form, ui, model, s)),
            Kind::CommonCause => model
                .common_causes
                .iter()
                .find(|c| &c.name == name)
                .map(|c| cause::cause_ui(&mut form, ui, model, c)),
            _ => None,
        };
        if shown.is_some() {
            return;
        }
    }
    model_settings::model_settings_ui(&mut form, ui, model);
}
