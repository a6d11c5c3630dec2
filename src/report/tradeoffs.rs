//! Charts of decisions: survey weight against simulated value (and challenges against
//! downtime) with the diagonal, a yearly loss distribution with p90/p99 marked, and a cost
//! breakdown by kind, for the workbench's Tradeoffs view and its exports.

use super::charts::{Chart, PALETTE, Series, SeriesKind};
use crate::survey::Agreement;

/// Belief against simulation: each point's survey share (x) against its simulated share (y)
/// with the 95 % interval, labelled by name, and the diagonal where the two agree.
pub fn agreement_chart(title: &str, a: &Agreement, x_label: &str, y_label: &str) -> Chart {
    let points: Vec<[f64; 2]> = a
        .points
        .iter()
        .map(|p| [p.survey_share, p.simulated_share.mean])
        .collect();
    let top = a
        .points
        .iter()
        .flat_map(|p| [p.survey_share, p.simulated_share.ci95[1]])
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .max(0.05);
    Chart {
        title: title.to_string(),
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
        series: vec![
            Series {
                name: "belief = simulation".into(),
                kind: SeriesKind::Line,
                points: vec![[0.0, 0.0], [top, top]],
                color: [150, 150, 150],
            },
            Series {
                name: "95 % interval".into(),
                kind: SeriesKind::ErrorBars {
                    low: a.points.iter().map(|p| p.simulated_share.ci95[0]).collect(),
                    high: a.points.iter().map(|p| p.simulated_share.ci95[1]).collect(),
                },
                points: points.clone(),
                color: PALETTE[4],
            },
            Series {
                name: "option".into(),
                kind: SeriesKind::Points {
                    radius: 4.0,
                    labels: a.points.iter().map(|p| p.name.clone()).collect(),
                },
                points,
                color: PALETTE[0],
            },
        ],
        markers: Vec::new(),
        categories: Vec::new(),
    }
}

/// Histogram of a yearly amount over trials (share of trials per bin) with p90 and p99
/// marked; `values` are the per-trial amounts, `currency` their unit.
pub fn loss_distribution(
    title: &str,
    values: &[f64],
    currency: &str,
    p90: f64,
    p99: f64,
    bins: usize,
) -> Chart {
    let bins = bins.max(1);
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let (lo, hi) = if lo.is_finite() {
        (lo.min(0.0), hi.max(p99).max(lo + 1.0))
    } else {
        (0.0, 1.0)
    };
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u64; bins];
    for v in values.iter().filter(|v| v.is_finite()) {
        counts[(((v - lo) / width) as usize).min(bins - 1)] += 1;
    }
    let n = values.len().max(1) as f64;
    let text = |x: f64| crate::text::money(x, currency);
    Chart {
        title: title.to_string(),
        x_label: format!("downtime loss in a year ({currency})"),
        y_label: "share of years".into(),
        series: vec![Series {
            name: "years".into(),
            kind: SeriesKind::Bars { width: width * 0.9 },
            points: counts
                .iter()
                .enumerate()
                .map(|(i, &c)| [lo + (i as f64 + 0.5) * width, c as f64 / n])
                .collect(),
            color: PALETTE[5],
        }],
        markers: vec![
            (p90, format!("p90 {}", text(p90))),
            (p99, format!("p99 {}", text(p99))),
        ],
        categories: Vec::new(),
    }
}

/// One design's yearly costs by kind.
#[derive(Debug, Clone, PartialEq)]
pub struct CostParts {
    /// Its label in the legend.
    pub name: String,
    /// Infrastructure per year.
    pub infrastructure: f64,
    /// Options per year (one-off costs spread).
    pub options: f64,
    /// Expected downtime loss per year.
    pub expected_loss: f64,
    /// Expected net SLA credits per year.
    pub sla_credits: f64,
}

/// The kinds of a cost breakdown, in the order drawn.
pub const COST_KINDS: [&str; 5] = [
    "infrastructure",
    "options",
    "expected loss",
    "SLA credits",
    "total",
];

/// Yearly cost by kind (and the total) for one or more designs, side by side, in `currency`.
pub fn cost_breakdown(designs: &[CostParts], currency: &str) -> Chart {
    let n = designs.len().max(1) as f64;
    let width = 0.8 / n;
    Chart {
        title: format!("Cost per year by kind ({currency})"),
        x_label: "kind".into(),
        y_label: format!("per year ({currency})"),
        series: designs
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let total = d.infrastructure + d.options + d.expected_loss + d.sla_credits;
                let offset = (k as f64 - (n - 1.0) / 2.0) * width;
                Series {
                    name: d.name.clone(),
                    kind: SeriesKind::Bars { width: width * 0.9 },
                    points: [
                        d.infrastructure,
                        d.options,
                        d.expected_loss,
                        d.sla_credits,
                        total,
                    ]
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| [i as f64 + offset, v])
                    .collect(),
                    color: PALETTE[k % PALETTE.len()],
                }
            })
            .collect(),
        markers: Vec::new(),
        categories: COST_KINDS.iter().map(|s| s.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_histogram_counts_and_marks() {
        let values = [0.0, 0.0, 10.0, 20.0, 100.0];
        let c = loss_distribution("t", &values, "EUR", 50.0, 95.0, 10);
        let b = &c.series[0].points;
        assert_eq!(b.len(), 10);
        // Bins of 10 from 0: 0, 0 in the first; 10 in the second; 20 in the third; 100 last.
        assert_eq!(b[0][1], 0.4);
        assert_eq!(b[1][1], 0.2);
        assert_eq!(b[2][1], 0.2);
        assert_eq!(b[9][1], 0.2);
        assert!((b[0][0] - 5.0).abs() < 1e-12);
        assert_eq!(c.markers[1], (95.0, "p99 95 EUR".to_string()));
    }

    #[test]
    fn cost_breakdown_adds_a_total_per_design() {
        let d = |name: &str, x: f64| CostParts {
            name: name.into(),
            infrastructure: 100.0 * x,
            options: 10.0 * x,
            expected_loss: 50.0,
            sla_credits: -5.0,
        };
        let c = cost_breakdown(&[d("base", 1.0), d("set", 2.0)], "USD");
        assert_eq!(c.categories.len(), 5);
        assert_eq!(c.series[0].points[4], [-0.2, 155.0]);
        assert!((c.series[1].points[4][0] - 4.2).abs() < 1e-12);
        assert_eq!(c.series[1].points[4][1], 265.0);
        assert!(crate::report::render::png(&c, 300, 200).is_ok());
    }
}
