//! Common random numbers: draws are keyed by what draws (replica, zone, region, common
//! cause, failover decision), so models that share entities share their draws, trial by
//! trial.

use crate::common::{plan, root};
use nines::engine::{Observer, Plan, RunConfig, TrialRecord, run};
use nines::model::{Component, Dist, Model};
use std::sync::Mutex;

/// Collects every trial's row.
#[derive(Default)]
struct Rows(Mutex<Vec<TrialRecord>>);

impl Observer for Rows {
    fn on_trials(&self, rows: &[TrialRecord]) {
        self.0.lock().expect("lock").extend_from_slice(rows);
    }
}

/// Every trial's outcome of a run (two threads: the rows come in trial order regardless).
pub fn trials(p: &Plan, n: u64, seed: u64) -> Vec<TrialRecord> {
    let rows = Rows::default();
    run(
        p,
        &RunConfig {
            trials: n,
            seed,
            threads: Some(2),
            record_trials: true,
            ..Default::default()
        },
        &rows,
    )
    .expect("run");
    rows.0.into_inner().expect("lock")
}

fn plan_of(m: &Model) -> Plan {
    Plan::new(m).unwrap_or_else(|e| panic!("{e}"))
}

fn model_from(text: &str) -> Model {
    nines::load::plan_from_str(text, "test.toml")
        .unwrap_or_else(|e| panic!("{e}"))
        .model()
        .clone()
}

/// `m` with one more component, required by the first service, that never fails within
/// the horizon (a fixed time to failure beyond it).
fn with_a_component_that_never_fails(m: &Model) -> Model {
    let mut m = m.clone();
    let mut c: Component = m.components[0].clone();
    c.name = "never_fails".into();
    c.replicas = 2;
    c.min_up = None;
    c.zones = None;
    c.failover = None;
    c.capacity_rps = None;
    c.depends_on.clear();
    c.failure = Dist::Fixed {
        hours: 10.0 * m.model.horizon_hours,
    };
    m.components.push(c);
    if let Some(s) = m.services.first_mut() {
        s.requires.push("never_fails".into());
    }
    m
}

fn assert_same_trials(label: &str, a: &[TrialRecord], b: &[TrialRecord]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.trial, y.trial);
        // Bit-identical, not merely close: the same draws in the same order.
        assert_eq!(
            x.down_hours.to_bits(),
            y.down_hours.to_bits(),
            "{label}: trial {}",
            x.trial
        );
        assert_eq!(x.outages, y.outages, "{label}: trial {}", x.trial);
        assert_eq!(x.service_down_hours, y.service_down_hours, "{label}");
        assert_eq!(x.service_outages, y.service_outages, "{label}");
        assert_eq!(x.events, y.events, "{label}");
        assert_eq!(x.requests, y.requests, "{label}");
    }
    assert!(
        a.iter().any(|t| t.down_hours > 0.0),
        "{label}: no downtime at all, the comparison shows nothing"
    );
}

#[test]
fn a_component_that_never_fails_changes_no_trial() {
    // R2 runs the fast loop; the retail reference model (zones, a region) the general one,
    // and with the peak-season scenario the load accounting too.
    let r2 = plan("r2-checkout.toml");
    let retail = plan("retail-reference.toml");
    let scenario = {
        let p = root().join("scenarios/peak-season.toml");
        let text = std::fs::read_to_string(&p).expect("scenario");
        nines::scenario::parse_scenario(&text, "peak-season.toml").expect("valid")
    };
    let cases = [
        (
            "r2",
            r2.clone(),
            plan_of(&with_a_component_that_never_fails(r2.model())),
            3_000,
        ),
        (
            "retail",
            retail.clone(),
            plan_of(&with_a_component_that_never_fails(retail.model())),
            1_000,
        ),
        (
            "retail + peak-season",
            retail.clone().with_scenario(scenario.clone()),
            plan_of(&with_a_component_that_never_fails(retail.model())).with_scenario(scenario),
            300,
        ),
    ];
    for (label, base, more, n) in cases {
        assert_eq!(
            more.model().components.len(),
            base.model().components.len() + 1
        );
        assert_same_trials(label, &trials(&base, n, 17), &trials(&more, n, 17));
    }
}

/// Two independent tiers, one service each; `b_replicas` replicas of `b`, all needed.
fn two_tiers(b_replicas: u32, b_repair_hours: f64, domains: bool) -> Model {
    // Zones for both tiers, a common cause that hits both, failover on a: the general
    // loop, with every kind of stream.
    let (a_extra, b_extra) = if domains {
        (
            "zones = [\"z1\", \"z2\"]\nfailover = { seconds = 30, success = 0.9 }",
            "zones = [\"z2\", \"z1\"]",
        )
    } else {
        ("", "")
    };
    let mut text = format!(
        r#"
[model]
name = "two tiers"
horizon_hours = 8760

[[component]]
name = "a"
replicas = 3
min_up = 2
{a_extra}
failure = {{ dist = "weibull", shape = 0.8, scale_hours = 900 }}
repair = {{ dist = "lognormal", median_hours = 6, sigma = 0.8 }}

[[component]]
name = "b"
replicas = {b_replicas}
{b_extra}
failure = {{ dist = "exponential", mean_hours = 2000 }}
repair = {{ dist = "exponential", mean_hours = {b_repair_hours} }}

[[service]]
name = "sa"
requires = ["a"]

[[service]]
name = "sb"
requires = ["b"]
"#
    );
    if domains {
        text.push_str(
            r#"
[[zone]]
name = "z1"
failure = { dist = "exponential", mean_hours = 3000 }
repair = { dist = "exponential", mean_hours = 5 }

[[zone]]
name = "z2"
failure = { dist = "exponential", mean_hours = 3000 }
repair = { dist = "exponential", mean_hours = 5 }

[[common_cause]]
name = "bad_deploy"
affects = ["a", "b"]
fraction = 0.5
failure = { dist = "exponential", mean_hours = 1500 }
repair = { dist = "exponential", mean_hours = 1 }
"#,
        );
    }
    model_from(&text)
}

#[test]
fn changing_one_tier_leaves_the_other_tiers_draws_unchanged() {
    for domains in [false, true] {
        let base = trials(&plan_of(&two_tiers(2, 20.0, domains)), 2_000, 5);
        for (label, other) in [
            ("b: 3 replicas", two_tiers(3, 20.0, domains)),
            ("b: repair 5 h", two_tiers(2, 5.0, domains)),
        ] {
            let other = trials(&plan_of(&other), 2_000, 5);
            let mut sa_down = 0;
            for (x, y) in base.iter().zip(&other) {
                // Service sa needs only tier a: its outages are the same, to the bit.
                assert_eq!(
                    x.service_down_hours[0].to_bits(),
                    y.service_down_hours[0].to_bits(),
                    "{label} (domains: {domains}): trial {}",
                    x.trial
                );
                assert_eq!(x.service_outages[0], y.service_outages[0]);
                sa_down += usize::from(x.service_down_hours[0] > 0.0);
            }
            assert!(
                sa_down > 100,
                "{label}: sa was down in only {sa_down} trials"
            );
        }
    }
}

#[test]
fn adding_a_replica_keeps_the_draws_of_the_others() {
    // With every replica needed, b is down whenever any replica is; a third replica keeps
    // the first two replicas' own up and down times, so per trial b's downtime can only grow
    // (the union of more down periods), and it grows in some trials.
    let two = trials(&plan_of(&two_tiers(2, 20.0, false)), 2_000, 8);
    let three = trials(&plan_of(&two_tiers(3, 20.0, false)), 2_000, 8);
    let mut grew = 0;
    for (x, y) in two.iter().zip(&three) {
        assert!(
            y.service_down_hours[1] >= x.service_down_hours[1],
            "trial {}: {} h with 3 replicas < {} h with 2",
            x.trial,
            y.service_down_hours[1],
            x.service_down_hours[1]
        );
        grew += usize::from(y.service_down_hours[1] > x.service_down_hours[1]);
    }
    assert!(
        grew > 500,
        "the third replica added downtime in only {grew} trials"
    );
}
