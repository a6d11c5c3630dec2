//! Downtime attributed to each survey challenge label of a model (`challenge = "…"` on
//! components, zones and regions), per year with a 95 % interval, from per-trial records:
//! the input of [`crate::survey::challenges_vs_survey`].

use crate::engine::{MONEY_YEAR_HOURS, Plan, TrialRecord};
use crate::stats::Moments;
use crate::survey::{ChallengeDowntime, Estimate};

/// Sums each trial's model downtime by the challenge label of the cause that started it.
#[derive(Debug, Clone)]
pub struct ChallengeTally {
    /// Labels in the order first met (components, zones, regions of the model).
    labels: Vec<String>,
    /// For each cause index of [`Plan::cause_names`]: its label's index, if it has one.
    of_cause: Vec<Option<usize>>,
    /// Per label: hours per year over trials.
    moments: Vec<Moments>,
    per_year: f64,
    scratch: Vec<f64>,
}

impl ChallengeTally {
    /// A tally for runs of `plan` over `horizon_hours` (figures are scaled to a year of
    /// [`MONEY_YEAR_HOURS`]).
    pub fn new(plan: &Plan, horizon_hours: f64) -> ChallengeTally {
        let m = plan.model();
        let tags: Vec<Option<&str>> = m
            .components
            .iter()
            .map(|c| c.challenge.as_deref())
            .chain(m.zones.iter().map(|z| z.challenge.as_deref()))
            .chain(m.regions.iter().map(|r| r.challenge.as_deref()))
            .chain(m.common_causes.iter().map(|_| None))
            .collect();
        let mut labels: Vec<String> = Vec::new();
        let of_cause = tags
            .iter()
            .map(|t| {
                let t = (*t)?.trim();
                Some(match labels.iter().position(|l| l == t) {
                    Some(i) => i,
                    None => {
                        labels.push(t.to_string());
                        labels.len() - 1
                    }
                })
            })
            .collect();
        ChallengeTally {
            moments: vec![Moments::default(); labels.len()],
            scratch: vec![0.0; labels.len()],
            labels,
            of_cause,
            per_year: MONEY_YEAR_HOURS / horizon_hours.max(1e-9),
        }
    }

    /// Add one trial.
    pub fn push(&mut self, r: &TrialRecord) {
        self.scratch.iter_mut().for_each(|x| *x = 0.0);
        for &(cause, hours) in &r.caused {
            if let Some(Some(l)) = self.of_cause.get(cause as usize) {
                self.scratch[*l] += hours;
            }
        }
        for (m, h) in self.moments.iter_mut().zip(&self.scratch) {
            m.push(h * self.per_year);
        }
    }

    /// Downtime per year attributed to each label (interval clipped at 0), in label order.
    pub fn result(&self) -> Vec<ChallengeDowntime> {
        self.labels
            .iter()
            .zip(&self.moments)
            .map(|(l, m)| {
                let e = m.summary();
                ChallengeDowntime {
                    label: l.clone(),
                    downtime: Estimate {
                        mean: e.mean.max(0.0),
                        ci95: [e.ci95[0].max(0.0), e.ci95[1].max(0.0)],
                    },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
[model]
name = "m"
horizon_hours = 4380

[[zone]]
name = "az-a"
failure = { dist = "exponential", mean_hours = 87600 }
repair = { dist = "exponential", mean_hours = 2 }
challenge = "Disaster Recovery"

[[component]]
name = "web"
zones = ["az-a"]
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "exponential", mean_hours = 1 }
challenge = "Scalability Issues"

[[component]]
name = "db"
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "exponential", mean_hours = 1 }
challenge = "Scalability Issues"

[[component]]
name = "dns"
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "exponential", mean_hours = 1 }

[[service]]
name = "shop"
requires = ["web", "db", "dns"]
"#;

    fn record(caused: Vec<(u32, f64)>) -> TrialRecord {
        TrialRecord {
            trial: 0,
            events: 0,
            down_hours: caused.iter().map(|c| c.1).sum(),
            outages: 0,
            service_down_hours: vec![],
            service_outages: vec![],
            requests: vec![],
            loss: 0.0,
            sla_credits: 0.0,
            service_loss: vec![],
            caused,
        }
    }

    #[test]
    fn causes_add_up_by_label_per_year() {
        let plan = crate::load::plan_from_str(SRC, "m.toml").expect("valid");
        // Causes: web 0, db 1, dns 2, zone:az-a 3.
        assert_eq!(plan.cause_names()[3], "zone:az-a");
        let mut t = ChallengeTally::new(&plan, 4380.0);
        t.push(&record(vec![(0, 1.0), (1, 2.0), (2, 5.0), (3, 0.5)]));
        t.push(&record(vec![(1, 1.0)]));
        let r = t.result();
        let labels: Vec<&str> = r.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Scalability Issues", "Disaster Recovery"]);
        // A half-year horizon: per year = 2 × hours. Scalability: trials 3 h and 1 h → 6, 2.
        assert!((r[0].downtime.mean - 4.0).abs() < 1e-12);
        // Sample sd of (6, 2) = 2√2, se = 2; ci = 4 ± 1.96 × 2 (low clipped at 0).
        assert!((r[0].downtime.ci95[1] - (4.0 + crate::stats::Z95 * 2.0)).abs() < 1e-9);
        assert_eq!(r[0].downtime.ci95[0], 0.0);
        assert!((r[1].downtime.mean - 0.5).abs() < 1e-12);
    }
}
