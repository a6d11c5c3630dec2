//! Load scenarios: requests served and lost against capacity, overload hours, peak days.

use crate::common::{nines, root, temp_dir, write};
use nines::engine::{NoObserver, Plan, RunConfig, run};
use nines::scenario::parse_scenario;

const IMMORTAL: &str =
    "failure = { dist = \"fixed\", hours = 1e9 }\nrepair = { dist = \"fixed\", hours = 0 }";

fn plan_with(model: &str, scenario: &str) -> Plan {
    let p = nines::load::plan_from_str(model, "m.toml").unwrap_or_else(|e| panic!("{e}"));
    p.with_scenario(parse_scenario(scenario, "s.toml").unwrap_or_else(|e| panic!("{e}")))
}

/// Flat 150 rps for 30 days, with 6 hours at twice that on day 10.
const FLAT: &str = "[scenario]\nname = \"flat\"\nstart = 2026-01-01\naverage_rps = 150\ndaily_shape = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n[[peak]]\nname = \"spike\"\ndate = 2026-01-11\nduration_hours = 6\nmultiplier = 2\n";

#[test]
fn load_above_capacity_for_known_hours_gives_that_served_fraction() {
    // Two replicas of 100 rps never fail: 200 rps of capacity against 300 rps for 6 hours.
    let model = format!(
        "[model]\nname = \"cap\"\nhorizon_hours = 720\n[[component]]\nname = \"web\"\nreplicas = 2\nmin_up = 1\ncapacity_rps = 100\n{IMMORTAL}\n[[service]]\nname = \"shop\"\nrequires = [\"web\"]\n"
    );
    let p = plan_with(&model, FLAT);
    let r = run(
        &p,
        &RunConfig {
            trials: 50,
            seed: 1,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run");
    let q = r.model.requests.as_ref().expect("requests");
    let offered = (150.0 * 714.0 + 300.0 * 6.0) * 3600.0;
    let lost = (300.0 - 200.0) * 6.0 * 3600.0;
    assert!(
        (q.lost.mean - lost).abs() < 1e-6 * lost,
        "lost {} vs {lost}",
        q.lost.mean
    );
    assert!(
        (q.served_fraction.mean - (1.0 - lost / offered)).abs() < 1e-12,
        "{}",
        q.served_fraction.mean
    );
    assert!((q.overload_hours.mean - 6.0).abs() < 1e-9);
    assert_eq!(
        q.served_fraction.std_error, 0.0,
        "deterministic: every trial the same"
    );
    assert_eq!(r.model.availability.mean, 1.0, "degraded is not down");
    assert_eq!(q.peak_availability.expect("peak").mean, 1.0);
    let shop = r
        .service("shop")
        .expect("service")
        .requests
        .as_ref()
        .expect("requests");
    assert!((shop.lost.mean - lost).abs() < 1e-6 * lost);

    // USL: with contention 0.1, two replicas give 200/1.1 rps.
    let usl = model.replace(
        "capacity_rps = 100\n",
        "capacity_rps = 100\nusl = { contention = 0.1 }\n",
    );
    let p = plan_with(&usl, FLAT);
    let r = run(
        &p,
        &RunConfig {
            trials: 10,
            seed: 1,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run");
    let cap = 200.0 / 1.1;
    let lost = (300.0 - cap) * 6.0 * 3600.0;
    let got = r.model.requests.as_ref().expect("requests").lost.mean;
    assert!((got - lost).abs() < 1e-6 * lost, "{got} vs {lost}");
}

#[test]
fn a_down_service_loses_all_its_requests_and_shares_split_the_load() {
    // web is down for the first 10 hours of every trial (fixed failure at 0+, repair 10 h…):
    // use a component that fails at 100 h and is repaired after 10 h, once per trial.
    let model = "[model]\nname = \"down\"\nhorizon_hours = 200\n[[component]]\nname = \"web\"\nfailure = { dist = \"fixed\", hours = 100 }\nrepair = { dist = \"fixed\", hours = 10 }\n[[component]]\nname = \"pos\"\nfailure = { dist = \"fixed\", hours = 1e9 }\nrepair = { dist = \"fixed\", hours = 0 }\n[[service]]\nname = \"shop\"\nrequires = [\"web\"]\nload_share = 0.75\n[[service]]\nname = \"store\"\nrequires = [\"pos\"]\nload_share = 0.25\n";
    let p = plan_with(model, FLAT.split("[[peak]]").next().expect("scenario"));
    let r = run(
        &p,
        &RunConfig {
            trials: 5,
            seed: 1,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run");
    let shop = r
        .service("shop")
        .expect("shop")
        .requests
        .as_ref()
        .expect("requests");
    let lost = 0.75 * 150.0 * 10.0 * 3600.0;
    assert!(
        (shop.lost.mean - lost).abs() < 1e-6 * lost,
        "{} vs {lost}",
        shop.lost.mean
    );
    assert!((shop.served_fraction.mean - (1.0 - 10.0 / 200.0)).abs() < 1e-12);
    let store = r
        .service("store")
        .expect("store")
        .requests
        .as_ref()
        .expect("requests");
    assert_eq!(store.lost.mean, 0.0);
    let model_q = r.model.requests.as_ref().expect("requests");
    assert!((model_q.served_fraction.mean - (1.0 - 0.75 * 10.0 / 200.0)).abs() < 1e-12);
}

#[test]
fn noise_and_failures_are_reproducible_and_thread_independent() {
    let m = std::fs::read_to_string(root().join("models/retail-reference.toml")).expect("model");
    let sc = std::fs::read_to_string(root().join("scenarios/peak-season.toml")).expect("scenario");
    let p = plan_with(&m, &sc);
    let go = |t| {
        let mut r = run(
            &p,
            &RunConfig {
                trials: 3_000,
                seed: 9,
                threads: Some(t),
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run");
        r.wall_seconds = 0.0;
        r
    };
    let (a, b) = (go(1), go(2));
    assert_eq!(a, b);
    let q = a.model.requests.as_ref().expect("requests");
    // Request-weighted and time-based availability agree to within their intervals here
    // (no capacity limits in the reference model): outages are as likely at any hour.
    assert!(
        (q.served_fraction.mean - a.model.availability.mean).abs()
            < 5.0 * (q.served_fraction.std_error + a.model.availability.std_error)
    );
}

#[test]
fn simulate_with_a_scenario_prints_the_request_keys() {
    let m = root()
        .join("models/retail-reference.toml")
        .display()
        .to_string();
    let sc = root()
        .join("scenarios/peak-season.toml")
        .display()
        .to_string();
    let out = nines(&[
        "simulate",
        &m,
        "--scenario",
        &sc,
        "--trials",
        "2000",
        "--json",
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for scope in [&v, &v["services"]["checkout"]] {
        assert!(scope["requests"]["served_fraction"]["mean"].is_f64());
        assert!(scope["requests"]["served_fraction"]["std_error"].is_f64());
        assert!(scope["requests"]["served_fraction"]["ci95"].is_array());
        assert!(scope["requests"]["lost"]["mean"].is_f64());
        assert!(scope["overload_hours"]["mean"].is_f64());
        assert!(scope["peak_days"]["availability"]["mean"].is_f64());
        assert!(scope["normal_days"]["availability"]["mean"].is_f64());
    }
    // Bad scenario: exit 2 with the file and line named.
    let dir = temp_dir("bad-scenario");
    let bad = write(
        &dir,
        "bad.toml",
        "[scenario]\nname = \"x\"\naverage_rps = -1\n",
    );
    let out = nines(&["simulate", &m, "--scenario", &bad]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.toml:3:"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn latency_is_m_m_c_and_hours_over_objective_are_counted() {
    // One replica, one worker, 200 rps capacity: M/M/1. 150 rps normally, 300 rps (overload)
    // for the 6 spike hours. p95 of M/M/1 response = ln(20) / (mu - lambda).
    let model = format!(
        "[model]\nname = \"lat\"\nhorizon_hours = 720\n[[component]]\nname = \"api\"\ncapacity_rps = 200\n{IMMORTAL}\n[[service]]\nname = \"shop\"\nrequires = [\"api\"]\nlatency_p95_ms = 50\n"
    );
    let p = plan_with(&model, FLAT);
    let l = nines::analysis::latency(&p, p.scenario().expect("scenario"), 720.0);
    let c = &l.components[0];
    // The average hour includes the spike: (150·714 + 300·6) / 720 = 151.25 rps.
    let want = 20f64.ln() / (200.0 - 151.25) * 1e3;
    assert!(
        (c.at_average.p95_ms.expect("stable") - want).abs() < 1e-6,
        "{:?}",
        c.at_average
    );
    assert!(
        c.at_peak.p95_ms.is_none(),
        "300 rps against 200 rps is overloaded"
    );
    // 59.9 ms > 50 ms objective at 150 rps: every hour is over; lower the load to pass.
    assert!((l.services[0].hours_over_objective - 720.0).abs() < 1e-9);
    let light = FLAT.replace("average_rps = 150", "average_rps = 100");
    let p = plan_with(&model, &light);
    let l = nines::analysis::latency(&p, p.scenario().expect("scenario"), 720.0);
    // 100 rps: ln(20)/100 s = 30 ms (under 50); spike 200 rps = overloaded: the 6 spike hours.
    assert!(
        (l.services[0].hours_over_objective - 6.0).abs() < 1e-9,
        "{}",
        l.services[0].hours_over_objective
    );
}

#[test]
fn the_capacity_planner_finds_the_smallest_count_and_verifies_it() {
    use nines::planner::{Goal, plan_capacity};
    // 300 rps for 6 hours needs 3 replicas of 100 rps; 2 lose requests.
    let model = format!(
        "[model]\nname = \"plan\"\nhorizon_hours = 720\n[[component]]\nname = \"web\"\nreplicas = 8\nmin_up = 1\ncapacity_rps = 100\n{IMMORTAL}\n[[service]]\nname = \"shop\"\nrequires = [\"web\"]\n"
    );
    let p = nines::load::plan_from_str(&model, "m.toml").expect("valid");
    let sc = parse_scenario(FLAT, "s.toml").expect("valid");
    let goal = Goal {
        target: 1.0,
        max_overload_probability: 0.0,
        run: RunConfig {
            trials: 200,
            seed: 1,
            ..Default::default()
        },
    };
    let prop = plan_capacity(p.model(), &sc, &goal, &NoObserver).expect("plan");
    assert!(prop.meets_goal);
    assert_eq!(prop.rows[0].proposed_replicas, 3);
    assert_eq!(
        prop.rows[0].one_less_meets_goal,
        Some(false),
        "the simulation at one less must fail the goal"
    );
    assert_eq!(prop.served_fraction.mean, 1.0);
    // A target the capacity cannot buy: a component without capacity that fails.
    let flaky = model.replace("[[service]]", "[[component]]\nname = \"dns\"\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 10 }\n[[service]]").replace("requires = [\"web\"]", "requires = [\"web\", \"dns\"]");
    let p = nines::load::plan_from_str(&flaky, "m.toml").expect("valid");
    let prop = plan_capacity(
        p.model(),
        &sc,
        &Goal {
            target: 0.999,
            ..goal
        },
        &NoObserver,
    )
    .expect("plan");
    assert!(!prop.meets_goal && prop.limit.is_some());
}

/// Stops every run once `after` has passed.
struct StopAfter {
    start: std::time::Instant,
    after: std::time::Duration,
}

impl nines::engine::Observer for StopAfter {
    fn should_stop(&self) -> bool {
        self.start.elapsed() >= self.after
    }
}

#[test]
fn the_capacity_planner_stops_when_its_observer_asks() {
    use nines::planner::{Goal, PlanError, plan_capacity};
    // The reference model under the peak season with far too many trials to finish: the plan
    // must end soon after the observer asks, with the engine's typed cancellation.
    let p = crate::common::plan("retail-reference.toml");
    let sc =
        nines::io::read_scenario(&root().join("scenarios/peak-season.toml")).expect("scenario");
    let goal = Goal {
        target: 0.9995,
        max_overload_probability: 0.01,
        run: RunConfig {
            trials: 50_000_000,
            seed: 1,
            ..Default::default()
        },
    };
    let after = std::time::Duration::from_millis(300);
    let obs = StopAfter {
        start: std::time::Instant::now(),
        after,
    };
    let r = plan_capacity(p.model(), &sc, &goal, &obs);
    let late = obs.start.elapsed() - after;
    eprintln!("the planner stopped {late:?} after it was asked");
    assert!(
        matches!(
            r,
            Err(PlanError::Engine(nines::engine::EngineError::Cancelled))
        ),
        "{r:?}"
    );
    assert!(
        late < std::time::Duration::from_millis(200),
        "took {late:?}"
    );
}

#[test]
fn capacity_command_prints_and_writes_csv() {
    let dir = temp_dir("capacity");
    let csv = dir.join("plan.csv").display().to_string();
    let m = root()
        .join("models/retail-reference.toml")
        .display()
        .to_string();
    let sc = root()
        .join("scenarios/peak-season.toml")
        .display()
        .to_string();
    let out = nines(&[
        "capacity",
        &m,
        "--scenario",
        &sc,
        "--target",
        "0.9996",
        "--trials",
        "2000",
        "--csv",
        &csv,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["rows"].as_array().is_some_and(|r| r.len() == 2), "{v}");
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with("component,current_replicas,proposed_replicas"));
    assert_eq!(text.lines().count(), 3);
    let bad = nines(&["capacity", &m, "--scenario", &sc, "--target", "1.5"]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_hourly_series_file_replaces_the_profile() {
    // A scenario naming a CSV beside it: 100 rps every hour except 400 rps in hours 5 and 6.
    let dir = temp_dir("series");
    let mut csv = String::from("hour,rps\n");
    for h in 0..48 {
        csv += &format!("{h},{}\n", if h == 5 || h == 6 { 400 } else { 100 });
    }
    write(&dir, "load.csv", csv);
    let sc = write(
        &dir,
        "series.toml",
        "[scenario]\nname = \"series\"\naverage_rps = 1\nseries_csv = \"load.csv\"\n",
    );
    let model = write(
        &dir,
        "m.toml",
        format!(
            "[model]\nname = \"s\"\nhorizon_hours = 48\n[[component]]\nname = \"api\"\nreplicas = 2\nmin_up = 1\ncapacity_rps = 150\n{IMMORTAL}\n[[service]]\nname = \"shop\"\nrequires = [\"api\"]\n"
        ),
    );
    let out = nines(&[
        "simulate",
        &model,
        "--scenario",
        &sc,
        "--trials",
        "10",
        "--json",
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let lost = v["requests"]["lost"]["mean"].as_f64().expect("lost");
    let want = 2.0 * (400.0 - 300.0) * 3600.0;
    assert!((lost - want).abs() < 1e-6 * want, "{lost} vs {want}");
    assert!((v["overload_hours"]["mean"].as_f64().expect("overload") - 2.0).abs() < 1e-9);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn per_trial_rows_carry_request_columns_that_add_up_to_the_summary() {
    let dir = temp_dir("trials-requests");
    let trials = dir.join("t.csv").display().to_string();
    let m = root()
        .join("models/retail-reference.toml")
        .display()
        .to_string();
    let sc = root()
        .join("scenarios/peak-season.toml")
        .display()
        .to_string();
    let out = nines(&[
        "simulate",
        &m,
        "--scenario",
        &sc,
        "--trials",
        "500",
        "--json",
        "--quiet",
        "--trials-csv",
        &trials,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut r = csv::Reader::from_path(&trials).expect("csv");
    let headers = r.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        nines::report::TRIAL_COLUMNS.to_vec()
    );
    let col = |n: &str| headers.iter().position(|h| h == n).expect("column");
    let (scope, served) = (col("scope"), col("requests_served_fraction"));
    let model_served: Vec<f64> = r
        .records()
        .map(|x| x.expect("row"))
        .filter(|x| &x[scope] == "model")
        .map(|x| x[served].parse().expect("number"))
        .collect();
    assert_eq!(model_served.len(), 500);
    let mean = model_served.iter().sum::<f64>() / 500.0;
    let want = v["requests"]["served_fraction"]["mean"]
        .as_f64()
        .expect("mean");
    assert!((mean - want).abs() < 1e-12, "{mean} vs {want}");
    let _ = std::fs::remove_dir_all(dir);
}
