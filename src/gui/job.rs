//! Simulations on a worker thread: progress and results come back over a channel, the UI is
//! woken for each message, and a shared flag cancels the run within a few milliseconds.

use crate::analysis::{Analysis, analyze};
use crate::engine::{
    EngineError, Observer, Plan, Progress, RunConfig, RunResults, TrialRecord, run,
};
use crate::stats::{Estimate, Moments};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
pub struct Outcome {
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

/// Points on the convergence chart a run aims for (at most about this many).
const CONVERGENCE_POINTS: u64 = 400;

enum Msg {
    Progress(Progress),
    /// Running availability after so many trials.
    Point(u64, Estimate),
    Done(Box<Outcome>),
    Failed(String),
}

struct GuiObserver {
    tx: Sender<Msg>,
    cancel: Arc<AtomicBool>,
    ctx: Option<egui::Context>,
    /// Running downtime moments for the convergence chart, and the trials at the last point.
    running: Mutex<(Moments, u64)>,
    /// Trials between two points of the chart.
    every: u64,
    /// Trials of the whole run (always a point at the end).
    total: u64,
    horizon_hours: f64,
}

impl Observer for GuiObserver {
    fn on_progress(&self, p: &Progress) {
        let _ = self.tx.send(Msg::Progress(*p));
        if let Some(c) = &self.ctx {
            c.request_repaint();
        }
    }

    fn should_stop(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// One batch of trials (in trial order, from the calling thread): a point of the
    /// convergence chart every `every` trials. Merged per batch like the engine's own
    /// statistics, so the last point is the run's estimate.
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
            let _ = self.tx.send(Msg::Point(running.0.n, a));
        }
    }
}

/// A run in progress.
pub struct Job {
    cancel: Arc<AtomicBool>,
    rx: Receiver<Msg>,
    /// Quick or full.
    pub kind: RunKind,
    /// The configuration.
    pub config: RunConfig,
    /// When it started.
    pub started: Instant,
    /// The latest progress report.
    pub progress: Option<Progress>,
    /// Running estimate against trials, for the convergence chart.
    pub convergence: Vec<(u64, Estimate)>,
    /// Pin the result under this name instead of showing it (comparison runs).
    pub pin_as: Option<String>,
}

/// What polling a job found.
pub enum Poll {
    /// Still running.
    Running,
    /// Finished with results.
    Done(Box<Outcome>),
    /// Cancelled.
    Cancelled,
    /// Failed.
    Failed(String),
}

impl Job {
    /// Start simulating (then analysing) `plan` on a worker thread.
    pub fn spawn(
        plan: Plan,
        config: RunConfig,
        kind: RunKind,
        text_hash: String,
        ctx: Option<egui::Context>,
    ) -> Job {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let obs = GuiObserver {
            tx: tx.clone(),
            cancel: cancel.clone(),
            ctx: ctx.clone(),
            running: Mutex::new((Moments::default(), 0)),
            every: config.trials.div_ceil(CONVERGENCE_POINTS).max(1),
            total: config.trials,
            horizon_hours: config.horizon_hours.unwrap_or_else(|| plan.horizon_hours()),
        };
        let cfg = config.clone();
        // Per-batch rows feed the convergence chart; the results do not depend on them.
        let run_cfg = RunConfig {
            record_trials: true,
            ..config.clone()
        };
        let spawned = std::thread::Builder::new()
            .name("nines-run".into())
            .stack_size(64 << 20)
            .spawn(move || {
                let msg = match run(&plan, &run_cfg, &obs) {
                    Ok(results) => {
                        let analysis = analyze(&plan).map_err(|e| e.to_string());
                        Msg::Done(Box::new(Outcome {
                            results,
                            analysis,
                            config: cfg,
                            text_hash,
                            kind,
                        }))
                    }
                    Err(EngineError::Cancelled) => Msg::Failed("cancelled".into()),
                    Err(e) => Msg::Failed(e.to_string()),
                };
                let _ = obs.tx.send(msg);
                if let Some(c) = &obs.ctx {
                    c.request_repaint();
                }
            });
        if let Err(e) = spawned {
            let _ = tx.send(Msg::Failed(format!("cannot start a worker thread: {e}")));
        }
        Job {
            cancel,
            rx,
            kind,
            config,
            started: Instant::now(),
            progress: None,
            convergence: Vec::new(),
            pin_as: None,
        }
    }

    /// Ask the run to stop (it stops within milliseconds).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancel was asked for.
    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Take the messages that arrived; never blocks.
    pub fn poll(&mut self) -> Poll {
        while let Ok(m) = self.rx.try_recv() {
            match m {
                Msg::Progress(p) => self.progress = Some(p),
                Msg::Point(trials, a) => self.convergence.push((trials, a)),
                Msg::Done(o) => return Poll::Done(o),
                Msg::Failed(e) if e == "cancelled" => return Poll::Cancelled,
                Msg::Failed(e) => return Poll::Failed(e),
            }
        }
        Poll::Running
    }

    /// Fraction done, trials per second and seconds left (estimates).
    pub fn rate(&self) -> (f32, f64, f64) {
        let Some(p) = self.progress else {
            return (0.0, 0.0, f64::NAN);
        };
        let frac = p.trials_done as f64 / p.trials_total.max(1) as f64;
        let per_s = p.trials_done as f64 / p.elapsed_seconds.max(1e-9);
        let left = (p.trials_total - p.trials_done) as f64 / per_s.max(1e-9);
        (frac as f32, per_s, left)
    }
}
