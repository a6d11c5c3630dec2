//! `nines sensitivity` and `nines optimize` through the command line: the bad-year table
//! names the tail's driver (not the mean's), the tornado puts the known most important
//! parameter first with common random numbers, the optimiser's answer equals brute force on
//! a small options file, its frontier is non-dominated, and bad input exits 2.

use crate::common::{nines, root, temp_dir, write};
use serde_json::Value;

fn json_of(o: &std::process::Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README")
}

/// A flaky component with short repairs drives the mean year; a rare flood that keeps the
/// store down for 1000 h drives the worst 1 % of years.
const TAIL: &str = r#"[model]
name = "tail"

[[component]]
name = "flaky"
failure = { dist = "exponential", mean_hours = 200 }
repair = { dist = "fixed", hours = 1 }

[[component]]
name = "store"
failure = { dist = "exponential", mean_hours = 1e9 }
repair = { dist = "fixed", hours = 1 }

[[common_cause]]
name = "flood"
affects = ["store"]
failure = { dist = "exponential", mean_hours = 876000 }
repair = { dist = "fixed", hours = 1000 }

[[service]]
name = "shop"
requires = ["flaky", "store"]
downtime_cost = { per_hour = 1000 }
"#;

#[test]
fn the_bad_years_have_another_driver_than_the_mean() {
    let dir = temp_dir("tail");
    let m = write(&dir, "tail.toml", TAIL);
    let v = json_of(&nines(&[
        "sensitivity",
        &m,
        "--trials",
        "4000",
        "--seed",
        "3",
        "--params",
        "component.flaky.repair.mean_hours",
        "--json",
    ]));
    let b = &v["bad_years"];
    assert_eq!(b["ranked_by"], "downtime_loss");
    assert_eq!(b["worst_1_trials"], 40);
    assert_eq!(b["worst_10_trials"], 400);
    let drivers = b["drivers"].as_array().expect("drivers");
    let get = |name: &str| {
        drivers
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("no driver {name}: {drivers:?}"))
    };
    let f = |d: &Value, k: &str| d[k].as_f64().unwrap_or_else(|| panic!("{k}"));
    assert_eq!(
        drivers[0]["name"], "common_cause:flood",
        "the p99 year's driver"
    );
    let (flaky, flood) = (get("flaky"), get("common_cause:flood"));
    // Mean: flaky is down 1 h in every 201 h, 8760/201 = 43.58 h a year; the flood, 1 % of
    // years at most 1000 h (about 9.4 h a year on average).
    assert!(
        (f(flaky, "downtime_hours_all") - 8760.0 / 201.0).abs() < 0.8,
        "{}",
        f(flaky, "downtime_hours_all")
    );
    assert!(f(flaky, "downtime_share_all") > 0.7, "the mean's driver");
    assert!(f(flood, "downtime_share_all") < 0.3);
    assert!(
        f(flood, "downtime_share_worst_1") > 0.8,
        "{}",
        f(flood, "downtime_share_worst_1")
    );
    assert!(f(flood, "downtime_hours_worst_1") > 500.0);
    // One price per hour: loss is shared exactly as downtime.
    for d in drivers {
        for set in ["all", "worst_10", "worst_1"] {
            let (a, l) = (
                f(d, &format!("downtime_share_{set}")),
                f(d, &format!("loss_share_{set}")),
            );
            assert!((a - l).abs() < 1e-9, "{}: {set} {a} {l}", d["name"]);
        }
    }
    // The worst 1 % of years lose 1000 per hour of their downtime.
    let loss_w1 = f(flood, "loss_worst_1") + f(flaky, "loss_worst_1");
    let hours_w1 = f(flood, "downtime_hours_worst_1") + f(flaky, "downtime_hours_worst_1");
    assert!((loss_w1 - 1000.0 * hours_w1).abs() < 1e-6 * loss_w1);
    // The text names both.
    let o = nines(&[
        "sensitivity",
        &m,
        "--trials",
        "4000",
        "--seed",
        "3",
        "--params",
        "component.flaky.repair.mean_hours",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("the mean is driven by flaky, the worst 1 % of years by common_cause:flood"),
        "{text}"
    );
}

/// One fragile component (down 20 h after each of about 17 failures a year) and one sturdy.
const TORNADO: &str = r#"[model]
name = "tornado"

[[component]]
name = "fragile"
failure = { dist = "exponential", mean_hours = 500 }
repair = { dist = "fixed", hours = 20 }

[[component]]
name = "sturdy"
failure = { dist = "exponential", mean_hours = 50000 }
repair = { dist = "fixed", hours = 1 }
"#;

#[test]
fn the_tornado_puts_the_known_most_important_parameter_first() {
    let dir = temp_dir("tornado");
    let m = write(&dir, "tornado.toml", TORNADO);
    let v = json_of(&nines(&[
        "sensitivity",
        &m,
        "--trials",
        "2000",
        "--seed",
        "5",
        "--json",
        "--quiet",
    ]));
    let bars = v["bars"].as_array().expect("bars");
    let labels: Vec<&str> = bars.iter().filter_map(|b| b["label"].as_str()).collect();
    // A second fragile replica (1 of 2) removes almost all downtime: unavailability 20/520
    // becomes about its square.
    assert_eq!(labels[0], "component.fragile.replicas");
    let mut next = labels[1..3].to_vec();
    next.sort_unstable();
    assert_eq!(
        next,
        [
            "component.fragile.failure.mean_hours",
            "component.fragile.repair.mean_hours"
        ]
    );
    let width = |label: &str| {
        bars.iter()
            .find(|b| b["label"] == label)
            .and_then(|b| b["availability_width"].as_f64())
            .expect("width")
    };
    // Repair 16 h against 24 h: 500/516 − 500/524 = 0.014794 (steady state).
    let w = width("component.fragile.repair.mean_hours");
    assert!((w - 0.014794).abs() < 0.0015, "{w}");
    // Failure mean 600 h against 400 h: 600/620 − 400/420 = 0.015361.
    let w = width("component.fragile.failure.mean_hours");
    assert!((w - 0.015361).abs() < 0.0015, "{w}");
    // Common random numbers: the sturdy repair moves availability by 2 × 0.2 h / 50001 h
    // ≈ 8e-6; independent seeds would show the noise of two runs (standard error about
    // 2e-4 each).
    let w = width("component.sturdy.repair.mean_hours");
    assert!(w < 3e-5, "{w}");
    assert!(
        (v["base"]["availability"].as_f64().expect("a") - 500.0 / 520.0 * 50000.0 / 50001.0).abs()
            < 0.002
    );
    // Importance beside: exact Birnbaum of fragile = availability of sturdy.
    let imp = v["importance"].as_array().expect("importance");
    assert_eq!(imp[0]["name"], "fragile");
    let bi = imp[0]["birnbaum"].as_f64().expect("birnbaum");
    assert!((bi - 50000.0 / 50001.0).abs() < 1e-9, "{bi}");
    assert_eq!(v["runs"], 1 + 2 * 5, "neither has a replica to drop");
}

#[test]
fn sensitivity_refuses_a_bad_parameter_naming_it() {
    let m = crate::common::model_path("r2-checkout.toml");
    let m = m.display().to_string();
    for (p, says) in [
        (
            "component.nope.repair.mean_hours",
            "component.nope.repair.mean_hours",
        ),
        ("webby", "webby"),
        ("component.web.replicas=3", "PATH=LOW..HIGH"),
    ] {
        let o = nines(&[
            "sensitivity",
            &m,
            "--params",
            p,
            "--trials",
            "100",
            "--quiet",
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{p}: {err}");
        assert!(err.contains(says), "{p}: {err}");
        assert!(err.contains("KIND.NAME.KEY"), "{p}: what is allowed: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = nines(&["sensitivity", &m, "--range", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sensitivity_json_keys_are_documented() {
    let m = crate::common::model_path("r2-checkout.toml");
    let v = json_of(&nines(&[
        "sensitivity",
        &m.display().to_string(),
        "--trials",
        "200",
        "--params",
        "component.web.replicas",
        "--json",
    ]));
    let readme = readme();
    for k in v.as_object().expect("object").keys() {
        assert!(
            readme.contains(&format!("`{k}`")),
            "README does not document `{k}`"
        );
    }
    for k in v["bars"][0].as_object().expect("bar").keys() {
        assert!(readme.contains(&format!("`{k}`")), "bars[]: `{k}`");
    }
    for k in v["bad_years"]["drivers"][0]
        .as_object()
        .expect("driver")
        .keys()
    {
        assert!(readme.contains(&format!("`{k}`")), "drivers[]: `{k}`");
    }
    assert_eq!(v["bars"][0]["base"], "2 of 3");
    assert_eq!(v["currency"], "USD");
    assert!(v["model_hash"].is_string() && v["nines_version"].is_string());
}

/// Three components, each with an option that helps it, and one that helps nothing.
const SMALL: &str = r#"[model]
name = "small"
currency = "EUR"

[[component]]
name = "a"
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "fixed", hours = 10 }
cost = { per_replica_year = 1000 }

[[component]]
name = "b"
failure = { dist = "exponential", mean_hours = 2000 }
repair = { dist = "fixed", hours = 8 }

[[component]]
name = "c"
failure = { dist = "exponential", mean_hours = 4000 }
repair = { dist = "fixed", hours = 4 }

[[service]]
name = "shop"
requires = ["a", "b", "c"]
downtime_cost = { per_hour = 2000 }
"#;

const SMALL_OPTIONS: &str = r#"[options]
currency = "EUR"

[[option]]
name = "a_pair"
yearly_cost = 2000
edits = [{ path = "component.a.replicas", set = 2 }, { path = "component.a.min_up", set = 1 }]

[[option]]
name = "b_fast"
yearly_cost = 5000
one_off_cost = 6000
edits = [{ path = "component.b.repair.mean_hours", scale = 0.5 }]

[[option]]
name = "c_pair"
yearly_cost = 20000
edits = [{ path = "component.c.replicas", set = 2 }, { path = "component.c.min_up", set = 1 }]

[[option]]
name = "gold_plating"
yearly_cost = 9000
edits = [{ path = "component.c.failure.mean_hours", scale = 1.01 }]
"#;

/// Every subset, simulated in the test: (names, spend, total cost, availability).
fn brute_force(trials: u64, seed: u64) -> Vec<(Vec<String>, f64, f64, f64)> {
    let opts = nines::decide::parse_options(SMALL_OPTIONS, "o").expect("options");
    let base = nines::load::plan_from_str(SMALL, "m").expect("model");
    let infra0 = nines::model::money::infrastructure_year(base.model());
    let mut out = Vec::new();
    for mask in 0..16usize {
        let set: Vec<usize> = (0..4).filter(|i| mask >> i & 1 == 1).collect();
        let edits: Vec<nines::edit::Edit> = set
            .iter()
            .flat_map(|&i| opts.options[i].edits.clone())
            .collect();
        let (_, plan) = nines::edit::apply_model(SMALL, "m", &edits).expect("valid");
        let cfg = nines::engine::RunConfig {
            trials,
            seed,
            ..Default::default()
        };
        let r = nines::engine::run(&plan, &cfg, &nines::engine::NoObserver).expect("runs");
        let yearly: f64 = set.iter().map(|&i| opts.options[i].yearly_cost).sum();
        let one_off: f64 = set.iter().map(|&i| opts.options[i].one_off_cost).sum();
        let opc = yearly + one_off / 2.0;
        let spend = opc + (r.cost.infrastructure_year - infra0);
        out.push((
            set.iter().map(|&i| opts.options[i].name.clone()).collect(),
            spend,
            r.cost.total.mean + opc,
            r.model.availability.mean,
        ));
    }
    out
}

#[test]
fn the_optimiser_equals_brute_force_and_its_frontier_is_not_dominated() {
    let dir = temp_dir("optimize");
    let m = write(&dir, "small.toml", SMALL);
    let o = write(&dir, "options.toml", SMALL_OPTIONS);
    let csv_path = dir.join("sets.csv");
    let budget = 30_000.0;
    let v = json_of(&nines(&[
        "optimize",
        &m,
        "--options",
        &o,
        "--budget",
        "30000",
        "--years",
        "2",
        "--trials",
        "3000",
        "--seed",
        "11",
        "--json",
        "--csv",
        &csv_path.display().to_string(),
        "--quiet",
    ]));
    assert_eq!(v["method"], "exhaustive");
    assert_eq!(v["recheck_trials"], 12_000);
    // Brute force at the recheck's trials: the best set within the budget.
    let all = brute_force(12_000, 11);
    let best = all
        .iter()
        .filter(|x| x.1 <= budget)
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .expect("some set fits");
    let names: Vec<String> = v["best"]["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|x| x.as_str().expect("name").to_string())
        .collect();
    assert_eq!(names, best.0);
    let f = |x: &Value| x.as_f64().expect("number");
    assert!((f(&v["best"]["total_cost"]) - best.2).abs() < 1e-9 * best.2);
    assert!((f(&v["best"]["yearly_cost"]) - best.1).abs() < 1e-9);
    assert!((f(&v["best"]["availability"]) - best.3).abs() < 1e-12);
    assert_eq!(v["currency"], "EUR");
    // The search's figures equal brute force at its own trials, set by set (CSV rows).
    let search = brute_force(3000, 11);
    let mut rdr = csv::Reader::from_path(&csv_path).expect("csv");
    let header: Vec<String> = rdr
        .headers()
        .expect("h")
        .iter()
        .map(str::to_string)
        .collect();
    let col = |k: &str| {
        header
            .iter()
            .position(|h| h == k)
            .unwrap_or_else(|| panic!("{k}"))
    };
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    let search_rows: Vec<_> = rows
        .iter()
        .filter(|r| &r[col("stage")] == "search")
        .collect();
    assert_eq!(search_rows.len(), 16);
    assert_eq!(rows.len(), 16 + 5, "every set, then the five rechecked");
    let mut simulated = 0;
    for r in &search_rows {
        let set: Vec<String> = r[col("options")]
            .split('+')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let b = search.iter().find(|x| x.0 == set).expect("a subset");
        assert!((r[col("yearly_cost")].parse::<f64>().expect("spend") - b.1).abs() < 1e-9);
        assert_eq!(
            &r[col("within_budget")],
            if b.1 <= budget { "true" } else { "false" }
        );
        if b.1 <= budget {
            simulated += 1;
            let t: f64 = r[col("total_cost_mean")].parse().expect("total");
            assert!((t - b.2).abs() < 1e-9 * b.2, "{set:?}: {t} against {}", b.2);
            assert_eq!(&r[col("trials")], "3000");
        } else {
            assert_eq!(
                &r[col("total_cost_mean")],
                "",
                "over the budget: not simulated"
            );
        }
        assert_eq!(&r[col("currency")], "EUR");
        assert_eq!(&r[col("seed")], "11");
    }
    assert_eq!(v["sets_simulated"], simulated);
    // Frontier: increasing spend, increasing availability, and nothing simulated dominates it.
    let fr = v["frontier"].as_array().expect("frontier");
    assert!(!fr.is_empty());
    for w in fr.windows(2) {
        assert!(f(&w[1]["yearly_cost"]) >= f(&w[0]["yearly_cost"]));
        assert!(f(&w[1]["availability"]) > f(&w[0]["availability"]));
    }
    let inside: Vec<_> = search.iter().filter(|x| x.1 <= budget).collect();
    for p in fr {
        let (s, a) = (f(&p["yearly_cost"]), f(&p["availability"]));
        assert!(
            !inside
                .iter()
                .any(|x| x.1 <= s && x.3 >= a && (x.1 < s || x.3 > a)),
            "{p} is dominated"
        );
        for k in ["options", "total_cost", "downtime_loss"] {
            assert!(!p[k].is_null(), "frontier[] has {k}");
        }
        assert!(p["downtime_loss"]["p99"].is_number() && p["downtime_loss"]["p90"].is_number());
    }
    // Every set on the availability frontier is marked in the CSV.
    let marked = search_rows
        .iter()
        .filter(|r| &r[col("on_frontier_availability")] == "true")
        .count();
    assert_eq!(marked, fr.len());
    // The runner-up comparison is paired over the recheck's trials.
    assert_eq!(
        v["runner_up"]["difference"]["total_cost"]["ci95"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(v["runner_up"]["trials"], 12_000);
    // Documented: CSV columns and JSON keys.
    let readme = readme();
    for h in &header {
        assert!(
            readme.contains(&format!("`{h}`")),
            "README: CSV column `{h}`"
        );
    }
    for k in v.as_object().expect("object").keys() {
        assert!(readme.contains(&format!("`{k}`")), "README: JSON key `{k}`");
    }
    for k in v["best"].as_object().expect("best").keys() {
        assert!(readme.contains(&format!("`{k}`")), "README: best.`{k}`");
    }
}

#[test]
fn the_optimiser_refuses_a_bad_budget() {
    let dir = temp_dir("budget");
    let m = write(&dir, "small.toml", SMALL);
    let o = write(&dir, "options.toml", SMALL_OPTIONS);
    let csv_path = dir.join("never.csv");
    for (budget, says) in [
        ("-5", "--budget"),
        ("lots", "--budget"),
        ("NaN", "--budget"),
        (
            "1000",
            "no option fits a budget of 1,000 EUR a year: the cheapest, `a_pair`, costs 3,000 EUR a year",
        ),
    ] {
        let out = nines(&[
            "optimize",
            &m,
            "--options",
            &o,
            "--budget",
            budget,
            "--trials",
            "100",
            "--csv",
            &csv_path.display().to_string(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{budget}: {err}");
        assert!(err.contains(says), "{budget}: {err}");
        assert!(!csv_path.exists(), "no file on bad input");
    }
    let out = nines(&[
        "optimize",
        &m,
        "--options",
        &o,
        "--budget",
        "5000",
        "--objective",
        "served",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--scenario"));
}
