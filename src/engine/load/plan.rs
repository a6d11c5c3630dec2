//! The per-run side of the load accounting: offered load by hour, daily maxima and their
//! sparse table, and each component's and scope's room for every replica count.

use crate::engine::plan::Plan;
use crate::scenario::Scenario;
use statrs::function::erf::erfc;

/// The day-to-day factor is lognormal with mean 1, truncated at this many standard deviations.
pub(super) const NOISE_TRUNCATION_SIGMAS: f64 = 4.0;

pub(super) fn phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The healthy capacity of one component's replicas (Universal Scalability Law).
#[derive(Debug, Clone, Copy)]
struct Capacity {
    /// Requests per second one replica serves at most.
    per_replica_rps: f64,
    /// USL σ (contention).
    contention: f64,
    /// USL κ (coherency).
    coherency: f64,
}

/// Where one component's rooms and scopes are in the flat tables of a [`LoadPlan`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CompIndex {
    /// First room (n = 0) in `rooms`.
    room_start: u32,
    /// Number of rooms (replicas + 1; 0 without a capacity).
    pub(super) room_len: u32,
    /// The component's scopes: `comp_scope_list[scope_start..scope_end]`.
    pub(super) scope_start: u32,
    pub(super) scope_end: u32,
}

/// Everything about the load that is the same for every trial of a run.
#[derive(Debug, Clone)]
pub(crate) struct LoadPlan {
    /// Offered load per hour before the daily factor (requests/s).
    pub(super) base: Vec<f64>,
    /// `cum_base[h]`: the sum of `base` over hours before `h` (one entry more than `base`).
    cum_base: Vec<f64>,
    /// Largest hourly load of each day.
    pub(super) day_max: Vec<f64>,
    /// Sparse table of `day_max`: level k holds the maximum of 2^k days from each day.
    range_max: Vec<Vec<f64>>,
    pub(super) sigma: f64,
    /// Largest possible daily factor.
    pub(super) factor_cap: f64,
    /// Per service: share of the load.
    pub shares: Vec<f64>,
    /// Per service: expected offered requests in one trial.
    pub offered: Vec<f64>,
    /// Expected offered requests to the whole model in one trial.
    pub model_offered: f64,
    /// Per component: its capacity, or None (no limit).
    cap: Vec<Option<Capacity>>,
    /// Per component with a capacity, end to end: its healthy capacity over its weight
    /// (units of L) with n replicas up, for n in 0..=replicas (what [`room`] takes the
    /// minimum of).
    rooms: Vec<f64>,
    /// Per component: where its rooms and its scopes are in `rooms` and `comp_scope_list`.
    pub(super) comp_index: Vec<CompIndex>,
    /// The scopes that need each component, component after component.
    pub(super) comp_scope_list: Vec<u32>,
    /// Per component: total share of the load it carries.
    weight: Vec<f64>,
    /// Per scope (services, then the model): the capacity-limited components it needs.
    pub(super) scope_comps: Vec<Vec<u32>>,
    /// Hour ranges of peak events, and their total length.
    pub(super) peaks: Vec<(f64, f64)>,
    pub peak_hours: f64,
    pub horizon: f64,
}

impl LoadPlan {
    /// Prepare a scenario for a plan and horizon.
    pub(crate) fn new(plan: &Plan, sc: &Scenario, horizon: f64) -> LoadPlan {
        let m = plan.model();
        let hours = horizon.ceil().max(1.0) as usize;
        let base = sc.hourly_rps(hours);
        let cum_base: Vec<f64> = std::iter::once(0.0)
            .chain(base.iter().scan(0.0, |acc, &l| {
                *acc += l;
                Some(*acc)
            }))
            .collect();
        let day_max: Vec<f64> = base
            .chunks(24)
            .map(|d| d.iter().copied().fold(0.0, f64::max))
            .collect();
        let mut range_max = vec![day_max.clone()];
        let mut width = 1;
        while width * 2 <= day_max.len() {
            let prev = &range_max[range_max.len() - 1];
            let next: Vec<f64> = (0..=day_max.len() - width * 2)
                .map(|i| prev[i].max(prev[i + width]))
                .collect();
            range_max.push(next);
            width *= 2;
        }
        let sigma = sc.noise_sigma();
        let z = NOISE_TRUNCATION_SIGMAS;
        let factor_cap = (sigma * z - sigma * sigma / 2.0).exp();
        // E[min(X, cap)] for X = exp(σZ − σ²/2): Φ(z − σ) + cap·(1 − Φ(z)).
        let mean_factor = if sigma > 0.0 {
            phi(z - sigma) + factor_cap * (1.0 - phi(z))
        } else {
            1.0
        };
        let ns = m.services.len();
        let shares: Vec<f64> = plan.load_shares();
        // Integral of the base load over the horizon (the last hour may be partial).
        let mut total = 0.0;
        for (h, &l) in base.iter().enumerate() {
            total += l * (horizon - h as f64).clamp(0.0, 1.0);
        }
        let offered = shares
            .iter()
            .map(|s| s * total * mean_factor * 3600.0)
            .collect();
        let model_offered = if ns == 0 {
            total * mean_factor * 3600.0
        } else {
            shares.iter().sum::<f64>() * total * mean_factor * 3600.0
        };
        let nc = m.components.len();
        let needs = plan.service_needs();
        let weight = plan.load_weights();
        let cap: Vec<Option<Capacity>> = m
            .components
            .iter()
            .map(|c| {
                c.capacity_rps.map(|x| Capacity {
                    per_replica_rps: x,
                    contention: c.usl.map_or(0.0, |u| u.contention),
                    coherency: c.usl.map_or(0.0, |u| u.coherency),
                })
            })
            .collect();
        let cap_room: Vec<Vec<f64>> = cap
            .iter()
            .zip(&m.components)
            .zip(&weight)
            .map(|((k, comp), &w)| match k {
                Some(k) => (0..=comp.replicas)
                    .map(|n| {
                        crate::queueing::usl_throughput(
                            n,
                            k.per_replica_rps,
                            k.contention,
                            k.coherency,
                        ) / w
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let mut scope_comps = vec![Vec::new(); ns + 1];
        let mut comp_scopes = vec![Vec::new(); nc];
        for (s, seen) in needs.iter().enumerate() {
            for c in (0..nc).filter(|&c| seen[c] && cap[c].is_some()) {
                scope_comps[s].push(c as u32);
                comp_scopes[c].push(s as u32);
            }
        }
        for c in 0..nc {
            if cap[c].is_some() && weight[c] > 0.0 {
                scope_comps[ns].push(c as u32);
                comp_scopes[c].push(ns as u32);
            }
        }
        let (mut rooms, mut comp_scope_list) = (Vec::new(), Vec::new());
        let comp_index = (0..nc)
            .map(|c| {
                let ix = CompIndex {
                    room_start: rooms.len() as u32,
                    room_len: cap_room[c].len() as u32,
                    scope_start: comp_scope_list.len() as u32,
                    scope_end: (comp_scope_list.len() + comp_scopes[c].len()) as u32,
                };
                rooms.extend_from_slice(&cap_room[c]);
                comp_scope_list.extend_from_slice(&comp_scopes[c]);
                ix
            })
            .collect();
        let mut peaks: Vec<(f64, f64)> = Vec::new();
        let mut h = 0;
        while h < hours {
            if sc.is_peak_hour(h) {
                let start = h;
                while h < hours && sc.is_peak_hour(h) {
                    h += 1;
                }
                peaks.push((start as f64, (h as f64).min(horizon)));
            } else {
                h += 1;
            }
        }
        let peak_hours = peaks.iter().map(|(a, b)| b - a).sum();
        LoadPlan {
            cum_base,
            base,
            day_max,
            range_max,
            sigma,
            factor_cap,
            shares,
            offered,
            model_offered,
            cap,
            weight,
            rooms,
            comp_index,
            comp_scope_list,
            scope_comps,
            peaks,
            peak_hours,
            horizon,
        }
    }

    /// Largest hourly base load over days `d0..d1` (d1 exclusive, d0 < d1), in O(1).
    pub(super) fn max_over(&self, d0: usize, d1: usize) -> f64 {
        let k = (usize::BITS - 1 - (d1 - d0).leading_zeros()) as usize;
        let level = &self.range_max[k];
        level[d0].max(level[d1 - (1 << k)])
    }

    /// How many days from `d0` (up to `d1`) in a row have `room` for their largest hourly
    /// load at the largest daily factor (whole blocks of the sparse table at a time).
    pub(super) fn fitting_days(&self, d0: usize, d1: usize, room: f64) -> usize {
        let mut d = d0;
        let mut k = self.range_max.len() - 1;
        while d < d1 {
            while (1usize << k) > d1 - d {
                k -= 1;
            }
            if room >= self.range_max[k][d] * self.factor_cap {
                d += 1 << k;
            } else if k == 0 {
                break;
            } else {
                k -= 1;
            }
        }
        d - d0
    }

    /// The base load integrated from hour 0 to `t` (requests/s × hours), in O(1).
    #[inline]
    pub(super) fn base_integral(&self, t: f64) -> f64 {
        let h = floor_index(t);
        match self.base.get(h) {
            Some(&l) => self.cum_base[h] + l * (t - h as f64),
            None => self.cum_base[self.base.len()],
        }
    }

    /// Component `c`'s room with `n` replicas up, from the flat table when `n` is in it.
    #[inline(always)]
    pub(super) fn room_of(&self, ix: CompIndex, c: usize, n: u32) -> f64 {
        if n < ix.room_len {
            self.rooms[(ix.room_start + n) as usize]
        } else {
            // More replicas than the table holds (not reached by a trial) or no capacity.
            match self.cap[c] {
                Some(k) => {
                    crate::queueing::usl_throughput(n, k.per_replica_rps, k.contention, k.coherency)
                        / self.weight[c]
                }
                None => f64::INFINITY,
            }
        }
    }
}

/// `x.floor() as usize` (0 below 0), without the libm call.
#[inline(always)]
pub(super) fn floor_index(x: f64) -> usize {
    x as usize
}

/// `x.ceil() as usize` (0 below 0), without the libm call.
#[inline(always)]
pub(super) fn ceil_index(x: f64) -> usize {
    let t = x as usize;
    if (t as f64) < x { t + 1 } else { t }
}

/// Capacity of scope `s` in units of L: min over its components of capacity / weight.
pub(super) fn room(lp: &LoadPlan, s: usize, comp_up: &[u32]) -> f64 {
    lp.scope_comps[s]
        .iter()
        .map(|&c| {
            let c = c as usize;
            lp.room_of(lp.comp_index[c], c, comp_up[c])
        })
        .fold(f64::INFINITY, f64::min)
}
