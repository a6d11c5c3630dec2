//! The decision report's page: every section, table and chart of `nines report` (and of the
//! workbench's "Export report…") built from results already computed, with no files touched.

use super::charts::{self, Chart};
use super::decision_charts as dc;
use super::html::{Block, Page, Section};
use crate::decide::paired::Paired;
use crate::decide::sensitivity::Driver;
use crate::engine::{RunResults, ScopeResult};
use crate::stats::Estimate;
use crate::survey::Agreement;
use crate::text::{hours_text, money, percent};

/// One investment option compared with the base (common random numbers).
#[derive(Debug, Clone)]
pub struct RankedOption {
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The survey item it belongs to.
    pub survey_item: String,
    /// Its own yearly cost.
    pub yearly_cost: f64,
    /// Its one-off cost.
    pub one_off_cost: f64,
    /// The paired comparison with the base.
    pub paired: Paired,
}

/// One evaluated set of options of the optimiser.
#[derive(Debug, Clone)]
pub struct PortfolioSet {
    /// The options in it (empty: the base).
    pub options: Vec<String>,
    /// Spend per year on it (one-off costs spread over the years).
    pub yearly_cost: f64,
    /// Mean availability.
    pub availability: f64,
    /// Expected loss per year (downtime loss and net SLA credits).
    pub loss: f64,
    /// Expected total cost per year.
    pub total_cost: f64,
}

/// What the optimiser found.
#[derive(Debug, Clone)]
pub struct PortfolioPart {
    /// Budget per year.
    pub budget: f64,
    /// Years one-off costs are spread over.
    pub years: f64,
    /// The objective, as text ("lowest expected total cost").
    pub objective: String,
    /// Every set evaluated.
    pub sets: Vec<PortfolioSet>,
    /// Indices of the sets on the frontier of spend against availability.
    pub frontier: Vec<usize>,
    /// The chosen set (None when nothing fits the budget).
    pub best: Option<usize>,
    /// Whether the best is distinguishable from the runner-up, in words.
    pub verdict: String,
}

/// One parameter of the tornado.
#[derive(Debug, Clone)]
pub struct TornadoRow {
    /// The parameter (edit path).
    pub param: String,
    /// Its value at the low end, as text.
    pub low_value: String,
    /// Its value at the high end, as text.
    pub high_value: String,
    /// Output at the low end minus the base.
    pub low: f64,
    /// Output at the high end minus the base.
    pub high: f64,
}

/// The sensitivity analysis.
#[derive(Debug, Clone)]
pub struct TornadoPart {
    /// What the tornado measures, with unit ("expected loss per year (USD)").
    pub output: String,
    /// The base value of it.
    pub base: f64,
    /// Parameters, largest swing first.
    pub rows: Vec<TornadoRow>,
    /// Importance measures: name, Birnbaum, criticality, simulated downtime share.
    pub importance: Vec<(String, Option<f64>, Option<f64>, f64)>,
}

/// Everything the report shows; only `run` is required.
#[derive(Debug, Clone)]
pub struct ReportInput {
    /// The base model's run.
    pub run: RunResults,
    /// The model file, as given.
    pub model_file: String,
    /// The scenario file, if any.
    pub scenario_file: Option<String>,
    /// Per-year loss of each trial of the base run (for the loss histogram; may be empty).
    pub losses: Vec<f64>,
    /// The options file and its options ranked against the base.
    pub options: Option<(String, Vec<RankedOption>)>,
    /// The optimiser's answer.
    pub portfolio: Option<PortfolioPart>,
    /// The tornado.
    pub tornado: Option<TornadoPart>,
    /// What drove the bad years.
    pub drivers: Vec<Driver>,
    /// Options' survey weight against their simulated value.
    pub survey: Option<Agreement>,
    /// Extra notes for the method section.
    pub notes: Vec<String>,
}

/// The page and the charts it refers to, by file stem (`downtime` → downtime.png/.svg).
#[derive(Debug, Clone)]
pub struct Report {
    /// The page.
    pub page: Page,
    /// Charts by file stem, in page order.
    pub charts: Vec<(String, Chart)>,
}

struct Builder {
    page: Page,
    charts: Vec<(String, Chart)>,
}

impl Builder {
    fn chart(&mut self, blocks: &mut Vec<Block>, stem: &str, caption: &str, chart: Chart) {
        blocks.push(Block::Chart {
            png: format!("{stem}.png"),
            svg: format!("{stem}.svg"),
            caption: caption.into(),
        });
        self.charts.push((stem.into(), chart));
    }
    fn section(&mut self, heading: &str, blocks: Vec<Block>) {
        self.page.sections.push(Section {
            heading: heading.into(),
            blocks,
        });
    }
}

fn pm(e: &Estimate, f: impl Fn(f64) -> String) -> String {
    format!("{} (95 %: {} to {})", f(e.mean), f(e.ci95[0]), f(e.ci95[1]))
}

/// `mean ± half-width` of a 95 % interval, compact for tables.
fn pm_short(e: &Estimate, f: impl Fn(f64) -> String) -> String {
    format!(
        "{} ± {}",
        f(e.mean),
        f(0.5 * (e.ci95[1] - e.ci95[0])).trim_start_matches('+')
    )
}

fn pp(x: f64) -> String {
    format!("{:+.5} pp", x * 100.0)
}

fn share(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// Build the report from the inputs.
pub fn build(input: &ReportInput) -> Report {
    let r = &input.run;
    let cur = r.cost.currency.as_str();
    let mut b = Builder {
        page: Page {
            title: format!("{}: reliability and cost report", r.model_name),
            provenance: provenance(input),
            sections: Vec::new(),
        },
        charts: Vec::new(),
    };
    summary(&mut b, input);
    availability(&mut b, r);
    causes(&mut b, r);
    cost(&mut b, input);
    if let Some((file, rows)) = &input.options {
        decisions::options(&mut b, file, rows, cur);
    }
    if let Some(p) = &input.portfolio {
        decisions::portfolio(&mut b, p, cur);
    }
    if let Some(t) = &input.tornado {
        decisions::tornado(&mut b, t);
    }
    if !input.drivers.is_empty() {
        decisions::drivers(&mut b, &input.drivers, cur);
    }
    if let Some(a) = &input.survey {
        decisions::survey(&mut b, a);
    }
    method(&mut b, input);
    Report {
        page: b.page,
        charts: b.charts,
    }
}

fn provenance(input: &ReportInput) -> Vec<(String, String)> {
    let r = &input.run;
    let mut p = vec![("model file".to_string(), input.model_file.clone())];
    if let Some(h) = &r.model_hash {
        p.push(("model hash".into(), h.clone()));
    }
    if let Some(s) = &input.scenario_file {
        p.push(("scenario".into(), s.clone()));
    }
    p.push(("seed".into(), r.seed.to_string()));
    p.push(("trials".into(), r.trials.to_string()));
    p.push(("horizon".into(), hours_text(r.horizon_hours)));
    p.push(("nines".into(), crate::VERSION.to_string()));
    p
}

fn summary(b: &mut Builder, input: &ReportInput) {
    let r = &input.run;
    let cur = r.cost.currency.as_str();
    let m = &r.model;
    let per_year = crate::model::HOURS_PER_YEAR / r.horizon_hours;
    let mut figs = vec![
        ("availability".to_string(), percent(m.availability.mean)),
        (
            "downtime per year, mean".into(),
            hours_text(m.downtime_hours.mean * per_year),
        ),
        (
            "downtime per year, bad year (p99)".into(),
            hours_text(m.downtime_sketch.quantile(0.99) * per_year),
        ),
        (
            "expected loss per year".into(),
            money(r.cost.downtime_loss.mean, cur),
        ),
        (
            "loss in a bad year (p99)".into(),
            money(r.cost.downtime_loss.p99, cur),
        ),
        ("total cost per year".into(), money(r.cost.total.mean, cur)),
    ];
    if let Some(p) = &input.portfolio
        && let Some(best) = p.best.and_then(|i| p.sets.get(i))
    {
        figs.push((
            "best portfolio within budget".into(),
            if best.options.is_empty() {
                "none (keep the base)".into()
            } else {
                best.options.join(" + ")
            },
        ));
    }
    let mut blocks = vec![Block::Figures(figs)];
    blocks.push(Block::Text(format!(
        "Availability {} over {} trials of {} each; the interval is a 95 % interval of the mean. \
         Money is per year in {cur}, with a bad year (90th and 99th percentile over simulated \
         years) beside the mean.",
        pm(&m.availability, percent),
        r.trials,
        hours_text(r.horizon_hours)
    )));
    for n in super::interval_notes(r) {
        blocks.push(Block::Note(n));
    }
    b.section("Summary", blocks);
}

fn scope_row(name: &str, s: &ScopeResult, cur: &str) -> Vec<String> {
    vec![
        name.to_string(),
        format!("{:.7}", s.availability.mean),
        format!("{:.7}", s.availability.ci95[0]),
        format!("{:.7}", s.availability.ci95[1]),
        format!("{:.2}", s.downtime_hours.mean),
        format!("{:.2}", s.downtime_sketch.quantile(0.9)),
        format!("{:.2}", s.downtime_sketch.quantile(0.99)),
        s.trials_with_downtime.to_string(),
        s.downtime_loss
            .as_ref()
            .map_or_else(|| "-".into(), |l| money(l.mean, cur)),
    ]
}

fn availability(b: &mut Builder, r: &RunResults) {
    let cur = r.cost.currency.as_str();
    let mut blocks = Vec::new();
    let header = [
        "scope",
        "availability",
        "95 % low",
        "95 % high",
        "downtime mean (h)",
        "p90 (h)",
        "p99 (h)",
        "trials with downtime",
        "loss per year",
    ]
    .map(String::from)
    .to_vec();
    let mut whole = scope_row("whole model", &r.model, cur);
    if let Some(last) = whole.last_mut() {
        *last = money(r.cost.downtime_loss.mean, cur);
    }
    let mut rows = vec![whole];
    rows.extend(r.services.iter().map(|(n, s)| scope_row(n, s, cur)));
    blocks.push(Block::Table { header, rows });
    b.chart(
        &mut blocks,
        "downtime",
        "Downtime per trial, share of trials, with p50/p90/p99",
        charts::downtime_histogram("Downtime of the whole model per trial", &r.model, 30),
    );
    if r.services.len() > 1 {
        let mut c = charts::compare(
            &r.services
                .iter()
                .map(|(n, s)| (n.clone(), s.availability))
                .collect::<Vec<_>>(),
        );
        c.title = "Availability by service".into();
        c.x_label = "service".into();
        b.chart(
            &mut blocks,
            "services",
            "Availability of each service with its 95 % interval",
            c,
        );
    }
    b.section("Availability and downtime", blocks);
}

fn causes(b: &mut Builder, r: &RunResults) {
    let mut blocks = vec![Block::Text(
        "Model downtime by what started each outage: components, and zones, regions and \
         common causes."
            .into(),
    )];
    if !r.components.is_empty() {
        b.chart(
            &mut blocks,
            "by-component",
            "Share of model downtime started by each component",
            charts::downtime_pareto(&top_causes(&r.components)),
        );
    }
    if !r.domains.is_empty() {
        let mut c = charts::downtime_pareto(&top_causes(&r.domains));
        c.title = "Downtime by zone, region and common cause".into();
        b.chart(
            &mut blocks,
            "by-domain",
            "Share of model downtime started by each zone, region or common cause",
            c,
        );
    }
    let mut all: Vec<_> = r.components.iter().chain(&r.domains).collect();
    all.sort_by(|a, b| b.caused_share.total_cmp(&a.caused_share));
    blocks.push(Block::Table {
        header: ["cause", "downtime per trial (h)", "share of downtime"]
            .map(String::from)
            .to_vec(),
        rows: all
            .iter()
            .filter(|c| c.caused_share > 0.0)
            .take(15)
            .map(|c| {
                vec![
                    c.name.clone(),
                    format!("{:.3}", c.caused_downtime_hours),
                    share(c.caused_share),
                ]
            })
            .collect(),
    });
    b.section("Where the downtime comes from", blocks);
}

/// The causes a chart can label legibly: the largest shares first, at most
/// [`CHART_CAUSES`], none that started no downtime (the table below lists more).
fn top_causes(c: &[crate::engine::ComponentResult]) -> Vec<crate::engine::ComponentResult> {
    let mut v: Vec<_> = c.iter().filter(|x| x.caused_share > 0.0).cloned().collect();
    v.sort_by(|a, b| b.caused_share.total_cmp(&a.caused_share));
    v.truncate(CHART_CAUSES);
    v
}

/// Most causes drawn in a downtime chart.
pub const CHART_CAUSES: usize = 8;

fn cost(b: &mut Builder, input: &ReportInput) {
    let c = &input.run.cost;
    let cur = c.currency.as_str();
    let mut blocks = Vec::new();
    let row = |name: &str, m: &crate::engine::MoneyStats| {
        vec![
            name.to_string(),
            money(m.mean, cur),
            money(m.ci95[0], cur),
            money(m.ci95[1], cur),
            money(m.p90, cur),
            money(m.p99, cur),
        ]
    };
    blocks.push(Block::Table {
        header: ["per year", "mean", "95 % low", "95 % high", "p90", "p99"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            vec![
                "infrastructure".into(),
                money(c.infrastructure_year, cur),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ],
            row("downtime loss", &c.downtime_loss),
            row("SLA credits (net)", &c.sla_credits),
            row("total", &c.total),
        ],
    });
    b.chart(
        &mut blocks,
        "cost",
        "Cost per year by kind: the mean year beside a bad year",
        dc::cost_breakdown(c, 0.0),
    );
    if !input.losses.is_empty() && input.losses.iter().any(|x| *x != 0.0) {
        b.chart(
            &mut blocks,
            "loss",
            "Loss per simulated year, with the mean, p90 and p99",
            dc::loss_distribution(&input.losses, cur, c.downtime_loss.p90, c.downtime_loss.p99),
        );
    }
    if c.per_year_factor != 1.0 {
        blocks.push(Block::Note(format!(
            "The horizon is {}; money is scaled to a year by × {:.4}.",
            hours_text(input.run.horizon_hours),
            c.per_year_factor
        )));
    }
    b.section(&format!("Cost ({cur})"), blocks);
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| "-".into(), f)
}

fn method(b: &mut Builder, input: &ReportInput) {
    let r = &input.run;
    let mut blocks = vec![Block::Text(format!(
        "Monte Carlo simulation of {} trials with seed {}: the same seed, model and version give \
         the same figures, whatever the number of threads. Comparisons, the optimiser and the \
         tornado drive every design with the same random numbers (streams keyed by component, \
         replica, zone and cause), so their differences are paired.",
        r.trials, r.seed
    ))];
    blocks.extend(input.notes.iter().map(|n| Block::Note(n.clone())));
    b.section("Method", blocks);
}

mod decisions;
#[cfg(test)]
mod tests;
