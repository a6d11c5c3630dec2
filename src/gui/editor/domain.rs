//! A zone or a region: name (renames follow every placement and `region` key), a zone's
//! region, its outages (time between them, their duration), cost and survey challenge, and
//! what is placed in it.

use super::dist::dist_ui;
use super::fields::{Form, header_with_ui, name_ui, refused_ui, remove};
use super::money::{challenge_ui, fixed_cost_ui};
use crate::edit::{Edit, EditPath, Kind};
use crate::model::{Domain, Model, Placement};
use egui::RichText;
use std::collections::BTreeMap;

/// The edits that keep every component whole when zone `zone` is deleted: a component placed
/// only there loses its placement; explicit counts there move to its other zone with the
/// fewest replicas. (Round-robin lists lose the name with the zone itself.)
pub(crate) fn delete_zone_fixes(model: &Model, zone: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for c in &model.components {
        let Some(p) = &c.zones else { continue };
        let names = p.zone_names();
        if !names.contains(&zone) {
            continue;
        }
        let path = EditPath::key(Kind::Component, &c.name, &["zones"]);
        if names.len() == 1 {
            edits.push(remove(path));
            continue;
        }
        if let Placement::Counts(counts) = p {
            let moved = counts.get(zone).copied().unwrap_or(0);
            let mut rest: BTreeMap<String, u32> = counts
                .iter()
                .filter(|(z, _)| z.as_str() != zone)
                .map(|(z, n)| (z.clone(), *n))
                .collect();
            if let Some((_, n)) = rest.iter_mut().min_by_key(|(_, n)| **n) {
                *n += moved;
            }
            let t = rest
                .into_iter()
                .map(|(z, n)| (z, toml::Value::Integer(i64::from(n))))
                .collect();
            edits.push(Edit::set(path, toml::Value::Table(t)));
        }
    }
    edits
}

/// How often and how long: "down about every 10.0 years for 3.5 h (up 99.99600 %)".
fn summary(d: &Domain) -> String {
    let (up, down) = (d.failure.mean_hours(), d.repair.mean_hours());
    format!(
        "down about every {} for {} on average: up {} of the time",
        crate::text::hours_text(up),
        crate::text::hours_text(down),
        crate::text::percent(up / (up + down))
    )
}

/// Names as buttons that open their editors.
fn links_ui(form: &mut Form, ui: &mut egui::Ui, kind: Kind, names: &[(String, String)]) {
    ui.horizontal_wrapped(|ui| {
        for (name, detail) in names {
            let text = if detail.is_empty() {
                name.clone()
            } else {
                format!("{name} ({detail})")
            };
            if ui.link(text).clicked() {
                form.select(Some((kind, name.clone())));
            }
        }
        if names.is_empty() {
            ui.label(RichText::new("(nothing yet)").weak());
        }
    });
}

/// The replicas component `c` has in zone `zone` (none when it is not placed there).
fn replicas_in(c: &crate::model::Component, zone: &str) -> Option<u32> {
    let p = c.zones.as_ref()?;
    let names = p.zone_names();
    let i = names.iter().position(|n| *n == zone)?;
    Some(
        p.replica_zones(c.replicas)
            .iter()
            .filter(|&&z| z == i)
            .count() as u32,
    )
}

/// The editor of zone (`kind` = Zone) or region `d`.
pub(crate) fn domain_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, kind: Kind, d: &Domain) {
    let is_zone = kind == Kind::Zone;
    let fixes = if is_zone {
        delete_zone_fixes(model, &d.name)
    } else {
        Vec::new()
    };
    let title = if is_zone { "Zone" } else { "Region" };
    header_with_ui(form, ui, title, kind, &d.name, fixes);
    name_ui(form, ui, kind, &d.name);
    ui.label(RichText::new(summary(d)).weak());
    if is_zone {
        region_ui(form, ui, model, d);
    }
    ui.separator();
    dist_ui(form, ui, kind, &d.name, "failure", &d.failure);
    ui.separator();
    dist_ui(form, ui, kind, &d.name, "repair", &d.repair);
    ui.separator();
    fixed_cost_ui(form, ui, kind, &d.name, d.cost, model.model.currency());
    challenge_ui(form, ui, kind, &d.name, d.challenge.as_deref());
    ui.separator();
    if is_zone {
        ui.label(RichText::new("replicas placed here").strong());
        let placed: Vec<(String, String)> = model
            .components
            .iter()
            .filter_map(|c| {
                replicas_in(c, &d.name).map(|n| (c.name.clone(), format!("{n} of {}", c.replicas)))
            })
            .collect();
        links_ui(form, ui, Kind::Component, &placed);
        ui.label(RichText::new("Place a component's replicas from its own editor (zones).").weak());
    } else {
        ui.label(RichText::new("zones in this region").strong());
        let zones: Vec<(String, String)> = model
            .zones
            .iter()
            .filter(|z| z.region.as_deref() == Some(d.name.as_str()))
            .map(|z| (z.name.clone(), String::new()))
            .collect();
        links_ui(form, ui, Kind::Zone, &zones);
    }
}

/// A zone's region: none, or one of the model's regions.
fn region_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, z: &Domain) {
    let path = EditPath::key(Kind::Zone, &z.name, &["region"]);
    let field = path.to_string();
    ui.horizontal(|ui| {
        ui.label("region");
        let mut chosen = z.region.clone();
        egui::ComboBox::from_id_salt(&field)
            .selected_text(chosen.as_deref().unwrap_or("(none)"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "(none)");
                for r in &model.regions {
                    ui.selectable_value(&mut chosen, Some(r.name.clone()), &r.name);
                }
            });
        if chosen != z.region {
            let edit = match &chosen {
                Some(r) => Edit::set(path.clone(), r.as_str()),
                None => remove(path.clone()),
            };
            form.edit(&field, vec![edit]);
        }
        if model.regions.is_empty() {
            ui.label(
                RichText::new("(the model has no regions: add one on the Model panel)").weak(),
            );
        }
    });
    refused_ui(form, ui, &field);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_a_zone_keeps_placements_whole() {
        let src = "[model]\nname = \"m\"\n\
            [[zone]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\
            [[zone]]\nname = \"b\"\nfailure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\
            [[zone]]\nname = \"c\"\nfailure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\
            [[component]]\nname = \"only\"\nzones = [\"a\"]\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\
            [[component]]\nname = \"counted\"\nreplicas = 5\nzones = { a = 2, b = 2, c = 1 }\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\
            [[component]]\nname = \"spread\"\nreplicas = 3\nzones = [\"a\", \"b\"]\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n";
        let plan = crate::load::plan_from_str(src, "m.toml").expect("valid");
        let mut edits = delete_zone_fixes(plan.model(), "a");
        let texts: Vec<String> = edits.iter().map(Edit::to_string).collect();
        assert_eq!(
            texts,
            [
                "-component.only.zones",
                "component.counted.zones={ b = 2, c = 3 }"
            ]
        );
        edits.push(remove(EditPath::table(Kind::Zone, "a")));
        let (_, plan) =
            crate::edit::apply_model(src, "m.toml", &edits).unwrap_or_else(|e| panic!("{e}"));
        let m = plan.model();
        assert_eq!(m.zones.len(), 2);
        assert_eq!(
            m.components[2].zones,
            Some(Placement::RoundRobin(vec!["b".into()]))
        );
    }
}
