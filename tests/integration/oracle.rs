//! The simulation and the exact analysis held to the reference models' exact answers.

use crate::common::{expected, model_path, nines, plan, root};
use nines::analysis::analyze;
use nines::engine::{NoObserver, RunConfig, RunResults, run};

/// Simulated means must lie within this many standard errors of the exact value.
const Z_TOLERANCE: f64 = 4.0;
/// `analyze` must match expected.json to this absolute error.
const EXACT_TOLERANCE: f64 = 1e-9;

const MODELS: [(&str, u64); 6] = [
    ("r1-single.toml", 100_000),
    ("r2-checkout.toml", 200_000),
    ("r3-twenty-tiers.toml", 100_000),
    ("r4-shared-db.toml", 200_000),
    ("r5-weibull-lognormal.toml", 20_000),
    ("r6-payment-group.toml", 200_000),
];

fn simulate(name: &str, trials: u64, seed: u64) -> RunResults {
    run(
        &plan(name),
        &RunConfig {
            trials,
            seed,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run")
}

fn within(label: &str, got: f64, se: f64, exact: f64) {
    assert!(
        se > 0.0,
        "{label}: zero standard error means the test cannot tell anything"
    );
    let z = (got - exact) / se;
    assert!(
        z.abs() <= Z_TOLERANCE,
        "{label}: simulated {got} vs exact {exact}: {z:.2} standard errors (se {se:e})"
    );
}

#[test]
fn shipped_reference_models_are_the_shared_ones() {
    let shared = root().join("../shared/reference-models");
    if !shared.exists() {
        return; // a clone without ../shared: the vendored copies are all there is
    }
    for (name, _) in MODELS {
        let a = std::fs::read(model_path(name)).expect("shipped copy");
        let b = std::fs::read(shared.join(name)).expect("shared copy");
        assert_eq!(
            a, b,
            "models/{name} differs from ../shared/reference-models/{name}"
        );
    }
    let a = std::fs::read(root().join("tests/data/expected.json")).expect("vendored");
    let b = std::fs::read(shared.join("expected.json")).expect("shared");
    assert_eq!(a, b, "tests/data/expected.json differs from the shared one");
}

#[test]
fn simulation_matches_exact_mission_values() {
    let exp = expected();
    for (name, trials) in MODELS {
        let e = &exp[name];
        let Some(mission) = e.get("mission") else {
            continue;
        };
        let r = simulate(name, trials, 20261127);
        let a = &r.model.availability;
        within(
            &format!("{name} model"),
            a.mean,
            a.std_error,
            mission["availability"].as_f64().expect("number"),
        );
        if let Some(services) = mission.get("services").and_then(|s| s.as_object()) {
            assert_eq!(services.len(), r.services.len(), "{name}: service count");
            for (s, v) in services {
                let got = r
                    .service(s)
                    .unwrap_or_else(|| panic!("{name}: no service {s}"));
                within(
                    &format!("{name} service {s}"),
                    got.availability.mean,
                    got.availability.std_error,
                    v.as_f64().expect("number"),
                );
            }
        }
        if let Some(out) = e.get("outages_mean_mission").and_then(|v| v.as_f64()) {
            within(
                &format!("{name} outages"),
                r.model.outages.mean,
                r.model.outages.std_error,
                out,
            );
        }
    }
}

/// R5 is compared with its steady state; starting all-new biases a finite horizon by
/// ∫(P_up(t) − A)dt / T per replica, which for an alternating renewal process is
/// (E[U]·E[C²]/(2E[C]) − E[U²]/2)/E[C] (U up time, C = U + D one cycle).
#[test]
fn long_horizon_simulation_approaches_steady_state() {
    use statrs::function::gamma::gamma;
    let exact = expected()["r5-weibull-lognormal.toml"]["steady_state"]["availability"]
        .as_f64()
        .expect("number");
    let r = simulate("r5-weibull-lognormal.toml", 20_000, 5);
    let transient = |shape: f64, scale: f64, median: f64, sigma: f64| {
        let (eu, eu2) = (
            scale * gamma(1.0 + 1.0 / shape),
            scale * scale * gamma(1.0 + 2.0 / shape),
        );
        let (ed, ed2) = (
            median * (sigma * sigma / 2.0).exp(),
            median * median * (2.0 * sigma * sigma).exp(),
        );
        let (ec, ec2) = (eu + ed, eu2 + 2.0 * eu * ed + ed2);
        (eu * ec2 / (2.0 * ec) - eu2 / 2.0) / ec
    };
    let horizon = r.horizon_hours;
    // core is in series (its bias passes through whole); edge is 1-of-2, bounded by both replicas' bias.
    let core_bias = transient(2.5, 6000.0, 4.0, 0.5) / horizon;
    let edge_bound = 2.0 * transient(0.8, 1500.0, 2.0, 1.0).abs() / horizon;
    let a = &r.model.availability;
    let diff = a.mean - (exact + core_bias);
    assert!(
        diff.abs() <= Z_TOLERANCE * a.std_error + edge_bound,
        "R5: simulated {} vs steady {exact} + start-up bias {core_bias:e}: off by {diff:e} (se {:e}, edge bound {edge_bound:e})",
        a.mean,
        a.std_error
    );
    assert!(
        core_bias.abs() > 3.0 * a.std_error,
        "the start-up bias must be visible at this precision, else this test is too weak"
    );
}

#[test]
fn the_oracle_catches_real_mistakes() {
    // Each change is a typical modelling-engine bug; the simulated mean must leave the
    // 4-standard-error band around the original exact value.
    let exp = expected();
    let cases = [
        (
            "r2-checkout.toml",
            None,
            "replicas = 3\nmin_up = 2",
            "replicas = 3\nmin_up = 3",
        ),
        (
            "r4-shared-db.toml",
            Some("checkout"),
            "depends_on = [\"db\"]\n\n[[component]]\nname = \"payment\"",
            "\n\n[[component]]\nname = \"payment\"",
        ),
        (
            "r6-payment-group.toml",
            None,
            "of = [\"psp_a\", \"psp_b\"]\nmin_up = 1",
            "of = [\"psp_a\", \"psp_b\"]\nmin_up = 2",
        ),
    ];
    for (name, service, from, to) in cases {
        let text = std::fs::read_to_string(model_path(name)).expect("model");
        assert!(text.contains(from), "{name}: mutation anchor not found");
        let mutated = nines::load::plan_from_str(&text.replacen(from, to, 1), name)
            .expect("mutated model is valid");
        let r = run(
            &mutated,
            &RunConfig {
                trials: 200_000,
                seed: 3,
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run");
        let (exact, got) = match service {
            None => (&exp[name]["mission"]["availability"], &r.model),
            Some(s) => (
                &exp[name]["mission"]["services"][s],
                r.service(s).expect("service"),
            ),
        };
        let exact = exact.as_f64().expect("number");
        let z = (got.availability.mean - exact) / got.availability.std_error;
        assert!(
            z.abs() > Z_TOLERANCE,
            "{name} with `{to}` still looks right (z = {z:.2}): the oracle is too weak"
        );
    }
}

#[test]
fn analysis_reproduces_expected_values() {
    let exp = expected();
    for (name, _) in MODELS {
        let a = analyze(&plan(name)).expect("analysis");
        let e = &exp[name];
        let close = |label: &str, got: f64, want: &serde_json::Value| {
            let want = want.as_f64().expect("number");
            assert!(
                (got - want).abs() < EXACT_TOLERANCE,
                "{name} {label}: {got} vs {want}"
            );
        };
        close(
            "steady state",
            a.steady_state.availability,
            &e["steady_state"]["availability"],
        );
        for (s, v, _) in &a.steady_state.services {
            close(
                &format!("steady {s}"),
                *v,
                &e["steady_state"]["services"][s],
            );
        }
        match (e.get("mission"), &a.mission) {
            (Some(m), Some(am)) => {
                close("mission", am.availability, &m["availability"]);
                for (s, v, _) in &am.services {
                    close(&format!("mission {s}"), *v, &m["services"][s]);
                }
            }
            (None, None) => {}
            (want, got) => panic!("{name}: mission expected {want:?}, analysis gave {got:?}"),
        }
        if let Some(o) = e.get("outages_mean_mission") {
            close("outages", a.mission.as_ref().expect("mission").outages, o);
        }
    }
}

#[test]
fn analyze_command_prints_the_contract_keys() {
    let out = nines(&[
        "analyze",
        &model_path("r6-payment-group.toml").display().to_string(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = &expected()["r6-payment-group.toml"];
    for key in ["steady_state", "mission"] {
        let got = v[key]["availability"].as_f64().expect("availability");
        assert!((got - e[key]["availability"].as_f64().expect("number")).abs() < EXACT_TOLERANCE);
        let got = v[key]["services"]["checkout"].as_f64().expect("service");
        assert!(
            (got - e[key]["services"]["checkout"].as_f64().expect("number")).abs()
                < EXACT_TOLERANCE
        );
    }
    // No mission value for non-exponential models.
    let out = nines(&[
        "analyze",
        &model_path("r5-weibull-lognormal.toml")
            .display()
            .to_string(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v.get("mission").is_none() && v["steady_state"]["availability"].is_f64());
}
