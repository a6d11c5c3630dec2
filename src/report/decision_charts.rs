//! Chart data for decisions: cost breakdown, loss distribution, option ranking, Pareto
//! frontier, tornado, bad-year drivers and survey against simulation. Shared by the
//! workbench (egui_plot) and the exported report (plotters), so both show the same numbers.

use super::charts::{Chart, PALETTE, Series, SeriesKind};
use crate::decide::sensitivity::Driver;
use crate::engine::CostResults;
use crate::stats::Estimate;
use crate::survey::Agreement;

fn bars(name: &str, points: Vec<[f64; 2]>, width: f64, color: [u8; 3]) -> Series {
    Series {
        name: name.into(),
        kind: SeriesKind::Bars { width },
        points,
        color,
    }
}

/// Yearly cost by kind: infrastructure, the options' own cost, expected downtime loss and net
/// SLA credits, the mean beside a bad year (p90 and p99 of loss and credits; fixed costs are
/// the same every year).
pub fn cost_breakdown(cost: &CostResults, options_year: f64) -> Chart {
    let mut cats = vec!["infrastructure".to_string()];
    let mut mean = vec![cost.infrastructure_year];
    let (mut p90, mut p99) = (
        vec![cost.infrastructure_year],
        vec![cost.infrastructure_year],
    );
    if options_year != 0.0 {
        cats.push("options".into());
        mean.push(options_year);
        p90.push(options_year);
        p99.push(options_year);
    }
    cats.push("downtime loss".into());
    mean.push(cost.downtime_loss.mean);
    p90.push(cost.downtime_loss.p90);
    p99.push(cost.downtime_loss.p99);
    cats.push("SLA credits".into());
    mean.push(cost.sla_credits.mean);
    p90.push(cost.sla_credits.p90);
    p99.push(cost.sla_credits.p99);
    let at = |v: &[f64], dx: f64| -> Vec<[f64; 2]> {
        v.iter()
            .enumerate()
            .map(|(i, y)| [i as f64 + dx, *y])
            .collect()
    };
    Chart {
        horizontal: false,
        title: "Cost per year".into(),
        x_label: String::new(),
        y_label: format!("{} per year", cost.currency),
        series: vec![
            bars("mean year", at(&mean, -0.27), 0.25, PALETTE[0]),
            bars("bad year (p90)", at(&p90, 0.0), 0.25, PALETTE[1]),
            bars("bad year (p99)", at(&p99, 0.27), 0.25, PALETTE[5]),
        ],
        markers: Vec::new(),
        categories: cats,
    }
}

/// Histogram of loss per year over trials (share of trials per bin), with the mean, p90 and
/// p99 marked. `losses` are per-year figures, one per trial.
pub fn loss_distribution(losses: &[f64], currency: &str, p90: f64, p99: f64) -> Chart {
    let finite: Vec<f64> = losses.iter().copied().filter(|x| x.is_finite()).collect();
    let n = finite.len().max(1) as f64;
    let mean = finite.iter().sum::<f64>() / n;
    let hi = finite.iter().copied().fold(0.0f64, f64::max).max(p99);
    let bins = 30usize;
    let width = if hi > 0.0 { hi / bins as f64 } else { 1.0 };
    let mut counts = vec![0usize; bins];
    for x in &finite {
        let b = ((x / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let points = counts
        .iter()
        .enumerate()
        .map(|(i, c)| [(i as f64 + 0.5) * width, *c as f64 / n])
        .collect();
    Chart {
        horizontal: false,
        title: "Loss in a year".into(),
        x_label: format!("loss per year ({currency})"),
        y_label: "share of simulated years".into(),
        series: vec![bars("years", points, width * 0.9, PALETTE[0])],
        markers: vec![
            (mean, "mean".into()),
            (p90, "p90".into()),
            (p99, "p99".into()),
        ],
        categories: Vec::new(),
    }
}

/// Each option's saving in total cost per year against the base (minus the paired Δ total
/// cost), with its paired 95 % interval; options in the order given.
pub fn option_ranking(rows: &[(String, Estimate)], currency: &str) -> Chart {
    let points: Vec<[f64; 2]> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, d))| [i as f64, -d.mean])
        .collect();
    Chart {
        horizontal: false,
        title: "Saving in total cost per year, by option".into(),
        x_label: String::new(),
        y_label: format!("{currency} per year (paired, 95 % interval)"),
        series: vec![
            bars("saving", points.clone(), 0.6, PALETTE[2]),
            Series {
                name: "95 % interval".into(),
                kind: SeriesKind::ErrorBars {
                    low: rows.iter().map(|(_, d)| -d.ci95[1]).collect(),
                    high: rows.iter().map(|(_, d)| -d.ci95[0]).collect(),
                },
                points,
                color: [40, 40, 40],
            },
        ],
        markers: Vec::new(),
        categories: rows.iter().map(|(n, _)| n.clone()).collect(),
    }
}

/// One evaluated set of options for the frontier chart.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// Spend per year on the set.
    pub yearly_cost: f64,
    /// Its figure on the y axis (availability in %, or expected loss per year).
    pub value: f64,
}

/// Every evaluated set as a dot, the non-dominated ones joined by a line, and the chosen set
/// drawn large. `frontier` and `chosen` index into `points`.
pub fn frontier(
    title: &str,
    y_label: &str,
    currency: &str,
    points: &[FrontierPoint],
    frontier: &[usize],
    chosen: Option<usize>,
) -> Chart {
    let xy = |p: &FrontierPoint| [p.yearly_cost, p.value];
    let mut line: Vec<[f64; 2]> = frontier
        .iter()
        .filter_map(|&i| points.get(i))
        .map(xy)
        .collect();
    line.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let mut series = vec![
        Series {
            name: "sets evaluated".into(),
            kind: SeriesKind::Points { radius: 3.0 },
            points: points.iter().map(xy).collect(),
            color: [150, 150, 150],
        },
        Series {
            name: "Pareto frontier".into(),
            kind: SeriesKind::Line,
            points: line,
            color: PALETTE[0],
        },
    ];
    if let Some(p) = chosen.and_then(|i| points.get(i)) {
        series.push(Series {
            name: "chosen".into(),
            kind: SeriesKind::Points { radius: 7.0 },
            points: vec![xy(p)],
            color: PALETTE[5],
        });
    }
    Chart {
        horizontal: false,
        title: title.into(),
        x_label: format!("spend per year on options ({currency})"),
        y_label: y_label.into(),
        series,
        markers: Vec::new(),
        categories: Vec::new(),
    }
}

/// One parameter of a tornado: its label and the output's change from the base at the low
/// and at the high value.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// The parameter (an edit path) with its values.
    pub label: String,
    /// Output at the low value minus the base output.
    pub low: f64,
    /// Output at the high value minus the base output.
    pub high: f64,
}

/// A tornado, drawn sideways: for each parameter (largest swing first, as given, at the top)
/// the change of the output when it is moved down and up; `value_label` names the change
/// with its unit (the horizontal axis).
pub fn tornado(title: &str, value_label: &str, rows: &[TornadoBar]) -> Chart {
    let at = |f: &dyn Fn(&TornadoBar) -> f64, dx: f64| -> Vec<[f64; 2]> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| [i as f64 + dx, f(r)])
            .collect()
    };
    Chart {
        horizontal: true,
        title: title.into(),
        x_label: value_label.into(),
        y_label: String::new(),
        series: vec![
            bars("parameter down", at(&|r| r.low, -0.18), 0.34, PALETTE[4]),
            bars("parameter up", at(&|r| r.high, 0.18), 0.34, PALETTE[1]),
        ],
        markers: Vec::new(),
        categories: rows.iter().map(|r| r.label.clone()).collect(),
    }
}

/// What drove the bad years: each cause's share of loss (or of downtime, with `downtime`)
/// over all years, the worst 10 % and the worst 1 %; the first `top` causes as given.
pub fn bad_years(drivers: &[Driver], top: usize, downtime: bool) -> Chart {
    let d = &drivers[..drivers.len().min(top)];
    let at = |f: &dyn Fn(&Driver) -> f64, dx: f64| -> Vec<[f64; 2]> {
        d.iter()
            .enumerate()
            .map(|(i, r)| [i as f64 + dx, 100.0 * f(r)])
            .collect()
    };
    type Share = fn(&Driver) -> f64;
    let (all, w10, w1): (Share, Share, Share) = if downtime {
        (
            |r| r.downtime_share_all,
            |r| r.downtime_share_worst_10,
            |r| r.downtime_share_worst_1,
        )
    } else {
        (
            |r| r.loss_share_all,
            |r| r.loss_share_worst_10,
            |r| r.loss_share_worst_1,
        )
    };
    Chart {
        horizontal: false,
        title: if downtime {
            "Share of downtime: all years against the worst".into()
        } else {
            "Share of loss: all years against the worst".into()
        },
        x_label: String::new(),
        y_label: "share (%)".into(),
        series: vec![
            bars("all years", at(&all, -0.27), 0.25, PALETTE[0]),
            bars("worst 10 %", at(&w10, 0.0), 0.25, PALETTE[1]),
            bars("worst 1 %", at(&w1, 0.27), 0.25, PALETTE[5]),
        ],
        markers: Vec::new(),
        categories: d.iter().map(|r| r.name.clone()).collect(),
    }
}

/// Belief against simulation: one dot per point at (survey share, simulated share), the
/// diagonal where they agree drawn. Shares are of the points' totals (see [`Agreement`]).
pub fn survey_vs_simulation(title: &str, simulated_label: &str, a: &Agreement) -> Chart {
    let pts: Vec<[f64; 2]> = a
        .points
        .iter()
        .map(|p| [p.survey_share, p.simulated_share.mean])
        .collect();
    let top = pts
        .iter()
        .flat_map(|p| [p[0], p[1]])
        .fold(0.0f64, f64::max)
        .max(0.05);
    Chart {
        horizontal: false,
        title: title.into(),
        x_label: "survey share of weight".into(),
        y_label: simulated_label.into(),
        series: vec![
            Series {
                name: "belief = simulation".into(),
                kind: SeriesKind::Line,
                points: vec![[0.0, 0.0], [top, top]],
                color: [170, 170, 170],
            },
            Series {
                name: "options".into(),
                kind: SeriesKind::Points { radius: 5.0 },
                points: pts,
                color: PALETTE[0],
            },
        ],
        markers: Vec::new(),
        categories: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::MoneyStats;

    fn money(mean: f64, p90: f64, p99: f64) -> MoneyStats {
        MoneyStats {
            mean,
            std_error: 0.0,
            ci95: [mean, mean],
            p90,
            p99,
        }
    }

    #[test]
    fn cost_breakdown_puts_each_kind_at_its_category() {
        let c = CostResults {
            currency: "EUR".into(),
            infrastructure_year: 1000.0,
            per_year_factor: 1.0,
            downtime_loss: money(50.0, 120.0, 400.0),
            sla_credits: money(5.0, 10.0, 20.0),
            total: money(1055.0, 1130.0, 1420.0),
        };
        let ch = cost_breakdown(&c, 300.0);
        assert_eq!(
            ch.categories,
            ["infrastructure", "options", "downtime loss", "SLA credits"]
        );
        assert!(ch.y_label.contains("EUR"));
        let p99 = &ch.series[2].points;
        assert_eq!(p99[2], [2.27, 400.0]);
        assert_eq!(ch.series[0].points[1][1], 300.0);
        // No options: the category is left out.
        assert_eq!(cost_breakdown(&c, 0.0).categories.len(), 3);
    }

    #[test]
    fn loss_histogram_shares_sum_to_one_and_marks_the_tail() {
        let losses: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let ch = loss_distribution(&losses, "USD", 90.0, 99.0);
        let total: f64 = ch.series[0].points.iter().map(|p| p[1]).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(ch.markers[0], (49.5, "mean".to_string()));
        assert_eq!(ch.markers[2].0, 99.0);
    }

    #[test]
    fn ranking_shows_savings_with_flipped_intervals() {
        let d = Estimate {
            mean: -10.0,
            std_error: 1.0,
            ci95: [-12.0, -8.0],
        };
        let ch = option_ranking(&[("a".into(), d)], "USD");
        assert_eq!(ch.series[0].points, vec![[0.0, 10.0]]);
        match &ch.series[1].kind {
            SeriesKind::ErrorBars { low, high } => assert_eq!((low[0], high[0]), (8.0, 12.0)),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn frontier_line_is_sorted_by_spend_and_chosen_is_marked() {
        let p = |c, v| FrontierPoint {
            yearly_cost: c,
            value: v,
        };
        let pts = [p(30.0, 3.0), p(0.0, 1.0), p(10.0, 2.5), p(20.0, 2.0)];
        let ch = frontier("t", "y", "USD", &pts, &[0, 1, 2], Some(2));
        assert_eq!(
            ch.series[1].points,
            vec![[0.0, 1.0], [10.0, 2.5], [30.0, 3.0]]
        );
        assert_eq!(ch.series[2].points, vec![[10.0, 2.5]]);
        assert_eq!(ch.series[0].points.len(), 4);
    }
}
