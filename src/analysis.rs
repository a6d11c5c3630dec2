//! Exact analysis: steady-state availability for any model, and the exact expected
//! availability over the horizon (starting all-up) when every distribution is exponential.
//!
//! Components are independent, so the model's availability is a function of each
//! component's own k-of-n state; a BDD over those states handles shared dependencies and
//! groups exactly. Expected outage counts come from each component's rate of going down
//! times its Birnbaum importance.

mod bdd;
mod latency;
mod masks;
mod quadrature;

use crate::engine::Plan;
pub use latency::{
    ComponentLatency, LatencyReport, Queue, Response, ServiceLatency, latency, queues,
};

use crate::model::Dist;
use bdd::{Bdd, NodeId};
use masks::{MAX_UNITS, Masks};
use serde::Serialize;

/// Most elementary steps exact analysis may take (a few seconds).
pub const MAX_WORK: f64 = 3e9;

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
    /// The model has a feature exact analysis does not cover.
    #[error("{model}: no exact analysis: {what}; use `nines simulate` instead")]
    Unsupported {
        /// Model name.
        model: String,
        /// What is not covered.
        what: String,
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
    /// Per component, in file order. `availability` is the component's own k-of-n
    /// availability (its replicas alone, without zones or common causes).
    pub components: Vec<ComponentImportance>,
    /// Per zone, region and common cause (`zone:a`, …): its availability and importance.
    pub domains: Vec<ComponentImportance>,
    /// Size of the decision diagram used.
    pub bdd_nodes: usize,
    /// Why there is no over-horizon value, when there is none.
    pub mission_note: Option<String>,
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

/// Availability and rate of failure (while up) of one replica or unit at an instant.
type Point = (f64, f64);

/// Steady state of an alternating renewal process: A = MTTF/(MTTF+MTTR); its failures come at
/// rate 1/(MTTF+MTTR) overall, i.e. 1/MTTF while up.
fn steady(f: &Dist, r: &Dist) -> Point {
    let (up, down) = (f.mean_hours(), r.mean_hours());
    (up / (up + down), 1.0 / up)
}

/// Point availability at time t starting up, when it has a closed form: exponential failure
/// and repair, or a fixed time to failure beyond the horizon (never fails).
fn point(f: &Dist, r: &Dist, t: f64, horizon: f64) -> Option<Point> {
    match (f, r) {
        (Dist::Fixed { hours }, _) if *hours >= horizon => Some((1.0, 0.0)),
        (Dist::Exponential { mean_hours: up }, Dist::Exponential { mean_hours: down }) => {
            let (l, u) = (1.0 / up, 1.0 / down);
            Some((u / (l + u) + l / (l + u) * (-(l + u) * t).exp(), l))
        }
        _ => None,
    }
}

/// The fastest rate (per hour) in a closed-form point availability.
fn rate(f: &Dist, r: &Dist) -> f64 {
    match (f, r) {
        (Dist::Exponential { mean_hours: up }, Dist::Exponential { mean_hours: down }) => {
            1.0 / up + 1.0 / down
        }
        _ => 0.0,
    }
}

struct Eval {
    avail: Vec<f64>,
    freq: Vec<f64>,
    birnbaum: Vec<f64>,
    q: Vec<f64>,
    /// Per unit: model availability with it up minus with it down.
    unit_birnbaum: Vec<f64>,
}

/// Condition on every state of the zones, regions and common causes and combine.
fn evaluate(
    ev: &mut Evaluator,
    plan: &Plan,
    mk: &Masks,
    rep: &[Point],
    unit: &[Point],
    with_importance: bool,
) -> Eval {
    let m = plan.model();
    let nc = m.components.len();
    let outs = plan.service_names().len() + 1;
    let mut out = Eval {
        avail: vec![0.0; outs],
        freq: vec![0.0; outs],
        birnbaum: vec![0.0; nc],
        q: vec![0.0; nc],
        unit_birnbaum: vec![0.0; mk.units],
    };
    let states = 1usize << mk.units;
    let mut avail_of = Vec::with_capacity(states);
    let mut prob_of = Vec::with_capacity(states);
    let mut up = vec![true; mk.units];
    let (mut q, mut nu) = (vec![0.0; nc], vec![0.0; nc]);
    for state in 0..states {
        let mut prob = 1.0;
        for (u, flag) in up.iter_mut().enumerate() {
            *flag = state & (1 << u) == 0;
            prob *= if *flag { unit[u].0 } else { 1.0 - unit[u].0 };
        }
        for (c, comp) in m.components.iter().enumerate() {
            (q[c], nu[c]) = mk.component(c, &up, comp.replicas, comp.k(), rep[c].0, rep[c].1);
        }
        let (a, fr, b) = ev.eval(&q, &nu, with_importance && prob > 0.0);
        for k in 0..outs {
            out.avail[k] += prob * a[k];
            out.freq[k] += prob * fr[k];
        }
        for c in 0..nc {
            out.birnbaum[c] += prob * b[c];
            out.q[c] += prob * q[c];
        }
        avail_of.push(a);
        prob_of.push(prob);
    }
    // Outages that a unit itself starts: it fails while up, and the model goes down with it.
    for state in 0..states {
        for (u, &(_, lam)) in unit.iter().enumerate() {
            if state & (1 << u) != 0 || lam == 0.0 {
                continue;
            }
            let down = state | (1 << u);
            if unit[u].0 > 0.0 {
                out.unit_birnbaum[u] +=
                    prob_of[state] / unit[u].0 * (avail_of[state][0] - avail_of[down][0]);
            }
            for (f, (a_up, a_down)) in out
                .freq
                .iter_mut()
                .zip(avail_of[state].iter().zip(&avail_of[down]))
            {
                *f += prob_of[state] * lam * (a_up - a_down).max(0.0);
            }
        }
    }
    out
}

/// Exact analysis of a plan.
pub fn analyze(plan: &Plan) -> Result<Analysis, AnalysisError> {
    let m = plan.model();
    if let Some(c) = m.components.iter().find(|c| c.failover.is_some()) {
        return Err(AnalysisError::Unsupported {
            model: m.model.name.clone(),
            what: format!(
                "component `{}` has failover, whose switchover times exact analysis does not model",
                c.name
            ),
        });
    }
    let mk = Masks::new(plan);
    if mk.units > MAX_UNITS {
        return Err(AnalysisError::Unsupported {
            model: m.model.name.clone(),
            what: format!(
                "{} zones, regions and common causes (exact analysis enumerates at most {MAX_UNITS})",
                mk.units
            ),
        });
    }
    let s = build(plan)?;
    // Work of one evaluation: every zone/region/cause state × (one pass + two per component).
    let per_eval =
        (1u64 << mk.units) as f64 * (2.0 * m.components.len() as f64 + 1.0) * s.bdd.len() as f64;
    if per_eval > MAX_WORK {
        return Err(AnalysisError::Unsupported {
            model: m.model.name.clone(),
            what: format!(
                "the exact computation would take about {per_eval:.1e} steps (at most {MAX_WORK:.0e}): too large"
            ),
        });
    }
    let h = plan.horizon_hours();
    let names = plan.service_names();
    let mut ev = Evaluator {
        s: &s,
        buf: Vec::new(),
        q: Vec::new(),
    };
    let units: Vec<(&Dist, &Dist)> = m
        .zones
        .iter()
        .chain(&m.regions)
        .map(|d| (&d.failure, &d.repair))
        .chain(m.common_causes.iter().map(|c| (&c.failure, &c.repair)))
        .collect();

    let rep: Vec<Point> = m
        .components
        .iter()
        .map(|c| steady(&c.failure, &c.repair))
        .collect();
    let unit: Vec<Point> = units.iter().map(|(f, r)| steady(f, r)).collect();
    let e = evaluate(&mut ev, plan, &mk, &rep, &unit, true);
    let pack = |avail: &[f64], freq: &[f64]| Exact {
        availability: avail[0],
        outages: freq[0] * h,
        services: names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), avail[i + 1], freq[i + 1] * h))
            .collect(),
    };
    let steady_state = pack(&e.avail, &e.freq);
    let unavail = 1.0 - e.avail[0];
    let components = m
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let own = k_of_n(c.replicas, c.k(), rep[i].0).0;
            ComponentImportance {
                name: c.name.clone(),
                availability: own,
                birnbaum: e.birnbaum[i],
                criticality: if unavail > 0.0 {
                    e.birnbaum[i] * (1.0 - own) / unavail
                } else {
                    0.0
                },
            }
        })
        .collect();
    let domains = plan
        .cause_names()
        .into_iter()
        .skip(m.components.len())
        .zip(&unit)
        .zip(&e.unit_birnbaum)
        .map(|((name, &(a, _)), &b)| ComponentImportance {
            name,
            availability: a,
            birnbaum: b,
            criticality: if unavail > 0.0 {
                b * (1.0 - a) / unavail
            } else {
                0.0
            },
        })
        .collect();

    let closed_form = m
        .components
        .iter()
        .all(|c| point(&c.failure, &c.repair, 0.0, h).is_some())
        && units.iter().all(|(f, r)| point(f, r, 0.0, h).is_some());
    let grid = quadrature::time_grid(h, 1.0).len() as f64;
    let too_long = per_eval * grid > MAX_WORK;
    let mission_note = if !closed_form {
        Some("the over-horizon value needs exponential failure and repair everywhere (or replicas that never fail within the horizon)".to_string())
    } else if too_long {
        Some(format!(
            "the over-horizon value would take about {:.1e} steps (at most {MAX_WORK:.0e}); the steady state is exact",
            per_eval * grid
        ))
    } else {
        None
    };
    let mission = if closed_form && !too_long {
        let rate_max: f64 = m
            .components
            .iter()
            .map(|c| f64::from(c.replicas) * rate(&c.failure, &c.repair))
            .sum::<f64>()
            + units.iter().map(|(f, r)| rate(f, r)).sum::<f64>();
        let mut acc_a = vec![0.0; names.len() + 1];
        let mut acc_f = vec![0.0; names.len() + 1];
        let mut rep = rep;
        let mut unit = unit;
        for (t, w) in quadrature::time_grid(h, rate_max) {
            for (i, c) in m.components.iter().enumerate() {
                rep[i] = point(&c.failure, &c.repair, t, h).unwrap_or((1.0, 0.0));
            }
            for (u, (f, r)) in units.iter().enumerate() {
                unit[u] = point(f, r, t, h).unwrap_or((1.0, 0.0));
            }
            let e = evaluate(&mut ev, plan, &mk, &rep, &unit, false);
            for k in 0..e.avail.len() {
                acc_a[k] += w * e.avail[k];
                acc_f[k] += w * e.freq[k];
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
        domains,
        bdd_nodes: s.bdd.len(),
        mission_note,
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
