//! Editor fields for zones, failover, capacity and load (the keys beyond the core format).

use super::App;
use super::edit::{self, Kind, number};
use super::editor::apply;
use crate::model::{Component, Service};
use egui::RichText;

/// Zones (shown), failover, capacity_rps and workers of component `i`.
pub(super) fn component_extras_ui(
    app: &mut App,
    ui: &mut egui::Ui,
    c: &Component,
    i: usize,
    label: &str,
) {
    if let Some(z) = &c.zones {
        ui.label(format!(
            "zones: {} (edit in the Text view)",
            z.zone_names().join(", ")
        ));
    }
    let mut on = c.failover.is_some();
    let (mut seconds, mut success) = c.failover.map_or((90.0, 0.98), |f| (f.seconds, f.success));
    ui.horizontal(|ui| {
        let toggled = ui
            .add_enabled(c.replicas >= 2, egui::Checkbox::new(&mut on, "failover"))
            .on_hover_text(
                "an active replica that goes down switches to a standby (needs 2 replicas)",
            )
            .changed();
        let mut changed = toggled;
        if on {
            ui.label("seconds");
            changed |= ui
                .add(
                    egui::DragValue::new(&mut seconds)
                        .range(0.0..=86_400.0)
                        .speed(1.0),
                )
                .changed();
            ui.label("success");
            changed |= ui
                .add(
                    egui::DragValue::new(&mut success)
                        .range(0.0..=1.0)
                        .speed(0.001)
                        .max_decimals(3),
                )
                .changed();
        }
        if changed {
            let value = on.then(|| {
                let mut t = toml_edit::InlineTable::new();
                t.insert("seconds", number(seconds));
                t.insert("success", number(success));
                toml_edit::Value::InlineTable(t)
            });
            apply(app, &format!("{label}.failover"), |d| {
                edit::set_value(d, Kind::Component, i, "failover", value)
            });
        }
    });
    let mut limited = c.capacity_rps.is_some();
    let mut cap = c.capacity_rps.unwrap_or(100.0);
    let mut workers = c.workers.unwrap_or(1);
    ui.horizontal(|ui| {
        let mut changed = ui
            .checkbox(&mut limited, "capacity")
            .on_hover_text("requests/s one replica serves (used with a load scenario)")
            .changed();
        if limited {
            changed |= ui
                .add(
                    egui::DragValue::new(&mut cap)
                        .range(0.001..=1e9)
                        .speed(5.0)
                        .suffix(" rps/replica"),
                )
                .changed();
            let w = ui
                .add(
                    egui::DragValue::new(&mut workers)
                        .range(1..=100_000)
                        .suffix(" workers"),
                )
                .on_hover_text("requests one replica works on at once (M/M/c servers)");
            if w.changed() {
                apply(app, &format!("{label}.workers"), |d| {
                    edit::set_value(
                        d,
                        Kind::Component,
                        i,
                        "workers",
                        Some(i64::from(workers).into()),
                    )
                });
            }
        }
        if changed {
            let value = limited.then(|| number(cap));
            apply(app, &format!("{label}.capacity_rps"), |d| {
                edit::set_value(d, Kind::Component, i, "capacity_rps", value)?;
                if !limited {
                    edit::set_value(d, Kind::Component, i, "workers", None)?;
                    edit::set_value(d, Kind::Component, i, "usl", None)?;
                }
                Ok(())
            });
        }
    });
}

/// load_share and latency_p95_ms of service `i`.
pub(super) fn service_extras_ui(
    app: &mut App,
    ui: &mut egui::Ui,
    s: &Service,
    i: usize,
    label: &str,
) {
    ui.horizontal(|ui| {
        let mut set = s.load_share.is_some();
        let mut share = s.load_share.unwrap_or(0.0);
        let mut changed = ui
            .checkbox(&mut set, "load share")
            .on_hover_text("share of the scenario's load (set on every service or none)")
            .changed();
        if set {
            changed |= ui
                .add(
                    egui::DragValue::new(&mut share)
                        .range(0.0..=1e6)
                        .speed(0.01)
                        .max_decimals(4),
                )
                .changed();
        }
        if changed {
            let value = set.then(|| number(share));
            apply(app, &format!("{label}.load_share"), |d| {
                edit::set_value(d, Kind::Service, i, "load_share", value)
            });
        }
    });
    ui.horizontal(|ui| {
        let mut set = s.latency_p95_ms.is_some();
        let mut ms = s.latency_p95_ms.unwrap_or(500.0);
        let mut changed = ui.checkbox(&mut set, "p95 objective").changed();
        if set {
            changed |= ui
                .add(
                    egui::DragValue::new(&mut ms)
                        .range(0.001..=1e7)
                        .speed(5.0)
                        .suffix(" ms"),
                )
                .changed();
        }
        if changed {
            let value = set.then(|| number(ms));
            apply(app, &format!("{label}.latency_p95_ms"), |d| {
                edit::set_value(d, Kind::Service, i, "latency_p95_ms", value)
            });
        }
    });
    ui.label(
        RichText::new("Load and latency figures: Load & capacity view (with a scenario).").weak(),
    );
}
