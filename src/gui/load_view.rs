//! The Load & capacity view: the load scenario (editable), its profile over the year, the
//! headroom of every capacity-limited component, latency against load, and the capacity
//! planner on a worker thread.

use super::{App, Command};
use crate::analysis::{latency, queues};
use crate::planner::{Goal, Proposal, plan_capacity};
use crate::report::charts;
use egui::RichText;
use std::sync::mpsc::{Receiver, channel};

/// Figures derived from the model and scenario, kept until either changes.
#[derive(Clone)]
pub struct Derived {
    key: (String, String, usize),
    profile: charts::Chart,
    headroom: charts::Chart,
    latency: crate::analysis::LatencyReport,
    queues: Vec<crate::analysis::Queue>,
}

/// A capacity plan being computed on a worker thread, or its answer.
#[derive(Default)]
pub struct PlannerState {
    /// Target share of requests served.
    pub target: f64,
    /// Largest acceptable share of years with any overload.
    pub max_overload: f64,
    rx: Option<Receiver<Result<Proposal, String>>>,
    /// The last answer.
    pub result: Option<Result<Proposal, String>>,
    /// Derived figures of the view.
    pub cache: Option<Derived>,
}

impl PlannerState {
    /// A planner aiming at `target` served share with at most `max_overload` overloaded years.
    pub fn new(target: f64, max_overload: f64) -> PlannerState {
        PlannerState {
            target,
            max_overload,
            rx: None,
            result: None,
            cache: None,
        }
    }

    /// Whether a plan is being computed.
    pub fn running(&self) -> bool {
        self.rx.is_some()
    }

    /// Take the answer if it arrived.
    pub fn poll(&mut self) {
        if let Some(rx) = &self.rx
            && let Ok(r) = rx.try_recv()
        {
            self.result = Some(r);
            self.rx = None;
        }
    }
}

pub(crate) fn load_ui(app: &mut App, ui: &mut egui::Ui) {
    app.planner.poll();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Load & capacity");
            ui.checkbox(&mut app.settings.use_scenario, "use this load scenario in runs");
            if ui.button("Open scenario…").clicked() {
                app.command(Command::OpenScenario);
            }
            if ui.button("Built-in peak season").clicked() {
                app.use_builtin_scenario();
            }
            if ui.button("Save scenario as…").on_hover_text("Save the scenario with your edits (comments kept)").clicked() {
                app.command(Command::SaveScenario);
            }
        });
        let Some(sc) = app.scenario.clone() else {
            ui.label("No scenario: open one (scenarios/*.toml).");
            return;
        };
        ui.label(RichText::new(format!("{} — {}", sc.name, sc.description)).weak());
        let mut edited = sc.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label("average requests/s");
            ui.add(egui::DragValue::new(&mut edited.average_rps).range(0.001..=1e9).speed(5.0));
            ui.label("growth per year");
            ui.add(egui::DragValue::new(&mut edited.growth_per_year).range(-0.99..=10.0).speed(0.01));
            ui.label("day-to-day noise σ");
            ui.add(egui::DragValue::new(&mut edited.noise_sigma).range(0.0..=2.0).speed(0.01));
        });
        for p in &mut edited.peaks {
            ui.horizontal(|ui| {
                ui.label(format!("{} ({}-{:02}-{:02}, {} h)", p.name, p.date.year, p.date.month, p.date.day, p.duration_hours));
                ui.label("× normal day");
                ui.add(egui::DragValue::new(&mut p.multiplier).range(0.01..=1000.0).speed(0.05));
            });
        }
        if edited.average_rps != sc.average_rps || edited.growth_per_year != sc.growth_per_year || edited.noise_sigma != sc.noise_sigma || edited.peaks != sc.peaks {
            apply_edit(app, &sc, &edited);
        }
        let Some(plan) = app.doc.plan.clone() else {
            ui.label("Fix the model to see its capacity.");
            return;
        };
        let horizon = app.settings.horizon_hours.unwrap_or(plan.horizon_hours());
        let hours = horizon.ceil() as usize;
        // The profile, headroom and latency figures are computed once per model and scenario
        // text, not every frame (the latency count evaluates every hour of the year).
        let key = (app.doc.hash(), crate::model::model_hash(app.scenario_text.as_bytes()), hours);
        if app.planner.cache.as_ref().is_none_or(|c| c.key != key) {
            let qs = queues(&plan);
            app.planner.cache = Some(Derived {
                key,
                profile: charts::load_profile(&edited, hours),
                headroom: charts::headroom(&qs, &edited, hours),
                latency: latency(&plan.clone().with_scenario(edited.clone()), &edited, horizon),
                queues: qs,
            });
        }
        let Some(d) = app.planner.cache.clone() else { return };
        super::plot::chart_ui(ui, "load-profile", &d.profile, 200.0);
        let qs = d.queues.clone();
        if qs.is_empty() {
            ui.label(RichText::new("No component has capacity_rps: add it (requests/s per replica) to see headroom, latency and plans.").weak());
            return;
        }
        ui.heading("Capacity plan");
        ui.horizontal(|ui| {
            ui.label("requests served at least");
            ui.add(egui::DragValue::new(&mut app.planner.target).range(0.5..=1.0).speed(0.0001).max_decimals(5));
            ui.label("overload in at most (share of years)");
            ui.add(egui::DragValue::new(&mut app.planner.max_overload).range(0.0..=1.0).speed(0.001).max_decimals(3));
            let busy = app.planner.running();
            if ui.add_enabled(!busy, egui::Button::new("Plan capacity")).clicked() {
                let (tx, rx) = channel();
                let goal = Goal { target: app.planner.target, max_overload_probability: app.planner.max_overload, run: app.run_config(super::job::RunKind::Quick) };
                let (model, sc, ctx) = (plan.model().clone(), edited.clone(), ui.ctx().clone());
                let _ = std::thread::Builder::new().name("nines-planner".into()).spawn(move || {
                    let _ = tx.send(plan_capacity(&model, &sc, &goal, &crate::engine::NoObserver).map_err(|e| e.to_string()));
                    ctx.request_repaint();
                });
                app.planner.rx = Some(rx);
            }
            if busy {
                ui.spinner();
                ui.label("simulating candidates…");
            }
        });
        match &app.planner.result {
            Some(Ok(p)) => proposal_ui(ui, p),
            Some(Err(e)) => {
                ui.colored_label(egui::Color32::from_rgb(214, 39, 40), e);
            }
            None => {}
        }
        ui.separator();
        super::plot::chart_ui(ui, "headroom", &d.headroom, 220.0);
        let lat = d.latency.clone();
        ui.columns(qs.len().min(3), |cols| {
            for (i, q) in qs.iter().enumerate() {
                let col = &mut cols[i % cols.len()];
                let l = lat.components.iter().find(|c| c.name == q.name);
                let chart = charts::latency_curve(q, l.map_or(0.0, |l| l.average_rps), l.map_or(0.0, |l| l.peak_rps));
                super::plot::chart_ui(col, &format!("latency-{}", q.name), &chart, 160.0);
            }
        });
        for s in lat.services.iter().filter(|s| s.objective_p95_ms.is_some()) {
            ui.label(format!(
                "service {}: p95 at the busiest hour {} against {} ms; {:.1} h of the year over the objective (healthy capacity)",
                s.name,
                s.p95_at_peak_ms.map(|v| format!("{v:.0} ms")).unwrap_or_else(|| "overloaded".into()),
                s.objective_p95_ms.unwrap_or_default(),
                s.hours_over_objective
            ));
        }
    });
}

/// Write the edited values into the scenario's text (keeping its comments) and use them.
pub fn apply_edit(app: &mut App, old: &crate::scenario::Scenario, new: &crate::scenario::Scenario) {
    use super::edit::number;
    let Ok(mut doc) = app.scenario_text.parse::<toml_edit::DocumentMut>() else {
        return;
    };
    if let Some(t) = doc
        .get_mut("scenario")
        .and_then(toml_edit::Item::as_table_like_mut)
    {
        for (key, a, b) in [
            ("average_rps", old.average_rps, new.average_rps),
            ("growth_per_year", old.growth_per_year, new.growth_per_year),
            ("noise_sigma", old.noise_sigma, new.noise_sigma),
        ] {
            if a != b {
                super::edit::set_keeping_comments(t, key, number(b));
            }
        }
    }
    if let Some(peaks) = doc
        .get_mut("peak")
        .and_then(toml_edit::Item::as_array_of_tables_mut)
    {
        for (i, (a, b)) in old.peaks.iter().zip(&new.peaks).enumerate() {
            if a.multiplier != b.multiplier
                && let Some(t) = peaks.get_mut(i)
            {
                super::edit::set_keeping_comments(t, "multiplier", number(b.multiplier));
            }
        }
    }
    let text = doc.to_string();
    match crate::scenario::parse_scenario(&text, "scenario") {
        Ok(mut sc) => {
            if let Some(series) = old.series() {
                sc = sc.with_series(series.to_vec());
            }
            app.scenario = Some(sc);
            app.scenario_text = text;
            app.scenario_changed();
        }
        Err(e) => app.status = Some((e.to_string(), true)),
    }
}

fn proposal_ui(ui: &mut egui::Ui, p: &Proposal) {
    egui::Grid::new("proposal")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                "component",
                "current",
                "proposed",
                "min_up",
                "capacity rps",
                "one fewer meets the goal?",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in &p.rows {
                ui.label(&r.component);
                ui.label(r.current_replicas.to_string());
                ui.label(RichText::new(r.proposed_replicas.to_string()).strong());
                ui.label(r.min_up.to_string());
                ui.label(format!("{:.0}", r.capacity_rps));
                ui.label(match r.one_less_meets_goal {
                    Some(true) => "yes".to_string(),
                    Some(false) => format!(
                        "no ({:.5} % served)",
                        r.served_with_one_less.unwrap_or(0.0) * 100.0
                    ),
                    None => "-".to_string(),
                });
                ui.end_row();
            }
        });
    ui.label(format!(
        "at the proposal {:.5} % of requests served (± {:.5}), overload in {:.2} % of years; {} simulations",
        p.served_fraction.mean * 100.0,
        (p.served_fraction.ci95[1] - p.served_fraction.mean) * 100.0,
        p.overload_probability.mean * 100.0,
        p.simulations
    ));
    if let Some(l) = &p.limit {
        ui.colored_label(
            egui::Color32::from_rgb(200, 120, 0),
            format!("target out of reach: {l}"),
        );
    }
}
