//! Checks of the format's extensions: zones, regions, common causes, placement, failover,
//! capacity and load keys.

use super::checker::Checker;
use super::dist::Role;
use super::names::{NAME_RULE, Names, valid_name};
use super::{Component, Model, Placement};
use std::collections::HashMap;

/// What the domain checks resolved.
pub(super) struct DomainRefs {
    /// Region of each zone.
    pub(super) zone_region: Vec<Option<usize>>,
    /// Zone of each replica, per component (empty without zones).
    pub(super) placement: Vec<Vec<usize>>,
    /// Components each common cause hits.
    pub(super) affects: Vec<Vec<usize>>,
}

/// Zones, regions, common causes, placement and failover.
pub(super) fn check_domains(ck: &mut Checker, m: &Model) -> DomainRefs {
    check_domain_tables(ck, m);
    let regions = Names::new(
        "region",
        "region",
        m.regions.iter().map(|r| r.name.as_str()),
    );
    let zone_region = m
        .zones
        .iter()
        .map(|z| {
            let label = format!("zone \"{}\"", z.name);
            z.region.as_ref().and_then(|r| {
                ck.refs(
                    &regions,
                    std::slice::from_ref(r),
                    &z.spans,
                    "region",
                    &label,
                )
                .first()
                .copied()
            })
        })
        .collect();
    let placement = m
        .components
        .iter()
        .map(|c| check_placement(ck, m, c))
        .collect();
    for c in &m.components {
        check_failover(ck, c);
    }
    DomainRefs {
        zone_region,
        placement,
        affects: check_causes(ck, m),
    }
}

/// Names and distributions of zones and regions (one namespace).
fn check_domain_tables(ck: &mut Checker, m: &Model) {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (kind, d) in m
        .zones
        .iter()
        .map(|z| ("zone", z))
        .chain(m.regions.iter().map(|r| ("region", r)))
    {
        let label = format!("{kind} \"{}\"", d.name);
        if !valid_name(&d.name) {
            ck.err(&d.spans, "name", format!("{label}.name"), NAME_RULE);
        }
        if seen.insert(d.name.as_str(), ()).is_some() {
            ck.err(
                &d.spans,
                "name",
                format!("{label}.name"),
                format!(
                    "duplicate name `{}`: names must be unique among zones and regions",
                    d.name
                ),
            );
        }
        ck.dist(&d.spans, &label, "failure", &d.failure, Role::Failure);
        ck.dist(&d.spans, &label, "repair", &d.repair, Role::Repair);
    }
}

/// The zone of each replica of `c` (empty when it has no zones or they have problems).
fn check_placement(ck: &mut Checker, m: &Model, c: &Component) -> Vec<usize> {
    let Some(p) = &c.zones else {
        return Vec::new();
    };
    let label = format!("component \"{}\"", c.name);
    let zones = Names::new("zone", "zone", m.zones.iter().map(|z| z.name.as_str()));
    let names: Vec<String> = p.zone_names().iter().map(|s| s.to_string()).collect();
    if names.is_empty() {
        ck.err(
            &c.spans,
            "zones",
            format!("{label}.zones"),
            "must name at least one zone",
        );
    }
    let idx = ck.refs(&zones, &names, &c.spans, "zones", &label);
    if let Placement::Counts(counts) = p {
        let total: u64 = counts.values().map(|&n| u64::from(n)).sum();
        if total != u64::from(c.replicas) {
            ck.err(
                &c.spans,
                "zones",
                format!("{label}.zones"),
                format!(
                    "the counts add up to {total} but the component has {} replicas",
                    c.replicas
                ),
            );
        }
    }
    if idx.len() == names.len() && !names.is_empty() {
        p.replica_zones(c.replicas)
            .into_iter()
            .map(|i| idx[i])
            .collect()
    } else {
        Vec::new()
    }
}

fn check_failover(ck: &mut Checker, c: &Component) {
    let Some(f) = &c.failover else {
        return;
    };
    let label = format!("component \"{}\"", c.name);
    if !(f.seconds.is_finite() && (0.0..=31_536_000.0).contains(&f.seconds)) {
        ck.err(
            &c.spans,
            "failover.seconds",
            format!("{label}.failover.seconds"),
            format!(
                "must be a number of seconds from 0 to 31536000 (a year), found {}",
                f.seconds
            ),
        );
    }
    if !(f.success.is_finite() && (0.0..=1.0).contains(&f.success)) {
        ck.err(
            &c.spans,
            "failover.success",
            format!("{label}.failover.success"),
            format!("must be a probability from 0 to 1, found {}", f.success),
        );
    }
    if c.replicas < 2 {
        ck.err(
            &c.spans,
            "failover",
            format!("{label}.failover"),
            "needs a standby: give the component at least 2 replicas",
        );
    }
}

/// Names, fraction, distributions and targets of every common cause.
fn check_causes(ck: &mut Checker, m: &Model) -> Vec<Vec<usize>> {
    let components = Names::new(
        "component",
        "component",
        m.components.iter().map(|c| c.name.as_str()),
    );
    let mut names: HashMap<&str, ()> = HashMap::new();
    let mut affects = Vec::with_capacity(m.common_causes.len());
    for cc in &m.common_causes {
        let label = format!("common_cause \"{}\"", cc.name);
        if !valid_name(&cc.name) {
            ck.err(&cc.spans, "name", format!("{label}.name"), NAME_RULE);
        }
        if names.insert(cc.name.as_str(), ()).is_some() {
            ck.err(
                &cc.spans,
                "name",
                format!("{label}.name"),
                format!("duplicate common cause name `{}`", cc.name),
            );
        }
        if cc.affects.is_empty() {
            ck.err(
                &cc.spans,
                "affects",
                format!("{label}.affects"),
                "must name at least one component",
            );
        }
        if !(cc.fraction.is_finite() && cc.fraction > 0.0 && cc.fraction <= 1.0) {
            ck.err(
                &cc.spans,
                "fraction",
                format!("{label}.fraction"),
                format!(
                    "must be a share of replicas > 0 and at most 1, found {}",
                    cc.fraction
                ),
            );
        }
        ck.dist(&cc.spans, &label, "failure", &cc.failure, Role::Failure);
        ck.dist(&cc.spans, &label, "repair", &cc.repair, Role::Repair);
        affects.push(ck.refs(&components, &cc.affects, &cc.spans, "affects", &label));
    }
    affects
}

/// Capacity, scalability and load keys.
pub(super) fn check_load(ck: &mut Checker, m: &Model) {
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        if let Some(x) = c.capacity_rps
            && !(x.is_finite() && x > 0.0)
        {
            ck.err(
                &c.spans,
                "capacity_rps",
                format!("{label}.capacity_rps"),
                format!("must be requests per second > 0, found {x}"),
            );
        }
        if let Some(u) = c.usl {
            for (key, v) in [
                ("usl.contention", u.contention),
                ("usl.coherency", u.coherency),
            ] {
                if !(v.is_finite() && (0.0..1.0).contains(&v)) {
                    ck.err(
                        &c.spans,
                        key,
                        format!("{label}.{key}"),
                        format!("must be a number from 0 to below 1, found {v}"),
                    );
                }
            }
            if c.capacity_rps.is_none() {
                ck.err(
                    &c.spans,
                    "usl",
                    format!("{label}.usl"),
                    "needs capacity_rps (the throughput of one replica)",
                );
            }
        }
        if c.workers.is_some() && c.capacity_rps.is_none() {
            ck.err(
                &c.spans,
                "workers",
                format!("{label}.workers"),
                "needs capacity_rps (workers share a replica's throughput)",
            );
        }
    }
    let with_share = m.services.iter().filter(|s| s.load_share.is_some()).count();
    for s in &m.services {
        let label = format!("service \"{}\"", s.name);
        if let Some(x) = s.load_share {
            if !(x.is_finite() && x >= 0.0) {
                ck.err(
                    &s.spans,
                    "load_share",
                    format!("{label}.load_share"),
                    format!("must be a share >= 0, found {x}"),
                );
            }
        } else if with_share > 0 {
            ck.err(&s.spans, "name", format!("{label}.load_share"), "is missing: give load_share on every service or on none (then the load is split equally)");
        }
        if let Some(x) = s.latency_p95_ms
            && !(x.is_finite() && x > 0.0)
        {
            ck.err(
                &s.spans,
                "latency_p95_ms",
                format!("{label}.latency_p95_ms"),
                format!("must be milliseconds > 0, found {x}"),
            );
        }
    }
}
