//! The Results view (headline, services, downtime distribution, causes, exact vs simulated)
//! and the Compare view (pinned designs side by side with differences and intervals).

use super::charts::{ChartId, scope};
use super::command::ChartFormat;
use super::{App, Command};
use crate::engine::{RunResults, ScopeResult};
use crate::report::charts::Chart;
use crate::stats::IntervalMethod;
use crate::stats::{Estimate, Z95, nines};
use crate::text::percent;
use egui::{Color32, RichText};

/// The Results view's own state: the scope shown, and its charts built once per result.
#[derive(Default)]
pub(crate) struct ResultsView {
    /// 0 = the model, i = service i − 1.
    scope: usize,
    charts: Option<ScopeCharts>,
}

/// The charts of one result and scope, built once.
struct ScopeCharts {
    /// (finished runs, scope) they were built for.
    key: (u64, usize),
    histogram: Option<Chart>,
    cdf: Option<Chart>,
    pareto: Option<Chart>,
}

pub(crate) fn export_buttons(ui: &mut egui::Ui, id: &ChartId, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui
            .small_button("PNG…")
            .on_hover_text("export this chart as PNG")
            .clicked()
        {
            out.push(Command::ExportChart(id.clone(), ChartFormat::Png));
        }
        if ui
            .small_button("SVG…")
            .on_hover_text("export this chart as SVG")
            .clicked()
        {
            out.push(Command::ExportChart(id.clone(), ChartFormat::Svg));
        }
    });
}

/// Per-year figures from per-trial ones.
fn per_year(r: &RunResults) -> f64 {
    crate::model::HOURS_PER_YEAR / r.horizon_hours
}

pub(crate) fn results_ui(
    app: &App,
    view: &mut ResultsView,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let Some(o) = &app.last else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("No results yet");
            ui.label("Press ▶ Run to simulate the model.");
            if ui
                .add_enabled(
                    app.doc.plan().is_some(),
                    egui::Button::new(RichText::new("▶ Run").strong()),
                )
                .clicked()
            {
                out.push(Command::Run);
            }
        });
        return;
    };
    let r = &o.results;
    if view.scope > r.services.len() {
        view.scope = 0;
    }
    let key = (app.runs_finished, view.scope);
    if view.charts.as_ref().is_none_or(|c| c.key != key) {
        view.charts = Some(ScopeCharts {
            key,
            histogram: app.chart(&ChartId::Histogram { scope: view.scope }),
            cdf: app.chart(&ChartId::Cdf { scope: view.scope }),
            pareto: app.chart(&ChartId::Pareto),
        });
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        if !app.results_current() {
            ui.label(RichText::new("These results are from before the last edit; a new run is on its way or press ▶ Run.").color(Color32::from_rgb(200, 120, 0)));
        }
        ui.horizontal(|ui| {
            ui.label("show");
            let names: Vec<String> = std::iter::once("model".to_string()).chain(r.services.iter().map(|(n, _)| format!("service {n}"))).collect();
            egui::ComboBox::from_id_salt("scope").selected_text(names.get(view.scope).cloned().unwrap_or_default()).show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut view.scope, i, n);
                }
            });
            if ui.button("📌 Pin for comparison").clicked() {
                out.push(Command::Pin);
            }
            if ui.button("Export results CSV…").clicked() {
                out.push(Command::ExportCsv);
            }
        });
        let (name, s) = scope(r, view.scope);
        headline_ui(ui, r, &name, s);
        if let Some(q) = &s.requests {
            requests_ui(ui, r, q);
        }
        ui.add_space(6.0);
        exact_ui(ui, o, view.scope);
        ui.separator();
        services_table(ui, r, &o.analysis);
        ui.separator();
        let w = (ui.available_width() - 16.0) / 2.0;
        let Some(ScopeCharts {
            histogram,
            cdf,
            pareto,
            ..
        }) = &view.charts
        else {
            return;
        };
        ui.horizontal(|ui| {
            for (id, chart) in [
                (ChartId::Histogram { scope: view.scope }, histogram),
                (ChartId::Cdf { scope: view.scope }, cdf),
            ] {
                ui.vertical(|ui| {
                    ui.set_width(w);
                    if let Some(c) = chart {
                        super::plot::chart_ui(ui, &id, c, 220.0, out);
                    }
                    export_buttons(ui, &id, out);
                });
            }
        });
        ui.separator();
        if let Some(c) = pareto {
            super::plot::chart_ui(ui, &ChartId::Pareto, c, 240.0, out);
            export_buttons(ui, &ChartId::Pareto, out);
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
            ui.label(match s.interval {
                IntervalMethod::NoDowntimeBound => format!(
                    "no downtime in {} trials: above {} at 95 % (one-sided)",
                    r.trials,
                    percent(a.ci95[0])
                ),
                _ => format!(
                    "95 % interval {} … {}",
                    percent(a.ci95[0]),
                    percent(a.ci95[1])
                ),
            });
            ui.label(
                RichText::new(format!(
                    "{} of {} trials saw downtime",
                    s.trials_with_downtime, r.trials
                ))
                .weak()
                .small(),
            );
        });
        ui.separator();
        ui.label(RichText::new(format!("{} nines", crate::report::nines_text(s))).size(22.0));
    });
    if s.interval == IntervalMethod::SmallCount {
        ui.colored_label(
            Color32::from_rgb(200, 120, 0),
            format!(
                "⚠ only {} trials saw downtime: the interval is a conservative small-count one; run more trials for a tighter estimate",
                s.trials_with_downtime
            ),
        );
    }
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
                    crate::text::hours_text(s.downtime_hours.mean / s.outages.mean)
                } else {
                    "-".into()
                }
            ));
            ui.label("");
            ui.end_row();
            ui.label("downtime per trial");
            ui.label(format!(
                "p50 {}",
                crate::text::hours_text(s.downtime_p50_hours)
            ));
            ui.label(format!(
                "p90 {}",
                crate::text::hours_text(s.downtime_p90_hours)
            ));
            ui.label(format!(
                "p99 {}",
                crate::text::hours_text(s.downtime_p99_hours)
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

fn exact_ui(ui: &mut egui::Ui, o: &super::job::RunOutput, scope_index: usize) {
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
                    let inside = v >= sim.ci95[0] && v <= sim.ci95[1];
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
                ui.label(match s.interval {
                    IntervalMethod::NoDowntimeBound => {
                        format!("≥ {:.5} (one-sided)", a.ci95[0] * 100.0)
                    }
                    _ => format!("{:.5}", (a.ci95[1] - a.mean) * 100.0),
                });
                ui.label(crate::report::nines_text(s));
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

pub(crate) fn compare_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.heading("Compare designs");
    if app.pins.is_empty() {
        ui.label("Pin a result in the Results view (📌), change the model, run again and pin again: the designs appear here side by side.");
        if app.last.is_some() && ui.button("📌 Pin the current result").clicked() {
            out.push(Command::Pin);
        }
        return;
    }
    ui.label(RichText::new("Differences are against the first pinned design, with 95 % intervals; a difference whose interval excludes 0 is real at that level.").weak());
    let base = app.pins[0].results.model.availability;
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
            for (i, p) in app.pins.iter().enumerate() {
                let a = p.results.model.availability;
                let k = per_year(&p.results);
                let mut name = p.name.clone();
                if ui
                    .add_sized([220.0, 20.0], egui::TextEdit::singleline(&mut name))
                    .changed()
                {
                    out.push(Command::RenamePin(i, name));
                }
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
                    out.push(Command::RemovePin(i));
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        if app.last.is_some() && ui.button("📌 Pin the current result").clicked() {
            out.push(Command::Pin);
        }
    });
    if let Some(c) = app.chart(&ChartId::Compare) {
        super::plot::chart_ui(ui, &ChartId::Compare, &c, 260.0, out);
        export_buttons(ui, &ChartId::Compare, out);
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
