//! Drawing charts with plotters into PNG bytes or SVG text (no files: `io` writes them).

use super::charts::{Chart, SeriesKind};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;

static FONT: Once = Once::new();

fn register_font() {
    FONT.call_once(|| {
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../assets/DejaVuSans.ttf"),
        );
    });
}

/// A chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot draw chart: {0}")]
pub struct RenderError(pub String);

fn err<E: std::fmt::Debug>(e: E) -> RenderError {
    RenderError(format!("{e:?}"))
}

/// Render as SVG text.
pub fn svg(chart: &Chart, width: u32, height: u32) -> Result<String, RenderError> {
    register_font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(chart, &root)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

/// Render as PNG bytes.
pub fn png(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>, RenderError> {
    register_font();
    let mut buf = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw(chart, &root)?;
        root.present().map_err(err)?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&buf, width, height, image::ColorType::Rgb8)
        .map_err(err)?;
    Ok(png)
}

use image::ImageEncoder;

fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

fn bounds(chart: &Chart) -> ((f64, f64), (f64, f64)) {
    let errorbars = chart
        .series
        .iter()
        .any(|s| matches!(s.kind, SeriesKind::ErrorBars { .. }));
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    let mut see = |x: f64, y: f64| {
        if x.is_finite() && y.is_finite() {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    };
    for s in &chart.series {
        for p in &s.points {
            see(p[0], p[1]);
        }
        match &s.kind {
            SeriesKind::Band { upper } => {
                s.points.iter().zip(upper).for_each(|(p, u)| see(p[0], *u))
            }
            SeriesKind::ErrorBars { low, high } => {
                s.points
                    .iter()
                    .zip(low.iter().zip(high))
                    .for_each(|(p, (l, h))| {
                        see(p[0], *l);
                        see(p[0], *h);
                    });
            }
            SeriesKind::Bars { width } => s.points.iter().for_each(|p| {
                // With error bars (availability near 1) the axis starts near the data, as in
                // the workbench, so differences stay visible.
                see(p[0] - width / 2.0, if errorbars { p[1] } else { 0.0 });
                see(p[0] + width / 2.0, p[1]);
            }),
            _ => {}
        }
    }
    for (x, _) in &chart.markers {
        see(*x, 0.0);
    }
    if !x0.is_finite() {
        return ((0.0, 1.0), (0.0, 1.0));
    }
    if !chart.categories.is_empty() {
        x0 = -0.5;
        x1 = chart.categories.len() as f64 - 0.5;
    }
    let pad = |a: f64, b: f64| {
        if (b - a).abs() < 1e-12 {
            (a - 0.5 * a.abs().max(1e-9), b + 0.5 * b.abs().max(1e-9))
        } else {
            (a, b + (b - a) * 0.05)
        }
    };
    let bars = chart
        .series
        .iter()
        .any(|s| matches!(s.kind, SeriesKind::Bars { .. }));
    let (y0, y1) = pad(
        if bars
            && y0 >= 0.0
            && !chart
                .series
                .iter()
                .any(|s| matches!(s.kind, SeriesKind::ErrorBars { .. }))
        {
            0.0
        } else {
            y0
        },
        y1,
    );
    (pad(x0, x1), (y0, y1))
}

/// An axis tick as short text: 2.5M, 40k, 0.25, 99.95 (no trailing zeros).
fn tick(v: f64) -> String {
    let trim = |t: String| {
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    };
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", v / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", v / 1e3)))
    } else if a >= 100.0 || a == 0.0 {
        trim(format!("{v:.2}"))
    } else {
        trim(format!("{v:.4}"))
    }
}

/// The coordinates every chart is drawn in.
type Grid =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

/// The legend box of every chart with more than one series, at `at`.
fn legend<'a, DB: DrawingBackend + 'a>(
    cc: &mut ChartContext<'a, DB, Grid>,
    at: SeriesLabelPosition,
) -> Result<(), RenderError> {
    cc.configure_series_labels()
        .position(at)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)
}

/// A category name cut to `room` characters (at least 2), ending in "…" when cut.
fn cut(name: &str, room: usize) -> String {
    if name.chars().count() > room {
        format!(
            "{}…",
            name.chars().take(room.max(2) - 1).collect::<String>()
        )
    } else {
        name.to_string()
    }
}

/// A sideways bar chart (a tornado): categories down the left, the first at the top, values
/// along the bottom with a line at zero. Only bar series are drawn.
fn draw_horizontal<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), RenderError> {
    let n = chart.categories.len().max(1);
    let (bottom, top) = chart.row_range();
    let (mut v0, mut v1) = (0.0f64, 0.0f64);
    for s in &chart.series {
        for p in s.points.iter().filter(|p| p[1].is_finite()) {
            v0 = v0.min(p[1]);
            v1 = v1.max(p[1]);
        }
    }
    let span = (v1 - v0).max(1e-12);
    let (v0, v1) = (v0 - span * 0.05, v1 + span * 0.05);
    // Room for the names on the left: about 7 px a character, at most 40 % of the width.
    let (w, _) = root.dim_in_pixel();
    let longest = chart.categories.iter().map(|c| c.chars().count()).max();
    let area = (longest.unwrap_or(4) * 7 + 16).clamp(60, (w as usize * 2) / 5);
    let room = (area.saturating_sub(16) / 7).max(3);
    let mut cc = ChartBuilder::on(root)
        .caption(&chart.title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(area as u32)
        .build_cartesian_2d(v0..v1, bottom..top)
        .map_err(err)?;
    let label_cat = |y: &f64| {
        chart
            .category_at_row(*y)
            .map(|c| cut(c, room))
            .unwrap_or_default()
    };
    cc.configure_mesh()
        .x_label_formatter(&|v| tick(*v))
        .y_labels(n * 2 + 1)
        .y_label_formatter(&label_cat)
        .disable_y_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .label_style(("sans-serif", 13))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    for s in &chart.series {
        let SeriesKind::Bars { width } = s.kind else {
            continue;
        };
        let color = rgb(s.color);
        let h = width / 2.0;
        cc.draw_series(s.points.iter().filter(|p| p[1].is_finite()).map(|p| {
            let y = chart.row_y(p[0]);
            Rectangle::new([(0.0, y - h), (p[1], y + h)], color.filled())
        }))
        .map_err(err)?
        .label(&s.name)
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    cc.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, bottom), (0.0, top)],
        BLACK.stroke_width(1),
    )))
    .map_err(err)?;
    if chart.series.len() > 1 {
        legend(&mut cc, SeriesLabelPosition::LowerRight)?;
    }
    Ok(())
}

fn draw<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), RenderError> {
    root.fill(&WHITE).map_err(err)?;
    if chart.horizontal {
        return draw_horizontal(chart, root);
    }
    let ((x0, x1), (y0, y1)) = bounds(chart);
    let cats = chart.categories.clone();
    // Category names are cut to the room each has (about 7 px a character at 12 px), so
    // they never run into each other; tables beside the charts give the full names.
    let (w, _) = root.dim_in_pixel();
    let room = if cats.is_empty() {
        usize::MAX
    } else {
        ((w.saturating_sub(100) as usize / cats.len()) / 7).max(3)
    };
    let mut cc = ChartBuilder::on(root)
        .caption(&chart.title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(if cats.is_empty() { 40 } else { 70 })
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let label_cat = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            cats.get(i as usize)
                .map(|c| cut(c, room))
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut mesh = cc.configure_mesh();
    mesh.y_label_formatter(&|v| tick(*v));
    if cats.is_empty() {
        mesh.x_label_formatter(&|v| tick(*v));
    }
    mesh.x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .label_style(("sans-serif", 13))
        .light_line_style(RGBColor(235, 235, 235));
    if !cats.is_empty() {
        mesh.x_labels(cats.len() * 2 + 1)
            .x_label_formatter(&label_cat)
            .disable_x_mesh();
    }
    mesh.draw().map_err(err)?;
    for s in &chart.series {
        let color = rgb(s.color);
        match &s.kind {
            SeriesKind::Line => {
                cc.draw_series(LineSeries::new(
                    s.points.iter().map(|p| (p[0], p[1])),
                    color.stroke_width(2),
                ))
                .map_err(err)?
                .label(&s.name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                });
            }
            SeriesKind::Step => {
                let mut pts = Vec::with_capacity(s.points.len() * 2);
                for w in s.points.windows(2) {
                    pts.push((w[0][0], w[0][1]));
                    pts.push((w[1][0], w[0][1]));
                }
                if let Some(last) = s.points.last() {
                    pts.push((last[0], last[1]));
                    pts.push((x1, last[1]));
                }
                cc.draw_series(LineSeries::new(pts, color.stroke_width(2)))
                    .map_err(err)?
                    .label(&s.name)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                    });
            }
            SeriesKind::Bars { width } => {
                let w = *width / 2.0;
                cc.draw_series(s.points.iter().map(|p| {
                    Rectangle::new(
                        [(p[0] - w, 0.0f64.max(y0)), (p[0] + w, p[1])],
                        color.filled(),
                    )
                }))
                .map_err(err)?
                .label(&s.name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                });
            }
            SeriesKind::Band { upper } => {
                let mut poly: Vec<(f64, f64)> = s.points.iter().map(|p| (p[0], p[1])).collect();
                poly.extend(s.points.iter().zip(upper).rev().map(|(p, u)| (p[0], *u)));
                let fill = color.mix(0.3);
                cc.draw_series(std::iter::once(Polygon::new(poly, fill.filled())))
                    .map_err(err)?
                    .label(&s.name)
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 12, y + 5)], fill.filled())
                    });
            }
            SeriesKind::Points { radius } => {
                let r = radius.round().max(1.0) as i32;
                cc.draw_series(
                    s.points
                        .iter()
                        .map(|p| Circle::new((p[0], p[1]), r, color.filled())),
                )
                .map_err(err)?
                .label(&s.name)
                .legend(move |(x, y)| Circle::new((x + 6, y), r, color.filled()));
            }
            SeriesKind::Labels { texts } => {
                cc.draw_series(s.points.iter().zip(texts).map(|(p, t)| {
                    Text::new(
                        format!("  {t}"),
                        (p[0], p[1]),
                        ("sans-serif", 12).into_font().color(&BLACK),
                    )
                }))
                .map_err(err)?;
            }
            SeriesKind::ErrorBars { low, high } => {
                cc.draw_series(
                    s.points
                        .iter()
                        .zip(low.iter().zip(high))
                        .map(|(p, (l, h))| {
                            ErrorBar::new_vertical(p[0], *l, p[1], *h, color.stroke_width(2), 10)
                        }),
                )
                .map_err(err)?
                .label(&s.name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x + 6, y - 6), (x + 6, y + 6)], color.stroke_width(2))
                });
            }
        }
    }
    for (i, (x, label)) in chart.markers.iter().enumerate() {
        let c = RGBColor(120, 120, 120);
        cc.draw_series(std::iter::once(PathElement::new(
            vec![(*x, y0), (*x, y1)],
            c.stroke_width(1),
        )))
        .map_err(err)?;
        let y = y1 - (y1 - y0) * (0.06 + 0.07 * i as f64);
        cc.draw_series(std::iter::once(Text::new(
            label.clone(),
            (*x, y),
            ("sans-serif", 12).into_font().color(&BLACK),
        )))
        .map_err(err)?;
    }
    if chart.series.len() > 1 {
        legend(&mut cc, SeriesLabelPosition::MiddleRight)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::{Series, SeriesKind};

    fn sample() -> Chart {
        Chart {
            horizontal: false,
            title: "t".into(),
            x_label: "x (h)".into(),
            y_label: "y".into(),
            series: vec![Series {
                name: "s".into(),
                kind: SeriesKind::Bars { width: 0.5 },
                points: vec![[0.0, 1.0], [1.0, 2.0]],
                color: [0, 0, 0],
            }],
            markers: vec![(0.5, "p50".into())],
            categories: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn png_and_svg_render() {
        let p = png(&sample(), 320, 200).expect("png");
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
        let s = svg(&sample(), 320, 200).expect("svg");
        assert!(s.starts_with("<svg") && s.contains("x (h)"));
    }

    #[test]
    fn scatter_draws_one_circle_per_point() {
        let chart = Chart {
            series: vec![Series {
                name: "options".into(),
                kind: SeriesKind::Points { radius: 4.0 },
                points: vec![[0.1, 0.2], [0.5, 0.4], [0.9, 0.7]],
                color: [0, 0, 0],
            }],
            ..Chart::default()
        };
        let s = svg(&chart, 320, 200).expect("svg");
        // Three dots plus none elsewhere (a single series draws no legend).
        assert_eq!(s.matches("<circle").count(), 3, "{s}");
    }

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(2_000_000.0), "2M");
        assert_eq!(tick(6_094_795.0), "6.09M");
        assert_eq!(tick(40_000.0), "40k");
        assert_eq!(tick(250.0), "250");
        assert_eq!(tick(99.95), "99.95");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(-15_000.0), "-15k");
    }

    #[test]
    fn a_tornado_lies_on_its_side_widest_on_top() {
        use crate::report::decision_charts::{TornadoBar, tornado};
        let rows: Vec<TornadoBar> = ["widest", "middle", "narrowest"]
            .iter()
            .zip([3.0, 2.0, 0.5])
            .map(|(l, w)| TornadoBar {
                label: (*l).into(),
                low: -w,
                high: w / 2.0,
            })
            .collect();
        let s = svg(
            &tornado("T", "change of loss (USD per year)", &rows),
            640,
            320,
        )
        .expect("svg");
        // Every name is drawn once, down the left, the first row at the top.
        let y_of = |name: &str| -> f64 {
            let end = s
                .find(&format!(">\n{name}\n</text>"))
                .unwrap_or_else(|| panic!("{name} not in {s}"));
            let tag = &s[s[..end].rfind("<text").expect("tag")..end];
            let y = &tag[tag.find(" y=\"").expect("y") + 4..];
            y[..y.find('"').expect("quote")].parse().expect("number")
        };
        assert!(y_of("widest") < y_of("middle") && y_of("middle") < y_of("narrowest"));
        assert!(
            s.contains("change of loss (USD per year)"),
            "values along the bottom"
        );
        // Three bars of each colour (down and up per row) plus its legend swatch.
        for fill in ["#56B4E9", "#E69F00"] {
            assert_eq!(
                s.matches(&format!("fill=\"{fill}\"")).count(),
                4,
                "{fill}: {s}"
            );
        }
    }

    #[test]
    fn empty_chart_renders() {
        assert!(png(&Chart::default(), 100, 100).is_ok());
    }
}
