//! The observer a comparison runs each side with: it keeps the side's per-trial metrics (and
//! the base's downtime by challenge label) and forwards progress and cancellation.

use super::CompareError;
use crate::decide::paired::TrialMetrics;
use crate::engine::{Observer, Plan, Progress, TrialRecord};
use crate::stats::Moments;
use std::sync::Mutex;

/// Challenge labels of a plan: the distinct labels, and per cause (in
/// [`Plan::cause_names`] order) the index of its label.
pub(super) struct Labels {
    pub(super) names: Vec<String>,
    of_cause: Vec<Option<usize>>,
}

pub(super) fn challenge_labels(plan: &Plan) -> Labels {
    let m = plan.model();
    let per_cause: Vec<Option<&String>> = m
        .components
        .iter()
        .map(|c| c.challenge.as_ref())
        .chain(m.zones.iter().map(|z| z.challenge.as_ref()))
        .chain(m.regions.iter().map(|r| r.challenge.as_ref()))
        .chain(m.common_causes.iter().map(|c| c.challenge.as_ref()))
        .collect();
    let mut names: Vec<String> = Vec::new();
    let of_cause = per_cause
        .into_iter()
        .map(|l| {
            l.map(|l| match names.iter().position(|n| n == l) {
                Some(i) => i,
                None => {
                    names.push(l.clone());
                    names.len() - 1
                }
            })
        })
        .collect();
    Labels { names, of_cause }
}

/// Collects one side's per-trial metrics (and the base's challenge hours) and forwards
/// progress (counted over all sides) and cancellation to the caller's observer.
pub(super) struct Collector<'a> {
    inner: &'a dyn Observer,
    offset: u64,
    total: u64,
    horizon: f64,
    labels: Option<&'a Labels>,
    state: Mutex<(Vec<TrialMetrics>, Vec<Moments>)>,
}

impl<'a> Collector<'a> {
    pub(super) fn new(
        inner: &'a dyn Observer,
        run: u64,
        runs: u64,
        trials: u64,
        horizon: f64,
        labels: Option<&'a Labels>,
    ) -> Self {
        let n = labels.map_or(0, |l| l.names.len());
        Collector {
            inner,
            offset: run.saturating_mul(trials),
            total: runs.saturating_mul(trials),
            horizon,
            labels,
            state: Mutex::new((
                Vec::with_capacity(trials.min(1 << 20) as usize),
                vec![Moments::default(); n],
            )),
        }
    }

    pub(super) fn into_parts(self) -> Result<(Vec<TrialMetrics>, Vec<Moments>), CompareError> {
        self.state.into_inner().map_err(|_| {
            CompareError::Internal("the per-trial collector's lock was poisoned".into())
        })
    }
}

impl Observer for Collector<'_> {
    fn on_progress(&self, p: &Progress) {
        self.inner.on_progress(&Progress {
            trials_done: self.offset + p.trials_done,
            trials_total: self.total,
            ..*p
        });
    }

    fn should_stop(&self) -> bool {
        self.inner.should_stop()
    }

    /// Passes the rows on (each side's in turn, base first), then keeps its metrics.
    fn on_trials(&self, rows: &[TrialRecord]) {
        self.inner.on_trials(rows);
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let (metrics, moments) = &mut *st;
        metrics.extend(
            rows.iter()
                .map(|r| TrialMetrics::from_record(r, self.horizon)),
        );
        if let Some(l) = self.labels
            && !l.names.is_empty()
        {
            let mut hours = vec![0.0; l.names.len()];
            for r in rows {
                hours.iter_mut().for_each(|h| *h = 0.0);
                for &(cause, h) in &r.caused {
                    if let Some(Some(k)) = l.of_cause.get(cause as usize) {
                        hours[*k] += h;
                    }
                }
                for (m, &h) in moments.iter_mut().zip(&hours) {
                    m.push(h);
                }
            }
        }
    }
}
