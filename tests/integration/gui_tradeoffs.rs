//! The Tradeoffs view driven headless: the shipped options on the retail reference model,
//! a toggled option's paired result against the library's own comparison, and a bad survey
//! file's error shown inline.

use super::common::temp_dir;
use super::gui::{harness, has_text};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::decide::paired::{FixedCosts, TrialMetrics, paired};
use nines::decide::parse_options;
use nines::decide::portfolio::{Design, PlanCache};
use nines::engine::{Observer, RunConfig, TrialRecord, run_source};
use nines::gui::state::{Settings, Tab};
use nines::gui::tradeoffs::{DEFAULT_OPTIONS, ONE_OFF_YEARS};
use nines::gui::{Command, DEFAULT_MODEL, DEFAULT_SCENARIO, WorkbenchApp};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn settings() -> Settings {
    Settings {
        trials: 240,
        quick_trials: 120,
        auto_run: false,
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

struct Rows(Mutex<Vec<TrialMetrics>>, f64);
impl Observer for Rows {
    fn on_trials(&self, rows: &[TrialRecord]) {
        let mut m = self.0.lock().expect("lock");
        m.extend(rows.iter().map(|r| TrialMetrics::from_record(r, self.1)));
    }
}

/// The paired comparison of `chosen` against the base, computed here with the library.
fn library_pair(chosen: &[usize], trials: u64) -> nines::decide::paired::Paired {
    let opts = parse_options(DEFAULT_OPTIONS, "options").expect("shipped options parse");
    let sc = nines::scenario::parse_scenario(DEFAULT_SCENARIO, "sc").expect("scenario");
    let cache = PlanCache::default();
    let cfg = RunConfig {
        trials,
        seed: 1,
        record_trials: true,
        ..RunConfig::default()
    };
    let side = |set: &[usize]| {
        let d =
            Design::build(DEFAULT_MODEL, "m", Some(&sc), &opts, set, 1, &cache).expect("design");
        let rows = Rows(Mutex::new(Vec::new()), d.reference().horizon_hours());
        run_source(&d, &cfg, &rows).expect("run");
        let fixed = FixedCosts {
            infrastructure_year: d.infrastructure_year,
            options_yearly: d.options_yearly_cost,
            options_one_off: d.options_one_off_cost,
        };
        (rows.0.into_inner().expect("rows"), fixed)
    };
    let (b, bf) = side(&[]);
    let (o, of) = side(chosen);
    paired(&b, &o, bf, of, ONE_OFF_YEARS)
}

#[test]
fn toggling_an_option_gives_the_paired_result_of_the_library() {
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
        assert!(t.options_check.is_none(), "{:?}", t.options_check);
        let row = t.rows[cdn]
            .as_ref()
            .expect("row")
            .value
            .as_ref()
            .expect("ran");
        assert_eq!(row.paired, library_pair(&[cdn], 240));
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
    let want = library_pair(&[cdn, waf], 240);
    assert_eq!(set.paired, want);
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
