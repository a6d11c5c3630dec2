//! A distribution of a table (time to failure, repair, detection; a zone's outages; a
//! common cause's events): its family (switching keeps the mean), its parameters typed as
//! text, its mean and its density chart; and optional ones (`detect`) switched on and off.

use super::fields::{Form, inline_error, node_problems, number_text_ui, optional_ui, table_label};
use crate::edit::{Edit, EditPath, Kind};
use crate::gui::charts::{self, ChartId};
use crate::model::Dist;
use crate::model::dist::DIST_NAMES;
use egui::RichText;

/// The distribution at `key` (`failure`, `repair`, `detect`) of table `name` of `kind`.
pub(crate) fn dist_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    kind: Kind,
    name: &str,
    key: &str,
    d: &Dist,
) {
    ui.label(RichText::new(charts::dist_title(kind, key)).strong());
    dist_fields_ui(form, ui, kind, name, key, d);
}

fn dist_fields_ui(form: &mut Form, ui: &mut egui::Ui, kind: Kind, name: &str, key: &str, d: &Dist) {
    let family_path = EditPath::key(kind, name, &[key, "dist"]);
    let mut family = d.name().to_string();
    egui::ComboBox::from_id_salt(family_path.to_string())
        .selected_text(&family)
        .show_ui(ui, |ui| {
            for n in DIST_NAMES {
                ui.selectable_value(&mut family, n.to_string(), n);
            }
        });
    if family != d.name() {
        // The document switches the family keeping the mean.
        let field = family_path.to_string();
        form.edit(&field, vec![Edit::set(family_path, family)]);
        return;
    }
    let params = Dist::param_names(d.name()).unwrap_or(&[]);
    egui::Grid::new(format!("{kind}.{name}.{key}.grid"))
        .num_columns(2)
        .show(ui, |ui| {
            for (p, v) in params.iter().zip(d.params()) {
                let l = ui.label(*p);
                ui.vertical(|ui| {
                    number_text_ui(form, ui, l.id, EditPath::key(kind, name, &[key, p]), v);
                });
                ui.end_row();
            }
        });
    for m in node_problems(form, &table_label(kind, name), Some(key)) {
        inline_error(ui, &m);
    }
    ui.label(RichText::new(format!("mean {}", crate::text::hours_text(d.mean_hours()))).weak());
    let id = ChartId::Distribution {
        kind,
        name: name.to_string(),
        key: key.to_string(),
    };
    crate::gui::plot::chart_ui(
        ui,
        &id,
        &charts::distribution(kind, key, d),
        110.0,
        form.out,
    );
}

/// Starting value of a new `detect`: noticed after a median 10 minutes (the reference
/// model's alerting ASSUMPTION; reference-data §6 names ~1 min for good monitoring).
fn default_detect() -> toml::Value {
    let mut t = toml::Table::new();
    t.insert("dist".into(), "lognormal".into());
    t.insert("median_hours".into(), 0.167.into());
    t.insert("sigma".into(), 1.0.into());
    toml::Value::Table(t)
}

/// The optional `detect` distribution of a component or common cause: a checkbox, then the
/// distribution's fields when it is set.
pub(crate) fn detect_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    kind: Kind,
    name: &str,
    d: Option<&Dist>,
) {
    let what = if kind == Kind::CommonCause {
        "the time from an event's start until it is noticed; its duration runs from then"
    } else {
        "the time from a replica's failure until it is noticed; its repair starts then"
    };
    let on = optional_ui(
        form,
        ui,
        EditPath::key(kind, name, &["detect"]),
        ("time to detect", what),
        d.is_some(),
        default_detect,
    );
    if let (true, Some(d)) = (on, d) {
        dist_fields_ui(form, ui, kind, name, "detect", d);
    }
}
