//! Tests of paired comparisons: model against model and options, on small exact cases.

use super::*;
use crate::engine::NoObserver;

const BASE: &str = r#"[model]
name = "m"
horizon_hours = 8760

[[component]]
name = "web"
replicas = 2
min_up = 2
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "exponential", mean_hours = 10 }
cost = { per_replica_year = 1000 }

[[component]]
name = "db"
failure = { dist = "exponential", mean_hours = 2000 }
repair = { dist = "exponential", mean_hours = 5 }

[[service]]
name = "shop"
requires = ["web", "db"]
downtime_cost = { per_hour = 100 }
"#;

fn settings(trials: u64) -> CompareSettings {
    CompareSettings {
        trials,
        seed: 3,
        threads: Some(1),
        years: 2.0,
    }
}

#[test]
fn a_model_against_itself_differs_by_exactly_nothing() {
    let input = CompareInput {
        base_text: BASE,
        base_origin: "a.toml",
        scenario: None,
        against: Against::Model {
            text: BASE,
            origin: "b.toml",
        },
    };
    let r = compare(&input, &settings(200), &PlanCache::default(), &NoObserver).expect("runs");
    let c = &r.comparisons[0];
    assert_eq!(c.paired.difference.availability.mean, 0.0);
    assert_eq!(c.paired.difference.availability.std_error, 0.0);
    assert_eq!(c.paired.difference.total_cost.mean, 0.0);
    assert_eq!(c.paired.p_better, 0.5);
    assert_eq!(r.base.fixed.infrastructure_year, 2000.0);
    assert_eq!(r.base.availability, c.other.availability);
    assert_eq!(r.trials, 200);
}

#[test]
fn options_sides_pay_their_costs_and_pair_with_the_base() {
    let opts = crate::decide::parse_options(
        r#"[[option]]
name = "spare"
yearly_cost = 50
one_off_cost = 100
edits = [{ path = "component.web.min_up", set = 1 }]

[[option]]
name = "slow"
edits = [{ path = "component.db.repair.mean_hours", scale = 4 }]
"#,
        "o.toml",
    )
    .expect("reads");
    let sets = each_option(&opts);
    let input = CompareInput {
        base_text: BASE,
        base_origin: "a.toml",
        scenario: None,
        against: Against::Options {
            options: &opts,
            sets: &sets,
        },
    };
    let r = compare(&input, &settings(2000), &PlanCache::default(), &NoObserver).expect("runs");
    let (spare, slow) = (&r.comparisons[0], &r.comparisons[1]);
    assert_eq!(spare.name, "spare");
    assert!(spare.paired.difference.availability.mean > 0.0);
    assert!(slow.paired.difference.availability.mean < 0.0);
    // Loss is 100 per hour down: Δloss = −100 × 8760 × Δavailability, trial by trial.
    let dl = spare.paired.difference.downtime_loss.mean;
    let da = spare.paired.difference.availability.mean;
    assert!(
        (dl + 100.0 * 8760.0 * da).abs() < 1e-6 * dl.abs().max(1.0),
        "{dl} {da}"
    );
    assert_eq!(spare.paired.yearly_cost, 50.0);
    assert_eq!(spare.other.fixed.options_one_off, 100.0);
    // Total: fixed 50 + 100/2 a year more, minus the loss avoided.
    let dt = spare.paired.difference.total_cost.mean;
    assert!((dt - (100.0 + dl)).abs() < 1e-6, "{dt}");
    assert_eq!(r.ranking(RankBy::TotalCost), vec![0, 1]);
    assert_eq!(
        named_set(&opts, &["slow".into(), "spare".into()]),
        Ok(vec![0, 1])
    );
    assert!(named_set(&opts, &["spar".into()]).is_err());
}

#[test]
fn a_refused_option_names_its_line() {
    let opts = crate::decide::parse_options(
        "[[option]]\nname = \"bad\"\nedits = [{ path = \"component.web.min_up\", set = 5 }]\n",
        "o.toml",
    )
    .expect("reads");
    let sets = each_option(&opts);
    let input = CompareInput {
        base_text: BASE,
        base_origin: "a.toml",
        scenario: None,
        against: Against::Options {
            options: &opts,
            sets: &sets,
        },
    };
    let e = compare(&input, &settings(10), &PlanCache::default(), &NoObserver)
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("o.toml:1:1: option \"bad\": would make the model invalid"),
        "{e}"
    );
}
