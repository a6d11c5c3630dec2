//! The Sensitivity and Optimise views and File → Export report… driven headless: the same
//! numbers as `nines sensitivity` and the library optimiser for the same seed and trials.

use super::common::{nines, temp_dir, write};
use super::gui::{Dialogs, harness_of, has_text, settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::decide::choose::{OptimizeSpec, optimize};
use nines::gui::decisions::{Output, tornado_rows};
use nines::gui::state::Tab;
use nines::gui::{App, Command, DecideSetting, WorkbenchApp};
use std::time::{Duration, Instant};

/// One fragile component (down 20 h after each of about 17 failures a year) and one sturdy.
const TORNADO: &str = r#"[model]
name = "tornado"

[[component]]
name = "fragile"
failure = { dist = "exponential", mean_hours = 500 }
repair = { dist = "fixed", hours = 20 }

[[component]]
name = "sturdy"
failure = { dist = "exponential", mean_hours = 50000 }
repair = { dist = "fixed", hours = 1 }
"#;

/// Three components, each with an option that helps it, and one that helps nothing.
const SMALL: &str = r#"[model]
name = "small"
currency = "EUR"

[[component]]
name = "a"
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "fixed", hours = 10 }
cost = { per_replica_year = 1000 }

[[component]]
name = "b"
failure = { dist = "exponential", mean_hours = 2000 }
repair = { dist = "fixed", hours = 8 }

[[component]]
name = "c"
failure = { dist = "exponential", mean_hours = 4000 }
repair = { dist = "fixed", hours = 4 }

[[service]]
name = "shop"
requires = ["a", "b", "c"]
downtime_cost = { per_hour = 2000 }
"#;

const SMALL_OPTIONS: &str = r#"[options]
currency = "EUR"

[[option]]
name = "a_pair"
yearly_cost = 2000
edits = [{ path = "component.a.replicas", set = 2 }, { path = "component.a.min_up", set = 1 }]

[[option]]
name = "b_fast"
yearly_cost = 5000
one_off_cost = 6000
edits = [{ path = "component.b.repair.mean_hours", scale = 0.5 }]

[[option]]
name = "c_pair"
yearly_cost = 20000
edits = [{ path = "component.c.replicas", set = 2 }, { path = "component.c.min_up", set = 1 }]

[[option]]
name = "gold_plating"
yearly_cost = 9000
edits = [{ path = "component.c.failure.mean_hours", scale = 1.01 }]
"#;

/// A workbench on `text` (saved in a fresh folder), runs without the load scenario.
fn open(tag: &str, text: &str, seed: u64) -> (Harness<'static, WorkbenchApp>, std::path::PathBuf) {
    let dir = temp_dir(tag);
    let m = write(&dir, "model.toml", text);
    let mut s = settings(1_000);
    s.seed = seed;
    s.use_scenario = false;
    let app = App::with(s, Some(std::path::Path::new(&m)), Box::new(Dialogs(None)));
    let mut h = harness_of(app);
    h.run();
    (h, dir)
}

/// Step frames until no decision task runs (or panic after `limit`).
fn wait_decisions(h: &mut Harness<'_, WorkbenchApp>, limit: Duration) {
    let start = Instant::now();
    while h.state().0.decisions.running() {
        h.step();
        assert!(start.elapsed() < limit, "no answer in {limit:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("json")
}

#[test]
fn the_sensitivity_view_shows_the_clis_tornado_with_the_known_parameter_first() {
    let (mut h, dir) = open("gui-sensitivity", TORNADO, 5);
    h.state_mut().0.command(Command::Show(Tab::Sensitivity));
    h.state_mut()
        .0
        .command(Command::Decide(DecideSetting::Trials(2_000)));
    h.run();
    h.get_by_label("▶ Run sensitivity").click();
    h.step();
    assert!(h.state().0.decisions.running(), "runs on a worker task");
    wait_decisions(&mut h, Duration::from_secs(120));
    let app = &h.state().0;
    let s = app
        .decisions
        .sensitivity
        .as_ref()
        .expect("an answer")
        .as_ref()
        .expect("no error");
    let rows = tornado_rows(s, Output::Availability);
    assert_eq!(rows[0].label, "component.fragile.replicas");
    let chart = app
        .chart(&nines::gui::charts::ChartId::Tornado)
        .expect("chart");
    assert_eq!(chart.categories[0], "component.fragile.replicas");
    has_text(&h, "component.fragile.replicas");
    has_text(&h, "What made the bad years bad");
    // The CLI with the same seed and trials gives the same numbers.
    let m = dir.join("model.toml").display().to_string();
    let v = json(&nines(&[
        "sensitivity",
        &m,
        "--trials",
        "2000",
        "--seed",
        "5",
        "--json",
        "--quiet",
    ]));
    let f = |x: &serde_json::Value| x.as_f64().expect("number");
    assert_eq!(f(&v["base"]["availability"]), s.base.availability);
    let bars = v["bars"].as_array().expect("bars");
    assert_eq!(bars.len(), s.bars.len());
    for (b, g) in bars.iter().zip(&s.bars) {
        assert_eq!(b["label"], g.label.as_str());
        assert_eq!(
            f(&b["availability_width"]),
            g.availability_width,
            "{}",
            g.label
        );
    }
    assert_eq!(v["importance"][0]["name"], s.importance[0].name.as_str());
    assert_eq!(
        f(&v["bad_years"]["drivers"][0]["downtime_share_worst_1"]),
        s.bad_years.drivers[0].downtime_share_worst_1
    );
}

#[test]
fn sensitivity_can_be_cancelled() {
    let mut s = settings(1_000);
    s.use_scenario = false;
    let app = App::with(s, None, Box::new(Dialogs(None)));
    let mut h = harness_of(app);
    h.state_mut().0.command(Command::Show(Tab::Sensitivity));
    h.state_mut()
        .0
        .command(Command::Decide(DecideSetting::Trials(200_000)));
    h.run();
    h.get_by_label("▶ Run sensitivity").click();
    let start = Instant::now();
    while h
        .state()
        .0
        .decisions
        .sensitivity_progress()
        .is_none_or(|p| p.0 == 0.0)
    {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    let (_, text, _) = h
        .state()
        .0
        .decisions
        .sensitivity_progress()
        .expect("progress");
    assert!(text.starts_with("sensitivity: trials: "), "{text}");
    h.get_by_label("■ Cancel sensitivity").click();
    let asked = Instant::now();
    wait_decisions(&mut h, Duration::from_secs(30));
    eprintln!("sensitivity cancel took {:?}", asked.elapsed());
    let app = &h.state().0;
    assert!(app.decisions.sensitivity.is_none());
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("sensitivity cancelled")
    );
}

#[test]
fn the_optimise_view_chooses_the_librarys_best_set() {
    let (mut h, dir) = open("gui-optimise", SMALL, 11);
    let o = write(&dir, "options.toml", SMALL_OPTIONS);
    let app = &mut h.state_mut().0;
    app.command(Command::Show(Tab::Optimise));
    app.command(Command::OptimiseOptions(Some(o.into())));
    app.command(Command::Decide(DecideSetting::Trials(3_000)));
    app.command(Command::Decide(DecideSetting::Budget(30_000.0)));
    h.run();
    has_text(&h, "30,000 EUR");
    h.get_by_label("▶ Optimise").click();
    h.step();
    wait_decisions(&mut h, Duration::from_secs(120));
    let app = &h.state().0;
    let got = app
        .decisions
        .optimised
        .as_ref()
        .expect("an answer")
        .as_ref()
        .expect("no error");
    let opts = nines::decide::parse_options(SMALL_OPTIONS, "o").expect("options");
    let want = optimize(
        SMALL,
        "m",
        None,
        &opts,
        &OptimizeSpec {
            budget: 30_000.0,
            ..OptimizeSpec::default()
        },
        &nines::engine::RunConfig {
            trials: 3_000,
            seed: 11,
            ..Default::default()
        },
        &nines::engine::NoObserver,
    )
    .expect("optimises");
    assert_eq!(got.best.names, want.best.names);
    assert!(!got.best.names.is_empty(), "some option pays for itself");
    assert_eq!(got.best.total_cost.mean, want.best.total_cost.mean);
    assert_eq!(
        got.best.candidate.availability,
        want.best.candidate.availability
    );
    has_text(&h, &format!("Chosen set: {}", want.best.names.join(" + ")));
    let chart = app
        .chart(&nines::gui::charts::ChartId::Frontier)
        .expect("chart");
    let chosen = chart
        .series
        .iter()
        .find(|s| s.name == "chosen")
        .expect("chosen set drawn");
    assert_eq!(chosen.points.len(), 1);
    assert!((chosen.points[0][1] - 100.0 * got.best.candidate.availability).abs() < 0.05);
}

#[test]
fn export_report_writes_the_page() {
    let (mut h, dir) = open("gui-report", SMALL, 3);
    let o = write(&dir, "options.toml", SMALL_OPTIONS);
    let out = dir.join("report");
    {
        let app = &mut h.state_mut().0;
        app.command(Command::OptimiseOptions(Some(o.into())));
        app.command(Command::Decide(DecideSetting::Trials(500)));
        app.command(Command::Decide(DecideSetting::Budget(30_000.0)));
    }
    h.run();
    h.state_mut().0.export_report_to(&out);
    h.step();
    wait_decisions(&mut h, Duration::from_secs(180));
    let app = &h.state().0;
    let status = app.status.as_ref().expect("a status");
    assert!(
        !status.is_error() && status.text.starts_with("report written to"),
        "{}",
        status.text
    );
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(html.contains("tornado.png") && html.contains("frontier.png"));
    assert!(out.join("tornado.svg").exists());
}

#[test]
fn export_report_into_a_file_says_why_not() {
    let (mut h, dir) = open("gui-report-bad", TORNADO, 3);
    let file = dir.join("model.toml");
    h.state_mut()
        .0
        .command(Command::Decide(DecideSetting::Trials(200)));
    h.state_mut().0.command(Command::BuiltinOptimiseOptions);
    h.run();
    // The built-in retail options do not fit this model: said, nothing written.
    h.state_mut().0.export_report_to(&dir.join("r"));
    let s = h.state().0.status.clone().expect("status");
    assert!(
        s.is_error() && s.text.contains("does not fit the model"),
        "{}",
        s.text
    );
    h.state_mut().0.decisions.options = None;
    h.state_mut().0.export_report_to(&file);
    wait_decisions(&mut h, Duration::from_secs(120));
    let s = h.state().0.status.clone().expect("status");
    assert!(
        s.is_error() && s.text.starts_with("report failed"),
        "{}",
        s.text
    );
}
