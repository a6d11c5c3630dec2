//! Fuzz the model loader: arbitrary bytes through `plan_from_bytes`, then, for plans that load, the exact analysis and a tiny simulation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nines::engine::{NoObserver, RunConfig};

fuzz_target!(|data: &[u8]| {
    match nines::load::plan_from_bytes(data, "fuzz.toml") {
        Ok(plan) => {
            if plan.replica_count() <= 64 {
                let _ = nines::analysis::analyze(&plan);
                let cfg = RunConfig { trials: 2, seed: 1, threads: Some(1), horizon_hours: Some(100.0), record_trials: false, ..RunConfig::default() };
                let _ = nines::engine::run(&plan, &cfg, &NoObserver);
            }
        }
        Err(e) => {
            // The Display of a model error must not panic either.
            let _ = e.to_string();
        }
    }
});
