//! Coordinates: x by weighted isotonic regression (pool adjacent violators) towards the
//! neighbours in the row above or below, with exact minimum separations, so no two boxes of
//! a row ever overlap; rows stacked with gaps; edge ports spread along box sides; segments
//! through the gaps and the rows.

use super::{Graph, Layout, NodeSize, Params, Segment};
use std::collections::HashMap;

/// Least distance between the centres of consecutive vertices `a` (left) and `b`.
fn separation(g: &Graph, p: &Params, a: usize, b: usize) -> f32 {
    match (g.real[a], g.real[b]) {
        (true, true) => (g.width[a] + g.width[b]) / 2.0 + p.node_gap,
        (true, false) => g.width[a] / 2.0 + p.node_gap / 2.0,
        (false, true) => g.width[b] / 2.0 + p.node_gap / 2.0,
        (false, false) => p.lane_gap,
    }
}

/// The nondecreasing sequence closest to `y` in weighted least squares.
fn isotonic(y: &[f32], w: &[f32]) -> Vec<f32> {
    // Blocks of (total weight, weighted sum, length).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::with_capacity(y.len());
    for (&yi, &wi) in y.iter().zip(w) {
        blocks.push((wi, wi * yi, 1));
        while blocks.len() >= 2 {
            let (w2, s2, n2) = blocks[blocks.len() - 1];
            let (w1, s1, n1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (w1 + w2, s1 + s2, n1 + n2);
        }
    }
    let mut out = Vec::with_capacity(y.len());
    for (wt, s, n) in blocks {
        out.extend(std::iter::repeat_n(s / wt, n));
    }
    out
}

/// Place row `r` as close as possible to `desired` (weighted) with exact separations.
fn solve_row(g: &Graph, p: &Params, r: usize, desired: &[f32], weight: &[f32], x: &mut [f32]) {
    let row = &g.rows[r];
    let mut offset = Vec::with_capacity(row.len());
    let mut o = 0.0;
    for (i, &v) in row.iter().enumerate() {
        if i > 0 {
            o += separation(g, p, row[i - 1], v);
        }
        offset.push(o);
    }
    let y: Vec<f32> = desired.iter().zip(&offset).map(|(d, o)| d - o).collect();
    let fit = isotonic(&y, weight);
    for (i, &v) in row.iter().enumerate() {
        x[v] = fit[i] + offset[i];
    }
}

/// x of every vertex.
pub(super) fn assign(g: &Graph, p: &Params) -> Vec<f32> {
    let mut x = vec![0f32; g.row.len()];
    for r in 0..g.rows.len() {
        let row = &g.rows[r];
        let mut at = 0.0;
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                at += separation(g, p, row[i - 1], v);
            }
            x[v] = at;
        }
        let shift = at / 2.0;
        for &v in row {
            x[v] -= shift;
        }
    }
    let rows = g.rows.len();
    // Down, up, down, up…, then a last pass against both neighbours.
    for pass in 0..9 {
        let (seq, up, down): (Vec<usize>, bool, bool) = match pass {
            8 => ((0..rows).collect(), true, true),
            p if p % 2 == 0 => ((1..rows).collect(), true, false),
            _ => ((0..rows.saturating_sub(1)).rev().collect(), false, true),
        };
        for r in seq {
            let mut desired = Vec::with_capacity(g.rows[r].len());
            let mut weight = Vec::with_capacity(g.rows[r].len());
            for &v in &g.rows[r] {
                let mut sum = 0.0;
                let mut k = 0usize;
                if up {
                    for &l in &g.up[v] {
                        sum += x[g.links[l].0];
                        k += 1;
                    }
                }
                if down {
                    for &l in &g.down[v] {
                        sum += x[g.links[l].1];
                        k += 1;
                    }
                }
                if k == 0 {
                    desired.push(x[v]);
                    weight.push(0.05);
                } else {
                    desired.push(sum / k as f32);
                    // Lanes weigh more, so trunks run straight.
                    weight.push(if g.real[v] { 1.0 } else { 3.0 });
                }
            }
            solve_row(g, p, r, &desired, &weight, &mut x);
        }
    }
    let left = (0..g.row.len())
        .map(|v| x[v] - g.width[v] / 2.0)
        .fold(f32::INFINITY, f32::min);
    for xv in &mut x {
        *xv -= left;
    }
    x
}

/// Ports along one side of a box: `count` positions spread over most of its width.
fn spread(center: f32, width: f32, i: usize, count: usize) -> f32 {
    if count <= 1 {
        return center;
    }
    let span = (width * 0.8).min(count as f32 * 14.0);
    center - span / 2.0 + span * (i as f32 + 0.5) / count as f32
}

/// The finished drawing: rows stacked, ports spread, segments and routes.
pub(super) fn geometry(
    nodes: &[NodeSize],
    g: &Graph,
    x: &[f32],
    paths: &[Vec<usize>],
    p: &Params,
    crossings: usize,
    naive_crossings: usize,
) -> Layout {
    let n = nodes.len();
    let mut rows = Vec::with_capacity(g.rows.len());
    let mut top = 0.0f32;
    for r in &g.rows {
        let h = r
            .iter()
            .filter(|&&v| g.real[v])
            .map(|&v| nodes[v].height)
            .fold(0.0, f32::max);
        rows.push([top, top + h]);
        top += h + p.row_gap;
    }
    let centers: Vec<[f32; 2]> = (0..n)
        .map(|v| {
            let [t, b] = rows[g.row[v]];
            [x[v], (t + b) / 2.0]
        })
        .collect();
    let bottom_of = |v: usize| {
        if g.real[v] {
            centers[v][1] + nodes[v].height / 2.0
        } else {
            rows[g.row[v]][1]
        }
    };
    let top_of = |v: usize| {
        if g.real[v] {
            centers[v][1] - nodes[v].height / 2.0
        } else {
            rows[g.row[v]][0]
        }
    };
    // Ports: links leaving a box ordered by where they go, arriving ones by where they come from.
    let mut down_port = vec![0f32; g.links.len()];
    let mut up_port = vec![0f32; g.links.len()];
    for v in 0..g.row.len() {
        let mut out: Vec<usize> = g.down[v].clone();
        out.sort_by(|&a, &b| x[g.links[a].1].total_cmp(&x[g.links[b].1]).then(a.cmp(&b)));
        for (i, &l) in out.iter().enumerate() {
            down_port[l] = spread(x[v], g.width[v], i, out.len());
        }
        let mut inc: Vec<usize> = g.up[v].clone();
        inc.sort_by(|&a, &b| x[g.links[a].0].total_cmp(&x[g.links[b].0]).then(a.cmp(&b)));
        for (i, &l) in inc.iter().enumerate() {
            up_port[l] = spread(x[v], g.width[v], i, inc.len());
        }
    }
    let mut segments: Vec<Segment> = g
        .links
        .iter()
        .enumerate()
        .map(|(l, &(u, v))| Segment {
            from: [down_port[l], bottom_of(u)],
            to: [up_port[l], top_of(v)],
            curved: true,
        })
        .collect();
    let mut through: HashMap<usize, u32> = HashMap::new();
    for v in n..g.row.len() {
        let [t, b] = rows[g.row[v]];
        through.insert(v, segments.len() as u32);
        segments.push(Segment {
            from: [x[v], t],
            to: [x[v], b],
            curved: false,
        });
    }
    let link_id: HashMap<(usize, usize), u32> = g
        .links
        .iter()
        .enumerate()
        .map(|(i, &l)| (l, i as u32))
        .collect();
    let routes = paths
        .iter()
        .map(|path| {
            let mut route = Vec::with_capacity(path.len() * 2);
            for (i, w) in path.windows(2).enumerate() {
                if i > 0
                    && let Some(&s) = through.get(&w[0])
                {
                    route.push(s);
                }
                if let Some(&s) = link_id.get(&(w[0], w[1])) {
                    route.push(s);
                }
            }
            route
        })
        .collect();
    let width = (0..g.row.len())
        .map(|v| x[v] + g.width[v] / 2.0)
        .fold(0.0, f32::max);
    Layout {
        centers,
        sizes: nodes.iter().map(|nd| [nd.width, nd.height]).collect(),
        row_of: g.row[..n].to_vec(),
        rows,
        segments,
        routes,
        size: [width, (top - p.row_gap).max(0.0)],
        crossings,
        naive_crossings,
    }
}

#[cfg(test)]
mod tests {
    use super::isotonic;

    #[test]
    fn isotonic_pools_violators() {
        assert_eq!(isotonic(&[1.0, 3.0, 2.0], &[1.0; 3]), vec![1.0, 2.5, 2.5]);
        assert_eq!(isotonic(&[3.0, 1.0], &[3.0, 1.0]), vec![2.5, 2.5]);
        assert_eq!(isotonic(&[1.0, 2.0], &[1.0, 1.0]), vec![1.0, 2.0]);
    }
}
