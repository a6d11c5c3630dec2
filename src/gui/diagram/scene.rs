//! What the diagram shows for one model, filter and set of collapsed boxes: the boxes
//! ("units": a node, or a collapsed group or zone), the arrows between them, their layout
//! and the routed edges flattened into points. Built only when one of those inputs
//! changes, never per frame.

use super::graph::Graph;
use super::layout::{self, Layout, NodeSize, Params, Place};
use crate::edit::Kind;

/// Height of a box, in layout units (= screen points at zoom 1).
pub const BOX_HEIGHT: f32 = 40.0;
/// Font sizes of the two lines of a box at zoom 1.
pub const NAME_SIZE: f32 = 13.0;
/// See [`NAME_SIZE`].
pub const DETAIL_SIZE: f32 = 11.0;

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// One node of the model.
    Node(Kind),
    /// A collapsed group with its members.
    Group,
    /// A collapsed zone: the components placed in it.
    Zone,
}

/// One box.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Key: the node's key, or the collapse key (`g:payments`, `z:az-a`) of a box.
    pub key: String,
    /// First line.
    pub label: String,
    /// Second line.
    pub detail: String,
    /// What it is.
    pub kind: UnitKind,
    /// Graph nodes inside (one for a plain node).
    pub members: Vec<usize>,
}

/// What is shown: everything, what one service needs, or what runs in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub enum Filter {
    /// The whole model.
    #[default]
    All,
    /// The dependency cone of the service of this name.
    Service(String),
    /// The components placed in the zone of this name.
    Zone(String),
}

impl Filter {
    /// The key under which a view's camera and dragged positions are kept.
    pub fn context(&self) -> String {
        match self {
            Filter::All => String::new(),
            Filter::Service(s) => format!("service:{s}"),
            Filter::Zone(z) => format!("zone:{z}"),
        }
    }
}

/// Drawing style of one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegStyle {
    /// Part of a common-cause arrow (dashed, orange).
    pub cause: bool,
    /// Ends in an arrowhead at its lower end.
    pub arrow_end: bool,
    /// Ends in an arrowhead at its upper end (causes point up at what they hit).
    pub arrow_start: bool,
}

/// The cached scene.
#[derive(Debug, Clone)]
pub struct Scene {
    /// The boxes.
    pub units: Vec<Unit>,
    /// Box of each graph node (None when filtered out).
    pub unit_of: Vec<Option<usize>>,
    /// Arrows between boxes (from, to) as drawn: needs → needed, cause → hit.
    pub edges: Vec<(usize, usize)>,
    /// Whether an arrow is a common cause's.
    pub cause_edge: Vec<bool>,
    /// Arrows touching each box.
    pub incident: Vec<Vec<usize>>,
    /// Where the boxes go (causes' arrows are laid out reversed, from what they hit).
    pub layout: Layout,
    /// Each segment flattened into points (layout units).
    pub paths: Vec<Vec<[f32; 2]>>,
    /// Bounding box of each path: min x, min y, max x, max y.
    pub bounds: Vec<[f32; 4]>,
    /// Style of each segment.
    pub styles: Vec<SegStyle>,
}

/// Points along the S-curve from `a` down to `b` (vertical at both ends).
fn curve(a: [f32; 2], b: [f32; 2], steps: usize) -> Vec<[f32; 2]> {
    let dy = (b[1] - a[1]).max(1.0) * 0.5;
    let (c1, c2) = ([a[0], a[1] + dy], [b[0], b[1] - dy]);
    (0..=steps)
        .map(|i| {
            let t = i as f32 / steps as f32;
            let u = 1.0 - t;
            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            [
                w[0] * a[0] + w[1] * c1[0] + w[2] * c2[0] + w[3] * b[0],
                w[0] * a[1] + w[1] * c1[1] + w[2] * c2[1] + w[3] * b[1],
            ]
        })
        .collect()
}

/// Build the scene. `collapsed` lists collapse keys in the order they were collapsed (a node
/// in two collapsed boxes goes to the first); `text_width` measures a line of text at a size.
pub fn build(
    g: &Graph,
    filter: &Filter,
    collapsed: &[String],
    text_width: &mut dyn FnMut(&str, f32) -> f32,
) -> Scene {
    let n = g.nodes.len();
    let shown: Vec<bool> = match filter {
        Filter::All => vec![true; n],
        Filter::Service(s) => match g.find_key(&format!("s:{s}")) {
            Some(i) => g.cone(i),
            None => vec![true; n],
        },
        Filter::Zone(z) => match g.zones.iter().position(|d| &d.name == z) {
            Some(i) => g.in_zone(i),
            None => vec![true; n],
        },
    };
    let mut unit_of: Vec<Option<usize>> = vec![None; n];
    let mut units: Vec<Unit> = Vec::new();
    for key in collapsed {
        let (members, label, detail, kind) = if let Some(name) = key.strip_prefix("g:") {
            let Some(gi) = g.find_key(key).filter(|&i| shown[i]) else {
                continue;
            };
            let mut m = vec![gi];
            m.extend(g.members(gi).into_iter().filter(|&i| shown[i]));
            let k = m.len() - 1;
            (
                m,
                format!("{name} ⊞"),
                format!("{} · {k} inside", g.nodes[gi].detail),
                UnitKind::Group,
            )
        } else if let Some(name) = key.strip_prefix("z:") {
            let Some(z) = g.zones.iter().position(|d| d.name == name) else {
                continue;
            };
            let m: Vec<usize> = (0..n)
                .filter(|&i| shown[i] && g.nodes[i].zones.contains(&z) && unit_of[i].is_none())
                .collect();
            let k = m.len();
            (
                m,
                format!("zone {name} ⊞"),
                format!("{k} components"),
                UnitKind::Zone,
            )
        } else {
            continue;
        };
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| unit_of[i].is_none())
            .collect();
        if members.is_empty() {
            continue;
        }
        for &i in &members {
            unit_of[i] = Some(units.len());
        }
        units.push(Unit {
            key: key.clone(),
            label,
            detail,
            kind,
            members,
        });
    }
    for i in 0..n {
        if shown[i] && unit_of[i].is_none() {
            unit_of[i] = Some(units.len());
            let node = &g.nodes[i];
            units.push(Unit {
                key: node.key.clone(),
                label: node.name.clone(),
                detail: node.detail.clone(),
                kind: UnitKind::Node(node.kind),
                members: vec![i],
            });
        }
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut cause_edge = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (list, cause) in [(&g.edges, false), (&g.cause_edges, true)] {
        for &(a, b) in list {
            if let (Some(ua), Some(ub)) = (unit_of[a], unit_of[b])
                && ua != ub
                && seen.insert((ua, ub))
            {
                edges.push((ua, ub));
                cause_edge.push(cause);
            }
        }
    }
    let mut incident = vec![Vec::new(); units.len()];
    for (e, &(a, b)) in edges.iter().enumerate() {
        incident[a].push(e);
        incident[b].push(e);
    }
    let sizes: Vec<NodeSize> = units
        .iter()
        .map(|u| {
            let w = text_width(&u.label, NAME_SIZE).max(text_width(&u.detail, DETAIL_SIZE));
            NodeSize {
                width: w.max(70.0) + 16.0,
                height: BOX_HEIGHT,
                place: match u.kind {
                    UnitKind::Node(Kind::Service) => Place::Top,
                    UnitKind::Node(Kind::CommonCause) => Place::Bottom,
                    _ => Place::Auto,
                },
            }
        })
        .collect();
    // Causes are laid out as if what they hit pointed at them, so they sit at the bottom.
    let laid: Vec<(usize, usize)> = edges
        .iter()
        .zip(&cause_edge)
        .map(|(&(a, b), &c)| if c { (b, a) } else { (a, b) })
        .collect();
    let layout = layout::layered(&sizes, &laid, &Params::default());
    let mut styles = vec![SegStyle::default(); layout.segments.len()];
    for (route, &c) in layout.routes.iter().zip(&cause_edge) {
        for &s in route {
            styles[s as usize].cause = c;
        }
        match (c, route.first(), route.last()) {
            (true, Some(&first), _) => styles[first as usize].arrow_start = true,
            (false, _, Some(&last)) => styles[last as usize].arrow_end = true,
            _ => {}
        }
    }
    let paths: Vec<Vec<[f32; 2]>> = layout
        .segments
        .iter()
        .map(|s| {
            if s.curved {
                curve(s.from, s.to, 10)
            } else {
                vec![s.from, s.to]
            }
        })
        .collect();
    let bounds = paths
        .iter()
        .map(|p| {
            p.iter().fold(
                [
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY,
                ],
                |b, q| {
                    [
                        b[0].min(q[0]),
                        b[1].min(q[1]),
                        b[2].max(q[0]),
                        b[3].max(q[1]),
                    ]
                },
            )
        })
        .collect();
    Scene {
        units,
        unit_of,
        edges,
        cause_edge,
        incident,
        layout,
        paths,
        bounds,
        styles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::diagram::graph::graph;

    fn widths(s: &str, size: f32) -> f32 {
        s.chars().count() as f32 * size * 0.55
    }

    #[test]
    fn the_big_model_lays_out_without_overlaps() {
        let text = crate::model::synthetic::platform(1, 500, 50);
        let plan = crate::load::plan_from_str(&text, "synthetic").expect("valid");
        let g = graph(plan.model());
        let s = build(&g, &Filter::All, &[], &mut widths);
        assert_eq!(s.units.len(), g.nodes.len());
        let bad = crate::gui::diagram::layout::tests::overlaps(&s.layout, 24.0);
        assert!(
            bad.is_empty(),
            "{} overlapping pairs, first {:?}",
            bad.len(),
            bad.first()
        );
        assert!(s.layout.crossings <= s.layout.naive_crossings);
        let ratio = s.layout.size[0] / s.layout.size[1];
        assert!((0.8..3.0).contains(&ratio), "aspect {ratio}");
    }

    #[test]
    fn collapsing_a_group_reattaches_its_edges_to_the_box() {
        let plan = crate::load::plan_from_str(crate::gui::DEFAULT_MODEL, "default").expect("valid");
        let g = graph(plan.model());
        let s = build(&g, &Filter::All, &["g:payments".into()], &mut widths);
        let b = s
            .units
            .iter()
            .position(|u| u.key == "g:payments")
            .expect("box");
        assert_eq!(s.units.len(), g.nodes.len() - 2); // psp_a and psp_b are inside
        let checkout = s
            .units
            .iter()
            .position(|u| u.key == "s:checkout")
            .expect("checkout");
        assert!(s.edges.contains(&(checkout, b)));
        let filtered = build(
            &g,
            &Filter::Service("browse".into()),
            &["g:payments".into()],
            &mut widths,
        );
        assert!(filtered.units.iter().all(|u| u.key != "g:payments"));
    }
}
