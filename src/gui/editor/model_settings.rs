//! The whole model, when no node is selected: its name, horizon, currency and
//! description, and the catalog of everything it holds (each table a click away, with add
//! buttons).

use super::fields::{Form, refused_ui, text_sized_ui, text_ui};
use crate::edit::{Edit, EditPath, Kind};
use crate::model::Model;
use egui::RichText;

/// The model's settings, then the catalog of its tables.
pub(crate) fn model_settings_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model) {
    ui.heading("Model");
    ui.label(
        RichText::new(
            "Click a box in the diagram to edit it, or pick anything from the lists below.",
        )
        .weak(),
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let l = ui.label("name");
        let path = EditPath::key(Kind::Model, "", &["name"]);
        let field = path.to_string();
        text_ui(form, ui, l.id, &field, &model.model.name, |new| {
            vec![Edit::set(path, new)]
        });
    });
    let horizon = EditPath::key(Kind::Model, "", &["horizon_hours"]);
    let horizon_field = horizon.to_string();
    let mut h = model.model.horizon_hours;
    ui.horizontal(|ui| {
        let l = ui.label("horizon (hours)");
        if ui
            .add(
                egui::DragValue::new(&mut h)
                    .range(1.0..=crate::model::MAX_HORIZON_HOURS)
                    .speed(24.0),
            )
            .labelled_by(l.id)
            .changed()
        {
            form.edit(&horizon_field, vec![Edit::set(horizon, h)]);
        }
        ui.label(RichText::new(format!("= {:.2} years", h / crate::model::HOURS_PER_YEAR)).weak());
    });
    refused_ui(form, ui, &horizon_field);
    ui.horizontal(|ui| {
        let l = ui
            .label("currency")
            .on_hover_text("ISO 4217 code of every money figure (default USD)");
        let path = EditPath::key(Kind::Model, "", &["currency"]);
        let field = path.to_string();
        let current = model.model.currency.as_deref().unwrap_or_default();
        text_ui(form, ui, l.id, &field, current, |new| {
            if new.is_empty() {
                vec![super::fields::remove(path)]
            } else {
                vec![Edit::set(path, new)]
            }
        });
        if model.model.currency.is_none() {
            ui.label(RichText::new(format!("({} by default)", model.model.currency())).weak());
        }
    });
    let infra = crate::model::money::infrastructure_year(model);
    if infra > 0.0 {
        ui.label(
            RichText::new(format!(
                "infrastructure {} a year",
                super::money::money_text(infra, model.model.currency())
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        let l = ui.label("description");
        let path = EditPath::key(Kind::Model, "", &["description"]);
        let field = path.to_string();
        let width = (ui.available_width() - 8.0).max(120.0);
        let current = &model.model.description;
        text_sized_ui(form, ui, (l.id, &field), current, width, |new| {
            if new.is_empty() {
                vec![super::fields::remove(path)]
            } else {
                vec![Edit::set(path, new)]
            }
        });
    });
    ui.separator();
    super::catalog::catalog_ui(form, ui, model);
}
