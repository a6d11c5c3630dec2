//! Drawing one frame of the diagram: only what is on screen, with a level of detail that
//! never draws unreadable text; box interaction (select, drag, context menu), the minimap
//! and the zone legend.

use super::graph::Graph;
use super::scene::{DETAIL_SIZE, NAME_SIZE, Scene, UnitKind};
use super::style::{CAUSE, ERROR, Frame, zone_color};
use super::{DiagramAction, unit_rect};
use crate::edit::Kind;
use egui::{
    Align2, Color32, CornerRadius, FontId, Rect, Sense, Shape, Stroke, StrokeKind, pos2, vec2,
};

/// Smallest text drawn, in screen points.
const MIN_TEXT: f32 = 9.0;
fn fill(kind: UnitKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (UnitKind::Node(Kind::Service), false) => Color32::from_rgb(214, 232, 250),
        (UnitKind::Node(Kind::Group), false) | (UnitKind::Group, false) => {
            Color32::from_rgb(236, 222, 246)
        }
        (UnitKind::Node(Kind::Component), false) => Color32::from_rgb(242, 242, 238),
        (UnitKind::Node(Kind::CommonCause), false) => Color32::from_rgb(252, 228, 204),
        (UnitKind::Zone, false) => Color32::from_rgb(220, 240, 232),
        (UnitKind::Node(Kind::Service), true) => Color32::from_rgb(32, 60, 92),
        (UnitKind::Node(Kind::Group), true) | (UnitKind::Group, true) => {
            Color32::from_rgb(70, 46, 86)
        }
        (UnitKind::Node(Kind::Component), true) => Color32::from_rgb(52, 52, 56),
        (UnitKind::Node(Kind::CommonCause), true) => Color32::from_rgb(96, 56, 20),
        (UnitKind::Zone, true) => Color32::from_rgb(30, 70, 60),
        (UnitKind::Node(_), false) => Color32::from_rgb(242, 242, 238),
        (UnitKind::Node(_), true) => Color32::from_rgb(52, 52, 56),
    }
}

fn kind_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Node(Kind::Component) => "component",
        UnitKind::Node(Kind::Group) => "group",
        UnitKind::Node(Kind::Service) => "service",
        UnitKind::Node(Kind::CommonCause) => "common cause",
        UnitKind::Group => "collapsed group",
        UnitKind::Zone => "collapsed zone",
        UnitKind::Node(k) => k.noun(),
    }
}

/// Draw everything; returns what was drawn (the keys of the boxes on screen).
pub(super) fn paint_ui(
    ui: &mut egui::Ui,
    scene: &Scene,
    f: &Frame,
    out: &mut Vec<DiagramAction>,
) -> Painted {
    let painter = ui.painter_at(f.canvas);
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(
        f.canvas,
        CornerRadius::same(4),
        ui.visuals().extreme_bg_color,
    );
    let g = f.graph;
    let zoom = f.cam.zoom;
    let selected = f
        .input
        .selected
        .and_then(|(k, i)| g.find(k, i))
        .and_then(|n| scene.unit_of.get(n).copied().flatten());
    // Boxes first (interaction only), so hovering is known when the edges are drawn.
    let mut visible: Vec<(usize, Rect, egui::Response)> = Vec::new();
    for (u, unit) in scene.units.iter().enumerate() {
        let r = unit_rect(scene, f, u);
        if !r.expand(8.0).intersects(f.canvas) {
            continue;
        }
        let id = ui.id().with(("unit", &unit.key));
        let resp = ui.interact(r.intersect(f.canvas), id, Sense::click_and_drag());
        let label = format!("{} {}", kind_word(unit.kind), unit.label);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &label));
        visible.push((u, r, resp));
    }
    let hovered = visible.iter().find(|v| v.2.hovered()).map(|v| v.0);
    let mut lit = vec![false; scene.layout.segments.len()];
    let mut lit_edges = vec![false; scene.edges.len()];
    for u in [hovered, selected].into_iter().flatten() {
        for &e in &scene.incident[u] {
            lit_edges[e] = true;
            for &s in &scene.layout.routes[e] {
                lit[s as usize] = true;
            }
        }
    }
    let neighbours: Vec<bool> = match selected {
        Some(s) => {
            let mut nb = vec![false; scene.units.len()];
            nb[s] = true;
            for &e in &scene.incident[s] {
                let (a, b) = scene.edges[e];
                nb[a] = true;
                nb[b] = true;
            }
            nb
        }
        None => Vec::new(),
    };
    super::edges::edges_ui(
        &painter,
        scene,
        f,
        &lit,
        &lit_edges,
        selected.is_some(),
        dark,
    );
    // Small boxes (corners too small to see) go into one mesh, painted in this place: below
    // every box's markers and text, above the edges.
    let batch_at = painter.add(Shape::Noop);
    let mut batch = egui::Mesh::default();
    let mut batched = 0;
    for (u, r, resp) in &visible {
        let unit = &scene.units[*u];
        let dim = !neighbours.is_empty() && !neighbours[*u];
        let look = Look {
            dim,
            selected: selected == Some(*u),
            hovered: resp.hovered(),
        };
        if draw_box(ui, &painter, &mut batch, scene, f, *u, *r, look) {
            batched += 1;
        }
        if let Some((key, _)) = &f.flash
            && key == &unit.key
        {
            let t = ui.input(|i| i.time);
            let grow = 4.0 + 6.0 * (t * 4.0).sin().abs() as f32;
            painter.rect_stroke(
                r.expand(grow),
                CornerRadius::same(8),
                Stroke::new(3.0, ui.visuals().selection.bg_fill),
                StrokeKind::Outside,
            );
        }
        if resp.dragged() {
            let d = resp.drag_delta() / zoom;
            let c = f
                .moved
                .and_then(|m| m.get(&unit.key).copied())
                .unwrap_or(scene.layout.centers[*u]);
            out.push(DiagramAction::Move {
                view: f.view.to_string(),
                key: unit.key.clone(),
                to: [c[0] + d.x, c[1] + d.y],
            });
        }
        let node = unit.members.first().map(|&n| &g.nodes[n]);
        match (unit.kind, node) {
            (UnitKind::Node(_), Some(n)) if resp.clicked() || resp.drag_started() => {
                out.push(DiagramAction::Select(n.kind, n.index));
            }
            (UnitKind::Group | UnitKind::Zone, _) if resp.double_clicked() => {
                out.push(DiagramAction::Expand(unit.key.clone()));
            }
            _ => {}
        }
        box_menu(resp, scene, g, *u, out);
    }
    if !batch.is_empty() {
        painter.set(batch_at, Shape::mesh(batch));
    }
    let drawn = visible
        .iter()
        .filter(|(_, r, _)| r.intersects(f.canvas))
        .map(|(u, _, _)| scene.units[*u].key.clone())
        .collect();
    super::overview::legend(ui, &painter, f);
    super::overview::minimap_ui(ui, scene, f, selected, out);
    painter.text(
        f.canvas.right_top() + vec2(-8.0, 6.0),
        Align2::RIGHT_TOP,
        format!(
            "{} boxes · zoom {:.0} % · frame {:.1} ms{}",
            scene.units.len(),
            zoom * 100.0,
            f.input.frame_ms.0,
            f.input
                .frame_ms
                .1
                .map(|c| format!(" ({c:.1} ms CPU in all)"))
                .unwrap_or_default()
        ),
        FontId::proportional(11.0),
        ui.visuals().weak_text_color(),
    );
    if scene.units.is_empty() {
        painter.text(
            f.canvas.center(),
            Align2::CENTER_CENTER,
            "Nothing to draw: the model is not valid (see the problems listed) or the filter is empty",
            FontId::proportional(13.0),
            ui.visuals().weak_text_color(),
        );
    }
    Painted { drawn, batched }
}

/// What a frame drew.
pub(super) struct Painted {
    /// Keys of the boxes on screen.
    pub drawn: Vec<String>,
    /// How many of them went into the one mesh of small boxes.
    pub batched: usize,
}

/// How a box is shown this frame.
#[derive(Clone, Copy)]
struct Look {
    dim: bool,
    selected: bool,
    hovered: bool,
}

fn box_menu(
    resp: &egui::Response,
    scene: &Scene,
    g: &Graph,
    u: usize,
    out: &mut Vec<DiagramAction>,
) {
    let unit = &scene.units[u];
    let node = unit.members.first().map(|&n| &g.nodes[n]);
    resp.context_menu(|ui| match (unit.kind, node) {
        (UnitKind::Group | UnitKind::Zone, _) if ui.button("expand").clicked() => {
            out.push(DiagramAction::Expand(unit.key.clone()));
        }
        (UnitKind::Node(kind), Some(n)) => {
            if kind == Kind::Group && ui.button("collapse this group").clicked() {
                out.push(DiagramAction::Collapse(n.key.clone()));
            }
            for &z in &n.zones {
                if ui
                    .button(format!("collapse zone {}", g.zones[z].name))
                    .clicked()
                {
                    out.push(DiagramAction::Collapse(format!("z:{}", g.zones[z].name)));
                }
            }
            if ui.button("edit").clicked() {
                out.push(DiagramAction::Select(n.kind, n.index));
            }
        }
        _ => {}
    });
    if resp.hovered() {
        let hint = match unit.kind {
            UnitKind::Node(_) => "drag to move, click to edit, right-click for more",
            _ => "double-click to expand",
        };
        resp.clone()
            .on_hover_text(format!("{} — {}\n{hint}", unit.label, unit.detail));
    }
}

/// Draw box `u` at `r`; a box whose corners are too small to see (3 points or less) is
/// added to `batch` as plain rectangles instead (returns true then).
#[allow(clippy::too_many_arguments)]
fn draw_box(
    ui: &egui::Ui,
    painter: &egui::Painter,
    batch: &mut egui::Mesh,
    scene: &Scene,
    f: &Frame,
    u: usize,
    r: Rect,
    look: Look,
) -> bool {
    let Look {
        dim,
        selected,
        hovered,
    } = look;
    let g = f.graph;
    let unit = &scene.units[u];
    let zoom = f.cam.zoom;
    let v = ui.visuals();
    let flagged = unit
        .members
        .iter()
        .any(|&n| f.input.flagged.contains(&g.nodes[n].key));
    let alpha = if dim { 0.4 } else { 1.0 };
    let edge_grey = if v.dark_mode {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    };
    let stroke = if flagged {
        Stroke::new(2.5, ERROR)
    } else if selected {
        Stroke::new(2.5, v.selection.stroke.color)
    } else if hovered {
        Stroke::new(1.5, v.widgets.hovered.fg_stroke.color)
    } else {
        Stroke::new(1.0, edge_grey.gamma_multiply(alpha))
    };
    let radius = if unit.kind == UnitKind::Node(Kind::Service) {
        (14.0 * zoom).clamp(2.0, 14.0)
    } else {
        (5.0 * zoom).clamp(1.0, 5.0)
    };
    let mut color = fill(unit.kind, v.dark_mode);
    if flagged {
        color = color.lerp_to_gamma(ERROR, 0.25);
    }
    let batched = radius <= 3.0;
    if batched {
        batch.add_colored_rect(r, color.gamma_multiply(alpha));
        let w = stroke.width.min(r.width() / 2.0).min(r.height() / 2.0);
        for edge in [
            Rect::from_min_max(r.min, pos2(r.max.x, r.min.y + w)),
            Rect::from_min_max(pos2(r.min.x, r.max.y - w), r.max),
            Rect::from_min_max(pos2(r.min.x, r.min.y + w), pos2(r.min.x + w, r.max.y - w)),
            Rect::from_min_max(pos2(r.max.x - w, r.min.y + w), pos2(r.max.x, r.max.y - w)),
        ] {
            batch.add_colored_rect(edge, stroke.color);
        }
    } else {
        painter.rect(
            r,
            CornerRadius::same(radius as u8),
            color.gamma_multiply(alpha),
            stroke,
            StrokeKind::Inside,
        );
    }
    // Markers: region/zone colours top right, common causes top left.
    let mark = (7.0 * zoom).clamp(3.0, 8.0);
    if r.height() >= mark + 2.0 {
        let mut colors: Vec<Color32> = Vec::new();
        for &n in &unit.members {
            for &z in &g.nodes[n].zones {
                let c = zone_color(g, z);
                if !colors.contains(&c) {
                    colors.push(c);
                }
            }
        }
        for (k, c) in colors.iter().take(4).enumerate() {
            let at = r.right_top() + vec2(-(k as f32 + 1.0) * (mark + 1.5) - 1.0, 2.0);
            painter.rect_filled(
                Rect::from_min_size(at, vec2(mark, mark)),
                CornerRadius::same(1),
                c.gamma_multiply(alpha),
            );
        }
        if unit.members.iter().any(|&n| !g.nodes[n].causes.is_empty()) {
            let o = r.left_top() + vec2(2.0, 2.0);
            painter.add(Shape::convex_polygon(
                vec![o, o + vec2(mark + 2.0, 0.0), o + vec2(0.0, mark + 2.0)],
                CAUSE.gamma_multiply(alpha),
                Stroke::NONE,
            ));
        }
    }
    let text = v.strong_text_color().gamma_multiply(alpha);
    let weak = v.weak_text_color().gamma_multiply(alpha);
    let name_px = (NAME_SIZE * zoom).round();
    let detail_px = (DETAIL_SIZE * zoom).round();
    if name_px >= MIN_TEXT {
        let two = detail_px >= MIN_TEXT;
        let y = if two {
            r.center().y - 7.0 * zoom
        } else {
            r.center().y
        };
        painter.text(
            pos2(r.center().x, y),
            Align2::CENTER_CENTER,
            &unit.label,
            FontId::proportional(name_px),
            text,
        );
        if two {
            painter.text(
                r.center() + vec2(0.0, 9.0 * zoom),
                Align2::CENTER_CENTER,
                &unit.detail,
                FontId::proportional(detail_px),
                weak,
            );
        }
    } else if r.height() >= MIN_TEXT + 2.0 {
        // Compact: the name at the smallest readable size, cut short with "…" to fit.
        let room = r.width() - 6.0;
        if room >= 3.0 * MIN_TEXT {
            let mut job = egui::text::LayoutJob::simple_singleline(
                unit.label.clone(),
                FontId::proportional(MIN_TEXT),
                text,
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(room);
            let galley = painter.layout_job(job);
            painter.galley(r.center() - galley.size() / 2.0, galley, text);
        }
    }
    // Downtime share: a bar under the box (always), its text when readable.
    let share: f64 = unit
        .members
        .iter()
        .filter(|&&n| g.nodes[n].kind == Kind::Component)
        .filter_map(|&n| f.input.caused.get(&g.nodes[n].name))
        .sum();
    if share >= 0.005 {
        let h = (4.0 * zoom).max(2.0);
        let bar = Rect::from_min_size(
            pos2(r.left(), r.bottom() + 2.0),
            vec2(r.width() * (share as f32).clamp(0.0, 1.0), h),
        );
        painter.rect_filled(bar, CornerRadius::same(1), CAUSE);
        if detail_px >= MIN_TEXT {
            painter.text(
                pos2(r.left(), bar.bottom() + 2.0),
                Align2::LEFT_TOP,
                format!("{:.0}% of downtime", share * 100.0),
                FontId::proportional(detail_px),
                CAUSE,
            );
        }
    }
    batched
}
