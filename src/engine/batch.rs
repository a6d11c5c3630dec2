//! Batches of trials: each with its own seeded RNG and accumulators, merged in batch order.

use super::load::{LoadPlan, ScopeLoad};
use super::money::{LossAcc, MoneyAcc, MoneyPlan};
use super::trial::{TrialCtx, TrialState};
use super::{Observer, PlanSource, RequestCounts, TrialRecord};
use crate::engine::Plan;
use crate::engine::flat::Flat;
use crate::stats::{Moments, QuantileSketch};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

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
    pub(crate) fn push(&mut self, down_hours: f64, outages: u32) {
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
    /// Sum over trials of model downtime started by each cause of the reference plan (hours).
    pub caused_hours: Vec<f64>,
    /// Loss and credits per year.
    pub money: MoneyAcc,
    /// Per service of the reference plan: its loss per year.
    pub service_loss: Vec<LossAcc>,
    /// With failure biasing: the plain timeline's own statistics (this Acc then holds the
    /// weighted ones); `None` for plain Monte Carlo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain: Option<Box<Acc>>,
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
            money: MoneyAcc::default(),
            service_loss: vec![LossAcc::default(); f.n_service],
            plain: None,
            rows: Vec::new(),
            cancelled: false,
        }
    }

    /// Merge the next batch (in batch order) into this one.
    pub(crate) fn merge(&mut self, o: &Acc) {
        match (&mut self.plain, &o.plain) {
            (Some(a), Some(b)) => a.merge(b),
            (None, Some(b)) if self.trials == 0 => self.plain = Some(b.clone()),
            (Some(_), None) if o.trials == 0 => {}
            (None, None) => {}
            // Weighted and plain batches never meet in one run (partials are checked).
            _ => self.plain = None,
        }
        self.trials += o.trials;
        self.events += o.events;
        self.model.merge(&o.model);
        for (a, b) in self.services.iter_mut().zip(&o.services) {
            a.merge(b);
        }
        for (a, b) in self.caused_hours.iter_mut().zip(&o.caused_hours) {
            *a += b;
        }
        self.money.merge(&o.money);
        for (a, b) in self.service_loss.iter_mut().zip(&o.service_loss) {
            a.merge(b);
        }
        self.cancelled |= o.cancelled;
    }
}

/// One plan a run's trials may use, prepared once per run: its load, its money and how its
/// services and causes map to the reference plan's (by name).
pub(crate) struct Variant<'a> {
    pub plan: &'a Plan,
    pub lp: Option<LoadPlan>,
    pub money: MoneyPlan,
    /// Per service of the reference plan: this plan's service of that name (or `u32::MAX`).
    ref_svc: Vec<u32>,
    /// Per cause of this plan: the reference plan's cause of that name (or `u32::MAX`).
    cause_map: Vec<u32>,
}

/// Positions in `to` of the names of `from` (`u32::MAX` when absent).
fn name_map(from: &[String], to: &[String]) -> Vec<u32> {
    from.iter()
        .map(|n| {
            to.iter()
                .position(|m| m == n)
                .map_or(u32::MAX, |i| i as u32)
        })
        .collect()
}

/// The variants of a run, built on first use and shared by every batch.
pub(crate) struct Variants<'a> {
    reference: &'a Plan,
    horizon: f64,
    built: Mutex<Vec<Arc<Variant<'a>>>>,
}

impl<'a> Variants<'a> {
    pub(crate) fn new(reference: &'a Plan, horizon: f64) -> Variants<'a> {
        Variants {
            reference,
            horizon,
            built: Mutex::new(Vec::new()),
        }
    }

    /// The variant of `plan` (built now if no batch needed it before).
    pub(crate) fn get(&self, plan: &'a Plan) -> Arc<Variant<'a>> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = built.iter().find(|v| std::ptr::eq(v.plan, plan)) {
            return v.clone();
        }
        let names =
            |p: &Plan| -> Vec<String> { p.service_names().iter().map(|s| s.to_string()).collect() };
        let (mine, theirs) = (names(plan), names(self.reference));
        let lp = plan
            .scenario()
            .map(|sc| LoadPlan::new(plan, sc, self.horizon));
        let v = Arc::new(Variant {
            plan,
            money: MoneyPlan::new(plan, lp.is_some()),
            lp,
            ref_svc: name_map(&theirs, &mine),
            cause_map: name_map(&plan.cause_names(), &self.reference.cause_names()),
        });
        built.push(v.clone());
        v
    }
}

/// What every batch of a run shares.
pub(crate) struct BatchJob<'a> {
    /// Which plan each trial runs.
    pub src: &'a dyn PlanSource,
    /// The plans' prepared forms.
    pub variants: &'a Variants<'a>,
    /// Hours per trial.
    pub horizon: f64,
    /// The SLA months of the horizon.
    pub months: &'a [(f64, f64)],
    /// Per-trial money × this = per year.
    pub per_year: f64,
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

/// Run batch `b` of a run: trials `b·BATCH_TRIALS ..` up to the run's trial count. Each
/// plan the batch meets gets its own reusable trial state.
pub(crate) fn run_batch(job: &BatchJob, b: u64) -> Acc {
    let reference = job.src.reference();
    let nref = reference.flat.n_service;
    let mut acc = Acc::new(&reference.flat);
    let ref_priced = job.variants.get(reference).money.priced.clone();
    let mut states: Vec<(Arc<Variant>, TrialState)> = Vec::new();
    let mut loss = Vec::new();
    let first = b * BATCH_TRIALS;
    let last = (first + BATCH_TRIALS).min(job.trials);
    let empty = ScopeLoad::default();
    for trial in first..last {
        if (trial - first) % 32 == 31 && job.observer.should_stop() {
            acc.cancelled = true;
            break;
        }
        let plan = job.src.plan_for(trial);
        let vi = match states.iter().position(|(v, _)| std::ptr::eq(v.plan, plan)) {
            Some(i) => i,
            None => {
                states.push((job.variants.get(plan), TrialState::new(&plan.flat)));
                states.len() - 1
            }
        };
        let (v, st) = &mut states[vi];
        let cx = TrialCtx {
            f: &v.plan.flat,
            horizon: job.horizon,
            lp: v.lp.as_ref(),
            months: job.months,
        };
        st.run(&cx, job.seed, trial);
        let o = &st.out;
        acc.trials += 1;
        acc.events += o.events;
        acc.model.push(o.model_down_hours, o.model_outages);
        // Each service's loss; the model's is their sum.
        let mp = &v.money;
        loss.clear();
        loss.extend((0..o.service_down_hours.len()).map(|s| {
            let lost = cx.lp.map_or(0.0, |_| st.load.scopes[s].lost);
            mp.per_hour[s] * o.service_down_hours[s] + mp.per_request[s] * lost
        }));
        let model_loss: f64 = loss.iter().sum();
        let credits = if mp.slas.is_empty() {
            0.0
        } else {
            mp.credits(&o.sla_down, job.months)
        };
        acc.money
            .push(model_loss * job.per_year, credits * job.per_year);
        for (r, a) in acc.services.iter_mut().enumerate() {
            match v.ref_svc[r] {
                u32::MAX => a.push(0.0, 0),
                s => a.push(
                    o.service_down_hours[s as usize],
                    o.service_outages[s as usize],
                ),
            }
        }
        for (r, a) in acc.service_loss.iter_mut().enumerate() {
            if ref_priced[r] {
                let s = v.ref_svc[r];
                a.push(if s == u32::MAX {
                    0.0
                } else {
                    loss[s as usize] * job.per_year
                });
            }
        }
        for &(c, d) in &o.caused {
            if let Some(h) = acc.caused_hours.get_mut(v.cause_map[c as usize] as usize) {
                *h += d;
            }
        }
        let mut requests = Vec::new();
        if let Some(lp) = cx.lp {
            let ns = o.service_down_hours.len();
            for (r, a) in acc.services.iter_mut().enumerate() {
                match v.ref_svc[r] {
                    u32::MAX => a.push_load(&empty, 0.0, 0.0, lp),
                    s => {
                        let s = s as usize;
                        a.push_load(
                            &st.load.scopes[s],
                            lp.offered[s],
                            o.service_down_hours[s],
                            lp,
                        );
                    }
                }
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
                requests.extend((0..nref).map(|r| match v.ref_svc[r] {
                    u32::MAX => empty.counts(0.0),
                    s => st.load.scopes[s as usize].counts(lp.offered[s as usize]),
                }));
            }
        }
        if job.record {
            // The reference service r's value in this variant (zero where it has none).
            fn pick<T: Copy + Default>(ref_svc: &[u32], x: &[T], r: usize) -> T {
                match ref_svc[r] {
                    u32::MAX => T::default(),
                    s => x[s as usize],
                }
            }
            let mut caused: Vec<(u32, f64)> = Vec::new();
            for &(c, d) in &o.caused {
                let c = v.cause_map[c as usize];
                if c == u32::MAX {
                    continue;
                }
                match caused.iter_mut().find(|x| x.0 == c) {
                    Some(x) => x.1 += d,
                    None => caused.push((c, d)),
                }
            }
            caused.sort_by_key(|x| x.0);
            acc.rows.push(TrialRecord {
                trial,
                events: o.events,
                down_hours: o.model_down_hours,
                outages: o.model_outages,
                service_down_hours: (0..nref)
                    .map(|r| pick(&v.ref_svc, &o.service_down_hours, r))
                    .collect(),
                service_outages: (0..nref)
                    .map(|r| pick(&v.ref_svc, &o.service_outages, r))
                    .collect(),
                requests,
                loss: model_loss,
                sla_credits: credits,
                service_loss: (0..nref).map(|r| pick(&v.ref_svc, &loss, r)).collect(),
                caused,
            });
        }
    }
    acc
}
