//! Forms for every table of the file, driven as a user would: a zone and a common cause
//! edited (the text changes, comments kept, undo restores it), placement counts checked
//! against replicas, SLA tiers added and removed, the scenario's shapes dragged (one undo
//! step per drag) and its peaks added and removed, and File → Examples.

use crate::gui::{harness, has_text, set_drag_value, settings};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nines::edit::Kind;
use nines::gui::state::Tab;
use nines::gui::{Answer, Command, DocId, WorkbenchApp};

type H = Harness<'static, WorkbenchApp>;

/// Replace the text of the text field labelled `label` with `text`, as typing would.
fn retype(h: &mut H, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.run();
}

fn select(h: &mut H, kind: Kind, name: &str) {
    h.state_mut()
        .0
        .command(Command::Select(Some((kind, name.to_string()))));
    h.run();
}

fn command(h: &mut H, c: Command) {
    h.state_mut().0.command(c);
    h.run();
}

/// The lines of `text` that carry a comment.
fn comments(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains('#')).collect()
}

/// The text of the `[[KIND]]` table named `name` (up to the next table header).
fn table_text<'a>(text: &'a str, kind: &str, name: &str) -> &'a str {
    let header = format!("[[{kind}]]\nname = \"{name}\"");
    let start = text
        .find(&header)
        .unwrap_or_else(|| panic!("no {kind} {name}"));
    let rest = &text[start + header.len()..];
    let end = rest.find("\n[[").map_or(rest.len(), |i| i);
    &rest[..end]
}

#[test]
fn a_zone_edited_in_its_form_changes_the_text_keeps_comments_and_undoes() {
    let mut h = harness(settings(1_000), None, None);
    let before = h.state().0.doc.text().to_string();
    select(&mut h, Kind::Zone, "az-a");
    has_text(&h, "Time between outages");
    has_text(&h, "replicas placed here");
    retype(&mut h, "mean_hours", "43800");
    let text = h.state().0.doc.text().to_string();
    assert!(
        table_text(&text, "zone", "az-a")
            .contains("failure = { dist = \"exponential\", mean_hours = 43800 }"),
        "{}",
        table_text(&text, "zone", "az-a")
    );
    assert!(table_text(&text, "zone", "az-b").contains("mean_hours = 87600"));
    assert_eq!(comments(&text), comments(&before), "every comment is kept");
    // A survey challenge typed as free text.
    retype(&mut h, "challenge", "Security Concerns");
    let text = h.state().0.doc.text().to_string();
    assert!(table_text(&text, "zone", "az-a").contains("challenge = \"Security Concerns\""));
    // A rename follows every placement that names the zone, and the selection follows it.
    retype(&mut h, "name", "az-x");
    let app = &h.state().0;
    assert_eq!(app.selected, Some((Kind::Zone, "az-x".to_string())));
    assert!(
        app.doc
            .text()
            .contains("zones = [\"az-x\", \"az-b\", \"az-c\"]")
    );
    let m = app.doc.plan().expect("valid").model();
    assert!(
        m.zones
            .iter()
            .any(|z| z.name == "az-x" && z.failure.mean_hours() == 43800.0)
    );
    // Undo each step back to the file as it was.
    for _ in 0..3 {
        command(&mut h, Command::Undo);
    }
    assert_eq!(h.state().0.doc.text(), before);
}

#[test]
fn a_common_cause_edited_in_its_form_changes_the_text_and_undoes() {
    let mut h = harness(settings(1_000), None, None);
    let before = h.state().0.doc.text().to_string();
    select(&mut h, Kind::CommonCause, "bad_deploy");
    has_text(&h, "Time between events");
    has_text(&h, "Event duration");
    has_text(&h, "Time to detect");
    retype(&mut h, "fraction", "0.5");
    retype(&mut h, "mean_hours", "1752");
    let text = h.state().0.doc.text().to_string();
    let t = table_text(&text, "common_cause", "bad_deploy");
    assert!(t.contains("fraction = 0.5"), "{t}");
    assert!(t.contains("mean_hours = 1752"), "{t}");
    assert_eq!(comments(&text), comments(&before), "every comment is kept");
    let m = h.state().0.doc.plan().expect("valid").model().clone();
    let cc = m
        .common_causes
        .iter()
        .find(|c| c.name == "bad_deploy")
        .expect("cause");
    assert_eq!((cc.fraction, cc.failure.mean_hours()), (0.5, 1752.0));
    // A fraction the reader refuses stays in its field with the reason, not applied.
    retype(&mut h, "fraction", "1.5");
    assert_eq!(h.state().0.doc.text(), text);
    has_text(&h, "(not applied)");
    // Undo: the two applied edits (the refused one made no step).
    command(&mut h, Command::Undo);
    command(&mut h, Command::Undo);
    assert_eq!(h.state().0.doc.text(), before);
}

#[test]
fn placement_counts_with_a_wrong_sum_are_shown_and_not_applied() {
    let mut h = harness(settings(1_000), None, None);
    select(&mut h, Kind::Component, "web");
    let replicas = |h: &H| {
        let m = h.state().0.doc.plan().expect("valid").model().clone();
        m.components
            .iter()
            .find(|c| c.name == "web")
            .expect("web")
            .replicas
    };
    assert_eq!(replicas(&h), 6);
    h.get_by_label("counts per zone").click_accesskit();
    h.run();
    h.run();
    let counted = h.state().0.doc.text().to_string();
    assert!(
        counted.contains("zones = { az-a = 2, az-b = 2, az-c = 2 }"),
        "round-robin becomes the same spread as counts"
    );
    set_drag_value(&mut h, "az-a", 3.0);
    h.run();
    assert_eq!(
        h.state().0.doc.text(),
        counted,
        "a wrong sum is not applied"
    );
    has_text(
        &h,
        "the counts add up to 7 but the component has 6 replicas",
    );
    has_text(&h, "(not applied)");
    // The form keeps what was typed; a second count that makes the sum right applies both.
    set_drag_value(&mut h, "az-b", 1.0);
    h.run();
    assert!(
        h.state()
            .0
            .doc
            .text()
            .contains("zones = { az-a = 3, az-b = 1, az-c = 2 }"),
        "{}",
        table_text(h.state().0.doc.text(), "component", "web")
    );
    // More replicas: the counts follow (the zone with the fewest gets the new one).
    set_drag_value(&mut h, "replicas", 7.0);
    h.run();
    assert_eq!(replicas(&h), 7);
    assert!(
        h.state()
            .0
            .doc
            .text()
            .contains("zones = { az-a = 3, az-b = 2, az-c = 2 }")
    );
}

#[test]
fn sla_tiers_are_added_and_removed_in_the_form() {
    let mut h = harness(settings(1_000), None, None);
    let before = h.state().0.doc.text().to_string();
    select(&mut h, Kind::Sla, "database_sla");
    has_text(&h, "credit tiers");
    let tiers = |h: &H| {
        let m = h.state().0.doc.plan().expect("valid").model().clone();
        m.slas
            .iter()
            .find(|s| s.name == "database_sla")
            .expect("sla")
            .credits
            .clone()
    };
    let original = tiers(&h);
    assert_eq!(original.len(), 3);
    h.get_by_label("+ tier").click_accesskit();
    h.run();
    let added = tiers(&h);
    assert_eq!(added.len(), 4);
    assert!(added[3].below < added[2].below && added[3].credit >= added[2].credit);
    assert_eq!(comments(h.state().0.doc.text()), comments(&before));
    // Remove the second tier with its button.
    let bins: Vec<_> = h.get_all_by_label("🗑").collect();
    assert_eq!(bins.len(), 4, "one remove button per tier");
    bins[1].click_accesskit();
    h.run();
    let after = tiers(&h);
    assert_eq!(after.len(), 3);
    assert_eq!(after[0], original[0]);
    assert_eq!(after[1], original[2]);
    // Undo both: the file as it was.
    command(&mut h, Command::Undo);
    command(&mut h, Command::Undo);
    assert_eq!(h.state().0.doc.text(), before);
}

/// Drag from `from` to `to` (window points) in small steps, a frame each, then release.
fn drag(h: &mut H, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::default(),
    };
    h.event(egui::Event::PointerMoved(from));
    h.run();
    h.event(button(from, true));
    h.run();
    for i in 1..=8 {
        let p = from + (to - from) * (i as f32 / 8.0);
        h.event(egui::Event::PointerMoved(p));
        h.run();
    }
    h.event(button(to, false));
    h.run();
    h.run();
}

#[test]
fn a_daily_shape_drag_is_one_undo_step() {
    let mut h = harness(settings(1_000), None, None);
    command(&mut h, Command::Show(Tab::Load));
    h.run();
    let original = h.state().0.scenario.text().to_string();
    assert!(
        !original.contains("daily_shape ="),
        "the built-in scenario uses the default curve"
    );
    let bars = h.get_by_label("daily shape bars").rect();
    let slot = bars.width() / 24.0;
    // Hour 5 (the night trough) dragged up to near the top of the chart.
    let x = bars.left() + slot * 5.5;
    drag(
        &mut h,
        egui::pos2(x, bars.bottom() - 20.0),
        egui::pos2(x, bars.top() + 25.0),
    );
    let sc = h.state().0.scenario.parsed().expect("valid").clone();
    let default = nines::scenario::DEFAULT_DAILY_SHAPE;
    assert!(
        sc.daily_shape[5] > 3.0 * default[5],
        "hour 5 is now {} (was {})",
        sc.daily_shape[5],
        default[5]
    );
    let text = h.state().0.scenario.text().to_string();
    assert!(
        text.contains("daily_shape = ["),
        "the whole list is written once"
    );
    assert_eq!(comments(&text), comments(&original));
    // A second drag right after (hour 13 down) is its own step.
    let x = bars.left() + slot * 13.5;
    drag(
        &mut h,
        egui::pos2(x, bars.top() + 40.0),
        egui::pos2(x, bars.bottom() - 30.0),
    );
    let second = h.state().0.scenario.text().to_string();
    assert_ne!(second, text);
    assert!(second.contains("daily_shape = ["));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().0.scenario.text(),
        text,
        "one undo takes back one drag"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().0.scenario.text(),
        original,
        "and one more the first"
    );
    assert_eq!(
        h.state().0.doc.text(),
        nines::gui::DEFAULT_MODEL,
        "the model is untouched"
    );
}

#[test]
fn peaks_are_added_edited_and_removed_in_the_load_view() {
    let mut h = harness(settings(1_000), None, None);
    command(&mut h, Command::Show(Tab::Load));
    let original = h.state().0.scenario.text().to_string();
    let peaks = |h: &H| h.state().0.scenario.parsed().expect("valid").peaks.clone();
    let n = peaks(&h).len();
    h.get_by_label("+ peak").click_accesskit();
    h.run();
    h.run();
    let added = peaks(&h);
    assert_eq!(added.len(), n + 1);
    let p = added.last().expect("added");
    assert_eq!((p.name.as_str(), p.multiplier), ("Peak 1", 2.0));
    // Its first day, typed: a non-date stays with the reason, a date applies.
    let date_fields = |h: &H| {
        h.get_all_by_role_and_label(Role::TextInput, "first day")
            .count()
    };
    assert_eq!(date_fields(&h), n + 1);
    let last_date = |h: &mut H, text: &str| {
        let node = h
            .get_all_by_role_and_label(Role::TextInput, "first day")
            .last()
            .expect("a date field");
        node.focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_all_by_role_and_label(Role::TextInput, "first day")
            .last()
            .expect("a date field")
            .type_text(text);
        h.run();
        h.run();
    };
    last_date(&mut h, "2026-13-40");
    has_text(&h, "is not a date like 2026-11-27 (not applied)");
    last_date(&mut h, "2026-03-14");
    let p = peaks(&h).last().cloned().expect("added");
    assert_eq!((p.date.month, p.date.day), (3, 14));
    assert!(h.state().0.scenario.text().contains("date = 2026-03-14"));
    // Remove it with its row's button: the scenario is as it was (but for the undo history).
    h.get_all_by_label("🗑")
        .last()
        .expect("a remove button")
        .click_accesskit();
    h.run();
    assert_eq!(peaks(&h).len(), n);
    assert_eq!(h.state().0.scenario.text(), original);
}

#[test]
fn examples_open_every_shipped_model_through_the_unsaved_changes_prompt() {
    // Every model in models/ is listed (a new one must be added to the menu).
    let mut shipped: Vec<String> = std::fs::read_dir("models")
        .expect("models/")
        .filter_map(|e| e.ok())
        .map(|e| format!("models/{}", e.file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".toml"))
        .collect();
    shipped.sort();
    let mut listed: Vec<String> = nines::gui::examples::MODELS
        .iter()
        .map(|e| e.path.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, shipped);
    let mut h = harness(settings(1_000), None, None);
    for e in &nines::gui::examples::MODELS {
        command(
            &mut h,
            Command::OpenExample(DocId::Model, e.path.to_string()),
        );
        let app = &h.state().0;
        assert_eq!(app.doc.text(), e.text, "{}", e.path);
        assert!(app.doc.plan().is_some(), "{} is valid", e.path);
        assert_eq!(app.model_title, e.title());
        assert!(app.model_path.is_none(), "saving an example asks where");
    }
    for e in &nines::gui::examples::SCENARIOS {
        command(
            &mut h,
            Command::OpenExample(DocId::Scenario, e.path.to_string()),
        );
        assert!(
            h.state().0.scenario.parsed().is_some(),
            "{} is valid",
            e.path
        );
        assert_eq!(h.state().0.scenario.text(), e.text);
    }
    // With unsaved edits, opening an example asks first; Cancel keeps the edits.
    crate::gui::edit(&mut h, DocId::Model, &["model.name=\"edited\""]);
    let edited = h.state().0.doc.text().to_string();
    command(
        &mut h,
        Command::OpenExample(DocId::Model, "models/r2-checkout.toml".into()),
    );
    has_text(&h, "Unsaved changes");
    command(&mut h, Command::Answer(Answer::Cancel));
    assert_eq!(h.state().0.doc.text(), edited);
    command(
        &mut h,
        Command::OpenExample(DocId::Model, "models/r2-checkout.toml".into()),
    );
    h.get_by_label("Discard changes").click();
    h.run();
    h.run();
    assert_eq!(h.state().0.model_title, "r2-checkout.toml (example)");
    // An edited scenario is asked about too.
    command(&mut h, Command::Show(Tab::Load));
    crate::gui::edit(&mut h, DocId::Scenario, &["scenario.average_rps=123"]);
    command(
        &mut h,
        Command::OpenExample(DocId::Scenario, "scenarios/normal-year.toml".into()),
    );
    has_text(&h, "the load scenario has changes that are not saved");
}
