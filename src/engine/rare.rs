//! Rare-event acceleration: the estimation method of a run ([`Method`]), when failure
//! biasing applies, and the per-component figures it computes with ([`BiasPlan`]).
//!
//! **Failure biasing** (importance sampling; Shahabuddin's balanced failure biasing carried
//! to continuous time with general repairs). It applies when every replica fails after an
//! exponential time (repairs may follow any distribution) and nothing but replicas moves:
//! no zones, regions, common causes, failover or load scenario. Then the state in which
//! every replica is up is a regeneration point: failure clocks are memoryless and no repair
//! is in progress, so what follows does not depend on what came before.
//!
//! Each trial runs the plain simulation (the *timeline*, with exactly the plain run's
//! streams) and, at every moment it leaves the all-up state — replica `r` of component `c`
//! fails at time σ — estimates the downtime of the excursion that starts there by a
//! separate, biased excursion: the same start (`c` down at σ, a fresh repair), run until
//! every replica is up again or the horizon ends. In the excursion, while the model is up,
//! up replicas of redundant components fail at raised rates: the total failure rate is
//! raised so that a failure before the next repair completes has probability
//! [`FAILURE_BEFORE_REPAIR`] (that repair's time is known: repair times are drawn when a
//! replica fails, from the true law; a rate that depends on what is already drawn is as
//! valid as any other in the likelihood ratio), a share [`DEGRADED_SHARE`] of it
//! spread evenly over the up replicas of components that already lost one, the rest over
//! the up replicas of untouched redundant components (balanced within each set; never below
//! a replica's own rate). The excursion carries the likelihood ratio L(t) of its path — at
//! a biased failure λ/λ′, over time exp(∫(Λ′ − Λ) dt) — and contributes ∫ 1{down} L dt to
//! downtime, L at each outage to outages. Memorylessness lets rates change at every event.
//!
//! Why unbiased: the excursion's downtime (within the remaining horizon) has, given σ and
//! `c`, the same expectation under the biased law weighted by L as under the true one, and
//! the timeline gives σ and `c` with their true law. Why excursions, not one path: a
//! likelihood ratio carried over a whole horizon multiplies one factor per excursion (dozens
//! a year) and its variance grows exponentially with their number; restarting it at each
//! regeneration keeps it short. Why the rate follows the known repair time: a rate tied to
//! the mean repair makes the time factor grow with the length of each repair, and the long
//! repairs of a heavy-tailed law — the ones that make overlaps likely — then carry large
//! weights seldom sampled (estimates low in most seeds, intervals too narrow); tied to the
//! hours left, each repair period adds at most −ln(1 − p) to ∫(Λ′ − Λ) dt. Why a budget
//! as well: biasing stops for the rest of an excursion once ∫(Λ′ − Λ) dt reaches
//! [`TILT_BUDGET`], so L ≤ e^budget and every weighted value is bounded.
//!
//! Detection times (`detect`) are part of a replica's down time in the excursion (detect +
//! repair, as in the plain loop). Money: a service's `downtime_cost.per_hour` is linear in its
//! downtime, so its weighted mean is exact; the bad-year quantiles (p90/p99) of downtime and
//! money come from the plain timeline, which has the true law. SLA credits depend on each
//! month's total downtime, which an excursion estimate does not give: with `[[sla]]` tables
//! failure biasing does not apply and the run is plain, with a note.

use super::sampler::Sampler;
use super::streams::EntityKey;
use super::{Plan, RunConfig};
use serde::{Deserialize, Serialize};

/// How a run estimates availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Plain Monte Carlo: every trial weighs the same.
    #[default]
    Plain,
    /// Failure biasing (importance sampling over excursions from the all-up state); see the
    /// module documentation. Falls back to plain, with a note, where it does not apply.
    Biasing,
    /// Failure biasing where it applies and the model's downtime is rare, else plain.
    Auto,
}

impl Method {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Method::Plain => "plain",
            Method::Biasing => "biasing",
            Method::Auto => "auto",
        }
    }
}

/// Probability the biased law gives a failure of a biased replica before the next repair
/// completes (the time of that repair is known, so the biased rate is −ln(1 − p) over the
/// hours left; never below the true rate). One in three, as the first version's rate of 0.5 ×
/// the repair rate gave with exponential repairs; unlike a rate tied to the mean repair, it
/// does not accumulate likelihood ratio over the long repairs of a heavy-tailed law.
pub const FAILURE_BEFORE_REPAIR: f64 = 1.0 / 3.0;

/// Share of the biased failure rate given to components that already lost a replica (the
/// rest goes to untouched redundant components, so that paths through several components —
/// groups, or a second tier — are sampled too).
pub const DEGRADED_SHARE: f64 = 0.8;

/// Most ∫(Λ′ − Λ) dt one excursion may accumulate: bounds its likelihood ratio by e^budget.
pub const TILT_BUDGET: f64 = 5.0;

/// `auto` picks failure biasing when the model's downtime is rare: the sum over components
/// of their steady-state probability of being down (an upper bound of the model's
/// unavailability in series, and a rough one with groups) is at most this.
pub const AUTO_RARE_UNAVAILABILITY: f64 = 1e-5;

/// `auto` also needs the all-up state to be common (steady-state probability at least
/// this), or excursions would be long and biasing would gain little.
pub const AUTO_MIN_ALL_UP: f64 = 0.5;

/// Per component, what failure biasing computes with.
#[derive(Debug, Clone)]
pub(crate) struct BiasComp {
    /// Failure rate of one replica (per hour).
    pub lambda: f64,
    /// Replicas.
    pub n: u32,
    /// Replicas that may be down before the component is down.
    pub max_down: u32,
    /// Its repair times.
    pub repair: Sampler,
    /// Its detection times, when it has `detect` (down for detect + repair).
    pub detect: Option<Sampler>,
}

/// Failure biasing prepared for one plan.
#[derive(Debug, Clone)]
pub(crate) struct BiasPlan {
    /// Per component.
    pub comps: Vec<BiasComp>,
    /// Stream key of a trial's excursions (`rare:excursions`).
    pub key: EntityKey,
}

/// The method a run uses, with the note that explains a fallback or a choice.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    /// Plain or biasing (never auto).
    pub method: Method,
    /// Why the method asked for was not used, or why auto chose what it chose.
    pub note: Option<String>,
    /// With biasing: what it computes with.
    pub bias: Option<BiasPlan>,
}

/// Why failure biasing cannot run this plan with this configuration, if it cannot.
pub(crate) fn not_applicable(plan: &Plan, cfg: &RunConfig) -> Option<String> {
    let m = plan.model();
    let f = &plan.flat;
    if cfg.record_trials {
        return Some("per-trial rows (--trials-csv) are plain outcomes".into());
    }
    if plan.scenario().is_some() {
        return Some(
            "a load scenario counts requests, which failure biasing does not weight".into(),
        );
    }
    if !m.slas.is_empty() {
        return Some(
            "SLA credits depend on each month's total downtime, which failure biasing does not estimate"
                .into(),
        );
    }
    let mut movers = Vec::new();
    for (what, n) in [
        ("zones", m.zones.len()),
        ("regions", m.regions.len()),
        ("common causes", m.common_causes.len()),
        (
            "failover",
            m.components.iter().filter(|c| c.failover.is_some()).count(),
        ),
    ] {
        if n > 0 {
            movers.push(what);
        }
    }
    if !movers.is_empty() {
        return Some(format!(
            "it biases replica failures only, and this model has {}",
            movers.join(", ")
        ));
    }
    if let Some(c) = m.components.iter().find(|c| !c.failure.is_exponential()) {
        return Some(format!(
            "component `{}` fails after a {} time; failure biasing tilts only exponential failure times",
            c.name,
            c.failure.name()
        ));
    }
    if !f.simple {
        return Some("the model has more than replicas moving".into());
    }
    if f.comp_max_down.iter().all(|&d| d == 0) {
        return Some("no component has a spare replica, so there is no rare event to bias".into());
    }
    None
}

/// Mean hours a replica of `c` stays down: detection (when it has one) plus repair.
fn down_mean_hours(c: &crate::model::Component) -> f64 {
    c.repair.mean_hours() + c.detect.as_ref().map_or(0.0, |d| d.mean_hours())
}

/// Steady-state probability that component `c` is down and that all its replicas are up.
fn steady_down_and_all_up(q: f64, n: u32, max_down: u32) -> (f64, f64) {
    // P(more than max_down of n down), replicas independent, each down with probability q.
    let mut p_j = (1.0 - q).powi(n as i32); // P(exactly j down), from j = 0
    let all_up = p_j;
    let mut at_most = 0.0;
    for j in 0..=max_down.min(n) {
        if j > 0 {
            p_j *= f64::from(n - j + 1) / f64::from(j) * q / (1.0 - q);
        }
        at_most += p_j;
    }
    ((1.0 - at_most).max(0.0), all_up)
}

/// Choose the method of a run: the one asked for, or plain with a note where failure
/// biasing does not apply (or, for auto, would not help).
pub(crate) fn choose(plan: &Plan, cfg: &RunConfig) -> Chosen {
    choose_for(plan, cfg, true)
}

/// [`choose`] for a run whose trials may run other plans than `plan` (`single` false: a
/// design's variants), where failure biasing does not apply.
pub(crate) fn choose_for(plan: &Plan, cfg: &RunConfig, single: bool) -> Chosen {
    let plain = |note: Option<String>| Chosen {
        method: Method::Plain,
        note,
        bias: None,
    };
    if cfg.method == Method::Plain {
        return plain(None);
    }
    let why = if single {
        not_applicable(plan, cfg)
    } else {
        Some("the trials run several variants of the model".into())
    };
    if let Some(why) = why {
        return plain(Some(format!(
            "failure biasing does not apply: {why}; plain Monte Carlo used"
        )));
    }
    let m = plan.model();
    let f = &plan.flat;
    let comps: Vec<BiasComp> = m
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| BiasComp {
            lambda: 1.0 / c.failure.mean_hours(),
            n: c.replicas,
            max_down: f.comp_max_down[i],
            repair: f.clock[i].repair.clone(),
            detect: f.clock[i].detect.clone(),
        })
        .collect();
    let mut note = None;
    if cfg.method == Method::Auto {
        let (mut down, mut all_up) = (0.0, 1.0);
        for (c, b) in m.components.iter().zip(&comps) {
            let (up, rep) = (c.failure.mean_hours(), down_mean_hours(c));
            let (d, a) = steady_down_and_all_up(rep / (up + rep), b.n, b.max_down);
            down += d;
            all_up *= a;
        }
        if down > AUTO_RARE_UNAVAILABILITY {
            return plain(Some(format!(
                "auto: downtime is not rare here (components down {down:.1e} of the time in the long run, above {AUTO_RARE_UNAVAILABILITY:e}); plain Monte Carlo used"
            )));
        }
        if all_up < AUTO_MIN_ALL_UP {
            return plain(Some(format!(
                "auto: every replica is up only {:.0} % of the time (below {:.0} %), so excursions are long and biasing gains little; plain Monte Carlo used",
                100.0 * all_up,
                100.0 * AUTO_MIN_ALL_UP
            )));
        }
        note = Some(format!(
            "auto: failure biasing (components down {down:.1e} of the time in the long run)"
        ));
    }
    Chosen {
        method: Method::Biasing,
        note,
        bias: Some(BiasPlan {
            comps,
            key: EntityKey::new("rare:excursions"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_down_is_the_binomial_tail() {
        // 1-of-3, q = 0.1: down when all 3 are down.
        let (d, a) = steady_down_and_all_up(0.1, 3, 2);
        assert!((d - 1e-3).abs() < 1e-15);
        assert!((a - 0.729).abs() < 1e-15);
        // 2-of-3: down when 2 or 3 are down.
        let (d, _) = steady_down_and_all_up(0.1, 3, 1);
        assert!((d - (3.0 * 0.01 * 0.9 + 1e-3)).abs() < 1e-15);
    }
}
