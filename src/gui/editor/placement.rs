//! Where a component's replicas run: in no zone, round-robin over chosen zones, or so many
//! in each zone. Counts whose sum is not the replica count stay in the form with the file
//! reader's message and are not applied (or apply together with the replica count they add
//! up to).

use super::fields::{Form, inline_error, node_problems, refused_ui, remove, table_label};
use crate::edit::{Edit, EditPath, Kind};
use crate::model::{Component, Model, Placement};
use egui::RichText;
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    None,
    RoundRobin,
    Counts,
}

/// Zone counts as a TOML table (`{ az-a = 2, az-b = 1 }`).
fn counts_value(counts: &[(String, u32)]) -> toml::Value {
    toml::Value::Table(
        counts
            .iter()
            .map(|(z, n)| (z.clone(), toml::Value::Integer(i64::from(*n))))
            .collect(),
    )
}

/// The counts of a placement: zones in order, replicas in each.
fn counts_of(p: &Placement, replicas: u32) -> Vec<(String, u32)> {
    let names = p.zone_names();
    let mut n = vec![0u32; names.len()];
    for z in p.replica_zones(replicas) {
        if let Some(c) = n.get_mut(z) {
            *c += 1;
        }
    }
    names.iter().map(|s| s.to_string()).zip(n).collect()
}

/// Counts for `n` replicas from `counts`: replicas added go to the zone with the fewest,
/// replicas taken away come from the zone with the most (the first such zone in order).
pub(crate) fn counts_for_replicas(counts: &BTreeMap<String, u32>, n: u32) -> BTreeMap<String, u32> {
    let mut out = counts.clone();
    if out.is_empty() {
        return out;
    }
    let mut total: u32 = out.values().sum();
    while total < n {
        let z = out
            .iter()
            .min_by_key(|(_, c)| **c)
            .map(|(z, _)| z.clone())
            .unwrap_or_default();
        *out.entry(z).or_default() += 1;
        total += 1;
    }
    while total > n {
        let Some(z) = out
            .iter()
            .rev()
            .max_by_key(|(_, c)| **c)
            .map(|(z, _)| z.clone())
        else {
            break;
        };
        if let Some(c) = out.get_mut(&z).filter(|c| **c > 0) {
            *c -= 1;
            total -= 1;
        } else {
            break;
        }
    }
    out
}

/// The placement of component `c` across the model's zones.
pub(crate) fn placement_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, c: &Component) {
    let path = EditPath::key(Kind::Component, &c.name, &["zones"]);
    let field = path.to_string();
    let current = match &c.zones {
        None => Mode::None,
        Some(Placement::RoundRobin(_)) => Mode::RoundRobin,
        Some(Placement::Counts(_)) => Mode::Counts,
    };
    let zones: Vec<&str> = model.zones.iter().map(|z| z.name.as_str()).collect();
    ui.label(RichText::new("zones").strong())
        .on_hover_text("while a zone (or its region) is down, every replica placed in it is down");
    let mut mode = current;
    ui.add_enabled_ui(!zones.is_empty() || current != Mode::None, |ui| {
        ui.horizontal(|ui| {
            ui.radio_value(&mut mode, Mode::None, "none");
            ui.radio_value(&mut mode, Mode::RoundRobin, "round-robin")
                .on_hover_text("replica i runs in zone i mod (number of zones listed)");
            ui.radio_value(&mut mode, Mode::Counts, "counts per zone")
                .on_hover_text("so many replicas in each zone (they must add up to replicas)");
        });
    });
    if zones.is_empty() && current == Mode::None {
        ui.label(RichText::new("The model has no zones: add one on the Model panel.").weak());
    }
    if mode != current {
        let spread: Vec<(String, u32)> = match &c.zones {
            Some(p) => counts_of(p, c.replicas),
            None => counts_of(
                &Placement::RoundRobin(zones.iter().map(|z| z.to_string()).collect()),
                c.replicas,
            ),
        };
        let edit = match mode {
            Mode::None => remove(path),
            Mode::RoundRobin => {
                let names = spread.iter().map(|(z, _)| toml::Value::String(z.clone()));
                Edit::set(path, toml::Value::Array(names.collect()))
            }
            Mode::Counts => Edit::set(path, counts_value(&spread)),
        };
        form.view.placements.remove(&c.name);
        form.edit(&field, vec![edit]);
        return;
    }
    match &c.zones {
        Some(Placement::RoundRobin(list)) => {
            if let Some(new) = super::fields::names_ui(ui, &zones, list) {
                let names = new.into_iter().map(toml::Value::String).collect();
                form.edit(&field, vec![Edit::set(path, toml::Value::Array(names))]);
            }
            let spread = counts_of(
                c.zones
                    .as_ref()
                    .unwrap_or(&Placement::RoundRobin(Vec::new())),
                c.replicas,
            );
            ui.label(RichText::new(spread_text(&spread)).weak());
            refused_ui(form, ui, &field);
        }
        // The counts show their own refusals, beside the sum.
        Some(Placement::Counts(counts)) => counts_ui(form, ui, &zones, c, counts, &field),
        None => refused_ui(form, ui, &field),
    }
    for m in node_problems(form, &table_label(Kind::Component, &c.name), Some("zones")) {
        inline_error(ui, &m);
    }
}

/// "az-a: 2, az-b: 2, az-c: 2".
fn spread_text(counts: &[(String, u32)]) -> String {
    counts
        .iter()
        .map(|(z, n)| format!("{z}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One count per zone of the model (and any zone the file names that the model lacks); the
/// sum checked against replicas.
fn counts_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    zones: &[&str],
    c: &Component,
    counts: &BTreeMap<String, u32>,
    field: &str,
) {
    let in_model: Vec<(String, u32)> = counts.iter().map(|(z, n)| (z.clone(), *n)).collect();
    if form
        .view
        .placements
        .get(&c.name)
        .is_some_and(|p| *p == in_model)
    {
        form.view.placements.remove(&c.name);
    }
    let mut shown = form
        .view
        .placements
        .get(&c.name)
        .cloned()
        .unwrap_or_else(|| in_model.clone());
    let mut rows: Vec<String> = zones.iter().map(|z| z.to_string()).collect();
    for (z, _) in &shown {
        if !rows.contains(z) {
            rows.push(z.clone());
        }
    }
    let mut changed = false;
    egui::Grid::new(format!("{field}.counts"))
        .num_columns(2)
        .show(ui, |ui| {
            for z in &rows {
                let l = ui.label(z);
                let mut n = shown.iter().find(|(x, _)| x == z).map_or(0, |(_, n)| *n);
                if ui
                    .add(egui::DragValue::new(&mut n).range(0..=crate::model::MAX_REPLICAS))
                    .labelled_by(l.id)
                    .changed()
                {
                    changed = true;
                    match shown.iter_mut().find(|(x, _)| x == z) {
                        Some(slot) => slot.1 = n,
                        None => shown.push((z.clone(), n)),
                    }
                }
                ui.end_row();
            }
        });
    // Zones the file does not name and that count 0 stay out of the file.
    shown.retain(|(z, n)| *n > 0 || counts.contains_key(z));
    let sum: u32 = shown.iter().map(|(_, n)| n).sum();
    let pending = form.view.placements.contains_key(&c.name) || changed;
    if sum == c.replicas {
        ui.label(RichText::new(format!("{sum} of {} replicas placed", c.replicas)).weak());
    } else if pending {
        let refused = form.refused(field).to_vec();
        if refused.is_empty() {
            inline_error(
                ui,
                &format!(
                    "the counts add up to {sum} but the component has {} replicas (not applied)",
                    c.replicas
                ),
            );
        }
        for m in refused {
            inline_error(ui, &format!("{m} (not applied)"));
        }
        if sum > 0
            && ui
                .button(format!("set replicas to {sum}"))
                .on_hover_text("apply these counts with the replica count they add up to")
                .clicked()
        {
            let edits = vec![
                Edit::set(
                    EditPath::key(Kind::Component, &c.name, &["replicas"]),
                    i64::from(sum),
                ),
                Edit::set(
                    EditPath::key(Kind::Component, &c.name, &["zones"]),
                    counts_value(&shown),
                ),
            ];
            form.view.placements.remove(&c.name);
            form.edit(field, edits);
            return;
        }
    }
    if changed {
        let path = EditPath::key(Kind::Component, &c.name, &["zones"]);
        form.edit(field, vec![Edit::set(path, counts_value(&shown))]);
        form.view.placements.insert(c.name.clone(), shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(z, n)| (z.to_string(), *n)).collect()
    }

    #[test]
    fn replicas_added_and_removed_keep_the_counts_whole() {
        let c = map(&[("a", 2), ("b", 1), ("c", 2)]);
        assert_eq!(
            counts_for_replicas(&c, 6),
            map(&[("a", 2), ("b", 2), ("c", 2)])
        );
        assert_eq!(
            counts_for_replicas(&c, 7),
            map(&[("a", 3), ("b", 2), ("c", 2)])
        );
        assert_eq!(
            counts_for_replicas(&c, 4),
            map(&[("a", 1), ("b", 1), ("c", 2)])
        );
        assert_eq!(
            counts_for_replicas(&c, 1),
            map(&[("a", 0), ("b", 0), ("c", 1)])
        );
        assert_eq!(counts_for_replicas(&c, 5), c);
    }
}
