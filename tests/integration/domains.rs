//! Zones, regions, common causes and failover: the engine against hand formulas and the
//! exact analysis (which conditions on every zone, region and common-cause state).

use crate::common::{nines, temp_dir, write};
use nines::analysis::analyze;
use nines::engine::{NoObserver, Plan, RunConfig, RunResults, run};

/// Simulated means must lie within this many standard errors of the exact value.
const Z: f64 = 4.0;

fn plan(text: &str) -> Plan {
    nines::load::plan_from_str(text, "test.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn sim(p: &Plan, trials: u64) -> RunResults {
    run(
        p,
        &RunConfig {
            trials,
            seed: 2026,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run")
}

fn close_to(label: &str, got: f64, se: f64, want: f64, slack: f64) {
    assert!(se > 0.0 || got == want, "{label}: zero standard error");
    assert!(
        (got - want).abs() <= Z * se + slack,
        "{label}: {got} vs {want} ({:.2} standard errors)",
        (got - want) / se
    );
}

/// A component whose replicas never fail on their own within the horizon.
const IMMORTAL: &str =
    "failure = { dist = \"fixed\", hours = 1e9 }\nrepair = { dist = \"fixed\", hours = 0 }";

fn zone(name: &str, mttf: f64, mttr: f64, region: Option<&str>) -> String {
    let r = region
        .map(|r| format!("region = \"{r}\"\n"))
        .unwrap_or_default();
    format!(
        "[[zone]]\nname = \"{name}\"\n{r}failure = {{ dist = \"exponential\", mean_hours = {mttf} }}\nrepair = {{ dist = \"exponential\", mean_hours = {mttr} }}\n"
    )
}

#[test]
fn zones_alone_equal_the_k_of_n_over_zones_formula() {
    let text = format!(
        "[model]\nname = \"zones\"\nhorizon_hours = 2000\n{}{}{}[[component]]\nname = \"web\"\nreplicas = 6\nmin_up = 3\nzones = [\"a\", \"b\", \"c\"]\n{IMMORTAL}\n",
        zone("a", 500.0, 10.0, None),
        zone("b", 500.0, 10.0, None),
        zone("c", 500.0, 10.0, None)
    );
    let p = plan(&text);
    // Two replicas per zone; 3 of 6 needed = at least 2 of 3 zones up.
    let az: f64 = 500.0 / 510.0;
    let formula = 3.0 * az * az * (1.0 - az) + az.powi(3);
    let a = analyze(&p).expect("exact");
    assert!(
        (a.steady_state.availability - formula).abs() < 1e-12,
        "{} vs {formula}",
        a.steady_state.availability
    );
    let mission = a.mission.expect("exponential zones, immortal replicas");
    let r = sim(&p, 40_000);
    close_to(
        "zones availability",
        r.model.availability.mean,
        r.model.availability.std_error,
        mission.availability,
        0.0,
    );
    close_to(
        "zones outages",
        r.model.outages.mean,
        r.model.outages.std_error,
        mission.outages,
        0.0,
    );
    // The downtime is attributed to zones, not to the component.
    assert_eq!(r.components[0].caused_downtime_hours, 0.0);
    let by_zones: f64 = r.domains.iter().map(|d| d.caused_share).sum();
    assert!((by_zones - 1.0).abs() < 1e-9, "{:?}", r.domains);
}

#[test]
fn a_region_takes_down_its_zones() {
    let text = format!(
        "[model]\nname = \"region\"\nhorizon_hours = 2000\n[[region]]\nname = \"east\"\nfailure = {{ dist = \"exponential\", mean_hours = 800 }}\nrepair = {{ dist = \"exponential\", mean_hours = 8 }}\n{}{}[[component]]\nname = \"db\"\nreplicas = 2\nmin_up = 1\nzones = {{ a = 1, b = 1 }}\n{IMMORTAL}\n",
        zone("a", 400.0, 4.0, Some("east")),
        zone("b", 400.0, 4.0, Some("east"))
    );
    let p = plan(&text);
    let (ar, az) = (800.0 / 808.0, 400.0 / 404.0);
    let formula = ar * (1.0 - (1.0 - az) * (1.0 - az));
    let a = analyze(&p).expect("exact");
    assert!((a.steady_state.availability - formula).abs() < 1e-12);
    let r = sim(&p, 40_000);
    close_to(
        "region",
        r.model.availability.mean,
        r.model.availability.std_error,
        a.mission.expect("mission").availability,
        0.0,
    );
}

#[test]
fn a_common_cause_is_its_own_availability_in_series() {
    let cc = "[[common_cause]]\nname = \"cdn_incident\"\naffects = [\"edge\", \"web\"]\nfailure = { dist = \"exponential\", mean_hours = 300 }\nrepair = { dist = \"exponential\", mean_hours = 5 }\n";
    let text = format!(
        "[model]\nname = \"cc\"\nhorizon_hours = 3000\n{cc}[[component]]\nname = \"edge\"\nreplicas = 3\nmin_up = 1\n{IMMORTAL}\n[[component]]\nname = \"web\"\n{IMMORTAL}\n"
    );
    let p = plan(&text);
    let a = analyze(&p).expect("exact");
    assert!((a.steady_state.availability - 300.0 / 305.0).abs() < 1e-12);
    let r = sim(&p, 40_000);
    close_to(
        "common cause",
        r.model.availability.mean,
        r.model.availability.std_error,
        a.mission.expect("mission").availability,
        0.0,
    );
}

#[test]
fn a_partial_common_cause_hits_that_share_of_replicas() {
    // Half of 4 replicas hit: with min_up 3 the component goes down, with min_up 2 it does not.
    for (k, affected) in [(3, true), (2, false)] {
        let text = format!(
            "[model]\nname = \"partial\"\nhorizon_hours = 3000\n[[common_cause]]\nname = \"bad_deploy\"\naffects = [\"app\"]\nfraction = 0.5\nfailure = {{ dist = \"exponential\", mean_hours = 200 }}\nrepair = {{ dist = \"exponential\", mean_hours = 4 }}\n[[component]]\nname = \"app\"\nreplicas = 4\nmin_up = {k}\n{IMMORTAL}\n"
        );
        let p = plan(&text);
        let a = analyze(&p).expect("exact").steady_state.availability;
        let want = if affected { 200.0 / 204.0 } else { 1.0 };
        assert!((a - want).abs() < 1e-12, "min_up {k}: {a} vs {want}");
        let r = sim(&p, 20_000);
        if affected {
            close_to(
                "partial",
                r.model.availability.mean,
                r.model.availability.std_error,
                analyze(&p)
                    .expect("exact")
                    .mission
                    .expect("mission")
                    .availability,
                0.0,
            );
        } else {
            assert_eq!(r.model.availability.mean, 1.0);
        }
    }
}

#[test]
fn random_hits_and_own_failures_together_match_exact_analysis() {
    // Hits chosen at random overlap with replicas already down: exact analysis counts the
    // overlap with the hypergeometric law; the simulation must agree.
    let text = "[model]\nname = \"mix\"\nhorizon_hours = 4000\n[[zone]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 300 }\nrepair = { dist = \"exponential\", mean_hours = 6 }\n[[zone]]\nname = \"b\"\nfailure = { dist = \"exponential\", mean_hours = 300 }\nrepair = { dist = \"exponential\", mean_hours = 6 }\n[[common_cause]]\nname = \"cc\"\naffects = [\"app\", \"db\"]\nfraction = 0.34\nfailure = { dist = \"exponential\", mean_hours = 150 }\nrepair = { dist = \"exponential\", mean_hours = 3 }\n[[component]]\nname = \"app\"\nreplicas = 5\nmin_up = 3\nzones = [\"a\", \"b\"]\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 8 }\n[[component]]\nname = \"db\"\nreplicas = 3\nmin_up = 2\nzones = { a = 2, b = 1 }\nfailure = { dist = \"exponential\", mean_hours = 200 }\nrepair = { dist = \"exponential\", mean_hours = 10 }\ndepends_on = [\"app\"]\n";
    let p = plan(text);
    let exact = analyze(&p).expect("exact").mission.expect("mission");
    let r = sim(&p, 40_000);
    close_to(
        "mixed availability",
        r.model.availability.mean,
        r.model.availability.std_error,
        exact.availability,
        0.0,
    );
    close_to(
        "mixed outages",
        r.model.outages.mean,
        r.model.outages.std_error,
        exact.outages,
        0.0,
    );
}

fn failover_model(seconds: f64, success: f64, zones: bool) -> String {
    let own = if zones {
        IMMORTAL.to_string()
    } else {
        "failure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"fixed\", hours = 1 }".to_string()
    };
    let z = if zones {
        "[[zone]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"fixed\", hours = 2 }\n[[zone]]\nname = \"b\"\nfailure = { dist = \"exponential\", mean_hours = 1000 }\nrepair = { dist = \"fixed\", hours = 2 }\n"
    } else {
        ""
    };
    let placement = if zones {
        "zones = [\"a\", \"b\"]\n"
    } else {
        ""
    };
    format!(
        "[model]\nname = \"failover\"\n{z}[[component]]\nname = \"db\"\nreplicas = 2\nmin_up = 1\n{placement}failover = {{ seconds = {seconds}, success = {success} }}\n{own}\n"
    )
}

/// Hand formula for a primary/standby pair whose unit (replica or zone) fails at rate 1/MTTF
/// and comes back after a fixed R hours. The active fails N = T/MTTF times; each failure
/// costs the switchover τ (success, probability p) or R (failed switchover: down until the
/// failed replica is back), unless the standby is itself down, which it is a share
/// p_d = (1 + p)·R/MTTF of the time: after its own failures (mean residual R/2) and, after a
/// successful switchover, while the old active is still being repaired (mean residual
/// (R − τ)/2). Neglected: terms of relative order (R/MTTF)².
fn failover_formula(mttf: f64, r: f64, tau: f64, p: f64) -> f64 {
    let n = 8760.0 / mttf;
    let pd = (1.0 + p) * r / mttf;
    n * ((1.0 - pd) * (p * tau + (1.0 - p) * r)
        + p * (r / mttf) * (r - tau) / 2.0
        + (r / mttf) * r / 2.0)
}

#[test]
fn failover_matches_the_hand_formula() {
    for (seconds, success) in [(90.0, 1.0), (90.0, 0.9), (0.0, 0.5)] {
        let p = plan(&failover_model(seconds, success, false));
        let r = sim(&p, 40_000);
        let formula = failover_formula(1000.0, 1.0, seconds / 3600.0, success);
        close_to(
            &format!("failover {seconds}s p={success}"),
            r.model.downtime_hours.mean,
            r.model.downtime_hours.std_error,
            formula,
            formula * 1e-3,
        );
    }
    // The formula is sharp enough to tell a 90 s switchover from none at all.
    assert!(
        failover_formula(1000.0, 1.0, 0.025, 1.0) - failover_formula(1000.0, 1.0, 0.0, 1.0) > 0.2
    );
    // Without failover the same pair loses only the overlap of two repairs.
    let plain = plan(
        &failover_model(90.0, 1.0, false).replace("failover = { seconds = 90, success = 1 }\n", ""),
    );
    assert!(sim(&plain, 5_000).model.downtime_hours.mean < 0.05);
}

#[test]
fn a_zone_outage_of_the_active_replica_fails_over() {
    // Replicas never fail themselves; each outage of the active replica's zone costs one
    // 6-minute switchover; outages of the standby's zone cost nothing.
    let p = plan(&failover_model(360.0, 1.0, true));
    let r = sim(&p, 40_000);
    let formula = failover_formula(1000.0, 2.0, 0.1, 1.0);
    close_to(
        "zone failover",
        r.model.downtime_hours.mean,
        r.model.downtime_hours.std_error,
        formula,
        formula * 1e-3,
    );
}

#[test]
fn results_with_domains_do_not_depend_on_threads() {
    let p = plan(&failover_model(90.0, 0.9, true));
    let go = |t| {
        let mut r = run(
            &p,
            &RunConfig {
                trials: 3_000,
                seed: 5,
                threads: Some(t),
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run");
        r.wall_seconds = 0.0;
        r
    };
    assert_eq!(go(1), go(2));
}

#[test]
fn analyze_explains_what_it_cannot_do() {
    let dir = temp_dir("failover-analyze");
    let path = write(&dir, "f.toml", failover_model(90.0, 0.9, false));
    let out = nines(&["analyze", &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("failover") && err.contains("nines simulate"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_domains_are_reported_with_positions() {
    let dir = temp_dir("bad-domains");
    let cases = [
        (
            format!(
                "[model]\nname = \"x\"\n{}[[component]]\nname = \"a\"\nzones = [\"a\", \"c\"]\n{IMMORTAL}\n",
                zone("a", 10.0, 1.0, None)
            ),
            "unknown zone `c`",
        ),
        (
            format!(
                "[model]\nname = \"x\"\n{}[[component]]\nname = \"a\"\nreplicas = 3\nzones = {{ a = 1 }}\n{IMMORTAL}\n",
                zone("a", 10.0, 1.0, None)
            ),
            "add up to 1 but the component has 3 replicas",
        ),
        (
            format!(
                "[model]\nname = \"x\"\n{}[[component]]\nname = \"a\"\n{IMMORTAL}\n",
                zone("a", 10.0, 1.0, Some("nowhere"))
            ),
            "unknown region `nowhere`",
        ),
        (
            format!(
                "[model]\nname = \"x\"\n[[common_cause]]\nname = \"c\"\naffects = [\"a\"]\nfraction = 1.5\n{}\n[[component]]\nname = \"a\"\n{IMMORTAL}\n",
                IMMORTAL.replace("1e9", "100")
            ),
            "must be a share of replicas > 0 and at most 1",
        ),
        (
            format!(
                "[model]\nname = \"x\"\n[[common_cause]]\nname = \"c\"\naffects = [\"ab\"]\n{}\n[[component]]\nname = \"a\"\n{IMMORTAL}\n",
                IMMORTAL.replace("1e9", "100")
            ),
            "unknown component `ab`",
        ),
        (
            failover_model(90.0, 1.5, false),
            "must be a probability from 0 to 1",
        ),
        (
            failover_model(90.0, 0.9, false).replace("replicas = 2\nmin_up = 1\n", ""),
            "needs a standby",
        ),
        (
            failover_model(90.0, 0.9, false).replace("success = 0.9", "succes = 0.9"),
            "did you mean `success`",
        ),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let path = write(&dir, &format!("m{i}.toml"), text);
        let out = nines(&["validate", &path]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i}: {err}");
        assert!(
            err.contains(want) && err.contains(&format!("m{i}.toml:")),
            "case {i}: expected `{want}` with a position in:\n{err}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn exact_analysis_refuses_work_that_would_hang() {
    // Ten zones and sixty 2-of-3 tiers: 1024 zone states × 121 passes × the diagram, for
    // every time point of the over-horizon integral.
    let mut text = String::from("[model]\nname = \"big\"\n");
    for z in 0..10 {
        text += &zone(&format!("z{z}"), 1000.0, 5.0, None);
    }
    for c in 0..60 {
        text += &format!(
            "[[component]]\nname = \"c{c}\"\nreplicas = 3\nmin_up = 2\nzones = [\"z{}\", \"z{}\", \"z{}\"]\nfailure = {{ dist = \"exponential\", mean_hours = 1000 }}\nrepair = {{ dist = \"exponential\", mean_hours = 2 }}\n",
            c % 10,
            (c + 1) % 10,
            (c + 2) % 10
        );
    }
    let p = plan(&text);
    let start = std::time::Instant::now();
    match analyze(&p) {
        Ok(a) => assert!(
            a.mission.is_none() && a.mission_note.is_some_and(|n| n.contains("steps")),
            "the over-horizon value must be skipped with a reason"
        ),
        Err(e) => assert!(e.to_string().contains("too large"), "{e}"),
    }
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "analysis must not hang"
    );
}
