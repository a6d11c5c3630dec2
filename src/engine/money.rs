//! Money of a run: what each trial's downtime and lost requests cost per service, SLA
//! credits month by month, and their statistics scaled to a year.
//!
//! A service's loss in a trial is `downtime_cost.per_hour` × its hours down plus, with a load
//! scenario and `revenue`, its lost requests × conversion × order value × (1 − recapture);
//! the model's loss is the sum over services. An SLA earns, for every SLA month of the trial,
//! the credit share of the tier the month's availability of its scope falls below, times the
//! monthly fee: positive when paid, negative when received.

use super::plan::Plan;
use crate::model::money::{SLA_MONTH_HOURS, SlaDirection, infrastructure_year};
use crate::stats::{Moments, QuantileSketch, Z95};
use serde::Serialize;

/// Hours of the year money is scaled to: per-year figures are per-trial figures ×
/// `MONEY_YEAR_HOURS / horizon`: the model's year of 8,760 h ([`crate::model::HOURS_PER_YEAR`],
/// the same year SLA months are a twelfth of), so a one-year horizon is not rescaled.
pub const MONEY_YEAR_HOURS: f64 = crate::model::HOURS_PER_YEAR;

/// Values below this (in money units) count as this in quantile sketches (which keep values
/// in [1e-6, 1e8]): the sketch holds money / `SKETCH_UNIT`, so 1e-3 to 1e11 money units.
const SKETCH_UNIT: f64 = 1000.0;

/// One SLA as the engine evaluates it.
#[derive(Debug, Clone)]
pub(crate) struct SlaPlan {
    /// The tracker (index into `Flat::sla_nodes`) of its scope.
    pub tracker: usize,
    /// Monthly fee × (+1 paid, −1 received).
    pub signed_fee: f64,
    /// (below, credit) tiers.
    pub tiers: Vec<(f64, f64)>,
}

impl SlaPlan {
    fn credit_share(&self, a: f64) -> f64 {
        self.tiers
            .iter()
            .filter(|t| a < t.0)
            .map(|t| t.1)
            .fold(0.0, f64::max)
    }
}

/// The money side of a plan: per-service loss rates and the SLAs.
#[derive(Debug, Clone, Default)]
pub(crate) struct MoneyPlan {
    /// Per service: loss per hour down.
    pub per_hour: Vec<f64>,
    /// Per service: loss per lost request (with a load scenario).
    pub per_request: Vec<f64>,
    /// Per service: whether it carries any loss (a `downtime_cost`, or a `revenue` with a
    /// load scenario).
    pub priced: Vec<bool>,
    /// SLAs in file order.
    pub slas: Vec<SlaPlan>,
}

impl MoneyPlan {
    /// The money of `plan` (with a load scenario when `load`).
    pub(crate) fn new(plan: &Plan, load: bool) -> MoneyPlan {
        let m = plan.model();
        let f = &plan.flat;
        let per_hour: Vec<f64> = m
            .services
            .iter()
            .map(|s| s.downtime_cost.map_or(0.0, |d| d.per_hour))
            .collect();
        let per_request: Vec<f64> = m
            .services
            .iter()
            .map(|s| match (load, s.revenue) {
                (true, Some(r)) => r.per_lost_request(),
                _ => 0.0,
            })
            .collect();
        let priced = m
            .services
            .iter()
            .map(|s| s.downtime_cost.is_some() || (load && s.revenue.is_some()))
            .collect();
        let mut slas = Vec::new();
        for s in &m.slas {
            let Some(node) = super::flat::sla_node(m, f.svc_base, &s.scope) else {
                continue;
            };
            let Some(tracker) = f.sla_nodes.iter().position(|&x| x == node) else {
                continue;
            };
            let sign = match s.direction {
                SlaDirection::Paid => 1.0,
                SlaDirection::Received => -1.0,
            };
            slas.push(SlaPlan {
                tracker,
                signed_fee: sign * s.monthly_fee,
                tiers: s.credits.iter().map(|t| (t.below, t.credit)).collect(),
            });
        }
        MoneyPlan {
            per_hour,
            per_request,
            priced,
            slas,
        }
    }

    /// Net credits of one trial from each tracker's down hours per month
    /// (`down[tracker × months + month]`).
    pub(crate) fn credits(&self, down: &[f64], months: &[(f64, f64)]) -> f64 {
        let nm = months.len();
        let mut total = 0.0;
        for s in &self.slas {
            for (i, &(a, b)) in months.iter().enumerate() {
                let len = b - a;
                if len <= 0.0 {
                    continue;
                }
                let avail = 1.0 - down[s.tracker * nm + i] / len;
                // A last, shorter month's fee counts pro rata (whole months: × 1 exactly).
                total += s.credit_share(avail) * s.signed_fee * (len / SLA_MONTH_HOURS);
            }
        }
        total
    }
}

/// Quantiles of signed money values in fixed memory (1 % relative accuracy).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct MoneySketch {
    pos: QuantileSketch,
    /// Negated negative values; created at the first one.
    neg: Option<QuantileSketch>,
}

impl MoneySketch {
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        if x < 0.0 {
            self.neg
                .get_or_insert_with(QuantileSketch::default)
                .push(-x / SKETCH_UNIT);
        } else {
            self.pos.push(x / SKETCH_UNIT);
        }
    }

    pub(crate) fn merge(&mut self, o: &MoneySketch) {
        self.pos.merge(&o.pos);
        if let Some(n) = &o.neg {
            self.neg
                .get_or_insert_with(QuantileSketch::default)
                .merge(n);
        }
    }

    /// Whether the counts inside add up to `n` values (for checking partial files).
    pub(crate) fn is_consistent(&self, n: u64) -> bool {
        let nn = self.neg.as_ref().map_or(0, QuantileSketch::len);
        let np = self.pos.len();
        np.checked_add(nn) == Some(n)
            && self.pos.is_consistent(np)
            && self.neg.as_ref().is_none_or(|s| s.is_consistent(nn))
    }

    /// The q-quantile (nearest rank), NaN when empty.
    pub(crate) fn quantile(&self, q: f64) -> f64 {
        let nn = self.neg.as_ref().map_or(0, QuantileSketch::len);
        let np = self.pos.len();
        let n = nn + np;
        if n == 0 {
            return f64::NAN;
        }
        let rank = ((q.clamp(0.0, 1.0) * n as f64).ceil() as u64).clamp(1, n);
        match &self.neg {
            Some(neg) if rank <= nn => {
                -neg.quantile((nn - rank) as f64 / nn as f64 + 0.5 / nn as f64) * SKETCH_UNIT
            }
            _ => {
                let r = rank - nn;
                self.pos.quantile((r as f64 - 0.5) / np as f64) * SKETCH_UNIT
            }
        }
    }
}

/// A money figure per year: mean, standard error, 95 % interval, and a bad year (p90, p99).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MoneyStats {
    /// Mean per year.
    pub mean: f64,
    /// Standard error of the mean.
    pub std_error: f64,
    /// 95 % interval of the mean `[low, high]`.
    pub ci95: [f64; 2],
    /// 90th percentile of a year (1 % relative accuracy).
    pub p90: f64,
    /// 99th percentile of a year.
    pub p99: f64,
}

impl MoneyStats {
    fn new(m: &Moments, s: &MoneySketch, shift: f64) -> MoneyStats {
        let se = m.std_error();
        let mean = m.mean + shift;
        MoneyStats {
            mean,
            std_error: se,
            ci95: [mean - Z95 * se, mean + Z95 * se],
            p90: s.quantile(0.9) + shift,
            p99: s.quantile(0.99) + shift,
        }
    }
}

/// Money results of a run, per year (per-trial figures × `per_year_factor`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostResults {
    /// ISO 4217 code of every figure.
    pub currency: String,
    /// Infrastructure cost per year (from the model, not simulated).
    pub infrastructure_year: f64,
    /// `MONEY_YEAR_HOURS / horizon`: how a trial's figures become a year's.
    pub per_year_factor: f64,
    /// Downtime loss per year (all services).
    pub downtime_loss: MoneyStats,
    /// Net SLA credits per year (paid positive, received negative).
    pub sla_credits: MoneyStats,
    /// infrastructure_year + (loss + credits) per year.
    pub total: MoneyStats,
}

/// Money accumulated over trials (values already per year).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct MoneyAcc {
    pub loss: Moments,
    pub loss_sketch: MoneySketch,
    pub credits: Moments,
    pub credits_sketch: MoneySketch,
    /// loss + credits per year.
    pub variable: Moments,
    pub variable_sketch: MoneySketch,
}

impl MoneyAcc {
    #[inline]
    pub(crate) fn push(&mut self, loss: f64, credits: f64) {
        self.loss.push(loss);
        self.loss_sketch.push(loss);
        self.credits.push(credits);
        self.credits_sketch.push(credits);
        self.variable.push(loss + credits);
        self.variable_sketch.push(loss + credits);
    }

    /// Add a weighted trial (failure biasing): `loss` (its likelihood-ratio weighted loss)
    /// to the moments, `plain_loss` (the plain timeline's, true law) to the quantile sketches;
    /// no SLA credits (biasing does not apply with SLAs).
    #[inline]
    pub(crate) fn push_split(&mut self, loss: f64, plain_loss: f64) {
        self.loss.push(loss);
        self.loss_sketch.push(plain_loss);
        self.credits.push(0.0);
        self.credits_sketch.push(0.0);
        self.variable.push(loss);
        self.variable_sketch.push(plain_loss);
    }

    pub(crate) fn merge(&mut self, o: &MoneyAcc) {
        self.loss.merge(&o.loss);
        self.loss_sketch.merge(&o.loss_sketch);
        self.credits.merge(&o.credits);
        self.credits_sketch.merge(&o.credits_sketch);
        self.variable.merge(&o.variable);
        self.variable_sketch.merge(&o.variable_sketch);
    }

    pub(crate) fn results(&self, plan: &Plan, factor: f64) -> CostResults {
        let infra = infrastructure_year(plan.model());
        CostResults {
            currency: plan.model().model.currency().to_string(),
            infrastructure_year: infra,
            per_year_factor: factor,
            downtime_loss: MoneyStats::new(&self.loss, &self.loss_sketch, 0.0),
            sla_credits: MoneyStats::new(&self.credits, &self.credits_sketch, 0.0),
            total: MoneyStats::new(&self.variable, &self.variable_sketch, infra),
        }
    }
}

/// A service's loss per year accumulated over trials.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct LossAcc {
    pub m: Moments,
    pub sketch: MoneySketch,
}

impl LossAcc {
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        self.m.push(x);
        self.sketch.push(x);
    }

    /// Add a weighted value to the moments and the plain timeline's to the sketch.
    #[inline]
    pub(crate) fn push_split(&mut self, x: f64, plain: f64) {
        self.m.push(x);
        self.sketch.push(plain);
    }

    pub(crate) fn merge(&mut self, o: &LossAcc) {
        self.m.merge(&o.m);
        self.sketch.merge(&o.sketch);
    }

    pub(crate) fn stats(&self) -> MoneyStats {
        MoneyStats::new(&self.m, &self.sketch, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_quantiles_by_rank() {
        let mut s = MoneySketch::default();
        for x in [-300.0, -100.0, 0.0, 50.0, 2000.0] {
            s.push(x);
        }
        let near = |a: f64, b: f64| (a - b).abs() <= 0.011 * b.abs() + 1e-9;
        assert!(near(s.quantile(0.2), -300.0), "{}", s.quantile(0.2));
        assert!(near(s.quantile(0.4), -100.0), "{}", s.quantile(0.4));
        assert_eq!(s.quantile(0.6), 0.0);
        assert!(near(s.quantile(0.8), 50.0), "{}", s.quantile(0.8));
        assert!(near(s.quantile(0.99), 2000.0), "{}", s.quantile(0.99));
        let mut t = MoneySketch::default();
        t.push(-5.0);
        let mut u = MoneySketch::default();
        u.merge(&t);
        assert!(near(u.quantile(0.5), -5.0));
        assert!(MoneySketch::default().quantile(0.5).is_nan());
    }
}
