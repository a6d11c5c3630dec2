//! A component: name, replicas and `min_up` (adding a replica keeps the `min_up` it had, so
//! it adds redundancy), failure, repair and detection, placement in zones, failover and
//! capacity, cost and survey challenge, dependencies.

use super::dist::{detect_ui, dist_ui};
use super::fields::{
    Form, component_key as key, header_ui, inline_error, name_ui, names_ui, node_problems,
    refused_ui, remove, set_names, table_label,
};
use crate::edit::{Edit, Kind};
use crate::model::{Component, MAX_REPLICAS, Model, Placement};
use egui::RichText;

/// The edits that give component `c` `n` replicas. An implicit `min_up` ("all") is written
/// down when raising the count, so the replicas added are redundancy (1 replica → 2 gives
/// 1 of 2, not 2 of 2); an explicit `min_up` above the new count comes down with it; zone
/// counts follow (a replica added goes to the zone with the fewest).
pub(crate) fn replicas_edits(c: &Component, n: u32) -> Vec<Edit> {
    let mut edits = vec![Edit::set(key(c, &["replicas"]), i64::from(n))];
    if let Some(Placement::Counts(counts)) = &c.zones {
        let new = super::placement::counts_for_replicas(counts, n);
        let t = new
            .into_iter()
            .map(|(z, k)| (z, toml::Value::Integer(i64::from(k))))
            .collect();
        edits.push(Edit::set(key(c, &["zones"]), toml::Value::Table(t)));
    }
    match c.min_up {
        None if n > c.replicas => {
            edits.push(Edit::set(key(c, &["min_up"]), i64::from(c.replicas)));
        }
        Some(k) if k > n => edits.push(Edit::set(key(c, &["min_up"]), i64::from(n))),
        _ => {}
    }
    edits
}

/// The "k of n must be up" line beside `min_up`.
pub(crate) fn min_up_text(c: &Component) -> String {
    match c.min_up {
        Some(k) if k < c.replicas => format!(
            "{k} of {} must be up; tick all to need every replica",
            c.replicas
        ),
        _ => format!("{0} of {0} must be up", c.replicas),
    }
}

/// The editor of component `c`.
pub(crate) fn component_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, c: &Component) {
    let label = table_label(Kind::Component, &c.name);
    header_ui(form, ui, "Component", Kind::Component, &c.name);
    name_ui(form, ui, Kind::Component, &c.name);
    let replicas_field = key(c, &["replicas"]).to_string();
    ui.horizontal(|ui| {
        let l = ui.label("replicas");
        let mut n = c.replicas;
        if ui
            .add(egui::DragValue::new(&mut n).range(1..=MAX_REPLICAS))
            .labelled_by(l.id)
            .changed()
        {
            form.edit(&replicas_field, replicas_edits(c, n));
        }
    });
    let min_up_field = key(c, &["min_up"]).to_string();
    let mut all = c.min_up.is_none();
    let mut k = c.k();
    ui.horizontal(|ui| {
        let l = ui.label("min_up");
        let changed_all = ui
            .checkbox(&mut all, "all")
            .on_hover_text("every replica is needed")
            .changed();
        let changed_k = ui
            .add_enabled(
                !all,
                egui::DragValue::new(&mut k).range(1..=c.replicas.max(1)),
            )
            .labelled_by(l.id)
            .changed();
        if changed_all || changed_k {
            let path = key(c, &["min_up"]);
            let edit = if all {
                remove(path)
            } else {
                Edit::set(path, i64::from(k))
            };
            form.edit(&min_up_field, vec![edit]);
        }
    });
    ui.label(RichText::new(min_up_text(c)).weak());
    for f in [&replicas_field, &min_up_field] {
        refused_ui(form, ui, f);
    }
    for m in node_problems(form, &label, Some("replicas"))
        .iter()
        .chain(node_problems(form, &label, Some("min_up")).iter())
    {
        inline_error(ui, m);
    }
    ui.separator();
    dist_ui(form, ui, Kind::Component, &c.name, "failure", &c.failure);
    ui.separator();
    dist_ui(form, ui, Kind::Component, &c.name, "repair", &c.repair);
    detect_ui(form, ui, Kind::Component, &c.name, c.detect.as_ref());
    ui.separator();
    let up = c.failure.mean_hours();
    let down = c.repair.mean_hours() + c.detect.as_ref().map_or(0.0, |d| d.mean_hours());
    ui.label(
        RichText::new(format!(
            "one replica is up {:.5} % of the time (steady state)",
            up / (up + down) * 100.0
        ))
        .weak(),
    );
    ui.separator();
    super::placement::placement_ui(form, ui, model, c);
    ui.separator();
    super::capacity::capacity_ui(form, ui, c);
    ui.separator();
    super::money::component_cost_ui(
        form,
        ui,
        &c.name,
        c.replicas,
        c.cost,
        model.model.currency(),
    );
    super::money::challenge_ui(form, ui, Kind::Component, &c.name, c.challenge.as_deref());
    ui.separator();
    ui.label(RichText::new("depends on").strong());
    let candidates: Vec<&str> = model
        .components
        .iter()
        .map(|x| x.name.as_str())
        .chain(model.groups.iter().map(|g| g.name.as_str()))
        .filter(|n| *n != c.name)
        .collect();
    let path = key(c, &["depends_on"]);
    let field = path.to_string();
    if let Some(list) = names_ui(ui, &candidates, &c.depends_on) {
        form.edit(&field, vec![set_names(path, &list)]);
    }
    refused_ui(form, ui, &field);
    for m in node_problems(form, &label, Some("depends_on")) {
        inline_error(ui, &m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(replicas: u32, min_up: Option<u32>) -> Component {
        let min_up = min_up
            .map(|k| format!("min_up = {k}\n"))
            .unwrap_or_default();
        let text = format!(
            "[model]\nname = \"m\"\n[[component]]\nname = \"cdn\"\nreplicas = {replicas}\n{min_up}\
             failure = {{ dist = \"exponential\", mean_hours = 100 }}\n\
             repair = {{ dist = \"exponential\", mean_hours = 1 }}\n"
        );
        let plan = crate::load::plan_from_str(&text, "m.toml").expect("valid");
        plan.model().components[0].clone()
    }

    fn texts(edits: &[Edit]) -> Vec<String> {
        edits.iter().map(Edit::to_string).collect()
    }

    #[test]
    fn adding_a_replica_keeps_the_min_up_it_had() {
        assert_eq!(
            texts(&replicas_edits(&component(1, None), 2)),
            ["component.cdn.replicas=2", "component.cdn.min_up=1"]
        );
        // Explicit counts stay, unless above the new count; "all" stays when lowering.
        assert_eq!(
            texts(&replicas_edits(&component(2, Some(1)), 3)),
            ["component.cdn.replicas=3"]
        );
        assert_eq!(
            texts(&replicas_edits(&component(4, Some(3)), 2)),
            ["component.cdn.replicas=2", "component.cdn.min_up=2"]
        );
        assert_eq!(
            texts(&replicas_edits(&component(3, None), 2)),
            ["component.cdn.replicas=2"]
        );
    }

    #[test]
    fn the_min_up_line_says_how_to_need_every_replica() {
        assert_eq!(
            min_up_text(&component(2, Some(1))),
            "1 of 2 must be up; tick all to need every replica"
        );
        assert_eq!(min_up_text(&component(2, None)), "2 of 2 must be up");
    }
}
