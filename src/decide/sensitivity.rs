//! Sensitivity: which parameters move the answer (a tornado of each one down and up, with
//! common random numbers) and what made the bad years bad (downtime and loss by cause in the
//! worst trials against all trials).

use crate::edit::{Edit, EditPath, Op, parse_value};
use crate::model::Model;
use serde::Serialize;

/// One parameter of the tornado: its low and high edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// The path, as shown (`component.web.repair.mean_hours`).
    pub label: String,
    /// The value it has now, as text.
    pub base: String,
    /// Edits for the low side, and its value as text.
    pub low: (Vec<Edit>, String),
    /// Edits for the high side, and its value as text.
    pub high: (Vec<Edit>, String),
}

fn scale(path: EditPath, f: f64) -> Vec<Edit> {
    vec![Edit {
        path,
        op: Op::Scale(f),
    }]
}

fn mean_swing(path: EditPath, mean: f64, range: f64) -> Swing {
    Swing {
        label: path.to_string(),
        base: format!("{mean:.4} h"),
        low: (
            scale(path.clone(), 1.0 - range),
            format!("{:.4} h", mean * (1.0 - range)),
        ),
        high: (
            scale(path, 1.0 + range),
            format!("{:.4} h", mean * (1.0 + range)),
        ),
    }
}

/// The tornado's parameters by default: every failure and repair mean of components, zones,
/// regions and common causes (moved by ± `range` of themselves), every detection mean, and
/// every replica count (± 1, keeping `min_up` at most the replicas; a side that cannot be
/// made is left at the base value).
pub fn default_swings(m: &Model, range: f64) -> Vec<Swing> {
    use crate::edit::Kind;
    let mut out = Vec::new();
    let dist = |kind: Kind, name: &str, key: &str, mean: f64, out: &mut Vec<Swing>| {
        out.push(mean_swing(
            EditPath::key(kind, name, &[key, "mean_hours"]),
            mean,
            range,
        ));
    };
    for c in &m.components {
        dist(
            Kind::Component,
            &c.name,
            "failure",
            c.failure.mean_hours(),
            &mut out,
        );
        dist(
            Kind::Component,
            &c.name,
            "repair",
            c.repair.mean_hours(),
            &mut out,
        );
        if let Some(d) = &c.detect {
            dist(Kind::Component, &c.name, "detect", d.mean_hours(), &mut out);
        }
        let path = EditPath::key(Kind::Component, &c.name, &["replicas"]);
        let min_path = EditPath::key(Kind::Component, &c.name, &["min_up"]);
        let k = c.k();
        let up = |n: u32| {
            let mut e = vec![Edit::set(path.clone(), i64::from(n))];
            // Keep the k of n needed (implicit "all" would need every new replica too).
            e.push(Edit::set(min_path.clone(), i64::from(k.min(n))));
            e
        };
        let low = if c.replicas > 1 {
            (
                up(c.replicas - 1),
                format!("{} of {}", k.min(c.replicas - 1), c.replicas - 1),
            )
        } else {
            (Vec::new(), format!("{k} of {}", c.replicas))
        };
        out.push(Swing {
            label: path.to_string(),
            base: format!("{k} of {}", c.replicas),
            low,
            high: (up(c.replicas + 1), format!("{k} of {}", c.replicas + 1)),
        });
    }
    for (kind, d) in m
        .zones
        .iter()
        .map(|z| (Kind::Zone, z))
        .chain(m.regions.iter().map(|r| (Kind::Region, r)))
    {
        dist(kind, &d.name, "failure", d.failure.mean_hours(), &mut out);
        dist(kind, &d.name, "repair", d.repair.mean_hours(), &mut out);
    }
    for cc in &m.common_causes {
        dist(
            Kind::CommonCause,
            &cc.name,
            "failure",
            cc.failure.mean_hours(),
            &mut out,
        );
        dist(
            Kind::CommonCause,
            &cc.name,
            "repair",
            cc.repair.mean_hours(),
            &mut out,
        );
        if let Some(d) = &cc.detect {
            dist(
                Kind::CommonCause,
                &cc.name,
                "detect",
                d.mean_hours(),
                &mut out,
            );
        }
    }
    out
}

/// A parameter named on the command line: `PATH` (moved by ± range of itself) or
/// `PATH=LOW..HIGH` (set to stated values).
pub fn parse_swing(text: &str, range: f64) -> Result<Swing, String> {
    let (p, values) = match text.split_once('=') {
        Some((p, v)) => (p, Some(v)),
        None => (text, None),
    };
    let path = EditPath::parse(p).map_err(|e| e.0)?;
    if path.keys.is_empty() {
        return Err(format!(
            "`{text}`: name a key, e.g. component.web.repair.mean_hours"
        ));
    }
    Ok(match values {
        None => Swing {
            label: path.to_string(),
            base: "as in the model".into(),
            low: (
                scale(path.clone(), 1.0 - range),
                format!("× {}", 1.0 - range),
            ),
            high: (scale(path, 1.0 + range), format!("× {}", 1.0 + range)),
        },
        Some(v) => {
            let (lo, hi) = v
                .split_once("..")
                .ok_or_else(|| format!("`{text}`: write PATH (± the range) or PATH=LOW..HIGH"))?;
            Swing {
                label: path.to_string(),
                base: "as in the model".into(),
                low: (
                    vec![Edit::set(path.clone(), parse_value(lo))],
                    lo.trim().to_string(),
                ),
                high: (
                    vec![Edit::set(path, parse_value(hi))],
                    hi.trim().to_string(),
                ),
            }
        }
    })
}

/// One trial as the bad-year analysis sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialCauses {
    /// The yardstick of a bad year (loss per year, or downtime hours when nothing has a cost).
    pub badness: f64,
    /// Model downtime hours and loss by cause (index into the cause names).
    pub by_cause: Vec<(u32, f64, f64)>,
}

/// One cause's share of downtime and loss, in all trials and in the worst ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// The cause (component, `zone:…`, `region:…`, `common_cause:…`).
    pub name: String,
    /// Share of all downtime it started, over every trial.
    pub downtime_share_all: f64,
    /// Share of downtime in the worst 10 % of trials.
    pub downtime_share_worst_10: f64,
    /// Share of downtime in the worst 1 % of trials.
    pub downtime_share_worst_1: f64,
    /// Share of loss, over every trial.
    pub loss_share_all: f64,
    /// Share of loss in the worst 10 %.
    pub loss_share_worst_10: f64,
    /// Share of loss in the worst 1 %.
    pub loss_share_worst_1: f64,
    /// Mean downtime hours per trial it started, over every trial.
    pub downtime_hours_all: f64,
    /// The same over the worst 10 % of trials.
    pub downtime_hours_worst_10: f64,
    /// The same over the worst 1 % of trials.
    pub downtime_hours_worst_1: f64,
    /// Mean loss per trial attributed to it, over every trial.
    pub loss_all: f64,
    /// The same over the worst 10 % of trials.
    pub loss_worst_10: f64,
    /// The same over the worst 1 % of trials.
    pub loss_worst_1: f64,
}

/// What drove the bad years: for each cause, its share of downtime and loss over all trials
/// and over the worst 10 % and 1 % (by `badness`; ties broken by trial order), largest
/// worst-1 % loss share first. The worst sets hold at least one trial.
pub fn bad_year_drivers(trials: &[TrialCauses], names: &[String]) -> Vec<Driver> {
    let mut order: Vec<usize> = (0..trials.len()).collect();
    order.sort_by(|&a, &b| {
        trials[b]
            .badness
            .total_cmp(&trials[a].badness)
            .then(a.cmp(&b))
    });
    let take = |q: f64| ((trials.len() as f64 * q).ceil() as usize).clamp(1, trials.len().max(1));
    let sums = |idx: &[usize]| {
        let mut d = vec![0.0; names.len()];
        let mut l = vec![0.0; names.len()];
        for &i in idx {
            for &(c, h, x) in &trials[i].by_cause {
                if let Some(slot) = d.get_mut(c as usize) {
                    *slot += h;
                    l[c as usize] += x;
                }
            }
        }
        (d, l)
    };
    let share = |v: &[f64], i: usize| {
        let t: f64 = v.iter().sum();
        if t > 0.0 { v[i] / t } else { 0.0 }
    };
    let all: Vec<usize> = (0..trials.len()).collect();
    let (n10, n1) = (take(0.10).min(order.len()), take(0.01).min(order.len()));
    let (da, la) = sums(&all);
    let (d10, l10) = sums(&order[..n10]);
    let (d1, l1) = sums(&order[..n1]);
    let per = |v: &[f64], i: usize, n: usize| if n > 0 { v[i] / n as f64 } else { 0.0 };
    let mut out: Vec<Driver> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Driver {
            name: n.clone(),
            downtime_share_all: share(&da, i),
            downtime_share_worst_10: share(&d10, i),
            downtime_share_worst_1: share(&d1, i),
            loss_share_all: share(&la, i),
            loss_share_worst_10: share(&l10, i),
            loss_share_worst_1: share(&l1, i),
            downtime_hours_all: per(&da, i, all.len()),
            downtime_hours_worst_10: per(&d10, i, n10),
            downtime_hours_worst_1: per(&d1, i, n1),
            loss_all: per(&la, i, all.len()),
            loss_worst_10: per(&l10, i, n10),
            loss_worst_1: per(&l1, i, n1),
        })
        .filter(|d| d.downtime_share_all > 0.0 || d.loss_share_all > 0.0)
        .collect();
    out.sort_by(|a, b| {
        b.loss_share_worst_1.total_cmp(&a.loss_share_worst_1).then(
            b.downtime_share_worst_1
                .total_cmp(&a.downtime_share_worst_1),
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_can_have_another_driver_than_the_mean() {
        // Cause 0: a little downtime every year; cause 1: nothing most years, a disaster in 1 %.
        let mut trials = Vec::new();
        for t in 0..1000 {
            let mut by = vec![(0, 1.0, 100.0)];
            if t % 100 == 7 {
                by.push((1, 30.0, 5000.0));
            }
            let badness = by.iter().map(|x| x.2).sum();
            trials.push(TrialCauses {
                badness,
                by_cause: by,
            });
        }
        let d = bad_year_drivers(&trials, &["steady".into(), "disaster".into()]);
        let steady = d.iter().find(|x| x.name == "steady").expect("steady");
        let disaster = d.iter().find(|x| x.name == "disaster").expect("disaster");
        assert!(
            steady.loss_share_all > disaster.loss_share_all,
            "the mean's driver"
        );
        assert_eq!(d[0].name, "disaster", "the p99's driver");
        assert!((disaster.loss_share_worst_1 - 5000.0 / 5100.0).abs() < 1e-12);
        assert!((steady.loss_share_all - 100_000.0 / 150_000.0).abs() < 1e-12);
        // Worst 1 % = the 10 disaster trials: 5000 each; over all 1000 trials 50 each.
        assert!((disaster.loss_worst_1 - 5000.0).abs() < 1e-9);
        assert!((disaster.loss_all - 50.0).abs() < 1e-9);
        assert!((steady.downtime_hours_worst_1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn default_swings_cover_means_and_replicas() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/r2-checkout.toml"
        ))
        .expect("r2");
        let plan = crate::load::plan_from_str(&text, "r2").expect("valid");
        let s = default_swings(plan.model(), 0.2);
        assert!(
            s.iter()
                .any(|x| x.label == "component.web.repair.mean_hours")
        );
        let web = s
            .iter()
            .find(|x| x.label == "component.web.replicas")
            .expect("web");
        assert_eq!(
            (web.base.as_str(), web.high.1.as_str()),
            ("2 of 3", "2 of 4")
        );
        for sw in &s {
            for side in [&sw.low.0, &sw.high.0] {
                crate::edit::apply_model(&text, "r2", side)
                    .unwrap_or_else(|e| panic!("{}: {e}", sw.label));
            }
        }
    }
}
