//! The whole model, when no node is selected: its name and horizon, what it holds, and
//! buttons that add a component, group or service with sensible starting values.

use super::fields::{Form, refused_ui, text_ui};
use crate::edit::{Edit, EditPath, Kind, Op};
use crate::model::Model;
use egui::RichText;

/// Starting values of a new component: two replicas, one needed (reference-data: web/app
/// instance default, Weibull k = 0.8 with MTTF 8760 h; automated replace, lognormal median
/// 5 min, sigma 0.67).
const NEW_COMPONENT: &str = r#"replicas = 2
min_up = 1
failure = { dist = "weibull", shape = 0.8, scale_hours = 7730 }
repair = { dist = "lognormal", median_hours = 0.0833, sigma = 0.67 }
"#;

/// The keys of a new table of `kind` in `model`; groups and services start with its first
/// component as their member or requirement, and a new service takes no share of the load
/// when the others have shares (they must be given on every service or none).
fn new_table(model: &Model, kind: Kind) -> toml::Table {
    let first = model.components.first().map(|c| c.name.as_str());
    let mut t = match kind {
        Kind::Component => toml::from_str(NEW_COMPONENT).unwrap_or_default(),
        _ => toml::Table::new(),
    };
    let first = || {
        toml::Value::Array(
            first
                .map(|m| toml::Value::String(m.to_string()))
                .into_iter()
                .collect(),
        )
    };
    match kind {
        Kind::Group => {
            t.insert("of".into(), first());
            t.insert("min_up".into(), 1.into());
        }
        Kind::Service => {
            t.insert("requires".into(), first());
            if model.services.iter().any(|s| s.load_share.is_some()) {
                t.insert("load_share".into(), 0.0.into());
            }
        }
        _ => {}
    }
    t
}

/// The first free name `base1`, `base2`… among components, groups and services.
fn fresh_name(model: &Model, base: &str) -> String {
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| {
            !model.components.iter().any(|c| &c.name == n)
                && !model.groups.iter().any(|g| &g.name == n)
                && !model.services.iter().any(|s| &s.name == n)
        })
        .unwrap_or_else(|| base.to_string())
}

/// The model's settings and the add buttons.
pub(crate) fn model_settings_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model) {
    ui.heading("Model");
    ui.label(RichText::new("Click a box in the diagram to edit it.").weak());
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
    ui.separator();
    ui.label(format!(
        "{} · {} · {}",
        crate::text::count(model.components.len(), "component"),
        crate::text::count(model.groups.len(), "group"),
        crate::text::count(model.services.len(), "service")
    ));
    ui.horizontal_wrapped(|ui| {
        for (button, kind, base) in [
            ("+ component", Kind::Component, "component"),
            ("+ group", Kind::Group, "group"),
            ("+ service", Kind::Service, "service"),
        ] {
            if ui.button(button).clicked() {
                let name = fresh_name(model, base);
                let edit = Edit {
                    path: EditPath::table(kind, &name),
                    op: Op::Add(new_table(model, kind)),
                };
                form.edit_from_button("add", vec![edit]);
                form.select(Some((kind, name)));
            }
        }
    });
    if !model.model.description.is_empty() {
        ui.separator();
        ui.label(RichText::new(&model.model.description).weak());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tables_are_valid_in_the_reference_model() {
        let doc = crate::edit::Document::model(crate::gui::DEFAULT_MODEL.into(), "m".into());
        let model = doc.shown_model().expect("valid");
        let edits: Vec<Edit> = [Kind::Component, Kind::Group, Kind::Service]
            .into_iter()
            .map(|kind| Edit {
                path: EditPath::table(kind, &fresh_name(model, kind.key())),
                op: Op::Add(new_table(model, kind)),
            })
            .collect();
        let (_, plan) =
            crate::edit::apply_model(doc.text(), "m", &edits).unwrap_or_else(|e| panic!("{e}"));
        let m = plan.model();
        assert!(
            m.components
                .iter()
                .any(|c| c.name == "component1" && c.min_up == Some(1))
        );
        assert!(m.groups.iter().any(|g| g.name == "group1"));
        assert!(
            m.services
                .iter()
                .any(|s| s.name == "service1" && s.load_share == Some(0.0))
        );
    }
}
