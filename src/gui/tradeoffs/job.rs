//! The Tradeoffs job on its worker thread: the toggled set against the base first (the quick
//! answer), then each option alone and the sets leadership options are valued by, each result
//! sent to the view as it arrives, with progress over all of the job's trials.

use super::compute::{self, Compared, Inputs};
use super::{Arrival, BaseView, Job, SetView};
use crate::decide::portfolio::PlanCache;
use crate::engine::{self, Observer};
use crate::gui::task::{Progress, Reporter, Stop};
use std::sync::Arc;

/// Passes the engine's progress on to the task (as trials of all of the job's runs) and its
/// cancel flag.
struct TaskObserver<'a> {
    reporter: &'a Reporter<Option<Arrival>>,
    offset: u64,
    total: u64,
}

impl Observer for TaskObserver<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        self.reporter.report(Progress {
            done: self.offset + p.trials_done,
            total: self.total,
            label: "trials".into(),
            detail: None,
        });
    }
    fn should_stop(&self) -> bool {
        self.reporter.is_cancelled()
    }
}

fn send(r: &Reporter<Option<Arrival>>, a: Arrival) {
    r.report(Progress {
        done: 0,
        total: 0,
        label: "result".into(),
        detail: Some(a),
    });
}

fn base_view(c: &Compared) -> BaseView {
    BaseView {
        side: c.results.base.clone(),
        challenges: c.results.challenges.clone(),
        losses: c.losses.first().cloned().unwrap_or_default(),
        currency: c.results.currency.clone(),
    }
}

/// The job: the toggled set first (base and set: the quick answer), then the rows.
pub(super) fn work(
    inputs: Inputs,
    job: Job,
    cache: Arc<PlanCache>,
    r: &Reporter<Option<Arrival>>,
) -> Result<(), Stop> {
    let trials = inputs.settings.trials;
    let set_runs = if job.set.is_some() { 2 } else { 0 };
    // Each option alone first (in `job.rows` order), then the sets leadership options are
    // valued by.
    let row_sets: Vec<Vec<usize>> = job
        .rows
        .iter()
        .map(|&i| vec![i])
        .chain(job.extra.iter().cloned())
        .collect();
    let row_runs = if row_sets.is_empty() {
        0
    } else {
        1 + row_sets.len() as u64
    };
    let total = (set_runs + row_runs) * trials;
    let failed = |s: Stop| match s {
        Stop::Cancelled => Err(Stop::Cancelled),
        Stop::Failed(e) => Ok(e),
    };
    if let Some(set) = &job.set {
        let obs = TaskObserver {
            reporter: r,
            offset: 0,
            total,
        };
        let a = match compute::run(&inputs, std::slice::from_ref(set), &cache, &obs) {
            Ok(mut c) => {
                send(r, Arrival::Base(Box::new(base_view(&c))));
                let losses = c.losses.pop().unwrap_or_default();
                match c.results.comparisons.pop() {
                    Some(comparison) => Ok(SetView { comparison, losses }),
                    None => Err("the comparison returned no result".to_string()),
                }
            }
            Err(s) => Err(failed(s)?),
        };
        send(r, Arrival::Set(set.clone(), Box::new(a)));
    }
    if !job.rows.is_empty() {
        let obs = TaskObserver {
            reporter: r,
            offset: set_runs * trials,
            total,
        };
        let a = match compute::run(&inputs, &row_sets, &cache, &obs) {
            Ok(c) => {
                send(r, Arrival::Base(Box::new(base_view(&c))));
                Ok(c.results.comparisons)
            }
            Err(s) => Err(failed(s)?),
        };
        send(r, Arrival::Rows(job.rows.clone(), Box::new(a)));
    }
    Ok(())
}
