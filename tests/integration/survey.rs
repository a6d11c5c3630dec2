//! `nines survey`: the built-in seed survey, respondent files with bootstrap intervals, AHP,
//! the documented JSON keys, and bad files (exit 2, file:line:column messages, no panic).

use crate::common::{nines, root, temp_dir, write};

fn json(args: &[&str]) -> serde_json::Value {
    let out = nines(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

#[test]
fn the_seed_survey_is_the_default() {
    let out = nines(&["survey"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not effect sizes"), "{text}");
    assert!(
        text.contains("Redundancy & Failover            40.0    0.400"),
        "{text}"
    );
    let v = json(&["survey", "--json"]);
    assert_eq!(v["form"], "aggregated");
    assert!(v["respondents"].is_null() && v["ahp"].is_null());
    let s = &v["tables"]["strategies"]["items"];
    assert_eq!(s[0]["item"], "Redundancy & Failover");
    assert_eq!(s[0]["weight"], 0.4);
    assert!(s[0]["ci95"].is_null());
    assert_eq!(v["tables"]["challenges"]["items"][4]["weight"], 0.03);
}

#[test]
fn the_shipped_copy_is_the_shared_seed() {
    let shared = root().join("../shared/seed-survey.csv");
    if let Ok(text) = std::fs::read_to_string(shared) {
        assert_eq!(text, nines::survey::SEED_SURVEY_CSV);
    }
    let shipped = std::fs::read_to_string(root().join("data/seed-survey.csv")).expect("data/");
    assert_eq!(shipped, nines::survey::SEED_SURVEY_CSV);
}

#[test]
fn respondents_and_ahp() {
    let dir = temp_dir("survey-ok");
    // Weights by hand: r1 4,2,0 → 2/3, 1/3, 0; r2 3,3,1 → 3/7, 3/7, 1/7; mean 23/42, 16/42, 3/42.
    let csv = write(
        &dir,
        "r.csv",
        "respondent,Redundancy & Failover,Load Balancing,Real-Time Monitoring\nr1,5,3,1\nr2,4,4,2\n",
    );
    // Consistent ratios of (0.5, 0.3, 0.2): AHP weights 0.5, 0.3, 0.2 and CR 0.
    let ahp = write(
        &dir,
        "ahp.csv",
        "item_a,item_b,ratio\nRedundancy & Failover,Load Balancing,5/3\nRedundancy & Failover,Real-Time Monitoring,2.5\nLoad Balancing,Real-Time Monitoring,1.5\n",
    );
    let v = json(&["survey", &csv, "--ahp", &ahp, "--json"]);
    assert_eq!(v["form"], "respondents");
    assert_eq!(v["scale"], "likert-1-5");
    assert_eq!(v["respondents"], 2);
    let items = &v["tables"]["strategies"]["items"];
    let w = items[0]["weight"].as_f64().expect("weight");
    assert!((w - 23.0 / 42.0).abs() < 1e-12, "{w}");
    assert_eq!(items[0]["ci95"].as_array().map(Vec::len), Some(2));
    let a = v["ahp"]["weights"]["strategies"]["Load Balancing"]
        .as_f64()
        .expect("ahp weight");
    assert!((a - 0.3).abs() < 1e-9, "{a}");
    let cr = v["ahp"]["consistency_ratio"]["strategies"]
        .as_f64()
        .expect("cr");
    assert!(cr.abs() < 1e-9);
    assert_eq!(v["ahp"]["consistent"]["strategies"], true);
    // The same file gives the same intervals (a fixed bootstrap seed).
    assert_eq!(v, json(&["survey", &csv, "--ahp", &ahp, "--json"]));
    let text = String::from_utf8_lossy(&nines(&["survey", &csv, "--ahp", &ahp]).stdout).to_string();
    assert!(
        text.contains("95% interval") && text.contains("CR 0.000 (consistent"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_files_exit_2_with_positions() {
    let dir = temp_dir("survey-bad");
    let bad = write(&dir, "bad.csv", "Load Balancing,Security Measures\n80,x\n");
    let out = nines(&["survey", &bad]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{bad}:2:4: Security Measures: must be a score")),
        "{err}"
    );
    assert!(out.stdout.is_empty() && !err.contains("panicked"));

    let ahp = write(
        &dir,
        "ahp.csv",
        "item_a,item_b,ratio\nLoad Balancing,Security Measures,10\n",
    );
    let out = nines(&["survey", "--ahp", &ahp]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{ahp}:2:34: ratio: must be a ratio from 1/9 to 9")),
        "{err}"
    );

    let out = nines(&["survey", &dir.join("missing.csv").display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let binary = write(&dir, "binary.csv", [0xff, 0xfe, 0x00]);
    let out = nines(&["survey", &binary]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}
