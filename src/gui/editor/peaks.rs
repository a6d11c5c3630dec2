//! The scenario's peak events (`[[peak]]`) as a table: name (a rename), first day, length in
//! hours, multiplier against a normal day, the busiest hour against that day's average;
//! remove a row, add one.

use super::fields::{Form, parsed_text_ui, refused_ui, remove, text_sized_ui};
use crate::edit::{Edit, EditPath, Kind, Op};
use crate::scenario::{CivilDate, MAX_INTRADAY_PEAK, MAX_PEAK_HOURS, Peak, Scenario};
use egui::RichText;

/// A date typed as `YYYY-MM-DD`, as a TOML date (`None` when it is not one).
pub(crate) fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    let d: toml::value::Datetime = text.trim().parse().ok()?;
    (d.date.is_some() && d.time.is_none() && d.offset.is_none()).then_some(d)
}

/// A date field: each change that reads as a date sends `make(date)`; other text stays with
/// the reason beside it.
pub(crate) fn date_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    at: (egui::Id, &str),
    current: CivilDate,
    make: impl FnOnce(toml::value::Datetime) -> Vec<Edit>,
) {
    let what = "a date like 2026-11-27";
    parsed_text_ui(form, ui, at, &current.to_string(), (parse_date, what), make);
}

/// A free name for a new peak: "Peak 1", "Peak 2"…
fn fresh_peak_name(sc: &Scenario) -> String {
    (1..)
        .map(|i| format!("Peak {i}"))
        .find(|n| !sc.peaks.iter().any(|p| &p.name == n))
        .unwrap_or_else(|| "Peak".into())
}

/// A new peak: the 15th of the month after the scenario's start, one day at twice the load.
pub(crate) fn new_peak(sc: &Scenario) -> (String, toml::Table) {
    let (y, m) = if sc.start.month >= 12 {
        (sc.start.year + 1, 1)
    } else {
        (sc.start.year, sc.start.month + 1)
    };
    let mut t = toml::Table::new();
    if let Some(d) = parse_date(&format!("{y:04}-{m:02}-15")) {
        t.insert("date".into(), toml::Value::Datetime(d));
    }
    t.insert("duration_hours".into(), 24.into());
    t.insert("multiplier".into(), 2.0.into());
    (fresh_peak_name(sc), t)
}

fn peak_key(p: &Peak, keys: &[&str]) -> EditPath {
    EditPath::key(Kind::Peak, &p.name, keys)
}

/// The peaks table with its add button.
pub(crate) fn peaks_ui(form: &mut Form, ui: &mut egui::Ui, sc: &Scenario) {
    ui.label(RichText::new("peaks").strong()).on_hover_text(
        "days whose average load is a multiple of a normal day's (they start at midnight)",
    );
    let mut heads = Vec::new();
    egui::Grid::new("peaks")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "name",
                "first day",
                "hours",
                "× normal day",
                "busiest hour ×",
                "",
            ] {
                heads.push(ui.label(RichText::new(h).weak()).id);
            }
            ui.end_row();
            for (i, p) in sc.peaks.iter().enumerate() {
                row_ui(form, ui, &heads, i, p);
                ui.end_row();
            }
        });
    if sc.peaks.is_empty() {
        ui.label(RichText::new("(no peaks: every day is a normal day)").weak());
    }
    if ui
        .button("+ peak")
        .on_hover_text("add a one-day peak at twice a normal day's load")
        .clicked()
    {
        let (name, table) = new_peak(sc);
        let edit = Edit {
            path: EditPath::table(Kind::Peak, &name),
            op: Op::Add(table),
        };
        form.edit_from_button("peaks", vec![edit]);
    }
    refused_ui(form, ui, "peaks");
}

fn row_ui(form: &mut Form, ui: &mut egui::Ui, heads: &[egui::Id], i: usize, p: &Peak) {
    // Fields by row, not by name: the name changes as it is typed.
    let row = format!("peak#{i}");
    ui.vertical(|ui| {
        let path = peak_key(p, &["name"]);
        let at = (heads[0], format!("{row}.name"));
        text_sized_ui(form, ui, (at.0, &at.1), &p.name, 120.0, |new| {
            vec![Edit::set(path, new)]
        });
    });
    ui.vertical(|ui| {
        let path = peak_key(p, &["date"]);
        date_ui(form, ui, (heads[1], &format!("{row}.date")), p.date, |d| {
            vec![Edit::set(path, toml::Value::Datetime(d))]
        });
    });
    ui.vertical(|ui| {
        let path = peak_key(p, &["duration_hours"]);
        let field = path.to_string();
        let mut h = p.duration_hours;
        if ui
            .add(egui::DragValue::new(&mut h).range(1..=MAX_PEAK_HOURS))
            .labelled_by(heads[2])
            .changed()
        {
            form.edit(&field, vec![Edit::set(path, i64::from(h))]);
        }
        refused_ui(form, ui, &field);
    });
    ui.vertical(|ui| {
        let path = peak_key(p, &["multiplier"]);
        let field = path.to_string();
        let mut m = p.multiplier;
        if ui
            .add(
                egui::DragValue::new(&mut m)
                    .range(0.01..=1000.0)
                    .speed(0.05),
            )
            .labelled_by(heads[3])
            .changed()
        {
            form.edit(&field, vec![Edit::set(path, m)]);
        }
        refused_ui(form, ui, &field);
    });
    ui.vertical(|ui| {
        let path = peak_key(p, &["intraday_peak"]);
        let field = path.to_string();
        ui.horizontal(|ui| {
            let mut on = p.intraday_peak.is_some();
            let mut v = p.intraday_peak.unwrap_or(1.5);
            let mut changed = ui
                .checkbox(&mut on, "")
                .on_hover_text("set how much busier than the day's average its busiest hour is (else the daily shape decides)")
                .changed();
            if on {
                changed |= ui
                    .add(egui::DragValue::new(&mut v).range(1.0..=MAX_INTRADAY_PEAK).speed(0.01))
                    .labelled_by(heads[4])
                    .changed();
            }
            if changed {
                let edit = if on {
                    Edit::set(path.clone(), v)
                } else {
                    remove(path.clone())
                };
                form.edit(&field, vec![edit]);
            }
        });
        refused_ui(form, ui, &field);
    });
    if ui
        .small_button("🗑")
        .on_hover_text(format!("remove the peak {}", p.name))
        .clicked()
    {
        form.edit_from_button("peaks", vec![remove(EditPath::table(Kind::Peak, &p.name))]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_dates_only() {
        assert!(parse_date("2026-11-27").is_some());
        assert!(parse_date(" 2026-11-27 ").is_some());
        assert!(parse_date("2026-11-27T10:00:00").is_none());
        assert!(parse_date("27/11/2026").is_none());
        assert!(parse_date("2026-13-01").is_none());
    }

    #[test]
    fn a_new_peak_is_valid_in_the_built_in_scenario() {
        let text = crate::gui::DEFAULT_SCENARIO;
        let sc = crate::scenario::parse_scenario(text, "s.toml").expect("valid");
        let (name, table) = new_peak(&sc);
        assert_eq!(name, "Peak 1");
        let edit = Edit {
            path: EditPath::table(Kind::Peak, &name),
            op: Op::Add(table),
        };
        let new = crate::edit::apply_to_text(text, &[edit]).expect("applies");
        let sc2 = crate::scenario::parse_scenario(&new, "s.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sc2.peaks.len(), sc.peaks.len() + 1);
        let p = sc2.peaks.last().expect("added");
        assert_eq!((p.date.month, p.date.day, p.multiplier), (2, 15, 2.0));
    }
}
