//! Checking a model once: values in range, unique names, known references and no cycles.

use super::dist::Role;
use super::{
    Diagnostic, MAX_HORIZON_HOURS, MAX_NODES, MAX_TOTAL_REPLICAS, Model, Spans, did_you_mean,
};
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

pub(super) fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) struct Checker<'m> {
    pub(super) diags: Vec<Diagnostic>,
    index: HashMap<&'m str, usize>,
    names: Vec<&'m str>,
}

impl<'m> Checker<'m> {
    pub(super) fn err(&mut self, spans: &Spans, key_in_table: &str, key: String, message: String) {
        self.diags.push(Diagnostic {
            pos: spans.of(key_in_table),
            key,
            message,
        });
    }

    fn refs(
        &mut self,
        list: &'m [String],
        spans: &Spans,
        table_key: &str,
        label: &str,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(list.len());
        for name in list {
            match self.index.get(name.as_str()) {
                Some(&i) if out.contains(&i) => {
                    self.err(
                        spans,
                        table_key,
                        format!("{label}.{table_key}"),
                        format!("`{name}` is listed twice"),
                    );
                }
                Some(&i) => out.push(i),
                None => {
                    let hint = did_you_mean(name, self.names.iter().copied())
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.err(
                        spans,
                        table_key,
                        format!("{label}.{table_key}"),
                        format!("unknown component or group `{name}`{hint}"),
                    );
                }
            }
        }
        out
    }
}

/// Check a model and resolve its names. Returns every problem found, in source order.
pub fn validate(m: &Model) -> Result<Resolved, Vec<Diagnostic>> {
    let mut ck = Checker {
        diags: Vec::new(),
        index: HashMap::new(),
        names: Vec::new(),
    };
    let info = &m.model;
    if info.name.trim().is_empty() {
        ck.err(
            &info.spans,
            "name",
            "model.name".into(),
            "must not be empty".into(),
        );
    }
    let h = info.horizon_hours;
    if !(h.is_finite() && h > 0.0 && h <= MAX_HORIZON_HOURS) {
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
        ck.err(&info.spans, "", "component".into(), "the model has no components: add at least one [[component]] with name, failure and repair".into());
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

    // Names: components and groups share one namespace, services have their own.
    let kinds = m
        .components
        .iter()
        .map(|c| (&c.name, &c.spans, "component"))
        .chain(m.groups.iter().map(|g| (&g.name, &g.spans, "group")));
    for (i, (name, spans, kind)) in kinds.enumerate() {
        if !valid_name(name) {
            ck.err(
                spans,
                "name",
                format!("{kind} \"{name}\".name"),
                "must be 1 to 64 letters, digits, `_` or `-`".into(),
            );
        }
        if ck.index.insert(name.as_str(), i).is_some() {
            ck.err(
                spans,
                "name",
                format!("{kind} \"{name}\".name"),
                format!(
                    "duplicate name `{name}`: names must be unique among components and groups"
                ),
            );
        }
        ck.names.push(name.as_str());
    }
    let mut service_names: HashMap<&str, ()> = HashMap::new();
    for s in &m.services {
        if !valid_name(&s.name) {
            ck.err(
                &s.spans,
                "name",
                format!("service \"{}\".name", s.name),
                "must be 1 to 64 letters, digits, `_` or `-`".into(),
            );
        }
        if service_names.insert(&s.name, ()).is_some() {
            ck.err(
                &s.spans,
                "name",
                format!("service \"{}\".name", s.name),
                format!("duplicate service name `{}`", s.name),
            );
        }
    }

    let mut total_replicas: u64 = 0;
    let mut depends_on = Vec::with_capacity(m.components.len());
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        total_replicas += u64::from(c.replicas);
        if c.replicas == 0 {
            ck.err(
                &c.spans,
                "replicas",
                format!("{label}.replicas"),
                "must be at least 1".into(),
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
        for (key, d, role) in [
            ("failure", &c.failure, Role::Failure),
            ("repair", &c.repair, Role::Repair),
        ] {
            for (param, msg) in d.check(role) {
                let k = format!("{key}.{param}");
                ck.err(&c.spans, &k, format!("{label}.{k}"), msg);
            }
        }
        depends_on.push(ck.refs(&c.depends_on, &c.spans, "depends_on", &label));
    }
    if h.is_finite() && h > 0.0 {
        let events = expected_events(m, h);
        if events > MAX_EVENTS_PER_TRIAL {
            ck.err(&info.spans, "horizon_hours", "model.horizon_hours".into(), format!(
                "one trial would process about {events:.2e} failures and repairs; at most {MAX_EVENTS_PER_TRIAL:e} are allowed: use a shorter horizon or longer times to failure"
            ));
        }
    }
    if total_replicas > MAX_TOTAL_REPLICAS {
        ck.err(&info.spans, "", "component".into(), format!("the model has {total_replicas} replicas in all; at most {MAX_TOTAL_REPLICAS} are allowed"));
    }
    let mut members = Vec::with_capacity(m.groups.len());
    for g in &m.groups {
        let label = format!("group \"{}\"", g.name);
        let of = ck.refs(&g.of, &g.spans, "of", &label);
        if g.of.is_empty() {
            ck.err(
                &g.spans,
                "of",
                format!("{label}.of"),
                "must name at least one component or group".into(),
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
    let mut requires = Vec::with_capacity(m.services.len());
    for s in &m.services {
        let label = format!("service \"{}\"", s.name);
        if s.requires.is_empty() {
            ck.err(
                &s.spans,
                "requires",
                format!("{label}.requires"),
                "must name at least one component or group".into(),
            );
        }
        requires.push(ck.refs(&s.requires, &s.spans, "requires", &label));
    }

    let (zone_region, placement, affects) = super::checks::check_domains(&mut ck, m);
    super::checks::check_load(&mut ck, m);

    let nc = m.components.len();
    let edges = |n: usize| -> &[usize] {
        if n < nc {
            &depends_on[n]
        } else {
            &members[n - nc]
        }
    };
    let order = topo_order(nc + members.len(), edges, |cycle| {
        let path: Vec<&str> = cycle
            .iter()
            .map(|&i| ck.names.get(i).copied().unwrap_or("?"))
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
    });

    if ck.diags.is_empty() {
        Ok(Resolved {
            depends_on,
            members,
            requires,
            order,
            zone_region,
            placement,
            affects,
        })
    } else {
        ck.diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
        Err(ck.diags)
    }
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
