//! The workbench driven headless with egui_kittest: the real App, real clicks, real runs.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nines::edit::{Edit, Kind};
use nines::engine::{NoObserver, RunConfig, run};
use nines::gui::state::{Settings, Tab};
use nines::gui::{App, Command, DocId, EditRequest, FileDialogs, Report, WorkbenchApp};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Dialogs that answer with a fixed path (or cancel).
pub struct Dialogs(pub Option<PathBuf>);

impl FileDialogs for Dialogs {
    fn open_model(&self) -> Option<PathBuf> {
        self.0.clone()
    }
    fn save_as(&self, _name: &str, _ext: &str) -> Option<PathBuf> {
        self.0.clone()
    }
}

/// Settings for tests: `trials` per run, no what-if runs.
pub fn settings(trials: u64) -> Settings {
    Settings {
        trials,
        quick_trials: trials.min(500),
        auto_run: false,
        ..Settings::default()
    }
}

/// The real workbench in a kittest harness.
pub fn harness(
    s: Settings,
    path: Option<&Path>,
    dialog: Option<PathBuf>,
) -> Harness<'static, WorkbenchApp> {
    harness_of(App::with(s, path, Box::new(Dialogs(dialog))))
}

/// A harness around an App built by the test.
pub fn harness_of(app: App) -> Harness<'static, WorkbenchApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(move |_cc| WorkbenchApp(app))
}

/// Model edits as one form edit.
pub fn edit(h: &mut Harness<'_, WorkbenchApp>, doc: DocId, texts: &[&str]) {
    let edits = texts
        .iter()
        .map(|t| Edit::parse(t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .collect();
    h.state_mut().0.command(Command::Edit(EditRequest {
        doc,
        edits,
        field: "test".into(),
        report: Report::Status,
    }));
    // Settle; a pending timer (the recovery journal's delay after an edit) may keep asking
    // for repaints, which is not a failure of the edit: it applies in the first step.
    let _ = h.run_ok();
}

/// Set a DragValue (found by its label) the way assistive technology does.
pub fn set_drag_value(h: &mut Harness<'_, WorkbenchApp>, label: &str, value: f64) {
    let node = h.get_by_role_and_label(egui::accesskit::Role::SpinButton, label);
    let (target_node, target_tree) = node.accesskit_node().locate();
    h.event(egui::Event::AccessKitActionRequest(
        egui::accesskit::ActionRequest {
            action: egui::accesskit::Action::SetValue,
            target_node,
            target_tree,
            data: Some(egui::accesskit::ActionData::NumericValue(value)),
        },
    ));
    h.run();
}

/// Some visible text contains `part`.
pub fn has_text(h: &Harness<'_, WorkbenchApp>, part: &str) {
    assert!(
        h.query_all_by(|n| n.value().is_some_and(|v| v.contains(part)))
            .next()
            .is_some(),
        "no text contains `{part}`"
    );
}

/// Step frames until the app has no job (or panic after `limit`).
pub fn wait_idle(h: &mut Harness<'_, WorkbenchApp>, limit: Duration) {
    let start = Instant::now();
    loop {
        h.step();
        let a = &h.state().0;
        if a.job.is_none() && !a.pending() {
            break;
        }
        assert!(start.elapsed() < limit, "run did not finish in {limit:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

#[test]
fn run_shows_the_engines_availability_for_the_seed() {
    let mut h = harness(settings(3_000), None, None);
    h.run();
    h.get_by_label("▶ Run").click();
    wait_idle(&mut h, Duration::from_secs(60));
    let app = &h.state().0;
    let plan = app.doc.plan().cloned().expect("default model is valid");
    let want = run(
        &plan,
        &RunConfig {
            trials: 3_000,
            seed: 1,
            ..Default::default()
        },
        &NoObserver,
    )
    .expect("run");
    let got = app
        .last
        .as_ref()
        .expect("results")
        .results
        .model
        .availability;
    assert_eq!(
        got, want.model.availability,
        "GUI and engine differ for the same seed"
    );
    h.state_mut().0.settings.tab = Tab::Results;
    h.run();
    let shown = nines::text::percent(want.model.availability.mean);
    assert!(
        h.query_all_by_value(&shown).next().is_some(),
        "the Results view does not show {shown}"
    );
}

#[test]
fn adding_a_cdn_replica_in_the_editor_keeps_one_of_two_and_raises_availability() {
    // Enough trials that the CDN's share (about 0.9 h of 9.6 h a year) stands out of the noise.
    let mut h = harness(settings(20_000), None, None);
    h.run();
    h.get_by_label("▶ Run").click();
    wait_idle(&mut h, Duration::from_secs(60));
    let before = h.state().0.last.as_ref().expect("results").results.clone();
    // Select the CDN (a single replica, the largest cause of downtime) and raise its replicas
    // in the editor's field: min_up was implicit ("all"), and must stay 1, not become 2 of 2.
    h.state_mut()
        .0
        .command(Command::Select(Some((Kind::Component, "cdn".into()))));
    h.run();
    has_text(&h, "1 of 1 must be up");
    set_drag_value(&mut h, "replicas", 2.0);
    let cdn = |h: &Harness<'_, WorkbenchApp>| {
        let m = h.state().0.doc.plan().expect("valid").model().clone();
        m.components
            .into_iter()
            .find(|c| c.name == "cdn")
            .expect("cdn")
    };
    assert_eq!((cdn(&h).replicas, cdn(&h).min_up), (2, Some(1)));
    has_text(&h, "1 of 2 must be up; tick all to need every replica");
    h.state_mut().0.command(Command::Run);
    wait_idle(&mut h, Duration::from_secs(60));
    let after = h.state().0.last.as_ref().expect("results").results.clone();
    assert!(
        after.model.availability.mean
            > before.model.availability.mean + 3.0 * before.model.availability.std_error,
        "a second CDN replica must raise availability: {} -> {}",
        before.model.availability.mean,
        after.model.availability.mean
    );
    // One undo step takes back both keys.
    h.state_mut().0.command(Command::Undo);
    h.run();
    assert_eq!((cdn(&h).replicas, cdn(&h).min_up), (1, None));
}

#[test]
fn a_bad_file_shows_its_problems_and_the_app_still_works() {
    let dir = std::env::temp_dir().join(format!("nines-gui-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[model]\nname = \"bad\"\n[[component]]\nname = \"a\"\nreplicas = 2\nmin_up = 3\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n").expect("write");
    let mut h = harness(settings(1_000), None, Some(bad.clone()));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open…  (Ctrl+O)").click();
    h.run();
    assert!(h.state().0.doc.problems().is_some());
    assert_eq!(h.state().0.settings.tab, Tab::Text);
    has_text(&h, "must be from 1 to replicas (2), found 3");
    // Fix it in the text and run.
    let fixed = h.state().0.doc.text().replace("min_up = 3", "min_up = 1");
    h.state_mut().0.command(Command::SetText(fixed));
    h.run();
    assert!(h.state().0.doc.problems().is_none());
    h.get_by_label("▶ Run").click();
    wait_idle(&mut h, Duration::from_secs(60));
    assert!(h.state().0.last.is_some());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cancel_stops_a_long_run() {
    let mut h = harness(settings(50_000_000), None, None);
    h.run();
    h.get_by_label("▶ Run").click();
    let start = Instant::now();
    while h
        .state()
        .0
        .job
        .as_ref()
        .is_none_or(|j| j.progress().is_none())
    {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the run never reported progress"
        );
    }
    h.get_by_label("■ Cancel").click();
    let cancelled = Instant::now();
    wait_idle(&mut h, Duration::from_secs(5));
    let took = cancelled.elapsed();
    eprintln!("cancel took {took:?}");
    // The issue asks for 200 ms; measured here it is about 20-60 ms on an idle machine. The
    // bound is loose so that a loaded CI machine does not fail it; a cancel that does not
    // work at all still does.
    assert!(took < Duration::from_secs(2), "cancel took {took:?}");
    assert!(
        h.state().0.last.is_none(),
        "a cancelled run leaves no results"
    );
}

#[test]
fn undo_restores_the_previous_value() {
    let mut h = harness(settings(1_000), None, None);
    h.run();
    let original = h.state().0.doc.text().to_string();
    edit(&mut h, DocId::Model, &["component.web.replicas=9"]);
    assert_ne!(h.state().0.doc.text(), original);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().0.doc.text(), original, "Ctrl+Z restores the text");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_ne!(h.state().0.doc.text(), original, "Ctrl+Shift+Z redoes");
}

#[test]
fn save_then_reopen_keeps_comments_and_the_edit() {
    let dir = std::env::temp_dir().join(format!("nines-gui-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("mine.toml");
    let mut h = harness(settings(1_000), None, Some(path.clone()));
    h.run();
    edit(&mut h, DocId::Model, &["component.web.replicas=8"]);
    assert!(h.state().0.doc.is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().0.doc.is_dirty(), "saved");
    let saved = std::fs::read_to_string(&path).expect("saved file");
    let original = nines::gui::DEFAULT_MODEL;
    // Every comment line of the original survives, in order.
    let comments = |t: &str| {
        t.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&saved), comments(original));
    assert_eq!(saved.lines().count(), original.lines().count());
    // Reopen in a new workbench: the edit is there.
    let h2 = harness(settings(1_000), Some(&path), None);
    let m = h2
        .state()
        .0
        .doc
        .plan()
        .expect("valid after reopen")
        .model()
        .clone();
    let web = m.components.iter().find(|c| c.name == "web").expect("web");
    assert_eq!(web.replicas, 8);
    assert!(
        std::fs::read_dir(&dir).expect("list").all(|e| !e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .contains(".tmp")),
        "no temp file left"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_file() {
    let mut h = harness(settings(1_000), None, None);
    h.run();
    edit(&mut h, DocId::Model, &["component.dns.replicas=3"]);
    h.state_mut().0.command(Command::OpenDefault);
    h.run();
    has_text(&h, "has changes that are not saved");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().0.doc.is_dirty(), "Cancel keeps the edits");
    h.state_mut().0.command(Command::OpenDefault);
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    assert!(!h.state().0.doc.is_dirty());
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_model_file_opens_it_and_remembers_it() {
    let mut h = harness(settings(1_000), None, None);
    h.run();
    let r6 =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/r6-payment-group.toml");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(r6.clone())));
    h.run();
    h.run();
    let app = &h.state().0;
    assert_eq!(
        app.doc.plan().expect("valid").model().model.name,
        "R6 payment providers group"
    );
    assert_eq!(app.settings.recent.first(), Some(&r6));
}

#[test]
fn load_view_plans_capacity_and_results_show_requests() {
    let mut h = harness(settings(2_000), None, None);
    h.run();
    h.get_by_label("▶ Run").click();
    wait_idle(&mut h, Duration::from_secs(60));
    let q = h
        .state()
        .0
        .last
        .as_ref()
        .expect("results")
        .results
        .model
        .requests
        .clone()
        .expect("the built-in scenario is used");
    assert!(q.served_fraction.mean > 0.99);
    h.state_mut().0.settings.tab = Tab::Results;
    h.run();
    has_text(&h, "requests served");
    h.state_mut().0.settings.tab = Tab::Load;
    h.run();
    has_text(&h, "Headroom");
    h.get_by_label("Plan capacity").click();
    let start = Instant::now();
    while h.state().0.planner.result.is_none() {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the planner did not answer"
        );
    }
    h.run();
    let p = h
        .state()
        .0
        .planner
        .result
        .clone()
        .expect("answer")
        .expect("a plan");
    assert_eq!(p.rows.len(), 2, "web and app have capacity_rps");
    has_text(&h, "one fewer meets the goal?");
}

#[test]
fn the_capacity_planner_can_be_cancelled() {
    // Far too many trials per candidate to finish: only Cancel ends it.
    let s = Settings {
        quick_trials: 50_000_000,
        ..settings(50_000_000)
    };
    let mut h = harness(s, None, None);
    h.state_mut().0.command(Command::Show(Tab::Load));
    h.run();
    h.get_by_label("Plan capacity").click();
    let start = Instant::now();
    while h.state().0.planner.progress().is_none() {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the planner never reported progress"
        );
    }
    has_text(&h, "candidate 1: trials");
    h.get_by_label("Cancel planning").click();
    let cancelled = Instant::now();
    while h.state().0.planner.running() {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
        assert!(
            cancelled.elapsed() < Duration::from_secs(5),
            "still planning"
        );
    }
    let took = cancelled.elapsed();
    eprintln!("planner cancel took {took:?}");
    // The issue asks for 200 ms; measured here it is about 20-60 ms on an idle machine. The
    // bound is loose so that a loaded CI machine does not fail it; a cancel that does not
    // work at all still does.
    assert!(took < Duration::from_secs(2), "cancel took {took:?}");
    h.run();
    assert!(
        h.state().0.planner.result.is_none(),
        "no answer when cancelled"
    );
    has_text(&h, "capacity plan cancelled");
}

#[test]
fn charts_and_csv_export_and_an_edited_scenario_saves_with_comments() {
    let dir = std::env::temp_dir().join(format!("nines-gui-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let png = dir.join("chart.png");
    let mut h = harness(settings(1_000), None, Some(png.clone()));
    h.run();
    h.get_by_label("▶ Run").click();
    wait_idle(&mut h, Duration::from_secs(60));
    h.state_mut().0.settings.tab = Tab::Results;
    h.run();
    h.get_all_by_label("PNG…")
        .next()
        .expect("an export button")
        .click();
    h.run();
    let bytes = std::fs::read(&png).expect("exported chart");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Results as CSV, same columns as the command line.
    let csv = dir.join("summary.csv");
    let mut h2 = harness(settings(1_000), None, Some(csv.clone()));
    h2.run();
    h2.get_by_label("▶ Run").click();
    wait_idle(&mut h2, Duration::from_secs(60));
    h2.state_mut().0.command(Command::ExportCsv);
    h2.run();
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with(&nines::report::SUMMARY_COLUMNS.join(",")));
    // Edit the scenario's average load, save it: comments survive, the value changed.
    let saved = dir.join("scenario.toml");
    let mut h3 = harness(settings(1_000), None, Some(saved.clone()));
    h3.state_mut().0.settings.tab = Tab::Load;
    h3.run();
    set_drag_value(&mut h3, "average requests/s", 450.0);
    assert_eq!(
        h3.state().0.scenario.parsed().expect("valid").average_rps,
        450.0
    );
    h3.state_mut().0.command(Command::SaveScenario);
    h3.run();
    let text = std::fs::read_to_string(&saved).expect("saved scenario");
    assert!(text.contains("average_rps = 450"), "{text}");
    let comments = |t: &str| t.lines().filter(|l| l.contains('#')).count();
    assert_eq!(comments(&text), comments(nines::gui::DEFAULT_SCENARIO));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_editor_sets_failover_and_capacity() {
    let app = App::with(settings(1_000), None, Box::new(Dialogs(None)));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 1600.0))
        .build_eframe(move |_cc| WorkbenchApp(app));
    h.state_mut().0.selected = Some((Kind::Component, "lb".into()));
    h.run();
    h.get_by_label("failover").click();
    h.run();
    let lb = |h: &Harness<'_, WorkbenchApp>| {
        let m = h.state().0.doc.plan().expect("still valid").model().clone();
        m.components
            .into_iter()
            .find(|c| c.name == "lb")
            .expect("lb")
    };
    let f = lb(&h).failover.expect("failover set");
    assert_eq!((f.seconds, f.success), (90.0, 0.98));
    assert!(
        h.state()
            .0
            .doc
            .text()
            .contains("failover = { seconds = 90, success = 0.98 }")
    );
    h.get_by_label("capacity").click();
    h.run();
    assert_eq!(lb(&h).capacity_rps, Some(100.0));
}
