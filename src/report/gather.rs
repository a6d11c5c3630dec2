//! Everything a report shows, computed on one seed: the base run with its per-year losses,
//! the options ranked by paired comparison, the optimiser's portfolio, the tornado and the
//! drivers of bad years. One entry for `nines report` and the workbench's "Export report…".

use super::document::{
    PortfolioPart, PortfolioSet, RankedOption, ReportInput, TornadoPart, TornadoRow,
};
use crate::decide::believed::{option_values, survey_sets};
use crate::decide::compare::{CompareInput, CompareSettings, compare};
use crate::decide::optimize::Objective;
use crate::decide::portfolio::PlanCache;
use crate::decide::{Against, Options};
use crate::engine::{Observer, Progress, RunConfig, TrialRecord};
use crate::error::Error;
use crate::scenario::Scenario;
use std::sync::Mutex;

/// What to put in a report and how hard to work for it.
#[derive(Debug, Clone, Copy)]
pub struct ReportSpec<'a> {
    /// The model file's text.
    pub text: &'a str,
    /// The model file, as given (for messages and the page).
    pub origin: &'a str,
    /// A load scenario and its file name.
    pub scenario: Option<(&'a Scenario, &'a str)>,
    /// Investment options and their file name: ranked against the base.
    pub options: Option<(&'a Options, &'a str)>,
    /// A yearly budget: the optimiser's best portfolio within it (needs options).
    pub budget: Option<f64>,
    /// Years one-off costs are spread over.
    pub years: f64,
    /// The tornado's range (0.2 = each parameter ×0.8 and ×1.2); None: no tornado.
    pub range: Option<f64>,
    /// Trials of every run.
    pub trials: u64,
    /// Seed of every run (common random numbers).
    pub seed: u64,
    /// Worker threads (None: every core).
    pub threads: Option<usize>,
}

/// Progress over the stages of a report: each stage's own progress mapped into its slice.
struct Stages<'o> {
    inner: &'o dyn Observer,
    stage: Mutex<(u64, u64)>,
    losses: Mutex<Option<(f64, Vec<f64>)>>,
}

const SCALE: u64 = 1_000_000;

impl Observer for Stages<'_> {
    fn on_progress(&self, p: &Progress) {
        let (i, n) = self.stage.lock().map_or((0, 1), |s| *s);
        let frac = if p.trials_total == 0 {
            0.0
        } else {
            p.trials_done as f64 / p.trials_total as f64
        };
        self.inner.on_progress(&Progress {
            trials_done: i * SCALE + (frac * SCALE as f64) as u64,
            trials_total: n * SCALE,
            ..*p
        });
    }
    fn should_stop(&self) -> bool {
        self.inner.should_stop()
    }
    fn on_trials(&self, rows: &[TrialRecord]) {
        if let Ok(mut l) = self.losses.lock()
            && let Some((per_year, v)) = l.as_mut()
        {
            v.extend(rows.iter().map(|r| r.loss * *per_year));
        }
    }
}

impl Stages<'_> {
    fn next(&self) {
        if let Ok(mut s) = self.stage.lock() {
            s.0 += 1;
        }
    }
}

/// Run everything `spec` asks for; `observer` sees progress over all of it (in millionths of
/// the whole, as `trials_done` of `trials_total`) and can cancel.
pub fn gather(spec: &ReportSpec, observer: &dyn Observer) -> Result<ReportInput, Error> {
    let scenario = spec.scenario.map(|(s, _)| s);
    let stages = 1
        + u64::from(spec.options.is_some())
        + u64::from(spec.options.is_some() && spec.budget.is_some())
        + u64::from(spec.range.is_some());
    let obs = Stages {
        inner: observer,
        stage: Mutex::new((0, stages)),
        losses: Mutex::new(None),
    };
    let plan = crate::load::plan_from_str(spec.text, spec.origin)?;
    let plan = match scenario {
        Some(sc) => plan.with_scenario(sc.clone()),
        None => plan,
    };
    let cfg = RunConfig {
        trials: spec.trials,
        seed: spec.seed,
        threads: spec.threads,
        ..RunConfig::default()
    };
    let horizon = plan.horizon_hours();
    if let Ok(mut l) = obs.losses.lock() {
        *l = Some((crate::engine::MONEY_YEAR_HOURS / horizon, Vec::new()));
    }
    let run = crate::engine::run(
        &plan,
        &RunConfig {
            record_trials: true,
            ..cfg.clone()
        },
        &obs,
    )?;
    let losses = obs
        .losses
        .lock()
        .ok()
        .and_then(|mut l| l.take())
        .map(|(_, v)| v)
        .unwrap_or_default();
    obs.next();
    let cache = PlanCache::default();
    let mut options = None;
    let mut survey = None;
    if let Some((opts, file)) = spec.options {
        // Each option alone, and for leadership options the sets their value is read from.
        let sets = survey_sets(opts, &[]);
        let input = CompareInput {
            base_text: spec.text,
            base_origin: spec.origin,
            scenario,
            against: Against::Options {
                options: opts,
                sets: &sets,
            },
        };
        let settings = CompareSettings {
            trials: spec.trials,
            seed: spec.seed,
            threads: spec.threads,
            years: spec.years,
        };
        let r = compare(&input, &settings, &cache, &obs)?;
        obs.next();
        let rows = r
            .comparisons
            .iter()
            .filter_map(|c| match c.option_indices.as_slice() {
                [i] => opts.options.get(*i).map(|o| (o, c)),
                _ => None,
            })
            .map(|(o, c)| RankedOption {
                name: o.name.clone(),
                description: o.description.clone(),
                survey_item: o.survey_item.clone().unwrap_or_default(),
                yearly_cost: o.yearly_cost,
                one_off_cost: o.one_off_cost,
                paired: c.paired.clone(),
            })
            .collect();
        options = Some((file.to_string(), rows));
        survey = crate::survey::options_vs_survey(
            crate::survey::seed_ref(),
            &option_values(&r, opts),
            crate::survey::SEED_ORIGIN,
        )
        .ok()
        .map(|v| v.all)
        .filter(|a| !a.points.is_empty());
    }
    let mut portfolio = None;
    if let (Some((opts, _)), Some(budget)) = (spec.options, spec.budget) {
        let ospec = crate::decide::choose::OptimizeSpec {
            budget,
            years: spec.years,
            objective: Objective::TotalCost,
            ..crate::decide::choose::OptimizeSpec::default()
        };
        let o = crate::decide::choose::optimize(
            spec.text,
            spec.origin,
            scenario,
            opts,
            &ospec,
            &cfg,
            &obs,
        )
        .map_err(|e| match e {
            crate::decide::choose::OptimizeError::Input(m) => Error::Usage(m),
            crate::decide::choose::OptimizeError::Engine(e) => Error::Engine(e),
        })?;
        obs.next();
        let sets: Vec<PortfolioSet> = o
            .evaluated
            .iter()
            .map(|e| PortfolioSet {
                options: e.names.clone(),
                yearly_cost: e.candidate.yearly_cost,
                availability: e.candidate.availability,
                loss: e.candidate.loss,
                total_cost: e.candidate.total_cost,
            })
            .collect();
        let best = o
            .evaluated
            .iter()
            .position(|e| e.candidate.options == o.best.candidate.options);
        let verdict = match &o.versus {
            Some(v) if v.distinguishable => format!(
                "The best set is distinguishable from the runner-up ({}): paired Δ total cost \
                 per year {:.0} (95 % {:.0} to {:.0}) over {} trials.",
                if v.runner_up.is_empty() {
                    "the base".into()
                } else {
                    v.runner_up.join(" + ")
                },
                v.paired.difference.total_cost.mean,
                v.paired.difference.total_cost.ci95[0],
                v.paired.difference.total_cost.ci95[1],
                v.paired.trials
            ),
            Some(v) => format!(
                "The best set is not distinguishable from the runner-up ({}) at this trial \
                 count: the paired 95 % interval of Δ total cost, {:.0} to {:.0}, holds 0.",
                if v.runner_up.is_empty() {
                    "the base".into()
                } else {
                    v.runner_up.join(" + ")
                },
                v.paired.difference.total_cost.ci95[0],
                v.paired.difference.total_cost.ci95[1]
            ),
            None => "Only one set fits the budget.".into(),
        };
        portfolio = Some(PortfolioPart {
            budget,
            years: spec.years,
            objective: "lowest expected total cost (infrastructure, options, loss, SLA credits)"
                .into(),
            sets,
            frontier: o.frontier_availability.clone(),
            best,
            verdict,
        });
    }
    let mut tornado = None;
    let mut drivers = Vec::new();
    if let Some(range) = spec.range {
        let swings =
            crate::decide::tornado::swings_for(plan.model(), &[], range).map_err(Error::Usage)?;
        let s = crate::decide::tornado::sensitivity(
            spec.text,
            spec.origin,
            scenario,
            &swings,
            &cfg,
            &obs,
        )
        .map_err(|e| match e {
            crate::decide::tornado::SensitivityError::Engine(e) => Error::Engine(e),
            other => Error::Usage(other.to_string()),
        })?;
        obs.next();
        tornado = Some(tornado_part(&s, &run.cost.currency));
        drivers = s.bad_years.drivers.clone();
    }
    let mut notes = crate::report::interval_notes(&run);
    if spec.options.is_some() {
        notes.push(crate::survey::SHARES_NOT_EFFECTS.into());
    }
    Ok(ReportInput {
        run,
        model_file: spec.origin.to_string(),
        scenario_file: spec.scenario.map(|(_, f)| f.to_string()),
        losses,
        options,
        portfolio,
        tornado,
        drivers,
        survey,
        notes,
    })
}

/// The tornado on expected loss when the model has prices, else on availability (the rows
/// the workbench's Sensitivity view draws), the widest 15.
fn tornado_part(s: &crate::decide::tornado::Sensitivity, currency: &str) -> TornadoPart {
    use crate::decide::tornado::{Output, tornado_rows};
    let out = if s.priced {
        Output::Loss
    } else {
        Output::Availability
    };
    TornadoPart {
        output: if s.priced {
            format!("expected loss per year ({currency})")
        } else {
            "availability".into()
        },
        base: out.of(&s.base).unwrap_or(0.0),
        rows: tornado_rows(s, out)
            .into_iter()
            .take(15)
            .map(|r| {
                let [_, low_value, high_value] = r.values;
                TornadoRow {
                    param: r.label,
                    low_value,
                    high_value,
                    low: r.low,
                    high: r.high,
                }
            })
            .collect(),
        importance: s
            .importance
            .iter()
            .map(|i| (i.name.clone(), i.birnbaum, i.criticality, i.downtime_share))
            .collect(),
    }
}
