//! Capacity planning: the smallest replica counts of the capacity-limited components that
//! meet a request-weighted availability target and keep the chance of any overload in a
//! trial under a limit, found by simulation and verified at the proposal and one below.
//!
//! Every candidate is simulated with the same seed (common random numbers), so differences
//! between candidates are not sampling noise of different streams. `min_up` stays as written
//! (a component with all replicas needed keeps needing its current count).

use crate::engine::{EngineError, Observer, Plan, RunConfig, run};
use crate::model::{Model, ModelError};
use crate::scenario::Scenario;
use serde::Serialize;

/// What to plan for.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// Request-weighted availability of the model to reach (served share of offered requests).
    pub target: f64,
    /// Largest acceptable share of trials with any hour of overload.
    pub max_overload_probability: f64,
    /// Trials, seed and threads of every simulation.
    pub run: RunConfig,
}

/// A planned component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Component name.
    pub component: String,
    /// Replicas in the model file.
    pub current_replicas: u32,
    /// Replicas proposed.
    pub proposed_replicas: u32,
    /// `min_up` kept.
    pub min_up: u32,
    /// Healthy capacity at the proposal (requests/s).
    pub capacity_rps: f64,
    /// Served share of requests with one replica fewer here (the rest as proposed).
    pub served_with_one_less: Option<f64>,
    /// Overload probability with one replica fewer.
    pub overload_probability_with_one_less: Option<f64>,
    /// Whether one fewer would still meet the goal (false for a minimal proposal).
    pub one_less_meets_goal: Option<bool>,
    /// For a component placed in zones: replicas per zone at the proposal (round-robin over
    /// the zones listed, or the listed counts scaled), in the order written.
    pub zone_spread: Vec<(String, u32)>,
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Per capacity-limited component.
    pub rows: Vec<Row>,
    /// Served share of requests at the proposal, with its interval.
    pub served_fraction: crate::stats::Estimate,
    /// Share of trials with any overload at the proposal.
    pub overload_probability: crate::stats::Estimate,
    /// Whether the proposal meets the goal (false: the target is out of reach by replicas
    /// alone; `limit` says why).
    pub meets_goal: bool,
    /// When the goal is out of reach: what limits it.
    pub limit: Option<String>,
    /// Simulations run.
    pub simulations: u32,
}

/// Why planning failed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The model or a variant of it is invalid.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// A simulation failed.
    #[error("{0}")]
    Engine(#[from] EngineError),
    /// Nothing to plan.
    #[error(
        "no component has capacity_rps: add capacity_rps to the components whose replica count should be planned"
    )]
    NothingToPlan,
}

/// Largest replica count the planner will propose.
pub const MAX_PLANNED_REPLICAS: u32 = 1000;

struct Eval {
    served: crate::stats::Estimate,
    overload: crate::stats::Estimate,
}

fn evaluate(
    model: &Model,
    scenario: &Scenario,
    counts: &[(usize, u32)],
    goal: &Goal,
    sims: &mut u32,
    observer: &dyn Observer,
) -> Result<Eval, PlanError> {
    let mut m = model.clone();
    for &(c, n) in counts {
        let k = m.components[c].k();
        m.components[c].replicas = n;
        m.components[c].min_up = Some(k.min(n));
        // Explicit per-zone counts would no longer add up: spread round-robin instead.
        if let Some(crate::model::Placement::Counts(z)) = &m.components[c].zones {
            m.components[c].zones = Some(crate::model::Placement::RoundRobin(
                z.keys().cloned().collect(),
            ));
        }
    }
    let plan = Plan::new(&m)?.with_scenario(scenario.clone());
    *sims += 1;
    let r = run(&plan, &goal.run, observer)?;
    let q = r.model.requests.as_ref().ok_or(PlanError::NothingToPlan)?;
    Ok(Eval {
        served: q.served_fraction,
        overload: q.overload_probability,
    })
}

fn meets(e: &Eval, goal: &Goal) -> bool {
    e.served.mean >= goal.target && e.overload.mean <= goal.max_overload_probability
}

/// Replicas per zone when `comp` has `n` replicas (round-robin over its zones).
fn spread(comp: &crate::model::Component, n: u32) -> Vec<(String, u32)> {
    let Some(p) = &comp.zones else {
        return Vec::new();
    };
    let names = p.zone_names();
    let mut counts = vec![0u32; names.len()];
    for z in crate::model::Placement::RoundRobin(names.iter().map(|s| s.to_string()).collect())
        .replica_zones(n)
    {
        counts[z] += 1;
    }
    names.iter().map(|s| s.to_string()).zip(counts).collect()
}

/// Plan replica counts for `model` under `scenario`. Every simulation reports to `observer`
/// and stops when it asks to (the plan then fails with [`EngineError::Cancelled`]).
pub fn plan_capacity(
    model: &Model,
    scenario: &Scenario,
    goal: &Goal,
    observer: &dyn Observer,
) -> Result<Proposal, PlanError> {
    let base = Plan::new(model)?;
    let cands: Vec<usize> = model
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.capacity_rps.is_some())
        .map(|(i, _)| i)
        .collect();
    if cands.is_empty() {
        return Err(PlanError::NothingToPlan);
    }
    let horizon = goal.run.horizon_hours.unwrap_or(base.horizon_hours());
    let lat = crate::analysis::latency(
        &base.clone().with_scenario(scenario.clone()),
        scenario,
        horizon,
    );
    let mut sims = 0;
    // Start from the fewest replicas whose healthy capacity covers the busiest hour (and min_up).
    let mut counts: Vec<(usize, u32)> = cands
        .iter()
        .map(|&c| {
            let comp = &model.components[c];
            let peak = lat
                .components
                .iter()
                .find(|l| l.name == comp.name)
                .map_or(0.0, |l| l.peak_rps);
            let x1 = comp.capacity_rps.unwrap_or(f64::INFINITY);
            let (sigma, kappa) = comp.usl.map_or((0.0, 0.0), |u| (u.contention, u.coherency));
            let n = (1..=MAX_PLANNED_REPLICAS)
                .find(|&n| crate::queueing::usl_throughput(n, x1, sigma, kappa) >= peak)
                .unwrap_or(MAX_PLANNED_REPLICAS);
            (c, n.max(comp.k()))
        })
        .collect();
    let mut e = evaluate(model, scenario, &counts, goal, &mut sims, observer)?;
    // Add replicas where one more helps most, until the goal is met or nothing helps.
    let mut limit = None;
    while !meets(&e, goal) {
        let mut best: Option<(usize, Eval)> = None;
        for i in 0..counts.len() {
            if counts[i].1 >= MAX_PLANNED_REPLICAS {
                continue;
            }
            let mut trial = counts.clone();
            trial[i].1 += 1;
            let t = evaluate(model, scenario, &trial, goal, &mut sims, observer)?;
            let gain = (t.served.mean - e.served.mean) - (t.overload.mean - e.overload.mean);
            if gain > 0.0
                && best.as_ref().is_none_or(|(_, b)| {
                    gain > (b.served.mean - e.served.mean) - (b.overload.mean - e.overload.mean)
                })
            {
                best = Some((i, t));
            }
        }
        match best {
            Some((i, t)) => {
                counts[i].1 += 1;
                e = t;
            }
            None => {
                limit = Some(format!(
                    "adding replicas to {} no longer helps: the rest of the downtime comes from components without capacity limits (see `nines simulate`'s downtime causes)",
                    cands
                        .iter()
                        .map(|&c| model.components[c].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                break;
            }
        }
    }
    // Take away replicas that are not needed.
    if limit.is_none() {
        for i in 0..counts.len() {
            while counts[i].1 > model.components[counts[i].0].k().max(1) {
                let mut trial = counts.clone();
                trial[i].1 -= 1;
                let t = evaluate(model, scenario, &trial, goal, &mut sims, observer)?;
                if !meets(&t, goal) {
                    break;
                }
                counts[i].1 -= 1;
                e = t;
            }
        }
    }
    // Verify: each count one lower (where allowed).
    let mut rows = Vec::with_capacity(counts.len());
    for i in 0..counts.len() {
        let (c, n) = counts[i];
        let comp = &model.components[c];
        let (sigma, kappa) = comp.usl.map_or((0.0, 0.0), |u| (u.contention, u.coherency));
        let less = if n > comp.k().max(1) {
            let mut trial = counts.clone();
            trial[i].1 -= 1;
            Some(evaluate(
                model, scenario, &trial, goal, &mut sims, observer,
            )?)
        } else {
            None
        };
        rows.push(Row {
            component: comp.name.clone(),
            current_replicas: comp.replicas,
            proposed_replicas: n,
            min_up: comp.k().min(n),
            capacity_rps: crate::queueing::usl_throughput(
                n,
                comp.capacity_rps.unwrap_or(0.0),
                sigma,
                kappa,
            ),
            served_with_one_less: less.as_ref().map(|l| l.served.mean),
            overload_probability_with_one_less: less.as_ref().map(|l| l.overload.mean),
            one_less_meets_goal: less.as_ref().map(|l| meets(l, goal)),
            zone_spread: spread(comp, n),
        });
    }
    Ok(Proposal {
        rows,
        served_fraction: e.served,
        overload_probability: e.overload,
        meets_goal: meets(&e, goal),
        limit,
        simulations: sims,
    })
}
