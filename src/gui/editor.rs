//! The editor of the selected table (or of the whole model when none is selected) and the
//! load scenario's form, one panel per concept in `editor/`. Every change is a list of path
//! edits applied through the model (or scenario) document at the end of the frame; refused
//! input stays in its field with the document's messages beside it and is never applied, so
//! nothing typed is lost and the file stays whole.

mod capacity;
mod catalog;
mod cause;
mod component;
mod dist;
mod domain;
mod fields;
mod group;
mod model_settings;
mod money;
mod peaks;
mod picker;
mod placement;
mod scenario;
mod service;
mod shape;
mod sla;

use super::{App, Command, DocId};
use crate::edit::Kind;
pub(crate) use fields::EditorView;
use fields::Form;
pub(crate) use scenario::{ScenarioView, scenario_ui};

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
    let mut form = Form {
        app,
        view,
        out,
        doc: DocId::Model,
    };
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
            Kind::Zone | Kind::Region => {
                let list = if *kind == Kind::Zone {
                    &model.zones
                } else {
                    &model.regions
                };
                list.iter()
                    .find(|d| &d.name == name)
                    .map(|d| domain::domain_ui(&mut form, ui, model, *kind, d))
            }
            Kind::Sla => model
                .slas
                .iter()
                .find(|s| &s.name == name)
                .map(|s| sla::sla_ui(&mut form, ui, model, s)),
            _ => None,
        };
        if shown.is_some() {
            return;
        }
    }
    model_settings::model_settings_ui(&mut form, ui, model);
}
