//! `nines survey --model M --options F`: every option simulated against the model (paired,
//! common random numbers), its value per unit of cost set beside its survey item's weight,
//! and the model's downtime by `challenge` beside the survey's challenge table.

use super::compare::{RunArgs, Target, named, read_options_file, run_comparison};
use crate::decide::CompareResults;
use crate::decide::believed::{challenge_downtime, option_values, survey_sets};
use crate::error::Error;
use crate::survey::{
    Agreement, CHALLENGES_TABLE, ChallengesVsSurvey, OptionsVsSurvey, Survey, challenges_vs_survey,
    options_vs_survey,
};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

/// The survey against one simulation.
pub(crate) struct SurveySim {
    results: CompareResults,
    options: OptionsVsSurvey,
    challenges: Option<ChallengesVsSurvey>,
}

/// Run the comparisons a survey needs and set them beside the survey.
pub(crate) fn simulate(
    survey: &Survey,
    model: &Path,
    options: &Path,
    run: &RunArgs,
    quiet: bool,
) -> Result<SurveySim, Error> {
    let opts = read_options_file(options)?;
    let only = named(&opts, &run.option)?;
    let sets = survey_sets(&opts, &only);
    let results = run_comparison(model, Target::Options(&opts, &sets), run, quiet)?;
    let values = option_values(&results, &opts);
    let options = options_vs_survey(survey, &values, &opts.origin)?;
    let downtime = challenge_downtime(&results);
    let challenges = if downtime.is_empty() || survey.table(CHALLENGES_TABLE).is_none() {
        None
    } else {
        Some(challenges_vs_survey(
            survey,
            CHALLENGES_TABLE,
            &downtime,
            &model.display().to_string(),
        )?)
    };
    Ok(SurveySim {
        results,
        options,
        challenges,
    })
}

/// The `simulation` object of `survey --json`.
pub(crate) fn json(s: &SurveySim) -> Value {
    let r = &s.results;
    json!({
        "model": r.model, "model_hash": r.model_hash, "options_file": r.options_file,
        "seed": r.seed, "trials": r.trials, "years": r.years, "currency": r.currency,
        "nines_version": r.nines_version,
        "value": "expected yearly loss avoided (downtime loss and SLA credits, paired with the model) per unit of the option's yearly cost (yearly cost + one-off / years + extra infrastructure); leadership options: what they add to the options they enable",
        "options": s.options,
        "challenges": s.challenges,
        "comparisons": r.comparisons.iter().map(|c| json!({
            "name": c.name, "loss_avoided": c.paired.loss_avoided,
            "yearly_cost": c.paired.yearly_cost, "one_off_cost": c.paired.one_off_cost,
            "difference": c.paired.difference,
        })).collect::<Vec<_>>(),
        "wall_seconds": r.wall_seconds,
    })
}

fn rank_text(x: Option<f64>) -> String {
    x.map(|v| format!("{v:+.3}")).unwrap_or_else(|| "-".into())
}

fn write_agreement(
    out: &mut dyn Write,
    title: &str,
    a: &Agreement,
    unit: &str,
) -> std::io::Result<()> {
    writeln!(out, "\n{title}")?;
    let width = a
        .points
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let iw = a
        .points
        .iter()
        .map(|p| p.item.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "  {:<width$}  {:<iw$}  {:>7} {:>6}  {:>28} {:>7} {:>6}  {:>6}",
        "", "survey item", "survey", "rank", unit, "share", "rank", "Δrank"
    )?;
    let mut order: Vec<usize> = (0..a.points.len()).collect();
    order.sort_by(|&x, &y| a.points[x].survey_rank.total_cmp(&a.points[y].survey_rank));
    for k in order {
        let p = &a.points[k];
        writeln!(
            out,
            "  {:<width$}  {:<iw$}  {:>7.3} {:>6.1}  {:>28} {:>7.3} {:>6.1}  {:>+6.1}",
            p.name,
            p.item,
            p.survey_share,
            p.survey_rank,
            format!(
                "{:.3} [{:.3}, {:.3}]",
                p.simulated.mean, p.simulated.ci95[0], p.simulated.ci95[1]
            ),
            p.simulated_share.mean,
            p.simulated_rank,
            p.rank_difference
        )?;
    }
    writeln!(
        out,
        "  rank agreement: Spearman ρ {}, Kendall τ-b {} (1: the same order, 0: none, −1: reversed)",
        rank_text(a.spearman_rho),
        rank_text(a.kendall_tau_b)
    )?;
    if !a.largest_rank_differences.is_empty() {
        writeln!(
            out,
            "  biggest disagreement: {}",
            a.largest_rank_differences.join(", ")
        )?;
    }
    const LISTED: usize = 6;
    for r in a.clear_reversals.iter().take(LISTED) {
        writeln!(
            out,
            "  clear reversal: the survey puts {} above {}, whose simulated interval lies wholly above it",
            r.believed_higher, r.simulated_higher
        )?;
    }
    if a.clear_reversals.len() > LISTED {
        writeln!(
            out,
            "  … and {} more clear reversals (all of them in --json)",
            a.clear_reversals.len() - LISTED
        )?;
    }
    Ok(())
}

/// The survey-against-simulation tables.
pub(crate) fn write_text(out: &mut dyn Write, s: &SurveySim) -> std::io::Result<()> {
    let r = &s.results;
    writeln!(
        out,
        "\nSurvey against simulation: {} ({}), {} trials per option, seed {}, one-off costs over {} years, money in {}",
        r.model, r.model_hash, r.trials, r.seed, r.years, r.currency
    )?;
    writeln!(
        out,
        "simulated value = expected yearly loss avoided (paired with the model, 95 % interval) per {} of the option's yearly cost; a leadership option's value is what it adds to the options it enables",
        r.currency
    )?;
    writeln!(
        out,
        "survey = the item's weight in its table; both shown as shares of the options compared; Δrank = simulated rank − survey rank (above 0: believed more than simulated)"
    )?;
    for t in &s.options.by_table {
        write_agreement(
            out,
            &format!("options, survey table `{}`:", t.table),
            &t.agreement,
            &format!("{} avoided per {}", r.currency, r.currency),
        )?;
    }
    if s.options.by_table.len() > 1 {
        let a = &s.options.all;
        writeln!(
            out,
            "\nall options together (weights of different tables mixed): Spearman ρ {}, Kendall τ-b {}",
            rank_text(a.spearman_rho),
            rank_text(a.kendall_tau_b)
        )?;
    }
    if !s.options.not_in_survey.is_empty() {
        writeln!(
            out,
            "not compared (survey item not in the survey, or no cost): {}",
            s.options.not_in_survey.join(", ")
        )?;
    }
    if let Some(c) = &s.challenges {
        write_agreement(
            out,
            &format!(
                "challenges, survey table `{}` against the model's downtime per year started by failures carrying each `challenge`:",
                c.table
            ),
            &c.agreement,
            "hours per year",
        )?;
        if !c.survey_items_not_in_model.is_empty() {
            writeln!(
                out,
                "  survey challenges no part of the model carries: {}",
                c.survey_items_not_in_model.join(", ")
            )?;
        }
        if !c.labels_not_in_survey.is_empty() {
            writeln!(
                out,
                "  model labels the survey does not have: {}",
                c.labels_not_in_survey.join(", ")
            )?;
        }
    }
    if !r.revenue_without_scenario.is_empty() {
        writeln!(
            out,
            "note: {} priced by revenue per lost request lose nothing without a load scenario: give --scenario FILE",
            r.revenue_without_scenario.join(", ")
        )?;
    }
    Ok(())
}
