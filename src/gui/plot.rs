//! Showing a [`Chart`] with egui_plot: the same series that PNG/SVG export draws. A right-click
//! on a chart asks (with a [`Command`]) to export it by its [`ChartId`].

use super::charts::ChartId;
use super::command::{ChartFormat, Command};
use crate::report::charts::{Chart, SeriesKind};
use egui::Color32;
use egui_plot::{Bar, BarChart, FilledArea, Legend, Line, Plot, PlotPoints, Points, Text, VLine};

fn color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Draw `chart` (the data of chart `id`, unique in the window) at the given height.
pub fn chart_ui(
    ui: &mut egui::Ui,
    id: &ChartId,
    chart: &Chart,
    height: f32,
    out: &mut Vec<Command>,
) {
    ui.label(egui::RichText::new(&chart.title).strong());
    if chart.horizontal {
        let shown = horizontal_ui(ui, id, chart, height);
        export_menu(shown, id, out);
        return;
    }
    let cats = chart.categories.clone();
    let mut plot = Plot::new(id.file_stem())
        .height(height)
        .x_axis_label(chart.x_label.clone())
        .y_axis_label(chart.y_label.clone())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false);
    if chart.series.len() > 1 {
        plot = plot.legend(Legend::default());
    }
    if !cats.is_empty() {
        plot = plot.x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                cats.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        });
    }
    let bars = chart
        .series
        .iter()
        .any(|s| matches!(s.kind, SeriesKind::Bars { .. }));
    let errorbars = chart
        .series
        .iter()
        .any(|s| matches!(s.kind, SeriesKind::ErrorBars { .. }));
    if bars && !errorbars {
        plot = plot.include_y(0.0);
    }
    // Error-bar caps: 0.08 of a category, or 1 % of a numeric x range.
    let cap = if chart.categories.is_empty() {
        let xs = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|q| q[0]));
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        if hi > lo { (hi - lo) * 0.01 } else { 0.08 }
    } else {
        0.08
    };
    let shown = plot.show(ui, |p| {
        for s in &chart.series {
            let c = color(s.color);
            match &s.kind {
                SeriesKind::Line => p.line(
                    Line::new(s.name.clone(), PlotPoints::from(s.points.clone()))
                        .color(c)
                        .width(2.0),
                ),
                SeriesKind::Step => {
                    let mut pts = Vec::with_capacity(s.points.len() * 2);
                    for w in s.points.windows(2) {
                        pts.push(w[0]);
                        pts.push([w[1][0], w[0][1]]);
                    }
                    if let Some(last) = s.points.last() {
                        pts.push(*last);
                    }
                    p.line(
                        Line::new(s.name.clone(), PlotPoints::from(pts))
                            .color(c)
                            .width(2.0),
                    );
                }
                SeriesKind::Bars { width } => {
                    // With error bars (availability near 1) start the bars just below the
                    // lowest interval so the differences are visible.
                    let base = if errorbars { chart_floor(chart) } else { 0.0 };
                    let bars: Vec<Bar> = s
                        .points
                        .iter()
                        .map(|q| {
                            Bar::new(q[0], q[1] - base)
                                .base_offset(base)
                                .width(*width)
                                .fill(c)
                        })
                        .collect();
                    p.bar_chart(BarChart::new(s.name.clone(), bars).color(c));
                }
                SeriesKind::Band { upper } => {
                    let xs: Vec<f64> = s.points.iter().map(|q| q[0]).collect();
                    let lo: Vec<f64> = s.points.iter().map(|q| q[1]).collect();
                    p.add(
                        FilledArea::new(s.name.clone(), &xs, &lo, upper)
                            .fill_color(c.gamma_multiply(0.35)),
                    );
                }
                SeriesKind::Points { radius } => p.points(
                    Points::new(s.name.clone(), PlotPoints::from(s.points.clone()))
                        .color(c)
                        .radius(*radius as f32),
                ),
                SeriesKind::Labels { texts } => {
                    for (q, t) in s.points.iter().zip(texts) {
                        // Named as the series: one legend entry for all the labels.
                        p.text(
                            Text::new(
                                s.name.clone(),
                                egui_plot::PlotPoint::new(q[0], q[1]),
                                format!("  {t}"),
                            )
                            .anchor(egui::Align2::LEFT_CENTER),
                        );
                    }
                }
                SeriesKind::ErrorBars { low, high } => {
                    for ((q, l), h) in s.points.iter().zip(low).zip(high) {
                        p.line(
                            Line::new(
                                s.name.clone(),
                                PlotPoints::from(vec![[q[0], *l], [q[0], *h]]),
                            )
                            .color(c)
                            .width(2.0),
                        );
                        for y in [*l, *h] {
                            p.line(
                                Line::new(
                                    s.name.clone(),
                                    PlotPoints::from(vec![[q[0] - cap, y], [q[0] + cap, y]]),
                                )
                                .color(c)
                                .width(2.0),
                            );
                        }
                    }
                }
            }
        }
        // Place marker labels from the data itself (plot bounds lag a frame behind).
        let top = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|q| q[1]))
            .filter(|y| y.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        let (bottom, top) = (0.0f64.min(top), if top.is_finite() { top } else { 1.0 });
        for (i, (x, label)) in chart.markers.iter().enumerate() {
            p.vline(VLine::new(label.clone(), *x).color(Color32::GRAY));
            // Stagger the labels so that close markers (p50 next to p90) stay readable.
            let y = top - (top - bottom) * (0.04 + 0.1 * i as f64);
            p.text(
                Text::new(
                    label.clone(),
                    egui_plot::PlotPoint::new(*x, y),
                    format!(" {label}"),
                )
                .anchor(egui::Align2::LEFT_TOP),
            );
        }
    });
    export_menu(shown.response, id, out);
}

/// Right-click any chart to export it (rebuilt from the data when the command is applied).
fn export_menu(response: egui::Response, id: &ChartId, out: &mut Vec<Command>) {
    response
        .on_hover_text("right-click to export this chart")
        .context_menu(|ui| {
            for (label, format) in [
                ("Export as PNG…", ChartFormat::Png),
                ("Export as SVG…", ChartFormat::Svg),
            ] {
                if ui.button(label).clicked() {
                    out.push(Command::ExportChart(id.clone(), format));
                    ui.close();
                }
            }
        });
}

/// A sideways bar chart (a tornado), as the PNG/SVG export draws it: the categories down the
/// left (the first at the top, every one named), the values along the bottom.
fn horizontal_ui(ui: &mut egui::Ui, id: &ChartId, chart: &Chart, height: f32) -> egui::Response {
    let n = chart.categories.len().max(1);
    let (bottom, top) = chart.row_range();
    // Room for the names: their width in the body font, at most 40 % of the plot.
    let names = chart
        .categories
        .iter()
        .map(|c| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(c.clone(), egui::FontId::proportional(12.0), Color32::WHITE)
                    .size()
                    .x
            })
        })
        .fold(40.0f32, f32::max)
        .min(ui.available_width() * 0.4)
        + 8.0;
    let mut plot = Plot::new(id.file_stem())
        .height(height)
        .x_axis_label(chart.x_label.clone())
        .y_axis_label(chart.y_label.clone())
        .y_axis_min_width(names)
        .include_x(0.0)
        .include_y(bottom)
        .include_y(top)
        .show_grid([true, false])
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| egui_plot::GridMark {
                    value: i as f64,
                    // A "coarse" mark for egui_plot: its name is drawn at full strength
                    // however close the rows are (the grid itself is off on this axis).
                    step_size: 100.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            chart
                .category_at_row(mark.value)
                .map(str::to_string)
                .unwrap_or_default()
        });
    if chart.series.len() > 1 {
        plot = plot.legend(Legend::default().position(egui_plot::Corner::RightBottom));
    }
    plot.show(ui, |p| {
        for s in &chart.series {
            let SeriesKind::Bars { width } = s.kind else {
                continue;
            };
            let c = color(s.color);
            let bars: Vec<Bar> = s
                .points
                .iter()
                .filter(|q| q[1].is_finite())
                .map(|q| Bar::new(chart.row_y(q[0]), q[1]).width(width).fill(c))
                .collect();
            p.bar_chart(BarChart::new(s.name.clone(), bars).color(c).horizontal());
        }
        p.vline(VLine::new("", 0.0).color(Color32::GRAY));
    })
    .response
}

fn chart_floor(chart: &Chart) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in &chart.series {
        if let SeriesKind::ErrorBars { low, high } = &s.kind {
            lo = low.iter().copied().fold(lo, f64::min);
            hi = high.iter().copied().fold(hi, f64::max);
        }
    }
    if lo.is_finite() && hi.is_finite() {
        lo - (hi - lo).max(1e-9) * 0.5
    } else {
        0.0
    }
}
