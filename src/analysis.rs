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
mod structure;

use crate::engine::Plan;
pub use latency::{
    ComponentLatency, LatencyReport, Queue, Response, ServiceLatency, latency, queues,
};

use crate::model::Dist;
use masks::{MAX_UNITS, Masks};
use serde::Serialize;
use structure::{Eval, Evaluator, Structure, build, evaluate};

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

/// Availability and rate of failure (while up) of one replica or unit at an instant.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    /// Probability it is up.
    availability: f64,
    /// Rate (per hour) at which it fails while up.
    failure_rate: f64,
}

/// A replica or unit that is always up.
const ALWAYS_UP: Point = Point {
    availability: 1.0,
    failure_rate: 0.0,
};

/// Steady state of an alternating renewal process: A = MTTF/(MTTF+MTTR); its failures come at
/// rate 1/(MTTF+MTTR) overall, i.e. 1/MTTF while up. With detection the time down is
/// detect + repair, so MTTR is mean detect + mean repair (the steady state depends only on
/// the means).
fn steady(f: &Dist, r: &Dist, detect: Option<&Dist>) -> Point {
    let (up, down) = (
        f.mean_hours(),
        r.mean_hours() + detect.map_or(0.0, Dist::mean_hours),
    );
    Point {
        availability: up / (up + down),
        failure_rate: 1.0 / up,
    }
}

/// Point availability at time t starting up, when it has a closed form: exponential failure
/// and repair, or a fixed time to failure beyond the horizon (never fails).
fn point(f: &Dist, r: &Dist, t: f64, horizon: f64) -> Option<Point> {
    match (f, r) {
        (Dist::Fixed { hours }, _) if *hours >= horizon => Some(ALWAYS_UP),
        (Dist::Exponential { mean_hours: up }, Dist::Exponential { mean_hours: down }) => {
            let (l, u) = (1.0 / up, 1.0 / down);
            Some(Point {
                availability: u / (l + u) + l / (l + u) * (-(l + u) * t).exp(),
                failure_rate: l,
            })
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

/// The failure and repair distributions of every zone, region and common cause, in the
/// engine's order.
fn unit_dists(plan: &Plan) -> Vec<(&Dist, &Dist)> {
    let m = plan.model();
    m.zones
        .iter()
        .chain(&m.regions)
        .map(|d| (&d.failure, &d.repair))
        .chain(m.common_causes.iter().map(|c| (&c.failure, &c.repair)))
        .collect()
}

/// The detection time of every zone, region (none) and common cause, in the engine's order.
fn unit_detects(plan: &Plan) -> Vec<Option<&Dist>> {
    let m = plan.model();
    std::iter::repeat_n(None, m.zones.len() + m.regions.len())
        .chain(m.common_causes.iter().map(|c| c.detect.as_ref()))
        .collect()
}

/// Refuse models with more units than exact analysis enumerates.
fn check_units(plan: &Plan, mk: &Masks) -> Result<(), AnalysisError> {
    if mk.units > MAX_UNITS {
        return Err(AnalysisError::Unsupported {
            model: plan.model().model.name.clone(),
            what: format!(
                "{} zones, regions and common causes (exact analysis enumerates at most {MAX_UNITS})",
                mk.units
            ),
        });
    }
    Ok(())
}

/// The work of one evaluation (every unit state × one pass and two per component), or an
/// error when it is too large to finish in a few seconds.
fn check_work(plan: &Plan, mk: &Masks, s: &Structure) -> Result<f64, AnalysisError> {
    let m = plan.model();
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
    Ok(per_eval)
}

/// Availability and outages per horizon of the model and each service, from per-hour
/// frequencies.
fn pack(plan: &Plan, avail: &[f64], freq: &[f64]) -> Exact {
    let h = plan.horizon_hours();
    Exact {
        availability: avail[0],
        outages: freq[0] * h,
        services: plan
            .service_names()
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), avail[i + 1], freq[i + 1] * h))
            .collect(),
    }
}

/// Importance of each component and each unit, from the steady-state evaluation.
fn importance(
    plan: &Plan,
    e: &Eval,
    rep: &[Point],
    unit: &[Point],
) -> (Vec<ComponentImportance>, Vec<ComponentImportance>) {
    let m = plan.model();
    let unavail = 1.0 - e.avail[0];
    let criticality = |birnbaum: f64, own: f64| {
        if unavail > 0.0 {
            birnbaum * (1.0 - own) / unavail
        } else {
            0.0
        }
    };
    let components = m
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let own = k_of_n(c.replicas, c.k(), rep[i].availability).0;
            ComponentImportance {
                name: c.name.clone(),
                availability: own,
                birnbaum: e.birnbaum[i],
                criticality: criticality(e.birnbaum[i], own),
            }
        })
        .collect();
    let domains = plan
        .cause_names()
        .into_iter()
        .skip(m.components.len())
        .zip(unit)
        .zip(&e.unit_birnbaum)
        .map(|((name, p), &b)| ComponentImportance {
            name,
            availability: p.availability,
            birnbaum: b,
            criticality: criticality(b, p.availability),
        })
        .collect();
    (components, domains)
}

/// The exact expected values over the horizon starting all-up, when every distribution has
/// a closed-form point availability and the work is bounded; otherwise why not.
fn mission(ev: &mut Evaluator, plan: &Plan, mk: &Masks, per_eval: f64) -> Result<Exact, String> {
    let m = plan.model();
    let h = plan.horizon_hours();
    let units = unit_dists(plan);
    let closed_form = m
        .components
        .iter()
        .all(|c| point(&c.failure, &c.repair, 0.0, h).is_some())
        && units.iter().all(|(f, r)| point(f, r, 0.0, h).is_some());
    let detect = m.components.iter().any(|c| c.detect.is_some())
        || m.common_causes.iter().any(|c| c.detect.is_some());
    if detect {
        return Err("the over-horizon value has no closed form with detection times (`detect`): down time is detect + repair, not exponential; the steady state (mean detect + mean repair) is exact".to_string());
    }
    if !closed_form {
        return Err("the over-horizon value needs exponential failure and repair everywhere (or replicas that never fail within the horizon)".to_string());
    }
    let grid = quadrature::time_grid(h, 1.0).len() as f64;
    if per_eval * grid > MAX_WORK {
        return Err(format!(
            "the over-horizon value would take about {:.1e} steps (at most {MAX_WORK:.0e}); the steady state is exact",
            per_eval * grid
        ));
    }
    let rate_max: f64 = m
        .components
        .iter()
        .map(|c| f64::from(c.replicas) * rate(&c.failure, &c.repair))
        .sum::<f64>()
        + units.iter().map(|(f, r)| rate(f, r)).sum::<f64>();
    let outs = plan.service_names().len() + 1;
    let (mut acc_a, mut acc_f) = (vec![0.0; outs], vec![0.0; outs]);
    let mut rep = vec![ALWAYS_UP; m.components.len()];
    let mut unit = vec![ALWAYS_UP; units.len()];
    for (t, w) in quadrature::time_grid(h, rate_max) {
        for (i, c) in m.components.iter().enumerate() {
            rep[i] = point(&c.failure, &c.repair, t, h).unwrap_or(ALWAYS_UP);
        }
        for (u, (f, r)) in units.iter().enumerate() {
            unit[u] = point(f, r, t, h).unwrap_or(ALWAYS_UP);
        }
        let e = evaluate(ev, plan, mk, &rep, &unit, false);
        for k in 0..outs {
            acc_a[k] += w * e.avail[k];
            acc_f[k] += w * e.freq[k];
        }
    }
    let avg: Vec<f64> = acc_a.iter().map(|x| x / h).collect();
    let per_h: Vec<f64> = acc_f.iter().map(|x| x / h).collect();
    Ok(pack(plan, &avg, &per_h))
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
    check_units(plan, &mk)?;
    let s = build(plan)?;
    let per_eval = check_work(plan, &mk, &s)?;
    let mut ev = Evaluator::new(&s);
    let rep: Vec<Point> = m
        .components
        .iter()
        .map(|c| steady(&c.failure, &c.repair, c.detect.as_ref()))
        .collect();
    let unit_detect = unit_detects(plan);
    let unit: Vec<Point> = unit_dists(plan)
        .iter()
        .zip(&unit_detect)
        .map(|((f, r), d)| steady(f, r, *d))
        .collect();
    let e = evaluate(&mut ev, plan, &mk, &rep, &unit, true);
    let (components, domains) = importance(plan, &e, &rep, &unit);
    let (mission, mission_note) = match mission(&mut ev, plan, &mk, per_eval) {
        Ok(x) => (Some(x), None),
        Err(note) => (None, Some(note)),
    };
    Ok(Analysis {
        steady_state: pack(plan, &e.avail, &e.freq),
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
