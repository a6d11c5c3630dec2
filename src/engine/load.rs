//! Offered load and capacity during a trial (with a scenario): requests served and lost,
//! hours in overload, and availability on peak days against normal days.
//!
//! Each service gets `load_share` of the scenario's offered load L(t) (requests/s, hourly
//! steps, times a day-to-day random factor). A component's offered load is the sum of the
//! shares of the services that need it (directly or through dependencies and groups) times
//! L(t); its healthy capacity is the USL throughput of its replicas that are up. A service
//! serves min(1, min over its components of capacity / offered) of its requests while it is
//! available and none while it is down; the excess requests fail (degraded, not down).

mod plan;

pub(crate) use plan::LoadPlan;
use plan::{ceil_index, floor_index, room};

/// Per-trial load accounting for one scope (a service, or the model).
#[derive(Debug, Clone, Default)]
pub(crate) struct ScopeLoad {
    since: f64,
    /// Capacity in units of the total offered load (requests/s of L).
    room: f64,
    up: bool,
    down_since: f64,
    /// Every room of at least `cold_room` fits every hour at the largest daily factor from
    /// the day this was worked out up to hour `cold_until`: an up span inside it with such a
    /// room adds nothing and is not walked (`cold_until` is −∞ when no such run is known).
    cold_room: f64,
    cold_until: f64,
    /// Requests lost.
    pub lost: f64,
    /// Hours available but unable to serve every request.
    pub overload_hours: f64,
    /// Hours unavailable during peak events.
    pub peak_down_hours: f64,
}

/// A span of one scope's accounting: start and end hours, room (as bits; 0 for a down span,
/// whose loss does not depend on it) and whether up.
type SpanKey = (f64, f64, u64, bool);

/// Per-trial load state.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadState {
    key: u64,
    factors: Vec<f64>,
    /// The last span worked out, `(t0, now, room, up)`, and what it came to per unit of
    /// share `(lost, overload hours)`: scopes whose room follows the same components
    /// change together and settle the same span, which is then not walked again.
    memo: Option<(SpanKey, (f64, f64))>,
    /// Services, then the model.
    pub scopes: Vec<ScopeLoad>,
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl LoadState {
    /// Start a trial: every replica up, nothing lost yet.
    pub(crate) fn reset(&mut self, lp: &LoadPlan, seed: u64, trial: u64, comp_up: &[u32]) {
        self.key =
            mix(seed ^ trial.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x4C4F_4144);
        self.factors.clear();
        self.factors.resize(lp.day_max.len(), f64::NAN);
        self.memo = None;
        self.scopes.clear();
        self.scopes.resize(
            lp.scope_comps.len(),
            ScopeLoad {
                up: true,
                cold_until: f64::NEG_INFINITY,
                ..Default::default()
            },
        );
        for s in 0..self.scopes.len() {
            self.scopes[s].room = room(lp, s, comp_up);
        }
    }

    /// Work out scope `s`'s cold run for rooms of at least `room` from the day of `now`:
    /// nothing when that day is already too hot, the run it has when the room still fits it
    /// (both O(1)), and otherwise a walk of the sparse table.
    fn set_cold(&mut self, lp: &LoadPlan, s: usize, room: f64, now: f64) {
        let days = lp.day_max.len();
        let d0 = floor_index(now / 24.0);
        let sc = &mut self.scopes[s];
        sc.cold_room = room;
        if d0 >= days {
            sc.cold_until = f64::INFINITY;
            return;
        }
        if room < lp.day_max[d0] * lp.factor_cap {
            sc.cold_until = f64::NEG_INFINITY;
            return;
        }
        let run_end = if sc.cold_until > now {
            floor_index(sc.cold_until / 24.0).min(days)
        } else {
            0
        };
        if run_end > d0 && room >= lp.max_over(d0, run_end) * lp.factor_cap {
            return;
        }
        let end = d0 + lp.fitting_days(d0, days, room);
        sc.cold_until = if end == days {
            f64::INFINITY
        } else {
            (end * 24) as f64
        };
    }

    /// The two random words day `d`'s factor is drawn from.
    #[inline(always)]
    fn draw(&self, d: usize) -> (u64, u64) {
        let a = mix(self.key ^ (d as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        (a, mix(a ^ 0xA076_1D64_78BD_642F))
    }

    /// The day-to-day factor of day d (lognormal, mean 1, truncated), the same for a given
    /// seed and trial whatever the thread count.
    fn factor(&mut self, lp: &LoadPlan, d: usize) -> f64 {
        if lp.sigma == 0.0 {
            return 1.0;
        }
        let f = self.factors[d];
        if !f.is_nan() {
            return f;
        }
        let (a, b) = self.draw(d);
        let u1 = ((a >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let u2 = (b >> 11) as f64 / (1u64 << 53) as f64;
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        let f = (lp.sigma * z - lp.sigma * lp.sigma / 2.0)
            .exp()
            .min(lp.factor_cap);
        self.factors[d] = f;
        f
    }

    /// Account for scope `s` from its last change up to `now`.
    #[inline]
    pub(crate) fn settle(&mut self, lp: &LoadPlan, s: usize, now: f64) {
        let sc = &mut self.scopes[s];
        let (t0, up, room) = (sc.since, sc.up, sc.room);
        sc.since = now;
        if now <= t0 || (up && now <= sc.cold_until && room >= sc.cold_room) {
            return;
        }
        self.settle_span(lp, s, t0, now);
    }

    /// The work of [`settle`](Self::settle) for a span `t0..now` of positive length.
    #[inline(never)]
    fn settle_span(&mut self, lp: &LoadPlan, s: usize, t0: f64, now: f64) {
        let (up, room) = (self.scopes[s].up, self.scopes[s].room);
        // The model scope's own losses count only when there are no services to count them.
        let share = if lp.shares.is_empty() {
            1.0
        } else {
            lp.shares.get(s).copied().unwrap_or(0.0)
        };
        let mut t0 = t0;
        if up {
            // The span's room fits a run of days from its start: that part adds nothing, and
            // the walk starts where the run ends (a day boundary, so no hour is split anew).
            self.set_cold(lp, s, room, t0);
            let cold_until = self.scopes[s].cold_until;
            if now <= cold_until {
                return;
            }
            t0 = t0.max(cold_until);
        }
        // A down span loses its whole load whatever its room: the room is not part of its key.
        let key = (t0, now, if up { room.to_bits() } else { 0 }, up);
        let (lost, over) = match self.memo {
            Some((k, v)) if k == key => v,
            _ => {
                let v = self.span_load(lp, t0, now, up, room);
                self.memo = Some((key, v));
                v
            }
        };
        let sc = &mut self.scopes[s];
        sc.lost += share * lost;
        sc.overload_hours += over;
    }

    /// Requests lost per unit of share and hours in overload over `t0..now` for a scope that
    /// is `up` (or not) with `room` all along.
    fn span_load(&mut self, lp: &LoadPlan, t0: f64, now: f64, up: bool, room: f64) -> (f64, f64) {
        let first_day = floor_index(t0 / 24.0).min(lp.day_max.len());
        let last_day = ceil_index(now / 24.0).min(lp.day_max.len());
        if first_day >= last_day {
            return (0.0, 0.0);
        }
        let (mut lost, mut over) = (0.0, 0.0);
        let mut next_day = first_day;
        while next_day < last_day {
            let d = next_day;
            if up {
                // Days whose load fits even at the largest factor add nothing: skip them.
                let fitting = lp.fitting_days(d, last_day, room);
                if fitting > 0 {
                    next_day += fitting;
                    continue;
                }
            }
            next_day += 1;
            let f = self.factor(lp, d);
            if !up {
                // Down: the whole load of the day's part is lost, an integral of the base.
                let (a, b) = (t0.max(d as f64 * 24.0), now.min((d + 1) as f64 * 24.0));
                lost += f * (lp.base_integral(b) - lp.base_integral(a)) * 3600.0;
                continue;
            }
            if room >= lp.day_max[d] * f {
                continue;
            }
            let (h0, h1) = (
                floor_index(t0.max(d as f64 * 24.0)),
                ceil_index(now.min((d + 1) as f64 * 24.0)).min(lp.base.len()),
            );
            for h in h0..h1 {
                let dt = (now.min(h as f64 + 1.0) - t0.max(h as f64)).max(0.0);
                let load = lp.base[h] * f;
                if load > room {
                    over += dt;
                    lost += (load - room) * dt * 3600.0;
                }
            }
        }
        (lost, over)
    }

    /// Scope `s` becomes available (`up`) or not at `now`.
    pub(crate) fn set_up(&mut self, lp: &LoadPlan, s: usize, up: bool, now: f64) {
        self.settle(lp, s, now);
        let sc = &mut self.scopes[s];
        if !up {
            sc.down_since = now;
        } else if !sc.up {
            let from = sc.down_since;
            sc.peak_down_hours += lp
                .peaks
                .iter()
                .map(|&(a, b)| (now.min(b) - from.max(a)).max(0.0))
                .sum::<f64>();
        }
        sc.up = up;
    }

    /// Component `c` went from `was` replicas up to `comp_up[c]`: update the capacity of the
    /// scopes that need it. A scope's room is a minimum over its components, so it is kept
    /// exactly without a rescan unless `c` was the one at the minimum and gained; a scope
    /// whose room does not change, or that is down, is not settled (its accounting runs on
    /// unchanged).
    #[inline(always)]
    pub(crate) fn capacity_changed(
        &mut self,
        lp: &LoadPlan,
        c: usize,
        was: u32,
        comp_up: &[u32],
        now: f64,
    ) {
        let ix = lp.comp_index[c];
        if ix.scope_start == ix.scope_end {
            return;
        }
        let (before, after) = (lp.room_of(ix, c, was), lp.room_of(ix, c, comp_up[c]));
        for &s in &lp.comp_scope_list[ix.scope_start as usize..ix.scope_end as usize] {
            let s = s as usize;
            let cur = self.scopes[s].room;
            let next = if after <= cur {
                after
            } else if before > cur {
                cur
            } else {
                room(lp, s, comp_up)
            };
            if next.to_bits() != cur.to_bits() {
                self.set_room(lp, s, next, now);
            }
        }
    }

    /// Scope `s`'s room becomes `room` at `now`: its span so far is settled with the old room
    /// first, unless it is down (a down scope loses its whole offered load whatever its
    /// room, so its accounting runs on unsplit until it comes back up).
    fn set_room(&mut self, lp: &LoadPlan, s: usize, room: f64, now: f64) {
        if self.scopes[s].up {
            self.settle(lp, s, now);
        }
        self.scopes[s].room = room;
    }

    /// Close the trial at the horizon.
    pub(crate) fn finish(&mut self, lp: &LoadPlan, horizon: f64) {
        for s in 0..self.scopes.len() {
            let was_up = self.scopes[s].up;
            self.set_up(lp, s, true, horizon);
            self.scopes[s].up = was_up;
        }
    }
}

#[cfg(test)]
mod tests;
