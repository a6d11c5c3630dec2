//! The general trial loop: zones, regions and common causes that hide replicas, and
//! failover from a failed active replica to a standby.
//!
//! A replica is effectively down while it has any reason to be: its own failure, its zone or
//! region being down, or a common-cause event that hit it. Its own clocks run on regardless
//! (a zone outage hides a replica; it neither pauses nor repairs it).
//!
//! Failover (on components with `failover`): `min_up` replicas are active, the rest standbys.
//! When an active replica goes down while a standby is up, the component is down for the
//! switchover time and then runs on the standby; with probability 1 − success the switchover
//! fails and the component stays down until one of its replicas comes back up, which then
//! becomes active. A standby going down costs nothing; with no standby up, the component is
//! down by its k-of-n count as usual.

use super::load::LoadPlan;
use super::plan::Flat;
use super::streams::TrialKey;
use super::trial::{Load, TrialState, time_key};
use rand::RngExt;
use std::cmp::Reverse;

impl TrialState {
    pub(super) fn run_general(
        &mut self,
        f: &Flat,
        horizon: f64,
        trial_key: &TrialKey,
        caused: &mut [f64],
        load: Load,
    ) {
        let lp = load.map(|(lp, _, _)| lp);
        let nr = f.rep_comp.len();
        self.reasons.fill(0);
        self.unit_up.fill(true);
        for h in &mut self.hits {
            h.clear();
        }
        self.timers.clear();
        self.switching.fill(0);
        self.stuck.fill(0);
        self.active.fill(false);
        for c in 0..f.n_comp {
            if f.failover[c].is_some() {
                let first = f.comp_first[c] as usize;
                self.active[first..first + f.comp_k[c] as usize].fill(true);
                self.n_active[c] = f.comp_k[c];
            }
        }
        for c in 0..f.n_comp {
            self.comp_up[c] = f.comp_max_down[c] + f.comp_k[c];
        }
        if let Some((lp, seed, trial)) = load {
            self.load.reset(lp, seed, trial, &self.comp_up);
        }
        let mut events = 0u64;

        self.begin(f, trial_key, Some(&f.units));
        let limit = time_key(horizon);

        loop {
            let heap_next = self.heap.peek().map_or(u64::MAX, |Reverse((t, _))| *t);
            let (timer_i, timer_next) = self.next_timer();
            if heap_next.min(timer_next) >= limit {
                break;
            }
            if timer_next < heap_next {
                let (now, c) = self.timers.swap_remove(timer_i);
                self.switch_done(f, c as usize, now, caused, lp);
                continue;
            }
            let Some(&Reverse((tk, idx))) = self.heap.peek() else {
                break;
            };
            let now = f64::from_bits(tk);
            events += 1;
            let i = idx as usize;
            if i < nr {
                let (c, failing) = self.toggle_replica(f, idx, now);
                self.mask(f, i, failing, now, c as u32, caused, lp);
            } else {
                let u = i - nr;
                let unit = &f.units[u];
                let failing = self.unit_up[u];
                self.unit_up[u] = !failing;
                let rng = &mut self.unit_rng[u];
                let next = now
                    + if failing {
                        unit.repair.sample(rng)
                    } else {
                        unit.failure.sample(rng)
                    };
                if let Some(mut top) = self.heap.peek_mut() {
                    *top = Reverse((time_key(next), idx));
                }
                let cause = (f.n_comp + u) as u32;
                if !unit.targets.is_empty() {
                    if failing {
                        self.hit(f, u);
                    }
                    let hit = std::mem::take(&mut self.hits[u]);
                    for &r in &hit {
                        self.mask(f, r as usize, failing, now, cause, caused, lp);
                    }
                    self.hits[u] = if failing { hit } else { Vec::new() };
                } else {
                    for &r in &unit.replicas {
                        self.mask(f, r as usize, failing, now, cause, caused, lp);
                    }
                }
            }
        }
        self.finish(f, horizon, events, caused, lp);
    }

    fn next_timer(&self) -> (usize, u64) {
        let mut best = (0, u64::MAX);
        for (i, &(t, _)) in self.timers.iter().enumerate() {
            if time_key(t) < best.1 {
                best = (i, time_key(t));
            }
        }
        best
    }

    /// Choose the replicas a common-cause event hits (uniformly, per component, each
    /// component from its own stream).
    fn hit(&mut self, f: &Flat, u: usize) {
        let mut hit = std::mem::take(&mut self.hits[u]);
        hit.clear();
        for (t, &(c, n_hit)) in f.units[u].targets.iter().enumerate() {
            let rng = &mut self.hit_rng[u][t];
            let first = f.comp_first[c as usize];
            let n = f.comp_max_down[c as usize] + f.comp_k[c as usize];
            self.scratch.clear();
            self.scratch.extend(first..first + n);
            for j in 0..n_hit as usize {
                let pick = rng.random_range(j..n as usize);
                self.scratch.swap(j, pick);
            }
            hit.extend_from_slice(&self.scratch[..n_hit as usize]);
        }
        self.hits[u] = hit;
    }

    /// Add (`down`) or remove one reason for replica `r` to be down.
    #[allow(clippy::too_many_arguments)]
    fn mask(
        &mut self,
        f: &Flat,
        r: usize,
        down: bool,
        now: f64,
        cause: u32,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        let c = f.rep_comp[r] as usize;
        if down {
            self.reasons[r] += 1;
            if self.reasons[r] != 1 {
                return;
            }
            self.comp_down[c] += 1;
            self.comp_up[c] -= 1;
            if let Some(lp) = lp {
                self.load
                    .capacity_changed(lp, lp.scopes_of(c), &self.comp_up, now);
            }
            if self.comp_down[c] == f.comp_max_down[c] + 1 {
                self.cause = cause;
                self.propagate(f, c as u32, true, now, caused, lp);
            }
            if f.failover[c].is_some() && self.active[r] {
                self.active_lost(f, c, r, now, cause, caused, lp);
            }
        } else {
            self.reasons[r] -= 1;
            if self.reasons[r] != 0 {
                return;
            }
            if self.comp_down[c] == f.comp_max_down[c] + 1 {
                self.propagate(f, c as u32, false, now, caused, lp);
            }
            self.comp_down[c] -= 1;
            self.comp_up[c] += 1;
            if let Some(lp) = lp {
                self.load
                    .capacity_changed(lp, lp.scopes_of(c), &self.comp_up, now);
            }
            if f.failover[c].is_some() {
                self.replica_back(f, c, r, now, caused, lp);
            }
        }
    }

    fn standby(&self, f: &Flat, c: usize) -> Option<usize> {
        let first = f.comp_first[c] as usize;
        let n = (f.comp_max_down[c] + f.comp_k[c]) as usize;
        (first..first + n).find(|&r| self.reasons[r] == 0 && !self.active[r])
    }

    /// Switchovers in progress or failed make one failed input of the component's node.
    #[allow(clippy::too_many_arguments)]
    fn failover_input(
        &mut self,
        f: &Flat,
        c: usize,
        before: u32,
        now: f64,
        cause: u32,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        let after = self.switching[c] + self.stuck[c];
        if before == 0 && after > 0 {
            self.cause = cause;
            self.propagate(f, c as u32, true, now, caused, lp);
        } else if before > 0 && after == 0 {
            self.propagate(f, c as u32, false, now, caused, lp);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn active_lost(
        &mut self,
        f: &Flat,
        c: usize,
        r: usize,
        now: f64,
        cause: u32,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        self.active[r] = false;
        self.n_active[c] -= 1;
        if self.standby(f, c).is_none() {
            return;
        }
        let Some((hours, success)) = f.failover[c] else {
            return;
        };
        let before = self.switching[c] + self.stuck[c];
        if self.failover_rng[c].random::<f64>() < success {
            if hours > 0.0 {
                self.switching[c] += 1;
                self.timers.push((now + hours, c as u32));
            } else if let Some(s) = self.standby(f, c) {
                self.active[s] = true;
                self.n_active[c] += 1;
            }
        } else {
            self.stuck[c] += 1;
        }
        self.failover_input(f, c, before, now, cause, caused, lp);
    }

    fn switch_done(
        &mut self,
        f: &Flat,
        c: usize,
        now: f64,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        let before = self.switching[c] + self.stuck[c];
        self.switching[c] -= 1;
        if let Some(s) = self.standby(f, c) {
            self.active[s] = true;
            self.n_active[c] += 1;
        }
        self.failover_input(f, c, before, now, c as u32, caused, lp);
    }

    fn replica_back(
        &mut self,
        f: &Flat,
        c: usize,
        r: usize,
        now: f64,
        caused: &mut [f64],
        lp: Option<&LoadPlan>,
    ) {
        if self.stuck[c] > 0 {
            let before = self.switching[c] + self.stuck[c];
            self.stuck[c] -= 1;
            self.active[r] = true;
            self.n_active[c] += 1;
            self.failover_input(f, c, before, now, c as u32, caused, lp);
        } else if self.n_active[c] < f.comp_k[c] && self.switching[c] == 0 {
            self.active[r] = true;
            self.n_active[c] += 1;
        }
    }
}
