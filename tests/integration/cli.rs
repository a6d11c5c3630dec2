//! The command line: JSON keys of the contract, CSV outputs and validate.

use crate::common::{model_path, nines, temp_dir};

#[test]
fn simulate_json_has_the_contract_keys() {
    let m = model_path("r4-shared-db.toml").display().to_string();
    let out = nines(&["simulate", &m, "--trials", "2000", "--seed", "42", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
    assert_eq!(v["model"], "R4 shared database");
    assert_eq!(v["trials"], 2000);
    assert_eq!(v["seed"], 42);
    assert_eq!(v["horizon_hours"], 8760.0);
    for k in ["mean", "std_error"] {
        assert!(v["availability"][k].is_f64(), "availability.{k}");
    }
    let ci = v["availability"]["ci95"].as_array().expect("ci95");
    assert!(
        ci[0].as_f64() <= v["availability"]["mean"].as_f64()
            && v["availability"]["mean"].as_f64() <= ci[1].as_f64()
    );
    for k in ["mean", "p50", "p90", "p99"] {
        assert!(v["downtime_hours"][k].is_f64(), "downtime_hours.{k}");
    }
    assert!(v["outages"]["mean"].is_f64());
    for s in ["browse", "checkout"] {
        let svc = &v["services"][s];
        assert!(
            svc["availability"]["mean"].is_f64()
                && svc["availability"]["std_error"].is_f64()
                && svc["availability"]["ci95"].is_array()
        );
        assert!(svc["downtime_hours"]["mean"].is_f64() && svc["outages"]["mean"].is_f64());
    }
    assert!(v["events"].as_u64().expect("events") > 0);
    assert!(v["wall_seconds"].is_f64());
    assert_eq!(v["model_hash"].as_str().map(str::len), Some(16));
    let p50 = v["downtime_hours"]["p50"].as_f64().expect("p50");
    let p99 = v["downtime_hours"]["p99"].as_f64().expect("p99");
    assert!(p50 <= p99);
}

#[test]
fn csv_outputs_carry_reproducibility_columns() {
    let dir = temp_dir("csv");
    let m = model_path("r6-payment-group.toml").display().to_string();
    let summary = dir.join("summary.csv");
    let trials = dir.join("trials.csv");
    let out = nines(&[
        "simulate",
        &m,
        "--trials",
        "300",
        "--seed",
        "5",
        "--quiet",
        "--summary-csv",
        &summary.display().to_string(),
        "--trials-csv",
        &trials.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut r = csv::Reader::from_path(&summary).expect("summary csv");
    let headers = r.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        nines::report::SUMMARY_COLUMNS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 3, "model + two services");
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    assert_eq!(&rows[0][col("scope")], "model");
    assert_eq!(&rows[1][col("name")], "browse");
    for row in &rows {
        assert_eq!(&row[col("seed")], "5");
        assert_eq!(&row[col("trials")], "300");
        assert_eq!(&row[col("model")], "R6 payment providers group");
        assert_eq!(row[col("model_hash")].len(), 16);
        let a: f64 = row[col("availability_mean_fraction")]
            .parse()
            .expect("number");
        assert!((0.99..=1.0).contains(&a));
    }

    let mut r = csv::Reader::from_path(&trials).expect("trials csv");
    let headers = r.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        nines::report::TRIAL_COLUMNS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 300 * 3, "one row per trial and scope");
    let trial_col = headers.iter().position(|h| h == "trial").expect("trial");
    let ids: Vec<u64> = rows
        .iter()
        .step_by(3)
        .map(|r| r[trial_col].parse().expect("id"))
        .collect();
    assert_eq!(ids, (0..300).collect::<Vec<_>>(), "rows in trial order");
    // The per-trial mean equals the summary mean.
    let down_col = headers
        .iter()
        .position(|h| h == "downtime_hours")
        .expect("downtime");
    let mean: f64 = rows
        .iter()
        .step_by(3)
        .map(|r| r[down_col].parse::<f64>().expect("number"))
        .sum::<f64>()
        / 300.0;
    let json = nines(&["simulate", &m, "--trials", "300", "--seed", "5", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let want = v["downtime_hours"]["mean"].as_f64().expect("mean");
    assert!(
        (mean - want).abs() < 1e-9 * (1.0 + want),
        "{mean} vs {want}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn validate_accepts_every_shipped_model() {
    let mut args = vec!["validate".to_string()];
    for e in std::fs::read_dir(crate::common::root().join("models")).expect("models") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            args.push(p.display().to_string());
        }
    }
    assert!(
        args.len() >= 8,
        "R1–R6 and the retail reference model ship in models/"
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = nines(&refs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .matches(": ok (")
            .count(),
        args.len() - 1
    );
}

#[test]
fn the_table_output_names_the_top_downtime_cause() {
    let m = model_path("r2-checkout.toml").display().to_string();
    let out = nines(&["simulate", &m, "--trials", "20000", "--quiet"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let after = text
        .split("started each outage:")
        .nth(1)
        .expect("downtime-by-component section");
    let first = after.lines().find(|l| !l.trim().is_empty()).expect("a row");
    assert!(
        first.trim_start().starts_with("payment"),
        "payment (no redundancy) causes most downtime in R2:\n{text}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    use std::process::{Command, Stdio};
    let m = model_path("r2-checkout.toml").display().to_string();
    for args in [
        vec!["simulate", m.as_str(), "--trials", "2000", "--json"],
        vec!["simulate", m.as_str(), "--trials", "2000"],
        vec!["analyze", m.as_str()],
        vec!["validate", m.as_str(), m.as_str()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nines"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        // Close the reading end before nines writes (like `| head -c 0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("exits");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
