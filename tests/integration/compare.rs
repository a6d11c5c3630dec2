//! `nines compare`: common random numbers narrow the interval of a difference, the paired
//! mean agrees with the exact difference, bad options are refused, and results do not depend
//! on the thread count (designs with several variants included).

use crate::common::{nines, temp_dir, write};
use serde_json::Value;

/// Three exponential tiers; `{DB_REPAIR}` is the one that changes between the two models.
const MODEL: &str = r#"[model]
name = "three tiers"
horizon_hours = 4000

[[component]]
name = "lb"
failure = { dist = "exponential", mean_hours = 3000 }
repair = { dist = "exponential", mean_hours = 3 }
cost = { per_replica_year = 500 }

[[component]]
name = "web"
replicas = 3
min_up = 2
failure = { dist = "exponential", mean_hours = 400 }
repair = { dist = "exponential", mean_hours = 12 }
cost = { per_replica_year = 1000 }

[[component]]
name = "db"
failure = { dist = "exponential", mean_hours = 3000 }
repair = { dist = "exponential", mean_hours = {DB_REPAIR} }
cost = { per_replica_year = 2000 }

[[service]]
name = "shop"
requires = ["lb", "web", "db"]
downtime_cost = { per_hour = 1000 }
"#;

fn model(db_repair: &str) -> String {
    MODEL.replace("{DB_REPAIR}", db_repair)
}

fn json(args: &[&str]) -> Value {
    let out = nines(args);
    assert!(
        out.status.success(),
        "nines {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn num(v: &Value, path: &str) -> f64 {
    path.split('.')
        .fold(v, |v, k| match k.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[k],
        })
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number in {v}"))
}

#[test]
fn paired_interval_is_much_narrower_and_agrees_with_the_exact_difference() {
    let dir = temp_dir("compare-crn");
    let a = write(&dir, "a.toml", model("8"));
    let b = write(&dir, "b.toml", model("6"));
    let trials = "4000";
    let c = json(&[
        "compare", &a, &b, "--trials", trials, "--seed", "5", "--json",
    ]);
    let paired_half = num(&c, "comparisons.0.difference.availability.ci95.1")
        - num(&c, "comparisons.0.difference.availability.mean");
    let paired_se = num(&c, "comparisons.0.difference.availability.std_error");
    let paired_mean = num(&c, "comparisons.0.difference.availability.mean");
    // Two independent runs (different seeds): the interval of their difference.
    let ra = json(&["simulate", &a, "--trials", trials, "--seed", "11", "--json"]);
    let rb = json(&["simulate", &b, "--trials", trials, "--seed", "12", "--json"]);
    let indep_se = num(&ra, "availability.std_error").hypot(num(&rb, "availability.std_error"));
    let indep_half = 1.959_963_984_540_054 * indep_se;
    assert!(
        indep_half >= 3.0 * paired_half,
        "paired ±{paired_half:e} is not 3x narrower than independent ±{indep_half:e}"
    );
    // The exact difference of the mission availabilities (all exponential).
    let ea = json(&["analyze", &a, "--json"]);
    let eb = json(&["analyze", &b, "--json"]);
    let exact = num(&eb, "mission.availability") - num(&ea, "mission.availability");
    assert!(exact > 1e-4, "the faster repair helps: {exact}");
    assert!(
        (paired_mean - exact).abs() < 4.0 * paired_se,
        "paired {paired_mean:e} ± {paired_se:e} against exact {exact:e}"
    );
    // Money: 1000 per hour down, a year is 8760/4000 trials, same infrastructure.
    let dl = num(&c, "comparisons.0.difference.downtime_loss.mean");
    let expected_dl = -1000.0 * 4000.0 * paired_mean * 8760.0 / 4000.0;
    assert!(
        (dl - expected_dl).abs() < 1e-6 * expected_dl.abs(),
        "{dl} {expected_dl}"
    );
    let dt = num(&c, "comparisons.0.difference.total_cost.mean");
    assert!(
        (dt - dl).abs() < 1e-6 * dl.abs(),
        "same infrastructure: {dt} {dl}"
    );
    assert_eq!(num(&c, "base.fixed.infrastructure_year"), 5500.0);
    assert_eq!(c["currency"], "USD");
    assert_eq!(c["trials"], 4000);
    assert!(c["model_hash"].is_string() && c["nines_version"].is_string());
    assert_eq!(c["comparisons"][0]["roi"], Value::Null, "no yearly cost");
    let p_better = num(&c, "comparisons.0.p_better");
    assert!(p_better > 0.0 && p_better < 1.0, "{p_better}");
}

const OPTIONS: &str = r#"[options]
name = "test options"

[[option]]
name = "faster_db"
yearly_cost = 2000
one_off_cost = 1000
realised = 0.5
edits = [{ path = "component.db.repair.mean_hours", scale = 0.5 }]

[[option]]
name = "fourth_web"
survey_item = "Redundancy & Failover"
edits = [{ path = "component.web.replicas", set = 4 }]

[[option]]
name = "leadership"
yearly_cost = 1000
enables = { options = ["faster_db"], realised = 0.9 }
"#;

#[test]
fn one_and_two_threads_give_the_same_comparison() {
    let dir = temp_dir("compare-threads");
    let m = write(&dir, "m.toml", model("8"));
    let o = write(&dir, "o.toml", OPTIONS);
    let run = |threads: &str, extra: &[&str]| {
        let mut args = vec![
            "compare",
            &m,
            "--options",
            &o,
            "--trials",
            "3000",
            "--seed",
            "9",
            "--json",
            "--threads",
            threads,
        ];
        args.extend_from_slice(extra);
        let mut v = json(&args);
        v.as_object_mut().expect("object").remove("wall_seconds");
        v
    };
    let (one, two) = (run("1", &[]), run("2", &[]));
    assert_eq!(one, two);
    assert_eq!(one["comparisons"].as_array().map(Vec::len), Some(3));
    // A design of several variants: faster_db delivers in about half of the years.
    assert_eq!(
        one["comparisons"][0]["other"]["deliveries"][0]["probability"],
        0.5
    );
    assert_eq!(num(&one, "comparisons.0.yearly_cost"), 2000.0);
    assert_eq!(
        num(&one, "comparisons.1.yearly_cost"),
        1000.0,
        "one more web replica"
    );
    // The named set: leadership raises faster_db to 0.9, so it avoids more loss.
    let set = |threads| {
        run(
            threads,
            &["--option", "faster_db", "--option", "leadership"],
        )
    };
    let (s1, s2) = (set("1"), set("2"));
    assert_eq!(s1, s2);
    assert_eq!(s1["comparisons"][0]["name"], "faster_db + leadership");
    assert_eq!(
        s1["comparisons"][0]["other"]["deliveries"][0]["probability"],
        0.9
    );
    let alone = num(&one, "comparisons.0.loss_avoided");
    let led = num(&s1, "comparisons.0.loss_avoided");
    assert!(led > alone, "led {led} alone {alone}");
    // The base is the same run in every comparison.
    assert_eq!(one["base"], s1["base"]);
}

#[test]
fn refused_and_unknown_options_exit_2_saying_why() {
    let dir = temp_dir("compare-bad");
    let m = write(&dir, "m.toml", model("8"));
    let bad = write(
        &dir,
        "bad.toml",
        "[[option]]\nname = \"fine\"\nedits = [{ path = \"component.web.replicas\", set = 4 }]\n\n\
         [[option]]\nname = \"too_few\"\nedits = [{ path = \"component.web.replicas\", set = 1 }]\n",
    );
    let out = nines(&["compare", &m, "--options", &bad, "--trials", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:5:1: option \"too_few\": would make the model invalid"),
        "{err}"
    );
    assert!(err.contains("min_up"), "names the key that breaks: {err}");
    assert!(out.stdout.is_empty());
    // Only the named option is checked: the fine one alone runs.
    let out = nines(&[
        "compare",
        &m,
        "--options",
        &bad,
        "--option",
        "fine",
        "--trials",
        "10",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = nines(&[
        "compare",
        &m,
        "--options",
        &bad,
        "--option",
        "fin",
        "--trials",
        "10",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown option `fin`; did you mean `fine`? (the file has: fine, too_few)"),
        "{err}"
    );
    // Neither another model nor options; both.
    let out = nines(&["compare", &m]);
    assert_eq!(out.status.code(), Some(2));
    let out = nines(&["compare", &m, &m, "--options", &bad]);
    assert_eq!(out.status.code(), Some(2));
    // Two models in different currencies.
    let eur = write(
        &dir,
        "eur.toml",
        model("8").replace(
            "name = \"three tiers\"",
            "name = \"eur\"\ncurrency = \"EUR\"",
        ),
    );
    let out = nines(&["compare", &m, &eur, "--trials", "10"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("counts in EUR"));
}

#[test]
fn the_table_ranks_with_currency_and_bad_years() {
    let dir = temp_dir("compare-table");
    let m = write(&dir, "m.toml", model("8"));
    let o = write(&dir, "o.toml", OPTIONS);
    let out = nines(&[
        "compare",
        &m,
        "--options",
        &o,
        "--trials",
        "2000",
        "--rank-by",
        "roi",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "ranked by ROI (highest first)",
        "Δavailability",
        "Δexpected loss",
        "Δtotal cost",
        "p_better",
        "loss p90",
        "loss p99",
        "faster_db 50%",
        " USD",
    ] {
        assert!(text.contains(part), "missing `{part}` in\n{text}");
    }
}
