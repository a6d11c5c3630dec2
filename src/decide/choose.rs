//! Running the optimiser: every set of options the search asks for is built as a
//! [`Design`] and simulated with the same seed (common random numbers); the top sets are run
//! again with more trials and the best is compared with the runner-up trial by trial (a
//! paired interval says whether they can be told apart); the Pareto frontiers of yearly spend
//! against availability and against expected loss come from the search's sets.

use super::Options;
use super::optimize::{Candidate, Objective, frontier, search_with};
use super::paired::{FixedCosts, Paired, TrialMetrics, paired};
use super::portfolio::{Design, PlanCache};
use super::runs::Overall;
use crate::engine::{MoneyStats, Observer, RunConfig, TrialRecord};
use crate::scenario::Scenario;
use serde::Serialize;

/// What to optimise and how hard to check it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimizeSpec {
    /// Most yearly spend a set may have (options' yearly costs, one-off costs over `years`,
    /// and the extra infrastructure the options add), in the model currency.
    pub budget: f64,
    /// Years one-off costs are spread over.
    pub years: f64,
    /// What a set is judged by.
    pub objective: Objective,
    /// How many of the best sets are run again (0: none).
    pub recheck_top: usize,
    /// Those runs have this many times the trials.
    pub recheck_factor: u64,
}

impl Default for OptimizeSpec {
    fn default() -> Self {
        OptimizeSpec {
            budget: 0.0,
            years: 3.0,
            objective: Objective::TotalCost,
            recheck_top: 5,
            recheck_factor: 4,
        }
    }
}

/// One set of options, simulated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluated {
    /// The search's view of it (indices, spend, total cost, loss, availability, served).
    pub candidate: Candidate,
    /// Option names, file order.
    pub names: Vec<String>,
    /// Options' yearly costs.
    pub options_yearly_cost: f64,
    /// Options' one-off costs (not spread).
    pub one_off_cost: f64,
    /// Infrastructure per year the options add (their edits' `cost` keys).
    pub infrastructure_delta: f64,
    /// Infrastructure per year of the design.
    pub infrastructure_year: f64,
    /// Total cost per year: infrastructure, options (one-off spread), loss and SLA credits.
    pub total_cost: MoneyStats,
    /// Downtime loss per year.
    pub downtime_loss: MoneyStats,
    /// Net SLA credits per year (mean).
    pub sla_credits: f64,
    /// Standard error of the availability.
    pub availability_std_error: f64,
    /// Trials it was simulated with (0: not simulated, over the budget).
    pub trials: u64,
}

impl Evaluated {
    /// Whether it was simulated (sets over the budget are not).
    pub fn simulated(&self) -> bool {
        self.trials > 0
    }
}

/// The best set against the runner-up, trial by trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versus {
    /// The runner-up's option names.
    pub runner_up: Vec<String>,
    /// Differences best − runner-up (paired).
    pub paired: Paired,
    /// Whether the 95 % interval of the objective's difference excludes 0 in the best's favour.
    pub distinguishable: bool,
}

/// What the optimiser found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimized {
    /// "exhaustive" or "greedy with swaps".
    pub method: &'static str,
    /// Every set the search looked at, in the order looked at.
    pub evaluated: Vec<Evaluated>,
    /// Indices into `evaluated` of the sets within the budget, best first (search trials).
    pub ranking: Vec<usize>,
    /// The top sets run again with more trials, best first.
    pub rechecked: Vec<Evaluated>,
    /// The answer: the first rechecked set (or the search's best with no recheck).
    pub best: Evaluated,
    /// The best against the runner-up (None when only one set fits).
    pub versus: Option<Versus>,
    /// Indices into `evaluated`: the sets not dominated on (lower spend, higher
    /// availability), by increasing spend.
    pub frontier_availability: Vec<usize>,
    /// The same on (lower spend, lower expected loss).
    pub frontier_loss: Vec<usize>,
    /// Infrastructure per year of the model as it is.
    pub base_infrastructure_year: f64,
    /// ISO 4217 code of every money figure.
    pub currency: String,
    /// Trials of the search runs.
    pub trials: u64,
    /// Trials of the recheck runs.
    pub recheck_trials: u64,
    /// Seed of every run.
    pub seed: u64,
}

/// Why the optimiser could not answer.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    /// Bad input: a set makes an invalid model, the budget fits nothing, served without a
    /// scenario.
    #[error("{0}")]
    Input(String),
    /// The engine refused or was cancelled.
    #[error(transparent)]
    Engine(#[from] crate::engine::EngineError),
}

/// One trial as collected for the paired comparison.
type Row = (f64, f64, f64, f64);

fn row(r: &TrialRecord) -> Row {
    (
        r.down_hours,
        r.loss,
        r.sla_credits,
        r.requests.first().map_or(f64::NAN, |q| q.served_fraction),
    )
}

/// Runs sets with one seed, keeping plans already built.
struct Evaluator<'a> {
    text: &'a str,
    origin: &'a str,
    scenario: Option<&'a Scenario>,
    opts: &'a Options,
    spec: &'a OptimizeSpec,
    cache: PlanCache,
    base_infra: f64,
    seed: u64,
}

impl Evaluator<'_> {
    fn design(&self, set: &[usize]) -> Result<Design, OptimizeError> {
        Design::build(
            self.text,
            self.origin,
            self.scenario,
            self.opts,
            set,
            self.seed,
            &self.cache,
        )
        .map_err(OptimizeError::Input)
    }

    fn spend(&self, d: &Design) -> f64 {
        d.options_cost_per_year(self.spec.years) + (d.infrastructure_year - self.base_infra)
    }

    /// Simulate `set` (when within the budget, or always with `force`).
    fn evaluate(
        &self,
        set: &[usize],
        cfg: &RunConfig,
        overall: &Overall<'_, Row>,
        force: bool,
    ) -> Result<(Evaluated, Design), OptimizeError> {
        let d = self.design(set)?;
        let spend = self.spend(&d);
        let names: Vec<String> = d.deliveries.iter().map(|x| x.name.clone()).collect();
        let nan = MoneyStats {
            mean: f64::NAN,
            std_error: f64::NAN,
            ci95: [f64::NAN; 2],
            p90: f64::NAN,
            p99: f64::NAN,
        };
        let mut e = Evaluated {
            candidate: Candidate {
                options: set.to_vec(),
                yearly_cost: spend,
                total_cost: f64::NAN,
                loss: f64::NAN,
                availability: f64::NAN,
                served: f64::NAN,
            },
            names,
            options_yearly_cost: d.options_yearly_cost,
            one_off_cost: d.options_one_off_cost,
            infrastructure_delta: d.infrastructure_year - self.base_infra,
            infrastructure_year: d.infrastructure_year,
            total_cost: nan,
            downtime_loss: nan,
            sla_credits: f64::NAN,
            availability_std_error: f64::NAN,
            trials: 0,
        };
        if !force && spend > self.spec.budget + 1e-9 {
            return Ok((e, d));
        }
        let r = crate::engine::run_source(&d, cfg, overall)?;
        overall.finish_run(r.trials, r.events);
        let opc = d.options_cost_per_year(self.spec.years);
        let t = r.cost.total;
        e.total_cost = MoneyStats {
            mean: t.mean + opc,
            std_error: t.std_error,
            ci95: [t.ci95[0] + opc, t.ci95[1] + opc],
            p90: t.p90 + opc,
            p99: t.p99 + opc,
        };
        e.downtime_loss = r.cost.downtime_loss;
        e.sla_credits = r.cost.sla_credits.mean;
        e.availability_std_error = r.model.availability.std_error;
        e.trials = r.trials;
        e.candidate.total_cost = e.total_cost.mean;
        e.candidate.loss = r.cost.downtime_loss.mean + r.cost.sla_credits.mean;
        e.candidate.availability = r.model.availability.mean;
        e.candidate.served = r
            .model
            .requests
            .as_ref()
            .map_or(f64::NAN, |q| q.served_fraction.mean);
        Ok((e, d))
    }
}

fn fixed(d: &Design) -> FixedCosts {
    FixedCosts {
        infrastructure_year: d.infrastructure_year,
        options_yearly: d.options_yearly_cost,
        options_one_off: d.options_one_off_cost,
    }
}

fn metrics(rows: &[Row], horizon: f64) -> Vec<TrialMetrics> {
    let per_year = crate::engine::MONEY_YEAR_HOURS / horizon;
    rows.iter()
        .map(|&(down, loss, credits, served)| TrialMetrics {
            availability: 1.0 - down / horizon,
            served,
            loss: loss * per_year,
            sla_credits: credits * per_year,
        })
        .collect()
}

/// Moves of the greedy search beyond single options: each leadership option together with
/// each option it enables, and with all of them.
pub fn bundles(opts: &Options) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for (i, o) in opts.options.iter().enumerate() {
        let Some(en) = &o.enables else { continue };
        let js: Vec<usize> = en
            .options
            .iter()
            .filter_map(|name| opts.options.iter().position(|x| x.name == *name))
            .collect();
        for &j in &js {
            out.push(vec![i, j]);
        }
        if js.len() > 1 {
            let mut all = vec![i];
            all.extend(&js);
            out.push(all);
        }
    }
    out
}

/// Find the best set of `opts` for the model `text` under `spec`, every run with `cfg`'s
/// seed (and its trials; rechecks × `spec.recheck_factor`). `observer` sees progress over
/// every run and can cancel. Sets over the budget are not simulated.
pub fn optimize(
    text: &str,
    origin: &str,
    scenario: Option<&Scenario>,
    opts: &Options,
    spec: &OptimizeSpec,
    cfg: &RunConfig,
    observer: &dyn Observer,
) -> Result<Optimized, OptimizeError> {
    if !(spec.budget.is_finite() && spec.budget >= 0.0) {
        return Err(OptimizeError::Input(format!(
            "the budget must be an amount per year >= 0, found {}",
            spec.budget
        )));
    }
    if !(spec.years.is_finite() && spec.years > 0.0) {
        return Err(OptimizeError::Input(format!(
            "years must be > 0, found {}",
            spec.years
        )));
    }
    if spec.objective == Objective::Served && scenario.is_none() {
        return Err(OptimizeError::Input(
            "the objective `served` needs a load scenario (--scenario FILE)".into(),
        ));
    }
    let base = crate::load::plan_from_str(text, origin)
        .map_err(|e| OptimizeError::Input(e.to_string()))?;
    let ev = Evaluator {
        text,
        origin,
        scenario,
        opts,
        spec,
        cache: PlanCache::default(),
        base_infra: crate::model::money::infrastructure_year(base.model()),
        seed: cfg.seed,
    };
    let currency = base.model().model.currency().to_string();
    let n = opts.options.len();
    // Nothing but the model as it is fits: say so before simulating anything.
    let mut cheapest: Option<(f64, &str)> = None;
    for i in 0..n {
        let s = ev.spend(&ev.design(&[i])?);
        if cheapest.is_none_or(|(c, _)| s < c) {
            cheapest = Some((s, &opts.options[i].name));
        }
    }
    if let Some((c, name)) = cheapest
        && c > spec.budget + 1e-9
    {
        return Err(OptimizeError::Input(format!(
            "no option fits a budget of {} a year: the cheapest, `{name}`, costs {} a year (yearly cost, one-off cost over {} years and any infrastructure it adds); raise --budget to at least {}",
            crate::text::money(spec.budget, &currency),
            crate::text::money(c, &currency),
            spec.years,
            crate::text::money(c.ceil(), &currency)
        )));
    }
    let plain = RunConfig {
        record_trials: false,
        ..cfg.clone()
    };
    let top = spec.recheck_top;
    let recheck_trials = cfg.trials.saturating_mul(spec.recheck_factor.max(1));
    let planned = |sets: u64| sets * cfg.trials + top as u64 * recheck_trials;
    let rough_sets = if n <= super::optimize::EXHAUSTIVE_MAX {
        1u64 << n
    } else {
        (n * n) as u64
    };
    let overall: Overall<'_, Row> = Overall::new(observer, planned(rough_sets), Some(row));
    let mut full: Vec<Evaluated> = Vec::new();
    // Sets over the budget are not run: they leave the planned total.
    let skipped = std::cell::Cell::new(0u64);
    let s = search_with(
        n,
        spec.budget,
        spec.objective,
        &bundles(opts),
        |set| {
            let (e, _) = ev.evaluate(set, &plain, &overall, false)?;
            if !e.simulated() {
                skipped.set(skipped.get() + 1);
            }
            let c = e.candidate.clone();
            full.push(e);
            Ok::<_, OptimizeError>(c)
        },
        |_, total| overall.set_total(planned((total as u64).saturating_sub(skipped.get()))),
    )?;
    let mut rechecked: Vec<(Evaluated, Vec<TrialMetrics>, FixedCosts)> = Vec::new();
    let rcfg = RunConfig {
        trials: recheck_trials,
        record_trials: true,
        ..cfg.clone()
    };
    for &i in s.ranking.iter().take(top) {
        let set = &s.evaluated[i].options;
        overall.take_rows();
        let (e, d) = ev.evaluate(set, &rcfg, &overall, true)?;
        let rows = metrics(&overall.take_rows(), d.reference().horizon_hours());
        rechecked.push((e, rows, fixed(&d)));
    }
    let o = spec.objective;
    rechecked.sort_by(|a, b| {
        b.0.candidate
            .score(o)
            .total_cmp(&a.0.candidate.score(o))
            .then(
                a.0.candidate
                    .yearly_cost
                    .total_cmp(&b.0.candidate.yearly_cost),
            )
            .then(a.0.candidate.options.cmp(&b.0.candidate.options))
    });
    let versus = match rechecked.as_slice() {
        [(_, b_rows, b_fixed), (runner, r_rows, r_fixed), ..] => {
            let p = paired(r_rows, b_rows, *r_fixed, *b_fixed, spec.years);
            let d = &p.difference;
            let distinguishable = match o {
                Objective::TotalCost => d.total_cost.ci95[1] < 0.0,
                Objective::Availability => d.availability.ci95[0] > 0.0,
                Objective::Served => d.served.is_some_and(|x| x.ci95[0] > 0.0),
            };
            Some(Versus {
                runner_up: runner.names.clone(),
                paired: p,
                distinguishable,
            })
        }
        _ => None,
    };
    let best = match rechecked.first() {
        Some(r) => r.0.clone(),
        None => full[s.best].clone(),
    };
    let frontier_availability = frontier(&s.evaluated, |c| c.availability);
    let frontier_loss = frontier(&s.evaluated, |c| -c.loss);
    Ok(Optimized {
        method: s.method,
        evaluated: full,
        ranking: s.ranking,
        rechecked: rechecked.into_iter().map(|r| r.0).collect(),
        best,
        versus,
        frontier_availability,
        frontier_loss,
        base_infrastructure_year: ev.base_infra,
        currency,
        trials: cfg.trials,
        recheck_trials: if top > 0 { recheck_trials } else { cfg.trials },
        seed: cfg.seed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Stop;
    impl Observer for Stop {
        fn should_stop(&self) -> bool {
            true
        }
    }

    const M: &str = "[model]\nname = \"m\"\n[[component]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"fixed\", hours = 1 }\n[[service]]\nname = \"s\"\nrequires = [\"a\"]\ndowntime_cost = { per_hour = 100 }\n";
    const O: &str = "[[option]]\nname = \"pair\"\nyearly_cost = 10\nedits = [{ path = \"component.a.replicas\", set = 2 }, { path = \"component.a.min_up\", set = 1 }]\n";

    #[test]
    fn cancel_stops_and_a_small_budget_is_refused() {
        let opts = super::super::parse_options(O, "o").expect("options");
        let spec = OptimizeSpec {
            budget: 100.0,
            ..Default::default()
        };
        let cfg = RunConfig {
            trials: 200,
            ..Default::default()
        };
        assert!(matches!(
            optimize(M, "m", None, &opts, &spec, &cfg, &Stop),
            Err(OptimizeError::Engine(crate::engine::EngineError::Cancelled))
        ));
        let r =
            optimize(M, "m", None, &opts, &spec, &cfg, &crate::engine::NoObserver).expect("runs");
        // About 87 h down a year at 100 an hour against 10 a year for a second replica.
        assert_eq!(r.best.names, vec!["pair".to_string()]);
        assert!(r.versus.as_ref().is_some_and(|v| v.distinguishable));
        let tight = OptimizeSpec {
            budget: 5.0,
            ..spec
        };
        let e = optimize(
            M,
            "m",
            None,
            &opts,
            &tight,
            &cfg,
            &crate::engine::NoObserver,
        )
        .expect_err("nothing fits");
        assert!(
            e.to_string().contains("the cheapest, `pair`, costs 10 USD"),
            "{e}"
        );
    }
}
