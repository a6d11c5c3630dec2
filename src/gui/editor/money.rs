//! Money and survey tags on a table: a component's cost (per replica and fixed), a zone's or
//! region's fixed cost, a service's downtime cost and lost revenue, and the survey challenge a
//! table's downtime counts towards (one of the seed survey's five, or free text).

use super::fields::{Form, number_table, number_text_ui, optional_ui, remove, text_sized_ui};
use crate::edit::{Edit, EditPath, Kind};
use crate::model::money::{ComponentCost, DowntimeCost, FixedCost, Revenue};
use egui::RichText;

/// The challenges of the seed survey (../shared/seed-survey.csv, table `challenges`), in the
/// survey's order (most named first).
pub(crate) const SURVEY_CHALLENGES: [&str; 5] = [
    "System Complexity",
    "Scalability Issues",
    "Data Management",
    "Disaster Recovery",
    "Security Concerns",
];

/// A money amount with thousands separators and the currency ("25,200 USD").
pub(crate) fn money_text(amount: f64, currency: &str) -> String {
    let rounded = amount.round();
    if !rounded.is_finite() || rounded.abs() >= 1e15 {
        return format!("{amount} {currency}");
    }
    let digits = (rounded.abs() as u64).to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}{out} {currency}")
}

/// Labelled numbers of a small table (`cost.per_replica_year`…), each typed as text.
fn numbers_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    grid: &str,
    base: &EditPath,
    rows: &[(&str, &str, f64)],
) {
    egui::Grid::new(grid).num_columns(2).show(ui, |ui| {
        for (key, label, value) in rows {
            let l = ui.label(*label);
            ui.vertical(|ui| {
                let mut path = base.clone();
                path.keys.push((*key).to_string());
                number_text_ui(form, ui, l.id, path, *value);
            });
            ui.end_row();
        }
    });
}

/// A component's `cost = { per_replica_year, fixed_year }` and what it comes to a year.
pub(crate) fn component_cost_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    name: &str,
    replicas: u32,
    cost: Option<ComponentCost>,
    currency: &str,
) {
    let path = EditPath::key(Kind::Component, name, &["cost"]);
    let on = optional_ui(
        form,
        ui,
        path.clone(),
        (
            "yearly cost",
            "what the component costs a year: per replica, plus a fixed part",
        ),
        cost.is_some(),
        || number_table(&[("per_replica_year", 0.0), ("fixed_year", 0.0)]),
    );
    let Some(k) = cost.filter(|_| on) else {
        return;
    };
    numbers_ui(
        form,
        ui,
        &format!("{path}.grid"),
        &path,
        &[
            ("per_replica_year", "per replica a year", k.per_replica_year),
            ("fixed_year", "fixed a year", k.fixed_year),
        ],
    );
    let total = f64::from(replicas) * k.per_replica_year + k.fixed_year;
    ui.label(RichText::new(format!("= {} a year", money_text(total, currency))).weak());
}

/// A zone's or region's `cost = { fixed_year }`.
pub(crate) fn fixed_cost_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    kind: Kind,
    name: &str,
    cost: Option<FixedCost>,
    currency: &str,
) {
    let path = EditPath::key(kind, name, &["cost"]);
    let on = optional_ui(
        form,
        ui,
        path.clone(),
        (
            "yearly cost",
            "a fixed cost a year (a region's base fee, a zone's reserved capacity)",
        ),
        cost.is_some(),
        || number_table(&[("fixed_year", 0.0)]),
    );
    if let Some(k) = cost.filter(|_| on) {
        let label = format!("fixed a year ({currency})");
        numbers_ui(
            form,
            ui,
            &format!("{path}.grid"),
            &path,
            &[("fixed_year", &label, k.fixed_year)],
        );
    }
}

/// A service's `downtime_cost = { per_hour }` and `revenue = { conversion, order_value,
/// recapture }`.
pub(crate) fn service_money_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    name: &str,
    downtime: Option<DowntimeCost>,
    revenue: Option<Revenue>,
    currency: &str,
) {
    let path = EditPath::key(Kind::Service, name, &["downtime_cost"]);
    let on = optional_ui(
        form,
        ui,
        path.clone(),
        (
            "cost of downtime",
            "a flat cost per hour the service is down",
        ),
        downtime.is_some(),
        || number_table(&[("per_hour", 0.0)]),
    );
    if let Some(d) = downtime.filter(|_| on) {
        let label = format!("per hour down ({currency})");
        numbers_ui(
            form,
            ui,
            &format!("{path}.grid"),
            &path,
            &[("per_hour", &label, d.per_hour)],
        );
    }
    let path = EditPath::key(Kind::Service, name, &["revenue"]);
    let on = optional_ui(
        form,
        ui,
        path.clone(),
        (
            "lost revenue",
            "with a load scenario: lost requests × conversion × order value × (1 − recapture)",
        ),
        revenue.is_some(),
        || {
            // reference-data "Load and revenue defaults": 2.5 % conversion, 110 USD order.
            number_table(&[
                ("conversion", 0.025),
                ("order_value", 110.0),
                ("recapture", 0.0),
            ])
        },
    );
    if let Some(r) = revenue.filter(|_| on) {
        let value = format!("order value ({currency})");
        numbers_ui(
            form,
            ui,
            &format!("{path}.grid"),
            &path,
            &[
                ("conversion", "conversion (0 to 1)", r.conversion),
                ("order_value", &value, r.order_value),
                ("recapture", "recapture (0 to 1)", r.recapture),
            ],
        );
        ui.label(
            RichText::new(format!(
                "a lost request costs {:.4} {currency}",
                r.per_lost_request()
            ))
            .weak(),
        );
    }
    if downtime.is_some() && revenue.is_some() {
        ui.label(
            RichText::new(
                "Both set: per-hour cost counts beyond lost orders (staff, penalties), or orders count twice.",
            )
            .weak(),
        );
    }
}

/// The survey challenge of a table: a choice of the seed survey's challenges, or any text
/// (empty: none).
pub(crate) fn challenge_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    kind: Kind,
    name: &str,
    current: Option<&str>,
) {
    let path = EditPath::key(kind, name, &["challenge"]);
    let field = path.to_string();
    let set = |text: &str| -> Vec<Edit> {
        if text.trim().is_empty() {
            vec![remove(path.clone())]
        } else {
            vec![Edit::set(path.clone(), text)]
        }
    };
    ui.horizontal(|ui| {
        let l = ui
            .label("challenge")
            .on_hover_text("the survey challenge this one's downtime counts towards");
        let mut chosen = current.unwrap_or_default().to_string();
        egui::ComboBox::from_id_salt(format!("{field}.combo"))
            .selected_text(match current {
                None => "(none)",
                Some(c) if SURVEY_CHALLENGES.contains(&c) => "survey",
                Some(_) => "other",
            })
            .width(80.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, String::new(), "(none)");
                for c in SURVEY_CHALLENGES {
                    ui.selectable_value(&mut chosen, c.to_string(), c);
                }
            });
        if chosen != current.unwrap_or_default() {
            form.edit(&field, set(&chosen));
        }
        let width = (ui.available_width() - 8.0).clamp(80.0, 180.0);
        text_sized_ui(
            form,
            ui,
            (l.id, &field),
            current.unwrap_or_default(),
            width,
            set,
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_with_thousands() {
        assert_eq!(money_text(25_200.0, "USD"), "25,200 USD");
        assert_eq!(money_text(999.4, "EUR"), "999 EUR");
        assert_eq!(money_text(-1_234_567.0, "USD"), "-1,234,567 USD");
        assert_eq!(money_text(0.0, "USD"), "0 USD");
    }
}
