//! The per-trial state of failover: which replicas are active, switchovers in progress and
//! stuck, and each component's decision stream (the rules are in `failover.rs`).

use super::flat::{Flat, time_key};
use super::streams::{StreamRng, TrialKey};

/// A switchover in progress.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Switchover {
    /// When it ends (hours).
    pub ends_hours: f64,
    /// The component switching over.
    pub component: u32,
}

/// The trial state of failover.
pub(crate) struct FailoverState {
    /// Per replica: whether it is active (not a standby).
    pub(super) active: Vec<bool>,
    /// Per component: active replicas.
    pub(super) n_active: Vec<u32>,
    /// Per component: switchovers in progress.
    pub(super) switching: Vec<u32>,
    /// Per component: failed switchovers waiting for a replica to come back.
    pub(super) stuck: Vec<u32>,
    /// Switchovers in progress, in the order they started.
    pub(super) timers: Vec<Switchover>,
    /// Per component: this trial's stream of its decisions (used only with failover).
    pub(super) rng: Vec<StreamRng>,
}

impl FailoverState {
    pub(super) fn new(f: &Flat) -> FailoverState {
        FailoverState {
            active: vec![false; f.rep_comp.len()],
            n_active: vec![0; f.n_comp],
            switching: vec![0; f.n_comp],
            stuck: vec![0; f.n_comp],
            timers: Vec::new(),
            rng: vec![StreamRng::from_state([1, 2, 3, 4]); f.n_comp],
        }
    }

    /// Start a trial: the first `min_up` replicas of each such component active, no
    /// switchover, the decision streams seeded.
    pub(super) fn reset(&mut self, f: &Flat, key: &TrialKey) {
        self.timers.clear();
        self.switching.fill(0);
        self.stuck.fill(0);
        self.active.fill(false);
        for (c, fo) in f.failover.iter().enumerate() {
            if let Some(fo) = fo {
                let first = f.comp_first[c] as usize;
                self.active[first..first + f.comp_k[c] as usize].fill(true);
                self.n_active[c] = f.comp_k[c];
                self.rng[c] = key.stream(&fo.key);
            }
        }
    }

    /// Whether replica `r` is active.
    pub(super) fn is_active(&self, r: usize) -> bool {
        self.active[r]
    }

    /// The switchover that ends first (the first started, on a tie): its position and
    /// time key.
    pub(super) fn next_switchover(&self) -> Option<(usize, u64)> {
        let mut best: Option<(usize, u64)> = None;
        for (i, s) in self.timers.iter().enumerate() {
            let k = time_key(s.ends_hours);
            if best.is_none_or(|(_, b)| k < b) {
                best = Some((i, k));
            }
        }
        best
    }

    /// Remove the switchover at position `i`.
    pub(super) fn take_switchover(&mut self, i: usize) -> Switchover {
        self.timers.swap_remove(i)
    }

    /// Switchovers in progress or failed, of component `c`.
    pub(super) fn pending(&self, c: usize) -> u32 {
        self.switching[c] + self.stuck[c]
    }
}
