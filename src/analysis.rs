//! Exact analysis: steady-state availability for any model, and the exact expected
//! availability over the horizon (starting all-up) when every distribution is exponential.
//!
//! Components are independent, so the model's availability is a function of each
//! component's own k-of-n state; a BDD over those states handles shared dependencies and
//! groups exactly. Expected outage counts come from each component's rate of going down
//! times its Birnbaum importance.

mod bdd;
mod quadrature;

use crate::engine::Plan;
use bdd::{Bdd, NodeId};
use serde::Serialize;

/// Largest BDD (in nodes) built before giving up.
pub const MAX_BDD_NODES: usize = 2_000_000;

/// Why exact analysis could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The structure needs more decision-diagram nodes than allowed.
    #[error(
        "{model}: too large for exact analysis (the decision diagram passed {limit} nodes); use `nines simulate` instead"
    )]
    TooLarge {
        /// Model name.
        model: String,
        /// The node limit.
        limit: usize,
    },
}

/// Exact availability of the model and of each service, with expected outages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exact {
    /// Availability of the whole model.
    pub availability: f64,
    /// Expected model outages per horizon.
    pub outages: f64,
    /// Per service: (name, availability, expected outages per horizon), in file order.
    pub services: Vec<(String, f64, f64)>,
}

/// Exact measures of one component (steady state).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentImportance {
    /// Component name.
    pub name: String,
    /// Probability that at least `min_up` of its own replicas are up.
    pub availability: f64,
    /// Birnbaum importance: model availability with it up minus with it down.
    pub birnbaum: f64,
    /// Share of model unavailability explained by it (criticality importance).
    pub criticality: f64,
}

/// Everything exact analysis found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Long-run values (any distributions; they depend only on the means).
    pub steady_state: Exact,
    /// Expected values over the horizon starting all-up (all distributions exponential).
    pub mission: Option<Exact>,
    /// Per component, in file order.
    pub components: Vec<ComponentImportance>,
    /// Size of the decision diagram used.
    pub bdd_nodes: usize,
}

struct Structure {
    bdd: Bdd,
    root: NodeId,
    services: Vec<NodeId>,
}

fn build(plan: &Plan) -> Result<Structure, AnalysisError> {
    let m = plan.model();
    let r = plan.resolved();
    let nc = m.components.len();
    let mut bdd = Bdd::new(MAX_BDD_NODES);
    let mut f: Vec<NodeId> = vec![bdd::FALSE; nc + m.groups.len()];
    for &n in &r.order {
        f[n] = if n < nc {
            let deps: Vec<NodeId> = r.depends_on[n].iter().map(|&d| f[d]).collect();
            let own = bdd.var(n as u32);
            let d = bdd.all(&deps);
            bdd.and(own, d)
        } else {
            let g = n - nc;
            let mem: Vec<NodeId> = r.members[g].iter().map(|&d| f[d]).collect();
            bdd.at_least(m.groups[g].min_up as usize, &mem)
        };
    }
    let services: Vec<NodeId> = r
        .requires
        .iter()
        .map(|req| {
            let fs: Vec<NodeId> = req.iter().map(|&d| f[d]).collect();
            bdd.all(&fs)
        })
        .collect();
    let root = if services.is_empty() {
        bdd.all(&f[..nc])
    } else {
        bdd.all(&services)
    };
    if bdd.overflow {
        return Err(AnalysisError::TooLarge {
            model: m.model.name.clone(),
            limit: MAX_BDD_NODES,
        });
    }
    Ok(Structure {
        bdd,
        root,
        services,
    })
}

/// P(at least k of n up) and P(exactly k up) for iid replicas each up with probability a.
fn k_of_n(n: u32, k: u32, a: f64) -> (f64, f64) {
    // pmf by the recurrence p(j+1) = p(j)·(n−j)/(j+1)·a/(1−a), from j = 0 upwards, in logs.
    if a >= 1.0 {
        return (1.0, if k == n { 1.0 } else { 0.0 });
    }
    if a <= 0.0 {
        return (
            if k == 0 { 1.0 } else { 0.0 },
            if k == 0 { 1.0 } else { 0.0 },
        );
    }
    let (la, lb) = (a.ln(), (1.0 - a).ln());
    let mut ln_choose = 0.0; // ln C(n, j)
    let (mut tail, mut exact) = (0.0, 0.0);
    for j in 0..=n {
        if j > 0 {
            ln_choose += ((n - j + 1) as f64).ln() - (j as f64).ln();
        }
        if j >= k {
            let p = (ln_choose + j as f64 * la + (n - j) as f64 * lb).exp();
            tail += p;
            if j == k {
                exact = p;
            }
        }
    }
    (tail.min(1.0), exact)
}

/// Evaluates the structure for given component probabilities and down-rates.
struct Evaluator<'a> {
    s: &'a Structure,
    buf: Vec<f64>,
    q: Vec<f64>,
}

impl Evaluator<'_> {
    /// Availability of root and services, and each one's outage frequency Σ ν_c·I_c.
    fn eval(
        &mut self,
        q: &[f64],
        nu: &[f64],
        with_importance: bool,
    ) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let s = self.s;
        let ids: Vec<NodeId> = std::iter::once(s.root)
            .chain(s.services.iter().copied())
            .collect();
        s.bdd.probabilities(q, &mut self.buf);
        let avail: Vec<f64> = ids.iter().map(|&i| self.buf[i as usize]).collect();
        let mut freq = vec![0.0; ids.len()];
        let mut birnbaum = vec![0.0; q.len()];
        self.q.clear();
        self.q.extend_from_slice(q);
        for c in 0..q.len() {
            if nu[c] == 0.0 && !with_importance {
                continue;
            }
            self.q[c] = 1.0;
            s.bdd.probabilities(&self.q, &mut self.buf);
            let up: Vec<f64> = ids.iter().map(|&i| self.buf[i as usize]).collect();
            self.q[c] = 0.0;
            s.bdd.probabilities(&self.q, &mut self.buf);
            for (k, &i) in ids.iter().enumerate() {
                let ib = up[k] - self.buf[i as usize];
                freq[k] += nu[c] * ib;
                if k == 0 {
                    birnbaum[c] = ib;
                }
            }
            self.q[c] = q[c];
        }
        (avail, freq, birnbaum)
    }
}

/// Exact analysis of a plan.
pub fn analyze(plan: &Plan) -> Result<Analysis, AnalysisError> {
    let s = build(plan)?;
    let m = plan.model();
    let h = plan.horizon_hours();
    let names = plan.service_names();
    let mut ev = Evaluator {
        s: &s,
        buf: Vec::new(),
        q: Vec::new(),
    };

    // Steady state: replica availability from the means; down-rate per component from the
    // alternating-renewal rate of each replica's failures.
    let mut q = Vec::with_capacity(m.components.len());
    let mut nu = Vec::with_capacity(m.components.len());
    for c in &m.components {
        let (up, down) = (c.failure.mean_hours(), c.repair.mean_hours());
        let a = up / (up + down);
        let (tail, exact_k) = k_of_n(c.replicas, c.k(), a);
        q.push(tail);
        nu.push(exact_k * f64::from(c.k()) / up);
    }
    let (avail, freq, birnbaum) = ev.eval(&q, &nu, true);
    let pack = |avail: &[f64], freq: &[f64]| Exact {
        availability: avail[0],
        outages: freq[0] * h,
        services: names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), avail[i + 1], freq[i + 1] * h))
            .collect(),
    };
    let steady_state = pack(&avail, &freq);
    let unavail = 1.0 - avail[0];
    let components = m
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| ComponentImportance {
            name: c.name.clone(),
            availability: q[i],
            birnbaum: birnbaum[i],
            criticality: if unavail > 0.0 {
                birnbaum[i] * (1.0 - q[i]) / unavail
            } else {
                0.0
            },
        })
        .collect();

    let mission = if m
        .components
        .iter()
        .all(|c| c.failure.is_exponential() && c.repair.is_exponential())
    {
        let rates: Vec<(f64, f64)> = m
            .components
            .iter()
            .map(|c| (1.0 / c.failure.mean_hours(), 1.0 / c.repair.mean_hours()))
            .collect();
        let rate_max: f64 = m
            .components
            .iter()
            .zip(&rates)
            .map(|(c, (l, u))| f64::from(c.replicas) * (l + u))
            .sum();
        let mut acc_a = vec![0.0; names.len() + 1];
        let mut acc_f = vec![0.0; names.len() + 1];
        for (t, w) in quadrature::time_grid(h, rate_max) {
            for (i, c) in m.components.iter().enumerate() {
                let (l, u) = rates[i];
                let a = u / (l + u) + l / (l + u) * (-(l + u) * t).exp();
                let (tail, exact_k) = k_of_n(c.replicas, c.k(), a);
                q[i] = tail;
                nu[i] = exact_k * f64::from(c.k()) * l;
            }
            let (a, fr, _) = ev.eval(&q, &nu, false);
            for k in 0..a.len() {
                acc_a[k] += w * a[k];
                acc_f[k] += w * fr[k];
            }
        }
        let avg: Vec<f64> = acc_a.iter().map(|x| x / h).collect();
        let per_h: Vec<f64> = acc_f.iter().map(|x| x / h).collect();
        Some(pack(&avg, &per_h))
    } else {
        None
    };
    Ok(Analysis {
        steady_state,
        mission,
        components,
        bdd_nodes: s.bdd.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_sums() {
        let (t, e) = k_of_n(3, 2, 0.9);
        assert!((t - (3.0 * 0.81 * 0.1 + 0.729)).abs() < 1e-15);
        assert!((e - 3.0 * 0.81 * 0.1).abs() < 1e-15);
        assert!((k_of_n(4, 1, 0.3).0 - (1.0 - 0.7f64.powi(4))).abs() < 1e-15);
    }
}
