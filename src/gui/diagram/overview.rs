//! The diagram's overview parts: the legend of regions and zones with their downtime
//! shares, and the minimap with the viewport (click or drag it to move).

use super::scene::{Scene, UnitKind};
use super::style::{CAUSE, ERROR, Frame, PALETTE, zone_color};
use super::{Camera, DiagramAction};
use crate::edit::Kind;
use egui::{Align2, Color32, CornerRadius, FontId, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

pub(super) fn legend(ui: &egui::Ui, painter: &egui::Painter, f: &Frame) {
    let g = f.graph;
    let share = |key: &str| f.input.caused.get(key).copied().filter(|s| *s >= 0.005);
    // Regions, each followed by its zones on one line when there are many; zones outside
    // any region on lines of their own.
    let mut lines: Vec<(Option<Color32>, String, Option<f64>)> = Vec::new();
    let few = g.zones.len() <= 4;
    let pct = |s: Option<f64>| {
        s.map(|s| format!(" {:.0} %", s * 100.0))
            .unwrap_or_default()
    };
    for (i, d) in g.regions.iter().enumerate() {
        lines.push((
            Some(PALETTE[i % PALETTE.len()]),
            d.description.clone(),
            share(&d.cause_key),
        ));
        let zones: Vec<usize> = (0..g.zones.len())
            .filter(|&z| g.zones[z].region == Some(i))
            .collect();
        if few {
            for &z in &zones {
                let d = &g.zones[z];
                lines.push((None, format!("   {}", d.description), share(&d.cause_key)));
            }
        } else if !zones.is_empty() {
            let any = zones
                .iter()
                .any(|&z| share(&g.zones[z].cause_key).is_some());
            let names: Vec<String> = zones
                .iter()
                .map(|&z| format!("{}{}", g.zones[z].name, pct(share(&g.zones[z].cause_key))))
                .collect();
            let text = format!(
                "   {} zones: {}{}",
                zones.len(),
                names.join(", "),
                if any { " of downtime" } else { "" }
            );
            lines.push((None, text, None));
        }
    }
    for (z, d) in g
        .zones
        .iter()
        .enumerate()
        .filter(|(_, d)| d.region.is_none())
    {
        lines.push((
            Some(zone_color(g, z)),
            d.description.clone(),
            share(&d.cause_key),
        ));
    }
    if lines.is_empty() {
        return;
    }
    let row = 14.0;
    let font = FontId::proportional(11.0);
    let texts: Vec<String> = lines
        .iter()
        .map(|(_, t, s)| match s {
            Some(s) => format!("{t}  —  {:.0}% of downtime", s * 100.0),
            None => t.clone(),
        })
        .collect();
    let width = texts
        .iter()
        .map(|t| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let top = f.canvas.bottom() - 10.0 - row * lines.len() as f32;
    let v = ui.visuals();
    painter.rect_filled(
        Rect::from_min_size(
            pos2(f.canvas.left() + 4.0, top - 4.0),
            vec2(width + 24.0, row * lines.len() as f32 + 8.0),
        ),
        CornerRadius::same(4),
        v.extreme_bg_color.gamma_multiply(0.85),
    );
    for (k, ((color, _, s), text)) in lines.iter().zip(texts).enumerate() {
        let y = top + row * k as f32;
        let x = f.canvas.left() + 8.0;
        if let Some(c) = color {
            painter.rect_filled(
                Rect::from_min_size(pos2(x, y + 3.0), vec2(8.0, 8.0)),
                CornerRadius::same(1),
                *c,
            );
        }
        let tc = if s.is_some() {
            CAUSE
        } else {
            v.weak_text_color()
        };
        painter.text(pos2(x + 12.0, y), Align2::LEFT_TOP, text, font.clone(), tc);
    }
}

pub(super) fn minimap_ui(
    ui: &mut egui::Ui,
    scene: &Scene,
    f: &Frame,
    selected: Option<usize>,
    out: &mut Vec<DiagramAction>,
) {
    let size = scene.layout.size;
    let zoom = f.cam.zoom;
    if size[0] * zoom <= f.canvas.width() && size[1] * zoom <= f.canvas.height() {
        return;
    }
    let scale = (200.0 / size[0].max(1.0)).min(140.0 / size[1].max(1.0));
    let mini = Rect::from_min_size(
        f.canvas.right_bottom() - vec2(size[0] * scale + 12.0, size[1] * scale + 12.0),
        vec2(size[0] * scale, size[1] * scale),
    );
    let painter = ui.painter_at(f.canvas);
    let v = ui.visuals();
    painter.rect(
        mini.expand(4.0),
        CornerRadius::same(4),
        v.window_fill.gamma_multiply(0.92),
        v.window_stroke,
        StrokeKind::Outside,
    );
    let to_mini = |p: [f32; 2]| pos2(mini.left() + p[0] * scale, mini.top() + p[1] * scale);
    for (u, unit) in scene.units.iter().enumerate() {
        let c = f
            .moved
            .and_then(|m| m.get(&unit.key).copied())
            .unwrap_or(scene.layout.centers[u]);
        let [w, h] = scene.layout.sizes[u];
        let r =
            Rect::from_center_size(to_mini(c), vec2((w * scale).max(1.5), (h * scale).max(1.5)));
        let flagged = unit
            .members
            .iter()
            .any(|&n| f.input.flagged.contains(&f.graph.nodes[n].key));
        let color = if flagged {
            ERROR
        } else if selected == Some(u) {
            v.selection.stroke.color
        } else if let UnitKind::Node(Kind::Service) = unit.kind {
            Color32::from_rgb(0, 114, 178)
        } else {
            v.weak_text_color()
        };
        painter.rect_filled(r, CornerRadius::ZERO, color);
    }
    let a = f.cam.to_world(f.canvas, f.canvas.min);
    let b = f.cam.to_world(f.canvas, f.canvas.max);
    let seen = Rect::from_min_max(to_mini(a), to_mini(b)).intersect(mini.expand(4.0));
    painter.rect_stroke(
        seen,
        CornerRadius::same(2),
        Stroke::new(1.5, v.selection.bg_fill),
        StrokeKind::Outside,
    );
    let resp = ui
        .interact(
            mini.expand(4.0),
            ui.id().with("minimap"),
            Sense::click_and_drag(),
        )
        .on_hover_text("overview: click or drag to move the view");
    if let Some(p) = resp
        .interact_pointer_pos()
        .filter(|_| resp.is_pointer_button_down_on() || resp.clicked())
    {
        let world = [(p.x - mini.left()) / scale, (p.y - mini.top()) / scale];
        out.push(DiagramAction::Camera(
            f.view.to_string(),
            Camera {
                zoom,
                center: world,
            },
        ));
    }
}
