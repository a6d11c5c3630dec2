//! The failure-biasing trial loop (method in `rare.rs`): the plain timeline of each trial,
//! a biased excursion from every exit of the all-up state, batches and their results.

use super::batch::{Acc, BatchJob, ScopeAcc};
use super::flat::Flat;
use super::rare::{BiasPlan, Chosen, DEGRADED_SHARE, FAILURE_BEFORE_REPAIR, TILT_BUDGET};
use super::streams::{StreamRng, TrialKey};
use super::trial::{TrialCtx, TrialState, time_key};
use super::{RunResults, ScopeResult};
use crate::stats::{Estimate, FEW_TRIALS_WITH_DOWNTIME, Moments, downtime_interval};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Reusable buffers of the biased excursions of one batch, and one trial's weighted sums.
struct Excursions {
    /// Per component: own replicas down.
    d: Vec<u32>,
    /// Per graph node: failed inputs.
    failed: Vec<u32>,
    /// Pending repairs: (time key, component).
    repairs: BinaryHeap<Reverse<(u64, u32)>>,
    stack: Vec<(u32, bool)>,
    /// Per component: this step's failure rate of one up replica under the biased law.
    rate: Vec<f64>,
    /// Per scope (model, then services): whether it is down now.
    scope_down: Vec<bool>,
    /// Per scope: weighted hours down in this trial.
    down: Vec<f64>,
    /// Per scope: weighted outages in this trial.
    outages: Vec<f64>,
    /// Per cause (components): weighted model downtime each started, summed over trials.
    caused: Vec<f64>,
    /// The component that started the model's current outage.
    down_cause: u32,
    /// Failures and repairs processed in excursions of this trial.
    events: u64,
    /// This trial's excursion stream.
    rng: StreamRng,
}

impl Excursions {
    fn new(f: &Flat) -> Excursions {
        let scopes = 1 + f.n_service;
        Excursions {
            d: vec![0; f.n_comp],
            failed: vec![0; f.node_max_failed.len()],
            repairs: BinaryHeap::new(),
            stack: Vec::with_capacity(64),
            rate: vec![0.0; f.n_comp],
            scope_down: vec![false; scopes],
            down: vec![0.0; scopes],
            outages: vec![0.0; scopes],
            caused: vec![0.0; f.n_comp + f.units.len()],
            down_cause: 0,
            events: 0,
            rng: StreamRng::from_state([1, 2, 3, 4]),
        }
    }

    /// Start a trial: zero its sums and seed its excursion stream.
    fn begin_trial(&mut self, bp: &BiasPlan, key: &TrialKey) {
        self.down.fill(0.0);
        self.outages.fill(0.0);
        self.events = 0;
        self.rng = key.stream(&bp.key);
    }

    /// Scope index of graph node `n`, if it is the model or a service.
    fn scope_of(f: &Flat, n: usize) -> Option<usize> {
        if n == f.root {
            Some(0)
        } else if n >= f.svc_base {
            Some(1 + n - f.svc_base)
        } else {
            None
        }
    }

    /// Component `c` goes down (`failing`) or comes back at weight `l`; follow every flip
    /// up the graph, counting weighted outages.
    fn propagate(&mut self, f: &Flat, c: u32, failing: bool, l: f64) {
        self.stack.push((c, failing));
        while let Some((n, failing)) = self.stack.pop() {
            let n = n as usize;
            let max = f.node_max_failed[n];
            let was_up = self.failed[n] <= max;
            if failing {
                self.failed[n] += 1;
            } else {
                self.failed[n] -= 1;
            }
            let is_up = self.failed[n] <= max;
            if was_up == is_up {
                continue;
            }
            if let Some(s) = Self::scope_of(f, n) {
                self.scope_down[s] = !is_up;
                if !is_up {
                    self.outages[s] += l;
                    if s == 0 {
                        self.down_cause = c;
                    }
                }
            }
            let (a, b) = (f.parent_start[n] as usize, f.parent_start[n + 1] as usize);
            for &p in &f.parents[a..b] {
                self.stack.push((p, failing));
            }
        }
    }

    /// One replica of component `c` fails at `now` (weight `l` after the failure).
    fn fail(&mut self, f: &Flat, bp: &BiasPlan, c: usize, now: f64, l: f64) {
        self.d[c] += 1;
        let b = &bp.comps[c];
        let detect = b.detect.as_ref().map_or(0.0, |d| d.sample(&mut self.rng));
        let t = now + detect + b.repair.sample(&mut self.rng);
        self.repairs.push(Reverse((time_key(t), c as u32)));
        if self.d[c] == f.comp_max_down[c] + 1 {
            self.propagate(f, c as u32, true, l);
        }
    }

    /// This step's biased failure rates (in `self.rate`), `to_repair` hours before the next
    /// repair completes; returns (Λ′, Λ′ − Λ).
    fn rates(&mut self, bp: &BiasPlan, biasing: bool, to_repair: f64) -> (f64, f64) {
        let mut total = 0.0;
        if !biasing {
            for (r, b) in self.rate.iter_mut().zip(&bp.comps) {
                *r = b.lambda;
            }
            for (b, &d) in bp.comps.iter().zip(&self.d) {
                total += f64::from(b.n - d) * b.lambda;
            }
            return (total, 0.0);
        }
        // True rate of the biased replicas, and how many up replicas each biased set holds
        // (degraded components, untouched ones).
        let (mut biased_true, mut n_deg, mut n_new) = (0.0, 0u32, 0u32);
        for (b, &d) in bp.comps.iter().zip(&self.d) {
            let up = b.n - d;
            if b.max_down > 0 && d <= b.max_down && up > 0 {
                biased_true += f64::from(up) * b.lambda;
                if d > 0 {
                    n_deg += up;
                } else {
                    n_new += up;
                }
            }
        }
        // A failure before the next repair completes (its time is known: repair times are
        // drawn when a replica fails) gets probability FAILURE_BEFORE_REPAIR, however long
        // that repair is, so a long repair does not pile up likelihood ratio.
        let hazard = -(1.0 - FAILURE_BEFORE_REPAIR).ln();
        let wanted = if to_repair > 1e-9 && to_repair.is_finite() {
            hazard / to_repair
        } else {
            0.0
        };
        let target = wanted.max(biased_true);
        let (share_deg, share_new) = match (n_deg, n_new) {
            (0, 0) => (0.0, 0.0),
            (0, n) => (0.0, target / f64::from(n)),
            (n, 0) => (target / f64::from(n), 0.0),
            (a, b) => (
                DEGRADED_SHARE * target / f64::from(a),
                (1.0 - DEGRADED_SHARE) * target / f64::from(b),
            ),
        };
        let mut extra = 0.0;
        for ((r, b), &d) in self.rate.iter_mut().zip(&bp.comps).zip(&self.d) {
            let up = f64::from(b.n - d);
            *r = if b.max_down > 0 && d <= b.max_down && b.n > d {
                b.lambda.max(if d > 0 { share_deg } else { share_new })
            } else {
                b.lambda
            };
            total += up * *r;
            extra += up * (*r - b.lambda);
        }
        (total, extra)
    }

    /// The biased excursion that starts when a replica of component `c0` fails at `start`
    /// (every other replica up), until every replica is up again or `end`; adds its weighted
    /// downtime and outages to this trial's sums.
    fn run(&mut self, f: &Flat, bp: &BiasPlan, c0: usize, start: f64, end: f64) {
        self.d.fill(0);
        self.failed.fill(0);
        self.scope_down.fill(false);
        self.repairs.clear();
        let (mut now, mut l, mut used) = (start, 1.0f64, 0.0f64);
        let mut n_down = 1u32;
        self.fail(f, bp, c0, now, l);
        loop {
            let biasing = !self.scope_down[0] && used < TILT_BUDGET;
            let t_rep = self
                .repairs
                .peek()
                .map_or(f64::INFINITY, |Reverse((t, _))| f64::from_bits(*t));
            let (total, extra) = self.rates(bp, biasing, t_rep - now);
            let t_fail = if total > 0.0 {
                let e: f64 = Exp1.sample(&mut self.rng);
                now + e / total
            } else {
                f64::INFINITY
            };
            let t_budget = if extra > 0.0 {
                now + (TILT_BUDGET - used) / extra
            } else {
                f64::INFINITY
            };
            let t = t_fail.min(t_rep).min(t_budget).min(end);
            let dt = t - now;
            if self.scope_down[0] {
                // Biasing is off while the model is down, so L is constant here.
                let w = l * dt;
                for (acc, &down) in self.down.iter_mut().zip(&self.scope_down) {
                    if down {
                        *acc += w;
                    }
                }
                self.caused[self.down_cause as usize] += w;
            }
            l *= (extra * dt).exp();
            used += extra * dt;
            now = t;
            if t >= end {
                return;
            }
            if t == t_budget && t < t_rep && t < t_fail {
                used = TILT_BUDGET;
                continue;
            }
            self.events += 1;
            if t_rep <= t_fail {
                let Some(Reverse((_, c))) = self.repairs.pop() else {
                    return;
                };
                let c = c as usize;
                if self.d[c] == f.comp_max_down[c] + 1 {
                    self.propagate(f, c as u32, false, l);
                }
                self.d[c] -= 1;
                n_down -= 1;
                if n_down == 0 {
                    return;
                }
            } else {
                let c = self.pick(bp, total);
                l *= bp.comps[c].lambda / self.rate[c];
                n_down += 1;
                self.fail(f, bp, c, now, l);
            }
        }
    }

    /// Which component's replica fails, with probability (up replicas × biased rate) / Λ′.
    fn pick(&mut self, bp: &BiasPlan, total: f64) -> usize {
        let mut x = self.rng.random::<f64>() * total;
        let mut last = 0;
        for (c, (b, &r)) in bp.comps.iter().zip(&self.rate).enumerate() {
            let w = f64::from(b.n - self.d[c]) * r;
            if w > 0.0 {
                last = c;
                if x < w {
                    return c;
                }
                x -= w;
            }
        }
        last
    }
}

/// Run batch `b` with failure biasing. The result holds the weighted statistics (means,
/// standard errors, outages, causes and money means) with the plain timeline's quantile
/// sketches (downtime and money p50/p90/p99 have the true law), and in `plain` the plain
/// timeline's own statistics (for an honest interval when no excursion saw downtime).
pub(crate) fn run_batch(job: &BatchJob, bp: &BiasPlan, b: u64) -> Acc {
    let plan = job.src.reference();
    let f = &plan.flat;
    let variant = job.variants.get(plan);
    let mp = &variant.money;
    let cx = TrialCtx {
        f,
        horizon: job.horizon,
        lp: None,
        months: job.months,
    };
    let mut w = Acc::new(f);
    let mut p = Acc::new(f);
    let mut st = TrialState::new(f);
    let mut ex = Excursions::new(f);
    let first = b * super::BATCH_TRIALS;
    let last = (first + super::BATCH_TRIALS).min(job.trials);
    for trial in first..last {
        if (trial - first) % 32 == 31 && job.observer.should_stop() {
            w.cancelled = true;
            break;
        }
        let key = TrialKey::new(job.seed, trial);
        ex.begin_trial(bp, &key);
        let events = timeline(&mut st, &mut ex, &cx, bp, &key);
        let o = &st.out;
        w.trials += 1;
        p.trials += 1;
        w.events += events + ex.events;
        p.events += events;
        push(&mut w.model, ex.down[0], ex.outages[0], o.model_down_hours);
        p.model.push(o.model_down_hours, o.model_outages);
        let (mut loss_w, mut loss_p) = (0.0, 0.0);
        for s in 0..f.n_service {
            let (dw, dp) = (ex.down[1 + s], o.service_down_hours[s]);
            push(&mut w.services[s], dw, ex.outages[1 + s], dp);
            p.services[s].push(dp, o.service_outages[s]);
            let (lw, lp) = (mp.per_hour[s] * dw, mp.per_hour[s] * dp);
            loss_w += lw;
            loss_p += lp;
            if mp.priced[s] {
                w.service_loss[s].push_split(lw * job.per_year, lp * job.per_year);
                p.service_loss[s].push(lp * job.per_year);
            }
        }
        w.money
            .push_split(loss_w * job.per_year, loss_p * job.per_year);
        p.money.push(loss_p * job.per_year, 0.0);
        for &(c, d) in &o.caused {
            if let Some(h) = p.caused_hours.get_mut(c as usize) {
                *h += d;
            }
        }
    }
    for (a, x) in w.caused_hours.iter_mut().zip(&ex.caused) {
        *a += x;
    }
    w.plain = Some(Box::new(p));
    w
}

/// Add one trial's weighted downtime and outages to a scope, with the plain timeline's
/// downtime for the quantile sketch.
fn push(a: &mut ScopeAcc, down: f64, outages: f64, plain_down: f64) {
    a.downtime.push(down);
    a.trials_with_downtime += u64::from(down > 0.0);
    a.outages.push(outages);
    a.sketch.push(plain_down);
}

/// One trial's plain timeline (the fast loop, with the plain run's streams), starting a
/// biased excursion wherever it leaves the all-up state. Returns the timeline's events.
fn timeline(
    st: &mut TrialState,
    ex: &mut Excursions,
    cx: &TrialCtx,
    bp: &BiasPlan,
    key: &TrialKey,
) -> u64 {
    let f = cx.f;
    st.out.caused.clear();
    st.begin(f, key);
    let mut events = 0u64;
    let mut n_down = 0u32;
    let limit = time_key(cx.horizon);
    while let Some(&Reverse((tk, r))) = st.heap.peek() {
        if tk >= limit {
            break;
        }
        let now = f64::from_bits(tk);
        events += 1;
        let (c, failing) = st.flip_replica(f, r, now);
        if failing {
            if n_down == 0 {
                ex.run(f, bp, c, now, cx.horizon);
            }
            n_down += 1;
            st.replica_lost(cx, c, now, c as u32);
        } else {
            n_down -= 1;
            st.replica_regained(cx, c, now);
        }
    }
    st.finish(cx, events);
    events
}

/// Kish's effective sample size of non-negative per-trial values: (Σy)² / Σy².
pub(crate) fn effective_trials(m: &Moments) -> f64 {
    let n = m.n as f64;
    let sum_sq = m.m2 + n * m.mean * m.mean;
    if sum_sq > 0.0 {
        (n * m.mean).powi(2) / sum_sq
    } else {
        0.0
    }
}

/// Finishing a run's results lives beside the weighted loop whose fold it reads.
impl Chosen {
    /// Put the method and its note into results built from this run's fold, and (biasing)
    /// turn the weighted fold's figures into honest intervals.
    pub(crate) fn finish(&self, r: &mut RunResults, total: &Acc) {
        if self.bias.is_some() {
            finish_results(r, total);
        }
        r.method = self.method;
        r.method_note = self.note.clone();
    }
}

/// Turn results built from a weighted fold (`w`, with the plain timeline's in `w.plain`)
/// into honest ones: the normal interval of the weighted per-trial values, with their
/// effective sample size; where no excursion saw downtime, the plain timeline's interval
/// (a one-sided bound or a small-count one) and its count of trials with downtime.
pub(crate) fn finish_results(r: &mut RunResults, w: &Acc) {
    let h = r.horizon_hours;
    let plain = w.plain.as_deref();
    let fix = |s: &mut ScopeResult, wa: &ScopeAcc, pa: Option<&ScopeAcc>| {
        let (d, interval) = match pa {
            Some(pa) if wa.trials_with_downtime == 0 => {
                s.trials_with_downtime = pa.trials_with_downtime;
                downtime_interval(&pa.downtime, pa.trials_with_downtime, h)
            }
            _ => {
                let e = wa.downtime.summary();
                s.effective_trials = Some(effective_trials(&wa.downtime));
                (
                    Estimate {
                        ci95: [e.ci95[0].clamp(0.0, h), e.ci95[1].clamp(0.0, h)],
                        ..e
                    },
                    crate::stats::IntervalMethod::Normal,
                )
            }
        };
        s.downtime_hours = d;
        s.availability = d.affine(1.0, -1.0 / h);
        s.interval = interval;
    };
    fix(&mut r.model, &w.model, plain.map(|p| &p.model));
    for (i, ((_, s), wa)) in r.services.iter_mut().zip(&w.services).enumerate() {
        fix(s, wa, plain.and_then(|p| p.services.get(i)));
    }
}

/// Whether an effective sample size is small enough to flag.
pub(crate) fn few_effective(e: f64) -> bool {
    e < FEW_TRIALS_WITH_DOWNTIME as f64
}
