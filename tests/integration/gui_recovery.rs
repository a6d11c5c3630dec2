//! No edit is lost to a crash: a real workbench in a child process journals its unsaved
//! edits and is killed with SIGKILL; the next workbench on the same folder offers them back.

use crate::gui::{Dialogs, edit, harness_of, has_text, settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::gui::recovery::JOURNAL_FILE;
use nines::gui::state::Tab;
use nines::gui::{App, Command, DocId, WorkbenchApp};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

/// Set in the child process to the recovery folder it works in.
const CHILD_ENV: &str = "NINES_TEST_RECOVERY_CHILD";

fn workbench(dir: &Path, dialog: Option<PathBuf>) -> Harness<'static, WorkbenchApp> {
    let app = App::with(settings(1_000), None, Box::new(Dialogs(dialog)))
        .with_recovery(dir.to_path_buf());
    let mut h = harness_of(app);
    h.run();
    h
}

/// Step frames until `done` holds (or panic after `limit`).
fn step_until(
    h: &mut Harness<'_, WorkbenchApp>,
    limit: Duration,
    what: &str,
    done: impl Fn(&Harness<'_, WorkbenchApp>) -> bool,
) -> Duration {
    let start = Instant::now();
    while !done(h) {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
    }
    start.elapsed()
}

fn web_replicas(h: &Harness<'_, WorkbenchApp>) -> u32 {
    let m = h.state().0.doc.plan().expect("valid").model().clone();
    m.components
        .iter()
        .find(|c| c.name == "web")
        .expect("web")
        .replicas
}

/// The child's side: edit the model and the scenario, wait for the journal, then block until
/// killed. Does nothing in a normal test run.
#[test]
fn recovery_child_process() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let mut h = workbench(&dir, None);
    edit(&mut h, DocId::Model, &["component.web.replicas=7"]);
    edit(&mut h, DocId::Scenario, &["scenario.average_rps=420"]);
    // Generous: on a loaded machine a debug workbench steps slowly (the parent waits 120 s).
    step_until(&mut h, Duration::from_secs(110), "journal", |_| {
        dir.join(JOURNAL_FILE).is_file()
    });
    loop {
        h.step();
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_survive_a_kill_and_are_offered_back() {
    let dir = crate::common::temp_dir("gui-recovery-kill");
    let journal = dir.join(JOURNAL_FILE);
    let mut child = Process::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "gui_recovery::recovery_child_process",
            "--nocapture",
        ])
        .env(CHILD_ENV, &dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("child starts");
    let start = Instant::now();
    while !journal.is_file() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the child ended ({status}) without journaling");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no journal from the child"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL"); // kill -9: no chance to clean up
    child.wait().expect("reaped");
    assert!(journal.is_file(), "the journal survives the kill");

    // The next start on the same folder asks first, and changes nothing until answered.
    let save_to = dir.join("saved.toml");
    let mut h = workbench(&dir, Some(save_to.clone()));
    has_text(&h, "Restore unsaved edits?");
    has_text(&h, "nines did not close normally");
    has_text(&h, "the model retail-reference.toml (built in)");
    has_text(&h, "the load scenario peak-season.toml (built in)");
    has_text(&h, " UTC (");
    assert!(!h.state().0.doc.is_dirty() && web_replicas(&h) != 7);
    h.get_by_label("Restore").click();
    // From here edits are unsaved, so a journal write is pending (a repaint after a delay):
    // step a fixed number of frames instead of waiting for the UI to settle.
    h.run_steps(4);
    let app = &h.state().0;
    assert!(app.recovered().is_none());
    assert_eq!(web_replicas(&h), 7);
    assert!(
        app.doc.is_dirty() && app.scenario.is_dirty(),
        "restored as unsaved"
    );
    assert_eq!(app.scenario.parsed().expect("valid").average_rps, 420.0);
    has_text(&h, "unsaved edits restored");

    // Undo goes back to the file the edits were made to; saving what is left removes the
    // journal once nothing is unsaved.
    h.state_mut().0.command(Command::Show(Tab::Load));
    h.run_steps(4);
    h.state_mut().0.command(Command::Undo);
    h.run_steps(4);
    assert!(!h.state().0.scenario.is_dirty());
    h.state_mut().0.command(Command::Show(Tab::Model));
    h.state_mut().0.command(Command::Save);
    h.run_steps(4);
    assert!(!h.state().0.doc.is_dirty(), "saved");
    step_until(&mut h, Duration::from_secs(5), "journal removed", |_| {
        !journal.exists()
    });
    let saved = std::fs::read_to_string(&save_to).expect("saved model");
    assert!(saved.contains("replicas = 7"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_journal_follows_an_edit_within_a_second_and_discard_removes_it() {
    let dir = crate::common::temp_dir("gui-recovery-discard");
    let journal = dir.join(JOURNAL_FILE);
    let mut h = workbench(&dir, None);
    assert!(!journal.exists(), "nothing unsaved, no journal");
    edit(&mut h, DocId::Model, &["component.cdn.replicas=3"]);
    let took = step_until(&mut h, Duration::from_secs(5), "journal", |_| {
        journal.is_file()
    });
    eprintln!("journal written {took:?} after the edit");
    // The app writes JOURNAL_DELAY (0.5 s) after the edit; measured here about 0.5 s on an
    // idle machine. Loose bound: frames are slow on a loaded CI machine.
    assert!(
        nines::gui::recovery::JOURNAL_DELAY <= Duration::from_secs(1),
        "journal written at most about a second after an edit"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // A later edit rewrites it.
    edit(&mut h, DocId::Model, &["component.cdn.replicas=4"]);
    step_until(&mut h, Duration::from_secs(5), "journal rewritten", |_| {
        std::fs::read_to_string(&journal).is_ok_and(|t| t.contains("replicas = 4"))
    });
    drop(h); // gone without saving (as a crash would leave it)
    let mut h = workbench(&dir, None);
    has_text(&h, "Restore unsaved edits?");
    h.get_by_label("Discard").click();
    h.run_steps(4);
    assert!(!journal.exists(), "discarding removes the journal");
    assert!(!h.state().0.doc.is_dirty());
    h.run_steps(4);
    let h = workbench(&dir, None);
    assert!(h.state().0.recovered().is_none(), "nothing offered again");
    let _ = std::fs::remove_dir_all(dir);
}
