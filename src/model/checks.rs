//! Checks of the format's extensions: zones, regions, common causes, placement, failover,
//! capacity and load keys.

use super::dist::Role;
use super::validate::{Checker, valid_name};
use super::{Model, Spans, did_you_mean};
use std::collections::HashMap;

/// Check a name list against a namespace; returns indices of the known names.
fn lookup(
    ck: &mut Checker,
    names: &[String],
    space: &[&str],
    what: &str,
    spans: &Spans,
    key: &str,
    label: &str,
) -> Vec<usize> {
    let mut out = Vec::new();
    for n in names {
        match space.iter().position(|s| s == n) {
            Some(i) if out.contains(&i) => ck.err(
                spans,
                key,
                format!("{label}.{key}"),
                format!("`{n}` is listed twice"),
            ),
            Some(i) => out.push(i),
            None => {
                let hint = did_you_mean(n, space.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let known = if space.is_empty() {
                    format!(" (the model has no {what}s: add a [[{what}]] table)")
                } else {
                    String::new()
                };
                ck.err(
                    spans,
                    key,
                    format!("{label}.{key}"),
                    format!("unknown {what} `{n}`{hint}{known}"),
                );
            }
        }
    }
    out
}

/// Region of each zone, zone of each replica per component, components of each common cause.
type Domains = (Vec<Option<usize>>, Vec<Vec<usize>>, Vec<Vec<usize>>);

/// Zones, regions, common causes, placement and failover.
pub(super) fn check_domains(ck: &mut Checker, m: &Model) -> Domains {
    let zone_names: Vec<&str> = m.zones.iter().map(|z| z.name.as_str()).collect();
    let region_names: Vec<&str> = m.regions.iter().map(|r| r.name.as_str()).collect();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (kind, d) in m
        .zones
        .iter()
        .map(|z| ("zone", z))
        .chain(m.regions.iter().map(|r| ("region", r)))
    {
        let label = format!("{kind} \"{}\"", d.name);
        if !valid_name(&d.name) {
            ck.err(
                &d.spans,
                "name",
                format!("{label}.name"),
                "must be 1 to 64 letters, digits, `_` or `-`".into(),
            );
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
        for (key, dist, role) in [
            ("failure", &d.failure, Role::Failure),
            ("repair", &d.repair, Role::Repair),
        ] {
            for (param, msg) in dist.check(role) {
                let k = format!("{key}.{param}");
                ck.err(&d.spans, &k, format!("{label}.{k}"), msg);
            }
        }
    }
    let zone_region = m
        .zones
        .iter()
        .map(|z| {
            let label = format!("zone \"{}\"", z.name);
            z.region.as_ref().and_then(|r| {
                lookup(
                    ck,
                    std::slice::from_ref(r),
                    &region_names,
                    "region",
                    &z.spans,
                    "region",
                    &label,
                )
                .first()
                .copied()
            })
        })
        .collect();
    let comp_names: Vec<&str> = m.components.iter().map(|c| c.name.as_str()).collect();
    let mut placement = Vec::with_capacity(m.components.len());
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        let mut zones_of_replicas = Vec::new();
        if let Some(p) = &c.zones {
            let names: Vec<String> = p.zone_names().iter().map(|s| s.to_string()).collect();
            if names.is_empty() {
                ck.err(
                    &c.spans,
                    "zones",
                    format!("{label}.zones"),
                    "must name at least one zone".into(),
                );
            }
            let idx = lookup(ck, &names, &zone_names, "zone", &c.spans, "zones", &label);
            if let crate::model::Placement::Counts(counts) = p {
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
                zones_of_replicas = p
                    .replica_zones(c.replicas)
                    .into_iter()
                    .map(|i| idx[i])
                    .collect();
            }
        }
        placement.push(zones_of_replicas);
        if let Some(f) = &c.failover {
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
                    "needs a standby: give the component at least 2 replicas".into(),
                );
            }
        }
    }
    let mut names: HashMap<&str, ()> = HashMap::new();
    let mut affects = Vec::with_capacity(m.common_causes.len());
    for cc in &m.common_causes {
        let label = format!("common_cause \"{}\"", cc.name);
        if !valid_name(&cc.name) {
            ck.err(
                &cc.spans,
                "name",
                format!("{label}.name"),
                "must be 1 to 64 letters, digits, `_` or `-`".into(),
            );
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
                "must name at least one component".into(),
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
        for (key, dist, role) in [
            ("failure", &cc.failure, Role::Failure),
            ("repair", &cc.repair, Role::Repair),
        ] {
            for (param, msg) in dist.check(role) {
                let k = format!("{key}.{param}");
                ck.err(&cc.spans, &k, format!("{label}.{k}"), msg);
            }
        }
        affects.push(lookup(
            ck,
            &cc.affects,
            &comp_names,
            "component",
            &cc.spans,
            "affects",
            &label,
        ));
    }
    (zone_region, placement, affects)
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
                    "needs capacity_rps (the throughput of one replica)".into(),
                );
            }
        }
        if c.workers.is_some() && c.capacity_rps.is_none() {
            ck.err(
                &c.spans,
                "workers",
                format!("{label}.workers"),
                "needs capacity_rps (workers share a replica's throughput)".into(),
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
            ck.err(&s.spans, "name", format!("{label}.load_share"), "is missing: give load_share on every service or on none (then the load is split equally)".into());
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
