//! Bad input: every class of mistake exits 2 with a message naming the problem, never a panic.

use crate::common::{nines, temp_dir, write};

const HEAD: &str = "[model]\nname = \"t\"\n";
const OK_COMPONENT: &str = "[[component]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n";

/// Validate `text` as a model file and check exit 2, no panic, and that stderr names the
/// file, a line and every expected fragment.
fn rejects(tag: &str, text: impl AsRef<[u8]>, fragments: &[&str]) -> String {
    let dir = temp_dir(tag);
    let path = write(&dir, "model.toml", text);
    for cmd in ["validate", "simulate", "analyze"] {
        let out = nines(&[cmd, &path]);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{tag} ({cmd}): exit code; stderr:\n{err}"
        );
        assert!(!err.contains("panicked"), "{tag}: panic:\n{err}");
        assert!(
            out.stdout.is_empty() || cmd == "validate",
            "{tag} ({cmd}): printed results for a bad model"
        );
        assert!(
            err.contains(&path),
            "{tag}: the message must name the file:\n{err}"
        );
        for f in fragments {
            assert!(err.contains(f), "{tag}: expected `{f}` in:\n{err}");
        }
    }
    let last = String::from_utf8_lossy(&nines(&["validate", &path]).stderr).to_string();
    let _ = std::fs::remove_dir_all(dir);
    last
}

#[test]
fn toml_syntax_error() {
    rejects(
        "syntax",
        format!("{HEAD}[[component]\nname = \"a\""),
        &["model.toml:3:", "TOML syntax error"],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace("name = \"a\"\n", "name = \"a\"\nreplicsa = 2\n")
    );
    rejects(
        "unknown-key",
        text,
        &["model.toml:5:1", "replicsa", "did you mean `replicas`"],
    );
}

#[test]
fn unknown_distribution() {
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace(
            "\"exponential\", mean_hours = 100",
            "\"weibul\", shape = 1, scale_hours = 100"
        )
    );
    rejects(
        "unknown-dist",
        text,
        &[
            "unknown distribution `weibul`",
            "did you mean `weibull`",
            "allowed: exponential, weibull, lognormal, gamma, fixed",
        ],
    );
}

#[test]
fn non_positive_nan_and_infinite_parameters() {
    for (tag, v) in [
        ("zero", "0"),
        ("negative", "-5"),
        ("nan", "nan"),
        ("inf", "inf"),
    ] {
        let text = format!(
            "{HEAD}{}",
            OK_COMPONENT.replace("mean_hours = 100", &format!("mean_hours = {v}"))
        );
        rejects(
            &format!("param-{tag}"),
            text,
            &["failure.mean_hours", "must be a finite number > 0"],
        );
    }
    let text = format!("{HEAD}[model]\n");
    rejects("dup-table", text, &["TOML syntax error"]);
    let text = format!("[model]\nname = \"t\"\nhorizon_hours = -1\n{OK_COMPONENT}");
    rejects(
        "horizon",
        text,
        &["model.horizon_hours", "must be a number > 0"],
    );
}

#[test]
fn min_up_above_replicas_and_zero_replicas() {
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace("name = \"a\"\n", "name = \"a\"\nreplicas = 2\nmin_up = 3\n")
    );
    rejects(
        "min-up",
        text,
        &["min_up", "must be from 1 to replicas (2), found 3"],
    );
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace("name = \"a\"\n", "name = \"a\"\nreplicas = 0\n")
    );
    rejects(
        "zero-replicas",
        text,
        &["replicas", "must be an integer from 1 to 100000, found 0"],
    );
}

#[test]
fn duplicate_names() {
    let text = format!("{HEAD}{OK_COMPONENT}{OK_COMPONENT}");
    rejects("duplicate", text, &["model.toml:8:1", "duplicate name `a`"]);
}

#[test]
fn unknown_reference() {
    let text = format!(
        "{HEAD}{}[[service]]\nname = \"s\"\nrequires = [\"aa\"]\n",
        OK_COMPONENT
    );
    rejects(
        "unknown-ref",
        text,
        &["unknown component or group `aa`", "did you mean `a`"],
    );
}

#[test]
fn cycle_is_printed_as_a_path() {
    let b = OK_COMPONENT.replace("name = \"a\"\n", "name = \"b\"\ndepends_on = [\"a\"]\n");
    let a = OK_COMPONENT.replace("name = \"a\"\n", "name = \"a\"\ndepends_on = [\"b\"]\n");
    rejects(
        "cycle",
        format!("{HEAD}{a}{b}"),
        &["dependency cycle: a -> b -> a"],
    );
}

#[test]
fn no_components() {
    rejects("empty", HEAD, &["no components"]);
    rejects("no-model", OK_COMPONENT, &["[model] table is required"]);
}

#[test]
fn random_bytes() {
    let mut bytes = Vec::new();
    let mut x: u64 = 0x2545F4914F6CDD1D;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push((x >> 24) as u8);
    }
    let dir = temp_dir("random");
    let path = write(&dir, "model.toml", &bytes);
    let out = nines(&["validate", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && err.contains(&path), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn integers_too_large() {
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace(
            "name = \"a\"\n",
            "name = \"a\"\nreplicas = 99999999999999999999999\n"
        )
    );
    rejects("int-overflow", text, &["TOML syntax error"]);
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace("name = \"a\"\n", "name = \"a\"\nreplicas = 5000000000\n")
    );
    rejects(
        "int-large",
        text,
        &[
            "replicas",
            "must be an integer from 1 to 100000, found 5000000000",
        ],
    );
}

#[test]
fn three_mistakes_give_three_messages() {
    let text = format!(
        "{HEAD}{}[[service]]\nname = \"s\"\nrequires = [\"nope\"]\n",
        OK_COMPONENT.replace(
            "name = \"a\"\n",
            "name = \"a\"\nreplicas = 2\nmin_up = 5\ncolour = \"red\"\n"
        )
    );
    let err = rejects("three", text, &["3 errors"]);
    assert!(
        err.contains("colour") && err.contains("min_up") && err.contains("`nope`"),
        "{err}"
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("model.toml:") && !l.ends_with("errors"))
            .count(),
        3,
        "{err}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let m = crate::common::model_path("r1-single.toml")
        .display()
        .to_string();
    for args in [
        vec!["simulate", &m, "--trials", "0"],
        vec!["simulate", &m, "--trials", "many"],
        vec!["simulate", &m, "--threads", "0"],
        vec!["simulate", &m, "--seed", "-1"],
        vec!["simulate", &m, "--horizon-hours", "nan"],
        vec!["simulate", &m, "--horizon-hours", "-3"],
        vec!["simulate", "/no/such/model.toml"],
        vec!["simulate"],
        vec!["frobnicate"],
        vec!["validate", "/"],
    ] {
        let out = nines(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.trim().is_empty(),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn unwritable_output_leaves_no_file() {
    let m = crate::common::model_path("r1-single.toml")
        .display()
        .to_string();
    let dir = temp_dir("unwritable");
    let bad = dir.join("missing-folder/out.csv").display().to_string();
    let out = nines(&["simulate", &m, "--trials", "100", "--summary-csv", &bad]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-folder/out.csv"));
    // A bad model with valid output paths writes nothing at all.
    let model = write(&dir, "bad.toml", "[model]\nname = \"x\"\n");
    let csv = dir.join("s.csv").display().to_string();
    let trials = dir.join("t.csv").display().to_string();
    let out = nines(&[
        "simulate",
        &model,
        "--summary-csv",
        &csv,
        "--trials-csv",
        &trials,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("bad.toml")],
        "only the model may remain"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn durations_too_small_or_too_many_events() {
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace("mean_hours = 100", "mean_hours = 1e-310")
    );
    rejects("tiny-mean", text, &["failure.dist", "too small"]);
    let text = format!(
        "{HEAD}{}",
        OK_COMPONENT.replace(
            "{ dist = \"exponential\", mean_hours = 100 }",
            "{ dist = \"fixed\", hours = 1e-300 }"
        )
    );
    rejects("tiny-fixed", text, &["too small"]);
    let text = format!(
        "[model]\nname = \"t\"\nhorizon_hours = 8000000\n{}",
        OK_COMPONENT
            .replace("mean_hours = 100", "mean_hours = 0.01")
            .replace("name = \"a\"\n", "name = \"a\"\nreplicas = 1000\n")
    );
    rejects(
        "events",
        text,
        &["model.horizon_hours", "failures and repairs"],
    );
    // The same limit holds for a horizon given on the command line.
    let dir = temp_dir("events-cli");
    let busy = OK_COMPONENT
        .replace("mean_hours = 100", "mean_hours = 0.01")
        .replace("name = \"a\"\n", "name = \"a\"\nreplicas = 1000\n");
    let m = write(
        &dir,
        "busy.toml",
        format!("[model]\nname = \"t\"\nhorizon_hours = 8000\n{busy}"),
    );
    assert_eq!(nines(&["validate", &m]).status.code(), Some(0));
    let out = nines(&["simulate", &m, "--horizon-hours", "80000", "--trials", "1"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("failures and repairs"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
