//! Tests of the report page: every chart it names is built, text from files is escaped, and
//! the decision sections appear when their inputs are given.

use super::*;
use crate::decide::paired::{Differences, Paired};
use crate::engine::{NoObserver, RunConfig};

const EVIL: &str = "<script>alert(1)</script>";

fn model() -> String {
    format!(
        r#"[model]
name = "{EVIL}"
currency = "EUR"

[[component]]
name = "web"
replicas = 2
min_up = 1
failure = {{ dist = "exponential", mean_hours = 500 }}
repair = {{ dist = "exponential", mean_hours = 20 }}

[[component]]
name = "db"
failure = {{ dist = "exponential", mean_hours = 1000 }}
repair = {{ dist = "exponential", mean_hours = 5 }}

[[service]]
name = "shop"
requires = ["web", "db"]
downtime_cost = {{ per_hour = 1000 }}

[[service]]
name = "admin"
requires = ["db"]
"#
    )
}

fn run() -> RunResults {
    let (_, plan) = crate::edit::apply_model(&model(), "evil.toml", &[]).expect("valid");
    let cfg = RunConfig {
        trials: 2000,
        seed: 3,
        ..Default::default()
    };
    crate::engine::run(&plan, &cfg, &NoObserver).expect("runs")
}

fn est(m: f64) -> Estimate {
    Estimate {
        mean: m,
        std_error: 1.0,
        ci95: [m - 2.0, m + 2.0],
    }
}

fn full(r: &RunResults) -> ReportInput {
    let paired = Paired {
        difference: Differences {
            availability: est(1e-4),
            served: None,
            downtime_loss: est(-500.0),
            sla_credits: est(0.0),
            total_cost: est(-300.0),
        },
        p_better: 0.7,
        loss_avoided: 500.0,
        yearly_cost: 200.0,
        one_off_cost: 0.0,
        roi: Some(1.5),
        payback_years: Some(0.0),
        trials: 2000,
    };
    let set = |o: &[&str], c: f64, a: f64| PortfolioSet {
        options: o.iter().map(|s| s.to_string()).collect(),
        yearly_cost: c,
        availability: a,
        loss: 1000.0 * (1.0 - a) * 1e3,
        total_cost: c + 1000.0 * (1.0 - a) * 1e3,
    };
    ReportInput {
        run: r.clone(),
        model_file: format!("{EVIL}.toml"),
        scenario_file: None,
        losses: (0..100).map(|i| i as f64 * 10.0).collect(),
        options: Some((
            "opts.toml".into(),
            vec![RankedOption {
                name: format!("opt {EVIL}"),
                description: format!("desc {EVIL}"),
                survey_item: "Redundancy & Failover".into(),
                yearly_cost: 200.0,
                one_off_cost: 0.0,
                paired,
            }],
        )),
        portfolio: Some(PortfolioPart {
            budget: 500.0,
            years: 3.0,
            objective: "lowest expected total cost".into(),
            sets: vec![
                set(&[], 0.0, 0.99),
                set(&["a"], 200.0, 0.995),
                set(&["b"], 300.0, 0.993),
            ],
            frontier: vec![0, 1],
            best: Some(1),
            verdict: "distinguishable".into(),
        }),
        tornado: Some(TornadoPart {
            output: "availability".into(),
            base: 0.99,
            rows: vec![TornadoRow {
                param: format!("component.{EVIL}.replicas"),
                low_value: "1".into(),
                high_value: "3".into(),
                low: -0.01,
                high: 0.002,
            }],
            importance: vec![("db".into(), Some(0.5), Some(0.3), 0.4)],
        }),
        drivers: vec![Driver {
            name: EVIL.into(),
            downtime_share_all: 0.5,
            downtime_share_worst_10: 0.7,
            downtime_share_worst_1: 0.9,
            loss_share_all: 0.4,
            loss_share_worst_10: 0.6,
            loss_share_worst_1: 0.95,
            downtime_hours_all: 1.0,
            downtime_hours_worst_10: 5.0,
            downtime_hours_worst_1: 20.0,
            loss_all: 100.0,
            loss_worst_10: 500.0,
            loss_worst_1: 2000.0,
        }],
        survey: None,
        notes: vec![EVIL.into()],
    }
}

#[test]
fn text_from_files_is_escaped_everywhere() {
    let r = run();
    let rep = build(&full(&r));
    let h = rep.page.to_html();
    assert!(!h.contains("<script"), "a script tag got through");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(h.contains("opt &lt;script&gt;"), "option name escaped");
    assert!(h.contains("desc &lt;script&gt;"), "description escaped");
}

#[test]
fn every_chart_named_on_the_page_is_built_once() {
    let r = run();
    let rep = build(&full(&r));
    let mut stems: Vec<String> = rep.charts.iter().map(|(s, _)| s.clone()).collect();
    let files = rep.page.chart_files();
    assert_eq!(files.len(), 2 * stems.len());
    for (s, _) in &rep.charts {
        assert!(files.contains(&format!("{s}.png")) && files.contains(&format!("{s}.svg")));
    }
    stems.sort();
    stems.dedup();
    assert_eq!(stems.len(), rep.charts.len(), "stems are unique");
    for want in [
        "downtime",
        "services",
        "by-component",
        "cost",
        "loss",
        "options",
        "frontier",
        "frontier-loss",
        "tornado",
        "bad-years",
    ] {
        assert!(stems.iter().any(|s| s == want), "chart {want} missing");
    }
}

#[test]
fn only_the_sections_with_inputs_appear_and_money_has_its_currency() {
    let r = run();
    let bare = ReportInput {
        options: None,
        portfolio: None,
        tornado: None,
        drivers: Vec::new(),
        survey: None,
        losses: Vec::new(),
        ..full(&r)
    };
    let rep = build(&bare);
    let heads: Vec<&str> = rep
        .page
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        heads,
        [
            "Summary",
            "Availability and downtime",
            "Where the downtime comes from",
            "Cost (EUR)",
            "Method"
        ]
    );
    let h = rep.page.to_html();
    assert!(h.contains(" EUR<"), "money figures carry the currency");
    assert!(h.contains("p99"), "a bad-year figure beside the mean");
    let full = build(&full(&r));
    assert_eq!(full.page.sections.len(), 9);
    // The chosen portfolio is named in the summary.
    assert!(full.page.to_html().contains("best portfolio within budget"));
}

#[test]
fn loss_frontier_keeps_only_non_dominated_sets() {
    let s = |c: f64, l: f64| PortfolioSet {
        options: Vec::new(),
        yearly_cost: c,
        availability: 0.99,
        loss: l,
        total_cost: c + l,
    };
    let sets = [s(0.0, 100.0), s(10.0, 50.0), s(20.0, 60.0), s(30.0, 10.0)];
    assert_eq!(decisions::loss_frontier(&sets), vec![0, 1, 3]);
}
