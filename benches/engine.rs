//! Engine throughput on R2 and R3 in events per second, one thread and two, side by side with
//! the hand-written limit kernel (../shared/bench/limit-kernel) measured in the same run.
//!
//! `cargo bench --bench engine` (set NINES_BENCH_TRIALS to change the trial count).

use nines::engine::{NoObserver, RunConfig, run};
use std::path::Path;
use std::process::Command;

fn engine_events_per_second(model: &str, trials: u64, threads: usize) -> (f64, f64) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(model);
    let text = std::fs::read_to_string(&path).expect("model file");
    let plan = nines::load::plan_from_str(&text, model).expect("valid model");
    let cfg = RunConfig {
        trials,
        seed: 1,
        threads: Some(threads),
        ..Default::default()
    };
    // Warm up once, then keep the best of three runs.
    run(
        &plan,
        &RunConfig {
            trials: trials / 10 + 1,
            ..cfg.clone()
        },
        &NoObserver,
    )
    .expect("run");
    let mut best: f64 = 0.0;
    let mut availability = 0.0;
    for _ in 0..3 {
        let r = run(&plan, &cfg, &NoObserver).expect("run");
        best = best.max(r.events as f64 / r.wall_seconds);
        availability = r.model.availability.mean;
    }
    (best, availability)
}

/// Events/s on the retail reference model with and without the peak-season scenario.
fn scenario_overhead(trials: u64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join("models/retail-reference.toml")).expect("model");
    let plan = nines::load::plan_from_str(&text, "retail-reference.toml").expect("valid");
    let sc = std::fs::read_to_string(dir.join("scenarios/peak-season.toml")).expect("scenario");
    let with = plan
        .clone()
        .with_scenario(nines::scenario::parse_scenario(&sc, "peak-season.toml").expect("valid"));
    let cfg = RunConfig {
        trials,
        seed: 1,
        threads: Some(1),
        ..Default::default()
    };
    let best = |p: &nines::engine::Plan| {
        (0..3)
            .map(|_| run(p, &cfg, &NoObserver).expect("run"))
            .map(|r| r.events as f64 / r.wall_seconds)
            .fold(0.0, f64::max)
    };
    let (a, b) = (best(&plan), best(&with));
    println!(
        "retail-reference.toml 1 thread: {a:.3e} events/s without a scenario, {b:.3e} with peak-season ({:.2}x slower)",
        a / b
    );
}

fn kernel_events_per_second(model: &str, trials: u64, threads: usize) -> Option<f64> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/limit-kernel/run.sh");
    if !script.exists() {
        return None;
    }
    let mut best: f64 = 0.0;
    for _ in 0..3 {
        let out = Command::new("bash")
            .arg(&script)
            .arg(model)
            .arg(trials.to_string())
            .env("RAYON_NUM_THREADS", threads.to_string())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let v = text
            .split_whitespace()
            .find_map(|w| w.strip_prefix("events_per_s="))?
            .parse::<f64>()
            .ok()?;
        best = best.max(v);
    }
    Some(best)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for a list of benchmarks
    }
    let trials: u64 = std::env::var("NINES_BENCH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_000);
    println!(
        "{:<22} {:>7} {:>16} {:>16} {:>12}",
        "model", "threads", "nines events/s", "kernel events/s", "nines/kernel"
    );
    for (file, kernel_model, n) in [
        ("r2-checkout.toml", "m2", trials),
        ("r3-twenty-tiers.toml", "m3", trials / 4),
    ] {
        let mut one = 0.0;
        for threads in [1, 2] {
            let (eps, a) = engine_events_per_second(file, n, threads);
            let k = kernel_events_per_second(kernel_model, n, threads);
            let ratio = k
                .map(|k| format!("{:.2}", eps / k))
                .unwrap_or_else(|| "-".into());
            let ks = k
                .map(|k| format!("{k:.3e}"))
                .unwrap_or_else(|| "(not found)".into());
            println!(
                "{file:<22} {threads:>7} {eps:>16.3e} {ks:>16} {ratio:>12}   (A = {a:.8}, {n} trials)"
            );
            if threads == 1 {
                one = eps;
            } else {
                println!(
                    "{:<22} {:>7} scaling 2 threads / 1 thread = {:.2}",
                    "",
                    "",
                    eps / one
                );
            }
        }
    }
    scenario_overhead(trials / 4);
}
