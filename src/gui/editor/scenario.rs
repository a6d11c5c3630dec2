//! The load scenario's form (the Load view): name, description and start date, average
//! load, growth and noise, the daily and weekly shapes as bars, and the peaks table. Every
//! change is a path edit of the scenario document (its own undo/redo).

use super::fields::{EditorView, Form, refused_ui, text_sized_ui, text_ui};
use super::peaks::{date_ui, peaks_ui};
use super::shape::{Shape, ShapeView, shape_ui};
use crate::edit::{Edit, EditPath, Kind};
use crate::gui::{App, Command, DocId};
use egui::RichText;

/// The scenario form's own state: typed text and the shapes' drag.
#[derive(Default)]
pub(crate) struct ScenarioView {
    form: EditorView,
    shapes: ShapeView,
}

fn key(k: &str) -> EditPath {
    EditPath::key(Kind::Scenario, "", &[k])
}

/// A labelled scenario number dragged or typed; a refusal shows beside it.
fn number_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    (label, k): (&str, &str),
    mut value: f64,
    drag: impl FnOnce(&mut f64) -> egui::DragValue<'_>,
) {
    let path = key(k);
    let field = path.to_string();
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let l = ui.label(label);
            if ui.add(drag(&mut value)).labelled_by(l.id).changed() {
                form.edit(&field, vec![Edit::set(path, value)]);
            }
        });
        refused_ui(form, ui, &field);
    });
}

/// The scenario's form.
pub(crate) fn scenario_ui(
    app: &App,
    view: &mut ScenarioView,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let Some(sc) = app.scenario.last_good() else {
        ui.label("No scenario: open one (scenarios/*.toml).");
        return;
    };
    let mut form = Form {
        app,
        view: &mut view.form,
        out,
        doc: DocId::Scenario,
    };
    let form = &mut form;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("name");
        text_ui(form, ui, l.id, "scenario.name", &sc.name, |new| {
            vec![Edit::set(key("name"), new)]
        });
        let l = ui
            .label("starts")
            .on_hover_text("the date of hour 0: it fixes weekdays and peak hours");
        date_ui(form, ui, (l.id, "scenario.start"), sc.start, |d| {
            vec![Edit::set(key("start"), toml::Value::Datetime(d))]
        });
    });
    ui.horizontal(|ui| {
        let l = ui.label("description");
        let width = (ui.available_width() - 10.0).max(180.0);
        let at = (l.id, "scenario.description");
        text_sized_ui(form, ui, at, &sc.description, width, |new| {
            vec![Edit::set(key("description"), new)]
        });
    });
    ui.horizontal_wrapped(|ui| {
        number_ui(
            form,
            ui,
            ("average requests/s", "average_rps"),
            sc.average_rps,
            |v| egui::DragValue::new(v).range(0.001..=1e9).speed(5.0),
        );
        number_ui(
            form,
            ui,
            ("growth per year", "growth_per_year"),
            sc.growth_per_year,
            |v| egui::DragValue::new(v).range(-0.99..=10.0).speed(0.01),
        );
        number_ui(
            form,
            ui,
            ("day-to-day noise σ", "noise_sigma"),
            sc.noise_sigma,
            |v| egui::DragValue::new(v).range(0.0..=2.0).speed(0.01),
        );
    });
    if let Some(csv) = &sc.series_csv {
        ui.label(
            RichText::new(format!(
                "hourly series {csv}: it replaces the shapes, growth and peaks below in runs"
            ))
            .weak(),
        );
    }
    ui.columns(2, |cols| {
        shape_ui(
            form,
            &mut cols[0],
            &mut view.shapes,
            Shape::Daily,
            &sc.daily_shape,
        );
        shape_ui(
            form,
            &mut cols[1],
            &mut view.shapes,
            Shape::Weekly,
            &sc.weekly_shape,
        );
    });
    ui.add_space(4.0);
    peaks_ui(form, ui, sc);
    if let Some(e) = app.scenario.problems() {
        for d in &e.diagnostics {
            super::fields::inline_error(ui, &format!("{}: {}", d.key, d.message));
        }
    }
}
