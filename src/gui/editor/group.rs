//! A group: name, members and how many of them must be available.

use super::fields::{Form, header_ui, inline_error, name_ui, names_ui, node_problems, refused_ui};
use super::fields::{set_names, table_label};
use crate::edit::{Edit, EditPath, Kind};
use crate::model::{Group, Model};
use egui::RichText;

/// The editor of group `g`.
pub(crate) fn group_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, g: &Group) {
    let label = table_label(Kind::Group, &g.name);
    header_ui(form, ui, "Group", Kind::Group, &g.name);
    name_ui(form, ui, Kind::Group, &g.name);
    let min_up = EditPath::key(Kind::Group, &g.name, &["min_up"]);
    let min_up_field = min_up.to_string();
    let mut k = g.min_up;
    ui.horizontal(|ui| {
        let l = ui.label("min_up");
        if ui
            .add(egui::DragValue::new(&mut k).range(1..=g.of.len().max(1) as u32))
            .labelled_by(l.id)
            .changed()
        {
            form.edit(&min_up_field, vec![Edit::set(min_up.clone(), i64::from(k))]);
        }
        ui.label(
            RichText::new(format!(
                "{} of {} members must be available",
                g.min_up,
                g.of.len()
            ))
            .weak(),
        );
    });
    refused_ui(form, ui, &min_up_field);
    ui.label(RichText::new("members").strong());
    let candidates: Vec<&str> = model
        .components
        .iter()
        .map(|x| x.name.as_str())
        .chain(model.groups.iter().map(|x| x.name.as_str()))
        .filter(|n| *n != g.name)
        .collect();
    let of = EditPath::key(Kind::Group, &g.name, &["of"]);
    let of_field = of.to_string();
    if let Some(list) = names_ui(ui, &candidates, &g.of) {
        let mut edits = vec![set_names(of, &list)];
        // Fewer members than min_up: min_up follows (one undo step with the change).
        if g.min_up as usize > list.len() && !list.is_empty() {
            edits.push(Edit::set(min_up, list.len() as i64));
        }
        form.edit(&of_field, edits);
    }
    refused_ui(form, ui, &of_field);
    for m in node_problems(form, &label, None) {
        inline_error(ui, &m);
    }
}
