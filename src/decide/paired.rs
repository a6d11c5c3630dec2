//! Paired differences between two designs run on the same trials (common random numbers):
//! per-trial differences of availability, served share, loss and total cost, their mean,
//! standard error and interval, the chance the other design costs less in a year, ROI and
//! payback.

use crate::stats::{Estimate, Moments};
use serde::Serialize;

/// What decisions need of one trial, per year (money scaled to a year).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TrialMetrics {
    /// Fraction of the horizon the model was available.
    pub availability: f64,
    /// Share of offered requests served (with a load scenario; else NaN).
    pub served: f64,
    /// Downtime loss in a year.
    pub loss: f64,
    /// Net SLA credits in a year (paid positive, received negative).
    pub sla_credits: f64,
}

impl TrialMetrics {
    /// One trial's metrics from its record: availability over `horizon_hours`, the model's
    /// served share (NaN without a load scenario), and money scaled to a year
    /// (× [`crate::engine::MONEY_YEAR_HOURS`] / horizon).
    pub fn from_record(r: &crate::engine::TrialRecord, horizon_hours: f64) -> TrialMetrics {
        let per_year = crate::engine::MONEY_YEAR_HOURS / horizon_hours;
        TrialMetrics {
            availability: 1.0 - r.down_hours / horizon_hours,
            served: r.requests.first().map_or(f64::NAN, |q| q.served_fraction),
            loss: r.loss * per_year,
            sla_credits: r.sla_credits * per_year,
        }
    }
}

/// A design's yearly fixed costs: infrastructure and options (one-off spread over years).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct FixedCosts {
    /// Infrastructure per year.
    pub infrastructure_year: f64,
    /// Options' yearly costs.
    pub options_yearly: f64,
    /// Options' one-off costs.
    pub options_one_off: f64,
}

impl FixedCosts {
    /// Cost per year with the one-off spread over `years`.
    pub fn per_year(&self, years: f64) -> f64 {
        self.infrastructure_year + self.options_yearly + self.options_one_off / years.max(1e-9)
    }
}

/// The paired differences (other − base) of one comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differences {
    /// Δ availability.
    pub availability: Estimate,
    /// Δ served share (None without a scenario).
    pub served: Option<Estimate>,
    /// Δ downtime loss per year.
    pub downtime_loss: Estimate,
    /// Δ SLA credits per year (net).
    pub sla_credits: Estimate,
    /// Δ total cost per year: fixed costs, loss and credits.
    pub total_cost: Estimate,
}

/// A comparison of one design against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paired {
    /// Other − base, paired by trial.
    pub difference: Differences,
    /// Probability that the other design's total cost in a year is the lower (ties count half).
    pub p_better: f64,
    /// Loss and credits avoided per year (mean of base − other).
    pub loss_avoided: f64,
    /// Extra yearly cost of the other design: options' yearly costs and Δ infrastructure
    /// (one-off costs not included).
    pub yearly_cost: f64,
    /// Extra one-off cost.
    pub one_off_cost: f64,
    /// (loss avoided − yearly cost) / yearly cost; None when there is no yearly cost.
    pub roi: Option<f64>,
    /// Years for the one-off cost to be paid back by what is left of the loss avoided after
    /// the yearly cost; None when that is not positive (never), 0 with no one-off cost.
    pub payback_years: Option<f64>,
    /// Trials paired.
    pub trials: u64,
}

/// Compare `other` with `base` trial by trial (the slices are in trial order, same length).
pub fn paired(
    base: &[TrialMetrics],
    other: &[TrialMetrics],
    base_fixed: FixedCosts,
    other_fixed: FixedCosts,
    years: f64,
) -> Paired {
    let (mut da, mut ds, mut dl, mut dc, mut dt, mut better) = (
        Moments::default(),
        Moments::default(),
        Moments::default(),
        Moments::default(),
        Moments::default(),
        Moments::default(),
    );
    let (fa, fb) = (base_fixed.per_year(years), other_fixed.per_year(years));
    for (a, b) in base.iter().zip(other) {
        da.push(b.availability - a.availability);
        if a.served.is_finite() && b.served.is_finite() {
            ds.push(b.served - a.served);
        }
        dl.push(b.loss - a.loss);
        dc.push(b.sla_credits - a.sla_credits);
        let (ta, tb) = (fa + a.loss + a.sla_credits, fb + b.loss + b.sla_credits);
        dt.push(tb - ta);
        better.push(if tb < ta {
            1.0
        } else if tb == ta {
            0.5
        } else {
            0.0
        });
    }
    let loss_avoided = -(dl.mean + dc.mean);
    let yearly_cost = (other_fixed.infrastructure_year + other_fixed.options_yearly)
        - (base_fixed.infrastructure_year + base_fixed.options_yearly);
    let one_off_cost = other_fixed.options_one_off - base_fixed.options_one_off;
    let roi = (yearly_cost > 0.0).then(|| (loss_avoided - yearly_cost) / yearly_cost);
    let net = loss_avoided - yearly_cost;
    let payback_years = if one_off_cost <= 0.0 {
        Some(0.0)
    } else if net > 0.0 {
        Some(one_off_cost / net)
    } else {
        None
    };
    Paired {
        difference: Differences {
            availability: da.summary(),
            served: (ds.n > 0).then(|| ds.summary()),
            downtime_loss: dl.summary(),
            sla_credits: dc.summary(),
            total_cost: dt.summary(),
        },
        p_better: better.mean,
        loss_avoided,
        yearly_cost,
        one_off_cost,
        roi,
        payback_years,
        trials: da.n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(availability: f64, loss: f64) -> TrialMetrics {
        TrialMetrics {
            availability,
            served: f64::NAN,
            loss,
            sla_credits: 0.0,
        }
    }

    #[test]
    fn paired_arithmetic_by_hand() {
        let base = [m(0.99, 100.0), m(0.98, 300.0), m(1.0, 0.0)];
        let other = [m(0.995, 40.0), m(0.99, 100.0), m(1.0, 0.0)];
        let bf = FixedCosts {
            infrastructure_year: 1000.0,
            ..Default::default()
        };
        let of = FixedCosts {
            infrastructure_year: 1050.0,
            options_yearly: 50.0,
            options_one_off: 30.0,
        };
        let p = paired(&base, &other, bf, of, 3.0);
        assert!((p.difference.availability.mean - 0.005).abs() < 1e-12);
        assert!((p.difference.downtime_loss.mean - (-260.0 / 3.0)).abs() < 1e-9);
        // Totals: base 1100, 1300, 1000; other 1110+40, 1110+100, 1110 → other cheaper once.
        assert!((p.difference.total_cost.mean - (110.0 - 260.0 / 3.0)).abs() < 1e-9);
        assert!((p.p_better - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(p.yearly_cost, 100.0);
        assert!((p.loss_avoided - 260.0 / 3.0).abs() < 1e-9);
        assert!((p.roi.expect("roi") - (260.0 / 3.0 - 100.0) / 100.0).abs() < 1e-9);
        assert_eq!(
            p.payback_years, None,
            "the loss avoided does not cover the yearly cost"
        );
        assert!(p.difference.served.is_none());
    }
}
