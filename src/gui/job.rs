//! Simulation runs as background [`Task`]s: the engine reports each group of batches (kept for
//! the convergence chart), the cancel flag is the engine's `should_stop` (polled every 32
//! trials), and the exact analysis of the same plan follows the simulation.

use super::task::{Outcome, Progress, Reporter, Spec, Stop, Task};
use crate::analysis::{Analysis, analyze};
use crate::engine::{self, EngineError, Observer, Plan, RunConfig, RunResults, TrialRecord, run};
use crate::stats::{Estimate, Moments};
use std::sync::Mutex;

/// Points on the convergence chart a run aims for (at most about this many).
const CONVERGENCE_POINTS: u64 = 400;

/// What a run reports: the engine's progress, and now and then a point of the convergence
/// chart (running availability after so many trials, from the per-batch rows).
#[derive(Debug, Clone, Copy)]
pub struct RunReport {
    /// The engine's latest progress.
    pub progress: engine::Progress,
    /// A new point of the convergence chart.
    pub point: Option<(u64, Estimate)>,
}

/// Why a run was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Asked for with the Run button.
    Full,
    /// A quick what-if run after an edit (followed by a full one).
    Quick,
}

/// A finished run.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// What the engine measured.
    pub results: RunResults,
    /// Exact analysis of the same plan (or why there is none).
    pub analysis: Result<Analysis, String>,
    /// The configuration used.
    pub config: RunConfig,
    /// Hash of the model text that was run.
    pub text_hash: String,
    /// Quick or full.
    pub kind: RunKind,
}

/// The engine's observer, reporting through the task.
struct RunObserver<'a> {
    reporter: &'a Reporter<RunReport>,
    /// Running downtime moments for the chart, the trials at the last point, and the
    /// latest progress.
    running: Mutex<(Moments, u64, Option<engine::Progress>)>,
    /// Trials between two points of the chart.
    every: u64,
    /// Trials of the whole run (always a point at the end).
    total: u64,
    horizon_hours: f64,
}

impl RunObserver<'_> {
    fn send(&self, p: engine::Progress, point: Option<(u64, Estimate)>) {
        self.reporter.report(Progress {
            done: p.trials_done,
            total: p.trials_total,
            label: "trials".into(),
            detail: RunReport { progress: p, point },
        });
    }
}

impl Observer for RunObserver<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        if let Ok(mut r) = self.running.lock() {
            r.2 = Some(*p);
        }
        self.send(*p, None);
    }

    fn should_stop(&self) -> bool {
        self.reporter.is_cancelled()
    }

    /// One batch of trials (in trial order): a point of the convergence chart every `every`
    /// trials, merged per batch like the engine's own statistics, so the last point is the
    /// run's estimate.
    fn on_trials(&self, rows: &[TrialRecord]) {
        let mut batch = Moments::default();
        for r in rows {
            batch.push(r.down_hours);
        }
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        running.0.merge(&batch);
        if running.0.n >= running.1 + self.every || running.0.n == self.total {
            running.1 = running.0.n;
            let a = running.0.summary().affine(1.0, -1.0 / self.horizon_hours);
            let mut p = running.2.unwrap_or(engine::Progress {
                trials_done: 0,
                trials_total: self.total,
                events: 0,
                elapsed_seconds: 0.0,
                availability: a,
            });
            p.trials_done = running.0.n;
            let n = running.0.n;
            drop(running);
            self.send(p, Some((n, a)));
        }
    }
}

/// A run in progress.
pub struct RunJob {
    task: Task<RunOutput, RunReport>,
    /// Quick or full.
    pub kind: RunKind,
    /// The configuration.
    pub config: RunConfig,
    /// Running estimate against trials, for the convergence chart.
    pub convergence: Vec<(u64, Estimate)>,
    /// Pin the result under this name instead of showing it (comparison runs).
    pub pin_as: Option<String>,
}

impl RunJob {
    /// Start simulating (then analysing) `plan` on a worker thread.
    pub fn spawn(
        plan: Plan,
        config: RunConfig,
        kind: RunKind,
        text_hash: String,
        ctx: Option<egui::Context>,
    ) -> RunJob {
        let cfg = config.clone();
        let horizon_hours = config.horizon_hours.unwrap_or_else(|| plan.horizon_hours());
        // Per-batch rows feed the convergence chart; the results do not depend on them.
        let run_cfg = RunConfig {
            record_trials: true,
            ..config.clone()
        };
        let spec = Spec {
            name: "nines-run".into(),
            // The exact analysis recurses over the structure of big models.
            stack_bytes: Some(64 << 20),
        };
        let task = Task::spawn(spec, ctx, move |r: &Reporter<RunReport>| {
            let obs = RunObserver {
                reporter: r,
                running: Mutex::new((Moments::default(), 0, None)),
                every: run_cfg.trials.div_ceil(CONVERGENCE_POINTS).max(1),
                total: run_cfg.trials,
                horizon_hours,
            };
            let results = run(&plan, &run_cfg, &obs).map_err(|e| match e {
                EngineError::Cancelled => Stop::Cancelled,
                e => Stop::Failed(e.to_string()),
            })?;
            let analysis = analyze(&plan).map_err(|e| e.to_string());
            Ok(RunOutput {
                results,
                analysis,
                config: cfg,
                text_hash,
                kind,
            })
        });
        RunJob {
            task,
            kind,
            config,
            convergence: Vec::new(),
            pin_as: None,
        }
    }

    /// Ask the run to stop (the engine notices within milliseconds).
    pub fn cancel(&mut self) {
        self.task.cancel();
    }

    /// Whether cancel was asked for.
    pub fn is_cancelling(&self) -> bool {
        self.task.is_cancelling()
    }

    /// The engine's latest progress report.
    pub fn progress(&self) -> Option<&engine::Progress> {
        self.task.progress().map(|p| &p.detail.progress)
    }

    /// Take the reports that arrived; the outcome once the run is over. Never blocks.
    pub fn poll(&mut self) -> Option<Outcome<RunOutput>> {
        let convergence = &mut self.convergence;
        self.task.poll_with(|p| {
            if let Some(point) = p.detail.point {
                convergence.push(point);
            }
        })
    }

    /// Fraction done, trials per second and seconds left (estimates).
    pub fn rate(&self) -> (f32, f64, f64) {
        let Some(p) = self.progress() else {
            return (0.0, 0.0, f64::NAN);
        };
        let frac = p.trials_done as f64 / p.trials_total.max(1) as f64;
        let per_s = p.trials_done as f64 / p.elapsed_seconds.max(1e-9);
        let left = (p.trials_total - p.trials_done) as f64 / per_s.max(1e-9);
        (frac as f32, per_s, left)
    }
}
