//! The fixed fold of batch results: a binary tree over aligned power-of-two blocks of batches,
//! so any contiguous range of batches (a shard) folds to nodes that merge exactly into the run.
//!
//! Floating-point merges are not associative, so a left fold `((b0+b1)+b2)+b3` of a whole run
//! could not be rebuilt from shards folded apart. Here every node of the tree — the batches
//! `[i·2^k, (i+1)·2^k)` — is always `merge(left half, right half)`; a run is the left-to-right
//! merge of the maximal nodes inside `[0, batches)`. A shard keeps the maximal nodes inside its
//! range (at most about 2·log2 of the batch count), and merging shards finishes the same tree,
//! so the merged result is bit-identical to the unsharded run.

use super::batch::Acc;
use serde::{Deserialize, Serialize};

/// One node of the tree: the fold of batches `start .. start + 2^level`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Block {
    pub start: u64,
    pub level: u32,
    pub acc: Acc,
}

impl Block {
    /// One past the last batch of the node (None on overflow).
    pub fn end(&self) -> Option<u64> {
        1u64.checked_shl(self.level)
            .and_then(|w| self.start.checked_add(w))
    }
}

/// The fold in progress: maximal nodes so far, in batch order.
#[derive(Debug, Clone, Default)]
pub(crate) struct TreeFold {
    pub blocks: Vec<Block>,
}

impl TreeFold {
    /// Add the next node (it must start where the fold ends and be aligned to its size).
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
        while self.blocks.len() >= 2 {
            let n = self.blocks.len();
            let (l, r) = (&self.blocks[n - 2], &self.blocks[n - 1]);
            let siblings = l.level == r.level
                && l.level < 63
                && l.start % (1u64 << (l.level + 1)) == 0
                && l.end() == Some(r.start);
            if !siblings {
                break;
            }
            let r = self.blocks.pop().expect("two blocks");
            let l = self.blocks.last_mut().expect("two blocks");
            l.acc.merge(&r.acc);
            l.level += 1;
        }
    }

    /// Add batch `b`'s result.
    pub fn push_batch(&mut self, b: u64, acc: Acc) {
        self.push(Block {
            start: b,
            level: 0,
            acc,
        });
    }

    /// The fold of every node so far, left to right (a fresh `empty` when there is none).
    pub fn total(&self, empty: Acc) -> Acc {
        let mut it = self.blocks.iter();
        let Some(first) = it.next() else {
            return empty;
        };
        let mut t = first.acc.clone();
        for b in it {
            t.merge(&b.acc);
        }
        t
    }

    /// The model's downtime moments and trials with downtime of the fold so far, merged in
    /// the same order as [`TreeFold::total`] (for the stopping rule and progress).
    pub fn model_downtime(&self) -> (crate::stats::Moments, u64, u64) {
        let mut m = crate::stats::Moments::default();
        let (mut down, mut trials) = (0, 0);
        for (i, b) in self.blocks.iter().enumerate() {
            if i == 0 {
                m = b.acc.model.downtime;
            } else {
                m.merge(&b.acc.model.downtime);
            }
            down += b.acc.model.trials_with_downtime;
            trials += b.acc.trials;
        }
        (m, down, trials)
    }
}
