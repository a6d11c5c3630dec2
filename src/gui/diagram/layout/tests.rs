//! Layout properties: no overlaps, edges point down and avoid boxes, crossings no worse
//! than the naive order, same input → same output.

use super::{Layout, NodeSize, Params, Place, layered};
use proptest::prelude::*;

/// Pairs of boxes that overlap (with a margin of `gap` − 0.5 units).
pub(crate) fn overlaps(l: &Layout, gap: f32) -> Vec<(usize, usize)> {
    let rect = |i: usize| {
        let [cx, cy] = l.centers[i];
        let [w, h] = l.sizes[i];
        [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
    };
    let mut out = Vec::new();
    // Sweep by left edge: O(n log n + overlapping candidates).
    let mut order: Vec<usize> = (0..l.centers.len()).collect();
    order.sort_by(|&a, &b| rect(a)[0].total_cmp(&rect(b)[0]));
    for (k, &a) in order.iter().enumerate() {
        let ra = rect(a);
        for &b in &order[k + 1..] {
            let rb = rect(b);
            if rb[0] >= ra[2] + gap - 0.5 {
                break;
            }
            if rb[1] < ra[3] && ra[1] < rb[3] {
                out.push((a.min(b), a.max(b)));
            }
        }
    }
    out
}

fn boxes(sizes: &[(f32, f32)]) -> Vec<NodeSize> {
    sizes
        .iter()
        .map(|&(w, h)| NodeSize {
            width: w,
            height: h,
            place: Place::Auto,
        })
        .collect()
}

/// Every curved segment stays in a gap between rows and every straight one inside a row
/// but clear of every box of that row.
fn edges_avoid_boxes(l: &Layout) {
    for s in &l.segments {
        if s.curved {
            assert!(s.to[1] >= s.from[1] - 0.01, "segment points up: {s:?}");
            continue;
        }
        let x = s.from[0];
        for (i, c) in l.centers.iter().enumerate() {
            let [w, h] = l.sizes[i];
            let inside_x = (x - c[0]).abs() < w / 2.0 - 0.01;
            let inside_y = s.from[1] < c[1] + h / 2.0 && s.to[1] > c[1] - h / 2.0;
            assert!(!(inside_x && inside_y), "lane at x={x} crosses box {i}");
        }
    }
}

fn random_dag(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    edges
        .iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a % n, b % n);
            (a != b).then_some((a.min(b), a.max(b)))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_graphs_never_overlap(
        sizes in prop::collection::vec((20.0f32..220.0, 20.0f32..60.0), 1..80),
        raw in prop::collection::vec((0usize..1000, 0usize..1000), 0..200),
        aspect in 0.3f32..4.0,
    ) {
        let n = sizes.len();
        let edges = random_dag(n, &raw);
        let p = Params { aspect, ..Params::default() };
        let l = layered(&boxes(&sizes), &edges, &p);
        prop_assert!(overlaps(&l, p.node_gap).is_empty(), "{:?}", overlaps(&l, p.node_gap));
        prop_assert!(l.crossings <= l.naive_crossings);
        for (e, route) in edges.iter().zip(&l.routes) {
            prop_assert!(l.centers[e.0][1] < l.centers[e.1][1]);
            prop_assert!(!route.is_empty());
        }
        edges_avoid_boxes(&l);
    }

    #[test]
    fn cycles_and_bad_edges_do_not_panic(
        n in 1usize..30,
        raw in prop::collection::vec((0usize..40, 0usize..40), 0..80),
    ) {
        let sizes = vec![(60.0, 30.0); n];
        let l = layered(&boxes(&sizes), &raw, &Params::default());
        prop_assert_eq!(l.centers.len(), n);
        prop_assert_eq!(l.routes.len(), raw.len());
        prop_assert!(overlaps(&l, 24.0).is_empty());
    }
}

#[test]
fn same_input_same_layout_and_sweeps_help() {
    let n = 120;
    let sizes: Vec<(f32, f32)> = (0..n)
        .map(|i| (40.0 + (i * 37 % 90) as f32, 36.0))
        .collect();
    let raw: Vec<(usize, usize)> = (0..400).map(|i| (i * 7919 % n, i * 104_729 % n)).collect();
    let edges = random_dag(n, &raw);
    let a = layered(&boxes(&sizes), &edges, &Params::default());
    let b = layered(&boxes(&sizes), &edges, &Params::default());
    assert_eq!(a, b);
    assert!(
        a.crossings * 2 < a.naive_crossings,
        "{} crossings against {} naive",
        a.crossings,
        a.naive_crossings
    );
}

#[test]
fn top_and_bottom_places_are_kept() {
    let mut nodes = boxes(&[(50.0, 30.0); 4]);
    nodes[0].place = Place::Top;
    nodes[3].place = Place::Bottom;
    // 3 (bottom) points at 1: drawn from below, so the edge is given reversed.
    let l = layered(&nodes, &[(0, 1), (1, 2), (2, 3)], &Params::default());
    assert!(l.centers[0][1] < l.centers[1][1]);
    assert!(l.centers[2][1] < l.centers[3][1]);
    assert_eq!(l.row_of[3], l.rows.len() - 1);
}

#[test]
fn wide_layers_wrap_into_rows() {
    // One parent, 60 children: without wrapping the drawing is 60 boxes wide.
    let nodes = boxes(&[(100.0, 40.0); 61]);
    let edges: Vec<(usize, usize)> = (1..61).map(|c| (0, c)).collect();
    let l = layered(&nodes, &edges, &Params::default());
    assert!(l.rows.len() > 3, "{} rows", l.rows.len());
    let ratio = l.size[0] / l.size[1];
    assert!((0.5..5.0).contains(&ratio), "aspect {ratio}");
    assert!(overlaps(&l, 24.0).is_empty());
}

#[test]
fn a_node_nothing_points_to_sits_just_above_its_child() {
    // 0 on top needs 1..=40, each needing one of 41..=80 (two wide layers, wrapped); 81 is
    // needed by nothing and needs 82. Wrapped round-robin, 81 and 82 landed rows apart.
    let mut nodes = boxes(&[(100.0, 40.0); 83]);
    nodes[0].place = Place::Top;
    let mut edges: Vec<(usize, usize)> = (1..=40).map(|c| (0, c)).collect();
    edges.extend((1..=40).map(|c| (c, c + 40)));
    edges.push((81, 82));
    let l = layered(&nodes, &edges, &Params::default());
    assert!(l.rows.len() > 4, "{} rows", l.rows.len());
    assert_eq!(l.row_of[82], l.row_of[81] + 1);
    assert!(overlaps(&l, 24.0).is_empty());
}
