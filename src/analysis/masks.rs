//! Exact analysis with zones, regions and common causes: condition on the state of every
//! such unit (they are independent of the replicas' own clocks), and within each state count
//! the replicas each component has left, including the random subsets common causes hit.

use super::k_of_n;
use crate::engine::Plan;
use statrs::function::factorial::ln_binomial;

/// Most zones, regions and common causes exact analysis enumerates (2^N states).
pub const MAX_UNITS: usize = 10;

/// How units hide replicas, by component.
pub(super) struct Masks {
    /// Zones, regions, common causes.
    pub units: usize,
    n_zones: usize,
    zone_region: Vec<Option<usize>>,
    /// Per component: the zone of each replica (empty: no zones).
    placement: Vec<Vec<usize>>,
    /// Per component: (unit index of a common cause, replicas it hits).
    hits: Vec<Vec<(usize, u32)>>,
}

impl Masks {
    pub(super) fn new(plan: &Plan) -> Masks {
        let m = plan.model();
        let r = plan.resolved();
        let n_zones = m.zones.len();
        let base = n_zones + m.regions.len();
        let mut hits = vec![Vec::new(); m.components.len()];
        for (k, cc) in m.common_causes.iter().enumerate() {
            for &c in &r.affects[k] {
                let n = m.components[c].replicas;
                hits[c].push((
                    base + k,
                    ((cc.fraction * f64::from(n)).ceil() as u32).clamp(1, n),
                ));
            }
        }
        Masks {
            units: base + m.common_causes.len(),
            n_zones,
            zone_region: r.zone_region.clone(),
            placement: r.placement.clone(),
            hits,
        }
    }

    /// P(component up by its own k-of-n) and its rate of going down, given which units are
    /// up, for replicas each up with probability `a` and failing at rate `lam` while up.
    pub(super) fn component(
        &self,
        c: usize,
        up: &[bool],
        n: u32,
        k: u32,
        a: f64,
        lam: f64,
    ) -> (f64, f64) {
        let zone_down =
            |z: usize| !up[z] || self.zone_region[z].is_some_and(|g| !up[self.n_zones + g]);
        let masked = self.placement[c].iter().filter(|&&z| zone_down(z)).count() as u32;
        // Distribution of replicas neither in a down zone nor hit by an active common cause.
        let mut dist = vec![0.0; n as usize + 1];
        dist[(n - masked) as usize] = 1.0;
        for &(u, h) in &self.hits[c] {
            if up[u] {
                continue;
            }
            let mut next = vec![0.0; n as usize + 1];
            for (s, &p) in dist.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                for x in 0..=(h as usize).min(s) {
                    let rest = h as usize - x;
                    if rest > n as usize - s {
                        continue;
                    }
                    let ln = ln_binomial(s as u64, x as u64)
                        + ln_binomial((n as usize - s) as u64, rest as u64)
                        - ln_binomial(u64::from(n), u64::from(h));
                    next[s - x] += p * ln.exp();
                }
            }
            dist = next;
        }
        let (mut q, mut nu) = (0.0, 0.0);
        for (s, &p) in dist.iter().enumerate() {
            if p == 0.0 || (s as u32) < k {
                continue;
            }
            let (tail, exact_k) = k_of_n(s as u32, k, a);
            q += p * tail;
            nu += p * exact_k * f64::from(k) * lam;
        }
        (q, nu)
    }
}
