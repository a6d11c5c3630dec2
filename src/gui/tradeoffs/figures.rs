//! Figures derived from the Tradeoffs results: each option's value per unit of cost, the
//! survey comparisons of [`crate::survey`], and the charts of [`crate::report::decision_charts`]
//! (shown on screen and exported by the same functions).

use super::{ONE_OFF_YEARS, TradeoffsState};
use crate::decide::believed::values_with;
use crate::decide::compare::{Comparison, Side};
use crate::engine::{CostResults, MoneyStats};
use crate::report::charts::{Chart, Series, SeriesKind};
use crate::report::decision_charts::{cost_breakdown, loss_distribution, survey_vs_simulation};
use crate::survey::{
    Agreement, CHALLENGES_TABLE, ChallengeDowntime, ChallengesVsSurvey, Estimate, OptionsVsSurvey,
    SimulatedOption, challenges_vs_survey, options_vs_survey,
};

/// Expected yearly loss (and SLA credits) avoided by a design against the base, with the
/// paired 95 % interval: the fixed-cost difference minus the paired Δ total cost.
pub fn loss_avoided(c: &Comparison, base: &Side) -> Estimate {
    let fixed = c.other.fixed.per_year(ONE_OFF_YEARS) - base.fixed.per_year(ONE_OFF_YEARS);
    let t = &c.paired.difference.total_cost;
    Estimate {
        mean: c.paired.loss_avoided,
        ci95: [fixed - t.ci95[1], fixed - t.ci95[0]],
    }
}

/// A side's money as the engine's [`CostResults`] (what the cost breakdown draws).
fn cost_results(s: &Side, currency: &str) -> CostResults {
    CostResults {
        currency: currency.to_string(),
        infrastructure_year: s.fixed.infrastructure_year,
        per_year_factor: 1.0,
        downtime_loss: s.downtime_loss,
        sla_credits: s.sla_credits,
        total: MoneyStats {
            mean: s.total_cost,
            std_error: f64::NAN,
            ci95: [f64::NAN; 2],
            p90: f64::NAN,
            p99: f64::NAN,
        },
    }
}

/// Add each point's name beside it and its 95 % interval (the decision chart draws dots).
fn labelled(mut chart: Chart, a: &Agreement, what: &str) -> Chart {
    let pts: Vec<[f64; 2]> = a
        .points
        .iter()
        .map(|p| [p.survey_share, p.simulated_share.mean])
        .collect();
    for s in &mut chart.series {
        if matches!(s.kind, SeriesKind::Points { .. }) {
            s.name = what.to_string();
        }
    }
    chart.series.insert(
        1,
        Series {
            name: "95 % interval".into(),
            kind: SeriesKind::ErrorBars {
                low: a.points.iter().map(|p| p.simulated_share.ci95[0]).collect(),
                high: a.points.iter().map(|p| p.simulated_share.ci95[1]).collect(),
            },
            points: pts.clone(),
            color: [120, 160, 200],
        },
    );
    chart.series.push(Series {
        name: what.to_string(),
        kind: SeriesKind::Labels {
            texts: a.points.iter().map(|p| p.name.clone()).collect(),
        },
        points: pts,
        color: [0, 0, 0],
    });
    chart
}

impl TradeoffsState {
    /// Each simulated option with a survey item and a cost, valued as `nines survey --model`
    /// values it ([`crate::decide::believed::values_with`]: loss avoided per unit of yearly
    /// cost with one-off costs spread over [`ONE_OFF_YEARS`]; leadership options by what they
    /// add to the options they enable).
    pub fn simulated_options(&self) -> Vec<SimulatedOption> {
        let Ok(opts) = &self.options else {
            return Vec::new();
        };
        let find = |set: &[usize]| -> Option<&Comparison> {
            let row = match set {
                [i] => self.rows.get(*i).and_then(Option::as_ref),
                _ => None,
            };
            if let Some(r) = row {
                return r.value.as_ref().ok();
            }
            self.survey_extra
                .iter()
                .find(|e| e.value.option_indices == set)
                .map(|e| &e.value)
        };
        values_with(find, ONE_OFF_YEARS, opts)
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
        let d: Vec<ChallengeDowntime> = base
            .value
            .challenges
            .iter()
            .map(|c| {
                let e = c.hours_per_year;
                ChallengeDowntime {
                    label: c.label.clone(),
                    downtime: Estimate {
                        mean: e.mean.max(0.0),
                        ci95: [e.ci95[0].max(0.0), e.ci95[1].max(0.0)],
                    },
                }
            })
            .collect();
        (!d.is_empty()).then(|| {
            challenges_vs_survey(&self.survey, CHALLENGES_TABLE, &d, "the model")
                .map_err(|e| e.to_string())
        })
    }

    /// The toggled set's comparison when it is current and computed.
    pub fn set_comparison(&self) -> Option<&Comparison> {
        self.current_set()?
            .value
            .1
            .as_ref()
            .ok()
            .map(|s| &s.comparison)
    }

    /// The model's currency (as its runs report it).
    pub fn currency(&self) -> String {
        self.base
            .as_ref()
            .map(|b| b.value.currency.clone())
            .or_else(|| self.options.as_ref().ok()?.currency.clone())
            .unwrap_or_else(|| "USD".into())
    }

    /// Chart: survey share against simulated value share, one point per option.
    pub fn survey_chart(&self) -> Option<Chart> {
        let a = self.options_vs_survey()?.ok()?;
        Some(labelled(
            survey_vs_simulation(
                "Survey vs simulation: options",
                "share of simulated value per unit cost",
                &a.all,
            ),
            &a.all,
            "options",
        ))
    }

    /// Chart: survey share of each challenge against its share of simulated downtime.
    pub fn challenges_chart(&self) -> Option<Chart> {
        let c = self.challenges_vs_survey()?.ok()?;
        let mut chart = labelled(
            survey_vs_simulation(
                "Challenges vs downtime",
                "share of simulated downtime",
                &c.agreement,
            ),
            &c.agreement,
            "challenges",
        );
        chart.x_label = "share of respondents naming it (of the modelled challenges)".into();
        Some(chart)
    }

    /// Chart: the yearly downtime loss of the toggled set (the base when none is toggled),
    /// with the p90 and p99 that `nines compare` reports for that side.
    pub fn loss_chart(&self) -> Option<Chart> {
        let (name, side, losses) = match (self.set_comparison(), self.current_set()) {
            (Some(c), Some(s)) => (
                "toggled set",
                &c.other,
                s.value.1.as_ref().ok().map(|v| &v.losses)?,
            ),
            _ => {
                let b = &self.base.as_ref()?.value;
                ("base", &b.side, &b.losses)
            }
        };
        let l = &side.downtime_loss;
        let mut chart = loss_distribution(losses, &self.currency(), l.p90, l.p99);
        chart.title = format!("Downtime loss in a year ({name}, {} trials)", losses.len());
        Some(chart)
    }

    /// Chart: cost per year by kind (mean and bad years) of the toggled set, or the base.
    pub fn cost_chart(&self) -> Option<Chart> {
        let (name, side) = match self.set_comparison() {
            Some(c) => ("toggled set", &c.other),
            None => ("base", &self.base.as_ref()?.value.side),
        };
        let f = &side.fixed;
        let options_year = f.options_yearly + f.options_one_off / ONE_OFF_YEARS;
        let mut chart = cost_breakdown(&cost_results(side, &self.currency()), options_year);
        chart.title = format!("Cost per year ({name})");
        Some(chart)
    }
}
