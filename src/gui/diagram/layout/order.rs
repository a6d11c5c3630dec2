//! Crossing reduction: barycenter sweeps down and up the rows, keeping the best order seen
//! (starting from the better of the naive order and the first order), and crossing counts
//! by inversions (Fenwick tree, O(links · log width) per pair of rows).

use super::Graph;

/// Crossings between consecutive rows of `rows` (vertex ids in order) with `links`
/// (upper, lower) between vertices of adjacent rows; `row_of` gives each vertex's row.
pub fn crossings(rows: &[Vec<usize>], row_of: &[usize], links: &[(usize, usize)]) -> usize {
    let mut pos = vec![0usize; row_of.len()];
    for r in rows {
        for (i, &v) in r.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut by_row: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rows.len()];
    for &(u, v) in links {
        if row_of[v] == row_of[u] + 1 {
            by_row[row_of[u]].push((pos[u], pos[v]));
        }
    }
    let mut total = 0;
    let mut tree: Vec<usize> = Vec::new();
    for (r, pairs) in by_row.iter_mut().enumerate() {
        if pairs.len() < 2 {
            continue;
        }
        pairs.sort_unstable();
        let width = rows.get(r + 1).map_or(0, Vec::len) + 1;
        tree.clear();
        tree.resize(width + 1, 0);
        // Count earlier links whose lower end is to the right of this one's.
        for (seen, &(_, lower)) in pairs.iter().enumerate() {
            let mut i = lower + 1;
            let mut at_most = 0;
            while i > 0 {
                at_most += tree[i];
                i &= i - 1;
            }
            total += seen - at_most;
            let mut i = lower + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

fn count(g: &Graph) -> usize {
    crossings(&g.rows, &g.row, &g.links)
}

/// Reorder `g.rows` with `sweeps` barycenter sweeps; returns (crossings of the chosen order,
/// crossings of the naive order).
pub(super) fn reduce(g: &mut Graph, sweeps: usize) -> (usize, usize) {
    let mut naive = g.rows.clone();
    for r in &mut naive {
        r.sort_by(|&a, &b| g.naive_key[a].total_cmp(&g.naive_key[b]).then(a.cmp(&b)));
    }
    let first = std::mem::replace(&mut g.rows, naive);
    let naive_count = count(g);
    if sweeps == 0 {
        return (naive_count, naive_count);
    }
    let naive = std::mem::replace(&mut g.rows, first);
    let mut best_count = count(g);
    if naive_count < best_count {
        g.rows = naive;
        best_count = naive_count;
    }
    let mut best = g.rows.clone();
    let mut pos = vec![0f32; g.row.len()];
    let mut stale = 0;
    for sweep in 0..sweeps {
        let downward = sweep % 2 == 0;
        place_all(&g.rows, &mut pos);
        let seq: Vec<usize> = if downward {
            (1..g.rows.len()).collect()
        } else {
            (0..g.rows.len().saturating_sub(1)).rev().collect()
        };
        for r in seq {
            let mut keyed: Vec<(f32, usize)> = g.rows[r]
                .iter()
                .map(|&v| {
                    let links = if downward { &g.up[v] } else { &g.down[v] };
                    let k = if links.is_empty() {
                        pos[v]
                    } else {
                        let sum: f32 = links
                            .iter()
                            .map(|&l| {
                                let (a, b) = g.links[l];
                                pos[if downward { a } else { b }]
                            })
                            .sum();
                        sum / links.len() as f32
                    };
                    (k, v)
                })
                .collect();
            // Stable: ties keep their current order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            g.rows[r] = keyed.into_iter().map(|(_, v)| v).collect();
            place(&g.rows[r], &mut pos);
        }
        let c = count(g);
        if c < best_count {
            best_count = c;
            best.clone_from(&g.rows);
            stale = 0;
        } else {
            stale += 1;
            if stale >= 4 {
                break;
            }
        }
    }
    g.rows = best;
    (best_count, naive_count)
}

fn place(row: &[usize], pos: &mut [f32]) {
    for (i, &v) in row.iter().enumerate() {
        pos[v] = (i as f32 + 0.5) / row.len() as f32;
    }
}

fn place_all(rows: &[Vec<usize>], pos: &mut [f32]) {
    for r in rows {
        place(r, pos);
    }
}

#[cfg(test)]
mod tests {
    use super::crossings;

    #[test]
    fn counts_crossings_between_rows() {
        // Row 0: a b; row 1: c d. a-d and b-c cross once; links sharing an end never cross.
        let rows = vec![vec![0, 1], vec![2, 3]];
        let row_of = [0, 0, 1, 1];
        assert_eq!(crossings(&rows, &row_of, &[(0, 3), (1, 2)]), 1);
        assert_eq!(crossings(&rows, &row_of, &[(0, 3), (1, 2), (0, 2)]), 1);
        assert_eq!(
            crossings(&rows, &row_of, &[(0, 3), (1, 2), (0, 2), (1, 3)]),
            1
        );
        // Three links fully reversed: every pair crosses.
        let rows = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let row_of = [0, 0, 0, 1, 1, 1];
        assert_eq!(crossings(&rows, &row_of, &[(0, 5), (1, 4), (2, 3)]), 3);
        assert_eq!(crossings(&rows, &row_of, &[(0, 2), (1, 3)]), 0);
    }
}
