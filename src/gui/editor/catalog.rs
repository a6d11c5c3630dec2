//! Everything a model holds, listed by kind (components, groups, services, zones, regions,
//! common causes, SLAs), each entry opening its editor, each list with a button that adds a
//! table with sensible starting values: every table is reachable without the diagram.

use super::fields::Form;
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

/// Starting values of a new zone (reference-data §Suggested defaults: full-zone impairment
/// 0.1/yr, median 2 h, sigma 1.26).
const NEW_ZONE: &str = r#"failure = { dist = "exponential", mean_hours = 87600 }
repair = { dist = "lognormal", median_hours = 2, sigma = 1.26 }
"#;

/// Starting values of a new region (reference-data §Suggested defaults: region outage
/// 0.2/yr, median 4 h, sigma 0.98).
const NEW_REGION: &str = r#"failure = { dist = "exponential", mean_hours = 43800 }
repair = { dist = "lognormal", median_hours = 4, sigma = 0.98 }
"#;

/// Starting values of a new common cause. ASSUMPTION: one event a year lasting a median
/// hour (sigma 1), taking every replica of what it affects; edit to fit.
const NEW_CAUSE: &str = r#"fraction = 1.0
failure = { dist = "exponential", mean_hours = 8760 }
repair = { dist = "lognormal", median_hours = 1, sigma = 1.0 }
"#;

/// Starting values of a new SLA: the tiers of AWS's Region-level compute SLA
/// (reference-data §1: credits 10 % below 99.99 %, 30 % below 99.0 %, 100 % below 95.0 %);
/// the fee is an ASSUMPTION to edit.
const NEW_SLA: &str = r#"monthly_fee = 1000
credits = [{ below = 0.9999, credit = 0.10 }, { below = 0.99, credit = 0.30 }, { below = 0.95, credit = 1.00 }]
"#;

/// The keys of a new table of `kind` in `model`; groups, services and common causes start
/// with its first component as their member, requirement or target, an SLA with its first
/// service (or component), and a new service takes no share of the load when the others have
/// shares (they must be given on every service or none).
pub(crate) fn new_table(model: &Model, kind: Kind) -> toml::Table {
    let first = model.components.first().map(|c| c.name.as_str());
    let template = match kind {
        Kind::Component => NEW_COMPONENT,
        Kind::Zone => NEW_ZONE,
        Kind::Region => NEW_REGION,
        Kind::CommonCause => NEW_CAUSE,
        Kind::Sla => NEW_SLA,
        _ => "",
    };
    let mut t: toml::Table = toml::from_str(template).unwrap_or_default();
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
        Kind::CommonCause => {
            t.insert("affects".into(), first());
        }
        Kind::Sla => match (model.services.first(), model.components.first()) {
            (Some(s), _) => {
                t.insert("service".into(), s.name.clone().into());
            }
            (None, Some(c)) => {
                t.insert("component".into(), c.name.clone().into());
            }
            (None, None) => {}
        },
        _ => {}
    }
    t
}

/// The names a new table of `kind` must not take.
fn taken(model: &Model, kind: Kind) -> Vec<&str> {
    let names = |k: Kind| -> Vec<&str> {
        match k {
            Kind::Component => model.components.iter().map(|c| c.name.as_str()).collect(),
            Kind::Group => model.groups.iter().map(|g| g.name.as_str()).collect(),
            Kind::Service => model.services.iter().map(|s| s.name.as_str()).collect(),
            Kind::Zone => model.zones.iter().map(|z| z.name.as_str()).collect(),
            Kind::Region => model.regions.iter().map(|r| r.name.as_str()).collect(),
            Kind::CommonCause => model
                .common_causes
                .iter()
                .map(|c| c.name.as_str())
                .collect(),
            Kind::Sla => model.slas.iter().map(|s| s.name.as_str()).collect(),
            _ => Vec::new(),
        }
    };
    // Components, groups and services stay apart from each other for readability.
    let kinds: &[Kind] = match kind {
        Kind::Component | Kind::Group | Kind::Service => {
            &[Kind::Component, Kind::Group, Kind::Service]
        }
        k => k.namespace(),
    };
    kinds.iter().flat_map(|k| names(*k)).collect()
}

/// The first free name `base1`, `base2`… for a new table of `kind`.
pub(crate) fn fresh_name(model: &Model, kind: Kind, base: &str) -> String {
    let taken = taken(model, kind);
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken.contains(&n.as_str()))
        .unwrap_or_else(|| base.to_string())
}

/// One kind's list: its entries (name, detail) as links, and its add button.
struct Section<'a> {
    kind: Kind,
    title: &'a str,
    base: &'a str,
    entries: Vec<(String, String)>,
    /// Why a table of this kind cannot be added yet, if it cannot.
    blocked: Option<&'a str>,
}

fn section_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, s: Section) {
    let header = format!("{} ({})", s.title, s.entries.len());
    egui::CollapsingHeader::new(header)
        .id_salt(("catalog", s.kind.key()))
        .default_open(s.entries.len() <= 12)
        .show(ui, |ui| {
            for (name, detail) in &s.entries {
                ui.horizontal(|ui| {
                    if ui.link(name).clicked() {
                        form.select(Some((s.kind, name.clone())));
                    }
                    if !detail.is_empty() {
                        // Cut to the panel's width (a cause hitting a hundred components would
                        // otherwise widen the panel over the diagram); the whole text on hover.
                        ui.add(egui::Label::new(RichText::new(detail).weak()).truncate());
                    }
                });
            }
            let button = format!("+ {}", s.kind.noun());
            let add = ui
                .add_enabled(s.blocked.is_none(), egui::Button::new(button))
                .on_disabled_hover_text(s.blocked.unwrap_or_default());
            if add.clicked() {
                let name = fresh_name(model, s.kind, s.base);
                let edit = Edit {
                    path: EditPath::table(s.kind, &name),
                    op: Op::Add(new_table(model, s.kind)),
                };
                form.edit_from_button("add", vec![edit]);
                form.select(Some((s.kind, name)));
            }
        });
}

/// Every kind of table in the model, listed.
pub(crate) fn catalog_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model) {
    let no_components = model
        .components
        .is_empty()
        .then_some("add a component first");
    let sections = [
        Section {
            kind: Kind::Component,
            title: "Components",
            base: "component",
            entries: model
                .components
                .iter()
                .map(|c| (c.name.clone(), format!("{} of {}", c.k(), c.replicas)))
                .collect(),
            blocked: None,
        },
        Section {
            kind: Kind::Group,
            title: "Groups",
            base: "group",
            entries: model
                .groups
                .iter()
                .map(|g| {
                    (
                        g.name.clone(),
                        format!("{} of {}", g.min_up, g.of.join(", ")),
                    )
                })
                .collect(),
            blocked: no_components,
        },
        Section {
            kind: Kind::Service,
            title: "Services",
            base: "service",
            entries: model
                .services
                .iter()
                .map(|s| (s.name.clone(), format!("needs {}", s.requires.join(", "))))
                .collect(),
            blocked: no_components,
        },
        Section {
            kind: Kind::Zone,
            title: "Zones",
            base: "zone",
            entries: model
                .zones
                .iter()
                .map(|z| {
                    let region = z.region.as_ref().map(|r| format!("in {r}"));
                    (z.name.clone(), region.unwrap_or_default())
                })
                .collect(),
            blocked: None,
        },
        Section {
            kind: Kind::Region,
            title: "Regions",
            base: "region",
            entries: model
                .regions
                .iter()
                .map(|r| (r.name.clone(), String::new()))
                .collect(),
            blocked: None,
        },
        Section {
            kind: Kind::CommonCause,
            title: "Common causes",
            base: "cause",
            entries: model
                .common_causes
                .iter()
                .map(|c| (c.name.clone(), format!("hits {}", c.affects.join(", "))))
                .collect(),
            blocked: no_components,
        },
        Section {
            kind: Kind::Sla,
            title: "SLAs",
            base: "sla",
            entries: model
                .slas
                .iter()
                .map(|s| {
                    let on = match &s.scope {
                        crate::model::SlaScope::Service(n) => format!("service {n}"),
                        crate::model::SlaScope::Component(n) => format!("component {n}"),
                    };
                    (s.name.clone(), on)
                })
                .collect(),
            blocked: no_components,
        },
    ];
    for s in sections {
        section_ui(form, ui, model, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tables_are_valid_in_the_reference_model() {
        let doc = crate::edit::Document::model(crate::gui::DEFAULT_MODEL.into(), "m".into());
        let model = doc.shown_model().expect("valid");
        let kinds = [
            Kind::Component,
            Kind::Group,
            Kind::Service,
            Kind::Zone,
            Kind::Region,
            Kind::CommonCause,
            Kind::Sla,
        ];
        let edits: Vec<Edit> = kinds
            .into_iter()
            .map(|kind| Edit {
                path: EditPath::table(kind, &fresh_name(model, kind, kind.key())),
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
        assert!(m.zones.iter().any(|z| z.name == "zone1"));
        assert!(m.regions.iter().any(|r| r.name == "region1"));
        assert!(m.common_causes.iter().any(|c| c.name == "common_cause1"));
        assert!(
            m.slas
                .iter()
                .any(|s| s.name == "sla1" && s.credits.len() == 3)
        );
    }

    #[test]
    fn fresh_names_skip_the_kinds_namespace() {
        let doc = crate::edit::Document::model(crate::gui::DEFAULT_MODEL.into(), "m".into());
        let model = doc.shown_model().expect("valid");
        // Zones and regions share one namespace.
        assert_eq!(fresh_name(model, Kind::Zone, "region-"), "region-2");
        assert_eq!(fresh_name(model, Kind::Sla, "sla"), "sla1");
    }
}
