//! Response-time estimates under load: each capacity-limited component as an M/M/c queue
//! (c = workers × replicas, each worker serving capacity_rps / workers requests/s), at the
//! scenario's average and busiest hour with every replica up and with one replica down; and
//! for each service the hours of the horizon its p95 estimate is over `latency_p95_ms`.
//!
//! A service's p95 is estimated as the sum of its components' p95s, an upper bound of the
//! p95 of the sum. These figures are for healthy capacity over the scenario's deterministic
//! profile (no day-to-day noise, no failures); the simulation counts overload with failures.

use crate::engine::Plan;
use crate::queueing::{mmc_mean_response, mmc_response_quantile, usl_throughput};
use crate::scenario::Scenario;
use serde::Serialize;

/// Mean and 95th percentile of response time in milliseconds (None: overloaded).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Response {
    /// Mean response time (ms).
    pub mean_ms: Option<f64>,
    /// 95th percentile (ms).
    pub p95_ms: Option<f64>,
}

/// One component's queueing estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentLatency {
    /// Component name.
    pub name: String,
    /// Offered load at the average and at the busiest hour (requests/s).
    pub average_rps: f64,
    /// Offered load at the busiest hour.
    pub peak_rps: f64,
    /// Healthy capacity (requests/s, USL applied).
    pub capacity_rps: f64,
    /// At the average hour, every replica up.
    pub at_average: Response,
    /// At the busiest hour, every replica up.
    pub at_peak: Response,
    /// At the busiest hour with one replica down (None with a single replica).
    pub at_peak_one_down: Option<Response>,
}

/// One service's estimate against its objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLatency {
    /// Service name.
    pub name: String,
    /// The objective, if set.
    pub objective_p95_ms: Option<f64>,
    /// Estimated p95 at the busiest hour (None: overloaded).
    pub p95_at_peak_ms: Option<f64>,
    /// Hours of the horizon with the estimate over the objective (or overloaded).
    pub hours_over_objective: f64,
}

/// Latency estimates of a model under a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyReport {
    /// Capacity-limited components.
    pub components: Vec<ComponentLatency>,
    /// Services.
    pub services: Vec<ServiceLatency>,
}

fn response(lambda: f64, per_worker: f64, servers: u32) -> Response {
    Response {
        mean_ms: mmc_mean_response(lambda, per_worker, servers).map(|s| s * 1e3),
        p95_ms: mmc_response_quantile(lambda, per_worker, servers, 0.95).map(|s| s * 1e3),
    }
}

/// A capacity-limited component as a queue at full health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Queue {
    /// Component name.
    pub name: String,
    /// Share of the scenario's load it carries.
    pub weight: f64,
    /// M/M/c servers (workers × replicas).
    pub servers: u32,
    /// Service rate of one server (requests/s).
    pub per_server_rps: f64,
}

impl Queue {
    /// Healthy capacity (requests/s).
    pub fn capacity_rps(&self) -> f64 {
        self.per_server_rps * f64::from(self.servers)
    }

    /// Mean and p95 response at `rps` offered to this component.
    pub fn response(&self, rps: f64) -> Response {
        response(rps, self.per_server_rps, self.servers)
    }
}

/// (servers, service rate of one server) of a capacity-limited component with `up` replicas.
fn queue_at(comp: &crate::model::Component, up: u32) -> Option<(u32, f64)> {
    let x1 = comp.capacity_rps?;
    let (sigma, kappa) = comp.usl.map_or((0.0, 0.0), |u| (u.contention, u.coherency));
    let servers = comp.workers.unwrap_or(1).saturating_mul(up);
    (servers > 0).then(|| {
        (
            servers,
            usl_throughput(up, x1, sigma, kappa) / f64::from(servers),
        )
    })
}

/// Every capacity-limited component of a model as a queue at full health.
pub fn queues(plan: &Plan) -> Vec<Queue> {
    let m = plan.model();
    let weight = plan.load_weights();
    m.components
        .iter()
        .enumerate()
        .filter_map(|(c, comp)| {
            let (servers, per_server_rps) = queue_at(comp, comp.replicas)?;
            Some(Queue {
                name: comp.name.clone(),
                weight: weight[c],
                servers,
                per_server_rps,
            })
        })
        .collect()
}

/// Queueing estimates for every capacity-limited component and every service.
pub fn latency(plan: &Plan, sc: &Scenario, horizon_hours: f64) -> LatencyReport {
    let m = plan.model();
    let hours = horizon_hours.ceil().max(1.0) as usize;
    let profile = sc.hourly_rps(hours);
    let average = profile.iter().sum::<f64>() / profile.len().max(1) as f64;
    let peak = profile.iter().copied().fold(0.0, f64::max);
    let nc = m.components.len();
    let needs = plan.service_needs();
    let weight = plan.load_weights();
    // (servers, per-worker rate) of a component with `up` replicas.
    let queue = |c: usize, up: u32| queue_at(&m.components[c], up);
    let components = (0..nc)
        .filter_map(|c| {
            let n = m.components[c].replicas;
            let (servers, mu) = queue(c, n)?;
            let w = weight[c];
            Some(ComponentLatency {
                name: m.components[c].name.clone(),
                average_rps: w * average,
                peak_rps: w * peak,
                capacity_rps: mu * f64::from(servers),
                at_average: response(w * average, mu, servers),
                at_peak: response(w * peak, mu, servers),
                at_peak_one_down: (n > 1)
                    .then(|| queue(c, n - 1).map(|(s1, mu1)| response(w * peak, mu1, s1)))
                    .flatten(),
            })
        })
        .collect();
    let p95_at = |s: usize, load: f64| -> Option<f64> {
        let mut total = 0.0;
        for c in (0..nc).filter(|&c| needs[s][c]) {
            if let Some((servers, mu)) = queue(c, m.components[c].replicas) {
                total += mmc_response_quantile(weight[c] * load, mu, servers, 0.95)? * 1e3;
            }
        }
        Some(total)
    };
    let services = m
        .services
        .iter()
        .enumerate()
        .map(|(s, svc)| {
            let over = match svc.latency_p95_ms {
                Some(obj) => profile
                    .iter()
                    .enumerate()
                    .filter(|&(_, &l)| p95_at(s, l).is_none_or(|p| p > obj))
                    .map(|(h, _)| (horizon_hours - h as f64).clamp(0.0, 1.0))
                    .fold(0.0, |a, b| a + b),
                None => 0.0,
            };
            ServiceLatency {
                name: svc.name.clone(),
                objective_p95_ms: svc.latency_p95_ms,
                p95_at_peak_ms: p95_at(s, peak),
                hours_over_objective: over,
            }
        })
        .collect();
    LatencyReport {
        components,
        services,
    }
}
