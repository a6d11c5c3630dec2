//! Failure domains and shared failures: zones, regions, common causes, the placement of a
//! component's replicas in zones, and failover — their types and how they are read.

use super::reader::{Ctx, Field, describe, join, label, tables};
use super::{Dist, Spans};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml_edit::TableLike;

/// A zone (`[[zone]]`) or region (`[[region]]`): one unit that fails and is repaired like a
/// replica; while it is down every replica placed in it (for a region: in its zones) is down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// Unique name among zones and regions.
    pub name: String,
    /// Time between outages of the whole domain.
    pub failure: Dist,
    /// Duration of an outage.
    pub repair: Dist,
    /// For a zone: the region it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Yearly cost of the domain (a region's base fee, a zone's reserved capacity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<super::FixedCost>,
    /// The survey challenge its downtime counts towards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

/// An event that takes down replicas of several components at once (`[[common_cause]]`):
/// a CDN or cloud control-plane incident, a bad deploy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommonCause {
    /// Unique name among common causes.
    pub name: String,
    /// Components it hits.
    pub affects: Vec<String>,
    /// Time between events.
    pub failure: Dist,
    /// Duration of an event.
    pub repair: Dist,
    /// Share of each affected component's replicas taken down (rounded up, at least one),
    /// chosen at random at each event; 1 takes all.
    #[serde(default = "one")]
    pub fraction: f64,
    /// Time from the event's start until it is noticed; the event's duration (`repair`)
    /// runs from then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detect: Option<Dist>,
    /// The survey challenge its downtime counts towards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

fn one() -> f64 {
    1.0
}

/// Switching from a failed active replica to a standby (`failover = { seconds, success }`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Failover {
    /// Seconds the component is down while it switches over.
    pub seconds: f64,
    /// Probability that a switchover works; otherwise the component stays down until one of
    /// its replicas comes back.
    pub success: f64,
}

/// Where a component's replicas run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Placement {
    /// `zones = ["a", "b", "c"]`: replica i in zone i mod 3.
    RoundRobin(Vec<String>),
    /// `zones = { a = 2, b = 1 }`: so many replicas in each zone (replicas are numbered zone
    /// by zone in name order).
    Counts(BTreeMap<String, u32>),
}

impl Placement {
    /// The zone names in the order written.
    pub fn zone_names(&self) -> Vec<&str> {
        match self {
            Placement::RoundRobin(v) => v.iter().map(String::as_str).collect(),
            Placement::Counts(m) => m.keys().map(String::as_str).collect(),
        }
    }

    /// For each replica, the position in [`Placement::zone_names`] of its zone.
    pub fn replica_zones(&self, replicas: u32) -> Vec<usize> {
        match self {
            Placement::RoundRobin(v) => {
                (0..replicas as usize).map(|i| i % v.len().max(1)).collect()
            }
            Placement::Counts(m) => m
                .values()
                .enumerate()
                .flat_map(|(i, &n)| std::iter::repeat_n(i, n as usize))
                .collect(),
        }
    }
}

/// Read `[[zone]]` or `[[region]]` tables (regions have no `region` key).
pub(crate) fn read_domains(ctx: &mut Ctx, root: &toml_edit::Table, kind: &str) -> Vec<Domain> {
    let mut out = Vec::new();
    let allowed: &[&str] = if kind == "zone" {
        &super::keys::ZONE
    } else {
        &super::keys::REGION
    };
    for (i, t, path, mut spans) in tables(ctx, root, kind) {
        let name = ctx.string(t, &path, "name", spans.table);
        let label = label(kind, i, name.as_deref());
        ctx.keys(t, &label, allowed, "", &mut spans);
        let failure = ctx.dist(t, &label, "failure", spans.table, &mut spans);
        let repair = ctx.dist(t, &label, "repair", spans.table, &mut spans);
        let region = match t.get("region") {
            Some(item) if kind == "zone" => match item.as_str() {
                Some(s) => Some(Some(s.to_string())),
                None => {
                    ctx.err(
                        ctx.key_pos(t, "region"),
                        join(&label, "region"),
                        format!("must be a region name, found {}", describe(item)),
                    );
                    None
                }
            },
            _ => Some(None),
        };
        let cost = super::money::read_fixed_cost(ctx, t, &label, &mut spans);
        let challenge = super::money::read_opt_string(ctx, t, &label, "challenge");
        if let (
            Some(name),
            Some(failure),
            Some(repair),
            Some(region),
            Some(cost),
            Some(challenge),
        ) = (name, failure, repair, region, cost, challenge)
        {
            out.push(Domain {
                name,
                failure,
                repair,
                region,
                cost,
                challenge,
                spans,
            });
        }
    }
    out
}

/// Read `[[common_cause]]` tables.
pub(crate) fn read_causes(ctx: &mut Ctx, root: &toml_edit::Table) -> Vec<CommonCause> {
    let mut out = Vec::new();
    for (i, t, path, mut spans) in tables(ctx, root, "common_cause") {
        let name = ctx.string(t, &path, "name", spans.table);
        let label = label("common_cause", i, name.as_deref());
        ctx.keys(t, &label, &super::keys::COMMON_CAUSE, "", &mut spans);
        let affects = match t.contains_key("affects") {
            true => ctx.names(t, &label, "affects"),
            false => {
                ctx.err(
                    spans.table,
                    join(&label, "affects"),
                    "is required: the components it takes down, e.g. affects = [\"cdn\"]",
                );
                None
            }
        };
        let failure = ctx.dist(t, &label, "failure", spans.table, &mut spans);
        let repair = ctx.dist(t, &label, "repair", spans.table, &mut spans);
        let fraction = if t.contains_key("fraction") {
            ctx.number(t, &label, "fraction")
        } else {
            Some(1.0)
        };
        let detect = if t.contains_key("detect") {
            ctx.dist(t, &label, "detect", spans.table, &mut spans)
                .map(Some)
        } else {
            Some(None)
        };
        let challenge = super::money::read_opt_string(ctx, t, &label, "challenge");
        if let (
            Some(name),
            Some(affects),
            Some(failure),
            Some(repair),
            Some(fraction),
            Some(detect),
            Some(challenge),
        ) = (name, affects, failure, repair, fraction, detect, challenge)
        {
            out.push(CommonCause {
                name,
                affects,
                failure,
                repair,
                fraction,
                detect,
                challenge,
                spans,
            });
        }
    }
    out
}

/// Read a component's `zones` (a list, or a table of counts). `Some(None)` when absent.
pub(crate) fn read_placement(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
) -> Option<Option<Placement>> {
    let Some(item) = t.get("zones") else {
        return Some(None);
    };
    let pos = ctx.key_pos(t, "zones");
    if item.as_array().is_some() {
        return ctx
            .names(t, label, "zones")
            .map(|v| Some(Placement::RoundRobin(v)));
    }
    if let Some(tab) = item.as_table_like() {
        let mut counts = BTreeMap::new();
        let mut ok = true;
        for (k, v) in tab.iter() {
            match v.as_integer() {
                Some(n) if (0..=i64::from(super::MAX_REPLICAS)).contains(&n) => {
                    counts.insert(k.to_string(), n as u32);
                }
                _ => {
                    ctx.err(
                        ctx.key_pos(tab, k).or(pos),
                        join(&join(label, "zones"), k),
                        format!(
                            "must be a replica count from 0 to {}, found {}",
                            super::MAX_REPLICAS,
                            describe(v)
                        ),
                    );
                    ok = false;
                }
            }
        }
        return ok.then_some(Some(Placement::Counts(counts)));
    }
    ctx.err(pos, join(label, "zones"), format!("must be a list of zone names (round-robin placement) or a table of counts like {{ a = 2, b = 1 }}, found {}", describe(item)));
    None
}

/// Read a component's `failover`. `Some(None)` when absent.
pub(crate) fn read_failover(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<Failover>> {
    let v = ctx.number_table(
        t,
        label,
        "failover",
        &[("seconds", Field::Required), ("success", Field::Required)],
        "{ seconds = 90, success = 0.98 }",
        spans,
    )?;
    Some(v.map(|v| Failover {
        seconds: v[0],
        success: v[1],
    }))
}

/// Read a component's `usl = { contention, coherency }`. `Some(None)` when absent.
pub(crate) fn read_usl(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<super::Usl>> {
    let v = ctx.number_table(
        t,
        label,
        "usl",
        &[
            ("contention", Field::Default(0.0)),
            ("coherency", Field::Default(0.0)),
        ],
        "{ contention = 0.02, coherency = 0.0001 }",
        spans,
    )?;
    Some(v.map(|v| super::Usl {
        contention: v[0],
        coherency: v[1],
    }))
}
