//! Chart data: the series behind every chart, shared by the GUI (egui_plot) and the
//! exported PNG/SVG files (plotters), so both always show the same numbers.

use crate::engine::{ComponentResult, ScopeResult};
use crate::model::{Dist, HOURS_PER_YEAR};
use crate::stats::{Estimate, QuantileSketch};

/// How a series is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum SeriesKind {
    /// Straight segments through the points.
    Line,
    /// A staircase (for empirical CDFs).
    Step,
    /// Vertical bars centred on x with the given width.
    Bars {
        /// Bar width in x units.
        width: f64,
    },
    /// A shaded band between the points' y (lower edge) and `upper`.
    Band {
        /// Upper edge, one value per point.
        upper: Vec<f64>,
    },
    /// Unconnected dots of the given radius in pixels (scatter plots).
    Points {
        /// Dot radius in pixels.
        radius: f64,
    },
    /// Text at each point, written just right of it (names of a scatter plot's dots).
    Labels {
        /// One text per point.
        texts: Vec<String>,
    },
    /// Error bars: at each point, a vertical segment from `low` to `high`.
    ErrorBars {
        /// Lower ends.
        low: Vec<f64>,
        /// Upper ends.
        high: Vec<f64>,
    },
}

/// One named series of (x, y) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// How it is drawn.
    pub kind: SeriesKind,
    /// The points.
    pub points: Vec<[f64; 2]>,
    /// Colour (RGB).
    pub color: [u8; 3],
}

/// A chart: series plus labels, marker lines and (for bar charts) category names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// X-axis label with unit.
    pub x_label: String,
    /// Y-axis label with unit.
    pub y_label: String,
    /// The series, drawn in order.
    pub series: Vec<Series>,
    /// Vertical marker lines with labels (e.g. p50, p90, p99).
    pub markers: Vec<(f64, String)>,
    /// Category names for x = 0, 1, 2, … (bar charts), or empty for a numeric x axis.
    pub categories: Vec<String>,
    /// Bars drawn sideways (a tornado): the categories run down the left side, the first at
    /// the top, and the values along the bottom; `x_label` then names the values and each
    /// point stays `[category index, value]`.
    pub horizontal: bool,
}

impl Chart {
    /// Sideways: the height of category `i` (the first at the top, rows one apart).
    pub fn row_y(&self, i: f64) -> f64 {
        (self.categories.len().max(1) - 1) as f64 - i
    }

    /// Sideways: the vertical range to show, every row and, with a legend (more than one
    /// series), a band of its own below the last row so that the legend hides no bar.
    pub fn row_range(&self) -> (f64, f64) {
        let bottom = if self.series.len() > 1 { -2.3 } else { -0.5 };
        (bottom, self.categories.len().max(1) as f64 - 0.5)
    }

    /// Sideways: the category whose row is at height `y` (none between rows or in the
    /// legend band), for the axis labels.
    pub fn category_at_row(&self, y: f64) -> Option<&str> {
        let r = y.round();
        if (y - r).abs() > 1e-6 || r < 0.0 {
            return None;
        }
        let i = (self.categories.len().max(1) - 1).checked_sub(r as usize)?;
        self.categories.get(i).map(String::as_str)
    }
}

/// The palette used by every chart (colour-blind safe, Okabe–Ito).
pub const PALETTE: [[u8; 3]; 6] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [213, 94, 0],
];

/// Histogram of downtime per trial (share of trials per bin), with p50/p90/p99 markers.
pub fn downtime_histogram(title: &str, s: &ScopeResult, bins: usize) -> Chart {
    let sk = &s.downtime_sketch;
    let top = sk.quantile(0.999).max(s.downtime_p99_hours).max(1e-3) * 1.05;
    let bins = bins.max(1);
    let width = top / bins as f64;
    let mut counts = vec![0u64; bins];
    for (v, c) in sk.buckets() {
        let i = ((v / width) as usize).min(bins - 1);
        counts[i] += c;
    }
    let n = sk.len().max(1) as f64;
    let points = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| [(i as f64 + 0.5) * width, c as f64 / n])
        .collect();
    Chart {
        horizontal: false,
        title: title.to_string(),
        x_label: "downtime per trial (hours)".into(),
        y_label: "share of trials".into(),
        series: vec![Series {
            name: "trials".into(),
            kind: SeriesKind::Bars { width: width * 0.9 },
            points,
            color: PALETTE[0],
        }],
        markers: quantile_markers(s),
        categories: Vec::new(),
    }
}

fn quantile_markers(s: &ScopeResult) -> Vec<(f64, String)> {
    vec![
        (
            s.downtime_p50_hours,
            format!("p50 {:.2} h", s.downtime_p50_hours),
        ),
        (
            s.downtime_p90_hours,
            format!("p90 {:.2} h", s.downtime_p90_hours),
        ),
        (
            s.downtime_p99_hours,
            format!("p99 {:.2} h", s.downtime_p99_hours),
        ),
    ]
}

/// Empirical CDF of downtime per trial, with p50/p90/p99 markers.
pub fn downtime_cdf(title: &str, s: &ScopeResult) -> Chart {
    let sk: &QuantileSketch = &s.downtime_sketch;
    let n = sk.len().max(1) as f64;
    // Show the body of the distribution: up to well past p99 (the far tail flattens at 1).
    let top = (sk.quantile(0.999) * 1.2)
        .max(s.downtime_p99_hours * 1.5)
        .max(1e-3);
    let mut acc = 0u64;
    let mut points = vec![[0.0, 0.0]];
    for (v, c) in sk.buckets() {
        acc += c;
        if v > top {
            break;
        }
        points.push([v, acc as f64 / n]);
    }
    if let Some(last) = points.last().copied() {
        points.push([top, last[1]]);
    }
    Chart {
        horizontal: false,
        title: title.to_string(),
        x_label: "downtime per trial (hours)".into(),
        y_label: "share of trials at or below".into(),
        series: vec![Series {
            name: "CDF".into(),
            kind: SeriesKind::Step,
            points,
            color: PALETTE[0],
        }],
        markers: quantile_markers(s),
        categories: Vec::new(),
    }
}

/// Pareto chart: model downtime started by each component, largest first (minutes per trial).
pub fn downtime_pareto(components: &[ComponentResult]) -> Chart {
    let mut c: Vec<&ComponentResult> = components.iter().collect();
    c.sort_by(|a, b| b.caused_downtime_hours.total_cmp(&a.caused_downtime_hours));
    let points = c
        .iter()
        .enumerate()
        .map(|(i, r)| [i as f64, r.caused_downtime_hours * 60.0])
        .collect();
    let mut cum = 0.0;
    let cumulative: Vec<[f64; 2]> = c
        .iter()
        .enumerate()
        .map(|(i, r)| {
            cum += r.caused_share;
            [i as f64, cum * 100.0]
        })
        .collect();
    Chart {
        horizontal: false,
        title: "Where model downtime comes from".into(),
        x_label: "component whose failure started the outage".into(),
        y_label: "downtime (minutes per trial)".into(),
        series: vec![Series {
            name: "caused downtime".into(),
            kind: SeriesKind::Bars { width: 0.7 },
            points,
            color: PALETTE[5],
        }],
        markers: Vec::new(),
        categories: c
            .iter()
            .zip(&cumulative)
            .map(|(r, p)| format!("{} ({:.0}% cum.)", r.name, p[1]))
            .collect(),
    }
}

/// Convergence: the running availability estimate and its 95 % band against trials.
pub fn convergence(points: &[(u64, Estimate)]) -> Chart {
    let mean = points.iter().map(|(n, e)| [*n as f64, e.mean]).collect();
    let low = points.iter().map(|(n, e)| [*n as f64, e.ci95[0]]).collect();
    let upper = points.iter().map(|(_, e)| e.ci95[1]).collect();
    Chart {
        horizontal: false,
        title: "Convergence".into(),
        x_label: "trials".into(),
        y_label: "availability".into(),
        series: vec![
            Series {
                name: "95 % interval".into(),
                kind: SeriesKind::Band { upper },
                points: low,
                color: PALETTE[4],
            },
            Series {
                name: "mean".into(),
                kind: SeriesKind::Line,
                points: mean,
                color: PALETTE[0],
            },
        ],
        markers: Vec::new(),
        categories: Vec::new(),
    }
}

/// Side-by-side availability of several designs, in percent, with 95 % intervals.
pub fn compare(designs: &[(String, Estimate)]) -> Chart {
    let points = designs
        .iter()
        .enumerate()
        .map(|(i, (_, e))| [i as f64, e.mean * 100.0])
        .collect();
    Chart {
        horizontal: false,
        title: "Availability by design".into(),
        x_label: "design".into(),
        y_label: "availability (%)".into(),
        series: vec![
            Series {
                name: "availability".into(),
                kind: SeriesKind::Bars { width: 0.6 },
                points,
                color: PALETTE[0],
            },
            Series {
                name: "95 % interval".into(),
                kind: SeriesKind::ErrorBars {
                    low: designs.iter().map(|(_, e)| e.ci95[0] * 100.0).collect(),
                    high: designs.iter().map(|(_, e)| e.ci95[1] * 100.0).collect(),
                },
                points: designs
                    .iter()
                    .enumerate()
                    .map(|(i, (_, e))| [i as f64, e.mean * 100.0])
                    .collect(),
                color: [40, 40, 40],
            },
        ],
        markers: Vec::new(),
        categories: designs.iter().map(|(n, _)| n.clone()).collect(),
    }
}

/// Density (or, for `fixed`, the CDF) of a duration distribution, with its mean marked.
pub fn distribution(title: &str, d: &Dist) -> Chart {
    let mean = d.mean_hours();
    let mut hi = mean * 3.0;
    // Extend to the 99th percentile when the tail is long.
    let mut t = mean.max(1e-9);
    for _ in 0..200 {
        if d.cdf(t) >= 0.99 {
            break;
        }
        t *= 1.25;
    }
    hi = hi.max(t).max(1e-6);
    let (kind_name, f): (&str, Box<dyn Fn(f64) -> f64>) = if matches!(d, Dist::Fixed { .. })
        || matches!(d, Dist::Lognormal { sigma, .. } if *sigma == 0.0)
    {
        ("CDF", Box::new(|x| d.cdf(x)))
    } else {
        ("density", Box::new(|x| d.pdf(x)))
    };
    // Long durations read better in days or years; densities scale with the unit.
    let (unit, per) = if hi > 2.0 * HOURS_PER_YEAR {
        ("years", HOURS_PER_YEAR)
    } else if hi > 96.0 {
        ("days", 24.0)
    } else {
        ("hours", 1.0)
    };
    let is_density = kind_name == "density";
    let points: Vec<[f64; 2]> = (0..=200)
        .map(|i| {
            let x = hi * i as f64 / 200.0;
            let y = f(x) * if is_density { per } else { 1.0 };
            [x / per, if y.is_finite() { y } else { 0.0 }]
        })
        .collect();
    Chart {
        horizontal: false,
        title: title.to_string(),
        x_label: if is_density {
            format!("{unit} (density per {})", unit.trim_end_matches('s'))
        } else {
            unit.into()
        },
        y_label: kind_name.into(),
        series: vec![Series {
            name: d.name().into(),
            kind: SeriesKind::Line,
            points,
            color: PALETTE[2],
        }],
        markers: vec![(
            mean / per,
            format!("mean {}", crate::report::hours_text(mean)),
        )],
        categories: Vec::new(),
    }
}

/// The scenario's offered load over the horizon (requests/s by day), peaks marked.
pub fn load_profile(sc: &crate::scenario::Scenario, hours: usize) -> Chart {
    let profile = sc.hourly_rps(hours);
    let points = profile
        .iter()
        .enumerate()
        .map(|(h, &l)| [h as f64 / 24.0, l])
        .collect();
    let markers = sc
        .peaks
        .iter()
        .filter_map(|p| {
            let r = sc.peak_hours(p);
            (r.start < hours).then(|| (r.start as f64 / 24.0, p.name.clone()))
        })
        .collect();
    Chart {
        horizontal: false,
        title: format!("Offered load: {}", sc.name),
        x_label: "day of the trial".into(),
        y_label: "requests/s".into(),
        series: vec![Series {
            name: "offered load".into(),
            kind: SeriesKind::Line,
            points,
            color: PALETTE[0],
        }],
        markers,
        categories: Vec::new(),
    }
}

/// Utilisation of each capacity-limited component over the horizon at full health
/// (offered load / healthy capacity, %), with the 100 % line.
pub fn headroom(
    queues: &[crate::analysis::Queue],
    sc: &crate::scenario::Scenario,
    hours: usize,
) -> Chart {
    let profile = sc.hourly_rps(hours);
    let mut series: Vec<Series> = queues
        .iter()
        .enumerate()
        .map(|(i, q)| Series {
            name: q.name.clone(),
            kind: SeriesKind::Line,
            // Daily maxima keep the chart light and show the worst hour of each day.
            points: profile
                .chunks(24)
                .enumerate()
                .map(|(d, day)| {
                    [
                        d as f64,
                        day.iter().copied().fold(0.0, f64::max) * q.weight / q.capacity_rps()
                            * 100.0,
                    ]
                })
                .collect(),
            color: PALETTE[(i + 1) % PALETTE.len()],
        })
        .collect();
    let days = profile.len().div_ceil(24) as f64;
    series.push(Series {
        name: "healthy capacity".into(),
        kind: SeriesKind::Line,
        points: vec![[0.0, 100.0], [days, 100.0]],
        color: [200, 40, 40],
    });
    Chart {
        horizontal: false,
        title: "Headroom: busiest hour of each day against healthy capacity".into(),
        x_label: "day of the trial".into(),
        y_label: "utilisation (% of capacity)".into(),
        series,
        markers: Vec::new(),
        categories: Vec::new(),
    }
}

/// p95 response time of a component against offered load (M/M/c), with its average and
/// busiest-hour loads marked.
pub fn latency_curve(q: &crate::analysis::Queue, average_rps: f64, peak_rps: f64) -> Chart {
    let cap = q.capacity_rps();
    let points = (0..200)
        .filter_map(|i| {
            let rps = cap * 0.92 * i as f64 / 199.0;
            q.response(rps).p95_ms.map(|p| [rps, p])
        })
        .collect();
    Chart {
        horizontal: false,
        title: format!("{}: p95 response time against load", q.name),
        x_label: "offered requests/s".into(),
        y_label: "p95 (ms)".into(),
        series: vec![Series {
            name: "p95".into(),
            kind: SeriesKind::Line,
            points,
            color: PALETTE[3],
        }],
        markers: vec![
            (average_rps, format!("average {average_rps:.0}")),
            (peak_rps, format!("busiest hour {peak_rps:.0}")),
        ],
        categories: Vec::new(),
    }
}
