//! Property tests on random small models: simulation agrees with exact analysis, and a
//! replica more never lowers availability.

use nines::analysis::analyze;
use nines::engine::{NoObserver, Plan, RunConfig, run};
use nines::model::{Component, Dist, Group, Model, ModelInfo, Service, Spans};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

#[derive(Debug, Clone)]
struct Spec {
    comps: Vec<(u32, u32, f64, f64, Vec<usize>)>,
    group: Option<(usize, usize)>,
    services: Vec<Vec<usize>>,
    horizon: f64,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..=5).prop_flat_map(|n| {
        let comp = (1u32..=3).prop_flat_map(|r| {
            (
                Just(r),
                1u32..=r,
                50.0f64..400.0,
                1.0f64..20.0,
                proptest::collection::vec(0usize..8, 0..=2),
            )
        });
        (
            proptest::collection::vec(comp, n),
            proptest::option::of((0usize..n, 0usize..n)),
            proptest::collection::vec(proptest::collection::vec(0usize..n + 1, 1..=3), 0..=2),
            200.0f64..2000.0,
        )
            .prop_map(|(comps, group, services, horizon)| Spec {
                comps,
                group,
                services,
                horizon,
            })
    })
}

fn build(s: &Spec) -> Model {
    let n = s.comps.len();
    let name = |i: usize| {
        if i < n {
            format!("c{i}")
        } else {
            "g".to_string()
        }
    };
    let components = s
        .comps
        .iter()
        .enumerate()
        .map(|(i, (r, k, mttf, mttr, deps))| {
            // Dependencies only on earlier components: no cycles.
            let mut d: Vec<String> = deps.iter().filter(|&&j| j < i).map(|&j| name(j)).collect();
            d.dedup();
            d.sort();
            d.dedup();
            Component {
                name: name(i),
                replicas: *r,
                min_up: Some(*k),
                failure: Dist::Exponential { mean_hours: *mttf },
                repair: Dist::Exponential { mean_hours: *mttr },
                depends_on: d,
                zones: None,
                failover: None,
                capacity_rps: None,
                workers: None,
                usl: None,
                detect: None,
                cost: None,
                challenge: None,
                spans: Spans::default(),
            }
        })
        .collect();
    let groups: Vec<Group> = match s.group {
        Some((a, b)) if a != b => vec![Group {
            name: "g".into(),
            of: vec![name(a), name(b)],
            min_up: 1,
            spans: Spans::default(),
        }],
        _ => vec![],
    };
    let services = s
        .services
        .iter()
        .enumerate()
        .map(|(i, req)| {
            let mut r: Vec<String> = req
                .iter()
                .filter(|&&j| j < n || !groups.is_empty())
                .map(|&j| name(j))
                .collect();
            r.sort();
            r.dedup();
            if r.is_empty() {
                r.push(name(0));
            }
            Service {
                name: format!("s{i}"),
                requires: r,
                load_share: None,
                latency_p95_ms: None,
                downtime_cost: None,
                revenue: None,
                spans: Spans::default(),
            }
        })
        .collect();
    Model {
        model: ModelInfo {
            name: "random".into(),
            description: String::new(),
            horizon_hours: s.horizon,
            currency: None,
            spans: Spans::default(),
        },
        components,
        groups,
        services,
        zones: Vec::new(),
        regions: Vec::new(),
        common_causes: Vec::new(),
        slas: Vec::new(),
        origin: None,
    }
}

fn config() -> Config {
    Config {
        cases: 24,
        rng_seed: RngSeed::Fixed(20261127),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn simulation_agrees_with_exact_analysis(s in spec()) {
        let plan = Plan::new(&build(&s)).expect("valid random model");
        let exact = analyze(&plan).expect("small").mission.expect("exponential");
        let r = run(&plan, &RunConfig { trials: 20_000, seed: 1, ..Default::default() }, &NoObserver).expect("run");
        let a = r.model.availability;
        prop_assert!((a.mean - exact.availability).abs() <= 4.5 * a.std_error + 1e-12,
            "simulated {} ± {} vs exact {}", a.mean, a.std_error, exact.availability);
        for ((name, sim), (_, ex, _)) in r.services.iter().zip(&exact.services) {
            let sa = sim.availability;
            prop_assert!((sa.mean - ex).abs() <= 4.5 * sa.std_error + 1e-12, "service {}: {} ± {} vs {}", name, sa.mean, sa.std_error, ex);
        }
        prop_assert!((r.model.outages.mean - exact.outages).abs() <= 4.5 * r.model.outages.std_error + 1e-9);
    }

    #[test]
    fn a_replica_more_never_lowers_availability(s in spec(), which in 0usize..5) {
        let base = build(&s);
        let mut more = base.clone();
        let i = which % more.components.len();
        more.components[i].replicas += 1;
        let a = analyze(&Plan::new(&base).expect("valid")).expect("small");
        let b = analyze(&Plan::new(&more).expect("valid")).expect("small");
        prop_assert!(b.steady_state.availability >= a.steady_state.availability - 1e-15);
        let (am, bm) = (a.mission.expect("exp"), b.mission.expect("exp"));
        prop_assert!(bm.availability >= am.availability - 1e-15);
        for ((_, x, _), (_, y, _)) in am.services.iter().zip(&bm.services) {
            prop_assert!(*y >= x - 1e-15);
        }
    }
}
