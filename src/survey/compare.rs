//! Survey against simulation: what people believe (survey weights) beside what the simulation
//! says (an option's Δexpected loss per unit of cost, a challenge's attributed downtime), both
//! as shares, with rank agreement and the places where they disagree most. Pure functions: the
//! simulated figures are inputs.

use super::rank::{average_ranks, kendall_tau_b, spearman_rho};
use super::{Survey, SurveyError, same_name};
use crate::model::Diagnostic;
use serde::Serialize;

/// A simulated figure with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The estimate.
    pub mean: f64,
    /// Its 95 % interval, low then high.
    pub ci95: [f64; 2],
}

/// One investment option as simulated: the input of [`options_vs_survey`].
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedOption {
    /// The option's name (`[[option]] name`).
    pub name: String,
    /// The survey item it belongs to (`[[option]] survey_item`; `table/Item` also works).
    pub survey_item: String,
    /// Its simulated value: expected yearly loss avoided (base minus option, from the paired
    /// comparison) per unit of yearly cost, with the 95 % interval of that ratio. Must be
    /// finite: an option with no cost has no value per unit of cost (leave it out).
    pub value: Estimate,
}

/// Downtime the simulation attributes to one `challenge` label of the model: the input of
/// [`challenges_vs_survey`]. Hours per year (or a share; only proportions matter).
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeDowntime {
    /// The label as written in the model (`challenge = "Scalability Issues"`).
    pub label: String,
    /// Downtime attributed to it, ≥ 0, with its 95 % interval.
    pub downtime: Estimate,
}

/// One thing to compare, for [`agreement`].
#[derive(Debug, Clone, PartialEq)]
pub struct PointInput {
    /// What it is (an option's name, a challenge).
    pub name: String,
    /// The survey table of its item.
    pub table: String,
    /// The survey item.
    pub item: String,
    /// The item's survey weight.
    pub survey_weight: f64,
    /// The simulated figure (larger = more valuable or more downtime).
    pub simulated: Estimate,
}

/// One compared point with shares and ranks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// What it is.
    pub name: String,
    /// The survey table of its item.
    pub table: String,
    /// The survey item.
    pub item: String,
    /// The item's survey weight (within its table).
    pub survey_weight: f64,
    /// survey_weight / Σ survey_weight over the compared points.
    pub survey_share: f64,
    /// 1 = most believed; ties share the mean of their places.
    pub survey_rank: f64,
    /// The simulated figure as given.
    pub simulated: Estimate,
    /// simulated / Σ |simulated mean| over the compared points (the interval scaled alike).
    pub simulated_share: Estimate,
    /// 1 = largest simulated figure; ties share the mean of their places.
    pub simulated_rank: f64,
    /// simulated_rank − survey_rank: above 0 when belief ranks it higher than the simulation.
    pub rank_difference: f64,
}

/// A pair the survey orders one way and the simulation clearly the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reversal {
    /// The point the survey weighs more.
    pub believed_higher: String,
    /// The point whose simulated 95 % interval lies wholly above the other's.
    pub simulated_higher: String,
}

/// How far belief and simulation agree over a set of points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The points, in the order given.
    pub points: Vec<Point>,
    /// Spearman's ρ of survey weights and simulated means (None below two points or when one
    /// side is all tied).
    pub spearman_rho: Option<f64>,
    /// Kendall's τ-b of the same.
    pub kendall_tau_b: Option<f64>,
    /// The points with the largest |rank_difference|, when it is at least one place (all of
    /// them on a tie), most believed first.
    pub largest_rank_differences: Vec<String>,
    /// Every pair (i, j) where the survey weighs i strictly above j but i's simulated 95 %
    /// interval lies wholly below j's (high of i < low of j), most believed i first.
    pub clear_reversals: Vec<Reversal>,
}

/// Compare belief with simulation over a set of points: shares, ranks, Spearman's ρ,
/// Kendall's τ-b, the largest rank differences and the clear reversals (see [`Agreement`]).
/// Non-overlap of two 95 % intervals is a conservative test of a difference, so a clear
/// reversal is one the simulation is sure of; paired (common random number) intervals make it
/// more conservative still.
pub fn agreement(inputs: Vec<PointInput>) -> Agreement {
    let weights: Vec<f64> = inputs.iter().map(|p| p.survey_weight).collect();
    let means: Vec<f64> = inputs.iter().map(|p| p.simulated.mean).collect();
    let weight_total: f64 = weights.iter().sum();
    let mean_total: f64 = means.iter().map(|m| m.abs()).sum();
    let survey_rank = average_ranks(&weights, true);
    let simulated_rank = average_ranks(&means, true);
    let share = |x: f64, total: f64| if total > 0.0 { x / total } else { 0.0 };
    let points: Vec<Point> = inputs
        .into_iter()
        .enumerate()
        .map(|(k, p)| Point {
            survey_share: share(p.survey_weight, weight_total),
            survey_rank: survey_rank[k],
            simulated_share: Estimate {
                mean: share(p.simulated.mean, mean_total),
                ci95: p.simulated.ci95.map(|c| share(c, mean_total)),
            },
            simulated_rank: simulated_rank[k],
            rank_difference: simulated_rank[k] - survey_rank[k],
            name: p.name,
            table: p.table,
            item: p.item,
            survey_weight: p.survey_weight,
            simulated: p.simulated,
        })
        .collect();
    let mut by_belief: Vec<usize> = (0..points.len()).collect();
    by_belief.sort_by(|&a, &b| points[a].survey_rank.total_cmp(&points[b].survey_rank));
    let largest = points
        .iter()
        .map(|p| p.rank_difference.abs())
        .fold(0.0, f64::max);
    let largest_rank_differences = if largest >= 1.0 {
        by_belief
            .iter()
            .filter(|&&k| (points[k].rank_difference.abs() - largest).abs() < 1e-9)
            .map(|&k| points[k].name.clone())
            .collect()
    } else {
        Vec::new()
    };
    let mut clear_reversals = Vec::new();
    for &i in &by_belief {
        for &j in &by_belief {
            let (a, b) = (&points[i], &points[j]);
            if a.survey_weight > b.survey_weight && a.simulated.ci95[1] < b.simulated.ci95[0] {
                clear_reversals.push(Reversal {
                    believed_higher: a.name.clone(),
                    simulated_higher: b.name.clone(),
                });
            }
        }
    }
    Agreement {
        spearman_rho: spearman_rho(&weights, &means),
        kendall_tau_b: kendall_tau_b(&weights, &means),
        points,
        largest_rank_differences,
        clear_reversals,
    }
}

/// The agreement over the options of one survey table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableAgreement {
    /// The survey table.
    pub table: String,
    /// The agreement over its options.
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// Options against the survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionsVsSurvey {
    /// Every option whose item the survey has. Survey weights sum to 1 within each table, so
    /// across tables this mixes scales; `by_table` is the strict comparison.
    pub all: Agreement,
    /// One agreement per survey table that has options, in the survey's order.
    pub by_table: Vec<TableAgreement>,
    /// Options whose `survey_item` the survey does not have (left out above).
    pub not_in_survey: Vec<String>,
}

/// Set each option's survey weight (its item's weight; options sharing an item each get it in
/// full) beside its simulated value per unit of cost. `origin` names where the options came
/// from in messages; a value that is not finite, or an interval whose low end is above its
/// high end, is refused.
pub fn options_vs_survey(
    survey: &Survey,
    options: &[SimulatedOption],
    origin: &str,
) -> Result<OptionsVsSurvey, SurveyError> {
    let mut problems = Vec::new();
    for o in options {
        check(
            &mut problems,
            &format!("option \"{}\".value", o.name),
            &o.value,
            false,
        );
    }
    fail(origin, problems)?;
    let mut points = Vec::new();
    let mut not_in_survey = Vec::new();
    for o in options {
        match survey.find_item(&o.survey_item) {
            Some((t, i)) => points.push(PointInput {
                name: o.name.clone(),
                table: t.name.clone(),
                item: i.name.clone(),
                survey_weight: i.weight,
                simulated: o.value,
            }),
            None => not_in_survey.push(o.name.clone()),
        }
    }
    let by_table = survey
        .tables
        .iter()
        .filter_map(|t| {
            let here: Vec<PointInput> = points
                .iter()
                .filter(|p| same_name(&p.table, &t.name))
                .cloned()
                .collect();
            (!here.is_empty()).then(|| TableAgreement {
                table: t.name.clone(),
                agreement: agreement(here),
            })
        })
        .collect();
    Ok(OptionsVsSurvey {
        all: agreement(points),
        by_table,
        not_in_survey,
    })
}

/// Challenges against the survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChallengesVsSurvey {
    /// The survey table compared.
    pub table: String,
    /// Labels the survey has: survey weight beside attributed downtime.
    #[serde(flatten)]
    pub agreement: Agreement,
    /// Challenge labels in the model that the survey table does not have (left out above).
    pub labels_not_in_survey: Vec<String>,
    /// Survey challenges no part of the model carries (not modelled, so not compared).
    pub survey_items_not_in_model: Vec<String>,
}

/// Set the downtime the simulation attributes to each challenge label beside the survey's
/// weight for that challenge (items of `table`, normally [`super::CHALLENGES_TABLE`], matched
/// case-insensitively). Shares are over the matched labels only; labels the survey lacks and
/// survey challenges the model does not carry are listed, not compared. A label given twice,
/// a negative or non-finite downtime, or a survey without the table is refused.
pub fn challenges_vs_survey(
    survey: &Survey,
    table: &str,
    downtime: &[ChallengeDowntime],
    origin: &str,
) -> Result<ChallengesVsSurvey, SurveyError> {
    let mut problems = Vec::new();
    let Some(t) = survey.table(table) else {
        let tables: Vec<&str> = survey.tables.iter().map(|t| t.name.as_str()).collect();
        problems.push(Diagnostic {
            pos: None,
            key: String::new(),
            message: format!(
                "the survey ({}) has no table `{table}` (it has: {})",
                survey.origin,
                tables.join(", ")
            ),
        });
        return Err(SurveyError {
            origin: origin.to_string(),
            diagnostics: problems,
        });
    };
    for (k, d) in downtime.iter().enumerate() {
        let key = format!("challenge \"{}\"", d.label);
        check(&mut problems, &key, &d.downtime, true);
        if downtime[..k].iter().any(|e| same_name(&e.label, &d.label)) {
            problems.push(Diagnostic {
                pos: None,
                key,
                message: "is given twice: give each label's downtime once".into(),
            });
        }
    }
    fail(origin, problems)?;
    let mut points = Vec::new();
    let mut labels_not_in_survey = Vec::new();
    for d in downtime {
        match t.item(&d.label) {
            Some(i) => points.push(PointInput {
                name: i.name.clone(),
                table: t.name.clone(),
                item: i.name.clone(),
                survey_weight: i.weight,
                simulated: d.downtime,
            }),
            None => labels_not_in_survey.push(d.label.clone()),
        }
    }
    let survey_items_not_in_model = t
        .items
        .iter()
        .filter(|i| !downtime.iter().any(|d| same_name(&d.label, &i.name)))
        .map(|i| i.name.clone())
        .collect();
    Ok(ChallengesVsSurvey {
        table: t.name.clone(),
        agreement: agreement(points),
        labels_not_in_survey,
        survey_items_not_in_model,
    })
}

fn check(problems: &mut Vec<Diagnostic>, key: &str, e: &Estimate, non_negative: bool) {
    let finite = e.mean.is_finite() && e.ci95.iter().all(|c| c.is_finite());
    let message = if !finite {
        Some("must be finite (mean and both ends of the 95 % interval)".to_string())
    } else if e.ci95[0] > e.ci95[1] {
        Some(format!(
            "the 95 % interval [{}, {}] has its low end above its high end",
            e.ci95[0], e.ci95[1]
        ))
    } else if non_negative && (e.mean < 0.0 || e.ci95[0] < 0.0) {
        Some("downtime must be >= 0".to_string())
    } else {
        None
    };
    if let Some(message) = message {
        problems.push(Diagnostic {
            pos: None,
            key: key.to_string(),
            message,
        });
    }
}

fn fail(origin: &str, problems: Vec<Diagnostic>) -> Result<(), SurveyError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SurveyError {
            origin: origin.to_string(),
            diagnostics: problems,
        })
    }
}
