//! Many runs reported as one: an observer that turns each run's progress into progress over
//! every run of a sensitivity analysis or an optimiser search, and passes cancellation on.

use crate::engine::{Observer, Progress, TrialRecord};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Wraps the caller's observer for a sequence of runs: `on_progress` sees the trials of the
/// runs already finished plus those of the current run, out of the trials of every run
/// planned; `should_stop` is the caller's. Per-trial rows go to [`Overall::rows`] when
/// collecting (never to the caller).
pub struct Overall<'o, T> {
    inner: &'o dyn Observer,
    done_before: AtomicU64,
    total: AtomicU64,
    events_before: AtomicU64,
    collect: Option<fn(&TrialRecord) -> T>,
    /// Rows collected (mapped by the collector) from runs with `record_trials`.
    pub rows: Mutex<Vec<T>>,
}

impl<T> std::fmt::Debug for Overall<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Overall")
            .field("done_before", &self.done_before)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl<'o, T: Send> Overall<'o, T> {
    /// Progress over `total_trials` trials in all, reported to `inner`; rows of recorded
    /// runs are mapped by `collect` (None: not kept).
    pub fn new(
        inner: &'o dyn Observer,
        total_trials: u64,
        collect: Option<fn(&TrialRecord) -> T>,
    ) -> Self {
        Overall {
            inner,
            done_before: AtomicU64::new(0),
            total: AtomicU64::new(total_trials),
            events_before: AtomicU64::new(0),
            collect,
            rows: Mutex::new(Vec::new()),
        }
    }

    /// A run of `trials` trials (with `events` events) has finished.
    pub fn finish_run(&self, trials: u64, events: u64) {
        self.done_before.fetch_add(trials, Ordering::Relaxed);
        self.events_before.fetch_add(events, Ordering::Relaxed);
    }

    /// The total changed (a search that does not know its length in advance).
    pub fn set_total(&self, total_trials: u64) {
        self.total.store(total_trials, Ordering::Relaxed);
    }

    /// Take the rows collected so far.
    pub fn take_rows(&self) -> Vec<T> {
        self.rows
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }
}

impl<T: Send> Observer for Overall<'_, T> {
    fn on_progress(&self, p: &Progress) {
        let before = self.done_before.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed);
        self.inner.on_progress(&Progress {
            trials_done: before + p.trials_done,
            trials_total: total.max(before + p.trials_total),
            events: self.events_before.load(Ordering::Relaxed) + p.events,
            ..*p
        });
    }

    fn should_stop(&self) -> bool {
        self.inner.should_stop()
    }

    fn on_trials(&self, rows: &[TrialRecord]) {
        if let Some(f) = self.collect
            && let Ok(mut r) = self.rows.lock()
        {
            r.extend(rows.iter().map(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Plan, RunConfig};

    struct Seen(Mutex<Vec<(u64, u64)>>);
    impl Observer for Seen {
        fn on_progress(&self, p: &Progress) {
            if let Ok(mut v) = self.0.lock() {
                v.push((p.trials_done, p.trials_total));
            }
        }
    }

    #[test]
    fn progress_counts_every_run() {
        let plan: Plan = crate::load::plan_from_str(
            "[model]\nname = \"m\"\n[[component]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"fixed\", hours = 1 }\n",
            "m",
        )
        .expect("valid");
        let seen = Seen(Mutex::new(Vec::new()));
        let o: Overall<'_, f64> = Overall::new(&seen, 3000, Some(|r| r.down_hours));
        let cfg = RunConfig {
            trials: 1000,
            record_trials: true,
            ..Default::default()
        };
        for _ in 0..3 {
            let r = crate::engine::run(&plan, &cfg, &o).expect("runs");
            o.finish_run(r.trials, r.events);
        }
        let v = seen.0.lock().expect("lock").clone();
        assert_eq!(v.last(), Some(&(3000, 3000)));
        assert!(v.iter().all(|&(_, t)| t == 3000));
        assert_eq!(o.take_rows().len(), 3000);
    }
}
