//! The Tradeoffs view driven headless: the shipped options on the retail reference model,
//! each option's and the toggled set's paired result against `nines compare`'s for the same
//! seed, and a bad survey file's error shown inline.

use super::common::temp_dir;
use super::gui::{harness, has_text};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::decide::parse_options;
use nines::gui::state::{Settings, Tab};
use nines::gui::tradeoffs::DEFAULT_OPTIONS;
use nines::gui::{Command, WorkbenchApp};
use std::time::{Duration, Instant};

fn settings() -> Settings {
    Settings {
        trials: 240,
        quick_trials: 120,
        auto_run: false,
        // One worker: the frame-time tests of the other GUI tests run beside these.
        threads: 1,
        ..Settings::default()
    }
}

/// Step frames until `done` holds (or panic after `limit`).
fn wait_for(
    h: &mut Harness<'_, WorkbenchApp>,
    limit: Duration,
    what: &str,
    done: impl Fn(&nines::gui::App) -> bool,
) {
    let start = Instant::now();
    while !done(&h.state().0) {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(3);
}

/// `nines compare` of the retail model under peak season with these options, as JSON.
fn cli_compare(options: &[&str], trials: u64) -> serde_json::Value {
    cli("compare", options, trials)
}

/// `nines COMMAND` (compare, or survey with `--model`) of the retail model under peak season
/// with the shipped options, as JSON.
fn cli(command: &str, options: &[&str], trials: u64) -> serde_json::Value {
    let root = super::common::root();
    let (m, o, sc) = (
        root.join("models/retail-reference.toml"),
        root.join("scenarios/options/retail-options.toml"),
        root.join("scenarios/peak-season.toml"),
    );
    let trials = trials.to_string();
    let mut args: Vec<String> = if command == "survey" {
        vec!["survey".into(), "--model".into(), m.display().to_string()]
    } else {
        vec![command.into(), m.display().to_string()]
    };
    args.push("--options".into());
    args.push(o.display().to_string());
    for name in options {
        args.extend(["--option".to_string(), name.to_string()]);
    }
    args.extend(
        [
            "--scenario",
            &sc.display().to_string(),
            "--trials",
            &trials,
            "--seed",
            "1",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = super::common::nines(&refs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn json<T: serde::Serialize>(x: &T) -> serde_json::Value {
    serde_json::to_value(x).expect("serialisable")
}

#[test]
fn toggled_options_show_the_numbers_of_nines_compare() {
    let mut h = harness(settings(), None, None);
    h.state_mut().0.command(Command::Show(Tab::Tradeoffs));
    h.run_steps(3);
    has_text(&h, "retail-options.toml (built in)");
    // Every option alone, refined to the full trials.
    wait_for(&mut h, Duration::from_secs(240), "option rows", |a| {
        let t = &a.tradeoffs;
        !t.rows.is_empty()
            && t.rows
                .iter()
                .all(|r| r.as_ref().is_some_and(|r| r.trials == 240))
    });
    let opts = parse_options(DEFAULT_OPTIONS, "options").expect("parse");
    let cdn = opts.index_of("second_cdn").expect("second_cdn");
    {
        let t = &h.state().0.tradeoffs;
        assert!(
            t.option_errors.iter().all(Option::is_none),
            "{:?}",
            t.option_errors
        );
        assert_eq!(t.option_errors.len(), opts.options.len());
        let row = t.rows[cdn]
            .as_ref()
            .expect("row")
            .value
            .as_ref()
            .expect("ran");
        // The numbers `nines compare` prints for the same seed and trials, all of them.
        let printed = cli_compare(&["second_cdn"], 240);
        assert_eq!(json(row), printed["comparisons"][0]);
        assert_eq!(
            json(&t.base.as_ref().expect("base").value.side),
            printed["base"]
        );
        // The survey-vs-simulation chart's values are `nines survey --model`'s: leadership
        // options valued by what they add to the practices they enable, one-off costs spread.
        assert!(
            !t.survey_extra.is_empty() && t.survey_extra.iter().all(|e| e.trials == 240),
            "the leadership sets ran with the rows"
        );
        let survey = cli("survey", &[], 240);
        let ours = t.options_vs_survey().expect("values").expect("agreement");
        assert_eq!(json(&ours), survey["simulation"]["options"]);
    }
    // Toggle two options: the set runs as one design, quick pass first, then refined.
    h.get_by_role_and_label(Role::CheckBox, "second_cdn")
        .click();
    h.run_steps(3);
    // The first option's description (its hover text) covers the rows below the pointer.
    h.remove_cursor();
    h.run_steps(2);
    h.get_by_role_and_label(Role::CheckBox, "waf_and_ddos_protection")
        .click();
    h.run_steps(3);
    let waf = opts.index_of("waf_and_ddos_protection").expect("waf");
    assert_eq!(h.state().0.tradeoffs.chosen(), vec![cdn, waf]);
    wait_for(&mut h, Duration::from_secs(120), "toggled set", |a| {
        a.tradeoffs.current_set().is_some_and(|s| s.trials == 240)
    });
    let t = &h.state().0.tradeoffs;
    let set = t.set_comparison().expect("the set ran");
    let cli = cli_compare(&["second_cdn", "waf_and_ddos_protection"], 240);
    assert_eq!(json(set), cli["comparisons"][0]);
    let want = &set.paired;
    assert!(t.quick_seconds.is_some(), "a quick pass came first");
    // The paired row is on screen with its interval.
    let d = &want.difference.availability;
    has_text(
        &h,
        &format!(
            "{:+.4} [{:+.4}, {:+.4}] pp",
            d.mean * 100.0,
            d.ci95[0] * 100.0,
            d.ci95[1] * 100.0
        ),
    );
    assert!(d.ci95[0] < d.mean && d.mean < d.ci95[1]);
    has_text(&h, "toggled: second_cdn + waf_and_ddos_protection");
    // Charts have data.
    let app = &h.state().0;
    for id in [
        nines::gui::charts::ChartId::CostBreakdown,
        nines::gui::charts::ChartId::LossDistribution,
        nines::gui::charts::ChartId::SurveyVsSimulation,
        nines::gui::charts::ChartId::ChallengesVsDowntime,
    ] {
        assert!(app.chart(&id).is_some(), "{id:?} has no data");
    }
}

#[test]
fn a_bad_survey_file_shows_its_error_inline_and_cancel_stops() {
    let dir = temp_dir("gui-survey");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "Load Balancing,Security Measures\n80,x\n").expect("write");
    let mut h = harness(settings(), None, Some(bad.clone()));
    h.state_mut().0.command(Command::Show(Tab::Tradeoffs));
    h.run_steps(3);
    h.get_by_label("Open survey CSV…").click();
    h.run_steps(3);
    let shown = bad.display().to_string();
    has_text(
        &h,
        &format!("{shown}:2:4: Security Measures: must be a score"),
    );
    assert_eq!(
        h.state().0.tradeoffs.survey.origin,
        nines::survey::SEED_ORIGIN,
        "the seed survey stays in use"
    );
    // Cancel stops the comparisons until asked again.
    if h.state().0.tradeoffs.running() {
        h.get_by_label("■ Stop comparisons").click();
        h.run_steps(3);
        assert!(!h.state().0.tradeoffs.running());
        assert!(h.state().0.tradeoffs.paused);
        h.get_by_label("Compute").click();
        h.run_steps(3);
        assert!(h.state().0.tradeoffs.running());
    }
}
