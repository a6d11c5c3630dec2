//! Same seed, same results, whatever the thread count.

use crate::common::{model_path, nines, plan};
use nines::engine::{NoObserver, RunConfig, run};

fn without_wall(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().expect("object").remove("wall_seconds");
    v
}

#[test]
fn json_is_identical_for_one_and_two_threads() {
    let m = model_path("r6-payment-group.toml").display().to_string();
    let runs: Vec<serde_json::Value> = ["1", "2"]
        .iter()
        .map(|t| {
            let out = nines(&[
                "simulate",
                &m,
                "--trials",
                "30000",
                "--seed",
                "99",
                "--threads",
                t,
                "--json",
                "--quiet",
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            without_wall(serde_json::from_slice(&out.stdout).expect("json"))
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0]["wall_seconds"].is_null());
}

#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let p = plan("r4-shared-db.toml");
    let go = |threads| {
        let mut r = run(
            &p,
            &RunConfig {
                trials: 5_000,
                seed: 11,
                threads: Some(threads),
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run");
        r.wall_seconds = 0.0;
        r
    };
    let one = go(1);
    for t in [2, 3, 7] {
        assert_eq!(one, go(t), "threads = {t}");
    }
}

#[test]
fn different_seeds_give_different_samples() {
    let p = plan("r2-checkout.toml");
    let go = |seed| {
        run(
            &p,
            &RunConfig {
                trials: 2_000,
                seed,
                ..Default::default()
            },
            &NoObserver,
        )
        .expect("run")
    };
    assert_ne!(
        go(1).model.downtime_hours.mean,
        go(2).model.downtime_hours.mean
    );
}

#[test]
fn a_partial_last_batch_is_counted_exactly() {
    let p = plan("r1-single.toml");
    let r = run(
        &p,
        &RunConfig {
            trials: 1_000,
            seed: 4,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run");
    assert_eq!(r.trials, 1_000);
    assert_eq!(r.model.downtime_sketch.len(), 1_000);
}
