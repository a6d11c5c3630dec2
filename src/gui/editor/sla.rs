//! An SLA (`[[sla]]`): name, what it measures (a service, or a provider's component), who
//! pays the credits, the monthly fee and the table of credit tiers (add and remove rows).

use super::fields::{Form, header_ui, inline_error, name_ui, node_problems, number_text_ui};
use super::fields::{number_text_with_ui, refused_ui, remove, table_label};
use super::money::money_text;
use crate::edit::{Edit, EditPath, Kind};
use crate::model::{CreditTier, Model, Sla, SlaDirection, SlaScope};
use egui::RichText;

fn key(sla: &Sla, keys: &[&str]) -> EditPath {
    EditPath::key(Kind::Sla, &sla.name, keys)
}

/// A tier as a TOML table.
fn tier_value(t: CreditTier) -> toml::Value {
    super::fields::number_table(&[("below", t.below), ("credit", t.credit)])
}

/// The whole credits list as one edit (adding or removing a row).
fn set_tiers(sla: &Sla, tiers: &[CreditTier]) -> Edit {
    let list = tiers.iter().map(|t| tier_value(*t)).collect();
    Edit::set(key(sla, &["credits"]), toml::Value::Array(list))
}

/// A tier to add below the others: a lower availability, a larger credit.
pub(crate) fn next_tier(tiers: &[CreditTier]) -> CreditTier {
    let lowest = tiers.iter().map(|t| t.below).fold(1.0, f64::min);
    let largest = tiers.iter().map(|t| t.credit).fold(0.0, f64::max);
    CreditTier {
        below: ((lowest - 0.05).max(lowest / 2.0) * 1e4).round() / 1e4,
        credit: (largest + 0.25).min(1.0),
    }
}

/// The editor of SLA `sla`.
pub(crate) fn sla_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, sla: &Sla) {
    let label = table_label(Kind::Sla, &sla.name);
    header_ui(form, ui, "SLA", Kind::Sla, &sla.name);
    name_ui(form, ui, Kind::Sla, &sla.name);
    scope_ui(form, ui, model, sla);
    let field = key(sla, &["direction"]).to_string();
    ui.horizontal(|ui| {
        ui.label("credits are");
        let mut d = sla.direction;
        ui.radio_value(&mut d, SlaDirection::Paid, "paid")
            .on_hover_text("you pay your customers when your service misses (a cost)");
        ui.radio_value(&mut d, SlaDirection::Received, "received")
            .on_hover_text("a provider pays you when its component misses (money back)");
        if d != sla.direction {
            let word = if d == SlaDirection::Paid {
                "paid"
            } else {
                "received"
            };
            form.edit(&field, vec![Edit::set(key(sla, &["direction"]), word)]);
        }
    });
    refused_ui(form, ui, &field);
    let currency = model.model.currency();
    ui.horizontal(|ui| {
        let l = ui.label(format!("monthly fee ({currency})"));
        ui.vertical(|ui| {
            number_text_ui(form, ui, l.id, key(sla, &["monthly_fee"]), sla.monthly_fee);
        });
    });
    ui.separator();
    tiers_ui(form, ui, sla, currency);
    for m in node_problems(form, &label, None) {
        inline_error(ui, &m);
    }
}

/// Service or component, and which one.
fn scope_ui(form: &mut Form, ui: &mut egui::Ui, model: &Model, sla: &Sla) {
    let field = format!("{}.scope", EditPath::table(Kind::Sla, &sla.name));
    let (is_service, current) = match &sla.scope {
        SlaScope::Service(s) => (true, s.as_str()),
        SlaScope::Component(c) => (false, c.as_str()),
    };
    let services: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    let components: Vec<&str> = model.components.iter().map(|c| c.name.as_str()).collect();
    ui.horizontal(|ui| {
        ui.label("measures");
        let mut service = is_service;
        ui.add_enabled_ui(!services.is_empty(), |ui| {
            ui.radio_value(&mut service, true, "a service")
                .on_hover_text("an SLA you offer your customers on a service");
        });
        ui.radio_value(&mut service, false, "a component")
            .on_hover_text("a provider's SLA on a component (with its dependencies)");
        let names = if service { &services } else { &components };
        let mut chosen = if service == is_service {
            current.to_string()
        } else {
            names.first().map(|s| s.to_string()).unwrap_or_default()
        };
        egui::ComboBox::from_id_salt(&field)
            .selected_text(&chosen)
            .show_ui(ui, |ui| {
                for n in names {
                    ui.selectable_value(&mut chosen, n.to_string(), *n);
                }
            });
        if service != is_service || chosen != current {
            let (set, drop) = if service {
                ("service", "component")
            } else {
                ("component", "service")
            };
            let edits = vec![
                remove(key(sla, &[drop])),
                Edit::set(key(sla, &[set]), chosen.as_str()),
            ];
            form.edit(&field, edits);
        }
    });
    refused_ui(form, ui, &field);
}

/// The credit tiers: one row each (a month below `below` earns `credit` × the fee), a row
/// removed with its button, one added below the others.
fn tiers_ui(form: &mut Form, ui: &mut egui::Ui, sla: &Sla, currency: &str) {
    ui.label(RichText::new("credit tiers").strong()).on_hover_text(
        "a month whose availability is below a tier's line earns the largest such credit × the monthly fee",
    );
    let tiers_field = key(sla, &["credits"]).to_string();
    egui::Grid::new(format!("{tiers_field}.grid"))
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for (i, t) in sla.credits.iter().enumerate() {
                let entry = key(sla, &["credits", &i.to_string()]);
                ui.label(RichText::new(format!("{}.", i + 1)).weak());
                for (part, value) in [("below", t.below), ("credit", t.credit)] {
                    let l = ui.label(part);
                    ui.vertical(|ui| {
                        let field = format!("{entry}.{part}");
                        let path = entry.clone();
                        number_text_with_ui(form, ui, (l.id, &field), value, |v| {
                            let mut new = *t;
                            if part == "below" {
                                new.below = v;
                            } else {
                                new.credit = v;
                            }
                            vec![Edit::set(path, tier_value(new))]
                        });
                    });
                }
                let last = sla.credits.len() == 1;
                if ui
                    .add_enabled(!last, egui::Button::new("🗑").small())
                    .on_hover_text(if last {
                        "an SLA needs at least one tier"
                    } else {
                        "remove this tier"
                    })
                    .on_disabled_hover_text("an SLA needs at least one tier")
                    .clicked()
                {
                    let mut rest = sla.credits.clone();
                    rest.remove(i);
                    form.edit(&tiers_field, vec![set_tiers(sla, &rest)]);
                }
                ui.end_row();
            }
        });
    if ui
        .button("+ tier")
        .on_hover_text("add a tier below the others")
        .clicked()
    {
        let mut tiers = sla.credits.clone();
        tiers.push(next_tier(&tiers));
        form.edit(&tiers_field, vec![set_tiers(sla, &tiers)]);
    }
    refused_ui(form, ui, &tiers_field);
    let worst = sla.credits.iter().map(|t| t.credit).fold(0.0, f64::max);
    ui.label(
        RichText::new(format!(
            "at most {} a month",
            money_text(worst * sla.monthly_fee, currency)
        ))
        .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_tier_goes_below_the_others() {
        let t = next_tier(&[
            CreditTier {
                below: 0.9999,
                credit: 0.1,
            },
            CreditTier {
                below: 0.99,
                credit: 0.3,
            },
        ]);
        assert_eq!((t.below, t.credit), (0.94, 0.55));
        let t = next_tier(&[]);
        assert_eq!((t.below, t.credit), (0.95, 0.25));
        let t = next_tier(&[CreditTier {
            below: 0.05,
            credit: 1.0,
        }]);
        assert_eq!((t.below, t.credit), (0.025, 1.0));
    }
}
