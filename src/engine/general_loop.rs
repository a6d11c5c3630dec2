//! The general trial loop: zones, regions and common causes that hide replicas, failover
//! (in `failover.rs`) and load accounting.
//!
//! A replica is effectively down while it has any reason to be: its own failure, its zone or
//! region being down, or a common-cause event that hit it. Its own clocks run on regardless
//! (a zone outage hides a replica; it neither pauses nor repairs it).

use super::flat::Flat;
use super::streams::TrialKey;
use super::trial::{TrialCtx, TrialState, flip_top, time_key};
use rand::RngExt;
use std::cmp::Reverse;

impl TrialState {
    /// Run one trial with zones, regions, common causes, failover or a load scenario.
    pub(super) fn run_general(&mut self, cx: &TrialCtx, key: &TrialKey, seed: u64, trial: u64) {
        let f = cx.f;
        let nr = f.rep_comp.len();
        self.begin(f, key);
        self.domains.reset(f, key);
        self.failover.reset(f, key);
        if let Some(lp) = cx.lp {
            self.load.reset(lp, seed, trial, &self.domains.comp_up);
        }
        let first_unit_events: Vec<_> = f
            .units
            .iter()
            .zip(&mut self.domains.unit_rng)
            .enumerate()
            .map(|(u, (unit, rng))| {
                Reverse((time_key(unit.clock.failure.sample(rng)), (nr + u) as u32))
            })
            .collect();
        self.heap.extend(first_unit_events);
        let mut events = 0u64;
        let limit = time_key(cx.horizon);
        loop {
            let heap_next = self.heap.peek().map_or(u64::MAX, |Reverse((t, _))| *t);
            let timer = self.failover.next_switchover();
            let timer_next = timer.map_or(u64::MAX, |(_, t)| t);
            if heap_next.min(timer_next) >= limit {
                break;
            }
            if let Some((i, _)) = timer.filter(|_| timer_next < heap_next) {
                let done = self.failover.take_switchover(i);
                self.switch_done(cx, done.component as usize, done.ends_hours);
                continue;
            }
            let Some(&Reverse((tk, idx))) = self.heap.peek() else {
                break;
            };
            let now = f64::from_bits(tk);
            events += 1;
            let i = idx as usize;
            if i < nr {
                let (c, failing) = self.flip_replica(f, idx, now);
                self.mask(cx, i, failing, now, c as u32);
            } else {
                self.unit_event(cx, i - nr, now);
            }
        }
        self.finish(cx, events);
    }

    /// Unit `u` (at the top of the queue) goes down or comes back at `now`.
    fn unit_event(&mut self, cx: &TrialCtx, u: usize, now: f64) {
        let unit = &cx.f.units[u];
        let d = &mut self.domains;
        let failing = flip_top(
            &mut self.heap,
            &mut d.unit_up[u],
            &unit.clock,
            &mut d.unit_rng[u],
            Some(&mut d.unit_detect_rng[u]),
            now,
        );
        let cause = (cx.f.n_comp + u) as u32;
        if unit.targets.is_empty() {
            for &r in &unit.replicas {
                self.mask(cx, r as usize, failing, now, cause);
            }
            return;
        }
        if failing {
            self.hit(cx.f, u);
        }
        let hit = std::mem::take(&mut self.domains.hits[u]);
        for &r in &hit {
            self.mask(cx, r as usize, failing, now, cause);
        }
        self.domains.hits[u] = if failing { hit } else { Vec::new() };
    }

    /// Choose the replicas a common-cause event hits (uniformly, per component, each
    /// component from its own stream).
    fn hit(&mut self, f: &Flat, u: usize) {
        let d = &mut self.domains;
        let mut hit = std::mem::take(&mut d.hits[u]);
        hit.clear();
        for (t, target) in f.units[u].targets.iter().enumerate() {
            let rng = &mut d.hit_rng[u][t];
            let replicas = f.replicas_of(target.component as usize);
            let n = replicas.len();
            d.scratch.clear();
            d.scratch.extend(replicas.start as u32..replicas.end as u32);
            for j in 0..target.replicas_hit as usize {
                let pick = rng.random_range(j..n);
                d.scratch.swap(j, pick);
            }
            hit.extend_from_slice(&d.scratch[..target.replicas_hit as usize]);
        }
        d.hits[u] = hit;
    }

    /// Add (`down`) or remove one reason for replica `r` to be down, started by `cause`.
    fn mask(&mut self, cx: &TrialCtx, r: usize, down: bool, now: f64, cause: u32) {
        let f = cx.f;
        let c = f.rep_comp[r] as usize;
        let d = &mut self.domains;
        if down {
            d.reasons[r] += 1;
            if d.reasons[r] != 1 {
                return;
            }
            d.comp_up[c] -= 1;
            if let Some(lp) = cx.lp {
                let was = d.comp_up[c] + 1;
                self.load.capacity_changed(lp, c, was, &d.comp_up, now);
            }
            self.replica_lost(cx, c, now, cause);
            if f.failover[c].is_some() && self.failover.is_active(r) {
                self.active_lost(cx, c, r, now, cause);
            }
        } else {
            d.reasons[r] -= 1;
            if d.reasons[r] != 0 {
                return;
            }
            d.comp_up[c] += 1;
            self.replica_regained(cx, c, now);
            if let Some(lp) = cx.lp {
                let was = self.domains.comp_up[c] - 1;
                self.load
                    .capacity_changed(lp, c, was, &self.domains.comp_up, now);
            }
            if f.failover[c].is_some() {
                self.replica_back(cx, c, r, now);
            }
        }
    }
}
