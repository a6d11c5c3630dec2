//! The per-trial state of zones, regions and common causes: why each replica is hidden, which
//! units are in an outage or event, their streams, and each component's replicas up.

use super::flat::Flat;
use super::streams::{StreamRng, TrialKey};

/// The trial state of zones, regions and common causes.
pub(crate) struct DomainState {
    /// Per replica: reasons it is down (own failure, its zone, its region, common causes).
    pub(super) reasons: Vec<u16>,
    /// Per unit (zone, region, common cause): up (no outage or event in progress).
    pub(super) unit_up: Vec<bool>,
    /// This trial's timing stream of each unit.
    pub(super) unit_rng: Vec<StreamRng>,
    /// This trial's detection stream of each unit (used by common causes with `detect`).
    pub(super) unit_detect_rng: Vec<StreamRng>,
    /// Per common-cause unit: the replicas its current event hit.
    pub(super) hits: Vec<Vec<u32>>,
    /// Per common-cause unit, per target component: the stream of which replicas it hits.
    pub(super) hit_rng: Vec<Vec<StreamRng>>,
    /// Per component: replicas effectively up (kept for the load accounting).
    pub(super) comp_up: Vec<u32>,
    pub(super) scratch: Vec<u32>,
}

impl DomainState {
    pub(super) fn new(f: &Flat) -> DomainState {
        DomainState {
            reasons: vec![0; f.rep_comp.len()],
            unit_up: vec![true; f.units.len()],
            unit_rng: Vec::with_capacity(f.units.len()),
            unit_detect_rng: Vec::with_capacity(f.units.len()),
            hits: vec![Vec::new(); f.units.len()],
            hit_rng: vec![Vec::new(); f.units.len()],
            comp_up: vec![0; f.n_comp],
            scratch: Vec::new(),
        }
    }

    /// Start a trial: every unit up, nothing hidden, the units' streams seeded.
    pub(super) fn reset(&mut self, f: &Flat, key: &TrialKey) {
        self.reasons.fill(0);
        self.unit_up.fill(true);
        for h in &mut self.hits {
            h.clear();
        }
        self.unit_rng.clear();
        self.unit_rng
            .extend(f.units.iter().map(|u| key.stream(&u.key)));
        self.unit_detect_rng.clear();
        self.unit_detect_rng.extend(f.units.iter().map(|u| {
            if u.clock.detect.is_some() {
                key.stream(&u.detect_key)
            } else {
                StreamRng::from_state([1, 2, 3, 4])
            }
        }));
        for (streams, unit) in self.hit_rng.iter_mut().zip(&f.units) {
            streams.clear();
            streams.extend(unit.targets.iter().map(|t| key.stream(&t.key)));
        }
        for c in 0..f.n_comp {
            self.comp_up[c] = f.comp_max_down[c] + f.comp_k[c];
        }
    }

    /// Whether replica `r` is effectively up.
    pub(super) fn is_up(&self, r: usize) -> bool {
        self.reasons[r] == 0
    }
}
