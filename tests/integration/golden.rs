//! Value stability: fixed models, seeds and trial counts give stored numbers to the last
//! digit (tests/data/golden.json), so an unintended change to the random streams, the event
//! loops or the statistics fails loudly.
//!
//! The numbers are f64 printed with `{:?}` (shortest round-trip form), stored as strings so
//! that no JSON float parsing stands between them and the comparison. They hold on any
//! platform whose libm gives the same `ln`, `exp`, `powf` as this one (x86_64 Linux, glibc).
//!
//! Update them only in a commit that says why the numbers changed (and that nothing else
//! did): `NINES_UPDATE_GOLDEN=1 cargo test --test integration golden` rewrites the file.

use crate::common::{plan, root};
use nines::engine::{NoObserver, Plan, RunConfig, RunResults, ScopeResult, run};
use serde_json::{Map, Value};

/// (label, model, with the peak-season scenario, trials, seed).
const CASES: [(&str, &str, bool, u64, u64); 3] = [
    ("r2", "r2-checkout.toml", false, 10_000, 2024),
    ("r5", "r5-weibull-lognormal.toml", false, 2_000, 7),
    ("retail+peak-season", "retail-reference.toml", true, 600, 11),
];

fn golden_path() -> std::path::PathBuf {
    root().join("tests/data/golden.json")
}

fn put(out: &mut Map<String, Value>, key: String, x: f64) {
    out.insert(key, Value::String(format!("{x:?}")));
}

fn scope(out: &mut Map<String, Value>, prefix: &str, s: &ScopeResult) {
    let a = &s.availability;
    out.insert(
        format!("{prefix}.trials_with_downtime"),
        Value::String(s.trials_with_downtime.to_string()),
    );
    out.insert(
        format!("{prefix}.availability.interval"),
        Value::String(s.interval.name().to_string()),
    );
    put(out, format!("{prefix}.availability.mean"), a.mean);
    put(out, format!("{prefix}.availability.std_error"), a.std_error);
    put(out, format!("{prefix}.availability.ci95.low"), a.ci95[0]);
    put(out, format!("{prefix}.availability.ci95.high"), a.ci95[1]);
    put(
        out,
        format!("{prefix}.downtime_hours.mean"),
        s.downtime_hours.mean,
    );
    put(
        out,
        format!("{prefix}.downtime_hours.p50"),
        s.downtime_p50_hours,
    );
    put(
        out,
        format!("{prefix}.downtime_hours.p90"),
        s.downtime_p90_hours,
    );
    put(
        out,
        format!("{prefix}.downtime_hours.p99"),
        s.downtime_p99_hours,
    );
    put(out, format!("{prefix}.outages.mean"), s.outages.mean);
    put(
        out,
        format!("{prefix}.outages.std_error"),
        s.outages.std_error,
    );
    if let Some(q) = &s.requests {
        put(
            out,
            format!("{prefix}.requests.served.mean"),
            q.served_fraction.mean,
        );
        put(out, format!("{prefix}.requests.lost.mean"), q.lost.mean);
        put(
            out,
            format!("{prefix}.overload_hours.mean"),
            q.overload_hours.mean,
        );
        if let Some(p) = q.peak_availability {
            put(out, format!("{prefix}.peak_days.availability.mean"), p.mean);
        }
    }
}

fn numbers(r: &RunResults) -> Value {
    let mut out = Map::new();
    out.insert("events".into(), Value::String(r.events.to_string()));
    scope(&mut out, "model", &r.model);
    for (name, s) in &r.services {
        scope(&mut out, &format!("services.{name}"), s);
    }
    let c = &r.cost;
    for (k, m) in [
        ("downtime_loss", &c.downtime_loss),
        ("sla_credits", &c.sla_credits),
        ("total", &c.total),
    ] {
        put(&mut out, format!("cost.{k}.mean"), m.mean);
        put(&mut out, format!("cost.{k}.p99"), m.p99);
    }
    for c in r.components.iter().chain(&r.domains) {
        put(
            &mut out,
            format!("caused_downtime_hours.{}", c.name),
            c.caused_downtime_hours,
        );
    }
    Value::Object(out)
}

fn case_plan(model: &str, scenario: bool) -> Plan {
    let p = plan(model);
    if !scenario {
        return p;
    }
    let text =
        std::fs::read_to_string(root().join("scenarios/peak-season.toml")).expect("scenario");
    p.with_scenario(nines::scenario::parse_scenario(&text, "peak-season.toml").expect("valid"))
}

#[test]
fn simulated_numbers_are_value_stable() {
    let mut now = Map::new();
    for (label, model, scenario, trials, seed) in CASES {
        let cfg = RunConfig {
            trials,
            seed,
            threads: Some(2),
            ..Default::default()
        };
        let r = run(&case_plan(model, scenario), &cfg, &NoObserver).expect("run");
        now.insert(label.to_string(), numbers(&r));
    }
    let now = Value::Object(now);
    if std::env::var_os("NINES_UPDATE_GOLDEN").is_some() {
        let text = serde_json::to_string_pretty(&now).expect("json") + "\n";
        std::fs::write(golden_path(), text).expect("write golden.json");
        return;
    }
    let text = std::fs::read_to_string(golden_path()).expect("tests/data/golden.json");
    let stored: Value = serde_json::from_str(&text).expect("valid json");
    let mut diffs = Vec::new();
    for (label, ..) in CASES {
        let (a, b) = (&stored[label], &now[label]);
        let keys = a
            .as_object()
            .into_iter()
            .chain(b.as_object())
            .flat_map(|o| o.keys());
        let mut seen = std::collections::BTreeSet::new();
        for k in keys {
            if seen.insert(k.clone()) && a.get(k) != b.get(k) {
                diffs.push(format!(
                    "{label} {k}: stored {:?}, now {:?}",
                    a.get(k),
                    b.get(k)
                ));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} numbers changed (update tests/data/golden.json only in a commit that says why):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
