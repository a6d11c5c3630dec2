//! What the simulation says, in the form the survey comparison takes: each option's expected
//! loss avoided per unit of yearly cost (from paired comparisons), and the base's downtime by
//! `challenge` label.
//!
//! A leadership option (one with `enables`) changes nothing by itself; its value is what it
//! adds to the practices it enables: loss avoided by {it + the enabled options} minus loss
//! avoided by {the enabled options}, per unit of its own yearly cost. Both are paired with the
//! base on the same trials; the interval of their difference adds the two standard errors in
//! quadrature, which ignores their positive correlation and so is wider than the paired one
//! (conservative).

use super::compare::{CompareResults, Comparison};
use super::options::Options;
use crate::stats::Z95;
use crate::survey::{ChallengeDowntime, Estimate, SimulatedOption};

/// The sets a survey comparison runs: each option alone (or each of `only`), and for each
/// leadership option among them also {it + enabled} and {enabled}. Duplicates are dropped.
pub fn survey_sets(opts: &Options, only: &[usize]) -> Vec<Vec<usize>> {
    let chosen: Vec<usize> = if only.is_empty() {
        (0..opts.options.len()).collect()
    } else {
        only.to_vec()
    };
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut add = |mut s: Vec<usize>| {
        s.sort_unstable();
        s.dedup();
        if !s.is_empty() && !sets.contains(&s) {
            sets.push(s);
        }
    };
    for &i in &chosen {
        add(vec![i]);
    }
    for &i in &chosen {
        if let Some(en) = &opts.options[i].enables {
            let enabled: Vec<usize> = en
                .options
                .iter()
                .filter_map(|n| opts.index_of(n).ok())
                .collect();
            let mut with = enabled.clone();
            with.push(i);
            add(with);
            add(enabled);
        }
    }
    sets
}

/// The comparison of `set` (sorted, no duplicates) in `r`.
fn find<'a>(r: &'a CompareResults, set: &[usize]) -> Option<&'a Comparison> {
    r.comparisons.iter().find(|c| c.option_indices == set)
}

/// Loss avoided per year (mean) and its standard error (that of Δ total cost, which differs
/// from Δ(loss + credits) by a constant).
fn avoided(c: &Comparison) -> (f64, f64) {
    (
        c.paired.loss_avoided,
        c.paired.difference.total_cost.std_error,
    )
}

/// Each option's simulated value per unit of its yearly cost (options' yearly cost, one-off
/// spread over `r.years`, and the extra infrastructure it adds), with a 95 % interval. Options
/// with no survey item or no cost are left out (no value per unit of cost).
pub fn option_values(r: &CompareResults, opts: &Options) -> Vec<SimulatedOption> {
    values_with(|set| find(r, set), r.years, opts)
}

/// [`option_values`] over comparisons found by `find` (given a sorted set of option indices,
/// its comparison with the base, if computed), one-off costs spread over `years`. The
/// workbench keeps its comparisons per option and calls this, so its values are the CLI's.
pub fn values_with<'a>(
    find: impl Fn(&[usize]) -> Option<&'a Comparison>,
    years: f64,
    opts: &Options,
) -> Vec<SimulatedOption> {
    let find = |set: &[usize]| {
        let mut set = set.to_vec();
        set.sort_unstable();
        set.dedup();
        find(&set)
    };
    let mut out = Vec::new();
    for (i, o) in opts.options.iter().enumerate() {
        let (Some(item), Some(alone)) = (&o.survey_item, find(&[i])) else {
            continue;
        };
        let cost = alone.paired.yearly_cost + alone.paired.one_off_cost / years;
        if cost.is_nan() || cost <= 0.0 {
            continue;
        }
        let (mean, se) = match &o.enables {
            None => avoided(alone),
            Some(en) => {
                let enabled: Vec<usize> = en
                    .options
                    .iter()
                    .filter_map(|n| opts.index_of(n).ok())
                    .collect();
                let mut with = enabled.clone();
                with.push(i);
                match (find(&with), find(&enabled)) {
                    (Some(w), Some(e)) => {
                        let ((mw, sw), (me, se)) = (avoided(w), avoided(e));
                        (mw - me, sw.hypot(se))
                    }
                    _ => avoided(alone),
                }
            }
        };
        out.push(SimulatedOption {
            name: o.name.clone(),
            survey_item: item.clone(),
            value: Estimate {
                mean: mean / cost,
                ci95: [(mean - Z95 * se) / cost, (mean + Z95 * se) / cost],
            },
        });
    }
    out
}

/// The base's downtime per year by challenge label, the interval's low end cut at 0.
pub fn challenge_downtime(r: &CompareResults) -> Vec<ChallengeDowntime> {
    r.challenges
        .iter()
        .map(|c| ChallengeDowntime {
            label: c.label.clone(),
            downtime: Estimate {
                mean: c.hours_per_year.mean.max(0.0),
                ci95: [
                    c.hours_per_year.ci95[0].max(0.0),
                    c.hours_per_year.ci95[1].max(0.0),
                ],
            },
        })
        .collect()
}
