//! The general event loop (zones, regions, common causes, failover, load) against the fast
//! loop (replicas only), on every reference model.

use crate::common::plan;
use nines::engine::{NoObserver, Plan, RunConfig, run};
use nines::model::{Dist, Domain};

const REFERENCE_MODELS: [&str; 6] = [
    "r1-single.toml",
    "r2-checkout.toml",
    "r3-twenty-tiers.toml",
    "r4-shared-db.toml",
    "r5-weibull-lognormal.toml",
    "r6-payment-group.toml",
];

/// The same model with one zone that never fails (a fixed time to failure beyond the
/// horizon) and holds no replicas: nothing changes but the loop that runs it.
fn with_an_idle_zone(p: &Plan) -> Plan {
    let mut m = p.model().clone();
    m.zones.push(Domain {
        name: "idle".into(),
        failure: Dist::Fixed {
            hours: 2.0 * m.model.horizon_hours,
        },
        repair: Dist::Fixed { hours: 1.0 },
        region: None,
        cost: None,
        challenge: None,
        spans: Default::default(),
    });
    Plan::new(&m).unwrap_or_else(|e| panic!("{e}"))
}

/// Forcing the general loop changes no number, to the last bit, on R1–R6.
///
/// Bit-identical (not within some standard errors) is what to expect: every replica draws
/// from its own stream in both loops, so each replica's up and down times are the same; the
/// idle zone's one pending change lies beyond the horizon, so the events are processed in
/// the same order; and both loops share the k-of-n crossing and the propagation code, so
/// every sum is formed in the same order. No reference model needs a tolerance.
#[test]
fn the_general_loop_agrees_bit_for_bit_with_the_fast_loop() {
    for name in REFERENCE_MODELS {
        let fast = plan(name);
        let general = with_an_idle_zone(&fast);
        let cfg = RunConfig {
            trials: 3_000,
            seed: 23,
            threads: Some(2),
            ..Default::default()
        };
        let a = run(&fast, &cfg, &NoObserver).expect("run");
        let b = run(&general, &cfg, &NoObserver).expect("run");
        assert!(a.domains.is_empty() && b.domains.len() == 1, "{name}");
        assert_eq!(b.domains[0].caused_downtime_hours, 0.0, "{name}");
        assert!(
            a.model.downtime_hours.mean > 0.0,
            "{name}: no downtime to compare"
        );
        assert_eq!(a.model, b.model, "{name}: model");
        assert_eq!(a.services, b.services, "{name}: services");
        assert_eq!(a.components, b.components, "{name}: components");
        assert_eq!(a.events, b.events, "{name}: events");
    }
}
