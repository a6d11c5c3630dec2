//! The workbench's forms as a user types into them: invalid input stays in its field and is
//! never applied, renames carry the selection, the scenario has its own undo, and charts
//! export by id.

use crate::gui::{Dialogs, harness, harness_of, has_text, set_drag_value, settings};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::edit::Kind;
use nines::gui::charts::ChartId;
use nines::gui::state::Tab;
use nines::gui::{App, ChartFormat, Command, WorkbenchApp};

/// Replace the text of the text field labelled `label` with `text`, as typing would.
fn retype(h: &mut Harness<'_, WorkbenchApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.run();
}

fn field_value(h: &Harness<'_, WorkbenchApp>, label: &str) -> String {
    h.get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

fn web_failure(h: &Harness<'_, WorkbenchApp>) -> nines::model::Dist {
    let m = h.state().0.doc.plan().expect("valid").model().clone();
    m.components
        .into_iter()
        .find(|c| c.name == "web")
        .expect("web")
        .failure
}

#[test]
fn invalid_input_stays_in_its_field_with_the_reason_and_is_never_applied() {
    let mut h = harness(settings(1_000), None, None);
    h.state_mut()
        .0
        .command(Command::Select(Some((Kind::Component, "web".into()))));
    h.run();
    let before = h.state().0.doc.text().to_string();
    assert_eq!(field_value(&h, "shape"), "0.8");
    // Refused by the model file's own checks: kept, with the reader's message, not applied.
    retype(&mut h, "shape", "-1");
    assert_eq!(
        h.state().0.doc.text(),
        before,
        "a refused value is not applied"
    );
    assert_eq!(field_value(&h, "shape"), "-1", "the typed text stays");
    has_text(&h, "must be a finite number > 0, found -1 (not applied)");
    // Not a number at all.
    retype(&mut h, "shape", "0.9x");
    assert_eq!(h.state().0.doc.text(), before);
    has_text(&h, "`0.9x` is not a number (not applied)");
    // A valid value applies at once, and the model still keeps its comments.
    retype(&mut h, "shape", "0.9");
    assert!(
        matches!(web_failure(&h), nines::model::Dist::Weibull { shape, .. } if shape == 0.9),
        "{:?}",
        web_failure(&h)
    );
    assert!(h.state().0.doc.text().contains("shape = 0.9"));
    assert_eq!(
        h.state()
            .0
            .doc
            .text()
            .lines()
            .filter(|l| l.contains('#'))
            .count(),
        before.lines().filter(|l| l.contains('#')).count()
    );
}

#[test]
fn a_rename_follows_references_and_keeps_the_selection() {
    let mut h = harness(settings(1_000), None, None);
    h.state_mut()
        .0
        .command(Command::Select(Some((Kind::Component, "web".into()))));
    h.run();
    retype(&mut h, "name", "front");
    let app = &h.state().0;
    assert_eq!(
        app.selected,
        Some((Kind::Component, "front".to_string())),
        "the selection is by name and follows the rename"
    );
    let m = app.doc.plan().expect("valid").model();
    assert!(m.components.iter().any(|c| c.name == "front"));
    assert!(
        m.services
            .iter()
            .any(|s| s.requires.iter().any(|r| r == "front")),
        "references follow"
    );
    has_text(&h, "Component");
    // A name that is taken is refused with the reason, and nothing changes.
    let text = h.state().0.doc.text().to_string();
    retype(&mut h, "name", "cdn");
    assert_eq!(h.state().0.doc.text(), text);
    has_text(&h, "there is already a component named `cdn`");
    assert_eq!(
        h.state().0.selected,
        Some((Kind::Component, "front".to_string()))
    );
}

#[test]
fn undo_in_the_load_view_undoes_the_scenario_not_the_model() {
    let mut h = harness(settings(1_000), None, None);
    h.state_mut().0.command(Command::Show(Tab::Load));
    h.run();
    let model_text = h.state().0.doc.text().to_string();
    let avg = |h: &Harness<'_, WorkbenchApp>| {
        h.state()
            .0
            .scenario
            .parsed()
            .expect("valid scenario")
            .average_rps
    };
    assert_eq!(avg(&h), 300.0);
    set_drag_value(&mut h, "average requests/s", 450.0);
    assert_eq!(avg(&h), 450.0);
    assert!(h.state().0.scenario.text().contains("average_rps = 450"));
    assert!(h.state().0.scenario.is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        avg(&h),
        300.0,
        "Ctrl+Z in the Load view undoes the scenario edit"
    );
    assert!(!h.state().0.scenario.is_dirty());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(avg(&h), 450.0, "Ctrl+Shift+Z redoes it");
    // In the Model view, undo belongs to the model (which has nothing to undo).
    h.state_mut().0.command(Command::Show(Tab::Model));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(avg(&h), 450.0);
    assert_eq!(h.state().0.doc.text(), model_text);
    // A peak multiplier is a path edit with a quoted name.
    let peaks = h.state().0.scenario.parsed().expect("valid").peaks.clone();
    let bf = peaks
        .iter()
        .position(|p| p.name == "Black Friday")
        .expect("a Black Friday peak");
    crate::gui::edit(
        &mut h,
        nines::gui::DocId::Scenario,
        &["peak.\"Black Friday\".multiplier=5"],
    );
    let sc = h.state().0.scenario.parsed().expect("valid").clone();
    assert_eq!(sc.peaks[bf].multiplier, 5.0);
}

#[test]
fn charts_export_by_id_from_any_view() {
    let dir = crate::common::temp_dir("gui-chart-ids");
    let svg = dir.join("dist.svg");
    let app = App::with(settings(1_000), None, Box::new(Dialogs(Some(svg.clone()))));
    let mut h = harness_of(app);
    h.run();
    // The editor's density chart, exported while no editor is even open.
    let id = ChartId::Distribution {
        kind: Kind::Component,
        name: "web".into(),
        key: "failure".into(),
    };
    h.state_mut()
        .0
        .command(Command::ExportChart(id, ChartFormat::Svg));
    h.run();
    let text = std::fs::read_to_string(&svg).expect("exported svg");
    assert!(
        text.contains("<svg") && text.contains("Time to failure: weibull"),
        "{}",
        &text[..text.len().min(300)]
    );
    // A Load view chart, from the Model view: its figures are computed for the export.
    let png = dir.join("headroom.png");
    let app = App::with(settings(1_000), None, Box::new(Dialogs(Some(png.clone()))));
    let mut h = harness_of(app);
    h.run();
    h.state_mut()
        .0
        .command(Command::ExportChart(ChartId::Headroom, ChartFormat::Png));
    h.run();
    let bytes = std::fs::read(&png).expect("exported png");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // No results yet: nothing to export, said in the status bar.
    h.state_mut().0.command(Command::ExportChart(
        ChartId::Histogram { scope: 0 },
        ChartFormat::Png,
    ));
    h.run();
    has_text(&h, "nothing to export");
    let _ = std::fs::remove_dir_all(dir);
}
