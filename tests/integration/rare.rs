//! Rare-event acceleration (`--method biasing|auto`): unbiased against the exact steady state,
//! honest interval coverage against the exact mission value, identical with 1 and 2 threads,
//! shards merged exactly, targets on the weighted estimate, money weighted, and plain with a
//! note wherever failure biasing does not apply.

use crate::common::{model_path, nines, root, temp_dir, write};
use nines::engine::{Method, NoObserver, Plan, RunConfig, RunResults, run};

/// Standard errors an unbiased estimate may stray from the exact value (4: about 6e-5 of
/// seeds fail by chance).
const UNBIASED_SE: f64 = 4.0;

fn data(name: &str) -> String {
    root().join("tests/data").join(name).display().to_string()
}

fn plan_of(path: &str) -> Plan {
    let text = std::fs::read_to_string(path).expect("model");
    nines::load::plan_from_str(&text, path).expect("valid model")
}

fn plan_text(text: &str) -> Plan {
    nines::load::plan_from_str(text, "test.toml").expect("valid model")
}

fn run_with(plan: &Plan, trials: u64, seed: u64, method: Method, threads: usize) -> RunResults {
    let cfg = RunConfig {
        trials,
        seed,
        threads: Some(threads),
        method,
        ..RunConfig::default()
    };
    run(plan, &cfg, &NoObserver).expect("run")
}

fn unavailability(r: &RunResults) -> (f64, f64, [f64; 2]) {
    let a = &r.model.availability;
    (
        1.0 - a.mean,
        a.std_error,
        [1.0 - a.ci95[1], 1.0 - a.ci95[0]],
    )
}

#[test]
fn biasing_is_unbiased_on_the_seven_nines_lognormal_model() {
    let plan = plan_of(&data("seven-nines-lognormal.toml"));
    let exact = 1.0
        - nines::analysis::analyze(&plan)
            .expect("analyze")
            .steady_state
            .availability;
    assert!(exact > 1e-8 && exact < 1e-7, "seven nines: {exact:e}");
    let (mut sum, mut var) = (0.0, 0.0);
    let seeds = [1u64, 2, 3, 4];
    for seed in seeds {
        let r = run_with(&plan, 3000, seed, Method::Biasing, 1);
        assert_eq!(r.method, Method::Biasing);
        assert_eq!(r.method_note, None);
        let (u, se, _) = unavailability(&r);
        assert!(
            (u - exact).abs() <= UNBIASED_SE * se,
            "seed {seed}: {u:e} ± {se:e} against the steady state {exact:e}"
        );
        // It is the accelerated estimate, not a lucky plain one: 3,000 plain trials would
        // see about one trial with downtime; here the relative error is a few per cent.
        assert!(se / u < 0.08, "seed {seed}: relative error {}", se / u);
        assert!(r.model.effective_trials.expect("weighted") > 100.0);
        sum += u;
        var += se * se;
    }
    let n = seeds.len() as f64;
    let (mean, se) = (sum / n, var.sqrt() / n);
    assert!(
        (mean - exact).abs() <= UNBIASED_SE * se,
        "pooled {mean:e} ± {se:e} against {exact:e}"
    );
}

#[test]
fn biasing_intervals_cover_the_steady_state_with_lognormal_repairs() {
    // Heavy-tailed repairs are where a failure bias tied to the mean repair went wrong: long
    // repairs carried large weights seldom sampled, so most seeds were low and their
    // intervals too narrow (6 of 40 seeds covered at 20,000 trials). Binomial(40, 0.95) is at
    // most 33 with probability about 0.3 %.
    let plan = plan_of(&data("seven-nines-lognormal.toml"));
    let exact = 1.0
        - nines::analysis::analyze(&plan)
            .expect("analyze")
            .steady_state
            .availability;
    let mut covered = 0;
    for seed in 101..=140 {
        let r = run_with(&plan, 3000, seed, Method::Biasing, 1);
        let (_, _, ci) = unavailability(&r);
        covered += u32::from(ci[0] <= exact && exact <= ci[1]);
    }
    assert!(covered >= 34, "covered in {covered} of 40 seeds");
}

/// The 1-of-4 tier of issue 10: 200 h to failure, 2 h repair, 2,000 h horizon.
fn one_of_four() -> (Plan, f64) {
    let plan = plan_of(&data("one-of-four.toml"));
    let a = nines::analysis::analyze(&plan).expect("analyze");
    let exact = 1.0 - a.mission.expect("all exponential").availability;
    assert!((exact - 9.6e-9).abs() < 0.1e-9, "issue's value: {exact:e}");
    (plan, exact)
}

fn coverage(seeds: u64, trials: u64) -> u64 {
    let (plan, exact) = one_of_four();
    let mut covered = 0;
    for seed in 1..=seeds {
        let r = run_with(&plan, trials, seed, Method::Biasing, 1);
        assert_eq!(r.method, Method::Biasing);
        let (u, se, ci) = unavailability(&r);
        // A real interval in every seed (heavy-weighted seeds reach about ±55 %).
        assert!(se > 0.0 && se / u < 1.0, "seed {seed}: {u:e} ± {se:e}");
        covered += u64::from(ci[0] <= exact && exact <= ci[1]);
    }
    covered
}

#[test]
fn biasing_intervals_cover_the_exact_value_in_95_percent_of_seeds() {
    // Plain Monte Carlo with 20,000 trials covers in about 49 of 100 seeds (issue 10). Here
    // 91 of 100 (measured): close to the bound, see BENCHMARKS.md ("Rare events").
    let covered = coverage(100, 1000);
    assert!(covered >= 90, "covered in {covered} of 100 seeds");
}

#[test]
fn the_same_seed_gives_the_same_weighted_results_with_1_and_2_threads() {
    let plan = plan_of(&data("seven-nines-lognormal.toml"));
    let mut a = run_with(&plan, 1500, 9, Method::Biasing, 1);
    let mut b = run_with(&plan, 1500, 9, Method::Biasing, 2);
    a.wall_seconds = 0.0;
    b.wall_seconds = 0.0;
    assert_eq!(a.method, Method::Biasing);
    assert_eq!(a, b);
    assert_eq!(
        a.model.availability.mean.to_bits(),
        b.model.availability.mean.to_bits()
    );
}

fn json_without_wall(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    v.as_object_mut().expect("object").remove("wall_seconds");
    v
}

#[test]
fn biased_shards_merge_to_the_unsharded_run_and_methods_do_not_mix() {
    let dir = temp_dir("rare-shards");
    let model = data("seven-nines-lognormal.toml");
    let part = |i: u32, method: &str| {
        let p = dir
            .join(format!("part-{i}-{method}.json"))
            .display()
            .to_string();
        let shard = format!("{i}/3");
        let o = nines(&[
            "simulate",
            &model,
            "--trials",
            "1300",
            "--seed",
            "5",
            "--quiet",
            "--method",
            method,
            "--shard",
            &shard,
            "--partial-out",
            &p,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        p
    };
    let parts: Vec<String> = (0..3).map(|i| part(i, "biasing")).collect();
    let merged = nines(&["merge", &parts[2], &parts[0], &parts[1], "--json"]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let whole = nines(&[
        "simulate", &model, "--trials", "1300", "--seed", "5", "--quiet", "--json", "--method",
        "biasing",
    ]);
    assert!(whole.status.success());
    let (m, w) = (
        json_without_wall(&merged.stdout),
        json_without_wall(&whole.stdout),
    );
    assert_eq!(w["method"], "biasing");
    assert!(w["effective_trials"].as_f64().expect("weighted") > 10.0);
    assert_eq!(m, w);
    let plain = part(1, "plain");
    let o = nines(&["merge", &parts[0], &plain, &parts[2]]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("method plain") && e.contains("method biasing"),
        "{e}"
    );
}

#[test]
fn a_target_stops_on_the_weighted_estimate_at_the_same_trials_with_any_threads() {
    let plan = plan_of(&data("seven-nines-lognormal.toml"));
    let go = |threads| {
        let cfg = RunConfig {
            trials: 200_000,
            seed: 3,
            threads: Some(threads),
            method: Method::Biasing,
            target: Some(nines::engine::Target {
                kind: nines::engine::TargetKind::RelCi95,
                value: 0.2,
            }),
            ..RunConfig::default()
        };
        run(&plan, &cfg, &NoObserver).expect("run")
    };
    let (a, b) = (go(1), go(2));
    let t = a.target.expect("target");
    assert!(t.reached);
    assert_eq!(Some(t), b.target);
    // Plain needs millions of trials for ±20 % here; the weighted estimate a few hundred.
    assert!(t.trials <= 2048, "{} trials", t.trials);
    let (u, _, ci) = unavailability(&a);
    assert!((ci[1] - u).max(u - ci[0]) / u <= 0.2);
}

#[test]
fn retail_reference_model_with_auto_falls_back_to_plain_with_a_note() {
    let plan = plan_of(&model_path("retail-reference.toml").display().to_string());
    let r = run_with(&plan, 256, 1, Method::Auto, 1);
    assert_eq!(r.method, Method::Plain);
    let note = r.method_note.clone().expect("a note");
    assert!(note.contains("does not apply"), "{note}");
    assert_eq!(r.model.effective_trials, None);
    // The same numbers as a plain run: nothing weighted slipped in.
    let mut p = run_with(&plan, 256, 1, Method::Plain, 1);
    p.wall_seconds = r.wall_seconds;
    p.method_note = r.method_note.clone();
    assert_eq!(p, r);
    // And the CLI says so in JSON.
    let o = nines(&[
        "simulate",
        &model_path("retail-reference.toml").display().to_string(),
        "--trials",
        "256",
        "--quiet",
        "--json",
        "--method",
        "auto",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["method"], "plain");
    assert!(
        v["method_note"]
            .as_str()
            .expect("note")
            .contains("does not apply")
    );
    assert!(
        v["notes"][0]
            .as_str()
            .expect("notes")
            .contains("does not apply")
    );
}

const TIER: &str = "[[component]]\nname = \"tier\"\nreplicas = 3\nmin_up = 1\nrepair = { dist = \"lognormal\", median_hours = 2, sigma = 1 }\n";

#[test]
fn non_exponential_failures_and_slas_fall_back_to_plain_naming_why() {
    let weibull = plan_text(&format!(
        "[model]\nname = \"w\"\n{TIER}failure = {{ dist = \"weibull\", shape = 1.5, scale_hours = 1000 }}\n"
    ));
    let r = run_with(&weibull, 300, 1, Method::Biasing, 1);
    assert_eq!(r.method, Method::Plain);
    let note = r.method_note.expect("note");
    assert!(
        note.contains("`tier`") && note.contains("weibull"),
        "{note}"
    );
    let sla = plan_text(&format!(
        "[model]\nname = \"s\"\n{TIER}failure = {{ dist = \"exponential\", mean_hours = 1000 }}\n[[service]]\nname = \"web\"\nrequires = [\"tier\"]\n[[sla]]\nname = \"cdn\"\nservice = \"web\"\ndirection = \"received\"\nmonthly_fee = 1000\ncredits = [{{ below = 0.999, credit = 0.1 }}]\n"
    ));
    let r = run_with(&sla, 300, 1, Method::Biasing, 1);
    assert_eq!(r.method, Method::Plain);
    assert!(r.method_note.expect("note").contains("SLA"));
    // auto on a model whose downtime is not rare: plain, and it says why.
    let common = plan_text(&format!(
        "[model]\nname = \"c\"\n{TIER}failure = {{ dist = \"exponential\", mean_hours = 10 }}\n"
    ));
    let r = run_with(&common, 300, 1, Method::Auto, 1);
    assert_eq!(r.method, Method::Plain);
    assert!(r.method_note.expect("note").contains("not rare"));
}

#[test]
fn money_under_biasing_is_the_weighted_downtime_times_the_hourly_cost() {
    let dir = temp_dir("rare-money");
    let base = std::fs::read_to_string(data("seven-nines-lognormal.toml")).expect("model");
    let text = base.replace(
        "requires = [\"web\", \"app\", \"db\"]",
        "requires = [\"web\", \"app\", \"db\"]\ndowntime_cost = { per_hour = 50000 }",
    );
    assert_ne!(text, base);
    let path = write(&dir, "priced.toml", &text);
    let plan = plan_of(&path);
    let r = run_with(&plan, 2000, 2, Method::Biasing, 1);
    assert_eq!(r.method, Method::Biasing);
    let svc = r.service("checkout").expect("service");
    let want = 50_000.0 * svc.downtime_hours.mean; // one-year horizon: per year as is
    let loss = r.cost.downtime_loss;
    assert!(
        (loss.mean - want).abs() <= 1e-9 * want,
        "{} vs {want}",
        loss.mean
    );
    let sl = svc.downtime_loss.expect("priced service");
    assert!((sl.mean - want).abs() <= 1e-9 * want);
    assert!(
        (loss.std_error - 50_000.0 * svc.downtime_hours.std_error).abs() <= 1e-6 * loss.std_error
    );
    // Bad years come from the plain timeline: almost every year has no downtime at all.
    assert_eq!(loss.p90, 0.0);
    assert_eq!(r.cost.sla_credits.mean, 0.0);
}
