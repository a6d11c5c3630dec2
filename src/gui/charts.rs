//! Every chart the workbench shows, named by a [`ChartId`], and built from the App's data:
//! the same function draws it on screen and rebuilds it for a PNG/SVG export, so an export
//! request is only an id (no chart kept aside between frames).

use super::App;
use crate::edit::Kind;
use crate::engine::{RunResults, ScopeResult};
use crate::model::{Dist, Model};
use crate::report::charts::{self, Chart};

/// A chart of the workbench.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartId {
    /// Histogram of downtime per trial; scope 0 = the model, i = service i − 1.
    Histogram {
        /// The results scope.
        scope: usize,
    },
    /// CDF of downtime per trial.
    Cdf {
        /// The results scope.
        scope: usize,
    },
    /// Downtime by component.
    Pareto,
    /// Convergence of the last (or running) run.
    Convergence,
    /// Pinned designs.
    Compare,
    /// Sensitivity: the tornado on the chosen output.
    Tornado,
    /// Sensitivity: each cause's share in all years against the worst 10 % and 1 %.
    BadYears,
    /// Optimise: spend against availability, the chosen set highlighted.
    Frontier,
    /// A distribution of a table (the editor's density chart).
    Distribution {
        /// The kind of table.
        kind: Kind,
        /// Its name.
        name: String,
        /// `failure`, `repair` or `detect`.
        key: String,
    },
    /// Offered load over the horizon.
    LoadProfile,
    /// Headroom of the capacity-limited components.
    Headroom,
    /// Response time against load of one component.
    Latency(String),
    /// Tradeoffs: survey weight against simulated value per unit cost, one point per option.
    SurveyVsSimulation,
    /// Tradeoffs: the survey's challenges against simulated downtime by challenge.
    ChallengesVsDowntime,
    /// Tradeoffs: the yearly downtime loss of the toggled set (or the base), p90/p99 marked.
    LossDistribution,
    /// Tradeoffs: cost per year by kind, base beside the toggled set.
    CostBreakdown,
}

impl ChartId {
    /// File name stem for exports.
    pub fn file_stem(&self) -> String {
        match self {
            ChartId::Histogram { .. } => "downtime-histogram".into(),
            ChartId::Cdf { .. } => "downtime-cdf".into(),
            ChartId::Pareto => "downtime-by-component".into(),
            ChartId::Convergence => "convergence".into(),
            ChartId::Compare => "compare".into(),
            ChartId::Tornado => "tornado".into(),
            ChartId::BadYears => "bad-years".into(),
            ChartId::Frontier => "frontier".into(),
            ChartId::Distribution { kind, name, key } => format!("{}-{name}-{key}", kind.key()),
            ChartId::LoadProfile => "load-profile".into(),
            ChartId::Headroom => "headroom".into(),
            ChartId::Latency(name) => format!("latency-{name}"),
            ChartId::SurveyVsSimulation => "survey-vs-simulation".into(),
            ChartId::ChallengesVsDowntime => "challenges-vs-downtime".into(),
            ChartId::LossDistribution => "loss-distribution".into(),
            ChartId::CostBreakdown => "cost-breakdown".into(),
        }
    }
}

/// The results of one scope: its label and figures.
pub fn scope(r: &RunResults, i: usize) -> (String, &ScopeResult) {
    match i.checked_sub(1).and_then(|s| r.services.get(s)) {
        Some((n, s)) => (format!("service {n}"), s),
        None => ("model".to_string(), &r.model),
    }
}

/// What the distribution at `key` of a table of `kind` is the time of: "Time to failure" for
/// a component, "Time between outages" for a zone, "Event duration" for a common cause.
pub fn dist_title(kind: Kind, key: &str) -> &'static str {
    match (kind, key) {
        (_, "detect") => "Time to detect",
        (Kind::Zone | Kind::Region, "failure") => "Time between outages",
        (Kind::Zone | Kind::Region, _) => "Outage duration",
        (Kind::CommonCause, "failure") => "Time between events",
        (Kind::CommonCause, _) => "Event duration",
        (_, "failure") => "Time to failure",
        _ => "Time to repair",
    }
}

/// The density chart of a distribution, titled by its role.
pub fn distribution(kind: Kind, key: &str, d: &Dist) -> Chart {
    charts::distribution(&format!("{}: {}", dist_title(kind, key), d.name()), d)
}

/// The distribution at `key` (`failure`, `repair`, `detect`) of the table `name` of `kind`.
pub fn dist_of<'m>(m: &'m Model, kind: Kind, name: &str, key: &str) -> Option<&'m Dist> {
    let pick = |failure: &'m Dist, repair: &'m Dist, detect: Option<&'m Dist>| match key {
        "failure" => Some(failure),
        "repair" => Some(repair),
        "detect" => detect,
        _ => None,
    };
    match kind {
        Kind::Component => {
            let c = m.components.iter().find(|c| c.name == name)?;
            pick(&c.failure, &c.repair, c.detect.as_ref())
        }
        Kind::CommonCause => {
            let c = m.common_causes.iter().find(|c| c.name == name)?;
            pick(&c.failure, &c.repair, c.detect.as_ref())
        }
        Kind::Zone | Kind::Region => {
            let list = if kind == Kind::Zone {
                &m.zones
            } else {
                &m.regions
            };
            let d = list.iter().find(|d| d.name == name)?;
            pick(&d.failure, &d.repair, None)
        }
        _ => None,
    }
}

impl App {
    /// The data of a chart, as shown on screen and exported; `None` when there is nothing to
    /// draw (no results yet, the table is gone). Load charts need fresh load figures
    /// ([`App::refresh_load_figures`]).
    pub fn chart(&self, id: &ChartId) -> Option<Chart> {
        let results = || self.last.as_ref().map(|o| &o.results);
        Some(match id {
            ChartId::Histogram { scope: i } => {
                let (name, s) = scope(results()?, *i);
                charts::downtime_histogram(&format!("Downtime per trial ({name})"), s, 40)
            }
            ChartId::Cdf { scope: i } => {
                let (name, s) = scope(results()?, *i);
                charts::downtime_cdf(&format!("Downtime per trial, cumulative ({name})"), s)
            }
            ChartId::Pareto => {
                let r = results()?;
                let all: Vec<_> = r.components.iter().chain(&r.domains).cloned().collect();
                charts::downtime_pareto(&all)
            }
            ChartId::Convergence => {
                let points = self
                    .job
                    .as_ref()
                    .map(|j| &j.convergence)
                    .filter(|c| !c.is_empty())
                    .unwrap_or(&self.convergence);
                charts::convergence(points)
            }
            ChartId::Tornado => self.decisions.tornado_chart()?,
            ChartId::BadYears => self.decisions.bad_years_chart()?,
            ChartId::Frontier => self.decisions.frontier_chart()?,
            ChartId::Compare => charts::compare(
                &self
                    .pins
                    .iter()
                    .map(|p| (p.name.clone(), p.results.model.availability))
                    .collect::<Vec<_>>(),
            ),
            ChartId::Distribution { kind, name, key } => {
                let m = self.doc.shown_model()?;
                distribution(*kind, key, dist_of(m, *kind, name, key)?)
            }
            ChartId::LoadProfile => self.load_figures()?.profile.clone(),
            ChartId::Headroom => self.load_figures()?.headroom.clone(),
            ChartId::Latency(name) => {
                let f = self.load_figures()?;
                let q = f.queues.iter().find(|q| &q.name == name)?;
                let l = f.latency.components.iter().find(|c| &c.name == name);
                charts::latency_curve(
                    q,
                    l.map_or(0.0, |l| l.average_rps),
                    l.map_or(0.0, |l| l.peak_rps),
                )
            }
            ChartId::SurveyVsSimulation => self.tradeoffs.survey_chart()?,
            ChartId::ChallengesVsDowntime => self.tradeoffs.challenges_chart()?,
            ChartId::LossDistribution => self.tradeoffs.loss_chart()?,
            ChartId::CostBreakdown => self.tradeoffs.cost_chart()?,
        })
    }
}
