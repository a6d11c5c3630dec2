//! What every part of a diagram frame draws with: the frame itself (canvas, camera, input)
//! and the shared colours, so the painter, the edges and the overview need only this.

use super::graph::Graph;
use super::{Camera, DiagramInput};
use egui::{Color32, Rect};
use std::collections::BTreeMap;

/// Colour of common causes (their markers and the downtime bars).
pub(super) const CAUSE: Color32 = Color32::from_rgb(213, 94, 0);
/// Colour of errors from the file.
pub(super) const ERROR: Color32 = Color32::from_rgb(214, 39, 40);
/// Colours of regions (and of zones outside any region), colour-blind safe.
pub(super) const PALETTE: [Color32; 7] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(120, 94, 240),
    Color32::from_rgb(150, 150, 60),
];

/// What one frame draws with.
pub(super) struct Frame<'a> {
    pub canvas: Rect,
    pub cam: Camera,
    pub view: &'a str,
    pub moved: Option<&'a BTreeMap<String, [f32; 2]>>,
    pub input: &'a DiagramInput<'a>,
    pub graph: &'a Graph,
    pub flash: Option<(String, f64)>,
}

/// Colour of zone `z`: its region's, or one of its own.
pub(super) fn zone_color(g: &Graph, z: usize) -> Color32 {
    let i = g.zones[z].region.unwrap_or(g.regions.len() + z);
    PALETTE[i % PALETTE.len()]
}
