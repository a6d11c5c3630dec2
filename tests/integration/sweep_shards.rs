//! Sharded sweeps: 4 shards as separate processes merged give the unsharded sweep's CSV byte
//! for byte (and its JSON, every key but each point's wall_seconds); parts that do not belong
//! together, missing or repeated shards and damaged parts are refused with exit 2 and no file.

use crate::common::{model_path, nines, temp_dir};
use std::path::{Path, PathBuf};

const GRID: [&str; 4] = [
    "--param",
    "component.web.replicas=3..5",
    "--param",
    "component.payment.repair.mean_hours=0.5,1",
];

fn sweep(extra: &[&str]) -> std::process::Output {
    let m = model_path("r2-checkout.toml").display().to_string();
    let mut args = vec!["sweep", m.as_str()];
    args.extend_from_slice(&GRID);
    args.extend_from_slice(&["--trials", "2000", "--seed", "5", "--services", "--quiet"]);
    args.extend_from_slice(extra);
    nines(&args)
}

fn shards(dir: &Path, n: usize, extra: &[&str]) -> Vec<String> {
    (0..n)
        .map(|i| {
            let part = dir.join(format!("part-{i}.json")).display().to_string();
            let shard = format!("{i}/{n}");
            let mut args = vec!["--shard", shard.as_str(), "--partial-out", part.as_str()];
            args.extend_from_slice(extra);
            let o = sweep(&args);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            part
        })
        .collect()
}

fn merge(parts: &[String], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend_from_slice(extra);
    nines(&args)
}

fn without_wall(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    for p in v["points"].as_array_mut().expect("points") {
        p.as_object_mut().expect("point").remove("wall_seconds");
    }
    v
}

#[test]
fn four_shard_processes_merge_to_the_unsharded_sweep_byte_for_byte() {
    let dir = temp_dir("sweep-shards");
    let whole: PathBuf = dir.join("whole.csv");
    let o = sweep(&["--out", &whole.display().to_string(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole_json = without_wall(&o.stdout);
    let mut parts = shards(&dir, 4, &["--json"]);
    parts.reverse();
    let merged = dir.join("merged.csv");
    let m = merge(&parts, &["--out", &merged.display().to_string(), "--json"]);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    let (a, b) = (
        std::fs::read(&whole).expect("whole"),
        std::fs::read(&merged).expect("merged"),
    );
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the merged CSV differs from the unsharded one");
    // 6 points × (the model + its one service) rows, plus the header.
    assert_eq!(a.iter().filter(|&&c| c == b'\n').count(), 1 + 6 * 2);
    let mut merged_json = without_wall(&m.stdout);
    merged_json["out"] = whole_json["out"].clone();
    assert_eq!(merged_json, whole_json);
    // Without --json the merge prints the sweep's own line.
    let plain = merge(&parts, &["--out", &merged.display().to_string()]);
    assert!(plain.status.success());
    assert!(String::from_utf8_lossy(&plain.stdout).starts_with("6 points × 2000 trials (seed 5)"));
    // More shards than points: empty shards are legal and merge the same.
    let many = temp_dir("sweep-shards-many");
    let parts = shards(&many, 8, &[]);
    let out = many.join("m.csv");
    let m = merge(&parts, &["--out", &out.display().to_string()]);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    assert!(std::fs::read(&out).expect("m") == a);
}

fn refused(parts: &[String], out: &Path, says: &str) {
    let o = merge(parts, &["--out", &out.display().to_string()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(says), "expected `{says}` in: {err}");
    assert!(!out.exists(), "a refused merge wrote {}", out.display());
}

#[test]
fn parts_that_do_not_fit_are_refused_naming_the_part() {
    let dir = temp_dir("sweep-shards-bad");
    let parts = shards(&dir, 3, &[]);
    let out = dir.join("merged.csv");
    refused(&parts[..2], &out, "shard 2/3 (points [4, 6)) is missing");
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            parts[1].clone(),
            parts[2].clone(),
        ],
        &out,
        "again",
    );
    // A part of another seed.
    let other = dir.join("seed.json").display().to_string();
    let m = model_path("r2-checkout.toml").display().to_string();
    let mut args = vec!["sweep", m.as_str()];
    args.extend_from_slice(&GRID);
    args.extend_from_slice(&[
        "--trials",
        "2000",
        "--seed",
        "6",
        "--services",
        "--quiet",
        "--shard",
        "2/3",
        "--partial-out",
        &other,
    ]);
    assert!(nines(&args).status.success());
    refused(
        &[parts[0].clone(), parts[1].clone(), other.clone()],
        &out,
        "seed.json: cannot merge: from another sweep: seed 6 (the first part has 5)",
    );
    // Damaged: truncated, and a row removed by hand.
    let text = std::fs::read_to_string(&parts[2]).expect("part");
    let cut = dir.join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).expect("write");
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            cut.display().to_string(),
        ],
        &out,
        "cut.json: not a usable nines sweep part",
    );
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["rows"].as_array_mut().expect("rows").pop();
    let edited = dir.join("edited.json");
    std::fs::write(&edited, v.to_string()).expect("write");
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            edited.display().to_string(),
        ],
        &out,
        "not whole",
    );
    v["settings"]["points"] = serde_json::json!(u64::MAX);
    std::fs::write(&edited, v.to_string()).expect("write");
    refused(
        &[
            parts[0].clone(),
            parts[1].clone(),
            edited.display().to_string(),
        ],
        &out,
        "edited.json: cannot merge",
    );
    // A run's part beside sweep parts, no --out, and --json without JSON points.
    let run_part = dir.join("run.json").display().to_string();
    let o = nines(&[
        "simulate",
        &m,
        "--trials",
        "512",
        "--quiet",
        "--shard",
        "0/1",
        "--partial-out",
        &run_part,
    ]);
    assert!(o.status.success());
    refused(
        &[parts[0].clone(), run_part],
        &out,
        "a run's partial result",
    );
    let o = merge(&parts, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give --out FILE.csv"));
    let o = merge(&parts, &["--out", &out.display().to_string(), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("run the shards with --json"));
    assert!(!out.exists());
}
