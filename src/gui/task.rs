//! One kind of background task for every long job of the workbench (runs, the capacity
//! planner, later the optimiser and sweeps): the work runs on its own thread, reports progress
//! as "done of total" with a label, polls a cancel flag, and ends with a typed [`Outcome`]. A
//! panic in the work is caught and reported as [`Outcome::Panicked`], and a thread that cannot
//! be started as [`Outcome::Failed`], so the UI never shows "running" forever. Dropping a
//! task asks its work to stop.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// How a task ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    /// The work finished with this result.
    Done(T),
    /// The work stopped because cancel was asked for.
    Cancelled,
    /// The work failed (or its thread could not be started); the message says why.
    Failed(String),
    /// The work panicked (a bug); the panic message.
    Panicked(String),
}

/// Why the work stopped early (what the work function returns instead of a result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// It saw the cancel flag.
    Cancelled,
    /// It failed.
    Failed(String),
}

/// One progress report: `done` of `total` steps (trials, candidates…), a label saying of
/// what, and any detail the job's panels need (the run's running estimate).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress<D = ()> {
    /// Steps finished.
    pub done: u64,
    /// Steps in all (0 when unknown).
    pub total: u64,
    /// What is being counted ("trials", "candidate 3: trials").
    pub label: String,
    /// Job-specific detail.
    pub detail: D,
}

impl<D> Progress<D> {
    /// Fraction done, 0 to 1 (0 when the total is unknown).
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0) as f32
        }
    }
}

/// What the work function gets: a way to report progress and to see cancel requests.
pub struct Reporter<D> {
    tx: Sender<Progress<D>>,
    cancel: Arc<AtomicBool>,
    ctx: Option<egui::Context>,
}

impl<D> Reporter<D> {
    /// Report progress (and wake the UI).
    pub fn report(&self, p: Progress<D>) {
        let _ = self.tx.send(p);
        self.wake();
    }

    /// Whether cancel was asked for; long work polls this often (well under 200 ms apart).
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn wake(&self) {
        if let Some(c) = &self.ctx {
            c.request_repaint();
        }
    }
}

/// How to start a task.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The thread's name (shown by debuggers and in panic messages).
    pub name: String,
    /// The thread's stack size in bytes (`None`: the platform's default).
    pub stack_bytes: Option<usize>,
}

impl Spec {
    /// A task thread called `name` with the default stack.
    pub fn named(name: &str) -> Spec {
        Spec {
            name: name.to_string(),
            stack_bytes: None,
        }
    }
}

/// A running (or just finished) background task; `T` is its result, `D` its progress detail.
pub struct Task<T, D = ()> {
    cancel: Arc<AtomicBool>,
    progress_rx: Receiver<Progress<D>>,
    outcome_rx: Receiver<Outcome<T>>,
    started: Instant,
    cancel_asked: Option<Instant>,
    latest: Option<Progress<D>>,
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

impl<T: Send + 'static, D: Send + 'static> Task<T, D> {
    /// Start `work` on a new thread; `ctx` is woken for every report and at the end.
    pub fn spawn<F>(spec: Spec, ctx: Option<egui::Context>, work: F) -> Task<T, D>
    where
        F: FnOnce(&Reporter<D>) -> Result<T, Stop> + Send + 'static,
    {
        let (progress_tx, progress_rx) = channel();
        let (outcome_tx, outcome_rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let reporter = Reporter {
            tx: progress_tx,
            cancel: cancel.clone(),
            ctx,
        };
        let mut builder = std::thread::Builder::new().name(spec.name.clone());
        if let Some(bytes) = spec.stack_bytes {
            builder = builder.stack_size(bytes);
        }
        let failed_tx = outcome_tx.clone();
        let spawned = builder.spawn(move || {
            let outcome = match catch_unwind(AssertUnwindSafe(|| work(&reporter))) {
                Ok(Ok(v)) => Outcome::Done(v),
                Ok(Err(Stop::Cancelled)) => Outcome::Cancelled,
                Ok(Err(Stop::Failed(e))) => Outcome::Failed(e),
                Err(payload) => Outcome::Panicked(panic_text(payload.as_ref())),
            };
            let _ = outcome_tx.send(outcome);
            reporter.wake();
        });
        if let Err(e) = spawned {
            let _ = failed_tx.send(Outcome::Failed(format!(
                "cannot start the {} thread: {e}",
                spec.name
            )));
        }
        Task {
            cancel,
            progress_rx,
            outcome_rx,
            started: Instant::now(),
            cancel_asked: None,
            latest: None,
        }
    }
}

impl<T, D> Task<T, D> {
    /// Ask the work to stop; it ends with [`Outcome::Cancelled`] when it notices.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancel_asked.get_or_insert_with(Instant::now);
    }

    /// Whether cancel was asked for.
    pub fn is_cancelling(&self) -> bool {
        self.cancel_asked.is_some()
    }

    /// Time since cancel was asked for.
    pub fn cancelling_for(&self) -> Option<Duration> {
        self.cancel_asked.map(|t| t.elapsed())
    }

    /// The latest progress report.
    pub fn progress(&self) -> Option<&Progress<D>> {
        self.latest.as_ref()
    }

    /// Time since the task started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Take the reports that arrived (each passed to `each`) and the outcome if the task
    /// ended; never blocks. After it returns an outcome the task is over.
    pub fn poll_with(&mut self, mut each: impl FnMut(&Progress<D>)) -> Option<Outcome<T>> {
        let mut drain = |t: &mut Self| {
            while let Ok(p) = t.progress_rx.try_recv() {
                each(&p);
                t.latest = Some(p);
            }
        };
        drain(self);
        let outcome = match self.outcome_rx.try_recv() {
            Ok(o) => Some(o),
            Err(TryRecvError::Empty) => None,
            // Cannot happen (the thread always sends), but never leave a task "running".
            Err(TryRecvError::Disconnected) => Some(Outcome::Panicked(
                "the worker thread ended without an answer".into(),
            )),
        };
        // Reports sent between the first drain and the outcome are not lost.
        if outcome.is_some() {
            drain(self);
        }
        outcome
    }

    /// [`Task::poll_with`] ignoring the individual reports.
    pub fn poll(&mut self) -> Option<Outcome<T>> {
        self.poll_with(|_| {})
    }
}

impl<T, D> Drop for Task<T, D> {
    /// Nobody will read the outcome of a dropped task: ask the work to stop.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T, D>(t: &mut Task<T, D>, limit: Duration) -> Outcome<T> {
        let start = Instant::now();
        loop {
            if let Some(o) = t.poll() {
                return o;
            }
            assert!(start.elapsed() < limit, "no outcome in {limit:?}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_task_reports_progress_and_its_result() {
        let mut t: Task<u64> = Task::spawn(Spec::named("sum"), None, |r| {
            for i in 1..=3 {
                r.report(Progress {
                    done: i,
                    total: 3,
                    label: "steps".into(),
                    detail: (),
                });
            }
            Ok(42)
        });
        let mut seen = Vec::new();
        let start = Instant::now();
        let out = loop {
            if let Some(o) = t.poll_with(|p| seen.push(p.done)) {
                break o;
            }
            assert!(start.elapsed() < Duration::from_secs(10));
        };
        assert_eq!(out, Outcome::Done(42));
        assert_eq!(seen, vec![1, 2, 3]);
        assert_eq!(t.progress().map(Progress::fraction), Some(1.0));
    }

    #[test]
    fn cancel_ends_the_work_within_200_ms() {
        let mut t: Task<()> = Task::spawn(Spec::named("spin"), None, |r| {
            while !r.is_cancelled() {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(Stop::Cancelled)
        });
        std::thread::sleep(Duration::from_millis(20));
        t.cancel();
        let asked = Instant::now();
        assert_eq!(wait(&mut t, Duration::from_secs(5)), Outcome::Cancelled);
        assert!(asked.elapsed() < Duration::from_millis(200));
        assert!(t.is_cancelling());
        // Dropping a task stops its work too.
        let (tx, rx) = std::sync::mpsc::channel();
        let t: Task<()> = Task::spawn(Spec::named("dropped"), None, move |r| {
            while !r.is_cancelled() {
                std::thread::sleep(Duration::from_millis(2));
            }
            let _ = tx.send(());
            Err(Stop::Cancelled)
        });
        drop(t);
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_ok());
    }

    #[test]
    fn a_panic_is_reported_not_left_running() {
        let mut t: Task<()> = Task::spawn(Spec::named("bug"), None, |_| {
            panic!("index 7 out of range");
        });
        match wait(&mut t, Duration::from_secs(5)) {
            Outcome::Panicked(m) => assert!(m.contains("index 7 out of range"), "{m}"),
            o => panic!("expected a panic outcome, got {o:?}"),
        }
        let mut t: Task<()> = Task::spawn(Spec::named("bug"), None, |_| {
            std::panic::panic_any(format!("formatted {}", 3));
        });
        assert_eq!(
            wait(&mut t, Duration::from_secs(5)),
            Outcome::Panicked("formatted 3".into())
        );
    }

    #[test]
    fn failures_and_a_thread_that_cannot_start_are_reported() {
        let mut t: Task<()> = Task::spawn(Spec::named("fail"), None, |_| {
            Err(Stop::Failed("no plan".into()))
        });
        assert_eq!(
            wait(&mut t, Duration::from_secs(5)),
            Outcome::Failed("no plan".into())
        );
        // No system gives a thread a stack of a quarter of the address space.
        let spec = Spec {
            name: "huge".into(),
            stack_bytes: Some(usize::MAX / 4),
        };
        let mut t: Task<()> = Task::spawn(spec, None, |_| Ok(()));
        match wait(&mut t, Duration::from_secs(5)) {
            Outcome::Failed(m) => assert!(m.contains("cannot start the huge thread"), "{m}"),
            o => panic!("expected a spawn failure, got {o:?}"),
        }
    }
}
