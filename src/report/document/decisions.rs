//! The decision sections of the report: options ranked, the best portfolio and its
//! frontier, the tornado, the drivers of bad years and the survey against the simulation.

use super::{
    Builder, PortfolioPart, PortfolioSet, RankedOption, TornadoPart, opt, pm_short, pp, share,
};
use crate::decide::sensitivity::Driver;
use crate::report::decision_charts::{self as dc, FrontierPoint, TornadoBar};
use crate::report::html::Block;
use crate::survey::Agreement;
use crate::text::{money, percent};

pub(super) fn options(b: &mut Builder, file: &str, rows: &[RankedOption], cur: &str) {
    let mut blocks = vec![Block::Text(format!(
        "Each option of {file} against the base, on the same random numbers (a paired \
         comparison), ranked by its saving in total cost per year; ± is the half-width of the \
         paired 95 % interval. ROI = (loss avoided − yearly \
         cost) / yearly cost; payback in years of the one-off cost."
    ))];
    let mut sorted: Vec<&RankedOption> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        a.paired
            .difference
            .total_cost
            .mean
            .total_cmp(&b.paired.difference.total_cost.mean)
    });
    blocks.push(Block::Table {
        header: [
            "option",
            "survey item",
            "yearly cost",
            "one-off",
            "Δ availability",
            "Δ loss per year",
            "Δ total cost per year",
            "P(cheaper year)",
            "ROI",
            "payback (years)",
        ]
        .map(String::from)
        .to_vec(),
        rows: sorted
            .iter()
            .map(|o| {
                let d = &o.paired.difference;
                vec![
                    o.name.clone(),
                    o.survey_item.clone(),
                    money(o.yearly_cost, cur),
                    money(o.one_off_cost, cur),
                    pm_short(&d.availability, pp),
                    pm_short(&d.downtime_loss, |x| money(x, cur)),
                    pm_short(&d.total_cost, |x| money(x, cur)),
                    share(o.paired.p_better),
                    opt(o.paired.roi, |x| format!("{x:.2}")),
                    opt(o.paired.payback_years, |x| format!("{x:.1}")),
                ]
            })
            .collect(),
    });
    b.chart(
        &mut blocks,
        "options",
        "Saving in total cost per year by option, with paired 95 % intervals",
        dc::option_ranking(
            &sorted
                .iter()
                .map(|o| (o.name.clone(), o.paired.difference.total_cost))
                .collect::<Vec<_>>(),
            cur,
        ),
    );
    for o in sorted.iter().filter(|o| !o.description.is_empty()) {
        blocks.push(Block::Note(format!("{}: {}", o.name, o.description)));
    }
    b.section("Investment options", blocks);
}

fn set_name(s: &PortfolioSet) -> String {
    if s.options.is_empty() {
        "(base)".into()
    } else {
        s.options.join(" + ")
    }
}

pub(super) fn portfolio(b: &mut Builder, p: &PortfolioPart, cur: &str) {
    let mut blocks = vec![Block::Text(format!(
        "The best set of options whose spend per year (one-off costs spread over {} years) fits \
         a budget of {} per year, by {}. Every set was simulated on the same random numbers.",
        p.years,
        money(p.budget, cur),
        p.objective
    ))];
    match p.best.and_then(|i| p.sets.get(i)) {
        Some(s) => blocks.push(Block::Figures(vec![
            ("chosen set".into(), set_name(s)),
            ("spend per year".into(), money(s.yearly_cost, cur)),
            ("availability".into(), percent(s.availability)),
            ("expected loss per year".into(), money(s.loss, cur)),
            ("total cost per year".into(), money(s.total_cost, cur)),
        ])),
        None => blocks.push(Block::Text("No set fits the budget.".into())),
    }
    blocks.push(Block::Note(p.verdict.clone()));
    let pts = |f: &dyn Fn(&PortfolioSet) -> f64| -> Vec<FrontierPoint> {
        p.sets
            .iter()
            .map(|s| FrontierPoint {
                yearly_cost: s.yearly_cost,
                value: f(s),
            })
            .collect()
    };
    b.chart(
        &mut blocks,
        "frontier",
        "Spend against availability: every set, the Pareto frontier and the chosen set",
        dc::frontier(
            "Spend against availability",
            "availability (%)",
            cur,
            &pts(&|s| 100.0 * s.availability),
            &p.frontier,
            p.best,
        ),
    );
    let loss_frontier = loss_frontier(&p.sets);
    b.chart(
        &mut blocks,
        "frontier-loss",
        "Spend against expected loss: every set, the Pareto frontier and the chosen set",
        dc::frontier(
            "Spend against expected loss",
            &format!("expected loss per year ({cur})"),
            cur,
            &pts(&|s| s.loss),
            &loss_frontier,
            p.best,
        ),
    );
    blocks.push(Block::Table {
        header: [
            "set on the frontier",
            "spend per year",
            "availability",
            "expected loss",
            "total cost",
        ]
        .map(String::from)
        .to_vec(),
        rows: {
            let mut f: Vec<&PortfolioSet> =
                p.frontier.iter().filter_map(|&i| p.sets.get(i)).collect();
            f.sort_by(|a, b| a.yearly_cost.total_cmp(&b.yearly_cost));
            f.iter()
                .map(|s| {
                    vec![
                        set_name(s),
                        money(s.yearly_cost, cur),
                        percent(s.availability),
                        money(s.loss, cur),
                        money(s.total_cost, cur),
                    ]
                })
                .collect()
        },
    });
    b.section("Best portfolio under the budget", blocks);
}

/// Sets not dominated in (lower spend, lower loss).
pub(super) fn loss_frontier(sets: &[PortfolioSet]) -> Vec<usize> {
    (0..sets.len())
        .filter(|&i| {
            !sets.iter().any(|o| {
                o.yearly_cost <= sets[i].yearly_cost
                    && o.loss <= sets[i].loss
                    && (o.yearly_cost < sets[i].yearly_cost || o.loss < sets[i].loss)
            })
        })
        .collect()
}

pub(super) fn tornado(b: &mut Builder, t: &TornadoPart) {
    let mut blocks = vec![Block::Text(format!(
        "Each parameter moved down and up on its own, every run on the same random numbers; the \
         bars are the change of {} from the base ({:.6}).",
        t.output, t.base
    ))];
    b.chart(
        &mut blocks,
        "tornado",
        "Tornado: change of the output when each parameter moves down or up",
        dc::tornado(
            "Sensitivity",
            &format!("change of {}", t.output),
            &t.rows
                .iter()
                .map(|r| TornadoBar {
                    label: r.param.clone(),
                    low: r.low,
                    high: r.high,
                })
                .collect::<Vec<_>>(),
        ),
    );
    blocks.push(Block::Table {
        header: [
            "parameter",
            "low",
            "high",
            "change at low",
            "change at high",
        ]
        .map(String::from)
        .to_vec(),
        rows: t
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.param.clone(),
                    r.low_value.clone(),
                    r.high_value.clone(),
                    crate::text::signed_delta(r.low),
                    crate::text::signed_delta(r.high),
                ]
            })
            .collect(),
    });
    if !t.importance.is_empty() {
        blocks.push(Block::Table {
            header: ["component", "Birnbaum", "criticality", "downtime share"]
                .map(String::from)
                .to_vec(),
            rows: t
                .importance
                .iter()
                .map(|(n, bi, cr, ds)| {
                    vec![
                        n.clone(),
                        opt(*bi, |x| format!("{x:.3e}")),
                        opt(*cr, |x| format!("{x:.3}")),
                        share(*ds),
                    ]
                })
                .collect(),
        });
    }
    b.section("Sensitivity", blocks);
}

pub(super) fn drivers(b: &mut Builder, d: &[Driver], cur: &str) {
    let by_loss = d.iter().any(|x| x.loss_share_all > 0.0);
    let mut blocks = vec![Block::Text(format!(
        "Which risks make a bad year bad: each cause's share of {} over all simulated years \
         against the worst 10 % and the worst 1 % of years. A cause that matters more in the \
         worst years than on average drives the tail, not the mean.",
        if by_loss {
            format!("loss ({cur})")
        } else {
            "downtime".into()
        }
    ))];
    b.chart(
        &mut blocks,
        "bad-years",
        "Share by cause: all years against the worst 10 % and 1 %",
        dc::bad_years(d, 8, !by_loss),
    );
    blocks.push(Block::Table {
        header: [
            "cause",
            "downtime, all",
            "worst 10 %",
            "worst 1 %",
            "loss, all",
            "worst 10 %",
            "worst 1 %",
        ]
        .map(String::from)
        .to_vec(),
        rows: d
            .iter()
            .take(15)
            .map(|x| {
                vec![
                    x.name.clone(),
                    share(x.downtime_share_all),
                    share(x.downtime_share_worst_10),
                    share(x.downtime_share_worst_1),
                    share(x.loss_share_all),
                    share(x.loss_share_worst_10),
                    share(x.loss_share_worst_1),
                ]
            })
            .collect(),
    });
    b.section("What made the bad years bad", blocks);
}

pub(super) fn survey(b: &mut Builder, a: &Agreement) {
    let mut blocks = vec![Block::Text(format!(
        "Each option's survey weight (the share of respondents who name its item) beside its \
         simulated value (loss avoided per unit of yearly cost), both as shares. Rank agreement: \
         Spearman's ρ {}, Kendall's τ-b {}.",
        opt(a.spearman_rho, |x| format!("{x:.2}")),
        opt(a.kendall_tau_b, |x| format!("{x:.2}"))
    ))];
    b.chart(
        &mut blocks,
        "survey",
        "Survey weight against simulated value, one dot per option; on the diagonal they agree",
        dc::survey_vs_simulation("Belief against simulation", "simulated share of value", a),
    );
    blocks.push(Block::Table {
        header: [
            "option",
            "survey item",
            "survey share",
            "survey rank",
            "simulated share",
            "simulated rank",
        ]
        .map(String::from)
        .to_vec(),
        rows: a
            .points
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.item.clone(),
                    share(p.survey_share),
                    format!("{}", p.survey_rank),
                    share(p.simulated_share.mean),
                    format!("{}", p.simulated_rank),
                ]
            })
            .collect(),
    });
    if !a.largest_rank_differences.is_empty() {
        blocks.push(Block::Text(format!(
            "Belief and simulation disagree most on: {}.",
            a.largest_rank_differences.join(", ")
        )));
    }
    for rv in &a.clear_reversals {
        blocks.push(Block::Note(format!(
            "The survey weighs {} above {}, but the simulation clearly ranks {} higher.",
            rv.believed_higher, rv.simulated_higher, rv.simulated_higher
        )));
    }
    blocks.push(Block::Note(crate::survey::SHARES_NOT_EFFECTS.into()));
    b.section("Survey against simulation", blocks);
}
