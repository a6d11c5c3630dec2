//! A small reduced ordered binary decision diagram (BDD) over independent component states,
//! enough to compute exact availabilities of k-of-n, group and shared-dependency structures.

use std::collections::HashMap;

/// Node handle; 0 is FALSE, 1 is TRUE.
pub(crate) type NodeId = u32;
pub(crate) const FALSE: NodeId = 0;
pub(crate) const TRUE: NodeId = 1;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    And,
    Or,
}

/// The diagram; node indices grow bottom-up, so children always precede parents.
pub(crate) struct Bdd {
    var: Vec<u32>,
    lo: Vec<NodeId>,
    hi: Vec<NodeId>,
    unique: HashMap<(u32, NodeId, NodeId), NodeId>,
    memo: HashMap<(Op, NodeId, NodeId), NodeId>,
    limit: usize,
    /// Set when the node limit was reached; results are then meaningless.
    pub(crate) overflow: bool,
}

impl Bdd {
    pub(crate) fn new(limit: usize) -> Bdd {
        Bdd {
            var: vec![u32::MAX; 2],
            lo: vec![0, 1],
            hi: vec![0, 1],
            unique: HashMap::new(),
            memo: HashMap::new(),
            limit,
            overflow: false,
        }
    }

    /// Number of nodes, terminals included.
    pub(crate) fn len(&self) -> usize {
        self.var.len()
    }

    fn mk(&mut self, v: u32, lo: NodeId, hi: NodeId) -> NodeId {
        if lo == hi {
            return lo;
        }
        if let Some(&n) = self.unique.get(&(v, lo, hi)) {
            return n;
        }
        if self.var.len() >= self.limit {
            self.overflow = true;
            return FALSE;
        }
        let id = self.var.len() as NodeId;
        self.var.push(v);
        self.lo.push(lo);
        self.hi.push(hi);
        self.unique.insert((v, lo, hi), id);
        id
    }

    /// The function "variable v is true".
    pub(crate) fn var(&mut self, v: u32) -> NodeId {
        self.mk(v, FALSE, TRUE)
    }

    pub(crate) fn and(&mut self, f: NodeId, g: NodeId) -> NodeId {
        self.apply(Op::And, f, g)
    }

    pub(crate) fn or(&mut self, f: NodeId, g: NodeId) -> NodeId {
        self.apply(Op::Or, f, g)
    }

    fn apply(&mut self, op: Op, f: NodeId, g: NodeId) -> NodeId {
        match op {
            Op::And => {
                if f == FALSE || g == FALSE || self.overflow {
                    return FALSE;
                }
                if f == TRUE {
                    return g;
                }
                if g == TRUE || f == g {
                    return f;
                }
            }
            Op::Or => {
                if f == TRUE || g == TRUE {
                    return TRUE;
                }
                if self.overflow {
                    return FALSE;
                }
                if f == FALSE {
                    return g;
                }
                if g == FALSE || f == g {
                    return f;
                }
            }
        }
        let (f, g) = if f < g { (f, g) } else { (g, f) };
        if let Some(&r) = self.memo.get(&(op, f, g)) {
            return r;
        }
        let (vf, vg) = (self.var[f as usize], self.var[g as usize]);
        let v = vf.min(vg);
        let (f0, f1) = if vf == v {
            (self.lo[f as usize], self.hi[f as usize])
        } else {
            (f, f)
        };
        let (g0, g1) = if vg == v {
            (self.lo[g as usize], self.hi[g as usize])
        } else {
            (g, g)
        };
        let lo = self.apply(op, f0, g0);
        let hi = self.apply(op, f1, g1);
        let r = self.mk(v, lo, hi);
        self.memo.insert((op, f, g), r);
        r
    }

    /// AND of all functions (TRUE for none).
    pub(crate) fn all(&mut self, fs: &[NodeId]) -> NodeId {
        fs.iter().fold(TRUE, |acc, &f| self.and(acc, f))
    }

    /// "At least k of fs are true".
    pub(crate) fn at_least(&mut self, k: usize, fs: &[NodeId]) -> NodeId {
        let n = fs.len();
        if k == 0 {
            return TRUE;
        }
        if k > n {
            return FALSE;
        }
        // row[j] = at least j of fs[i..] true, computed from i = n down to 0.
        let mut row: Vec<NodeId> = (0..=k).map(|j| if j == 0 { TRUE } else { FALSE }).collect();
        for i in (0..n).rev() {
            let mut next = row.clone();
            for j in 1..=k {
                let with = self.and(fs[i], row[j - 1]);
                next[j] = self.or(with, row[j]);
            }
            row = next;
        }
        row[k]
    }

    /// Probability of every node when variable v is true with probability `q[v]`, the
    /// variables independent. Writes into `out` (resized to the node count).
    pub(crate) fn probabilities(&self, q: &[f64], out: &mut Vec<f64>) {
        out.resize(self.var.len(), 0.0);
        out[0] = 0.0;
        out[1] = 1.0;
        for i in 2..self.var.len() {
            let p = q[self.var[i] as usize];
            out[i] = (1.0 - p) * out[self.lo[i] as usize] + p * out[self.hi[i] as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_of_three_matches_the_binomial() {
        let mut b = Bdd::new(1000);
        let v: Vec<NodeId> = (0..3).map(|i| b.var(i)).collect();
        let f = b.at_least(2, &v);
        let mut out = Vec::new();
        let p = 0.9;
        b.probabilities(&[p, p, p], &mut out);
        let exact = 3.0 * p * p * (1.0 - p) + p * p * p;
        assert!((out[f as usize] - exact).abs() < 1e-15);
    }

    #[test]
    fn shared_variable_is_not_counted_twice() {
        // (a and b) or (a and c) = a and (b or c)
        let mut b = Bdd::new(1000);
        let (x, y, z) = (b.var(0), b.var(1), b.var(2));
        let (l, r) = (b.and(x, y), b.and(x, z));
        let f = b.or(l, r);
        let mut out = Vec::new();
        b.probabilities(&[0.5, 0.5, 0.5], &mut out);
        assert!((out[f as usize] - 0.5 * 0.75).abs() < 1e-15);
    }

    #[test]
    fn overflow_is_flagged() {
        let mut b = Bdd::new(4);
        let v: Vec<NodeId> = (0..6).map(|i| b.var(i)).collect();
        b.at_least(3, &v);
        assert!(b.overflow);
    }
}
