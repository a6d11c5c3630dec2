//! Precision on demand: a target on the model's unavailability that stops a run after the
//! first whole batch (in batch order) at which it is met.

use super::EngineError;
use crate::stats::{IntervalMethod, Moments, downtime_interval};
use serde::{Deserialize, Serialize};

/// Most trials a run with a target runs when no other cap is given.
pub const DEFAULT_MAX_TRIALS: u64 = 100_000_000;

/// What a target bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Standard error of the model's unavailability (a fraction of the horizon).
    StdError,
    /// Relative half-width of the 95 % interval of the model's unavailability: the larger of
    /// (upper − mean) and (mean − lower), over the mean.
    RelCi95,
}

impl TargetKind {
    /// The name used in JSON and text output.
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::StdError => "std_error",
            TargetKind::RelCi95 => "rel_ci95",
        }
    }
}

/// A precision target. Only met when the interval is the normal one: with no or few trials
/// with downtime (see [`crate::stats::FEW_TRIALS_WITH_DOWNTIME`]) the estimate is not trusted
/// enough to stop on, whatever its standard error says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// What is bounded.
    pub kind: TargetKind,
    /// The bound (> 0).
    pub value: f64,
}

/// Whether and where a run with a target stopped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    /// What was bounded.
    pub kind: TargetKind,
    /// The bound asked for.
    pub value: f64,
    /// Whether it was met (false: the trial cap came first).
    pub reached: bool,
    /// Trials run.
    pub trials: u64,
}

impl Target {
    /// Check the bound.
    pub fn check(&self) -> Result<(), EngineError> {
        if !(self.value.is_finite() && self.value > 0.0) {
            return Err(EngineError::InvalidConfig(format!(
                "a {} target must be a number > 0, found {}",
                self.kind.name(),
                self.value
            )));
        }
        Ok(())
    }

    /// Whether the model downtime so far (`m`, with `down` trials with downtime) meets it.
    pub fn met(&self, m: &Moments, down: u64, horizon: f64) -> bool {
        let (d, method) = downtime_interval(m, down, horizon);
        if method != IntervalMethod::Normal || m.n < 2 {
            return false;
        }
        match self.kind {
            TargetKind::StdError => d.std_error / horizon <= self.value,
            TargetKind::RelCi95 => {
                d.mean > 0.0 && (d.ci95[1] - d.mean).max(d.mean - d.ci95[0]) / d.mean <= self.value
            }
        }
    }
}
