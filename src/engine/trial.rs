//! One trial: a next-event simulation of every replica over the horizon, propagating
//! availability changes through the dependency graph only when a threshold is crossed.

use super::load::{LoadPlan, LoadState};
use super::plan::Flat;
use super::streams::{StreamRng, TrialKey};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
}

/// Reusable buffers for running trials (one per batch; no allocation per event).
pub(crate) struct TrialState {
    pub(super) heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// Own state of each replica (its failure/repair clock).
    pub(super) up: Vec<bool>,
    /// Per component: replicas effectively down.
    pub(super) comp_down: Vec<u32>,
    pub(super) failed: Vec<u32>,
    pub(super) down_since: Vec<f64>,
    /// The cause (component or unit) of the change being propagated.
    pub(super) cause: u32,
    pub(super) down_since_cause: u32,
    pub(super) stack: Vec<(u32, bool)>,
    pub(crate) out: TrialOutcome,
    /// Per replica: reasons it is down (own failure, its zone, its region, common causes).
    pub(super) reasons: Vec<u16>,
    /// Per unit (zone, region, common cause): up (no outage or event in progress).
    pub(super) unit_up: Vec<bool>,
    /// Per common-cause unit: the replicas its current event hit.
    pub(super) hits: Vec<Vec<u32>>,
    /// Failover: per replica, whether it is active (not a standby).
    pub(super) active: Vec<bool>,
    /// Failover: per component, active replicas.
    pub(super) n_active: Vec<u32>,
    /// Failover: per component, switchovers in progress and failed ones waiting.
    pub(super) switching: Vec<u32>,
    pub(super) stuck: Vec<u32>,
    /// Failover: ends of switchovers in progress (hours, component).
    pub(super) timers: Vec<(f64, u32)>,
    pub(super) scratch: Vec<u32>,
    /// Per component: replicas effectively up (kept with a scenario).
    pub(super) comp_up: Vec<u32>,
    /// Load accounting (with a scenario).
    pub(crate) load: LoadState,
    /// This trial's stream of each replica.
    pub(super) rep_rng: Vec<StreamRng>,
    /// This trial's timing stream of each unit.
    pub(super) unit_rng: Vec<StreamRng>,
    /// Per common-cause unit, per target component: the stream of which replicas it hits.
    pub(super) hit_rng: Vec<Vec<StreamRng>>,
    /// Per component: the stream of its failover decisions.
    pub(super) failover_rng: Vec<StreamRng>,
}

/// The load plan of a run with a scenario, with the run's seed and the trial's index.
pub(crate) type Load<'a> = Option<(&'a LoadPlan, u64, u64)>;

/// Encode a non-negative time so that integer order is time order.
#[inline(always)]
pub(super) fn time_key(t: f64) -> u64 {
    t.to_bits()
}

impl TrialState {
    pub(crate) fn new(f: &Flat) -> Self {
        TrialState {
            heap: BinaryHeap::with_capacity(f.rep_comp.len()),
            up: vec![true; f.rep_comp.len()],
            comp_down: vec![0; f.n_comp],
            failed: vec![0; f.node_max_failed.len()],
            down_since: vec![0.0; f.node_max_failed.len()],
            cause: 0,
            down_since_cause: 0,
            stack: Vec::with_capacity(64),
            reasons: vec![0; f.rep_comp.len()],
            unit_up: vec![true; f.units.len()],
            hits: vec![Vec::new(); f.units.len()],
            active: vec![false; f.rep_comp.len()],
            n_active: vec![0; f.n_comp],
            switching: vec![0; f.n_comp],
            stuck: vec![0; f.n_comp],
            timers: Vec::new(),
            scratch: Vec::new(),
            comp_up: vec![0; f.n_comp],
            load: LoadState::default(),
            rep_rng: Vec::with_capacity(f.rep_comp.len()),
            unit_rng: Vec::with_capacity(f.units.len()),
            hit_rng: vec![Vec::new(); f.units.len()],
            failover_rng: Vec::with_capacity(f.n_comp),
            out: TrialOutcome {
                service_down_hours: vec![0.0; f.n_service],
                service_outages: vec![0; f.n_service],
                ..Default::default()
            },
        }
    }

    /// Run one trial; the outcome is left in `self.out` and caused downtime is added to
    /// `caused` (hours per component, for the model's outages).
    pub(crate) fn run(
        &mut self,
        f: &Flat,
        horizon: f64,
        key: &TrialKey,
        caused: &mut [f64],
        load: Load,
    ) {
        if !f.simple || load.is_some() {
            self.run_general(f, horizon, key, caused, load);
            return;
        }
        self.begin(f, key, None);
        let mut events = 0u64;
        let limit = time_key(horizon);

        while let Some(&Reverse((tk, r))) = self.heap.peek() {
            if tk >= limit {
                break;
            }
            let now = f64::from_bits(tk);
            events += 1;
            let (c, failing) = self.toggle_replica(f, r, now);
            if failing {
                self.comp_down[c] += 1;
                if self.comp_down[c] == f.comp_max_down[c] + 1 {
                    self.cause = c as u32;
                    self.propagate(f, c as u32, true, now, caused, None);
                }
            } else {
                if self.comp_down[c] == f.comp_max_down[c] + 1 {
                    self.propagate(f, c as u32, false, now, caused, None);
                }
                self.comp_down[c] -= 1;
            }
        }
        self.finish(f, horizon, events, caused, None);
    }

    /// Start a trial: every replica new and up, nothing down, the replicas' streams seeded
    /// for this trial and their first failures scheduled (then, with `units`, the units'
    /// streams too and one event per unit).
    pub(super) fn begin(&mut self, f: &Flat, key: &TrialKey, units: Option<&[super::plan::Unit]>) {
        self.up.fill(true);
        self.comp_down.fill(0);
        self.failed.fill(0);
        self.out.model_down_hours = 0.0;
        self.out.model_outages = 0;
        self.out.service_down_hours.fill(0.0);
        self.out.service_outages.fill(0);
        let nr = f.rep_comp.len();
        self.rep_rng.clear();
        self.rep_rng.extend(f.rep_key.iter().map(|e| key.stream(e)));
        let mut v = std::mem::take(&mut self.heap).into_vec();
        v.clear();
        v.extend(
            f.rep_comp
                .iter()
                .zip(&mut self.rep_rng)
                .enumerate()
                .map(|(r, (&c, rng))| {
                    Reverse((time_key(f.failure[c as usize].sample(rng)), r as u32))
                }),
        );
        if let Some(units) = units {
            self.unit_rng.clear();
            self.unit_rng
                .extend(units.iter().map(|u| key.stream(&u.key)));
            for (streams, unit) in self.hit_rng.iter_mut().zip(units) {
                streams.clear();
                streams.extend(unit.hit_keys.iter().map(|e| key.stream(e)));
            }
            self.failover_rng.clear();
            self.failover_rng
                .extend(f.failover_key.iter().map(|e| key.stream(e)));
            v.extend(
                units
                    .iter()
                    .zip(&mut self.unit_rng)
                    .enumerate()
                    .map(|(u, (unit, rng))| {
                        Reverse((time_key(unit.failure.sample(rng)), (nr + u) as u32))
                    }),
            );
        }
        self.heap = BinaryHeap::from(v);
    }

    /// The replica at the top of the queue fails or is repaired at `now`: flip its own state
    /// and schedule its next event. Returns its component and whether it failed.
    #[inline(always)]
    pub(super) fn toggle_replica(&mut self, f: &Flat, r: u32, now: f64) -> (usize, bool) {
        let ri = r as usize;
        let c = f.rep_comp[ri] as usize;
        let failing = self.up[ri];
        self.up[ri] = !failing;
        let rng = &mut self.rep_rng[ri];
        let next = now
            + if failing {
                f.repair[c].sample(rng)
            } else {
                f.failure[c].sample(rng)
            };
        if let Some(mut top) = self.heap.peek_mut() {
            *top = Reverse((time_key(next), r));
        }
        (c, failing)
    }

    /// Close the outages still open at the horizon and record the event count.
    pub(super) fn finish(
        &mut self,
        f: &Flat,
        horizon: f64,
        events: u64,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        if let Some(lp) = lp {
            self.load.finish(lp, horizon);
        }
        for n in f.svc_base..f.node_max_failed.len() {
            if self.failed[n] > f.node_max_failed[n] {
                self.record_up(f, n, horizon, caused);
            }
        }
        self.out.events = events;
    }

    /// Add (`failing`) or remove one failed input of `node` and follow every flip upwards.
    #[inline]
    pub(super) fn propagate(
        &mut self,
        f: &Flat,
        node: u32,
        failing: bool,
        now: f64,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
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
            if n >= f.svc_base {
                if let Some(lp) = lp {
                    self.load.set_up(lp, n - f.svc_base, is_up, now);
                }
                if is_up {
                    self.record_up(f, n, now, caused);
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

    fn record_up(&mut self, f: &Flat, n: usize, now: f64, caused: &mut [f64]) {
        let d = now - self.down_since[n];
        if n == f.root {
            self.out.model_down_hours += d;
            caused[self.down_since_cause as usize] += d;
        } else {
            self.out.service_down_hours[n - f.svc_base] += d;
        }
    }
}
