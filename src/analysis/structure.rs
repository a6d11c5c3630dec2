//! The structure function of a model as a BDD over the components' own states, and its
//! evaluation: availability, outage frequency and importance, conditioned on every state of
//! the zones, regions and common causes.

use super::bdd::{self, Bdd, NodeId};
use super::masks::Masks;
use super::{AnalysisError, MAX_BDD_NODES, Point};
use crate::engine::Plan;

/// The model's structure: the BDD and its root and service nodes.
pub(super) struct Structure {
    pub bdd: Bdd,
    root: NodeId,
    services: Vec<NodeId>,
}

/// Build the structure function of a plan.
pub(super) fn build(plan: &Plan) -> Result<Structure, AnalysisError> {
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

/// Measures of the root (index 0) and each service (1..), for given component states.
struct Measures {
    /// Availability.
    avail: Vec<f64>,
    /// Outage frequency Σ ν_c·I_c (per hour).
    freq: Vec<f64>,
    /// Per component: Birnbaum importance for the root.
    birnbaum: Vec<f64>,
}

/// Evaluates the structure for given component probabilities and down-rates.
pub(super) struct Evaluator<'a> {
    s: &'a Structure,
    buf: Vec<f64>,
    q: Vec<f64>,
}

impl<'a> Evaluator<'a> {
    pub(super) fn new(s: &'a Structure) -> Self {
        Evaluator {
            s,
            buf: Vec::new(),
            q: Vec::new(),
        }
    }

    /// Availability of root and services, and each one's outage frequency Σ ν_c·I_c.
    fn eval(&mut self, q: &[f64], nu: &[f64], with_importance: bool) -> Measures {
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
        Measures {
            avail,
            freq,
            birnbaum,
        }
    }
}

/// What one evaluation over every unit state found.
pub(super) struct Eval {
    /// Availability of the root, then of each service.
    pub avail: Vec<f64>,
    /// Outage frequency (per hour) of the root, then of each service.
    pub freq: Vec<f64>,
    /// Per component: Birnbaum importance for the model.
    pub birnbaum: Vec<f64>,
    /// Per component: probability it is up by its own replicas (units included).
    pub q: Vec<f64>,
    /// Per unit: model availability with it up minus with it down.
    pub unit_birnbaum: Vec<f64>,
}

/// Condition on every state of the zones, regions and common causes and combine.
pub(super) fn evaluate(
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
            prob *= if *flag {
                unit[u].availability
            } else {
                1.0 - unit[u].availability
            };
        }
        for (c, comp) in m.components.iter().enumerate() {
            (q[c], nu[c]) = mk.component(
                c,
                &up,
                comp.replicas,
                comp.k(),
                rep[c].availability,
                rep[c].failure_rate,
            );
        }
        let e = ev.eval(&q, &nu, with_importance && prob > 0.0);
        for k in 0..outs {
            out.avail[k] += prob * e.avail[k];
            out.freq[k] += prob * e.freq[k];
        }
        for (acc, b) in out.birnbaum.iter_mut().zip(&e.birnbaum) {
            *acc += prob * b;
        }
        for (acc, qc) in out.q.iter_mut().zip(&q) {
            *acc += prob * qc;
        }
        avail_of.push(e.avail);
        prob_of.push(prob);
    }
    // Outages that a unit itself starts: it fails while up, and the model goes down with it.
    for state in 0..states {
        for (u, p) in unit.iter().enumerate() {
            let lam = p.failure_rate;
            if state & (1 << u) != 0 || lam == 0.0 {
                continue;
            }
            let down = state | (1 << u);
            if p.availability > 0.0 {
                out.unit_birnbaum[u] +=
                    prob_of[state] / p.availability * (avail_of[state][0] - avail_of[down][0]);
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
