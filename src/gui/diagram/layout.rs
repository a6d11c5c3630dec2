//! Layered (Sugiyama-style) layout of a directed graph, as a pure function: node sizes and
//! edges in, box centres and routed edges out. No egui types; deterministic (no hashing
//! order, stable sorts, index tie-breaks).
//!
//! Steps: layers by longest path from the top (so every edge points down); layers wider
//! than the target width wrapped into rows (interleaved, so left-to-right order survives),
//! then nodes moved between rows, within the width, where that shortens their edges;
//! long edges through one chain of "lane" vertices per target and row (edges into the same
//! node share a trunk, which keeps hundreds of edges followable); crossing reduction by
//! barycenter sweeps, keeping the best order seen (never worse than the naive index order);
//! x coordinates by weighted isotonic regression towards neighbours (exact minimum
//! separations, so boxes never overlap); edges routed through the gaps between rows.
//!
//! Written here rather than taken from a crate: `rust-sugiyama` (last release June 2024)
//! and `layout-rs` neither wrap wide layers into rows nor bundle edges into shared trunks,
//! and layout-rs draws its own SVG; this is about 600 lines with no dependency, and lays out
//! the 500-component synthetic platform in a few milliseconds (see benches/layout.rs).

mod coords;
mod order;
mod rows;

pub use order::crossings;

/// Where a node goes vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// The first layer (services).
    Top,
    /// Below everything that points to it.
    #[default]
    Auto,
    /// A last layer of its own (common causes).
    Bottom,
}

/// One box to place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeSize {
    /// Width in layout units.
    pub width: f32,
    /// Height in layout units.
    pub height: f32,
    /// Vertical placement rule.
    pub place: Place,
}

/// Spacing and effort.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Least horizontal gap between boxes of a row.
    pub node_gap: f32,
    /// Vertical gap between rows (where edges bend).
    pub row_gap: f32,
    /// Least gap between edge lanes passing through a row.
    pub lane_gap: f32,
    /// Wanted width / height of the whole drawing (wide layers are wrapped to approach it).
    pub aspect: f32,
    /// Crossing-reduction sweeps (0: keep the naive order, for comparison).
    pub sweeps: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            node_gap: 24.0,
            row_gap: 56.0,
            lane_gap: 7.0,
            aspect: 1.6,
            sweeps: 12,
        }
    }
}

/// A piece of a routed edge: a curve through the gap between two rows, or a straight run
/// through a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start (upper end).
    pub from: [f32; 2],
    /// End (lower end).
    pub to: [f32; 2],
    /// A gap crossing (draw as an S-curve with vertical ends) rather than a straight run.
    pub curved: bool,
}

/// Where everything went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Box centres, by input node.
    pub centers: Vec<[f32; 2]>,
    /// Box sizes, by input node (as given).
    pub sizes: Vec<[f32; 2]>,
    /// Row of each node.
    pub row_of: Vec<usize>,
    /// Top and bottom of each row.
    pub rows: Vec<[f32; 2]>,
    /// Every distinct piece of edge (shared trunks appear once).
    pub segments: Vec<Segment>,
    /// For each input edge, its segments from the upper node to the lower one (empty for an
    /// edge that does not point down: a self loop or one closing a cycle).
    pub routes: Vec<Vec<u32>>,
    /// Width and height of the drawing (it starts at 0, 0).
    pub size: [f32; 2],
    /// Crossings between rows in the chosen order.
    pub crossings: usize,
    /// Crossings the naive order (by node index) would have had with the same rows.
    pub naive_crossings: usize,
}

/// The layered graph being built: real nodes first, then lane vertices.
pub(crate) struct Graph {
    /// Row of each vertex.
    pub row: Vec<usize>,
    /// Width of each vertex (0 for lanes).
    pub width: Vec<f32>,
    /// Whether a vertex is a real node.
    pub real: Vec<bool>,
    /// Sort key of the naive order (node index; a lane sits just after its target).
    pub naive_key: Vec<f32>,
    /// Links between vertices of adjacent rows (upper, lower).
    pub links: Vec<(usize, usize)>,
    /// Per vertex: links to the row above / below.
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// Vertices of each row, in order.
    pub rows: Vec<Vec<usize>>,
}

impl Graph {
    fn vertex(&mut self, row: usize, width: f32, real: bool, key: f32) -> usize {
        self.row.push(row);
        self.width.push(width);
        self.real.push(real);
        self.naive_key.push(key);
        self.up.push(Vec::new());
        self.down.push(Vec::new());
        self.row.len() - 1
    }
}

/// Lay out `nodes` with `edges` (from, to): `to` is placed below `from`.
pub fn layered(nodes: &[NodeSize], edges: &[(usize, usize)], p: &Params) -> Layout {
    // Edge lanes widen rows beyond what the wrapping foresaw: correct the wrapping's target
    // a few times and keep the drawing closest to the wanted aspect.
    let mut target = p.aspect;
    let mut best: Option<(f32, Layout)> = None;
    for _ in 0..4 {
        let l = attempt(nodes, edges, p, target);
        let ratio = l.size[0].max(1.0) / l.size[1].max(1.0);
        let miss = (ratio / p.aspect).ln().abs();
        let done = miss < 0.2;
        if best.as_ref().is_none_or(|(m, _)| miss < *m) {
            best = Some((miss, l));
        }
        if done || l_rows_fixed(nodes) {
            break;
        }
        target *= (p.aspect / ratio).sqrt();
    }
    best.map(|(_, l)| l).unwrap_or_default()
}

/// Whether wrapping cannot change anything (tiny graphs).
fn l_rows_fixed(nodes: &[NodeSize]) -> bool {
    nodes.len() < 8
}

fn attempt(nodes: &[NodeSize], edges: &[(usize, usize)], p: &Params, aspect: f32) -> Layout {
    let p = &Params { aspect, ..*p };
    let n = nodes.len();
    if n == 0 {
        return Layout {
            routes: vec![Vec::new(); edges.len()],
            ..Layout::default()
        };
    }
    let valid = |&(s, t): &(usize, usize)| s < n && t < n && s != t;
    let layer = layers(nodes, edges);
    let down_edge = |e: &(usize, usize)| valid(e) && layer[e.1] > layer[e.0];
    let order = first_order(n, &layer, edges, &down_edge, p.sweeps > 0);
    let (mut row_of, row_width) = rows::wrap(nodes, &layer, &order, p);
    rows::shorten_edges(nodes, edges, &down_edge, &mut row_of, row_width, p);
    // The layered graph with lanes.
    let rows_n = row_of.iter().max().map_or(0, |m| m + 1);
    let mut g = Graph {
        row: Vec::new(),
        width: Vec::new(),
        real: Vec::new(),
        naive_key: Vec::new(),
        links: Vec::new(),
        up: Vec::new(),
        down: Vec::new(),
        rows: vec![Vec::new(); rows_n],
    };
    for (i, nd) in nodes.iter().enumerate() {
        g.vertex(row_of[i], nd.width.max(1.0), true, i as f32);
    }
    let mut lanes: std::collections::HashMap<(usize, usize), usize> = Default::default();
    let mut link_ids: std::collections::HashMap<(usize, usize), usize> = Default::default();
    // Per edge: the vertices it passes, top to bottom.
    let mut paths: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for e in edges {
        if !down_edge(e) {
            paths.push(Vec::new());
            continue;
        }
        let (s, t) = *e;
        let mut path = vec![s];
        for r in row_of[s] + 1..row_of[t] {
            let key = t as f32 + 0.5;
            let lane = *lanes
                .entry((t, r))
                .or_insert_with(|| g.vertex(r, 0.0, false, key));
            path.push(lane);
        }
        path.push(t);
        for w in path.windows(2) {
            if let std::collections::hash_map::Entry::Vacant(slot) = link_ids.entry((w[0], w[1])) {
                let id = g.links.len();
                slot.insert(id);
                g.links.push((w[0], w[1]));
                g.down[w[0]].push(id);
                g.up[w[1]].push(id);
            }
        }
        paths.push(path);
    }
    // Initial row order: real nodes in their layer order, lanes after their upper neighbour
    // (keys on one scale: position in the layer or row, 0..1000).
    let mut key = vec![0f32; g.row.len()];
    for l in &order {
        for (i, &v) in l.iter().enumerate() {
            key[v] = (i as f32 + 0.5) / l.len() as f32 * 1000.0;
        }
    }
    let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); rows_n];
    for v in 0..g.row.len() {
        by_row[g.row[v]].push(v);
    }
    for (r, mut members) in by_row.into_iter().enumerate() {
        for &v in &members {
            if !g.real[v] {
                key[v] = g.up[v]
                    .iter()
                    .map(|&l| key[g.links[l].0])
                    .fold(f32::INFINITY, f32::min);
            }
        }
        members.sort_by(|&a, &b| key[a].total_cmp(&key[b]).then(a.cmp(&b)));
        // Keys of the next row compare against positions in this one.
        for (i, &v) in members.iter().enumerate() {
            key[v] = (i as f32 + 0.5) / members.len() as f32 * 1000.0;
        }
        g.rows[r] = members;
    }
    let (crossings, naive_crossings) = order::reduce(&mut g, p.sweeps);
    let x = coords::assign(&g, p);
    coords::geometry(nodes, &g, &x, &paths, p, crossings, naive_crossings)
}

/// Longest-path layers: `Top` nodes in layer 0, others below everything pointing to them,
/// `Bottom` nodes in a last layer. Nodes on a cycle are layered in index order.
fn layers(nodes: &[NodeSize], edges: &[(usize, usize)]) -> Vec<usize> {
    let n = nodes.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(s, t) in edges {
        if s < n && t < n && s != t && nodes[t].place != Place::Top {
            out_edges[s].push(t);
            indegree[t] += 1;
        }
    }
    let any_top = nodes.iter().any(|nd| nd.place == Place::Top);
    let mut layer: Vec<usize> = nodes
        .iter()
        .map(|nd| usize::from(any_top && nd.place != Place::Top))
        .collect();
    // Kahn's order, smallest index first; what is left (cycles) in index order.
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut done = vec![false; n];
    let mut topo = Vec::with_capacity(n);
    loop {
        let next = match ready.pop_first() {
            Some(v) => v,
            None => match (0..n).find(|&i| !done[i]) {
                Some(v) => v,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        topo.push(next);
        for &t in &out_edges[next] {
            indegree[t] = indegree[t].saturating_sub(1);
            if indegree[t] == 0 && !done[t] {
                ready.insert(t);
            }
        }
    }
    let mut position = vec![0usize; n];
    for (i, &v) in topo.iter().enumerate() {
        position[v] = i;
    }
    for &v in &topo {
        for &t in &out_edges[v] {
            if position[t] > position[v] {
                layer[t] = layer[t].max(layer[v] + 1);
            }
        }
    }
    let last = (0..n)
        .filter(|&i| nodes[i].place != Place::Bottom)
        .map(|i| layer[i])
        .max()
        .map_or(0, |m| m + 1);
    for (i, nd) in nodes.iter().enumerate() {
        if nd.place == Place::Bottom {
            layer[i] = last;
        }
    }
    layer
}

/// Order within each layer before wrapping: by index, then (with `sweep`) a few barycenter
/// passes against the layers above and below, on real edges only.
fn first_order(
    n: usize,
    layer: &[usize],
    edges: &[(usize, usize)],
    down_edge: &dyn Fn(&(usize, usize)) -> bool,
    sweep: bool,
) -> Vec<Vec<usize>> {
    let layers = layer.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for v in 0..n {
        order[layer[v]].push(v);
    }
    if !sweep {
        return order;
    }
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| down_edge(e)) {
        parents[e.1].push(e.0);
        children[e.0].push(e.1);
    }
    let mut pos = vec![0f32; n];
    let place = |order: &Vec<usize>, pos: &mut Vec<f32>| {
        for (i, &v) in order.iter().enumerate() {
            pos[v] = (i as f32 + 0.5) / order.len() as f32;
        }
    };
    for l in &order {
        place(l, &mut pos);
    }
    for pass in 0..4 {
        let downward = pass % 2 == 0;
        let seq: Vec<usize> = if downward {
            (1..layers).collect()
        } else {
            (0..layers.saturating_sub(1)).rev().collect()
        };
        for l in seq {
            let keys: Vec<(f32, usize)> = order[l]
                .iter()
                .map(|&v| {
                    let nb = if downward { &parents[v] } else { &children[v] };
                    let k = if nb.is_empty() {
                        pos[v]
                    } else {
                        nb.iter().map(|&u| pos[u]).sum::<f32>() / nb.len() as f32
                    };
                    (k, v)
                })
                .collect();
            let mut keys = keys;
            keys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[l] = keys.into_iter().map(|(_, v)| v).collect();
            place(&order[l], &mut pos);
        }
    }
    order
}

#[cfg(test)]
pub(crate) mod tests;
