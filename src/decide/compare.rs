//! Paired comparisons of designs with common random numbers: a base model against another
//! model, or against itself with investment options applied, every side run on the same seed
//! and trials so that the per-trial differences (and their intervals) are paired.
//!
//! The one function [`compare`] is what `nines compare`, `nines survey --model` and the
//! workbench's Tradeoffs view all call; it reports progress and honours cancellation through
//! the engine's [`Observer`].

use super::options::{Options, OptionsError};
use super::paired::{FixedCosts, Paired, TrialMetrics, paired};
use super::portfolio::{Delivery, Design, PlanCache};
use crate::engine::{EngineError, MoneyStats, Observer, Plan, PlanSource, RunConfig, RunResults};
use crate::model::ModelError;
use crate::scenario::Scenario;
use crate::stats::{Estimate, Moments};
use serde::Serialize;

/// Most trials per side: pairing keeps 32 bytes per trial for the base and for the side
/// being run (20 million trials: 1.3 GB).
pub const MAX_COMPARE_TRIALS: u64 = 20_000_000;

/// Default years over which one-off costs are spread in total costs (`--years`).
pub const DEFAULT_YEARS: f64 = 3.0;

/// What the base is compared against.
#[derive(Debug, Clone, Copy)]
pub enum Against<'a> {
    /// Another model: its text and the name of its file (for messages).
    Model {
        /// The other model's TOML text.
        text: &'a str,
        /// Its file name.
        origin: &'a str,
    },
    /// The base with investment options applied: one comparison per set of option indices
    /// (into `options.options`; see [`each_option`] and [`named_set`]).
    Options {
        /// The options file, read with [`super::parse_options`].
        options: &'a Options,
        /// The sets to compare with the base, in the order reported.
        sets: &'a [Vec<usize>],
    },
}

/// How many trials and years a comparison runs.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSettings {
    /// Trials each side runs (the same trials on both sides), at least 1.
    pub trials: u64,
    /// Seed of every side.
    pub seed: u64,
    /// Worker threads (`None`: every core); the results do not depend on it.
    pub threads: Option<usize>,
    /// Years over which one-off costs are spread in total costs (> 0).
    pub years: f64,
}

impl Default for CompareSettings {
    fn default() -> Self {
        CompareSettings {
            trials: 10_000,
            seed: 1,
            threads: None,
            years: DEFAULT_YEARS,
        }
    }
}

/// Everything a comparison needs.
#[derive(Debug, Clone, Copy)]
pub struct CompareInput<'a> {
    /// The base model's TOML text.
    pub base_text: &'a str,
    /// Its file name (for messages).
    pub base_origin: &'a str,
    /// A load scenario every side runs under.
    pub scenario: Option<&'a Scenario>,
    /// What the base is compared against.
    pub against: Against<'a>,
}

/// Why a comparison did not produce results.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// The base or the other model is invalid.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// An option does not fit the base model (its edits fail or make the model invalid):
    /// the message names the options file, line and key.
    #[error("{0}")]
    Options(#[from] OptionsError),
    /// A set of options cannot be built (a combination makes the model invalid, an option
    /// index is out of range, too many uncertain options).
    #[error("{0}")]
    Design(String),
    /// The two sides cannot be compared (different currencies or horizons, bad settings).
    #[error("{0}")]
    Mismatch(String),
    /// A run failed or was cancelled ([`EngineError::Cancelled`]).
    #[error("{0}")]
    Engine(#[from] EngineError),
    /// Something inside nines failed (a poisoned lock).
    #[error("internal error: {0}")]
    Internal(String),
}

/// One side of a comparison, summarised on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// "base", the other model's name, or the option names joined with " + ".
    pub name: String,
    /// Options applied (empty for a model).
    pub options: Vec<String>,
    /// Options that deliver only in some years, with the probability they do.
    pub deliveries: Vec<DeliveryShare>,
    /// Mean availability (model), with interval.
    pub availability: Estimate,
    /// Mean share of requests served (with a scenario).
    pub served: Option<Estimate>,
    /// Downtime loss per year, with p90 and p99 (bad years).
    pub downtime_loss: MoneyStats,
    /// Net SLA credits per year.
    pub sla_credits: MoneyStats,
    /// Fixed costs per year: infrastructure and options.
    pub fixed: FixedCosts,
    /// Expected total cost per year: fixed (one-off spread over the years) + loss + credits.
    pub total_cost: f64,
    /// Replica failures and repairs processed.
    pub events: u64,
}

/// An option of a side and the probability it delivers its effect in a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryShare {
    /// The option.
    pub name: String,
    /// Probability it delivers in a year.
    pub probability: f64,
}

/// One comparison: a side against the base, paired trial by trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The side's name.
    pub name: String,
    /// Option indices (into the options file) of the set; empty for a model.
    pub option_indices: Vec<usize>,
    /// The survey items of the options in the set (for survey against simulation).
    pub survey_items: Vec<String>,
    /// The side on its own.
    pub other: Side,
    /// The paired differences (other − base), p_better, ROI and payback.
    #[serde(flatten)]
    pub paired: Paired,
}

/// Downtime of the base attributed to one `challenge` label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChallengeHours {
    /// The label as written in the model.
    pub label: String,
    /// Hours of model downtime per year started by failures carrying the label, with interval.
    pub hours_per_year: Estimate,
}

/// What a comparison found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareResults {
    /// The base model's name.
    pub model: String,
    /// Hash of the base model's text.
    pub model_hash: String,
    /// The other model's name and hash (model against model).
    pub other_model: Option<String>,
    /// Hash of the other model's text.
    pub other_model_hash: Option<String>,
    /// The options file (options form).
    pub options_file: Option<String>,
    /// The currency of every money figure.
    pub currency: String,
    /// Trials per side.
    pub trials: u64,
    /// The seed of every side.
    pub seed: u64,
    /// Hours per trial.
    pub horizon_hours: f64,
    /// Years one-off costs are spread over.
    pub years: f64,
    /// The version of nines that ran it.
    pub nines_version: &'static str,
    /// The base on its own.
    pub base: Side,
    /// One per other side, in the order asked for.
    pub comparisons: Vec<Comparison>,
    /// The base's downtime by `challenge` label (labels in first-seen order: components,
    /// zones, regions, common causes); empty when the model carries none.
    pub challenges: Vec<ChallengeHours>,
    /// Services of the base priced by `revenue` only, which lose nothing without a load
    /// scenario (a note for the reader).
    pub revenue_without_scenario: Vec<String>,
    /// Wall-clock seconds of all runs.
    pub wall_seconds: f64,
}

/// How to order comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// Lowest Δ total cost per year first (the biggest saving).
    #[default]
    TotalCost,
    /// Highest ROI first (sides with no yearly cost last, by Δ total cost).
    Roi,
}

impl CompareResults {
    /// Indices of `comparisons`, best first.
    pub fn ranking(&self, by: RankBy) -> Vec<usize> {
        let c = &self.comparisons;
        let mut idx: Vec<usize> = (0..c.len()).collect();
        let total = |i: usize| c[i].paired.difference.total_cost.mean;
        idx.sort_by(|&a, &b| match by {
            RankBy::TotalCost => total(a).total_cmp(&total(b)),
            RankBy::Roi => match (c[a].paired.roi, c[b].paired.roi) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => total(a).total_cmp(&total(b)),
            },
        });
        idx
    }
}

/// One set per option: the base against the base with each option alone.
pub fn each_option(options: &Options) -> Vec<Vec<usize>> {
    (0..options.options.len()).map(|i| vec![i]).collect()
}

/// The set of the named options (one comparison); an unknown name is refused with the names
/// the file has.
pub fn named_set(options: &Options, names: &[String]) -> Result<Vec<usize>, String> {
    let mut set = names
        .iter()
        .map(|n| options.index_of(n))
        .collect::<Result<Vec<_>, _>>()?;
    set.sort_unstable();
    set.dedup();
    Ok(set)
}

/// Compare the base with every other side on the same seed and trials (common random
/// numbers), each side run with [`crate::engine::run_source`]. `cache` keeps the plans of
/// option sets for the next call (discard it when the base text or the options change).
/// Progress counts trials over all sides; `observer.should_stop()` cancels;
/// `observer.on_trials` gets every side's per-trial rows in turn (the base's, then each set's
/// in order, all in trial order), e.g. for a loss histogram.
pub fn compare(
    input: &CompareInput,
    settings: &CompareSettings,
    cache: &PlanCache,
    observer: &dyn Observer,
) -> Result<CompareResults, CompareError> {
    let start = std::time::Instant::now();
    if !(settings.years.is_finite() && settings.years > 0.0) {
        return Err(CompareError::Mismatch(format!(
            "years must be a number > 0, found {}",
            settings.years
        )));
    }
    if settings.trials == 0 || settings.trials > MAX_COMPARE_TRIALS {
        return Err(CompareError::Mismatch(format!(
            "trials must be from 1 to {MAX_COMPARE_TRIALS} per side (pairing keeps every trial), found {}",
            settings.trials
        )));
    }
    let base_plan = with_scenario(
        crate::load::plan_from_str(input.base_text, input.base_origin)?,
        input.scenario,
    );
    let horizon = base_plan.horizon_hours();
    let currency = base_plan.model().model.currency().to_string();
    let mut sides: Vec<Pending> = Vec::new();
    let mut options_file = None;
    let (mut other_model, mut other_model_hash) = (None, None);
    match input.against {
        Against::Model { text, origin } => {
            let plan = with_scenario(crate::load::plan_from_str(text, origin)?, input.scenario);
            let m = plan.model();
            if m.model.currency() != currency {
                return Err(CompareError::Mismatch(format!(
                    "{origin} counts in {} but {} counts in {currency}: give both the same [model] currency",
                    m.model.currency(),
                    input.base_origin
                )));
            }
            if plan.horizon_hours() != horizon {
                return Err(CompareError::Mismatch(format!(
                    "{origin} has horizon_hours = {} but {} has {horizon}: paired trials need the same horizon",
                    plan.horizon_hours(),
                    input.base_origin
                )));
            }
            other_model = Some(m.model.name.clone());
            other_model_hash = Some(crate::model::model_hash(text.as_bytes()));
            sides.push(Pending {
                name: m.model.name.clone(),
                fixed: FixedCosts {
                    infrastructure_year: crate::model::money::infrastructure_year(m),
                    ..FixedCosts::default()
                },
                source: Source::Plan(Box::new(plan)),
                indices: Vec::new(),
                options: Vec::new(),
                survey_items: Vec::new(),
                deliveries: Vec::new(),
            });
        }
        Against::Options { options, sets } => {
            options_file = Some(options.origin.clone());
            check_options(input, options, sets)?;
            for set in sets {
                let d = Design::build(
                    input.base_text,
                    input.base_origin,
                    input.scenario,
                    options,
                    set,
                    settings.seed,
                    cache,
                )
                .map_err(CompareError::Design)?;
                sides.push(Pending {
                    name: d.name.clone(),
                    fixed: FixedCosts {
                        infrastructure_year: d.infrastructure_year,
                        options_yearly: d.options_yearly_cost,
                        options_one_off: d.options_one_off_cost,
                    },
                    indices: d.deliveries.iter().map(|x| x.option).collect(),
                    options: d.deliveries.iter().map(|x| x.name.clone()).collect(),
                    survey_items: d
                        .deliveries
                        .iter()
                        .filter_map(|x| options.options[x.option].survey_item.clone())
                        .collect(),
                    deliveries: uncertain(&d.deliveries),
                    source: Source::Design(Box::new(d)),
                });
            }
        }
    }
    let cfg = RunConfig {
        trials: settings.trials,
        seed: settings.seed,
        threads: settings.threads,
        record_trials: true,
        ..RunConfig::default()
    };
    let runs = sides.len() as u64 + 1;
    let labels = challenge_labels(&base_plan);
    let base_fixed = FixedCosts {
        infrastructure_year: crate::model::money::infrastructure_year(base_plan.model()),
        ..FixedCosts::default()
    };
    let collect = Collector::new(observer, 0, runs, settings.trials, horizon, Some(&labels));
    let base_results = crate::engine::run(&base_plan, &cfg, &collect)?;
    let (base_metrics, challenge_moments) = collect.into_parts()?;
    let base = side(
        "base".into(),
        Vec::new(),
        Vec::new(),
        &base_results,
        &base_metrics,
        base_fixed,
        settings.years,
    );
    let mut comparisons = Vec::with_capacity(sides.len());
    for (k, s) in sides.into_iter().enumerate() {
        let collect = Collector::new(observer, k as u64 + 1, runs, settings.trials, horizon, None);
        let r = crate::engine::run_source(s.source.as_source(), &cfg, &collect)?;
        let (metrics, _) = collect.into_parts()?;
        let p = paired(&base_metrics, &metrics, base_fixed, s.fixed, settings.years);
        let other = side(
            s.name.clone(),
            s.options,
            s.deliveries,
            &r,
            &metrics,
            s.fixed,
            settings.years,
        );
        comparisons.push(Comparison {
            name: s.name,
            option_indices: s.indices,
            survey_items: s.survey_items,
            other,
            paired: p,
        });
    }
    let per_year = crate::engine::MONEY_YEAR_HOURS / horizon;
    let challenges = labels
        .names
        .iter()
        .zip(&challenge_moments)
        .map(|(label, m)| ChallengeHours {
            label: label.clone(),
            hours_per_year: m.summary().affine(0.0, per_year),
        })
        .collect();
    Ok(CompareResults {
        model: base_plan.model().model.name.clone(),
        model_hash: crate::model::model_hash(input.base_text.as_bytes()),
        other_model,
        other_model_hash,
        options_file,
        currency,
        trials: base_results.trials,
        seed: settings.seed,
        horizon_hours: horizon,
        years: settings.years,
        nines_version: env!("CARGO_PKG_VERSION"),
        base,
        comparisons,
        challenges,
        revenue_without_scenario: if input.scenario.is_some() {
            Vec::new()
        } else {
            base_plan
                .model()
                .services
                .iter()
                .filter(|s| s.revenue.is_some() && s.downtime_cost.is_none())
                .map(|s| s.name.clone())
                .collect()
        },
        wall_seconds: start.elapsed().as_secs_f64(),
    })
}

fn with_scenario(plan: Plan, scenario: Option<&Scenario>) -> Plan {
    match scenario {
        Some(sc) => plan.with_scenario(sc.clone()),
        None => plan,
    }
}

/// Check the options the sets use against the base (positions in the options file).
fn check_options(
    input: &CompareInput,
    options: &Options,
    sets: &[Vec<usize>],
) -> Result<(), CompareError> {
    let n = options.options.len();
    if let Some(&bad) = sets.iter().flatten().find(|&&i| i >= n) {
        return Err(CompareError::Design(format!(
            "{}: option index {bad} is out of range (the file has {n} options)",
            options.origin
        )));
    }
    let mut used: Vec<usize> = sets.iter().flatten().copied().collect();
    used.sort_unstable();
    used.dedup();
    let subset = Options {
        options: used.iter().map(|&i| options.options[i].clone()).collect(),
        ..options.clone()
    };
    subset.check_against(input.base_text, input.base_origin)?;
    Ok(())
}

fn uncertain(d: &[Delivery]) -> Vec<DeliveryShare> {
    d.iter()
        .filter(|x| x.probability < 1.0)
        .map(|x| DeliveryShare {
            name: x.name.clone(),
            probability: x.probability,
        })
        .collect()
}

fn side(
    name: String,
    options: Vec<String>,
    deliveries: Vec<DeliveryShare>,
    r: &RunResults,
    metrics: &[TrialMetrics],
    fixed: FixedCosts,
    years: f64,
) -> Side {
    let mut served = Moments::default();
    for m in metrics.iter().filter(|m| m.served.is_finite()) {
        served.push(m.served);
    }
    Side {
        name,
        options,
        deliveries,
        availability: r.model.availability,
        served: (served.n > 0).then(|| served.summary()),
        downtime_loss: r.cost.downtime_loss,
        sla_credits: r.cost.sla_credits,
        total_cost: fixed.per_year(years) + r.cost.downtime_loss.mean + r.cost.sla_credits.mean,
        fixed,
        events: r.events,
    }
}

/// A side waiting to run.
struct Pending {
    name: String,
    fixed: FixedCosts,
    source: Source,
    indices: Vec<usize>,
    options: Vec<String>,
    survey_items: Vec<String>,
    deliveries: Vec<DeliveryShare>,
}

enum Source {
    Plan(Box<Plan>),
    Design(Box<Design>),
}

impl Source {
    fn as_source(&self) -> &dyn PlanSource {
        match self {
            Source::Plan(p) => p.as_ref(),
            Source::Design(d) => d.as_ref(),
        }
    }
}

mod collect;
#[cfg(test)]
mod tests;

use collect::{Collector, challenge_labels};
