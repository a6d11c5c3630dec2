//! Sharded runs: 4 shards as separate processes merged equal the unsharded run (every JSON key
//! but wall_seconds), with and without a scenario; parts that do not fit are refused; targets
//! stop at the same trial count with 1 and 2 threads.

use crate::common::{model_path, nines, root, temp_dir};

fn json_without_wall(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    v.as_object_mut().expect("object").remove("wall_seconds");
    v
}

fn shards(tag: &str, extra: &[&str]) -> (std::path::PathBuf, Vec<String>) {
    let dir = temp_dir(tag);
    let model = model_path("r2-checkout.toml").display().to_string();
    let mut parts = Vec::new();
    for i in 0..4 {
        let part = dir.join(format!("part-{i}.json")).display().to_string();
        let shard = format!("{i}/4");
        let mut args = vec![
            "simulate", &model, "--trials", "3000", "--seed", "11", "--quiet",
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--shard", &shard, "--partial-out", &part]);
        let o = nines(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        parts.push(part);
    }
    (dir, parts)
}

fn check_merge_equals_whole(tag: &str, extra: &[&str]) {
    let (_dir, mut parts) = shards(tag, extra);
    parts.reverse();
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.push("--json");
    let merged = nines(&args);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let model = model_path("r2-checkout.toml").display().to_string();
    let mut args = vec![
        "simulate", &model, "--trials", "3000", "--seed", "11", "--quiet", "--json",
    ];
    args.extend_from_slice(extra);
    let whole = nines(&args);
    assert!(whole.status.success());
    assert_eq!(
        json_without_wall(&merged.stdout),
        json_without_wall(&whole.stdout)
    );
}

#[test]
fn four_shard_processes_merge_to_the_unsharded_run() {
    check_merge_equals_whole("shards-plain", &[]);
}

#[test]
fn four_shard_processes_merge_to_the_unsharded_run_with_a_scenario() {
    let sc = root()
        .join("scenarios/peak-season.toml")
        .display()
        .to_string();
    check_merge_equals_whole("shards-scenario", &["--scenario", &sc]);
}

#[test]
fn parts_that_do_not_fit_are_refused_naming_the_part() {
    let (dir, parts) = shards("shards-refuse", &[]);
    let refuse = |args: &[&str], needle: &str| {
        let o = nines(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(needle), "{e}");
    };
    refuse(&["merge", &parts[0], &parts[1], &parts[3]], "missing");
    refuse(
        &[
            "merge", &parts[0], &parts[1], &parts[1], &parts[2], &parts[3],
        ],
        "twice",
    );
    // Another seed.
    let model = model_path("r2-checkout.toml").display().to_string();
    let other = dir.join("other.json").display().to_string();
    let o = nines(&[
        "simulate",
        &model,
        "--trials",
        "3000",
        "--seed",
        "12",
        "--quiet",
        "--shard",
        "3/4",
        "--partial-out",
        &other,
    ]);
    assert!(o.status.success());
    refuse(
        &["merge", &parts[0], &parts[1], &parts[2], &other],
        "other.json",
    );
    // Truncated, edited counts, edited model text: each in place of the third part.
    let refuse_third = |p: &std::path::Path, name: &str| {
        refuse(
            &[
                "merge",
                &parts[0],
                &parts[1],
                p.to_str().expect("path"),
                &parts[3],
            ],
            name,
        )
    };
    let text = std::fs::read_to_string(&parts[2]).expect("part");
    let cut = dir.join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).expect("write");
    refuse_third(&cut, "cut.json");
    let edited = dir.join("edited.json");
    std::fs::write(
        &edited,
        text.replacen("\"acc\":{\"trials\":", "\"acc\":{\"trials\":1", 1),
    )
    .expect("write");
    refuse_third(&edited, "edited.json");
    let hostile = dir.join("hostile.json");
    std::fs::write(
        &hostile,
        text.replacen("\"zeros\":", "\"zeros\":18446744073709551615,\"x\":", 1),
    )
    .expect("write");
    refuse_third(&hostile, "hostile.json");
}

#[test]
fn a_target_stops_at_the_same_trials_with_one_and_two_threads() {
    let model = model_path("r2-checkout.toml").display().to_string();
    let run = |threads: &str| {
        let o = nines(&[
            "simulate",
            &model,
            "--target-rel-ci",
            "0.05",
            "--seed",
            "3",
            "--threads",
            threads,
            "--quiet",
            "--json",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        json_without_wall(&o.stdout)
    };
    let (a, b) = (run("1"), run("2"));
    assert_eq!(a, b);
    assert_eq!(a["target"]["reached"], true);
    assert_eq!(a["target"]["trials"], a["trials"]);
    assert_eq!(a["trials"].as_u64().expect("trials") % 256, 0);
}
