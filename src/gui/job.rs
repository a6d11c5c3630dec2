//! Simulation runs as background [`Task`]s: the engine reports each group of batches (kept for
//! the convergence chart), the cancel flag is the engine's `should_stop` (polled every 32
//! trials), and the exact analysis of the same plan follows the simulation.

use super::task::{Outcome, Progress, Reporter, Spec, Stop, Task};
use crate::analysis::{Analysis, analyze};
use crate::engine::{self, EngineError, Observer, Plan, RunConfig, RunResults, run};
use crate::stats::Estimate;

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
struct RunObserver<'a>(&'a Reporter<engine::Progress>);

impl Observer for RunObserver<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        self.0.report(Progress {
            done: p.trials_done,
            total: p.trials_total,
            label: "trials".into(),
            detail: *p,
        });
    }

    fn should_stop(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// A run in progress.
pub struct RunJob {
    task: Task<RunOutput, engine::Progress>,
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
        let spec = Spec {
            name: "nines-run".into(),
            // The exact analysis recurses over the structure of big models.
            stack_bytes: Some(64 << 20),
        };
        let task = Task::spawn(spec, ctx, move |r: &Reporter<engine::Progress>| {
            let results = run(&plan, &cfg, &RunObserver(r)).map_err(|e| match e {
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
        self.task.progress().map(|p| &p.detail)
    }

    /// Take the reports that arrived; the outcome once the run is over. Never blocks.
    pub fn poll(&mut self) -> Option<Outcome<RunOutput>> {
        let convergence = &mut self.convergence;
        self.task
            .poll_with(|p| convergence.push((p.detail.trials_done, p.detail.availability)))
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
