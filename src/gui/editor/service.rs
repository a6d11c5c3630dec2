//! A service: name, what it requires, its share of the scenario's load, its p95 latency
//! objective, what its downtime costs, and its simulated availability when the results are
//! current.

use super::fields::{Form, header_ui, inline_error, name_ui, node_problems, refused_ui};
use super::fields::{set_names, table_label};
use crate::edit::{Edit, EditPath, Kind, Op};
use crate::model::{Model, Service};
use egui::RichText;

/// An optional number: its key, checkbox label and hint, and the value a tick starts with.
struct Optional<'a> {
    path: EditPath,
    label: &'a str,
    hint: &'a str,
    default: f64,
}

/// An optional number of a service: a checkbox to set or remove it, and its value.
fn optional_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    o: Optional,
    value: Option<f64>,
    drag: impl FnOnce(&mut f64) -> egui::DragValue<'_>,
) {
    let Optional {
        path,
        label,
        hint,
        default,
    } = o;
    let field = path.to_string();
    ui.horizontal(|ui| {
        let mut set = value.is_some();
        let mut v = value.unwrap_or(default);
        let mut changed = ui.checkbox(&mut set, label).on_hover_text(hint).changed();
        if set {
            changed |= ui.add(drag(&mut v)).changed();
        }
        if changed {
            let edit = if set {
                Edit::set(path, v)
            } else {
                Edit {
                    path,
                    op: Op::Remove,
                }
            };
            form.edit(&field, vec![edit]);
        }
    });
    refused_ui(form, ui, &field);
}

/// The editor of service `s`.
pub(crate) fn service_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, s: &Service) {
    let label = table_label(Kind::Service, &s.name);
    header_ui(form, ui, "Service", Kind::Service, &s.name);
    name_ui(form, ui, Kind::Service, &s.name);
    ui.label(RichText::new("requires").strong());
    let candidates: Vec<&str> = model
        .components
        .iter()
        .map(|x| x.name.as_str())
        .chain(model.groups.iter().map(|x| x.name.as_str()))
        .collect();
    let requires = EditPath::key(Kind::Service, &s.name, &["requires"]);
    let field = requires.to_string();
    let filter = form.view.filters.entry(field.clone()).or_default();
    if let Some(list) = super::picker::picker_ui(ui, "requires", filter, &candidates, &s.requires) {
        form.edit(&field, vec![set_names(requires, &list)]);
    }
    refused_ui(form, ui, &field);
    optional_ui(
        form,
        ui,
        Optional {
            path: EditPath::key(Kind::Service, &s.name, &["load_share"]),
            label: "load share",
            hint: "share of the scenario's load (set on every service or none)",
            default: 0.0,
        },
        s.load_share,
        |v| {
            egui::DragValue::new(v)
                .range(0.0..=1e6)
                .speed(0.01)
                .max_decimals(4)
        },
    );
    optional_ui(
        form,
        ui,
        Optional {
            path: EditPath::key(Kind::Service, &s.name, &["latency_p95_ms"]),
            label: "p95 objective",
            hint: "the 95th percentile response time the service should stay under",
            default: 500.0,
        },
        s.latency_p95_ms,
        |v| {
            egui::DragValue::new(v)
                .range(0.001..=1e7)
                .speed(5.0)
                .suffix(" ms")
        },
    );
    ui.label(
        RichText::new("Load and latency figures: Load & capacity view (with a scenario).").weak(),
    );
    ui.separator();
    super::money::service_money_ui(
        form,
        ui,
        &s.name,
        s.downtime_cost,
        s.revenue,
        model.model.currency(),
    );
    for m in node_problems(form, &label, None) {
        inline_error(ui, &m);
    }
    let app = form.app;
    if let Some(o) = app.last.as_ref().filter(|_| app.results_current())
        && let Some(r) = o.results.service(&s.name)
    {
        ui.separator();
        ui.label(format!(
            "simulated availability {}",
            crate::text::percent(r.availability.mean)
        ));
    }
}
