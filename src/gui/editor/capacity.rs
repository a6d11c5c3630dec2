//! A component's failover (switching to a standby), its capacity (requests/s per replica,
//! workers) and how its capacity scales across replicas (USL coefficients).

use super::fields::{
    Form, component_key as key, number_table, number_text_ui, optional_ui, refused_ui, remove,
};
use crate::edit::Edit;
use crate::model::{Component, Usl};
use egui::RichText;

/// Failover, capacity_rps, workers and the USL coefficients.
pub(crate) fn capacity_ui(form: &mut Form, ui: &mut egui::Ui, c: &Component) {
    let failover_field = key(c, &["failover"]).to_string();
    let mut on = c.failover.is_some();
    let (mut seconds, mut success) = c.failover.map_or((90.0, 0.98), |f| (f.seconds, f.success));
    ui.horizontal(|ui| {
        let mut changed = ui
            .add_enabled(c.replicas >= 2, egui::Checkbox::new(&mut on, "failover"))
            .on_hover_text(
                "an active replica that goes down switches to a standby (needs 2 replicas)",
            )
            .changed();
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
            let path = key(c, &["failover"]);
            let edit = if on {
                let mut t = toml::Table::new();
                t.insert("seconds".into(), seconds.into());
                t.insert("success".into(), success.into());
                Edit::set(path, toml::Value::Table(t))
            } else {
                remove(path)
            };
            form.edit(&failover_field, vec![edit]);
        }
    });
    refused_ui(form, ui, &failover_field);
    let capacity_field = key(c, &["capacity_rps"]).to_string();
    let workers_field = key(c, &["workers"]).to_string();
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
                let edit = Edit::set(key(c, &["workers"]), i64::from(workers));
                form.edit(&workers_field, vec![edit]);
            }
        }
        if changed {
            let edits = if limited {
                vec![Edit::set(key(c, &["capacity_rps"]), cap)]
            } else {
                ["capacity_rps", "workers", "usl"]
                    .map(|k| remove(key(c, &[k])))
                    .into()
            };
            form.edit(&capacity_field, edits);
        }
    });
    for f in [&capacity_field, &workers_field] {
        refused_ui(form, ui, f);
    }
    if c.capacity_rps.is_some() {
        usl_ui(form, ui, c);
    }
}

/// Throughput of `n` replicas of `x1` requests/s each under the USL:
/// n·x1 / (1 + σ(n−1) + κn(n−1)).
pub(crate) fn usl_throughput(n: u32, x1: f64, u: Usl) -> f64 {
    let n = f64::from(n);
    n * x1 / (1.0 + u.contention * (n - 1.0) + u.coherency * n * (n - 1.0))
}

/// The optional `usl = { contention, coherency }` of a capacity-limited component.
fn usl_ui(form: &mut Form, ui: &mut egui::Ui, c: &Component) {
    let path = key(c, &["usl"]);
    let on = optional_ui(
        form,
        ui,
        path.clone(),
        (
            "imperfect scaling (USL)",
            "Universal Scalability Law: n replicas serve n·X1 / (1 + σ(n−1) + κn(n−1))",
        ),
        c.usl.is_some(),
        || number_table(&[("contention", 0.02), ("coherency", 0.0001)]),
    );
    let (Some(u), true) = (c.usl, on) else {
        return;
    };
    egui::Grid::new(format!("{path}.grid"))
        .num_columns(2)
        .show(ui, |ui| {
            for (k, label, v) in [
                ("contention", "contention σ", u.contention),
                ("coherency", "coherency κ", u.coherency),
            ] {
                let l = ui.label(label);
                ui.vertical(|ui| {
                    number_text_ui(form, ui, l.id, key(c, &["usl", k]), v);
                });
                ui.end_row();
            }
        });
    if let Some(x1) = c.capacity_rps {
        ui.label(
            RichText::new(format!(
                "{} replicas serve {:.0} requests/s (linear: {:.0})",
                c.replicas,
                usl_throughput(c.replicas, x1, u),
                f64::from(c.replicas) * x1
            ))
            .weak(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usl_throughput_bends_below_linear() {
        let none = Usl {
            contention: 0.0,
            coherency: 0.0,
        };
        assert_eq!(usl_throughput(4, 100.0, none), 400.0);
        let u = Usl {
            contention: 0.1,
            coherency: 0.01,
        };
        // 4·100 / (1 + 0.3 + 0.12) = 281.69…
        assert!((usl_throughput(4, 100.0, u) - 400.0 / 1.42).abs() < 1e-9);
        assert_eq!(usl_throughput(1, 100.0, u), 100.0);
    }
}
