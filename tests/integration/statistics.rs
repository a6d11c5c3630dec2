//! What the printed statistics mean: percentiles within the observed range, and intervals
//! that still cover when downtime is rare.

use crate::common::{nines, temp_dir, write};

/// Every trial is down exactly from 100 h to 140 h: 40 h of downtime, always.
const FORTY_HOURS: &str = r#"
[model]
name = "forty hours"
horizon_hours = 150

[[component]]
name = "box"
failure = { dist = "fixed", hours = 100 }
repair = { dist = "fixed", hours = 40 }
"#;

#[test]
fn percentiles_of_a_deterministic_model_are_exact() {
    let dir = temp_dir("forty");
    let m = write(&dir, "forty.toml", FORTY_HOURS);
    let out = nines(&["simulate", &m, "--trials", "500", "--json", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &v["downtime_hours"];
    assert_eq!(d["mean"], 40.0);
    // The sketch alone says 40.25 (its bucket's representative); clamped to the observed
    // range, every percentile is the exact 40.
    for p in ["p50", "p90", "p99"] {
        assert_eq!(d[p], 40.0, "{p}");
    }
    let text = nines(&["simulate", &m, "--trials", "500", "--quiet"]);
    let text = String::from_utf8_lossy(&text.stdout);
    let row = text
        .lines()
        .find(|l| l.starts_with("model "))
        .unwrap_or_else(|| panic!("no model row in\n{text}"));
    let tokens: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(tokens.iter().filter(|t| **t == "40.00").count(), 3, "{row}");
    assert!(!row.contains("40.25"), "{row}");
}

/// A 1-of-4 tier (200 h to failure, 2 h repair, exponential) over 2,000 h: the model is
/// down only while all four replicas are, about 1e-8 of the time, so in 20,000 trials
/// usually none or one or two trials see any downtime.
const RARE_DOWNTIME: &str = r#"
[model]
name = "rare downtime"
horizon_hours = 2000

[[component]]
name = "tier"
replicas = 4
min_up = 1
failure = { dist = "exponential", mean_hours = 200 }
repair = { dist = "exponential", mean_hours = 2 }

[[service]]
name = "shop"
requires = ["tier"]
"#;

/// Seeds run, trials per seed.
const SEEDS: u64 = 100;
const TRIALS_PER_SEED: u64 = 20_000;
/// The 95 % interval must cover the exact value in at least this many of the seeds.
const MIN_COVERING_SEEDS: usize = 90;

#[test]
fn intervals_cover_when_downtime_is_rare() {
    use nines::engine::{NoObserver, RunConfig, run};
    use nines::stats::{IntervalMethod, normal_interval};
    let plan = nines::load::plan_from_str(RARE_DOWNTIME, "rare.toml").expect("valid");
    let exact = nines::analysis::analyze(&plan)
        .expect("exact")
        .mission
        .expect("mission");
    let exact_unavailability = 1.0 - exact.availability;
    assert!(
        (exact_unavailability - 9.6e-9).abs() < 0.1e-9,
        "{exact_unavailability}"
    );
    let (mut honest, mut normal, mut bounds) = (0, 0, 0);
    for seed in 0..SEEDS {
        let r = run(
            &plan,
            &RunConfig {
                trials: TRIALS_PER_SEED,
                seed,
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run");
        for (scope, s) in [("model", &r.model), ("shop", &r.services[0].1)] {
            let a = &s.availability;
            let covers = |[lo, hi]: [f64; 2]| lo <= exact.availability && exact.availability <= hi;
            let c = covers(a.ci95);
            assert!(
                a.ci95[0] <= a.mean && a.mean <= a.ci95[1],
                "seed {seed} {scope}"
            );
            assert_eq!(
                s.interval == IntervalMethod::NoDowntimeBound,
                s.trials_with_downtime == 0,
                "seed {seed} {scope}"
            );
            if s.trials_with_downtime == 0 {
                // The bound is one-sided: availability from 1 − X to 1, never ± 0.
                assert_eq!(a.ci95[1], 1.0);
                assert!(a.ci95[0] < 1.0);
            }
            if scope == "model" {
                honest += usize::from(c);
                normal += usize::from(covers(normal_interval(a)));
                bounds += usize::from(s.trials_with_downtime == 0);
            } else {
                assert_eq!(c, covers(r.model.availability.ci95), "service as model");
            }
        }
    }
    assert!(
        honest >= MIN_COVERING_SEEDS,
        "the interval covered the exact value in {honest} of {SEEDS} seeds"
    );
    // The normal interval alone fails here: the test can tell the difference.
    assert!(
        normal < MIN_COVERING_SEEDS,
        "the normal interval covered in {normal} of {SEEDS} seeds: this model does not test the rule"
    );
    assert!(bounds > 10, "only {bounds} seeds without downtime");
    eprintln!("coverage: {honest}/{SEEDS} (normal alone {normal}), {bounds} without downtime");
}

#[test]
fn no_downtime_is_reported_as_a_one_sided_bound_everywhere() {
    let dir = temp_dir("rare-cli");
    let m = write(&dir, "rare.toml", RARE_DOWNTIME);
    let csv = dir.join("summary.csv").display().to_string();
    // Seed 1: none of the 20,000 trials sees downtime.
    let args = [
        "simulate", &m, "--trials", "20000", "--seed", "1", "--quiet",
    ];
    let out = nines(&[&args[..], &["--json", "--summary-csv", &csv]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let bound = nines::stats::no_event_upper_bound(20_000);
    for s in [&v, &v["services"]["shop"]] {
        assert_eq!(s["trials_with_downtime"], 0);
        let a = &s["availability"];
        assert_eq!(a["interval"], "no_downtime_bound");
        assert_eq!(a["few_trials_with_downtime"], true);
        assert_eq!(a["ci95"][1], 1.0);
        let low = a["ci95"][0].as_f64().expect("number");
        assert!((1.0 - low - bound).abs() < 1e-15, "{low}");
        assert_eq!(s["downtime_hours"]["ci95"][0], 0.0);
    }
    let table = std::fs::read_to_string(&csv).expect("csv");
    let mut rows = csv::Reader::from_reader(table.as_bytes());
    let header = rows.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for row in rows.records() {
        let row = row.expect("row");
        assert_eq!(&row[col("trials_with_downtime_count")], "0");
        assert_eq!(&row[col("availability_ci95_method")], "no_downtime_bound");
        assert_eq!(&row[col("availability_ci95_high_fraction")], "1");
    }
    let text = nines(&args);
    let text = String::from_utf8_lossy(&text.stdout);
    for scope in ["model", "service shop"] {
        assert!(
            text.contains(&format!(
                "{scope}: no downtime in 20000 trials; unavailability below 1.50e-4 at 95 %"
            )),
            "{text}"
        );
    }
    assert!(!text.contains("± 0"), "{text}");
}

#[test]
fn a_common_model_keeps_the_normal_interval() {
    let m = crate::common::model_path("r2-checkout.toml")
        .display()
        .to_string();
    let out = nines(&["simulate", &m, "--trials", "2000", "--json", "--quiet"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = v["trials_with_downtime"].as_u64().expect("count");
    assert!(d > 1000 && d <= 2000, "{d}");
    assert_eq!(v["availability"]["interval"], "normal");
    assert_eq!(v["availability"]["few_trials_with_downtime"], false);
    assert_eq!(v["services"]["checkout"]["trials_with_downtime"], d);
}
