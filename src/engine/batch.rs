//! Batches of trials: each with its own seeded RNG and accumulators, merged in batch order.

use super::load::{LoadPlan, ScopeLoad};
use super::trial::{TrialCtx, TrialState};
use super::{Observer, RequestCounts, TrialRecord};
use crate::engine::flat::Flat;
use crate::stats::{Moments, QuantileSketch};
use serde::{Deserialize, Serialize};

/// Trials per batch. Part of the reproducibility contract: results for a seed depend on it,
/// never on the thread count.
pub const BATCH_TRIALS: u64 = 256;

/// Per-trial statistics of one scope (the model or one service). Serialized whole into shard
/// partials, so a field added here travels with them (and must be checked in `partial`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ScopeAcc {
    pub downtime: Moments,
    /// Trials with any downtime.
    pub trials_with_downtime: u64,
    pub outages: Moments,
    pub sketch: QuantileSketch,
    /// With a scenario: share of offered requests served, requests lost, hours in overload,
    /// availability during peak events and outside them.
    pub served: Moments,
    pub lost: Moments,
    pub overload: Moments,
    /// Trials with any overload (0 or 1 each).
    pub overloaded: Moments,
    pub peak: Moments,
    pub normal: Moments,
}

impl ScopeAcc {
    fn push(&mut self, down_hours: f64, outages: u32) {
        self.downtime.push(down_hours);
        self.trials_with_downtime += u64::from(down_hours > 0.0);
        self.outages.push(f64::from(outages));
        self.sketch.push(down_hours);
    }

    fn merge(&mut self, o: &ScopeAcc) {
        self.downtime.merge(&o.downtime);
        self.trials_with_downtime += o.trials_with_downtime;
        self.outages.merge(&o.outages);
        self.sketch.merge(&o.sketch);
        for (a, b) in [
            (&mut self.served, &o.served),
            (&mut self.lost, &o.lost),
            (&mut self.overload, &o.overload),
            (&mut self.overloaded, &o.overloaded),
            (&mut self.peak, &o.peak),
            (&mut self.normal, &o.normal),
        ] {
            a.merge(b);
        }
    }

    fn push_load(&mut self, l: &ScopeLoad, offered: f64, down_hours: f64, lp: &LoadPlan) {
        self.served.push(served_fraction(l.lost, offered));
        self.lost.push(l.lost);
        self.overload.push(l.overload_hours);
        self.overloaded
            .push(if l.overload_hours > 0.0 { 1.0 } else { 0.0 });
        if lp.peak_hours > 0.0 {
            self.peak.push(1.0 - l.peak_down_hours / lp.peak_hours);
        }
        let normal = lp.horizon - lp.peak_hours;
        if normal > 0.0 {
            self.normal
                .push(1.0 - (down_hours - l.peak_down_hours) / normal);
        }
    }
}

/// Everything a batch (or a run so far) accumulated. Serialized whole into shard partials
/// (per-trial rows and the cancel flag aside).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Acc {
    pub trials: u64,
    pub events: u64,
    pub model: ScopeAcc,
    pub services: Vec<ScopeAcc>,
    /// Sum over trials of model downtime started by each component (hours).
    pub caused_hours: Vec<f64>,
    /// Per-trial rows, when asked for.
    #[serde(skip)]
    pub rows: Vec<TrialRecord>,
    #[serde(skip)]
    pub cancelled: bool,
}

impl Acc {
    pub(crate) fn new(f: &Flat) -> Acc {
        Acc {
            trials: 0,
            events: 0,
            model: ScopeAcc::default(),
            services: vec![ScopeAcc::default(); f.n_service],
            caused_hours: vec![0.0; f.n_comp + f.units.len()],
            rows: Vec::new(),
            cancelled: false,
        }
    }

    /// Merge the next batch (in batch order) into this one.
    pub(crate) fn merge(&mut self, o: &Acc) {
        self.trials += o.trials;
        self.events += o.events;
        self.model.merge(&o.model);
        for (a, b) in self.services.iter_mut().zip(&o.services) {
            a.merge(b);
        }
        for (a, b) in self.caused_hours.iter_mut().zip(&o.caused_hours) {
            *a += b;
        }
        self.cancelled |= o.cancelled;
    }
}

/// What every batch of a run shares.
pub(crate) struct BatchJob<'a> {
    /// The model, horizon and load.
    pub cx: TrialCtx<'a>,
    /// Seed of the run.
    pub seed: u64,
    /// Trials of the whole run (the last batch may be partial).
    pub trials: u64,
    /// Keep every trial's row.
    pub record: bool,
    /// Polled for cancellation.
    pub observer: &'a dyn Observer,
}

impl ScopeLoad {
    /// This trial's request counts of one scope offered `offered` requests.
    fn counts(&self, offered: f64) -> RequestCounts {
        RequestCounts {
            served_fraction: served_fraction(self.lost, offered),
            lost: self.lost,
            overload_hours: self.overload_hours,
        }
    }
}

/// Share of `offered` requests served when `lost` were lost (1 when none were offered).
fn served_fraction(lost: f64, offered: f64) -> f64 {
    if offered > 0.0 {
        1.0 - lost / offered
    } else {
        1.0
    }
}

/// Run batch `b` of a run: trials `b·BATCH_TRIALS ..` up to the run's trial count.
pub(crate) fn run_batch(job: &BatchJob, b: u64) -> Acc {
    let f = job.cx.f;
    let mut acc = Acc::new(f);
    let mut st = TrialState::new(f);
    let first = b * BATCH_TRIALS;
    let last = (first + BATCH_TRIALS).min(job.trials);
    for trial in first..last {
        if (trial - first) % 32 == 31 && job.observer.should_stop() {
            acc.cancelled = true;
            break;
        }
        st.run(&job.cx, job.seed, trial);
        let o = &st.out;
        acc.trials += 1;
        acc.events += o.events;
        acc.model.push(o.model_down_hours, o.model_outages);
        for (s, a) in acc.services.iter_mut().enumerate() {
            a.push(o.service_down_hours[s], o.service_outages[s]);
        }
        let mut requests = Vec::new();
        if let Some(lp) = job.cx.lp {
            let ns = acc.services.len();
            for (s, a) in acc.services.iter_mut().enumerate() {
                a.push_load(
                    &st.load.scopes[s],
                    lp.offered[s],
                    o.service_down_hours[s],
                    lp,
                );
            }
            // The model loses what its services lose.
            let mut whole = st.load.scopes[ns].clone();
            if ns > 0 {
                whole.lost = st.load.scopes[..ns].iter().map(|x| x.lost).sum();
            }
            acc.model
                .push_load(&whole, lp.model_offered, o.model_down_hours, lp);
            if job.record {
                requests.push(whole.counts(lp.model_offered));
                requests.extend((0..ns).map(|s| st.load.scopes[s].counts(lp.offered[s])));
            }
        }
        if job.record {
            acc.rows.push(TrialRecord {
                trial,
                events: o.events,
                down_hours: o.model_down_hours,
                outages: o.model_outages,
                service_down_hours: o.service_down_hours.clone(),
                service_outages: o.service_outages.clone(),
                requests,
            });
        }
    }
    acc.caused_hours = std::mem::take(&mut st.caused_hours);
    acc
}
