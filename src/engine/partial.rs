//! Shards of a run and their partial results: run a contiguous range of a run's batches,
//! keep the nodes of the fixed fold tree (see `fold`), and merge parts exactly.
//!
//! A [`Partial`] is plain data (serde): the engine neither reads nor writes files. It carries
//! the model and scenario texts, so a merge rebuilds the plan the shards ran (checking their
//! hashes) and prints what the unsharded run prints, bit for bit.

use super::batch::{Acc, ScopeAcc};
use super::fold::{Block, TreeFold};
use super::{
    BATCH_TRIALS, EngineError, Observer, Plan, RunConfig, RunResults, fold_range, in_pool,
};
use crate::stats::Moments;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The `format` of a partial result file.
pub const PARTIAL_FORMAT: &str = "nines-partial";
/// The version of the partial format written; merges refuse any other.
pub const PARTIAL_VERSION: u32 = 2;

/// Shard `index` of `count` (0-based): a contiguous range of the run's batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards the run is split into (at least 1).
    pub count: u64,
}

impl Shard {
    /// Parse `I/N` (0 ≤ I < N).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard I/N with 0 <= I < N (shards count from 0)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count || count > 1_000_000 {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// This shard's batches of a run of `batches` batches: `[B·I/N, B·(I+1)/N)`.
    pub fn range(&self, batches: u64) -> std::ops::Range<u64> {
        let at = |i: u64| (u128::from(batches) * u128::from(i) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

/// A shard's partial result: what it ran, on which model, and the nodes of the fold tree
/// over its batches. The file format is documented in the README ("Partial results").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always [`PARTIAL_FORMAT`].
    pub format: String,
    /// [`PARTIAL_VERSION`] when written.
    pub version: u32,
    /// The nines version that ran the shard (merges need the same one).
    pub nines_version: String,
    /// Where the model came from (as given on the command line; for messages).
    pub model_origin: String,
    /// Hash of the model text.
    pub model_hash: String,
    /// The model text itself, so a merge rebuilds the same plan.
    pub model_text: String,
    /// Hash of the scenario text and series, with a scenario.
    pub scenario_hash: Option<String>,
    /// The scenario text, with a scenario.
    pub scenario_text: Option<String>,
    /// The scenario's hourly series, when it names one.
    pub scenario_series: Option<Vec<f64>>,
    /// Seed of the whole run.
    pub seed: u64,
    /// Trials of the whole run.
    pub trials: u64,
    /// Horizon of each trial (hours).
    pub horizon_hours: f64,
    /// Trials per batch ([`BATCH_TRIALS`]).
    pub batch_trials: u64,
    /// Batches of the whole run.
    pub total_batches: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// The batches it ran: `[first, end)`.
    pub batches: [u64; 2],
    /// Wall-clock seconds the shard took.
    pub wall_seconds: f64,
    /// The estimation method the shard used (plain or biasing; parts of one run share it).
    pub method: super::Method,
    /// Why that method (a fallback or auto's choice), as the unsharded run says it.
    pub method_note: Option<String>,
    /// The maximal nodes of the fold tree inside `batches`, in batch order.
    pub(crate) blocks: Vec<Block>,
}

/// Why parts do not merge (or a part is damaged). Each names the part by its position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("part {part}: {message}")]
pub struct PartialError {
    /// Index of the part among those given (0-based), or of the first of two that clash.
    pub part: usize,
    /// What is wrong.
    pub message: String,
}

/// Texts and hashes of what a shard ran on (the engine does not read files).
#[derive(Debug, Clone, Default)]
pub struct PartialSource {
    /// Where the model came from.
    pub model_origin: String,
    /// The model text.
    pub model_text: String,
    /// The scenario text and series, with a scenario.
    pub scenario: Option<(String, Option<Vec<f64>>)>,
}

/// Hash of a scenario's text and series.
pub fn scenario_hash(text: &str, series: Option<&[f64]>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for v in series.unwrap_or_default() {
        bytes.extend_from_slice(&v.to_bits().to_le_bytes());
    }
    crate::model::model_hash(&bytes)
}

/// Run shard `shard` of the run `cfg` describes on `plan` (built from `src`).
pub fn run_shard(
    plan: &Plan,
    src: &PartialSource,
    cfg: &RunConfig,
    shard: Shard,
    observer: &dyn Observer,
) -> Result<Partial, EngineError> {
    if cfg.target.is_some() {
        return Err(EngineError::InvalidConfig(
            "a target (precision on demand) cannot be split into shards: give a fixed trial count"
                .into(),
        ));
    }
    let start = Instant::now();
    let batches = cfg.trials.div_ceil(BATCH_TRIALS);
    let range = shard.range(batches);
    let chosen = super::rare::choose(plan, cfg);
    let (fold, _) = in_pool(plan, cfg, || {
        fold_range(plan, cfg, range.clone(), observer, &chosen)
    })?;
    Ok(Partial {
        format: PARTIAL_FORMAT.into(),
        version: PARTIAL_VERSION,
        nines_version: crate::VERSION.into(),
        model_origin: src.model_origin.clone(),
        model_hash: crate::model::model_hash(src.model_text.as_bytes()),
        model_text: src.model_text.clone(),
        scenario_hash: src
            .scenario
            .as_ref()
            .map(|(t, s)| scenario_hash(t, s.as_deref())),
        scenario_text: src.scenario.as_ref().map(|(t, _)| t.clone()),
        scenario_series: src.scenario.as_ref().and_then(|(_, s)| s.clone()),
        seed: cfg.seed,
        trials: cfg.trials,
        horizon_hours: cfg.horizon_hours.unwrap_or_else(|| plan.horizon_hours()),
        batch_trials: BATCH_TRIALS,
        total_batches: batches,
        shard,
        batches: [range.start, range.end],
        wall_seconds: start.elapsed().as_secs_f64(),
        method: chosen.method,
        method_note: chosen.note,
        blocks: fold.blocks,
    })
}

/// The canonical nodes of `[a, c)`: greedy largest aligned power-of-two blocks.
fn canonical(a: u64, c: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut s = a;
    while s < c {
        let mut level = if s == 0 {
            63
        } else {
            s.trailing_zeros().min(63)
        };
        while level > 0 && (c - s) < (1u64 << level) {
            level -= 1;
        }
        out.push((s, level));
        s += 1u64 << level;
    }
    out
}

fn check_moments(m: &Moments, max_n: u64, what: &str) -> Result<(), String> {
    if m.n > max_n || !m.mean.is_finite() || !m.m2.is_finite() || m.m2 < 0.0 {
        return Err(format!(
            "{what}: {} values with mean {} and m2 {} is not what {max_n} trials give",
            m.n, m.mean, m.m2
        ));
    }
    Ok(())
}

fn check_scope(s: &ScopeAcc, trials: u64, load: bool, what: &str) -> Result<(), String> {
    for (m, name, exact, of_load) in [
        (&s.downtime, "downtime", true, false),
        (&s.outages, "outages", true, false),
        (&s.served, "served", load, true),
        (&s.lost, "lost", load, true),
        (&s.overload, "overload", load, true),
        (&s.overloaded, "overloaded", load, true),
        (&s.peak, "peak", false, true),
        (&s.normal, "normal", false, true),
    ] {
        check_moments(m, trials, &format!("{what} {name}"))?;
        if (exact && m.n != trials) || (of_load && !load && m.n != 0) {
            return Err(format!("{what} {name}: {} values for {trials} trials", m.n));
        }
    }
    if s.trials_with_downtime > trials || !s.sketch.is_consistent(trials) {
        return Err(format!("{what}: counts do not add up to {trials} trials"));
    }
    Ok(())
}

/// Check a block's accumulators: with failure biasing (`weighted`) it must carry the plain
/// timeline's (checked the same way), and without it must not.
fn check_acc(a: &Acc, plan: &Plan, trials: u64, weighted: bool) -> Result<(), String> {
    match (&a.plain, weighted) {
        (Some(p), true) => {
            check_acc(p, plan, trials, false).map_err(|m| format!("plain timeline: {m}"))?
        }
        (None, false) => {}
        (Some(_), false) => {
            return Err(
                "a block carries plain-timeline statistics, which only failure biasing writes"
                    .into(),
            );
        }
        (None, true) => {
            return Err("a failure-biasing block lacks its plain-timeline statistics".into());
        }
    }
    let f = &plan.flat;
    if a.trials != trials {
        return Err(format!(
            "a block holds {} trials where {trials} belong",
            a.trials
        ));
    }
    if a.services.len() != f.n_service || a.caused_hours.len() != f.n_comp + f.units.len() {
        return Err(format!(
            "{} services and {} causes do not match the model ({} and {})",
            a.services.len(),
            a.caused_hours.len(),
            f.n_service,
            f.n_comp + f.units.len()
        ));
    }
    if a.caused_hours.iter().any(|h| !h.is_finite() || *h < 0.0) {
        return Err("caused downtime hours must be finite and >= 0".into());
    }
    let m = &a.money;
    for (mo, sk, name) in [
        (&m.loss, &m.loss_sketch, "downtime loss"),
        (&m.credits, &m.credits_sketch, "SLA credits"),
        (&m.variable, &m.variable_sketch, "loss and credits"),
    ] {
        check_moments(mo, trials, name)?;
        if mo.n != trials || !sk.is_consistent(trials) {
            return Err(format!("{name}: counts do not add up to {trials} trials"));
        }
    }
    if a.service_loss.len() != f.n_service {
        return Err(format!(
            "{} service losses do not match the model's {} services",
            a.service_loss.len(),
            f.n_service
        ));
    }
    for (i, l) in a.service_loss.iter().enumerate() {
        check_moments(&l.m, trials, &format!("service {i} downtime loss"))?;
        if (l.m.n != 0 && l.m.n != trials) || !l.sketch.is_consistent(l.m.n) {
            return Err(format!(
                "service {i} downtime loss: counts do not add up to {trials} trials"
            ));
        }
    }
    let load = plan.scenario().is_some();
    check_scope(&a.model, trials, load, "model")?;
    for (i, s) in a.services.iter().enumerate() {
        check_scope(s, trials, load, &format!("service {i}"))?;
    }
    Ok(())
}

/// Merge the parts of a run into the results the unsharded run gives (wall time: the sum
/// of the parts'). `plan` must be built from the first part's texts. Refuses parts of
/// different runs, versions or settings, overlapping or missing batch ranges, and damaged
/// accumulators, naming the part.
pub fn merge_partials(plan: &Plan, parts: &[Partial]) -> Result<RunResults, PartialError> {
    let err = |part: usize, message: String| PartialError { part, message };
    let Some(first) = parts.first() else {
        return Err(err(0, "no parts to merge".into()));
    };
    for (i, p) in parts.iter().enumerate() {
        if p.format != PARTIAL_FORMAT || p.version != PARTIAL_VERSION {
            return Err(err(
                i,
                format!(
                    "format {} version {} is not {PARTIAL_FORMAT} version {PARTIAL_VERSION}",
                    p.format, p.version
                ),
            ));
        }
        if p.nines_version != crate::VERSION {
            return Err(err(
                i,
                format!(
                    "written by nines {}; this is nines {} (merge with the version that ran the shards)",
                    p.nines_version,
                    crate::VERSION
                ),
            ));
        }
        if p.model_hash != crate::model::model_hash(p.model_text.as_bytes()) {
            return Err(err(
                i,
                "the model text does not match its hash (edited or damaged)".into(),
            ));
        }
        let sh = p
            .scenario_text
            .as_ref()
            .map(|t| scenario_hash(t, p.scenario_series.as_deref()));
        if sh != p.scenario_hash {
            return Err(err(
                i,
                "the scenario does not match its hash (edited or damaged)".into(),
            ));
        }
        let same = p.model_hash == first.model_hash
            && p.scenario_hash == first.scenario_hash
            && p.seed == first.seed
            && p.trials == first.trials
            && p.horizon_hours.to_bits() == first.horizon_hours.to_bits()
            && p.shard.count == first.shard.count
            && p.method == first.method;
        if !same {
            return Err(err(
                i,
                format!(
                    "not the same run as part 0 (model {} seed {} trials {} horizon {} h, {} shards, scenario {}, method {}; part 0: model {} seed {} trials {} horizon {} h, {} shards, scenario {}, method {})",
                    p.model_hash,
                    p.seed,
                    p.trials,
                    p.horizon_hours,
                    p.shard.count,
                    p.scenario_hash.as_deref().unwrap_or("none"),
                    p.method.name(),
                    first.model_hash,
                    first.seed,
                    first.trials,
                    first.horizon_hours,
                    first.shard.count,
                    first.scenario_hash.as_deref().unwrap_or("none"),
                    first.method.name(),
                ),
            ));
        }
        let batches = p.trials.div_ceil(BATCH_TRIALS);
        if p.batch_trials != BATCH_TRIALS
            || p.total_batches != batches
            || p.trials == 0
            || p.trials > super::MAX_TRIALS
            || p.shard.count == 0
            || p.shard.index >= p.shard.count
        {
            return Err(err(
                i,
                format!(
                    "{} trials in {} batches of {} (shard {}/{}) is not a valid run",
                    p.trials, p.total_batches, p.batch_trials, p.shard.index, p.shard.count
                ),
            ));
        }
        let cfg = RunConfig {
            trials: p.trials,
            seed: p.seed,
            horizon_hours: Some(p.horizon_hours),
            method: p.method,
            ..RunConfig::default()
        };
        let weighted = match p.method {
            super::Method::Plain => false,
            super::Method::Biasing => match super::rare::not_applicable(plan, &cfg) {
                None => true,
                Some(why) => {
                    return Err(err(
                        i,
                        format!("says method biasing, but failure biasing does not apply: {why}"),
                    ));
                }
            },
            super::Method::Auto => {
                return Err(err(
                    i,
                    "method auto is what is asked for, never what a part ran".into(),
                ));
            }
        };
        let r = p.shard.range(batches);
        if p.batches != [r.start, r.end] {
            return Err(err(
                i,
                format!(
                    "batches {}..{} are not shard {}/{}'s ({}..{})",
                    p.batches[0], p.batches[1], p.shard.index, p.shard.count, r.start, r.end
                ),
            ));
        }
        let want = canonical(r.start, r.end);
        if p.blocks.len() != want.len()
            || p.blocks
                .iter()
                .zip(&want)
                .any(|(b, &(s, l))| b.start != s || b.level != l)
        {
            return Err(err(
                i,
                "its blocks do not cover its batch range as the fold tree does".into(),
            ));
        }
        for b in &p.blocks {
            let end = b.end().unwrap_or(u64::MAX).min(batches);
            let trials = (end * BATCH_TRIALS).min(p.trials) - b.start * BATCH_TRIALS;
            check_acc(&b.acc, plan, trials, weighted).map_err(|m| err(i, m))?;
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].shard.index);
    for w in order.windows(2) {
        if parts[w[0]].shard.index == parts[w[1]].shard.index {
            return Err(err(
                w[1],
                format!(
                    "shard {} given twice (also part {})",
                    parts[w[1]].shard.index, w[0]
                ),
            ));
        }
    }
    if let Some(missing) = (0..first.shard.count)
        .find(|s| order.get(*s as usize).map(|&i| parts[i].shard.index) != Some(*s))
    {
        return Err(err(
            0,
            format!("shard {missing} of {} is missing", first.shard.count),
        ));
    }
    let mut fold = TreeFold::default();
    let mut events = 0u64;
    for &i in &order {
        for b in &parts[i].blocks {
            events = events
                .checked_add(b.acc.events)
                .ok_or_else(|| err(i, "event counts overflow".into()))?;
            fold.push(b.clone());
        }
    }
    let total = fold.total(Acc::new(&plan.flat));
    let cfg = RunConfig {
        trials: first.trials,
        seed: first.seed,
        horizon_hours: Some(first.horizon_hours),
        ..RunConfig::default()
    };
    let wall: f64 = parts.iter().map(|p| p.wall_seconds.max(0.0)).sum();
    let mut r = RunResults::from_acc(
        plan,
        &cfg,
        first.horizon_hours,
        &total,
        if wall.is_finite() { wall } else { 0.0 },
    );
    if first.method == super::Method::Biasing {
        super::rare_loop::finish_results(&mut r, &total);
    }
    r.method = first.method;
    r.method_note = first.method_note.clone();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_batches_and_canonical_nodes_are_aligned() {
        for batches in [1u64, 7, 64, 1000] {
            for n in [1u64, 3, 4, 9] {
                let mut next = 0;
                for i in 0..n {
                    let r = Shard { index: i, count: n }.range(batches);
                    assert_eq!(r.start, next);
                    next = r.end;
                    let c = canonical(r.start, r.end);
                    let mut s = r.start;
                    for (b, l) in c {
                        assert_eq!(b, s);
                        assert_eq!(b % (1 << l), 0);
                        s += 1 << l;
                    }
                    assert_eq!(s, r.end);
                }
                assert_eq!(next, batches);
            }
        }
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert_eq!(Shard::parse("3/4"), Ok(Shard { index: 3, count: 4 }));
    }
}
