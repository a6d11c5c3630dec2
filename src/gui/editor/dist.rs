//! A failure or repair distribution: its family (switching keeps the mean), its parameters
//! typed as text, its mean and its density chart.

use super::fields::{Form, inline_error, node_problems, number_text_ui, table_label};
use crate::edit::{Edit, EditPath, Kind};
use crate::gui::charts::{self, ChartId};
use crate::model::Dist;
use crate::model::dist::DIST_NAMES;
use egui::RichText;

/// The distribution at `key` (`failure` or `repair`) of table `name` of `kind`.
pub(crate) fn dist_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    kind: Kind,
    name: &str,
    key: &str,
    d: &Dist,
) {
    let what = if key == "failure" {
        "Time to failure"
    } else {
        "Time to repair"
    };
    ui.label(RichText::new(what).strong());
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
    for m in node_problems(form.app, &table_label(kind, name), Some(key)) {
        inline_error(ui, &m);
    }
    ui.label(RichText::new(format!("mean {}", crate::text::hours_text(d.mean_hours()))).weak());
    let id = ChartId::Distribution {
        kind,
        name: name.to_string(),
        key: key.to_string(),
    };
    crate::gui::plot::chart_ui(ui, &id, &charts::distribution(key, d), 110.0, form.out);
}
