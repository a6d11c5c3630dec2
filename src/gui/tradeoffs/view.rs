//! The Tradeoffs view: the options file as a table of toggles with each option's cost and
//! paired effect, the toggled set's total cost against its expected loss, the cost breakdown,
//! the loss distribution, and the survey against the simulation.

use super::{Comparison, Computed, ONE_OFF_YEARS, TradeoffsState};
use crate::gui::charts::ChartId;
use crate::gui::{App, Command};
use crate::stats::Estimate;
use crate::text::money;
use egui::{Color32, RichText};

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);
const WEAK: Color32 = Color32::from_rgb(140, 140, 140);

/// An amount without its currency, signed, grouped by thousands.
fn signed(x: f64) -> String {
    let m = money(x, "");
    let m = m.trim_end();
    if x.round() > 0.0 {
        format!("+{m}")
    } else {
        m.to_string()
    }
}

/// A paired money difference: `+1,234 [−50, +2,500] USD`.
fn money_diff(e: &Estimate, currency: &str) -> String {
    format!(
        "{} [{}, {}] {currency}",
        signed(e.mean),
        signed(e.ci95[0]),
        signed(e.ci95[1])
    )
}

/// A paired availability difference in percentage points.
fn avail_diff(e: &Estimate) -> String {
    format!(
        "{:+.4} [{:+.4}, {:+.4}] pp",
        e.mean * 100.0,
        e.ci95[0] * 100.0,
        e.ci95[1] * 100.0
    )
}

/// ROI as a percentage, or a dash with no yearly cost.
fn roi_text(roi: Option<f64>) -> String {
    roi.map_or("–".into(), |r| format!("{:+.0} %", r * 100.0))
}

fn header_ui(app: &App, t: &TradeoffsState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Tradeoffs");
        ui.separator();
        ui.label(format!("options: {}", t.options_title));
        if ui.button("Open options…").clicked() {
            out.push(Command::OpenOptions(None));
        }
        if t.options_path.is_some() && ui.button("Built-in retail options").clicked() {
            out.push(Command::BuiltinOptions);
        }
        ui.separator();
        ui.label(format!("survey: {}", t.survey.origin));
        if ui.button("Open survey CSV…").clicked() {
            out.push(Command::OpenSurvey(None));
        }
        if t.survey.origin != crate::survey::SEED_ORIGIN && ui.button("Seed survey").clicked() {
            out.push(Command::BuiltinSurvey);
        }
    });
    if let Err(e) = &t.options {
        ui.colored_label(ERROR, format!("The options file cannot be used:\n{e}"));
    }
    let misfits: Vec<&str> = t
        .option_errors
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !misfits.is_empty() {
        ui.colored_label(
            ERROR,
            format!(
                "{} of the options do not fit the open model and are not run:\n{}",
                misfits.len(),
                misfits.join("\n")
            ),
        );
    }
    if let Some(e) = &t.survey_error {
        ui.colored_label(
            ERROR,
            format!(
                "The survey file was not loaded (still using {}):\n{e}",
                t.survey.origin
            ),
        );
    }
    let (quick, full) = app.tradeoffs_trials();
    ui.label(
        RichText::new(format!(
            "Each design runs the same {full} trials (a quick pass of {quick} first), seed {}: common random numbers, paired 95 % intervals. One-off costs are spread over {ONE_OFF_YEARS} years in totals.",
            app.settings.seed
        ))
        .weak()
        .small(),
    );
    // One row of the same height whatever the task does, so the table below never moves.
    ui.horizontal(|ui| {
        ui.set_min_height(22.0);
        if let Some(trials) = t.running_trials() {
            let stage = if trials < full {
                "quick pass"
            } else {
                "refining"
            };
            let (frac, text) = match t.progress().filter(|p| p.total > 0) {
                Some(p) => (
                    p.fraction(),
                    format!(
                        "{stage}: {trials} trials per design · {} / {} trials",
                        p.done, p.total
                    ),
                ),
                None => (
                    0.0,
                    format!("{stage}: {trials} trials per design · starting…"),
                ),
            };
            ui.add(egui::ProgressBar::new(frac).desired_width(420.0).text(text));
            if ui.button("■ Stop comparisons").clicked() {
                out.push(Command::CancelTradeoffs);
            }
        } else if t.paused {
            ui.label("Stopped.");
            if ui.button("Compute").clicked() {
                out.push(Command::ComputeTradeoffs);
            }
        } else if app.doc.plan().is_none() {
            ui.colored_label(
                ERROR,
                "The model has problems: fix them to compare options.",
            );
        } else if t.base.is_some() {
            ui.label(format!("up to date: {full} trials per design"));
        }
        if let Some(s) = t.quick_seconds {
            ui.separator();
            ui.label(RichText::new(format!("quick result of the toggled set in {s:.2} s")).weak());
        }
    });
}

fn row_cells(
    ui: &mut egui::Ui,
    r: &Computed<Result<Comparison, String>>,
    currency: &str,
    full: u64,
) {
    match &r.value {
        Ok(c) => {
            let p = &c.paired;
            ui.label(avail_diff(&p.difference.availability));
            ui.label(money_diff(&p.difference.downtime_loss, currency));
            ui.label(roi_text(p.roi));
            ui.label(format!("{:.2}", p.p_better));
            let quick = if r.trials < full { " (quick)" } else { "" };
            ui.label(RichText::new(format!("{}{quick}", r.trials)).color(WEAK));
        }
        Err(e) => {
            ui.colored_label(ERROR, "cannot run").on_hover_text(e);
            for _ in 0..4 {
                ui.label("");
            }
        }
    }
}

fn options_table_ui(app: &App, t: &TradeoffsState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let Ok(opts) = &t.options else { return };
    let currency = opts.currency.clone().unwrap_or_else(|| t.currency());
    let (_, full) = app.tradeoffs_trials();
    egui::Grid::new("tradeoff options")
        .striped(true)
        .num_columns(9)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "option",
                "survey item",
                "yearly cost (+ infra)",
                "one-off cost",
                "Δ availability (95 % CI)",
                "Δ expected loss / year (95 % CI)",
                "ROI",
                "P(better)",
                "trials",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, o) in opts.options.iter().enumerate() {
                let mut on = t.toggled.get(i).copied().unwrap_or(false);
                // A stable id: widgets above the table come and go with the task's progress.
                let r = ui
                    .push_id(("tradeoff option", i), |ui| ui.checkbox(&mut on, &o.name))
                    .inner;
                let hover = match &o.enables {
                    Some(en) => format!(
                        "{}\n\nLeadership: while chosen, {} deliver with probability {}.",
                        o.description,
                        en.options.join(", "),
                        en.realised
                    ),
                    None if o.realised < 1.0 => format!(
                        "{}\n\nDelivers its effect in a year with probability {}.",
                        o.description, o.realised
                    ),
                    None => o.description.clone(),
                };
                if r.on_hover_text(hover).changed() {
                    out.push(Command::ToggleOption(i, on));
                }
                ui.label(o.survey_item.as_deref().unwrap_or("–"));
                // With the row computed: the extra yearly cost it pays for, infrastructure
                // it adds included (what ROI divides by).
                let row = t.rows.get(i).and_then(Option::as_ref);
                match row.and_then(|r| r.value.as_ref().ok()) {
                    Some(c) if c.paired.yearly_cost != o.yearly_cost => {
                        ui.label(money(c.paired.yearly_cost, &currency))
                            .on_hover_text(format!(
                                "its own {} a year plus {} of infrastructure it adds",
                                money(o.yearly_cost, &currency),
                                money(c.paired.yearly_cost - o.yearly_cost, &currency)
                            ));
                    }
                    _ => {
                        ui.label(money(o.yearly_cost, &currency));
                    }
                }
                ui.label(money(o.one_off_cost, &currency));
                let misfit = t.option_errors.get(i).and_then(Option::as_ref);
                match (misfit, t.rows.get(i).and_then(Option::as_ref)) {
                    (Some(e), _) => {
                        ui.colored_label(ERROR, "does not fit the model")
                            .on_hover_text(e);
                    }
                    (None, Some(r)) => row_cells(ui, r, &currency, full),
                    (None, None) => {
                        ui.label(RichText::new("computing…").color(WEAK));
                    }
                }
                ui.end_row();
            }
        });
    ui.label(
        RichText::new("Each option alone against the base; Δ = option − base (a negative Δ expected loss is loss avoided). Yearly cost: the option's own and the infrastructure it adds. ROI = (loss avoided − yearly cost) / yearly cost. P(better): share of simulated years in which the option's total cost is lower.")
            .weak()
            .small(),
    );
    let leaders: Vec<&str> = opts
        .options
        .iter()
        .filter(|o| o.enables.is_some())
        .map(|o| o.name.as_str())
        .collect();
    if !leaders.is_empty() {
        ui.label(
            RichText::new(format!(
                "{} change nothing alone: they raise the chance that the practices they enable deliver (hover for which); toggle them together with those practices.",
                leaders.join(", ")
            ))
            .weak()
            .small(),
        );
    }
}

fn set_ui(t: &TradeoffsState, ui: &mut egui::Ui) {
    ui.heading("The toggled set");
    let chosen = t.chosen();
    let currency = t.currency();
    if chosen.is_empty() {
        ui.label("Toggle options above: their total cost is set against the expected loss here (the set as one design, paired against the base).");
    }
    let base = t.base.as_ref().map(|b| &b.value.side);
    let set = t.current_set();
    if !chosen.is_empty() {
        match set.map(|s| &s.value.1) {
            None => {
                ui.label(RichText::new("computing the toggled set…").color(WEAK));
            }
            Some(Err(e)) => {
                ui.colored_label(ERROR, format!("The toggled set cannot be run: {e}"));
            }
            Some(Ok(_)) => {}
        }
    }
    let m = |x: f64| money(x, &currency);
    egui::Grid::new("tradeoff set")
        .striped(true)
        .num_columns(3)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new("base").strong());
            ui.label(
                RichText::new(match set.map(|s| &s.value.1) {
                    Some(Ok(c)) => format!("toggled: {}", c.comparison.name),
                    _ => "toggled set".into(),
                })
                .strong(),
            );
            ui.end_row();
            let other = t.set_comparison();
            let line = |ui: &mut egui::Ui, label: &str, f: &dyn Fn(&super::Side) -> String| {
                ui.label(label);
                ui.label(base.map(f).unwrap_or_default());
                ui.label(other.map(|c| f(&c.other)).unwrap_or_default());
                ui.end_row();
            };
            line(ui, "infrastructure / year", &|s| {
                m(s.fixed.infrastructure_year)
            });
            line(ui, "options / year (own yearly cost)", &|s| {
                m(s.fixed.options_yearly)
            });
            line(ui, "options one-off", &|s| m(s.fixed.options_one_off));
            line(ui, "expected downtime loss / year", &|s| {
                m(s.downtime_loss.mean)
            });
            line(ui, "  a bad year: p90", &|s| m(s.downtime_loss.p90));
            line(ui, "  a very bad year: p99", &|s| m(s.downtime_loss.p99));
            line(ui, "SLA credits / year (net)", &|s| {
                let c = &s.sla_credits;
                format!("{} (p99 {})", m(c.mean), m(c.p99))
            });
            line(ui, "total cost / year", &|s| m(s.total_cost));
            line(ui, "availability", &|s| {
                crate::text::percent(s.availability.mean)
            });
            if let Some(c) = other {
                let p = &c.paired;
                let d = &p.difference;
                ui.label(RichText::new("paired, toggled − base").strong());
                ui.label("");
                ui.label(RichText::new(format!("{} trials", p.trials)).color(WEAK));
                ui.end_row();
                for (label, text) in [
                    ("Δ availability", avail_diff(&d.availability)),
                    (
                        "Δ expected loss / year",
                        money_diff(&d.downtime_loss, &currency),
                    ),
                    ("Δ total cost / year", money_diff(&d.total_cost, &currency)),
                    ("loss avoided / year", m(p.loss_avoided)),
                    (
                        "extra yearly cost (options + infrastructure)",
                        m(p.yearly_cost),
                    ),
                    ("ROI", roi_text(p.roi)),
                    (
                        "payback of the one-off cost",
                        p.payback_years
                            .map_or("never".into(), |y| format!("{y:.1} years")),
                    ),
                    (
                        "P(toggled set costs less in a year)",
                        format!("{:.2}", p.p_better),
                    ),
                ] {
                    ui.label(label);
                    ui.label("");
                    ui.label(text);
                    ui.end_row();
                }
            }
        });
}

fn chart_ui(app: &App, ui: &mut egui::Ui, id: ChartId, empty: &str, out: &mut Vec<Command>) {
    match app.chart(&id) {
        Some(c) => {
            crate::gui::plot::chart_ui(ui, &id, &c, 230.0, out);
            crate::gui::results_view::export_buttons(ui, &id, out);
        }
        None => {
            ui.label(RichText::new(empty).color(WEAK));
        }
    }
}

fn agreement_text(ui: &mut egui::Ui, a: &crate::survey::Agreement) {
    let f = |x: Option<f64>| x.map_or("–".into(), |v| format!("{v:+.2}"));
    ui.label(format!(
        "rank agreement: Spearman ρ {}, Kendall τ-b {} over {} points",
        f(a.spearman_rho),
        f(a.kendall_tau_b),
        a.points.len()
    ));
    if !a.largest_rank_differences.is_empty() {
        ui.label(format!(
            "belief and simulation disagree most on: {}",
            a.largest_rank_differences.join(", ")
        ));
    }
    for r in a.clear_reversals.iter().take(3) {
        ui.label(
            RichText::new(format!(
                "the survey weighs {} above {}, the simulation clearly the other way",
                r.believed_higher, r.simulated_higher
            ))
            .small(),
        );
    }
}

fn money_charts_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    chart_ui(
        app,
        ui,
        ChartId::CostBreakdown,
        "The cost breakdown appears once the base has run.",
        out,
    );
    chart_ui(
        app,
        ui,
        ChartId::LossDistribution,
        "The loss distribution appears once the base has run.",
        out,
    );
}

fn survey_charts_ui(app: &App, t: &TradeoffsState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let w = (ui.available_width() - 16.0) / 2.0;
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(w);
            chart_ui(app, ui, ChartId::SurveyVsSimulation, "The survey comparison appears as options are computed.", out);
            match t.options_vs_survey() {
                Some(Ok(v)) => {
                    agreement_text(ui, &v.all);
                    if !v.not_in_survey.is_empty() {
                        ui.label(RichText::new(format!("not in the survey: {}", v.not_in_survey.join(", "))).weak().small());
                    }
                }
                Some(Err(e)) => {
                    ui.colored_label(ERROR, e);
                }
                None => {}
            }
            ui.label(RichText::new("x: the survey weight of the option's item; y: loss avoided per unit of yearly cost; both as shares of their totals. Points above the diagonal are worth more than people believe.").weak().small());
        });
        ui.vertical(|ui| {
            ui.set_width(w);
            chart_ui(app, ui, ChartId::ChallengesVsDowntime, "Challenges appear when the model's components carry `challenge` labels.", out);
            match t.challenges_vs_survey() {
                Some(Ok(c)) => {
                    agreement_text(ui, &c.agreement);
                    if !c.survey_items_not_in_model.is_empty() {
                        ui.label(RichText::new(format!("survey challenges the model does not carry: {}", c.survey_items_not_in_model.join(", "))).weak().small());
                    }
                }
                Some(Err(e)) => {
                    ui.colored_label(ERROR, e);
                }
                None => {}
            }
        });
    });
}

/// Draw the Tradeoffs view.
pub(crate) fn tradeoffs_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = &app.tradeoffs;
    egui::ScrollArea::vertical().show(ui, |ui| {
        header_ui(app, t, ui, out);
        ui.separator();
        options_table_ui(app, t, ui, out);
        ui.separator();
        let w = (ui.available_width() - 16.0) / 2.0;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(w);
                set_ui(t, ui);
            });
            ui.vertical(|ui| {
                ui.set_width(w);
                money_charts_ui(app, ui, out);
            });
        });
        ui.separator();
        survey_charts_ui(app, t, ui, out);
    });
}
