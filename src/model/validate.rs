//! Checking a model once: values in range, unique names, known references and no cycles.

use super::checker::Checker;
use super::dist::Role;
use super::names::{NAME_RULE, Names, valid_name};
use super::{Diagnostic, MAX_HORIZON_HOURS, MAX_NODES, MAX_TOTAL_REPLICAS, Model};
use std::collections::HashMap;

/// Most failures and repairs one trial may be expected to process.
pub const MAX_EVENTS_PER_TRIAL: f64 = 1e8;

/// Expected failures plus repairs in one trial of `horizon` hours (2 per up–down cycle).
pub fn expected_events(m: &Model, horizon: f64) -> f64 {
    let per = |n: f64, f: &crate::model::Dist, r: &crate::model::Dist| {
        let cycle = f.mean_hours() + r.mean_hours();
        if cycle > 0.0 {
            2.0 * n * horizon / cycle
        } else {
            f64::INFINITY
        }
    };
    let comps: f64 = m
        .components
        .iter()
        .map(|c| per(f64::from(c.replicas), &c.failure, &c.repair))
        .sum();
    let domains: f64 = m
        .zones
        .iter()
        .chain(&m.regions)
        .map(|d| per(1.0, &d.failure, &d.repair))
        .sum();
    let causes: f64 = m
        .common_causes
        .iter()
        .map(|c| per(1.0, &c.failure, &c.repair))
        .sum();
    comps + domains + causes
}

/// A validated model's structure, by index: nodes `0..components` are components, then groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// For each component, the nodes it depends on.
    pub depends_on: Vec<Vec<usize>>,
    /// For each group, its member nodes.
    pub members: Vec<Vec<usize>>,
    /// For each service, the nodes it requires.
    pub requires: Vec<Vec<usize>>,
    /// Components and groups ordered so that every node comes after everything it needs.
    pub order: Vec<usize>,
    /// For each zone, its region.
    pub zone_region: Vec<Option<usize>>,
    /// For each component, the zone of each replica (empty when it has no zones).
    pub placement: Vec<Vec<usize>>,
    /// For each common cause, the components it hits.
    pub affects: Vec<Vec<usize>>,
}

/// Check a model and resolve its names. Returns every problem found, in source order.
pub fn validate(m: &Model) -> Result<Resolved, Vec<Diagnostic>> {
    let mut ck = Checker::default();
    check_info(&mut ck, m);
    let nodes = Names::new(
        "component or group",
        "component",
        m.components
            .iter()
            .map(|c| c.name.as_str())
            .chain(m.groups.iter().map(|g| g.name.as_str())),
    );
    check_names(&mut ck, m);
    let depends_on = check_components(&mut ck, m, &nodes);
    let members = check_groups(&mut ck, m, &nodes);
    let requires = check_services(&mut ck, m, &nodes);
    let domains = super::checks::check_domains(&mut ck, m);
    super::checks::check_load(&mut ck, m);
    super::money::check_money(&mut ck, m);
    check_extras(&mut ck, m);
    let order = dependency_order(&mut ck, m, &nodes, &depends_on, &members);
    if ck.diags.is_empty() {
        Ok(Resolved {
            depends_on,
            members,
            requires,
            order,
            zone_region: domains.zone_region,
            placement: domains.placement,
            affects: domains.affects,
        })
    } else {
        ck.diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
        Err(ck.diags)
    }
}

/// `[model]`: name, horizon, size limits.
fn check_info(ck: &mut Checker, m: &Model) {
    let info = &m.model;
    if info.name.trim().is_empty() {
        ck.err(
            &info.spans,
            "name",
            "model.name".into(),
            "must not be empty",
        );
    }
    let h = info.horizon_hours;
    let horizon_ok = h.is_finite() && h > 0.0 && h <= MAX_HORIZON_HOURS;
    if !horizon_ok {
        ck.err(
            &info.spans,
            "horizon_hours",
            "model.horizon_hours".into(),
            format!(
                "must be a number > 0 and at most {MAX_HORIZON_HOURS} (1,000 years), found {h}"
            ),
        );
    }
    if m.components.is_empty() {
        ck.err(&info.spans, "", "component".into(), "the model has no components: add at least one [[component]] with name, failure and repair");
    }
    let nodes = m.components.len() + m.groups.len() + m.services.len();
    if nodes > MAX_NODES {
        ck.err(
            &info.spans,
            "",
            "model".into(),
            format!("has {nodes} components, groups and services; at most {MAX_NODES} are allowed"),
        );
    }
    let total_replicas: u64 = m.components.iter().map(|c| u64::from(c.replicas)).sum();
    if total_replicas > MAX_TOTAL_REPLICAS {
        ck.err(&info.spans, "", "component".into(), format!("the model has {total_replicas} replicas in all; at most {MAX_TOTAL_REPLICAS} are allowed"));
    }
    if horizon_ok {
        let events = expected_events(m, h);
        if events > MAX_EVENTS_PER_TRIAL {
            ck.err(&info.spans, "horizon_hours", "model.horizon_hours".into(), format!(
                "one trial would process about {events:.2e} failures and repairs; at most {MAX_EVENTS_PER_TRIAL:e} are allowed: use a shorter horizon or longer times to failure"
            ));
        }
    }
}

/// Names: valid, and unique among components and groups (one namespace) and among services.
fn check_names(ck: &mut Checker, m: &Model) {
    let tables = m
        .components
        .iter()
        .map(|c| (&c.name, &c.spans, "component"))
        .chain(m.groups.iter().map(|g| (&g.name, &g.spans, "group")));
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (name, spans, kind) in tables {
        if !valid_name(name) {
            ck.err(spans, "name", format!("{kind} \"{name}\".name"), NAME_RULE);
        }
        if seen.insert(name.as_str(), ()).is_some() {
            ck.err(
                spans,
                "name",
                format!("{kind} \"{name}\".name"),
                format!(
                    "duplicate name `{name}`: names must be unique among components and groups"
                ),
            );
        }
    }
    let mut services: HashMap<&str, ()> = HashMap::new();
    for s in &m.services {
        if !valid_name(&s.name) {
            ck.err(
                &s.spans,
                "name",
                format!("service \"{}\".name", s.name),
                NAME_RULE,
            );
        }
        if services.insert(&s.name, ()).is_some() {
            ck.err(
                &s.spans,
                "name",
                format!("service \"{}\".name", s.name),
                format!("duplicate service name `{}`", s.name),
            );
        }
    }
}

/// Replicas, `min_up`, distributions and `depends_on` of every component.
fn check_components(ck: &mut Checker, m: &Model, nodes: &Names) -> Vec<Vec<usize>> {
    let mut depends_on = Vec::with_capacity(m.components.len());
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        if c.replicas == 0 {
            ck.err(
                &c.spans,
                "replicas",
                format!("{label}.replicas"),
                "must be at least 1",
            );
        }
        if let Some(k) = c.min_up
            && (k == 0 || k > c.replicas)
        {
            ck.err(
                &c.spans,
                "min_up",
                format!("{label}.min_up"),
                format!("must be from 1 to replicas ({}), found {k}", c.replicas),
            );
        }
        ck.dist(&c.spans, &label, "failure", &c.failure, Role::Failure);
        ck.dist(&c.spans, &label, "repair", &c.repair, Role::Repair);
        depends_on.push(ck.refs(nodes, &c.depends_on, &c.spans, "depends_on", &label));
    }
    depends_on
}

/// Members and `min_up` of every group.
fn check_groups(ck: &mut Checker, m: &Model, nodes: &Names) -> Vec<Vec<usize>> {
    let mut members = Vec::with_capacity(m.groups.len());
    for g in &m.groups {
        let label = format!("group \"{}\"", g.name);
        let of = ck.refs(nodes, &g.of, &g.spans, "of", &label);
        if g.of.is_empty() {
            ck.err(
                &g.spans,
                "of",
                format!("{label}.of"),
                "must name at least one component or group",
            );
        }
        if g.min_up == 0 || g.min_up as usize > g.of.len().max(1) {
            ck.err(
                &g.spans,
                "min_up",
                format!("{label}.min_up"),
                format!(
                    "must be from 1 to the number of members ({}), found {}",
                    g.of.len(),
                    g.min_up
                ),
            );
        }
        members.push(of);
    }
    members
}

/// What every service requires.
fn check_services(ck: &mut Checker, m: &Model, nodes: &Names) -> Vec<Vec<usize>> {
    let mut requires = Vec::with_capacity(m.services.len());
    for s in &m.services {
        let label = format!("service \"{}\"", s.name);
        if s.requires.is_empty() {
            ck.err(
                &s.spans,
                "requires",
                format!("{label}.requires"),
                "must name at least one component or group",
            );
        }
        requires.push(ck.refs(nodes, &s.requires, &s.spans, "requires", &label));
    }
    requires
}

/// Detection times and challenge labels of components, domains and common causes.
fn check_extras(ck: &mut Checker, m: &Model) {
    let challenge = |ck: &mut Checker, spans: &super::Spans, label: &str, c: &Option<String>| {
        if let Some(c) = c
            && (c.trim().is_empty() || c.chars().count() > 100)
        {
            ck.err(
                spans,
                "challenge",
                format!("{label}.challenge"),
                "must name a survey challenge (1 to 100 characters), e.g. \"Scalability Issues\"",
            );
        }
    };
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        if let Some(d) = &c.detect {
            ck.dist(&c.spans, &label, "detect", d, Role::Repair);
        }
        challenge(ck, &c.spans, &label, &c.challenge);
    }
    for cc in &m.common_causes {
        let label = format!("common_cause \"{}\"", cc.name);
        if let Some(d) = &cc.detect {
            ck.dist(&cc.spans, &label, "detect", d, Role::Repair);
        }
        challenge(ck, &cc.spans, &label, &cc.challenge);
    }
    for (kind, d) in m
        .zones
        .iter()
        .map(|z| ("zone", z))
        .chain(m.regions.iter().map(|r| ("region", r)))
    {
        challenge(
            ck,
            &d.spans,
            &format!("{kind} \"{}\"", d.name),
            &d.challenge,
        );
    }
}

/// The order in which nodes can be evaluated; every cycle reported as its path.
fn dependency_order(
    ck: &mut Checker,
    m: &Model,
    nodes: &Names,
    depends_on: &[Vec<usize>],
    members: &[Vec<usize>],
) -> Vec<usize> {
    let nc = m.components.len();
    let edges = |n: usize| -> &[usize] {
        if n < nc {
            &depends_on[n]
        } else {
            &members[n - nc]
        }
    };
    topo_order(nc + members.len(), edges, |cycle| {
        let path: Vec<&str> = cycle
            .iter()
            .map(|&i| nodes.all().get(i).copied().unwrap_or("?"))
            .collect();
        let first = cycle[0];
        let (spans, key, kind) = if first < nc {
            (&m.components[first].spans, "depends_on", "component")
        } else {
            (&m.groups[first - nc].spans, "of", "group")
        };
        ck.diags.push(Diagnostic {
            pos: spans.of(key),
            key: format!("{kind} \"{}\".{key}", path[0]),
            message: format!("dependency cycle: {}", path.join(" -> ")),
        });
    })
}

/// Depth-first topological order; calls `on_cycle` with each cycle's path (first node repeated
/// at the end) and leaves cyclic nodes out of the order.
fn topo_order<'e>(
    n: usize,
    edges: impl Fn(usize) -> &'e [usize],
    mut on_cycle: impl FnMut(&[usize]),
) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        stack.push((start, 0));
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let out = edges(node);
            if *next < out.len() {
                let child = out[*next];
                *next += 1;
                match mark.get(child).copied() {
                    Some(Mark::New) => {
                        mark[child] = Mark::Open;
                        stack.push((child, 0));
                    }
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|&(s, _)| s == child).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|&(s, _)| s).collect();
                        cycle.push(child);
                        on_cycle(&cycle);
                    }
                    _ => {}
                }
            } else {
                mark[node] = Mark::Done;
                order.push(node);
                stack.pop();
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_reported_as_paths() {
        let edges = [vec![1], vec![2], vec![0]];
        let mut cycles = Vec::new();
        let order = topo_order(3, |i| &edges[i], |c| cycles.push(c.to_vec()));
        assert_eq!(cycles, vec![vec![0, 1, 2, 0]]);
        assert_eq!(order.len(), 3);
    }

    #[test]
    fn order_puts_dependencies_first() {
        let edges = [vec![], vec![0], vec![1, 0]];
        let order = topo_order(3, |i| &edges[i], |_| panic!("no cycle"));
        assert_eq!(order, vec![0, 1, 2]);
    }
}
