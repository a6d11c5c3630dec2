//! The Run view: run settings, Run and Cancel, progress with trials/s and ETA, and the live
//! convergence chart (mean availability and its 95 % band against trials).

use super::charts::ChartId;
use super::command::{ChartFormat, Setting};
use super::{App, Command};
use crate::report::charts::convergence;
use egui::RichText;

pub(crate) fn run_ui(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.heading("Run");
    egui::Grid::new("run-settings")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let s = &app.settings;
            let mut set = |changed: bool, setting: Setting| {
                if changed {
                    out.push(Command::Set(setting));
                }
            };
            ui.label("trials");
            let mut trials = s.trials;
            let r = ui.add(
                egui::DragValue::new(&mut trials)
                    .range(1..=100_000_000u64)
                    .speed(1000.0),
            );
            set(r.changed(), Setting::Trials(trials));
            ui.label(RichText::new("trials of a full run (each one horizon long)").weak());
            ui.end_row();
            ui.label("quick trials");
            let mut quick = s.quick_trials;
            let r = ui.add(
                egui::DragValue::new(&mut quick)
                    .range(1..=1_000_000u64)
                    .speed(100.0),
            );
            set(r.changed(), Setting::QuickTrials(quick));
            ui.label(
                RichText::new("the first, fast what-if run after an edit; a full run follows")
                    .weak(),
            );
            ui.end_row();
            ui.label("seed");
            let mut seed = s.seed;
            let r = ui.add(egui::DragValue::new(&mut seed).speed(1.0));
            set(r.changed(), Setting::Seed(seed));
            ui.label(
                RichText::new("same seed, same numbers (here and in `nines simulate --seed`)")
                    .weak(),
            );
            ui.end_row();
            ui.label("threads");
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let mut threads = s.threads;
            let r = ui.add(egui::DragValue::new(&mut threads).range(0..=256usize));
            set(r.changed(), Setting::Threads(threads));
            ui.label(
                RichText::new(format!(
                    "0 = every core ({cores} here); results do not depend on it"
                ))
                .weak(),
            );
            ui.end_row();
            ui.label("horizon (hours)");
            let mut own = s.horizon_hours.is_none();
            ui.horizontal(|ui| {
                let mut changed = ui.checkbox(&mut own, "model's").changed();
                let mut h = s
                    .horizon_hours
                    .unwrap_or(crate::model::DEFAULT_HORIZON_HOURS);
                if !own {
                    changed |= ui
                        .add(
                            egui::DragValue::new(&mut h)
                                .range(1.0..=crate::model::MAX_HORIZON_HOURS)
                                .speed(24.0),
                        )
                        .changed();
                }
                set(changed, Setting::Horizon((!own).then_some(h)));
            });
            ui.label(RichText::new("length of one trial").weak());
            ui.end_row();
        });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                app.doc.plan().is_some() && app.job.is_none(),
                egui::Button::new(RichText::new("▶ Run").strong()),
            )
            .clicked()
        {
            out.push(Command::Run);
        }
        if ui
            .add_enabled(app.job.is_some(), egui::Button::new("■ Cancel"))
            .clicked()
        {
            out.push(Command::Cancel);
        }
        if app.doc.plan().is_none() {
            ui.label(
                RichText::new("the model has problems: see the Text view")
                    .color(egui::Color32::from_rgb(214, 39, 40)),
            );
        }
    });
    if let Some(job) = &app.job {
        let (frac, per_s, left) = job.rate();
        let p = job.progress();
        ui.add(egui::ProgressBar::new(frac).show_percentage());
        ui.label(match p {
            Some(p) => format!(
                "{} of {} trials · {:.0} trials/s · {:.1} M events/s · about {:.1} s left",
                p.trials_done,
                p.trials_total,
                per_s,
                p.events as f64 / p.elapsed_seconds.max(1e-9) / 1e6,
                left
            ),
            None => "starting…".into(),
        });
    } else if let Some(o) = &app.last {
        let r = &o.results;
        ui.label(format!(
            "last run: {} trials, seed {}, {} events in {:.2} s ({:.1} M events/s)",
            r.trials,
            r.seed,
            r.events,
            r.wall_seconds,
            r.events as f64 / r.wall_seconds.max(1e-9) / 1e6
        ));
    }
    ui.label(
        RichText::new(format!(
            "interface: {:.1} ms to build the last frame; slowest while the last run went: {:.1} ms",
            app.frame_ms.0, app.frame_ms.1
        ))
        .weak()
        .small(),
    );
    ui.add_space(8.0);
    let points = app
        .job
        .as_ref()
        .map(|j| &j.convergence)
        .filter(|c| !c.is_empty())
        .unwrap_or(&app.convergence);
    if points.is_empty() {
        ui.label(RichText::new("The convergence chart fills in while a run goes.").weak());
    } else {
        let height = ui.available_height().clamp(160.0, 420.0) - 30.0;
        super::plot::chart_ui(ui, &ChartId::Convergence, &convergence(points), height, out);
        if ui.small_button("export chart as PNG…").clicked() {
            out.push(Command::ExportChart(ChartId::Convergence, ChartFormat::Png));
        }
    }
}
