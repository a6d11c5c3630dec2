//! The architecture model: components, groups, services and their distributions.
//!
//! A [`Model`] is plain data, as written in a model file or built by the GUI. It may be
//! invalid; [`crate::engine::Plan::new`] validates it once and reports every problem.

mod checker;
mod checks;
pub mod dist;
mod domains;
pub mod keys;
pub mod money;
mod money_read;
pub mod names;
mod parse;
pub(crate) mod reader;
pub mod synthetic;
mod validate;

pub use dist::Dist;
pub use domains::{CommonCause, Domain, Failover, Placement};
pub use money::{
    ComponentCost, CreditTier, DowntimeCost, FixedCost, Revenue, Sla, SlaDirection, SlaScope,
};
pub use parse::{Parsed, parse_model};
pub use validate::{MAX_EVENTS_PER_TRIAL, Resolved, expected_events, validate};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Hours in one (non-leap) year: the unit of every "per year" figure.
pub const HOURS_PER_YEAR: f64 = 8760.0;
/// Default length of one trial: one year.
pub const DEFAULT_HORIZON_HOURS: f64 = HOURS_PER_YEAR;
/// Largest replica count a component may have.
pub const MAX_REPLICAS: u32 = 100_000;
/// Largest number of components, groups and services together.
pub const MAX_NODES: usize = 10_000;
/// Largest total number of replicas in a model.
pub const MAX_TOTAL_REPLICAS: u64 = 1_000_000;
/// Longest horizon a model may ask for (1,000 years).
pub const MAX_HORIZON_HOURS: f64 = 8_760_000.0;

/// A position in a source file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Where the keys of one table were written, for error messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spans {
    /// Position of the table itself (its header or opening brace).
    pub table: Option<Pos>,
    /// Position of each key, by dotted key path within the table (`failure.shape`).
    pub keys: Vec<(String, Pos)>,
}

impl Spans {
    /// Position of `key`, falling back to its parent key, then to the table.
    pub fn of(&self, key: &str) -> Option<Pos> {
        let mut k = key;
        loop {
            if let Some((_, p)) = self.keys.iter().find(|(name, _)| name == k) {
                return Some(*p);
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return self.table,
            }
        }
    }
}

/// Whole-model settings from the `[model]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Display name (required).
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Length of one trial in hours.
    #[serde(default = "default_horizon")]
    pub horizon_hours: f64,
    /// ISO 4217 code of every money figure (`None`: [`money::DEFAULT_CURRENCY`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

impl ModelInfo {
    /// The currency of money figures ("USD" unless the model says otherwise).
    pub fn currency(&self) -> &str {
        self.currency.as_deref().unwrap_or(money::DEFAULT_CURRENCY)
    }
}

fn default_horizon() -> f64 {
    DEFAULT_HORIZON_HOURS
}

fn is_zero_len<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// Universal Scalability Law coefficients: X(N) = N·X1 / (1 + σ(N−1) + κN(N−1)).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Usl {
    /// σ: contention (serialisation), >= 0.
    pub contention: f64,
    /// κ: coherency (crosstalk), >= 0.
    pub coherency: f64,
}

/// A tier of identical replicas (`[[component]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Unique name among components and groups.
    pub name: String,
    /// Number of replicas, at least 1.
    pub replicas: u32,
    /// Replicas that must be up (k of n); `None` means all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_up: Option<u32>,
    /// Time to failure of one replica.
    pub failure: Dist,
    /// Time to repair of one replica.
    pub repair: Dist,
    /// Components or groups this one needs.
    #[serde(default, skip_serializing_if = "is_zero_len")]
    pub depends_on: Vec<String>,
    /// Zones its replicas run in (none: no zone outages apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Placement>,
    /// Switchover from a failed active replica to a standby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<Failover>,
    /// Requests per second one replica serves at most (none: no capacity limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_rps: Option<f64>,
    /// Requests one replica works on at once (M/M/c servers per replica), default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<u32>,
    /// Universal Scalability Law coefficients for imperfect scaling across replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usl: Option<Usl>,
    /// Time from a replica's failure until it is noticed; its repair starts then (the
    /// replica is down for detect + repair). None: repair starts at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detect: Option<Dist>,
    /// Yearly cost of the component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<ComponentCost>,
    /// The survey challenge this component's downtime counts towards ("Scalability Issues").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

impl Component {
    /// The effective `min_up` (all replicas when unset).
    pub fn k(&self) -> u32 {
        self.min_up.unwrap_or(self.replicas)
    }
}

/// Redundancy across different components or groups (`[[group]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Unique name among components and groups.
    pub name: String,
    /// Members.
    pub of: Vec<String>,
    /// Members that must be available.
    pub min_up: u32,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

/// What users experience (`[[service]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// Unique name among services.
    pub name: String,
    /// Components or groups it needs.
    pub requires: Vec<String>,
    /// Share of the scenario's offered load that goes to this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_share: Option<f64>,
    /// Objective for the 95th percentile of response time (milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_p95_ms: Option<f64>,
    /// Cost of an hour of this service being down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime_cost: Option<DowntimeCost>,
    /// Revenue lost with each lost request (with a load scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<Revenue>,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

/// A whole model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// The `[model]` table.
    pub model: ModelInfo,
    /// Components in file order.
    #[serde(default, rename = "component", skip_serializing_if = "is_zero_len")]
    pub components: Vec<Component>,
    /// Groups in file order.
    #[serde(default, rename = "group", skip_serializing_if = "is_zero_len")]
    pub groups: Vec<Group>,
    /// Services in file order.
    #[serde(default, rename = "service", skip_serializing_if = "is_zero_len")]
    pub services: Vec<Service>,
    /// Zones in file order.
    #[serde(default, rename = "zone", skip_serializing_if = "is_zero_len")]
    pub zones: Vec<Domain>,
    /// Regions in file order.
    #[serde(default, rename = "region", skip_serializing_if = "is_zero_len")]
    pub regions: Vec<Domain>,
    /// Common causes in file order.
    #[serde(default, rename = "common_cause", skip_serializing_if = "is_zero_len")]
    pub common_causes: Vec<CommonCause>,
    /// SLAs in file order.
    #[serde(default, rename = "sla", skip_serializing_if = "is_zero_len")]
    pub slas: Vec<Sla>,
    /// Name of the file it came from, for messages (not serialized).
    #[serde(skip)]
    pub origin: Option<String>,
}

impl Model {
    /// Serialize to TOML text (without comments; the GUI keeps comments with toml_edit).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// One problem found in a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Where it was written, when known.
    pub pos: Option<Pos>,
    /// The key concerned, as a path (`component[2].min_up`), or empty.
    pub key: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// Every problem found in one model (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelError {
    /// The file name, or `<model>` for a model built in memory.
    pub origin: String,
    /// The problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_diagnostics(f, &self.origin, &self.diagnostics)
    }
}

/// Write problems as `file:line:col: key: message`, one per line, with a count when there
/// are several (the form of every file error nines prints).
pub fn write_diagnostics(
    f: &mut fmt::Formatter<'_>,
    origin: &str,
    diagnostics: &[Diagnostic],
) -> fmt::Result {
    let n = diagnostics.len();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{origin}")?;
        if let Some(p) = d.pos {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": ")?;
        if !d.key.is_empty() {
            write!(f, "{}: ", d.key)?;
        }
        write!(f, "{}", d.message)?;
    }
    if n > 1 {
        write!(f, "\n{origin}: {n} errors")?;
    }
    Ok(())
}

impl std::error::Error for ModelError {}

/// A 64-bit FNV-1a hash of a model file's bytes, as 16 hex digits: printed in every output so
/// a result can be traced to the exact file that produced it.
pub fn model_hash(source: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let lower = word.to_lowercase();
    for c in candidates {
        if lower.len() >= 3 && c.starts_with(&lower) {
            return Some(c);
        }
        let d = edit_distance(&word.to_lowercase(), &c.to_lowercase());
        let limit = (c.chars().count().max(3) / 3).max(1) + 1;
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_only() {
        assert_eq!(
            did_you_mean("replicsa", ["replicas", "min_up"]),
            Some("replicas")
        );
        assert_eq!(
            did_you_mean("depend_on", ["depends_on", "name"]),
            Some("depends_on")
        );
        assert_eq!(did_you_mean("colour", ["replicas", "min_up"]), None);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(model_hash(b""), "cbf29ce484222325");
        assert_ne!(model_hash(b"a"), model_hash(b"b"));
    }
}
