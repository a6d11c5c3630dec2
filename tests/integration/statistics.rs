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
