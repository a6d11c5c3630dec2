//! The Optimise view: a budget, the options file, "Optimise" on a cancellable task (the
//! function `nines optimize` calls), the Pareto chart of spend against availability with the
//! chosen set, and the best set's figures against the runner-up.

use super::charts::ChartId;
use super::command::DecideSetting;
use super::decisions::Decision;
use super::sensitivity_view::{progress_ui, trials_ui};
use super::{App, Command};
use crate::decide::choose::{Evaluated, Optimized};
use crate::text::money;
use egui::{Color32, RichText};

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);
const GOOD: Color32 = Color32::from_rgb(44, 160, 44);

fn names(e: &Evaluated) -> String {
    if e.names.is_empty() {
        "(no options: the model as it is)".into()
    } else {
        e.names.join(" + ")
    }
}

pub(crate) fn optimise_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let d = &app.decisions;
    let cur = app.doc.plan().map_or("USD".to_string(), |p| {
        p.model().model.currency().to_string()
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Optimise");
        ui.label(
            "The best set of options whose spend per year (yearly costs, one-off costs over 3 \
             years, and the infrastructure they add) fits the budget, by lowest expected total \
             cost; every set on the same random numbers, the best few run again with 4× the \
             trials (what `nines optimize` does).",
        );
        ui.horizontal(|ui| {
            ui.label("options:");
            match &d.options {
                Some((o, title)) => {
                    ui.label(RichText::new(title).strong());
                    ui.label(format!("({} options)", o.options.len()));
                }
                None => {
                    ui.colored_label(ERROR, "none");
                }
            }
            if ui.button("Open options…").clicked() {
                out.push(Command::OptimiseOptions(None));
            }
            if ui.button("Built-in retail options").clicked() {
                out.push(Command::BuiltinOptimiseOptions);
            }
        });
        ui.horizontal(|ui| {
            let mut budget = d.budget;
            ui.label("budget per year");
            let c = cur.clone();
            if ui
                .add(
                    egui::Slider::new(&mut budget, 0.0..=2_000_000.0)
                        .step_by(5_000.0)
                        .custom_formatter(move |v, _| money(v, &c))
                        .custom_parser(|s| {
                            s.chars()
                                .filter(|c| c.is_ascii_digit() || *c == '.')
                                .collect::<String>()
                                .parse()
                                .ok()
                        }),
                )
                .on_hover_text("most spend per year on options, in the model currency")
                .changed()
            {
                out.push(Command::Decide(DecideSetting::Budget(budget)));
            }
        });
        ui.horizontal(|ui| {
            trials_ui(app, ui, out);
            let running = d.optimise_progress().is_some();
            if ui
                .add_enabled(
                    !running && app.doc.plan().is_some() && d.options.is_some(),
                    egui::Button::new(RichText::new("▶ Optimise").strong()),
                )
                .clicked()
            {
                out.push(Command::RunOptimise);
            }
        });
        progress_ui(ui, d.optimise_progress(), Decision::Optimise, out);
        match &d.optimised {
            Some(Ok(o)) => answer_ui(app, o, ui, out),
            Some(Err(e)) => {
                ui.colored_label(ERROR, e);
            }
            None => {
                if d.optimise_progress().is_none() {
                    ui.label(RichText::new("Press Optimise to find the best set.").weak());
                }
            }
        }
    });
}

fn answer_ui(app: &App, o: &Optimized, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let cur = &o.currency;
    let b = &o.best;
    ui.separator();
    ui.label(
        RichText::new(format!("Chosen set: {}", names(b)))
            .heading()
            .strong(),
    );
    egui::Grid::new("best")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |k: &str, v: String| {
                ui.label(k);
                ui.label(RichText::new(v).strong());
                ui.end_row();
            };
            row(
                "spend per year",
                format!(
                    "{} (options {}, one-off {}, added infrastructure {})",
                    money(b.candidate.yearly_cost, cur),
                    money(b.options_yearly_cost, cur),
                    money(b.one_off_cost, cur),
                    money(b.infrastructure_delta, cur)
                ),
            );
            row(
                "total cost per year",
                format!(
                    "{} (p90 {}, p99 {})",
                    money(b.total_cost.mean, cur),
                    money(b.total_cost.p90, cur),
                    money(b.total_cost.p99, cur)
                ),
            );
            row(
                "expected loss per year",
                format!(
                    "{} (p90 {}, p99 {})",
                    money(b.downtime_loss.mean, cur),
                    money(b.downtime_loss.p90, cur),
                    money(b.downtime_loss.p99, cur)
                ),
            );
            row(
                "availability",
                format!(
                    "{:.6} ± {:.1e}",
                    b.candidate.availability, b.availability_std_error
                ),
            );
            row(
                "search",
                format!(
                    "{}: {} sets, {} trials each, best {} rechecked with {} trials, seed {}",
                    o.method,
                    o.evaluated.len(),
                    o.trials,
                    o.rechecked.len(),
                    o.recheck_trials,
                    o.seed
                ),
            );
        });
    match &o.versus {
        Some(v) => {
            let t = &v.paired.difference.total_cost;
            let text = format!(
                "runner-up {}: chosen minus runner-up, total cost per year {} (95 % paired interval {} to {})",
                if v.runner_up.is_empty() {
                    "(no options)".to_string()
                } else {
                    v.runner_up.join(" + ")
                },
                money(t.mean, cur),
                money(t.ci95[0], cur),
                money(t.ci95[1], cur)
            );
            ui.label(text);
            if v.distinguishable {
                ui.colored_label(GOOD, "the best set is distinguishable from the runner-up");
            } else {
                ui.colored_label(
                    Color32::from_rgb(200, 120, 0),
                    "the best set cannot be told apart from the runner-up at these trials",
                );
            }
        }
        None => {
            ui.label("no runner-up within the budget");
        }
    }
    if let Some(chart) = app.chart(&ChartId::Frontier) {
        super::plot::chart_ui(ui, &ChartId::Frontier, &chart, 320.0, out);
    }
    egui::CollapsingHeader::new(RichText::new("Sets on the frontier").strong())
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new("frontier-table")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in ["set", "spend per year", "availability", "total cost"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    let mut f: Vec<&Evaluated> = o
                        .frontier_availability
                        .iter()
                        .filter_map(|&i| o.evaluated.get(i))
                        .collect();
                    f.sort_by(|a, b| a.candidate.yearly_cost.total_cmp(&b.candidate.yearly_cost));
                    for e in f {
                        ui.label(names(e));
                        ui.label(money(e.candidate.yearly_cost, cur));
                        ui.label(format!("{:.6}", e.candidate.availability));
                        ui.label(format!(
                            "{} (p90 {}, p99 {})",
                            money(e.total_cost.mean, cur),
                            money(e.total_cost.p90, cur),
                            money(e.total_cost.p99, cur)
                        ));
                        ui.end_row();
                    }
                });
        });
}
