//! Failover in the general loop: on components with `failover`, `min_up` replicas are
//! active and the rest standbys.
//!
//! When an active replica goes down while a standby is up, the component is down for the
//! switchover time and then runs on the standby; with probability 1 − success the switchover
//! fails and the component stays down until one of its replicas comes back up, which then
//! becomes active. A standby going down costs nothing; with no standby up, the component is
//! down by its k-of-n count as usual. Each component's success draws come from its own
//! stream (`failover:NAME`).

use super::flat::Flat;
use super::switchover::Switchover;
use super::trial::{TrialCtx, TrialState};
use rand::RngExt;

impl TrialState {
    /// A standby of component `c` that is up.
    fn standby(&self, f: &Flat, c: usize) -> Option<usize> {
        f.replicas_of(c)
            .find(|&r| self.domains.is_up(r) && !self.failover.active[r])
    }

    /// Switchovers in progress or failed make one failed input of the component's node.
    fn failover_input(&mut self, cx: &TrialCtx, c: usize, before: u32, now: f64, cause: u32) {
        let after = self.failover.pending(c);
        if before == 0 && after > 0 {
            self.cause = cause;
            self.propagate(cx, c as u32, true, now);
        } else if before > 0 && after == 0 {
            self.propagate(cx, c as u32, false, now);
        }
    }

    /// Active replica `r` of component `c` went down at `now` (started by `cause`).
    pub(super) fn active_lost(&mut self, cx: &TrialCtx, c: usize, r: usize, now: f64, cause: u32) {
        let fo = &mut self.failover;
        fo.active[r] = false;
        fo.n_active[c] -= 1;
        if self.standby(cx.f, c).is_none() {
            return;
        }
        let Some(plan) = cx.f.failover[c] else {
            return;
        };
        let fo = &mut self.failover;
        let before = fo.pending(c);
        if fo.rng[c].random::<f64>() < plan.success_probability {
            if plan.switch_hours > 0.0 {
                fo.switching[c] += 1;
                fo.timers.push(Switchover {
                    ends_hours: now + plan.switch_hours,
                    component: c as u32,
                });
            } else if let Some(s) = self.standby(cx.f, c) {
                self.failover.active[s] = true;
                self.failover.n_active[c] += 1;
            }
        } else {
            fo.stuck[c] += 1;
        }
        self.failover_input(cx, c, before, now, cause);
    }

    /// A switchover of component `c` ends at `now`: a standby that is up becomes active.
    pub(super) fn switch_done(&mut self, cx: &TrialCtx, c: usize, now: f64) {
        let before = self.failover.pending(c);
        self.failover.switching[c] -= 1;
        if let Some(s) = self.standby(cx.f, c) {
            self.failover.active[s] = true;
            self.failover.n_active[c] += 1;
        }
        self.failover_input(cx, c, before, now, c as u32);
    }

    /// Replica `r` of component `c` is effectively up again at `now`.
    pub(super) fn replica_back(&mut self, cx: &TrialCtx, c: usize, r: usize, now: f64) {
        let fo = &mut self.failover;
        if fo.stuck[c] > 0 {
            let before = fo.pending(c);
            fo.stuck[c] -= 1;
            fo.active[r] = true;
            fo.n_active[c] += 1;
            self.failover_input(cx, c, before, now, c as u32);
        } else if fo.n_active[c] < cx.f.comp_k[c] && fo.switching[c] == 0 {
            fo.active[r] = true;
            fo.n_active[c] += 1;
        }
    }
}
