//! A design: the base model with a set of investment options applied. Options that deliver
//! their effect only with some probability (a practice without the leadership that enables
//! it) make the design a mixture: each trial (a simulated year) draws which of them deliver,
//! from a stream keyed by the option's name, and runs the variant with exactly those edits.
//!
//! The draw for option `o` in trial `t` is the same in every design, so two designs that both
//! hold `o` agree on the years it delivers whenever their probabilities agree, and a design
//! with a higher probability delivers in every year the lower one does (common random
//! numbers for the options too).

use super::options::Options;
use crate::edit::Edit;
use crate::engine::Plan;
use crate::scenario::Scenario;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Most options of one design that deliver with a probability strictly between 0 and 1 (the
/// design holds 2^k variants).
pub const MAX_UNCERTAIN: usize = 10;

/// One chosen option and the probability that it delivers in a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Index in the options file.
    pub option: usize,
    /// Its name.
    pub name: String,
    /// Probability it delivers its effect in a simulated year (after leadership).
    pub probability: f64,
}

/// Plans of variants already built, shared by the designs of one comparison or search: the
/// key is the sorted list of options whose edits are applied.
#[derive(Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<Vec<usize>, Arc<Plan>>>,
}

/// A base model with chosen options, ready to run.
pub struct Design {
    /// A label ("base", or the option names joined).
    pub name: String,
    /// Options chosen, with their delivery probabilities, in file order.
    pub deliveries: Vec<Delivery>,
    /// Options' own yearly costs.
    pub options_yearly_cost: f64,
    /// Options' one-off costs.
    pub options_one_off_cost: f64,
    /// Infrastructure cost per year of the model with every chosen option applied (bought
    /// things are paid for whether they deliver in a year or not).
    pub infrastructure_year: f64,
    /// Names of the options that may or may not deliver (the bits of a variant's mask).
    uncertain: Vec<(u64, f64)>,
    /// Variant plans by mask over `uncertain` (bit i: uncertain option i delivers).
    variants: Vec<Arc<Plan>>,
    seed: u64,
}

/// The probability that each chosen option delivers: its own `realised`, raised to the
/// `enables.realised` of any chosen option that enables it.
pub fn deliveries(opts: &Options, chosen: &[usize]) -> Vec<Delivery> {
    let mut chosen: Vec<usize> = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
        .iter()
        .map(|&i| {
            let o = &opts.options[i];
            let p = chosen
                .iter()
                .filter_map(|&j| opts.options[j].enables.as_ref())
                .filter(|en| en.options.contains(&o.name))
                .map(|en| en.realised)
                .fold(o.realised, f64::max);
            Delivery {
                option: i,
                name: o.name.clone(),
                probability: p,
            }
        })
        .collect()
}

/// FNV-1a of a name: the stable key of an option's delivery stream.
fn key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("option:{name}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The uniform draw in [0, 1) that decides whether option `key` delivers in `trial` of a run
/// with `seed` (the same in every design).
pub fn delivery_draw(seed: u64, trial: u64, key: u64) -> f64 {
    let z = mix(mix(seed ^ 0x6f70_7469_6f6e) ^ mix(trial.wrapping_add(1)) ^ key);
    (z >> 11) as f64 / (1u64 << 53) as f64
}

impl PlanCache {
    fn plan(
        &self,
        base: &str,
        origin: &str,
        scenario: Option<&Scenario>,
        opts: &Options,
        applied: Vec<usize>,
    ) -> Result<Arc<Plan>, String> {
        if let Some(p) = self
            .plans
            .lock()
            .ok()
            .and_then(|m| m.get(&applied).cloned())
        {
            return Ok(p);
        }
        let edits: Vec<Edit> = applied
            .iter()
            .flat_map(|&i| opts.options[i].edits.iter().cloned())
            .collect();
        let names: Vec<&str> = applied
            .iter()
            .map(|&i| opts.options[i].name.as_str())
            .collect();
        let (_, plan) = crate::edit::apply_model(base, origin, &edits)
            .map_err(|e| format!("options {}: {e}", names.join(" + ")))?;
        let plan = Arc::new(match scenario {
            Some(sc) => plan.with_scenario(sc.clone()),
            None => plan,
        });
        if let Ok(mut m) = self.plans.lock() {
            m.insert(applied, plan.clone());
        }
        Ok(plan)
    }
}

impl Design {
    /// The base model with options `chosen` (indices into `opts`); every variant is built
    /// and validated now (a combination that makes the model invalid is refused with why).
    pub fn build(
        base: &str,
        origin: &str,
        scenario: Option<&Scenario>,
        opts: &Options,
        chosen: &[usize],
        seed: u64,
        cache: &PlanCache,
    ) -> Result<Design, String> {
        let deliveries = deliveries(opts, chosen);
        let always: Vec<usize> = deliveries
            .iter()
            .filter(|d| d.probability >= 1.0)
            .map(|d| d.option)
            .collect();
        let uncertain: Vec<&Delivery> = deliveries
            .iter()
            .filter(|d| d.probability > 0.0 && d.probability < 1.0)
            .collect();
        if uncertain.len() > MAX_UNCERTAIN {
            return Err(format!(
                "{} options that deliver only some years in one design; at most {MAX_UNCERTAIN}",
                uncertain.len()
            ));
        }
        let mut variants = Vec::with_capacity(1 << uncertain.len());
        for mask in 0..1usize << uncertain.len() {
            let mut applied = always.clone();
            applied.extend(
                uncertain
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| mask >> b & 1 == 1)
                    .map(|(_, d)| d.option),
            );
            applied.sort_unstable();
            variants.push(cache.plan(base, origin, scenario, opts, applied)?);
        }
        let all: Vec<usize> = deliveries.iter().map(|d| d.option).collect();
        let full = cache.plan(base, origin, scenario, opts, all)?;
        let name = if deliveries.is_empty() {
            "base".to_string()
        } else {
            deliveries
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        Ok(Design {
            name,
            options_yearly_cost: deliveries
                .iter()
                .map(|d| opts.options[d.option].yearly_cost)
                .sum(),
            options_one_off_cost: deliveries
                .iter()
                .map(|d| opts.options[d.option].one_off_cost)
                .sum(),
            infrastructure_year: crate::model::money::infrastructure_year(full.model()),
            uncertain: uncertain
                .iter()
                .map(|d| (key(&d.name), d.probability))
                .collect(),
            variants,
            deliveries,
            seed,
        })
    }

    /// The plan trial `trial` runs: the variant of the options that deliver in it.
    pub fn plan_for(&self, trial: u64) -> &Plan {
        let mut mask = 0usize;
        for (b, &(k, p)) in self.uncertain.iter().enumerate() {
            if delivery_draw(self.seed, trial, k) < p {
                mask |= 1 << b;
            }
        }
        &self.variants[mask]
    }

    /// The variant where every option delivers (its services and names stand for all).
    pub fn reference(&self) -> &Plan {
        &self.variants[self.variants.len() - 1]
    }

    /// The design's own yearly cost beyond the base: options' yearly costs, plus their
    /// one-off costs spread over `years`.
    pub fn options_cost_per_year(&self, years: f64) -> f64 {
        self.options_yearly_cost + self.options_one_off_cost / years.max(1e-9)
    }
}

impl crate::engine::PlanSource for Design {
    fn plan_for(&self, trial: u64) -> &Plan {
        Design::plan_for(self, trial)
    }
    fn reference(&self) -> &Plan {
        Design::reference(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_uniform_and_shared() {
        let k = key("runbooks");
        let n = 200_000;
        let below = (0..n).filter(|&t| delivery_draw(1, t, k) < 0.4).count() as f64 / n as f64;
        // Binomial standard error at p = 0.4: sqrt(0.24 / n) ≈ 0.0011.
        assert!((below - 0.4).abs() < 0.005, "{below}");
        assert_ne!(delivery_draw(1, 5, k), delivery_draw(2, 5, k));
        assert_ne!(
            delivery_draw(1, 5, k),
            delivery_draw(1, 5, key("monitoring"))
        );
    }
}
