//! Drawing the diagram's edges: routed curves through the row gaps (one mesh when zoomed
//! out), dashed common-cause arrows, and straight arrows for boxes dragged off the layout;
//! faded with the zoom so a large model's overview stays readable.

use super::scene::Scene;
use super::style::{CAUSE, Frame};
use super::{border_point, unit_rect};
use egui::{Color32, Pos2, Shape, Stroke, vec2};

fn arrow(painter: &egui::Painter, tip: Pos2, dir: egui::Vec2, size: f32, color: Color32) {
    let dir = dir.normalized();
    let side = vec2(-dir.y, dir.x);
    painter.add(Shape::convex_polygon(
        vec![
            tip,
            tip - dir * size + side * size * 0.5,
            tip - dir * size - side * size * 0.5,
        ],
        color,
        Stroke::NONE,
    ));
}

/// Thin quads along `pts` into `mesh`.
fn mesh_line(mesh: &mut egui::Mesh, pts: &[Pos2], width: f32, color: Color32) {
    for w in pts.windows(2) {
        let d = w[1] - w[0];
        let len = d.length();
        if len < 1e-3 {
            continue;
        }
        let n = vec2(-d.y, d.x) / len * (width / 2.0);
        let i = mesh.vertices.len() as u32;
        mesh.colored_vertex(w[0] + n, color);
        mesh.colored_vertex(w[0] - n, color);
        mesh.colored_vertex(w[1] + n, color);
        mesh.colored_vertex(w[1] - n, color);
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i + 1, i + 3, i + 2);
    }
}

/// How strongly ordinary edges are drawn at `zoom`: 1 from half size up, about a quarter
/// at the fit zoom of a 500-component model.
fn edge_fade(zoom: f32) -> f32 {
    (0.2 + 0.8 * (zoom - 0.1) / 0.4).clamp(0.2, 1.0)
}

pub(super) fn edges_ui(
    painter: &egui::Painter,
    scene: &Scene,
    f: &Frame,
    lit: &[bool],
    lit_edges: &[bool],
    something_selected: bool,
    dark: bool,
) {
    let zoom = f.cam.zoom;
    let a = f.cam.to_world(f.canvas, f.canvas.min);
    let b = f.cam.to_world(f.canvas, f.canvas.max);
    let margin = 10.0 / zoom;
    let view = [a[0] - margin, a[1] - margin, b[0] + margin, b[1] + margin];
    let base = if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    };
    // Zoomed out, hundreds of edges would paint a solid grey mass over the boxes: they fade
    // (and thin) with the zoom, so the boxes, markers and the hovered or selected node's
    // edges (drawn bright on top) stay readable.
    let fade = edge_fade(zoom);
    let normal = if something_selected {
        base.gamma_multiply(0.25 * fade.max(0.6))
    } else {
        base.gamma_multiply(0.85 * fade)
    };
    let accent = Color32::from_rgb(0, 114, 178);
    let accent = if dark {
        accent.lerp_to_gamma(Color32::WHITE, 0.3)
    } else {
        accent
    };
    let width = (1.3 * zoom.sqrt()).clamp(0.6, 1.5);
    let head = (9.0 * zoom).clamp(3.0, 9.0);
    // Edges touching a dragged box (or not laid out) are drawn directly instead.
    let moved = |u: usize| f.moved.is_some_and(|m| m.contains_key(&scene.units[u].key));
    let direct: Vec<bool> = scene
        .edges
        .iter()
        .zip(&scene.layout.routes)
        .map(|(&(s, t), r)| r.is_empty() || moved(s) || moved(t))
        .collect();
    let keep: Option<Vec<bool>> = direct.iter().any(|&d| d).then(|| {
        let mut k = vec![false; scene.paths.len()];
        for (e, r) in scene.layout.routes.iter().enumerate() {
            if !direct[e] {
                for &s in r {
                    k[s as usize] = true;
                }
            }
        }
        k
    });
    let step = if zoom < 0.15 {
        5
    } else if zoom < 0.4 {
        2
    } else {
        1
    };
    // Zoomed out, the ordinary edges go into one mesh of thin quads (thousands of separate
    // anti-aliased lines cost far more to tessellate and paint, and look the same at that
    // size); highlighted and dashed ones stay lines.
    let bulk_edges = zoom < 0.5;
    let mut bulk = egui::Mesh::default();
    for pass in [false, true] {
        for (s, path) in scene.paths.iter().enumerate() {
            if lit[s] != pass || keep.as_ref().is_some_and(|k| !k[s]) {
                continue;
            }
            let bb = scene.bounds[s];
            if bb[2] < view[0] || bb[0] > view[2] || bb[3] < view[1] || bb[1] > view[3] {
                continue;
            }
            let style = scene.styles[s];
            let color = match (pass, style.cause) {
                (true, _) => accent,
                (false, true) => CAUSE.gamma_multiply(if something_selected {
                    0.3
                } else {
                    0.8 * fade.max(0.35)
                }),
                (false, false) => normal,
            };
            let stroke = Stroke::new(if pass { width * 1.8 } else { width }, color);
            let last = path.len() - 1;
            let pts: Vec<Pos2> = path
                .iter()
                .enumerate()
                .filter(|(i, _)| i % step == 0 || *i == last)
                .map(|(_, p)| f.cam.to_screen(f.canvas, *p))
                .collect();
            if style.cause {
                painter.extend(Shape::dashed_line(&pts, stroke, 6.0, 4.0));
            } else if bulk_edges && !pass {
                // At least a pixel wide: thinner unsmoothed quads break up into dashes.
                mesh_line(&mut bulk, &pts, width.max(1.0), color);
                if style.arrow_end && pts.len() >= 2 {
                    let (tip, from) = (pts[pts.len() - 1], pts[pts.len() - 2]);
                    let dir = (tip - from).normalized();
                    let side = vec2(-dir.y, dir.x) * head * 0.5;
                    let i = bulk.vertices.len() as u32;
                    bulk.colored_vertex(tip, color);
                    bulk.colored_vertex(tip - dir * head + side, color);
                    bulk.colored_vertex(tip - dir * head - side, color);
                    bulk.add_triangle(i, i + 1, i + 2);
                }
                continue;
            } else {
                painter.add(Shape::line(pts.clone(), stroke));
            }
            if style.arrow_end && pts.len() >= 2 {
                arrow(
                    painter,
                    pts[pts.len() - 1],
                    pts[pts.len() - 1] - pts[pts.len() - 2],
                    head,
                    color,
                );
            }
            if style.arrow_start && pts.len() >= 2 {
                arrow(painter, pts[0], pts[0] - pts[1], head, color);
            }
        }
        if !pass && !bulk.is_empty() {
            painter.add(Shape::mesh(std::mem::take(&mut bulk)));
        }
    }
    for (e, &(s, t)) in scene.edges.iter().enumerate() {
        if !direct[e] {
            continue;
        }
        let (ra, rb) = (unit_rect(scene, f, s), unit_rect(scene, f, t));
        if !ra.union(rb).intersects(f.canvas) {
            continue;
        }
        let (start, end) = (border_point(ra, rb.center()), border_point(rb, ra.center()));
        let color = match (lit_edges[e], scene.cause_edge[e]) {
            (true, _) => accent,
            (false, true) => CAUSE,
            (false, false) => normal,
        };
        painter.line_segment([start, end], Stroke::new(width, color));
        arrow(painter, end, end - start, head, color);
    }
}
