//! One trial: a next-event simulation of every replica over the horizon, propagating
//! availability changes through the dependency graph only when a threshold is crossed.
//!
//! This file holds the trial's state, the fast loop (replicas only: no zones, regions,
//! common causes, failover or load) and the steps both loops share: flipping a clock and
//! rescheduling it, the k-of-n threshold crossing of a component, and the propagation up
//! the graph. The general loop is in `general_loop.rs`, failover in `failover.rs`.

use super::domains::DomainState;
pub(super) use super::flat::time_key;
use super::flat::{Clock, Flat};
use super::load::{LoadPlan, LoadState};
use super::streams::{StreamRng, TrialKey};
use super::switchover::FailoverState;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What every trial of a run shares: the flat model, the horizon and the load plan.
#[derive(Clone, Copy)]
pub(crate) struct TrialCtx<'a> {
    /// The model.
    pub f: &'a Flat,
    /// Hours per trial.
    pub horizon: f64,
    /// With a scenario: the load that is the same in every trial.
    pub lp: Option<&'a LoadPlan>,
    /// The SLA months of the horizon (used when the model has SLAs).
    pub months: &'a [(f64, f64)],
}

/// What one trial produced, for the model and for each service.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrialOutcome {
    /// Hours the model was unavailable.
    pub model_down_hours: f64,
    /// Times the model went from available to unavailable.
    pub model_outages: u32,
    /// Per service: hours unavailable.
    pub service_down_hours: Vec<f64>,
    /// Per service: outages.
    pub service_outages: Vec<u32>,
    /// Replica failures and repairs processed.
    pub events: u64,
    /// Each model outage's (cause, hours), in the order they ended.
    pub caused: Vec<(u32, f64)>,
    /// Per SLA tracker and SLA month (`tracker × months + month`): hours its node was down.
    pub sla_down: Vec<f64>,
}

/// A pending change: (time key, index), where the index is a replica, or (general loop)
/// the replica count plus a unit. Ties in time go to the lower index.
pub(super) type Event = Reverse<(u64, u32)>;

/// Reusable buffers for running trials (one per batch; no allocation per event).
pub(crate) struct TrialState {
    /// One pending change per replica (and per unit in the general loop).
    pub(super) heap: BinaryHeap<Event>,
    /// Per replica: its own clock's state and stream.
    reps: Vec<ReplicaState>,
    /// Per replica: its detection stream (empty when no component has `detect`).
    detect_rng: Vec<StreamRng>,
    /// Per SLA tracker: when its node last went down.
    sla_since: Vec<f64>,
    /// Per component: replicas effectively down.
    pub(super) comp_down: Vec<u32>,
    /// Per node: failed inputs.
    failed: Vec<u32>,
    /// Per node: when it last went down.
    down_since: Vec<f64>,
    /// The cause (component or unit) of the change being propagated.
    pub(super) cause: u32,
    /// The cause of the model's current outage.
    down_since_cause: u32,
    stack: Vec<(u32, bool)>,
    /// The outcome of the last trial.
    pub(crate) out: TrialOutcome,
    /// Zones, regions and common causes (general loop).
    pub(super) domains: DomainState,
    /// Failover (general loop).
    pub(super) failover: FailoverState,
    /// Load accounting (with a scenario).
    pub(crate) load: LoadState,
}

/// One replica's own clock in a trial (kept together: one bounds check and one cache line
/// per event).
struct ReplicaState {
    /// This trial's stream of the replica.
    rng: StreamRng,
    /// Its own state (failure/repair clock), whatever hides it.
    up: bool,
}

/// Flip the clock whose change is at the top of the queue (`up` is its state) at `now`, and
/// schedule its next change from its own stream. Returns whether it failed. The one place
/// where replicas and units alike are flipped and rescheduled.
#[inline(always)]
pub(super) fn flip_top(
    heap: &mut BinaryHeap<Event>,
    up: &mut bool,
    clock: &Clock,
    rng: &mut StreamRng,
    detect: Option<&mut StreamRng>,
    now: f64,
) -> bool {
    let failing = *up;
    *up = !failing;
    let mut next = now + clock.next_hours(failing, rng);
    if failing && let (Some(d), Some(r)) = (&clock.detect, detect) {
        next += d.sample(r);
    }
    if let Some(mut top) = heap.peek_mut() {
        let Reverse((_, idx)) = *top;
        *top = Reverse((time_key(next), idx));
    }
    failing
}

impl TrialState {
    pub(crate) fn new(f: &Flat) -> Self {
        TrialState {
            heap: BinaryHeap::with_capacity(f.rep_comp.len() + f.units.len()),
            reps: Vec::with_capacity(f.rep_comp.len()),
            detect_rng: Vec::with_capacity(f.rep_detect_key.len()),
            sla_since: vec![0.0; f.sla_nodes.len()],
            comp_down: vec![0; f.n_comp],
            failed: vec![0; f.node_max_failed.len()],
            down_since: vec![0.0; f.node_max_failed.len()],
            cause: 0,
            down_since_cause: 0,
            stack: Vec::with_capacity(64),
            out: TrialOutcome {
                service_down_hours: vec![0.0; f.n_service],
                service_outages: vec![0; f.n_service],
                ..Default::default()
            },
            domains: DomainState::new(f),
            failover: FailoverState::new(f),
            load: LoadState::default(),
        }
    }

    /// Run trial `trial` of a run with seed `seed`; the outcome is left in `self.out`.
    pub(crate) fn run(&mut self, cx: &TrialCtx, seed: u64, trial: u64) {
        let key = TrialKey::new(seed, trial);
        self.out.caused.clear();
        if !cx.f.sla_nodes.is_empty() {
            self.out.sla_down.clear();
            self.out
                .sla_down
                .resize(cx.f.sla_nodes.len() * cx.months.len(), 0.0);
        }
        if cx.f.simple && cx.lp.is_none() {
            self.run_fast(cx, &key);
        } else {
            self.run_general(cx, &key, seed, trial);
        }
    }

    /// The fast loop: replicas only.
    fn run_fast(&mut self, cx: &TrialCtx, key: &TrialKey) {
        self.begin(cx.f, key);
        let mut events = 0u64;
        let limit = time_key(cx.horizon);
        while let Some(&Reverse((tk, r))) = self.heap.peek() {
            if tk >= limit {
                break;
            }
            let now = f64::from_bits(tk);
            events += 1;
            let (c, failing) = self.flip_replica(cx.f, r, now);
            if failing {
                self.replica_lost(cx, c, now, c as u32);
            } else {
                self.replica_regained(cx, c, now);
            }
        }
        self.finish(cx, events);
    }

    /// Start a trial: every replica new and up, nothing down, the replicas' streams seeded
    /// for this trial and their first failures scheduled.
    pub(super) fn begin(&mut self, f: &Flat, key: &TrialKey) {
        self.comp_down.fill(0);
        self.failed.fill(0);
        self.out.model_down_hours = 0.0;
        self.out.model_outages = 0;
        self.out.service_down_hours.fill(0.0);
        self.out.service_outages.fill(0);
        self.reps.clear();
        self.reps.extend(f.rep_key.iter().map(|e| ReplicaState {
            rng: key.stream(e),
            up: true,
        }));
        let mut v = std::mem::take(&mut self.heap).into_vec();
        v.clear();
        v.extend(
            f.rep_comp
                .iter()
                .zip(&mut self.reps)
                .enumerate()
                .map(|(r, (&c, rep))| {
                    let t = f.clock[c as usize].failure.sample(&mut rep.rng);
                    Reverse((time_key(t), r as u32))
                }),
        );
        self.heap = BinaryHeap::from(v);
        self.detect_rng.clear();
        self.detect_rng
            .extend(f.rep_detect_key.iter().map(|e| key.stream(e)));
    }

    /// The replica `r` at the top of the queue fails or is repaired at `now`. Returns its
    /// component and whether it failed.
    #[inline(always)]
    pub(super) fn flip_replica(&mut self, f: &Flat, r: u32, now: f64) -> (usize, bool) {
        let ri = r as usize;
        let c = f.rep_comp[ri] as usize;
        let rep = &mut self.reps[ri];
        let clock = &f.clock[c];
        let detect = if clock.detect.is_some() {
            self.detect_rng.get_mut(ri)
        } else {
            None
        };
        let failing = flip_top(
            &mut self.heap,
            &mut rep.up,
            clock,
            &mut rep.rng,
            detect,
            now,
        );
        (c, failing)
    }

    /// One more replica of component `c` is effectively down: when that crosses its k-of-n
    /// threshold, the component goes down, started by `cause`.
    #[inline(always)]
    pub(super) fn replica_lost(&mut self, cx: &TrialCtx, c: usize, now: f64, cause: u32) {
        self.comp_down[c] += 1;
        if self.comp_down[c] == cx.f.comp_max_down[c] + 1 {
            self.cause = cause;
            self.propagate(cx, c as u32, true, now);
        }
    }

    /// One replica of component `c` is effectively up again: when that crosses back over
    /// its k-of-n threshold, the component comes back.
    #[inline(always)]
    pub(super) fn replica_regained(&mut self, cx: &TrialCtx, c: usize, now: f64) {
        if self.comp_down[c] == cx.f.comp_max_down[c] + 1 {
            self.propagate(cx, c as u32, false, now);
        }
        self.comp_down[c] -= 1;
    }

    /// Close the outages still open at the horizon and record the event count.
    pub(super) fn finish(&mut self, cx: &TrialCtx, events: u64) {
        let f = cx.f;
        if let Some(lp) = cx.lp {
            self.load.finish(lp, cx.horizon);
        }
        for n in f.svc_base..f.node_max_failed.len() {
            if self.failed[n] > f.node_max_failed[n] {
                self.record_up(f, n, cx.horizon);
            }
        }
        for (t, &n) in f.sla_nodes.iter().enumerate() {
            let n = n as usize;
            if self.failed[n] > f.node_max_failed[n] {
                self.sla_down(cx, t, cx.horizon);
            }
        }
        self.out.events = events;
    }

    /// Add (`failing`) or remove one failed input of `node` and follow every flip upwards.
    #[inline]
    pub(super) fn propagate(&mut self, cx: &TrialCtx, node: u32, failing: bool, now: f64) {
        let f = cx.f;
        self.stack.push((node, failing));
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
            if !f.node_sla.is_empty() && f.node_sla[n] != u32::MAX {
                let t = f.node_sla[n] as usize;
                if is_up {
                    self.sla_down(cx, t, now);
                } else {
                    self.sla_since[t] = now;
                }
            }
            if n >= f.svc_base {
                if let Some(lp) = cx.lp {
                    self.load.set_up(lp, n - f.svc_base, is_up, now);
                }
                if is_up {
                    self.record_up(f, n, now);
                } else {
                    self.down_since[n] = now;
                    if n == f.root {
                        self.out.model_outages += 1;
                        self.down_since_cause = self.cause;
                    } else {
                        self.out.service_outages[n - f.svc_base] += 1;
                    }
                }
            }
            let (a, b) = (f.parent_start[n] as usize, f.parent_start[n + 1] as usize);
            for &p in &f.parents[a..b] {
                self.stack.push((p, failing));
            }
        }
    }

    /// SLA tracker `t`'s node, down since `sla_since[t]`, comes back at `now`: add the down
    /// hours to the SLA months they fall in.
    fn sla_down(&mut self, cx: &TrialCtx, t: usize, now: f64) {
        let from = self.sla_since[t];
        let nm = cx.months.len();
        let row = &mut self.out.sla_down[t * nm..(t + 1) * nm];
        let first =
            ((from / crate::model::money::SLA_MONTH_HOURS) as usize).min(nm.saturating_sub(1));
        for (i, &(a, b)) in cx.months.iter().enumerate().skip(first) {
            if a >= now {
                break;
            }
            row[i] += (now.min(b) - from.max(a)).max(0.0);
        }
    }

    fn record_up(&mut self, f: &Flat, n: usize, now: f64) {
        let d = now - self.down_since[n];
        if n == f.root {
            self.out.model_down_hours += d;
            self.out.caused.push((self.down_since_cause, d));
        } else {
            self.out.service_down_hours[n - f.svc_base] += d;
        }
    }
}
