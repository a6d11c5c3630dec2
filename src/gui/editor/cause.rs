//! A common cause: name, what it affects, and a summary of how often and how long it hits.

use super::fields::{Form, header_ui, inline_error, name_ui, names_ui, node_problems, refused_ui};
use super::fields::{set_names, table_label};
use crate::edit::{EditPath, Kind};
use crate::model::{CommonCause, Model};
use crate::text::hours_text;
use egui::RichText;

/// The editor of common cause `cc`.
pub(crate) fn cause_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, cc: &CommonCause) {
    let label = table_label(Kind::CommonCause, &cc.name);
    header_ui(form, ui, "Common cause", Kind::CommonCause, &cc.name);
    name_ui(form, ui, Kind::CommonCause, &cc.name);
    ui.label(format!(
        "about every {} an event takes down {} of each affected component's replicas for {} on average",
        hours_text(cc.failure.mean_hours()),
        if cc.fraction >= 1.0 {
            "all".to_string()
        } else {
            format!("{:.0} %", cc.fraction * 100.0)
        },
        hours_text(cc.repair.mean_hours())
    ));
    ui.label(RichText::new("affects").strong());
    let candidates: Vec<&str> = model.components.iter().map(|x| x.name.as_str()).collect();
    let affects = EditPath::key(Kind::CommonCause, &cc.name, &["affects"]);
    let field = affects.to_string();
    if let Some(list) = names_ui(ui, &candidates, &cc.affects) {
        form.edit(&field, vec![set_names(affects, &list)]);
    }
    refused_ui(form, ui, &field);
    for m in node_problems(form.app, &label, None) {
        inline_error(ui, &m);
    }
    ui.label(
        RichText::new("Edit its time between events, duration and fraction in the Text view.")
            .weak(),
    );
}
