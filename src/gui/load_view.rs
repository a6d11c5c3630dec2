//! The Load & capacity view: the load scenario (its own document: edits are path edits with
//! undo/redo), its profile over the year, the headroom of every capacity-limited component,
//! latency against load, and the capacity planner as a background task.

use super::charts::ChartId;
use super::command::Setting;
use super::{App, Command};
use crate::planner::Proposal;
use crate::report::charts;
use egui::{Color32, RichText};

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);

/// The view's own state: the scenario form's, and the planner's inputs.
pub(crate) struct LoadView {
    /// The scenario form (typed text, the shapes' drag).
    pub scenario: super::editor::ScenarioView,
    /// Target share of requests served.
    target: f64,
    /// Largest acceptable share of years with any overload.
    max_overload: f64,
}

impl Default for LoadView {
    fn default() -> Self {
        LoadView {
            scenario: Default::default(),
            target: 0.9995,
            max_overload: 0.01,
        }
    }
}

pub(crate) fn load_ui(app: &App, view: &mut LoadView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Load & capacity");
            let mut use_it = app.settings.use_scenario;
            if ui.checkbox(&mut use_it, "use this load scenario in runs").changed() {
                out.push(Command::Set(Setting::UseScenario(use_it)));
            }
            if ui.button("Open scenario…").clicked() {
                out.push(Command::OpenScenario);
            }
            if ui.button("Built-in peak season").clicked() {
                out.push(Command::BuiltinScenario);
            }
            if ui
                .button("Save scenario as…")
                .on_hover_text("Save the scenario with your edits (comments kept)")
                .clicked()
            {
                out.push(Command::SaveScenario);
            }
        });
        egui::CollapsingHeader::new(RichText::new("Load scenario").strong())
            .default_open(true)
            .show(ui, |ui| super::editor::scenario_ui(app, &mut view.scenario, ui, out));
        if app.doc.plan().is_none() {
            ui.label("Fix the model to see its capacity.");
            return;
        }
        let Some(d) = app.load_figures() else {
            return;
        };
        super::plot::chart_ui(ui, &ChartId::LoadProfile, &d.profile, 200.0, out);
        if d.queues.is_empty() {
            ui.label(RichText::new("No component has capacity_rps: add it (requests/s per replica) to see headroom, latency and plans.").weak());
            return;
        }
        planner_ui(app, view, ui, out);
        ui.separator();
        super::plot::chart_ui(ui, &ChartId::Headroom, &d.headroom, 220.0, out);
        let lat = &d.latency;
        ui.columns(d.queues.len().min(3), |cols| {
            for (i, q) in d.queues.iter().enumerate() {
                let col = &mut cols[i % cols.len()];
                let l = lat.components.iter().find(|c| c.name == q.name);
                let chart = charts::latency_curve(
                    q,
                    l.map_or(0.0, |l| l.average_rps),
                    l.map_or(0.0, |l| l.peak_rps),
                );
                super::plot::chart_ui(col, &ChartId::Latency(q.name.clone()), &chart, 160.0, out);
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

/// The planner's goal, Plan and Cancel, its progress and its answer.
fn planner_ui(app: &App, view: &mut LoadView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.heading("Capacity plan");
    ui.horizontal(|ui| {
        ui.label("requests served at least");
        ui.add(
            egui::DragValue::new(&mut view.target)
                .range(0.5..=1.0)
                .speed(0.0001)
                .max_decimals(5),
        );
        ui.label("overload in at most (share of years)");
        ui.add(
            egui::DragValue::new(&mut view.max_overload)
                .range(0.0..=1.0)
                .speed(0.001)
                .max_decimals(3),
        );
        let busy = app.planner.running();
        if ui
            .add_enabled(!busy, egui::Button::new("Plan capacity"))
            .clicked()
        {
            out.push(Command::PlanCapacity {
                target: view.target,
                max_overload: view.max_overload,
            });
        }
        if busy {
            if ui
                .add_enabled(
                    !app.planner.is_cancelling(),
                    egui::Button::new("Cancel planning"),
                )
                .clicked()
            {
                out.push(Command::CancelPlanning);
            }
            ui.spinner();
            ui.label(match app.planner.progress() {
                Some(p) => format!(
                    "simulating candidates… {} {} / {}",
                    p.label, p.done, p.total
                ),
                None => "simulating candidates…".into(),
            });
        }
    });
    match &app.planner.result {
        Some(Ok(p)) => proposal_ui(ui, p),
        Some(Err(e)) => {
            ui.colored_label(ERROR, e);
        }
        None => {}
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
