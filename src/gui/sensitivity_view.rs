//! The Sensitivity view: the tornado (each parameter down and up, the same seed on every side)
//! on the output the user picks, importance measures, and what made the bad years bad.

use super::charts::ChartId;
use super::command::DecideSetting;
use super::decisions::{Decision, Output, TORNADO_ROWS, tornado_rows};
use super::state::Tab;
use super::{App, Command};
use crate::decide::tornado::Sensitivity;
use crate::text::money;
use egui::{Color32, RichText};

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);

/// The Sensitivity and Optimise tabs (after the others in the tab row).
pub(crate) fn tabs_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    for (tab, label) in [
        (Tab::Sensitivity, "Sensitivity"),
        (Tab::Optimise, "Optimise"),
    ] {
        if ui
            .selectable_label(app.settings.tab == tab, label)
            .clicked()
        {
            out.push(Command::Show(tab));
        }
    }
}

/// Run inputs shared by the two views: trials per run and the seed.
pub(crate) fn trials_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let mut trials = app.decisions.trials;
    ui.label("trials per run");
    if ui
        .add(
            egui::DragValue::new(&mut trials)
                .range(1..=crate::engine::MAX_TRIALS)
                .speed(100.0),
        )
        .on_hover_text("every run uses these trials and the seed of the Run view")
        .changed()
    {
        out.push(Command::Decide(DecideSetting::Trials(trials)));
    }
    ui.label(format!("seed {}", app.settings.seed));
    let sc = if app.settings.use_scenario && app.scenario.parsed().is_some() {
        "with the load scenario"
    } else {
        "without a load scenario"
    };
    ui.label(RichText::new(sc).weak());
}

/// A progress bar with a Cancel button for a decision task.
pub(crate) fn progress_ui(
    ui: &mut egui::Ui,
    p: Option<(f32, String, bool)>,
    which: Decision,
    out: &mut Vec<Command>,
) {
    let Some((frac, text, cancelling)) = p else {
        return;
    };
    ui.horizontal(|ui| {
        let text = if cancelling {
            "cancelling…".to_string()
        } else {
            text
        };
        ui.add(egui::ProgressBar::new(frac).desired_width(420.0).text(text));
        let what = match which {
            Decision::Sensitivity => "sensitivity",
            Decision::Optimise => "optimiser",
            Decision::Report => "report",
        };
        if ui.button(format!("■ Cancel {what}")).clicked() {
            out.push(Command::CancelDecision(which));
        }
    });
}

pub(crate) fn sensitivity_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let d = &app.decisions;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Sensitivity");
        ui.label(
            "Every failure and repair mean, replica count and zone or cause rate moved down and \
             up on its own, every run on the same random numbers as the model as it is (the \
             same numbers as `nines sensitivity` for the same seed and trials).",
        );
        ui.horizontal(|ui| {
            let mut range = d.range;
            ui.label("range ±");
            if ui
                .add(
                    egui::Slider::new(&mut range, 0.05..=0.5)
                        .fixed_decimals(2)
                        .custom_formatter(|v, _| format!("{:.0} %", 100.0 * v))
                        .custom_parser(|s| {
                            s.trim_end_matches('%')
                                .trim()
                                .parse::<f64>()
                                .ok()
                                .map(|v| v / 100.0)
                        }),
                )
                .on_hover_text("each mean ×(1 − range) and ×(1 + range); replica counts ± 1")
                .changed()
            {
                out.push(Command::Decide(DecideSetting::Range(range)));
            }
            trials_ui(app, ui, out);
            let running = d.sensitivity_progress().is_some();
            if ui
                .add_enabled(
                    !running && app.doc.plan().is_some(),
                    egui::Button::new(RichText::new("▶ Run sensitivity").strong()),
                )
                .clicked()
            {
                out.push(Command::RunSensitivity);
            }
        });
        progress_ui(ui, d.sensitivity_progress(), Decision::Sensitivity, out);
        match &d.sensitivity {
            Some(Ok(s)) => answer_ui(app, s, ui, out),
            Some(Err(e)) => {
                ui.colored_label(ERROR, e);
            }
            None => {
                if d.sensitivity_progress().is_none() {
                    ui.label(RichText::new("Press Run sensitivity to see the tornado.").weak());
                }
            }
        }
    });
}

fn answer_ui(app: &App, s: &Sensitivity, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let cur = &s.currency;
    let b = &s.base;
    ui.separator();
    ui.label(RichText::new(format!(
        "base: availability {:.6} ± {:.1e}{} · expected loss {} per year (p90 {}, p99 {}) · {} runs of {} trials, seed {}",
        b.availability,
        b.availability_std_error,
        b.served.map(|v| format!(" · served {v:.6}")).unwrap_or_default(),
        money(b.downtime_loss.mean, cur),
        money(b.downtime_loss.p90, cur),
        money(b.downtime_loss.p99, cur),
        s.runs,
        s.trials,
        s.seed
    )).strong());
    ui.horizontal(|ui| {
        ui.label("tornado on");
        for o in [Output::Availability, Output::Served, Output::Loss] {
            let enabled = match o {
                Output::Served => b.served.is_some(),
                Output::Loss => s.priced,
                Output::Availability => true,
            };
            let r = ui.add_enabled(
                enabled,
                egui::RadioButton::new(app.decisions.output == o, o.label()),
            );
            if r.clicked() {
                out.push(Command::Decide(DecideSetting::Output(o)));
            }
        }
    });
    if let Some(chart) = app.chart(&ChartId::Tornado) {
        super::plot::chart_ui(ui, &ChartId::Tornado, &chart, 300.0, out);
    }
    let out_kind = app.decisions.output;
    let fmt = |v: f64| match out_kind {
        Output::Loss => money(v, cur),
        _ => crate::text::signed_delta(v),
    };
    egui::CollapsingHeader::new(RichText::new("Tornado table").strong())
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("tornado-table")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for h in [
                        "parameter",
                        "in the model",
                        "low",
                        "high",
                        "change at low",
                        "change at high",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for r in tornado_rows(s, out_kind).iter().take(2 * TORNADO_ROWS) {
                        ui.label(&r.label);
                        for v in &r.values {
                            ui.label(v);
                        }
                        ui.label(fmt(r.low));
                        ui.label(fmt(r.high));
                        ui.end_row();
                    }
                });
        });
    egui::CollapsingHeader::new(RichText::new("Importance").strong())
        .default_open(true)
        .show(ui, |ui| {
            if let Some(n) = &s.importance_note {
                ui.label(RichText::new(format!("no exact Birnbaum or criticality: {n}")).weak());
            }
            egui::Grid::new("importance")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in ["cause", "Birnbaum", "criticality", "downtime share"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    let opt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.6}"));
                    for i in s.importance.iter().take(20) {
                        ui.label(&i.name);
                        ui.label(opt(i.birnbaum));
                        ui.label(opt(i.criticality));
                        ui.label(format!("{:.1} %", 100.0 * i.downtime_share));
                        ui.end_row();
                    }
                });
        });
    let by = &s.bad_years;
    ui.add_space(6.0);
    ui.heading("What made the bad years bad");
    ui.label(format!(
        "Trials ranked by {}; the worst 10 % ({} trials) and the worst 1 % ({} trials) against all \
         years. A cause whose share grows in the worst years drives the tail, even when another \
         drives the mean.",
        if s.priced { "loss" } else { "downtime" },
        by.worst_10_trials,
        by.worst_1_trials
    ));
    if let Some(chart) = app.chart(&ChartId::BadYears) {
        super::plot::chart_ui(ui, &ChartId::BadYears, &chart, 260.0, out);
    }
    let pct = |x: f64| format!("{:.1} %", 100.0 * x);
    egui::Grid::new("bad-years")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for h in [
                "cause",
                "downtime, all",
                "worst 10 %",
                "worst 1 %",
                "loss, all",
                "worst 10 %",
                "worst 1 %",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for x in by.drivers.iter().take(15) {
                ui.label(&x.name);
                for v in [
                    x.downtime_share_all,
                    x.downtime_share_worst_10,
                    x.downtime_share_worst_1,
                    x.loss_share_all,
                    x.loss_share_worst_10,
                    x.loss_share_worst_1,
                ] {
                    ui.label(pct(v));
                }
                ui.end_row();
            }
        });
}
