//! The component graph as a diagram: automatic layered layout, draggable nodes (positions
//! remembered per model), k/n badges, dependency arrows and the downtime each node causes.

use crate::edit::Kind;
use crate::model::{Model, validate};
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2,
};
use std::collections::HashMap;

/// One box in the diagram.
#[derive(Debug, Clone)]
pub struct Node {
    /// Stable key for layouts: `c:web`, `g:payments`, `s:checkout`.
    pub key: String,
    /// What it is and its index in the model.
    pub kind: Kind,
    /// Index among its kind.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Second line (k/n replicas, "1 of 2", "service").
    pub detail: String,
    layer: usize,
}

/// Nodes and arrows (from the one that needs to the one needed).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The boxes.
    pub nodes: Vec<Node>,
    /// Arrows as node indices (from, to).
    pub edges: Vec<(usize, usize)>,
    /// Common cause → component it hits (drawn dashed).
    pub cause_edges: Vec<(usize, usize)>,
    /// Zones and regions: (cause key as in the results, description).
    pub legend: Vec<(String, String)>,
}

/// Build the graph of a (valid) model.
pub fn graph(m: &Model) -> Graph {
    let nc = m.components.len();
    let ng = m.groups.len();
    let Ok(r) = validate(m) else {
        return Graph::default();
    };
    // Node order: components, groups, services (same indices as the resolved structure).
    let mut nodes: Vec<Node> = Vec::with_capacity(nc + ng + m.services.len());
    for (i, c) in m.components.iter().enumerate() {
        let mut detail = if c.replicas == 1 {
            "1 replica".to_string()
        } else {
            format!("{} of {} up", c.k(), c.replicas)
        };
        if let Some(z) = &c.zones {
            detail.push_str(&format!(" · {} zones", z.zone_names().len()));
        }
        if c.failover.is_some() {
            detail.push_str(" · failover");
        }
        nodes.push(Node {
            key: format!("c:{}", c.name),
            kind: Kind::Component,
            index: i,
            name: c.name.clone(),
            detail,
            layer: 0,
        });
    }
    for (i, g) in m.groups.iter().enumerate() {
        nodes.push(Node {
            key: format!("g:{}", g.name),
            kind: Kind::Group,
            index: i,
            name: g.name.clone(),
            detail: format!("group: {} of {}", g.min_up, g.of.len()),
            layer: 0,
        });
    }
    let svc_base = nodes.len();
    for (i, s) in m.services.iter().enumerate() {
        nodes.push(Node {
            key: format!("s:{}", s.name),
            kind: Kind::Service,
            index: i,
            name: s.name.clone(),
            detail: "service".into(),
            layer: 0,
        });
    }
    let mut edges = Vec::new();
    for (c, deps) in r.depends_on.iter().enumerate() {
        edges.extend(deps.iter().map(|&d| (c, d)));
    }
    for (g, mem) in r.members.iter().enumerate() {
        edges.extend(mem.iter().map(|&d| (nc + g, d)));
    }
    for (s, req) in r.requires.iter().enumerate() {
        edges.extend(req.iter().map(|&d| (svc_base + s, d)));
    }
    // Layers: services on top, then each node one below the deepest node that needs it.
    let base = usize::from(!m.services.is_empty());
    let mut layer = vec![base; nodes.len()];
    layer[svc_base..].fill(0);
    for &n in r.order.iter().rev() {
        for &(from, to) in &edges {
            if to == n {
                layer[n] = layer[n].max(layer[from] + 1);
            }
        }
    }
    for (n, l) in nodes.iter_mut().zip(layer) {
        n.layer = l;
    }
    // Common causes under everything, with dashed arrows to what they hit.
    let bottom = nodes.iter().map(|n| n.layer).max().unwrap_or(0) + 1;
    let mut cause_edges = Vec::new();
    for (k, cc) in m.common_causes.iter().enumerate() {
        let id = nodes.len();
        let detail = if cc.fraction < 1.0 {
            format!("common cause · {:.0}% of replicas", cc.fraction * 100.0)
        } else {
            "common cause".to_string()
        };
        nodes.push(Node {
            key: format!("k:{}", cc.name),
            kind: Kind::CommonCause,
            index: k,
            name: cc.name.clone(),
            detail,
            layer: bottom,
        });
        cause_edges.extend(r.affects[k].iter().map(|&c| (id, c)));
    }
    let mut legend = Vec::new();
    for z in &m.zones {
        let region = z
            .region
            .as_ref()
            .map(|r| format!(" in region {r}"))
            .unwrap_or_default();
        legend.push((
            format!("zone:{}", z.name),
            format!(
                "zone {}{region}: down about every {} for {}",
                z.name,
                crate::text::hours_text(z.failure.mean_hours()),
                crate::text::hours_text(z.repair.mean_hours())
            ),
        ));
    }
    for g in &m.regions {
        legend.push((
            format!("region:{}", g.name),
            format!(
                "region {}: down about every {} for {}",
                g.name,
                crate::text::hours_text(g.failure.mean_hours()),
                crate::text::hours_text(g.repair.mean_hours())
            ),
        ));
    }
    Graph {
        nodes,
        edges,
        cause_edges,
        legend,
    }
}

/// Default positions (0..1 in both axes): layers top to bottom, ordered within a layer by
/// the mean position of the nodes that need them.
pub fn auto_layout(g: &Graph) -> Vec<[f32; 2]> {
    // Wide layers wrap into rows of at most MAX_ROW boxes, so boxes do not overlap.
    const MAX_ROW: usize = 6;
    let layers = g.nodes.iter().map(|n| n.layer).max().map_or(1, |m| m + 1);
    let mut pos = vec![[0.5f32, 0.5f32]; g.nodes.len()];
    // First row of each layer (and, last, the number of rows).
    let mut row_base = vec![0usize; layers + 1];
    for l in 0..layers {
        let count = g.nodes.iter().filter(|n| n.layer == l).count();
        row_base[l + 1] = row_base[l] + count.div_ceil(MAX_ROW).max(1);
    }
    for (l, &base) in row_base.iter().enumerate().take(layers) {
        let mut members: Vec<(f32, usize)> = g
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.layer == l)
            .map(|(i, _)| {
                let parents: Vec<f32> = g
                    .edges
                    .iter()
                    .filter(|(_, to)| *to == i)
                    .map(|(from, _)| pos[*from][0])
                    .collect();
                let bary = if parents.is_empty() {
                    i as f32 / g.nodes.len().max(1) as f32
                } else {
                    parents.iter().sum::<f32>() / parents.len() as f32
                };
                (bary, i)
            })
            .collect();
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let rows = members.len().div_ceil(MAX_ROW).max(1);
        let cols = members.len().div_ceil(rows).max(1);
        for (k, (_, i)) in members.iter().enumerate() {
            // Zig-zag between the rows so the left-to-right order survives the wrap.
            let (row, col) = (k % rows, k / rows);
            let stagger = if rows > 1 {
                (row as f32 / rows as f32 - 0.25) * 0.5
            } else {
                0.0
            };
            pos[*i] = [
                ((col as f32 + 0.5 + stagger) / cols as f32).clamp(0.0, 1.0),
                (base + row) as f32,
            ];
        }
    }
    let total = row_base.last().copied().unwrap_or(1).max(1) as f32;
    for p in &mut pos {
        p[1] = (p[1] + 0.5) / total;
    }
    pos
}

/// What the user did in the diagram this frame.
#[derive(Debug, Default)]
pub struct DiagramResponse {
    /// A node was clicked (its kind and name).
    pub clicked: Option<(Kind, String)>,
    /// The background was clicked.
    pub background_clicked: bool,
}

/// Colours per kind.
fn fill(kind: Kind, dark: bool) -> Color32 {
    match (kind, dark) {
        (Kind::Service, false) => Color32::from_rgb(214, 232, 250),
        (Kind::Group, false) => Color32::from_rgb(236, 222, 246),
        (Kind::Component, false) => Color32::from_rgb(242, 242, 238),
        (Kind::Service, true) => Color32::from_rgb(32, 60, 92),
        (Kind::Group, true) => Color32::from_rgb(70, 46, 86),
        (Kind::Component, true) => Color32::from_rgb(52, 52, 56),
        (Kind::CommonCause, false) => Color32::from_rgb(252, 228, 204),
        (Kind::CommonCause, true) => Color32::from_rgb(96, 56, 20),
        (_, false) => Color32::from_rgb(242, 242, 238),
        (_, true) => Color32::from_rgb(52, 52, 56),
    }
}

fn border_point(r: Rect, toward: Pos2) -> Pos2 {
    let c = r.center();
    let d = toward - c;
    if d.length_sq() < 1e-6 {
        return c;
    }
    let sx = if d.x.abs() > 1e-6 {
        (r.width() / 2.0) / d.x.abs()
    } else {
        f32::INFINITY
    };
    let sy = if d.y.abs() > 1e-6 {
        (r.height() / 2.0) / d.y.abs()
    } else {
        f32::INFINITY
    };
    c + d * sx.min(sy)
}

/// Draw the diagram filling the available space. `positions` holds remembered positions by
/// node key and is updated by dragging; `caused` maps component names to their share of
/// model downtime; `flagged` holds keys of nodes with problems.
pub fn diagram_ui(
    ui: &mut egui::Ui,
    g: &Graph,
    positions: &mut HashMap<String, [f32; 2]>,
    selected: Option<(Kind, &str)>,
    caused: &HashMap<String, f64>,
    flagged: &[String],
) -> DiagramResponse {
    let mut out = DiagramResponse::default();
    let size = ui.available_size().max(vec2(200.0, 200.0));
    let (canvas, painter) = ui.allocate_painter(size, Sense::click());
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(
        canvas.rect,
        CornerRadius::same(4),
        ui.visuals().extreme_bg_color,
    );
    if canvas.clicked() {
        out.background_clicked = true;
    }
    let defaults = auto_layout(g);
    let margin = vec2(70.0, 30.0);
    let inner = canvas.rect.shrink2(margin);
    let to_screen = |p: [f32; 2]| {
        pos2(
            inner.left() + p[0] * inner.width(),
            inner.top() + p[1] * inner.height(),
        )
    };
    let font = FontId::proportional(13.0);
    let small = FontId::proportional(11.0);
    let rects: Vec<Rect> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let p = positions.get(&n.key).copied().unwrap_or(defaults[i]);
            let w = ui
                .fonts_mut(|f| {
                    let name = f
                        .layout_no_wrap(n.name.clone(), font.clone(), Color32::WHITE)
                        .size()
                        .x;
                    let detail = f
                        .layout_no_wrap(n.detail.clone(), small.clone(), Color32::WHITE)
                        .size()
                        .x;
                    name.max(detail)
                })
                .max(70.0)
                + 16.0;
            Rect::from_center_size(to_screen(p), vec2(w, 40.0))
        })
        .collect();
    let edge_color = if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    };
    for &(from, to) in &g.edges {
        let (a, b) = (rects[from], rects[to]);
        let start = border_point(a, b.center());
        let end = border_point(b, a.center());
        painter.line_segment([start, end], Stroke::new(1.3, edge_color));
        let dir = (end - start).normalized();
        let side = vec2(-dir.y, dir.x);
        let tip = end;
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                tip - dir * 9.0 + side * 4.5,
                tip - dir * 9.0 - side * 4.5,
            ],
            edge_color,
            Stroke::NONE,
        ));
    }
    let cause_color = Color32::from_rgb(213, 94, 0);
    for &(from, to) in &g.cause_edges {
        let (a, b) = (rects[from], rects[to]);
        let start = border_point(a, b.center());
        let end = border_point(b, a.center());
        painter.extend(egui::Shape::dashed_line(
            &[start, end],
            Stroke::new(1.2, cause_color),
            6.0,
            4.0,
        ));
        let dir = (end - start).normalized();
        let side = vec2(-dir.y, dir.x);
        painter.add(egui::Shape::convex_polygon(
            vec![
                end,
                end - dir * 9.0 + side * 4.5,
                end - dir * 9.0 - side * 4.5,
            ],
            cause_color,
            Stroke::NONE,
        ));
    }
    for (k, (key, line)) in g.legend.iter().enumerate() {
        let at =
            canvas.rect.left_bottom() + vec2(8.0, -10.0 - 15.0 * (g.legend.len() - 1 - k) as f32);
        let share = caused
            .get(key)
            .filter(|s| **s >= 0.005)
            .map(|s| format!("  —  {:.0}% of downtime", s * 100.0))
            .unwrap_or_default();
        let color = if share.is_empty() {
            ui.visuals().weak_text_color()
        } else {
            Color32::from_rgb(213, 94, 0)
        };
        painter.text(
            at,
            Align2::LEFT_BOTTOM,
            format!("{line}{share}"),
            FontId::proportional(11.0),
            color,
        );
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let r = rects[i];
        let id = ui.id().with(("node", &n.key));
        let resp = ui.interact(r, id, Sense::click_and_drag());
        if resp.dragged() {
            let d = resp.drag_delta();
            let p = positions.get(&n.key).copied().unwrap_or(defaults[i]);
            let np = [
                (p[0] + d.x / inner.width().max(1.0)).clamp(0.0, 1.0),
                (p[1] + d.y / inner.height().max(1.0)).clamp(0.0, 1.0),
            ];
            positions.insert(n.key.clone(), np);
        }
        if resp.clicked() || resp.drag_started() {
            out.clicked = Some((n.kind, n.name.clone()));
        }
        let is_selected = selected == Some((n.kind, n.name.as_str()));
        let flagged_node = flagged.contains(&n.key);
        let stroke = if flagged_node {
            Stroke::new(2.5, Color32::from_rgb(214, 39, 40))
        } else if is_selected {
            Stroke::new(2.5, ui.visuals().selection.stroke.color)
        } else if resp.hovered() {
            Stroke::new(1.5, ui.visuals().widgets.hovered.fg_stroke.color)
        } else {
            Stroke::new(1.0, edge_color)
        };
        let radius = if n.kind == Kind::Service {
            CornerRadius::same(14)
        } else {
            CornerRadius::same(5)
        };
        painter.rect(r, radius, fill(n.kind, dark), stroke, StrokeKind::Inside);
        let text = ui.visuals().strong_text_color();
        painter.text(
            r.center() - vec2(0.0, 7.0),
            Align2::CENTER_CENTER,
            &n.name,
            font.clone(),
            text,
        );
        painter.text(
            r.center() + vec2(0.0, 9.0),
            Align2::CENTER_CENTER,
            &n.detail,
            small.clone(),
            ui.visuals().weak_text_color(),
        );
        if let Some(share) = caused
            .get(&n.name)
            .filter(|s| **s >= 0.005 && n.kind == Kind::Component)
        {
            let bar = Rect::from_min_size(
                pos2(r.left(), r.bottom() + 3.0),
                vec2(r.width() * (*share as f32).clamp(0.0, 1.0), 4.0),
            );
            painter.rect_filled(bar, CornerRadius::same(1), Color32::from_rgb(213, 94, 0));
            painter.text(
                pos2(r.left(), r.bottom() + 9.0),
                Align2::LEFT_TOP,
                format!("{:.0}% of downtime", share * 100.0),
                small.clone(),
                Color32::from_rgb(213, 94, 0),
            );
        }
        resp.on_hover_text(format!("{} — drag to move, click to edit", n.name));
    }
    if g.nodes.is_empty() {
        painter.text(
            canvas.rect.center(),
            Align2::CENTER_CENTER,
            "No valid model to draw: see the problems listed",
            font,
            ui.visuals().weak_text_color(),
        );
    }
    let _ = Vec2::ZERO;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_on_top_dependencies_below() {
        let plan = crate::load::plan_from_str(crate::gui::DEFAULT_MODEL, "default").expect("valid");
        let g = graph(plan.model());
        let pos = auto_layout(&g);
        for &(from, to) in &g.edges {
            assert!(
                pos[from][1] < pos[to][1],
                "{} should be above {}",
                g.nodes[from].name,
                g.nodes[to].name
            );
        }
    }
}
