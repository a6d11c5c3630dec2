//! The model as a graph of boxes: components, groups, services and common causes, the
//! arrows between them, the zones and regions each component is placed in, and the
//! questions the diagram asks of it (what a service needs, what runs in a zone).

use crate::edit::Kind;
use crate::model::{Model, validate};

/// One box of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Stable key for layouts: `c:web`, `g:payments`, `s:checkout`, `k:bad_deploy`.
    pub key: String,
    /// What it is.
    pub kind: Kind,
    /// Index among its kind in the model.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Second line (k/n replicas, "group: 1 of 2", "service").
    pub detail: String,
    /// Zones its replicas are placed in (indices into [`Graph::zones`]).
    pub zones: Vec<usize>,
    /// Common causes that hit it (indices into the cause nodes, in model order).
    pub causes: Vec<usize>,
}

/// A zone or region, for markers and the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Name.
    pub name: String,
    /// Region (index into [`Graph::regions`]) of a zone.
    pub region: Option<usize>,
    /// Key in the results' downtime attribution (`zone:az-a`, `region:eu`).
    pub cause_key: String,
    /// One line for the legend.
    pub description: String,
}

/// Nodes and arrows (from the one that needs to the one needed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// The boxes: components, groups, services, then common causes.
    pub nodes: Vec<Node>,
    /// Arrows as node indices (from, to): depends_on, group members, requires.
    pub edges: Vec<(usize, usize)>,
    /// Common cause → component it hits (drawn dashed).
    pub cause_edges: Vec<(usize, usize)>,
    /// Zones.
    pub zones: Vec<Domain>,
    /// Regions.
    pub regions: Vec<Domain>,
}

fn domain_line(kind: &str, d: &crate::model::Domain, region: Option<&str>) -> String {
    let region = region
        .map(|r| format!(" in region {r}"))
        .unwrap_or_default();
    format!(
        "{kind} {}{region}: down about every {} for {}",
        d.name,
        crate::report::hours_text(d.failure.mean_hours()),
        crate::report::hours_text(d.repair.mean_hours())
    )
}

/// Build the graph of a (valid) model; an invalid one gives an empty graph.
pub fn graph(m: &Model) -> Graph {
    let nc = m.components.len();
    let Ok(r) = validate(m) else {
        return Graph::default();
    };
    let regions: Vec<Domain> = m
        .regions
        .iter()
        .map(|g| Domain {
            name: g.name.clone(),
            region: None,
            cause_key: format!("region:{}", g.name),
            description: domain_line("region", g, None),
        })
        .collect();
    let zones: Vec<Domain> = m
        .zones
        .iter()
        .map(|z| {
            let region = z
                .region
                .as_ref()
                .and_then(|n| regions.iter().position(|g| &g.name == n));
            Domain {
                name: z.name.clone(),
                region,
                cause_key: format!("zone:{}", z.name),
                description: domain_line("zone", z, z.region.as_deref()),
            }
        })
        .collect();
    let mut nodes: Vec<Node> = Vec::with_capacity(nc + m.groups.len() + m.services.len());
    for (i, c) in m.components.iter().enumerate() {
        let mut detail = if c.replicas == 1 {
            "1 replica".to_string()
        } else {
            format!("{} of {} up", c.k(), c.replicas)
        };
        let mut placed = Vec::new();
        if let Some(z) = &c.zones {
            let names = z.zone_names();
            detail.push_str(&format!(" · {} zones", names.len()));
            placed = names
                .iter()
                .filter_map(|n| zones.iter().position(|d| d.name == *n))
                .collect();
        }
        if c.failover.is_some() {
            detail.push_str(" · failover");
        }
        nodes.push(Node {
            key: format!("c:{}", c.name),
            kind: Kind::Component,
            index: i,
            name: c.name.clone(),
            detail,
            zones: placed,
            causes: Vec::new(),
        });
    }
    for (i, g) in m.groups.iter().enumerate() {
        nodes.push(Node {
            key: format!("g:{}", g.name),
            kind: Kind::Group,
            index: i,
            name: g.name.clone(),
            detail: format!("group: {} of {}", g.min_up, g.of.len()),
            zones: Vec::new(),
            causes: Vec::new(),
        });
    }
    let svc_base = nodes.len();
    for (i, s) in m.services.iter().enumerate() {
        nodes.push(Node {
            key: format!("s:{}", s.name),
            kind: Kind::Service,
            index: i,
            name: s.name.clone(),
            detail: "service".into(),
            zones: Vec::new(),
            causes: Vec::new(),
        });
    }
    let mut edges = Vec::new();
    for (c, deps) in r.depends_on.iter().enumerate() {
        edges.extend(deps.iter().map(|&d| (c, d)));
    }
    for (g, mem) in r.members.iter().enumerate() {
        edges.extend(mem.iter().map(|&d| (nc + g, d)));
    }
    for (s, req) in r.requires.iter().enumerate() {
        edges.extend(req.iter().map(|&d| (svc_base + s, d)));
    }
    let mut cause_edges = Vec::new();
    for (k, cc) in m.common_causes.iter().enumerate() {
        let id = nodes.len();
        let detail = if cc.fraction < 1.0 {
            format!("common cause · {:.0}% of replicas", cc.fraction * 100.0)
        } else {
            "common cause".to_string()
        };
        nodes.push(Node {
            key: format!("k:{}", cc.name),
            kind: Kind::CommonCause,
            index: k,
            name: cc.name.clone(),
            detail,
            zones: Vec::new(),
            causes: Vec::new(),
        });
        for &c in &r.affects[k] {
            cause_edges.push((id, c));
            nodes[c].causes.push(k);
        }
    }
    Graph {
        nodes,
        edges,
        cause_edges,
        zones,
        regions,
    }
}

impl Graph {
    /// Index of the node with `key`.
    pub fn find_key(&self, key: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.key == key)
    }

    /// Index of the node for a selection.
    pub fn find(&self, kind: Kind, index: usize) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.kind == kind && n.index == index)
    }

    /// What `node` needs, itself included: everything reachable through depends_on, group
    /// members and requires, and the common causes that hit any of it.
    pub fn cone(&self, node: usize) -> Vec<bool> {
        let mut out = vec![false; self.nodes.len()];
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for &(a, b) in &self.edges {
            children[a].push(b);
        }
        let mut stack = vec![node];
        while let Some(v) = stack.pop() {
            if v < out.len() && !out[v] {
                out[v] = true;
                stack.extend(&children[v]);
            }
        }
        for &(cause, c) in &self.cause_edges {
            if out[c] {
                out[cause] = true;
            }
        }
        out
    }

    /// What runs in zone `z` (components with replicas there), and the causes that hit it.
    pub fn in_zone(&self, z: usize) -> Vec<bool> {
        let mut out: Vec<bool> = self.nodes.iter().map(|n| n.zones.contains(&z)).collect();
        for &(cause, c) in &self.cause_edges {
            if out[c] {
                out[cause] = true;
            }
        }
        out
    }

    /// Members of group node `g`, through nested groups.
    pub fn members(&self, g: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![g];
        while let Some(v) = stack.pop() {
            for &(a, b) in &self.edges {
                if a == v && !out.contains(&b) && b != g {
                    out.push(b);
                    if self.nodes[b].kind == Kind::Group {
                        stack.push(b);
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkout_cone_holds_what_checkout_needs_and_nothing_else() {
        let plan = crate::load::plan_from_str(crate::gui::DEFAULT_MODEL, "default").expect("valid");
        let g = graph(plan.model());
        let s = g.find_key("s:checkout").expect("checkout");
        let cone = g.cone(s);
        let names: Vec<&str> = (0..g.nodes.len())
            .filter(|&i| cone[i])
            .map(|i| g.nodes[i].name.as_str())
            .collect();
        for need in ["checkout", "payments", "psp_a", "db", "cache", "inventory"] {
            assert!(names.contains(&need), "{need} missing from {names:?}");
        }
        for other in ["browse", "pos_edge", "catalog", "in_store_sales"] {
            assert!(!names.contains(&other), "{other} in {names:?}");
        }
        let zone = g.zones.iter().position(|z| z.name == "az-c").expect("az-c");
        let inside = g.in_zone(zone);
        assert!(inside[g.find_key("c:web").expect("web")]);
        assert!(!inside[g.find_key("c:lb").expect("lb")]); // lb is in az-a and az-b only
        assert_eq!(g.zones[zone].region, Some(0));
    }
}
