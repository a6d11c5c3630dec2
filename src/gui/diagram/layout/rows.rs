//! Rows: wide layers wrapped into rows of a chosen width, then nodes moved up or down
//! between rows (keeping every edge pointing down and every row within the width) where
//! that shortens their edges.

use super::{NodeSize, Params, Place};

/// Rows of each node: a layer wider than the chosen width is dealt round-robin into rows.
/// The width is the one (of a range tried) whose drawing comes closest to `p.aspect`.
pub(super) fn wrap(
    nodes: &[NodeSize],
    layer: &[usize],
    order: &[Vec<usize>],
    p: &Params,
) -> (Vec<usize>, f32) {
    let widths: Vec<f32> = order
        .iter()
        .map(|l| l.iter().map(|&v| nodes[v].width + p.node_gap).sum::<f32>())
        .collect();
    let heights: Vec<f32> = order
        .iter()
        .map(|l| l.iter().map(|&v| nodes[v].height).fold(0.0, f32::max))
        .collect();
    let widest = widths.iter().copied().fold(0.0, f32::max);
    let narrowest_box = nodes
        .iter()
        .map(|nd| nd.width + p.node_gap)
        .fold(0.0, f32::max);
    let rows_for = |w: f32, l: usize| ((widths[l] / w).ceil() as usize).max(1);
    let mut best = (f32::INFINITY, widest);
    let mut w = widest;
    while w >= narrowest_box * 0.999 {
        let height: f32 = (0..order.len())
            .map(|l| rows_for(w, l) as f32 * (heights[l] + p.row_gap))
            .sum();
        let score = ((w / height.max(1.0)) / p.aspect).ln().abs();
        if score < best.0 {
            best = (score, w);
        }
        w *= 0.9;
    }
    let mut row_of = vec![0usize; layer.len()];
    let mut base = 0;
    for (l, members) in order.iter().enumerate() {
        let k = rows_for(best.1, l).min(members.len().max(1));
        for (i, &v) in members.iter().enumerate() {
            row_of[v] = base + i % k;
        }
        base += k;
    }
    (row_of, best.1)
}

/// Move nodes between rows where the sum of their edges' lengths (in rows) drops: a node
/// with more edges in than out moves up towards its lowest parent, one with more out than
/// in moves down towards its highest child (an api nothing needs sits just above its
/// database instead of fifteen rows away). Rows grow by at most one of the widest boxes (or
/// an eighth of `width`); `Top` and `Bottom` nodes stay where they are. Deterministic: nodes in
/// index order, a few passes.
pub(super) fn shorten_edges(
    nodes: &[NodeSize],
    edges: &[(usize, usize)],
    down_edge: &dyn Fn(&(usize, usize)) -> bool,
    row_of: &mut [usize],
    width: f32,
    p: &Params,
) {
    let n = nodes.len();
    let rows = row_of.iter().max().map_or(0, |m| m + 1);
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| down_edge(e)) {
        parents[e.1].push(e.0);
        children[e.0].push(e.1);
    }
    let mut used = vec![0f32; rows];
    for v in 0..n {
        used[row_of[v]] += nodes[v].width + p.node_gap;
    }
    // Room for one more of the widest boxes (or an eighth more) in every row.
    let widest = nodes
        .iter()
        .map(|nd| nd.width + p.node_gap)
        .fold(0.0, f32::max);
    let slack = widest.max(width / 8.0);
    let room: Vec<f32> = used.iter().map(|&u| u.max(width) + slack).collect();
    // Rows free nodes may use: below every Top node, above every Bottom one.
    let first = (0..n)
        .filter(|&v| nodes[v].place == Place::Top)
        .map(|v| row_of[v] + 1)
        .max()
        .unwrap_or(0);
    let last = (0..n)
        .filter(|&v| nodes[v].place == Place::Bottom)
        .map(|v| row_of[v])
        .min()
        .unwrap_or(rows)
        .saturating_sub(1);
    for _ in 0..6 {
        let mut moved = false;
        for v in 0..n {
            if nodes[v].place != Place::Auto {
                continue;
            }
            let lo = parents[v]
                .iter()
                .map(|&u| row_of[u] + 1)
                .max()
                .unwrap_or(first)
                .max(first);
            let hi = children[v]
                .iter()
                .map(|&c| row_of[c])
                .min()
                .map_or(last, |m| m.saturating_sub(1))
                .min(last);
            let (ins, outs) = (parents[v].len(), children[v].len());
            let here = row_of[v];
            if lo > hi || ins == outs || !(lo..=hi).contains(&here) {
                continue;
            }
            let w = nodes[v].width + p.node_gap;
            // Lengths change by (ins − outs) per row moved down: go as far as there is room.
            let candidates: Vec<usize> = if ins > outs {
                (lo..here).collect()
            } else {
                (here + 1..=hi).rev().collect()
            };
            if let Some(&r) = candidates.iter().find(|&&r| used[r] + w <= room[r]) {
                used[here] -= w;
                used[r] += w;
                row_of[v] = r;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}
