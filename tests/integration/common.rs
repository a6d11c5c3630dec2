//! Shared helpers: paths, the binary, temporary folders and plans.

use nines::engine::Plan;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped model under models/.
pub fn model_path(name: &str) -> PathBuf {
    root().join("models").join(name)
}

/// Load a shipped model.
pub fn plan(name: &str) -> Plan {
    let p = model_path(name);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    nines::load::plan_from_str(&text, &p.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// Run the `nines` binary.
pub fn nines(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nines"))
        .args(args)
        .output()
        .expect("the nines binary runs")
}

/// A fresh empty folder for one test.
pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("nines-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Write `text` to `dir/name` and return the path as a string.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p.display().to_string()
}

/// The exact values of ../shared/reference-models/expected.json (vendored in tests/data).
pub fn expected() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("tests/data/expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("valid json")
}
