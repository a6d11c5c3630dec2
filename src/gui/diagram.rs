//! The component graph as a diagram that stays readable at hundreds of components: a
//! layered layout that never overlaps boxes, edges routed through the gaps between rows
//! (shared trunks into much-needed nodes), zoom and pan, find, filters (what one service
//! needs, what runs in one zone), collapsible groups and zones, a minimap, and markers for
//! downtime shares, file errors, zones and common causes at every zoom that can show them.
//!
//! State follows the workbench's split: [`SavedDiagram`] is persisted per model (camera and
//! dragged positions per view, collapsed boxes); [`DiagramState`] is runtime (find text,
//! filter, the cached graph and scene); [`diagram_ui`] returns [`DiagramAction`]s for the
//! caller to apply instead of changing anything outside the diagram itself.

mod controls;
mod edges;
pub mod graph;
pub mod layout;
mod overview;
mod paint;
pub mod scene;
mod style;

pub use graph::{Graph, Node, graph};
pub use scene::{Filter, Scene, Unit, UnitKind};

use crate::edit::Kind;
use crate::model::Model;
use egui::{Pos2, Rect, Sense, Vec2, vec2};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Least and most zoom (screen points per layout unit).
pub const ZOOM_RANGE: (f32, f32) = (0.02, 4.0);

/// What part of the layout is seen, and how large.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Screen points per layout unit.
    pub zoom: f32,
    /// The layout point at the centre of the canvas.
    pub center: [f32; 2],
}

impl Camera {
    fn to_screen(self, canvas: Rect, p: [f32; 2]) -> Pos2 {
        canvas.center()
            + vec2(
                (p[0] - self.center[0]) * self.zoom,
                (p[1] - self.center[1]) * self.zoom,
            )
    }

    fn to_world(self, canvas: Rect, p: Pos2) -> [f32; 2] {
        let d = (p - canvas.center()) / self.zoom;
        [self.center[0] + d.x, self.center[1] + d.y]
    }

    /// The camera that shows the whole of `size` in `canvas` (never above zoom 1).
    pub fn fit(size: [f32; 2], canvas: Vec2) -> Camera {
        let margin = 40.0;
        let zx = (canvas.x - margin).max(50.0) / size[0].max(1.0);
        let zy = (canvas.y - margin).max(50.0) / size[1].max(1.0);
        Camera {
            zoom: zx.min(zy).clamp(ZOOM_RANGE.0, 1.0),
            center: [size[0] / 2.0, size[1] / 2.0],
        }
    }

    /// Zoom by `factor` keeping the layout point under `anchor` (screen) where it is.
    fn zoom_about(self, canvas: Rect, anchor: Pos2, factor: f32) -> Camera {
        let before = self.to_world(canvas, anchor);
        let zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        let d = (anchor - canvas.center()) / zoom;
        Camera {
            zoom,
            center: [before[0] - d.x, before[1] - d.y],
        }
    }
}

/// What one view (the whole model, or one filter) remembers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewMemory {
    /// The camera (None: fit the whole drawing).
    pub camera: Option<Camera>,
    /// Boxes dragged away from the layout: key → centre (layout units).
    pub moved: BTreeMap<String, [f32; 2]>,
}

/// What the diagram of one model remembers between launches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedDiagram {
    /// By view: `""` (everything), `service:NAME`, `zone:NAME`.
    pub views: BTreeMap<String, ViewMemory>,
    /// Collapsed groups and zones (`g:payments`, `z:az-a`), in the order collapsed.
    pub collapsed: Vec<String>,
}

/// What the user did in the diagram, for the caller to apply.
#[derive(Debug, Clone, PartialEq)]
pub enum DiagramAction {
    /// Select a node (opens its editor).
    Select(Kind, usize),
    /// Clear the selection.
    ClearSelection,
    /// A box was dragged: its new centre in the view `view`.
    Move {
        /// The view's key ([`Filter::context`]).
        view: String,
        /// The box's key.
        key: String,
        /// New centre (layout units).
        to: [f32; 2],
    },
    /// The camera of view `view` moved.
    Camera(String, Camera),
    /// Forget the dragged positions and camera of view `view`.
    ResetLayout(String),
    /// Collapse a group or zone (`g:NAME`, `z:NAME`) into one box.
    Collapse(String),
    /// Expand a collapsed box again.
    Expand(String),
    /// Expand every collapsed box.
    ExpandAll,
}

impl SavedDiagram {
    /// Apply an action that changes what is remembered (others are ignored).
    pub fn apply(&mut self, a: &DiagramAction) {
        match a {
            DiagramAction::Move { view, key, to } => {
                self.views
                    .entry(view.clone())
                    .or_default()
                    .moved
                    .insert(key.clone(), *to);
            }
            DiagramAction::Camera(view, c) => {
                self.views.entry(view.clone()).or_default().camera = Some(*c);
            }
            DiagramAction::ResetLayout(view) => {
                self.views.remove(view);
            }
            DiagramAction::Collapse(k) => {
                if !self.collapsed.contains(k) {
                    self.collapsed.push(k.clone());
                }
            }
            DiagramAction::Expand(k) => self.collapsed.retain(|c| c != k),
            DiagramAction::ExpandAll => self.collapsed.clear(),
            DiagramAction::Select(..) | DiagramAction::ClearSelection => {}
        }
    }
}

/// Inputs of one frame besides the model.
pub struct DiagramInput<'a> {
    /// Hash of the model text (the graph is rebuilt only when it changes).
    pub model_hash: &'a str,
    /// What is remembered for this model.
    pub saved: &'a SavedDiagram,
    /// The selected node.
    pub selected: Option<(Kind, usize)>,
    /// Share of model downtime by component, zone, region or cause key.
    pub caused: &'a HashMap<String, f64>,
    /// Keys of nodes with problems in the file.
    pub flagged: &'a [String],
    /// Milliseconds the previous frame took: to build its UI, and its whole CPU time when
    /// known (shown in a corner).
    pub frame_ms: (f64, Option<f32>),
}

type SceneKey = (String, Filter, Vec<String>);

/// The diagram's runtime state: find text, filter and caches. One field of the App.
#[derive(Default)]
pub struct DiagramState {
    /// Text in the find box.
    pub find: String,
    /// What is shown.
    pub filter: Filter,
    graph: Option<(String, Graph)>,
    scene: Option<(SceneKey, Scene)>,
    /// A node (graph key) to centre on once it is in the scene.
    focus: Option<String>,
    /// A box to ring for a moment (key, until time).
    flash: Option<(String, f64)>,
    /// Keys of the boxes drawn in the last frame.
    drawn: Vec<String>,
    /// How many of the boxes drawn in the last frame went into the one mesh of small boxes.
    batched: usize,
    /// Where the canvas was on screen in the last frame (none before the first).
    canvas: Option<Rect>,
    /// Find matches (graph indices) and the text they are for.
    hits: (String, Vec<usize>),
    /// Whether the list of matches is open.
    hits_open: bool,
    /// Milliseconds the last scene build took.
    build_ms: f64,
}

impl DiagramState {
    /// Keys of the boxes drawn in the last frame (what is on screen).
    pub fn drawn(&self) -> &[String] {
        &self.drawn
    }

    /// How many boxes of the last frame were small enough to be drawn together as one mesh
    /// (plain rectangles: their rounded corners would be under 3 points).
    pub fn batched_boxes(&self) -> usize {
        self.batched
    }

    /// Where the canvas (the area that pans and zooms) was on screen in the last frame;
    /// `None` before the diagram was first drawn.
    pub fn canvas_rect(&self) -> Option<Rect> {
        self.canvas
    }

    /// The current scene, once a frame has been drawn.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref().map(|(_, s)| s)
    }

    /// The current graph, once a frame has been drawn.
    pub fn graph(&self) -> Option<&Graph> {
        self.graph.as_ref().map(|(_, g)| g)
    }

    /// Milliseconds the last rebuild of the layout took.
    pub fn build_ms(&self) -> f64 {
        self.build_ms
    }

    /// Centre on, ring and select the node with `key` at the next frame (clearing a filter
    /// that hides it and expanding a box that holds it).
    pub fn jump_to(&mut self, key: &str) {
        self.focus = Some(key.to_string());
    }

    fn ensure(&mut self, ui: &egui::Ui, model: &Model, input: &DiagramInput) {
        if self
            .graph
            .as_ref()
            .is_none_or(|(h, _)| h != input.model_hash)
        {
            self.graph = Some((input.model_hash.to_string(), graph::graph(model)));
            self.hits = (String::from("\u{0}"), Vec::new());
        }
        let key: SceneKey = (
            input.model_hash.to_string(),
            self.filter.clone(),
            input.saved.collapsed.clone(),
        );
        if self.scene.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let Some((_, g)) = &self.graph else { return };
        let start = std::time::Instant::now();
        let scene = ui.fonts_mut(|f| {
            let mut width = |s: &str, size: f32| {
                f.layout_no_wrap(
                    s.to_string(),
                    egui::FontId::proportional(size),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            };
            scene::build(g, &self.filter, &input.saved.collapsed, &mut width)
        });
        self.build_ms = start.elapsed().as_secs_f64() * 1e3;
        self.scene = Some((key, scene));
    }
}

/// Draw the diagram (its controls on top, the canvas filling the rest) and return what the
/// user did.
pub fn diagram_ui(
    ui: &mut egui::Ui,
    state: &mut DiagramState,
    model: &Model,
    input: &DiagramInput,
) -> Vec<DiagramAction> {
    let mut out = Vec::new();
    state.ensure(ui, model, input);
    let controls = controls::controls_ui(ui, state, input, &mut out);
    // A find result may have cleared the filter or asked for a box to open.
    state.ensure(ui, model, input);
    let size = ui.available_size().max(vec2(200.0, 200.0));
    let (canvas_rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let canvas = ui.interact(canvas_rect, ui.id().with("canvas"), Sense::click_and_drag());
    state.canvas = Some(canvas_rect);
    let (Some((_, scene)), Some((_, g))) = (&state.scene, &state.graph) else {
        return out;
    };
    let view = state.filter.context();
    let memory = input.saved.views.get(&view);
    let fitted = Camera::fit(scene.layout.size, canvas_rect.size());
    let mut cam = memory.and_then(|m| m.camera).unwrap_or(fitted);
    let before = cam;
    if controls.fit {
        cam = fitted;
    }
    if let Some(f) = controls.zoom_by {
        cam = cam.zoom_about(canvas_rect, canvas_rect.center(), f);
    }
    if canvas.hovered() {
        let (scroll, pinch, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        let factor = pinch * (scroll.y / 300.0).exp();
        if (factor - 1.0).abs() > 1e-4 {
            let at = pointer.unwrap_or(canvas_rect.center());
            cam = cam.zoom_about(canvas_rect, at, factor);
        }
        if scroll.x.abs() > 0.0 {
            cam.center[0] -= scroll.x / cam.zoom;
        }
    }
    if canvas.dragged() {
        let d = canvas.drag_delta() / cam.zoom;
        cam.center = [cam.center[0] - d.x, cam.center[1] - d.y];
    }
    if canvas.clicked() {
        out.push(DiagramAction::ClearSelection);
    }
    // A pending jump: centre on the node's box, ring it and select it.
    if let Some(key) = state.focus.take() {
        let found = g
            .find_key(&key)
            .map(|i| (i, g.nodes[i].kind, g.nodes[i].index));
        if let Some((i, kind, index)) = found {
            let unit = scene.unit_of.get(i).copied().flatten();
            // Still inside a box that is being opened: try again next frame.
            if unit.is_some_and(|u| scene.units[u].key != key) {
                state.focus = Some(key.clone());
            } else if let Some(u) = unit {
                let c = memory
                    .and_then(|m| m.moved.get(&scene.units[u].key).copied())
                    .unwrap_or(scene.layout.centers[u]);
                cam = Camera {
                    zoom: cam.zoom.max(0.9),
                    center: c,
                };
                let now = ui.input(|i| i.time);
                state.flash = Some((scene.units[u].key.clone(), now + 1.5));
                out.push(DiagramAction::Select(kind, index));
            }
        }
    }
    if cam != before {
        out.push(DiagramAction::Camera(view.clone(), cam));
    }
    let frame = style::Frame {
        canvas: canvas_rect,
        cam,
        view: &view,
        moved: memory.map(|m| &m.moved),
        input,
        graph: g,
        flash: state.flash.clone(),
    };
    let painted = paint::paint_ui(ui, scene, &frame, &mut out);
    state.drawn = painted.drawn;
    state.batched = painted.batched;
    if state
        .flash
        .as_ref()
        .is_some_and(|(_, until)| ui.input(|i| i.time) < *until)
    {
        ui.ctx().request_repaint();
    } else {
        state.flash = None;
    }
    out
}

/// Screen rectangle of box `u` (its dragged position if any).
fn unit_rect(scene: &Scene, frame: &style::Frame, u: usize) -> Rect {
    let c = frame
        .moved
        .and_then(|m| m.get(&scene.units[u].key).copied())
        .unwrap_or(scene.layout.centers[u]);
    let [w, h] = scene.layout.sizes[u];
    let center = frame.cam.to_screen(frame.canvas, c);
    Rect::from_center_size(center, vec2(w, h) * frame.cam.zoom)
}

/// The point on `r`'s border towards `toward`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let cam = Camera {
            zoom: 0.5,
            center: [100.0, 100.0],
        };
        let at = pos2(650.0, 120.0);
        let before = cam.to_world(canvas, at);
        let after = cam.zoom_about(canvas, at, 1.7);
        let moved = after.to_world(canvas, at);
        assert!((before[0] - moved[0]).abs() < 1e-3 && (before[1] - moved[1]).abs() < 1e-3);
        assert!((after.zoom - 0.85).abs() < 1e-6);
        let fit = Camera::fit([4000.0, 2000.0], canvas.size());
        assert!(fit.zoom * 4000.0 <= 800.0 && fit.zoom * 2000.0 <= 600.0);
    }

    #[test]
    fn services_on_top_dependencies_below() {
        let plan = crate::load::plan_from_str(crate::gui::DEFAULT_MODEL, "default").expect("valid");
        let g = graph(plan.model());
        let s = scene::build(&g, &Filter::All, &[], &mut |t: &str, z: f32| {
            t.len() as f32 * z * 0.6
        });
        for &(from, to) in &g.edges {
            let (a, b) = (
                s.unit_of[from].expect("shown"),
                s.unit_of[to].expect("shown"),
            );
            assert!(
                s.layout.centers[a][1] < s.layout.centers[b][1],
                "{} should be above {}",
                g.nodes[from].name,
                g.nodes[to].name
            );
        }
    }
}
