//! Figures derived from the Tradeoffs results: each option's value per unit of cost, the
//! survey comparisons of [`crate::survey`], the cost breakdown and the charts (shown on
//! screen and exported by the same functions).

use super::{Comparison, ONE_OFF_YEARS, TradeoffsState};
use crate::report::charts::Chart;
use crate::report::tradeoffs::{CostParts, agreement_chart, cost_breakdown, loss_distribution};
use crate::survey::{
    CHALLENGES_TABLE, ChallengesVsSurvey, Estimate, OptionsVsSurvey, SimulatedOption,
    challenges_vs_survey, options_vs_survey,
};

/// Bins of the loss histogram.
const LOSS_BINS: usize = 40;

/// Expected yearly loss (and SLA credits) avoided by a design against the base, with the
/// paired 95 % interval: the fixed-cost difference minus the paired Δtotal cost.
pub fn loss_avoided(c: &Comparison, base_fixed_year: f64) -> Estimate {
    let fixed = c.side.fixed.per_year(ONE_OFF_YEARS) - base_fixed_year;
    let t = &c.paired.difference.total_cost;
    Estimate {
        mean: c.paired.loss_avoided,
        ci95: [fixed - t.ci95[1], fixed - t.ci95[0]],
    }
}

/// Loss avoided per unit of yearly cost (None when the option costs nothing a year).
pub fn value_per_cost(c: &Comparison, base_fixed_year: f64) -> Option<Estimate> {
    let cost = c.paired.yearly_cost;
    (cost > 0.0).then(|| {
        let a = loss_avoided(c, base_fixed_year);
        Estimate {
            mean: a.mean / cost,
            ci95: [a.ci95[0] / cost, a.ci95[1] / cost],
        }
    })
}

impl TradeoffsState {
    /// The base design's fixed cost per year (0 before the base has run).
    fn base_fixed_year(&self) -> f64 {
        self.base
            .as_ref()
            .map_or(0.0, |b| b.value.side.fixed.per_year(ONE_OFF_YEARS))
    }

    /// Each simulated option with a survey item and a yearly cost, as the survey comparison
    /// takes them.
    pub fn simulated_options(&self) -> Vec<SimulatedOption> {
        let (Ok(opts), fixed) = (&self.options, self.base_fixed_year()) else {
            return Vec::new();
        };
        self.rows
            .iter()
            .zip(&opts.options)
            .filter_map(|(r, o)| {
                let c = r.as_ref()?.value.as_ref().ok()?;
                Some(SimulatedOption {
                    name: o.name.clone(),
                    survey_item: o.survey_item.clone()?,
                    value: value_per_cost(c, fixed)?,
                })
            })
            .collect()
    }

    /// Survey weight against simulated value over the options computed so far.
    pub fn options_vs_survey(&self) -> Option<Result<OptionsVsSurvey, String>> {
        let sim = self.simulated_options();
        (!sim.is_empty()).then(|| {
            options_vs_survey(&self.survey, &sim, &self.options_title).map_err(|e| e.to_string())
        })
    }

    /// The survey's challenges against the base design's downtime by challenge label.
    pub fn challenges_vs_survey(&self) -> Option<Result<ChallengesVsSurvey, String>> {
        let base = self.base.as_ref()?;
        let d = &base.value.challenges;
        (!d.is_empty()).then(|| {
            challenges_vs_survey(&self.survey, CHALLENGES_TABLE, d, "the model")
                .map_err(|e| e.to_string())
        })
    }

    /// The toggled set's comparison when it is current and computed.
    pub fn set_comparison(&self) -> Option<&Comparison> {
        self.current_set()?.value.1.as_ref().ok()
    }

    /// The cost breakdown of the base and (when computed) the toggled set.
    pub fn cost_parts(&self) -> Vec<CostParts> {
        let parts = |name: &str, s: &super::Side| CostParts {
            name: name.to_string(),
            infrastructure: s.fixed.infrastructure_year,
            options: s.fixed.options_yearly + s.fixed.options_one_off / ONE_OFF_YEARS,
            expected_loss: s.results.cost.downtime_loss.mean,
            sla_credits: s.results.cost.sla_credits.mean,
        };
        let mut out = Vec::new();
        if let Some(b) = &self.base {
            out.push(parts("base", &b.value.side));
        }
        if let Some(c) = self.set_comparison() {
            out.push(parts("toggled set", &c.side));
        }
        out
    }

    /// The model's currency (as its runs report it).
    pub fn currency(&self) -> String {
        self.base
            .as_ref()
            .map(|b| b.value.side.results.cost.currency.clone())
            .unwrap_or_else(|| "USD".into())
    }

    /// Chart: survey share against simulated value share, one point per option.
    pub fn survey_chart(&self) -> Option<Chart> {
        let a = self.options_vs_survey()?.ok()?;
        Some(agreement_chart(
            "Survey vs simulation: options",
            &a.all,
            "survey weight (share of the options' items)",
            "simulated value (share of loss avoided per unit cost)",
        ))
    }

    /// Chart: survey share of each challenge against its share of simulated downtime.
    pub fn challenges_chart(&self) -> Option<Chart> {
        let c = self.challenges_vs_survey()?.ok()?;
        Some(agreement_chart(
            "Challenges vs downtime",
            &c.agreement,
            "share of respondents naming it (of the matched challenges)",
            "share of simulated downtime (base design)",
        ))
    }

    /// Chart: the yearly downtime loss of the toggled set (the base when none is toggled),
    /// with the run's p90 and p99 (as `simulate --json` reports them).
    pub fn loss_chart(&self) -> Option<Chart> {
        let (name, side) = match self.set_comparison() {
            Some(c) => ("toggled set", &c.side),
            None => ("base", &self.base.as_ref()?.value.side),
        };
        let c = &side.results.cost;
        Some(loss_distribution(
            &format!(
                "Downtime loss per year ({name}, {} trials)",
                side.yearly_losses.len()
            ),
            &side.yearly_losses,
            &c.currency,
            c.downtime_loss.p90,
            c.downtime_loss.p99,
            LOSS_BINS,
        ))
    }

    /// Chart: cost per year by kind, base beside the toggled set.
    pub fn cost_chart(&self) -> Option<Chart> {
        let parts = self.cost_parts();
        (!parts.is_empty()).then(|| cost_breakdown(&parts, &self.currency()))
    }
}
