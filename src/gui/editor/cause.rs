//! A common cause: name, what it affects, the share of each affected component's replicas it
//! takes down, its timing (time between events, their duration, the time until one is
//! noticed) and its survey challenge.

use super::dist::{detect_ui, dist_ui};
use super::fields::{Form, header_ui, inline_error, name_ui, names_ui, node_problems};
use super::fields::{number_text_ui, refused_ui, set_names, table_label};
use super::money::challenge_ui;
use crate::edit::{EditPath, Kind};
use crate::model::{CommonCause, Model};
use crate::text::hours_text;
use egui::RichText;

/// "about every 4.0 months an event takes down all of … for 1.2 h on average".
fn summary(cc: &CommonCause) -> String {
    let detect = cc
        .detect
        .as_ref()
        .map(|d| format!(", noticed after {}", hours_text(d.mean_hours())))
        .unwrap_or_default();
    format!(
        "about every {} an event takes down {} of each affected component's replicas for {} on average{detect}",
        hours_text(cc.failure.mean_hours()),
        if cc.fraction >= 1.0 {
            "all".to_string()
        } else {
            format!("{:.0} %", cc.fraction * 100.0)
        },
        hours_text(cc.repair.mean_hours())
    )
}

/// The editor of common cause `cc`.
pub(crate) fn cause_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, cc: &CommonCause) {
    let label = table_label(Kind::CommonCause, &cc.name);
    header_ui(form, ui, "Common cause", Kind::CommonCause, &cc.name);
    name_ui(form, ui, Kind::CommonCause, &cc.name);
    ui.label(RichText::new(summary(cc)).weak());
    ui.label(RichText::new("affects").strong());
    let candidates: Vec<&str> = model.components.iter().map(|x| x.name.as_str()).collect();
    let affects = EditPath::key(Kind::CommonCause, &cc.name, &["affects"]);
    let field = affects.to_string();
    if let Some(list) = names_ui(ui, &candidates, &cc.affects) {
        form.edit(&field, vec![set_names(affects, &list)]);
    }
    refused_ui(form, ui, &field);
    for m in node_problems(form, &label, Some("affects")) {
        inline_error(ui, &m);
    }
    ui.horizontal(|ui| {
        let l = ui
            .label("fraction")
            .on_hover_text("share of each affected component's replicas an event takes down (rounded up, at least one); 1 takes all");
        ui.vertical(|ui| {
            let path = EditPath::key(Kind::CommonCause, &cc.name, &["fraction"]);
            number_text_ui(form, ui, l.id, path, cc.fraction);
        });
    });
    for m in node_problems(form, &label, Some("fraction")) {
        inline_error(ui, &m);
    }
    ui.separator();
    dist_ui(
        form,
        ui,
        Kind::CommonCause,
        &cc.name,
        "failure",
        &cc.failure,
    );
    ui.separator();
    dist_ui(form, ui, Kind::CommonCause, &cc.name, "repair", &cc.repair);
    detect_ui(form, ui, Kind::CommonCause, &cc.name, cc.detect.as_ref());
    ui.separator();
    challenge_ui(
        form,
        ui,
        Kind::CommonCause,
        &cc.name,
        cc.challenge.as_deref(),
    );
}
