//! The scenario's daily (24 hours) and weekly (Monday..Sunday) shapes as bars you drag: a
//! drag moves the bar it started on and is applied when released, as one edit (one undo
//! step); a click picks a bar to type its value. The bars show the factors as the file
//! writes them (the reader normalises each shape to mean 1 when it is used).

use super::fields::{Form, inline_error, number_text_ui, remove};
use crate::edit::{Edit, EditPath, Kind};
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, vec2};

/// Which shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `daily_shape`: hours 0..23.
    Daily,
    /// `weekly_shape`: Monday..Sunday.
    Weekly,
}

impl Shape {
    fn key(self) -> &'static str {
        match self {
            Shape::Daily => "daily_shape",
            Shape::Weekly => "weekly_shape",
        }
    }

    fn label(self, i: usize) -> String {
        match self {
            Shape::Daily => format!("{i:02}"),
            Shape::Weekly => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                .get(i)
                .map_or_else(|| i.to_string(), |d| d.to_string()),
        }
    }

    fn entry_name(self, i: usize) -> String {
        match self {
            Shape::Daily => format!("hour {i}"),
            Shape::Weekly => self.label(i),
        }
    }
}

/// A bar being dragged: its value so far, on the scale frozen when the drag started.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    shape: Shape,
    index: usize,
    value: f64,
    top: f64,
}

/// The shapes' own state: the drag in progress, the bar picked for typing, drags so far.
#[derive(Debug, Default)]
pub(crate) struct ShapeView {
    drag: Option<Drag>,
    picked: Option<(Shape, usize)>,
    drags: u64,
}

/// The factors the file writes for `shape` (`None`: the key is absent or not a list of
/// numbers of the right length).
pub(crate) fn written(text: &str, shape: Shape) -> Option<Vec<f64>> {
    let t: toml::Table = toml::from_str(text).ok()?;
    let arr = t.get("scenario")?.get(shape.key())?.as_array()?;
    let want = if shape == Shape::Daily { 24 } else { 7 };
    let v: Option<Vec<f64>> = arr
        .iter()
        .map(|x| x.as_float().or_else(|| x.as_integer().map(|i| i as f64)))
        .collect();
    v.filter(|v| v.len() == want)
}

/// The edits that set bar `i` of `shape` to `v`: that entry when the file lists the shape,
/// else the whole list (its current factors with bar `i` changed).
pub(crate) fn bar_edits(listed: bool, shown: &[f64], shape: Shape, i: usize, v: f64) -> Vec<Edit> {
    let v = (v * 1000.0).round() / 1000.0;
    if listed {
        let path = EditPath::key(Kind::Scenario, "", &[shape.key(), &i.to_string()]);
        return vec![Edit::set(path, v)];
    }
    let list = shown
        .iter()
        .enumerate()
        .map(|(j, x)| {
            let x = if j == i {
                v
            } else {
                (x * 1000.0).round() / 1000.0
            };
            toml::Value::Float(x)
        })
        .collect();
    let path = EditPath::key(Kind::Scenario, "", &[shape.key()]);
    vec![Edit::set(path, toml::Value::Array(list))]
}

/// The bars of one shape; returns a finished drag as (bar, value).
fn bars_ui(
    ui: &mut egui::Ui,
    view: &mut ShapeView,
    shape: Shape,
    values: &[f64],
) -> Option<(usize, f64)> {
    let width = ui.available_width().clamp(240.0, 620.0);
    let (rect, r) = ui.allocate_exact_size(vec2(width, 130.0), Sense::click_and_drag());
    let name = format!("{} bars", shape.key().replace('_', " "));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Other, true, &name));
    let plot = Rect::from_min_max(rect.min + vec2(0.0, 14.0), rect.max - vec2(0.0, 16.0));
    let n = values.len().max(1);
    let slot = plot.width() / n as f32;
    let max = values.iter().copied().fold(0.0, f64::max);
    let drag = view.drag.filter(|d| d.shape == shape);
    let top = drag.map_or((max * 1.25).max(1.5), |d| d.top);
    let value_at = |y: f32| {
        let v = f64::from((plot.bottom() - y) / plot.height()) * top;
        (v.clamp(0.0, top) * 100.0).round() / 100.0
    };
    let bar_at = |x: f32| (((x - plot.left()) / slot).floor().max(0.0) as usize).min(n - 1);
    let mut done = None;
    if let Some(p) = r.interact_pointer_pos() {
        if r.drag_started() {
            view.drag = Some(Drag {
                shape,
                index: bar_at(p.x),
                value: value_at(p.y),
                top,
            });
        } else if let Some(d) = view.drag.as_mut().filter(|d| d.shape == shape) {
            d.value = value_at(p.y);
        }
    }
    if r.drag_stopped()
        && let Some(d) = view.drag.take().filter(|d| d.shape == shape)
    {
        view.drags += 1;
        view.picked = Some((shape, d.index));
        done = Some((d.index, d.value));
    } else if r.clicked()
        && let Some(p) = r.interact_pointer_pos()
    {
        view.picked = Some((shape, bar_at(p.x)));
    }
    let drag = view.drag.filter(|d| d.shape == shape);
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        Stroke::new(1.0, weak),
    );
    let y_of = |v: f64| plot.bottom() - (v / top) as f32 * plot.height();
    for (i, v) in values.iter().enumerate() {
        let v = match drag {
            Some(d) if d.index == i => d.value,
            _ => *v,
        };
        let x0 = plot.left() + slot * i as f32 + slot * 0.12;
        let bar = Rect::from_min_max(
            Pos2::new(x0, y_of(v)),
            Pos2::new(x0 + slot * 0.76, plot.bottom()),
        );
        let active = drag.is_some_and(|d| d.index == i) || view.picked == Some((shape, i));
        let fill = if active {
            Color32::from_rgb(230, 120, 20)
        } else {
            Color32::from_rgb(70, 130, 180)
        };
        painter.rect_filled(bar, 1.0, fill);
        let every = if n > 12 { 3 } else { 1 };
        if i.is_multiple_of(every) {
            painter.text(
                Pos2::new(bar.center().x, plot.bottom() + 2.0),
                egui::Align2::CENTER_TOP,
                shape.label(i),
                egui::FontId::proportional(10.0),
                weak,
            );
        }
        if active {
            painter.text(
                Pos2::new(bar.center().x, bar.top() - 2.0),
                egui::Align2::CENTER_BOTTOM,
                format!("{v:.2}"),
                egui::FontId::proportional(11.0),
                text,
            );
        }
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let y = y_of(mean);
    painter.line_segment(
        [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
        Stroke::new(1.0, Color32::from_rgba_unmultiplied(120, 120, 120, 160)),
    );

    done
}

/// One shape: its bars, the picked bar's value, and a reset to the default.
pub(crate) fn shape_ui(
    form: &mut Form,
    ui: &mut egui::Ui,
    view: &mut ShapeView,
    shape: Shape,
    normalised: &[f64],
) {
    let text = form.app.scenario.text();
    let listed = written(text, shape);
    let values = listed.clone().unwrap_or_else(|| normalised.to_vec());
    let (title, reset, default) = match shape {
        Shape::Daily => (
            "daily shape (hours 0..23)",
            "default curve",
            "the default e-commerce curve (reference-data §4)",
        ),
        Shape::Weekly => (
            "weekly shape (Monday..Sunday)",
            "flat week",
            "every day alike",
        ),
    };
    let key_path = EditPath::key(Kind::Scenario, "", &[shape.key()]);
    let drag_field = format!("{key_path}@drag");
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).strong());
        if listed.is_none() {
            ui.label(RichText::new(format!("(not in the file: {default})")).weak());
        } else if ui
            .small_button(reset)
            .on_hover_text(format!("remove {} from the file: {default}", shape.key()))
            .clicked()
        {
            form.edit_from_button(&drag_field, vec![remove(key_path.clone())]);
        }
    });
    if let Some((i, v)) = bars_ui(ui, view, shape, &values) {
        // Each drag is its own field, so two quick drags are still two undo steps.
        let field = format!("{drag_field}{}", view.drags);
        form.edit(&field, bar_edits(listed.is_some(), &values, shape, i, v));
    }
    for m in form
        .refused(&format!("{drag_field}{}", view.drags))
        .to_vec()
    {
        inline_error(ui, &m);
    }
    let picked = match view.picked {
        Some((s, i)) if s == shape && i < values.len() => Some(i),
        _ => None,
    };
    ui.horizontal(|ui| match picked {
        Some(i) => {
            let l = ui.label(format!("{} factor", shape.entry_name(i)));
            ui.vertical(|ui| {
                if listed.is_some() {
                    let path = EditPath::key(Kind::Scenario, "", &[shape.key(), &i.to_string()]);
                    number_text_ui(form, ui, l.id, path, values[i]);
                } else {
                    let field = format!("{key_path}.{i}");
                    super::fields::number_text_with_ui(form, ui, (l.id, &field), values[i], |v| {
                        bar_edits(false, &values, shape, i, v)
                    });
                }
            });
        }
        None => {
            ui.label(RichText::new("drag a bar to change it; click one to type its value").weak());
        }
    });
    let sum: f64 = normalised.iter().sum();
    let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
    if let Some((i, top)) = normalised
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .filter(|_| sum > 0.0)
    {
        ui.label(
            RichText::new(format!(
                "factors average {mean:.2} (grey line); busiest: {} at {top:.2}× the average (used normalised to mean 1)",
                shape.entry_name(i)
            ))
            .weak(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_one_entry_when_listed_and_the_whole_list_otherwise() {
        let shown = [1.0, 2.0, 0.5, 1.0, 1.0, 1.0, 0.5];
        let e = bar_edits(true, &shown, Shape::Weekly, 2, 0.7654);
        assert_eq!(e[0].to_string(), "scenario.weekly_shape.2=0.765");
        let e = bar_edits(false, &shown, Shape::Weekly, 1, 1.5);
        assert_eq!(
            e[0].to_string(),
            "scenario.weekly_shape=[1.0, 1.5, 0.5, 1.0, 1.0, 1.0, 0.5]"
        );
        let text =
            "[scenario]\nname = \"s\"\naverage_rps = 1\nweekly_shape = [1, 2, 3, 4, 5, 6, 7]\n";
        assert_eq!(
            written(text, Shape::Weekly),
            Some(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
        );
        assert_eq!(written(text, Shape::Daily), None);
    }
}
