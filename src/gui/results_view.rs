//! The Results view (headline, services, downtime distribution, causes, exact vs simulated)
//! and the Compare view (pinned designs side by side with differences and intervals).

use super::toolbar::percent;
use super::{App, Command};
use crate::engine::{RunResults, ScopeResult};
use crate::report::charts::{self, Chart};
use crate::stats::{Estimate, Z95, nines};
use egui::{Color32, RichText};

/// The charts that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartId {
    /// Histogram of downtime per trial.
    Histogram,
    /// CDF of downtime per trial.
    Cdf,
    /// Downtime by component.
    Pareto,
    /// Convergence of the last run.
    Convergence,
    /// Pinned designs.
    Compare,
}

impl ChartId {
    /// File name stem for exports.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartId::Histogram => "downtime-histogram",
            ChartId::Cdf => "downtime-cdf",
            ChartId::Pareto => "downtime-by-component",
            ChartId::Convergence => "convergence",
            ChartId::Compare => "compare",
        }
    }
}

fn scope(r: &RunResults, i: usize) -> (String, &ScopeResult) {
    match i.checked_sub(1).and_then(|s| r.services.get(s)) {
        Some((n, s)) => (format!("service {n}"), s),
        None => ("model".to_string(), &r.model),
    }
}

/// The data of a chart, as shown on screen and exported.
pub fn chart(id: ChartId, app: &App) -> Option<Chart> {
    let o = app.last.as_ref();
    Some(match id {
        ChartId::Histogram => {
            let (name, s) = scope(&o?.results, app.scope);
            charts::downtime_histogram(&format!("Downtime per trial ({name})"), s, 40)
        }
        ChartId::Cdf => {
            let (name, s) = scope(&o?.results, app.scope);
            charts::downtime_cdf(&format!("Downtime per trial, cumulative ({name})"), s)
        }
        ChartId::Pareto => {
            let r = &o?.results;
            charts::downtime_pareto(
                &r.components
                    .iter()
                    .chain(&r.domains)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        }
        ChartId::Convergence => charts::convergence(&app.convergence),
        ChartId::Compare => charts::compare(
            &app.pins
                .iter()
                .map(|p| (p.name.clone(), p.results.model.availability))
                .collect::<Vec<_>>(),
        ),
    })
}

fn export_buttons(app: &mut App, ui: &mut egui::Ui, id: ChartId) {
    ui.horizontal(|ui| {
        if ui
            .small_button("PNG…")
            .on_hover_text("export this chart as PNG")
            .clicked()
        {
            app.command(Command::ExportChart(id, false));
        }
        if ui
            .small_button("SVG…")
            .on_hover_text("export this chart as SVG")
            .clicked()
        {
            app.command(Command::ExportChart(id, true));
        }
    });
}

/// Per-year figures from per-trial ones.
fn per_year(r: &RunResults) -> f64 {
    8760.0 / r.horizon_hours
}

pub(crate) fn results_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(o) = app.last.clone() else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("No results yet");
            ui.label("Press ▶ Run to simulate the model.");
            if ui
                .add_enabled(
                    app.doc.plan.is_some(),
                    egui::Button::new(RichText::new("▶ Run").strong()),
                )
                .clicked()
            {
                app.command(Command::Run);
            }
        });
        return;
    };
    let r = &o.results;
    egui::ScrollArea::vertical().show(ui, |ui| {
        if !app.results_current() {
            ui.label(RichText::new("These results are from before the last edit; a new run is on its way or press ▶ Run.").color(Color32::from_rgb(200, 120, 0)));
        }
        ui.horizontal(|ui| {
            ui.label("show");
            let names: Vec<String> = std::iter::once("model".to_string()).chain(r.services.iter().map(|(n, _)| format!("service {n}"))).collect();
            egui::ComboBox::from_id_salt("scope").selected_text(names.get(app.scope).cloned().unwrap_or_default()).show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut app.scope, i, n);
                }
            });
            if ui.button("📌 Pin for comparison").clicked() {
                app.command(Command::Pin);
            }
            if ui.button("Export results CSV…").clicked() {
                app.command(Command::ExportCsv);
            }
        });
        let (name, s) = scope(r, app.scope);
        headline_ui(ui, r, &name, s);
        if let Some(q) = &s.requests {
            requests_ui(ui, r, q);
        }
        ui.add_space(6.0);
        exact_ui(ui, &o, app.scope);
        ui.separator();
        services_table(ui, r, &o.analysis);
        ui.separator();
        let w = (ui.available_width() - 16.0) / 2.0;
        ui.horizontal(|ui| {
            for id in [ChartId::Histogram, ChartId::Cdf] {
                ui.vertical(|ui| {
                    ui.set_width(w);
                    if let Some(c) = chart(id, app) {
                        super::plot::chart_ui(ui, id.file_stem(), &c, 220.0);
                    }
                    export_buttons(app, ui, id);
                });
            }
        });
        ui.separator();
        if let Some(c) = chart(ChartId::Pareto, app) {
            super::plot::chart_ui(ui, "pareto", &c, 240.0);
            export_buttons(app, ui, ChartId::Pareto);
        }
        ui.label(
            RichText::new("Each model outage is counted against the component whose replica failure started it.")
                .weak()
                .small(),
        );
    });
}

fn headline_ui(ui: &mut egui::Ui, r: &RunResults, name: &str, s: &ScopeResult) {
    let a = s.availability;
    let k = per_year(r);
    ui.horizontal(|ui| {
        ui.label(RichText::new(percent(a.mean)).size(30.0).strong());
        ui.vertical(|ui| {
            ui.label(format!("availability of the {name}"));
            ui.label(format!(
                "95 % interval {} … {}",
                percent(a.ci95[0]),
                percent(a.ci95[1])
            ));
        });
        ui.separator();
        ui.label(RichText::new(format!("{:.2} nines", nines(a.mean))).size(22.0));
    });
    egui::Grid::new("headline")
        .num_columns(4)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            let minutes_year = s.downtime_hours.mean * 60.0 * k;
            ui.label("expected downtime");
            ui.label(RichText::new(format!("{minutes_year:.1} min / year")).strong());
            ui.label(RichText::new(format!("{:.1} min / month", minutes_year / 12.0)).strong());
            ui.label(format!(
                "± {:.1} min / year (95 %)",
                Z95 * s.downtime_hours.std_error * 60.0 * k
            ));
            ui.end_row();
            ui.label("outages");
            ui.label(RichText::new(format!("{:.2} per year", s.outages.mean * k)).strong());
            ui.label(format!(
                "mean length {}",
                if s.outages.mean > 0.0 {
                    crate::report::hours_text(s.downtime_hours.mean / s.outages.mean)
                } else {
                    "-".into()
                }
            ));
            ui.label("");
            ui.end_row();
            ui.label("downtime per trial");
            ui.label(format!(
                "p50 {}",
                crate::report::hours_text(s.downtime_p50_hours)
            ));
            ui.label(format!(
                "p90 {}",
                crate::report::hours_text(s.downtime_p90_hours)
            ));
            ui.label(format!(
                "p99 {}",
                crate::report::hours_text(s.downtime_p99_hours)
            ));
            ui.end_row();
        });
    ui.label(
        RichText::new(format!(
            "{} trials of {} h · seed {} · model {}",
            r.trials,
            r.horizon_hours,
            r.seed,
            r.model_hash.as_deref().unwrap_or("-")
        ))
        .weak()
        .small(),
    );
}

fn requests_ui(ui: &mut egui::Ui, r: &RunResults, q: &crate::engine::RequestStats) {
    let k = per_year(r);
    egui::Grid::new("requests")
        .num_columns(4)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            ui.label("requests served");
            ui.label(RichText::new(percent(q.served_fraction.mean)).strong());
            ui.label(format!(
                "95 % interval {} … {}",
                percent(q.served_fraction.ci95[0]),
                percent(q.served_fraction.ci95[1])
            ));
            ui.label(format!("{:.0} requests lost per year", q.lost.mean * k));
            ui.end_row();
            ui.label("overload");
            ui.label(
                RichText::new(format!("{:.2} h per year", q.overload_hours.mean * k)).strong(),
            );
            ui.label(format!(
                "in {:.2} % of years",
                q.overload_probability.mean * 100.0
            ));
            ui.label("");
            ui.end_row();
            ui.label("availability on peak days");
            ui.label(
                q.peak_availability
                    .map(|e| percent(e.mean))
                    .unwrap_or_else(|| "-".into()),
            );
            ui.label("on other days");
            ui.label(
                q.normal_availability
                    .map(|e| percent(e.mean))
                    .unwrap_or_else(|| "-".into()),
            );
            ui.end_row();
        });
}

fn exact_ui(ui: &mut egui::Ui, o: &super::job::Outcome, scope_index: usize) {
    let (_, s) = scope(&o.results, scope_index);
    match &o.analysis {
        Ok(a) => {
            let pick = |e: &crate::analysis::Exact| match scope_index
                .checked_sub(1)
                .and_then(|i| e.services.get(i))
            {
                Some((_, v, _)) => *v,
                None => e.availability,
            };
            let sim = s.availability;
            ui.horizontal(|ui| {
                ui.label(RichText::new("exact").strong());
                if let Some(m) = &a.mission {
                    let v = pick(m);
                    let inside = (v - sim.mean).abs() <= Z95 * sim.std_error.max(1e-15) * 1.5;
                    ui.label(format!("over the horizon {}", percent(v)));
                    ui.label(if inside {
                        RichText::new("✔ simulation agrees").color(Color32::from_rgb(0, 140, 90))
                    } else {
                        RichText::new("outside the simulation's interval")
                            .color(Color32::from_rgb(200, 120, 0))
                    });
                }
                ui.label(format!("steady state {}", percent(pick(&a.steady_state))));
                if let Some(note) = &a.mission_note {
                    ui.label(RichText::new(format!("({note})")).weak());
                }
            });
        }
        Err(e) => {
            ui.label(RichText::new(format!("exact analysis: {e}")).weak());
        }
    }
}

fn services_table(
    ui: &mut egui::Ui,
    r: &RunResults,
    analysis: &Result<crate::analysis::Analysis, String>,
) {
    ui.label(RichText::new("Services").strong());
    let k = per_year(r);
    egui::Grid::new("services")
        .striped(true)
        .num_columns(7)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "",
                "availability",
                "95 % ±",
                "nines",
                "downtime min/yr",
                "outages/yr",
                "exact (steady)",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            let exact = analysis.as_ref().ok();
            let rows = std::iter::once((
                "model".to_string(),
                &r.model,
                exact.map(|a| a.steady_state.availability),
            ))
            .chain(r.services.iter().enumerate().map(|(i, (n, s))| {
                (
                    n.clone(),
                    s,
                    exact.and_then(|a| a.steady_state.services.get(i).map(|x| x.1)),
                )
            }));
            for (n, s, ex) in rows {
                let a = s.availability;
                ui.label(n);
                ui.label(percent(a.mean));
                ui.label(format!("{:.5}", (a.ci95[1] - a.mean) * 100.0));
                ui.label(format!("{:.2}", nines(a.mean)));
                ui.label(format!("{:.1}", s.downtime_hours.mean * 60.0 * k));
                ui.label(format!("{:.2}", s.outages.mean * k));
                ui.label(ex.map(percent).unwrap_or_else(|| "-".into()));
                ui.end_row();
            }
        });
}

/// Difference b − a of two independent estimates with its 95 % interval.
pub fn difference(a: &Estimate, b: &Estimate) -> (f64, f64) {
    let d = b.mean - a.mean;
    let se = (a.std_error.powi(2) + b.std_error.powi(2)).sqrt();
    (d, Z95 * se)
}

pub(crate) fn compare_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.heading("Compare designs");
    if app.pins.is_empty() {
        ui.label("Pin a result in the Results view (📌), change the model, run again and pin again: the designs appear here side by side.");
        if app.last.is_some() && ui.button("📌 Pin the current result").clicked() {
            app.command(Command::Pin);
        }
        return;
    }
    ui.label(RichText::new("Differences are against the first pinned design, with 95 % intervals; a difference whose interval excludes 0 is real at that level.").weak());
    let base = app.pins[0].results.model.availability;
    let mut remove = None;
    egui::Grid::new("pins")
        .striped(true)
        .num_columns(8)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "design",
                "availability",
                "95 % ±",
                "nines",
                "downtime min/yr",
                "outages/yr",
                "Δ vs first",
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, p) in app.pins.iter_mut().enumerate() {
                let a = p.results.model.availability;
                let k = per_year(&p.results);
                ui.add_sized([220.0, 20.0], egui::TextEdit::singleline(&mut p.name));
                ui.label(percent(a.mean));
                ui.label(format!("{:.5}", (a.ci95[1] - a.mean) * 100.0));
                ui.label(format!("{:.2}", nines(a.mean)));
                ui.label(format!(
                    "{:.1}",
                    p.results.model.downtime_hours.mean * 60.0 * k
                ));
                ui.label(format!("{:.2}", p.results.model.outages.mean * k));
                if i == 0 {
                    ui.label("baseline");
                } else {
                    let (d, half) = difference(&base, &a);
                    let real = d.abs() > half;
                    let text = format!(
                        "{:+.5} ± {:.5} pp{}",
                        d * 100.0,
                        half * 100.0,
                        if real { "" } else { " (not significant)" }
                    );
                    ui.label(if real {
                        RichText::new(text).strong()
                    } else {
                        RichText::new(text).weak()
                    });
                }
                if ui.small_button("remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        app.pins.remove(i);
    }
    ui.horizontal(|ui| {
        if app.last.is_some() && ui.button("📌 Pin the current result").clicked() {
            app.command(Command::Pin);
        }
    });
    if let Some(c) = chart(ChartId::Compare, app) {
        super::plot::chart_ui(ui, "compare", &c, 260.0);
        export_buttons(app, ui, ChartId::Compare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_interval_adds_variances() {
        let a = Estimate {
            mean: 0.999,
            std_error: 3e-6,
            ci95: [0.0, 0.0],
        };
        let b = Estimate {
            mean: 0.9995,
            std_error: 4e-6,
            ci95: [0.0, 0.0],
        };
        let (d, half) = difference(&a, &b);
        assert!((d - 0.0005).abs() < 1e-12);
        assert!((half - Z95 * 5e-6).abs() < 1e-12);
    }
}
