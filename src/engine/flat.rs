//! The model in the flat form the trial loop computes with: arrays indexed by replica,
//! component, graph node and unit, built once by [`super::Plan::new`].

use super::sampler::Sampler;
use super::streams::{EntityKey, replica_name};
use crate::model::money::SlaScope;
use crate::model::{Dist, Model, Resolved};

/// An alternating up/down clock: a replica, or a zone, region or common cause.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    /// Time to failure (or between outages, or between events).
    pub failure: Sampler,
    /// Time to repair (or outage or event duration).
    pub repair: Sampler,
    /// Time until a failure is noticed (drawn from its own stream); the clock stays down for
    /// detect + repair.
    pub detect: Option<Sampler>,
}

impl Clock {
    fn new(
        failure: &Dist,
        repair: &Dist,
        detect: Option<&Dist>,
        what: &str,
    ) -> Result<Clock, String> {
        let s = |d: &Dist, kind: &str| {
            Sampler::new(d).ok_or_else(|| format!("{what}: {kind} distribution cannot be sampled"))
        };
        Ok(Clock {
            failure: s(failure, "failure")?,
            repair: s(repair, "repair")?,
            detect: detect.map(|d| s(d, "detect")).transpose()?,
        })
    }

    /// How long until the next change, for a clock that is now failing (`failing`) or
    /// being repaired.
    #[inline(always)]
    pub fn next_hours(&self, failing: bool, rng: &mut super::streams::StreamRng) -> f64 {
        if failing {
            self.repair.sample(rng)
        } else {
            self.failure.sample(rng)
        }
    }
}

/// Failover of one component, as the trial loop uses it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FailoverPlan {
    /// Hours the component is down while it switches over.
    pub switch_hours: f64,
    /// Probability that a switchover works.
    pub success_probability: f64,
    /// Stream key of its decisions (`failover:NAME`).
    pub key: EntityKey,
}

/// What a common-cause event does to one component it affects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HitTarget {
    /// The component.
    pub component: u32,
    /// Replicas each event takes down (chosen at random).
    pub replicas_hit: u32,
    /// Stream key of which replicas an event hits (`common_cause:NAME/hits:COMPONENT`).
    pub key: EntityKey,
}

/// A zone, region or common cause as the trial loop sees it.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Its outages (or events) and their durations.
    pub clock: Clock,
    /// Replicas hidden while it is down (zones and regions).
    pub replicas: Vec<u32>,
    /// For a common cause: the components each event hits.
    pub targets: Vec<HitTarget>,
    /// Stream key of its timing (`zone:NAME`, `region:NAME`, `common_cause:NAME`).
    pub key: EntityKey,
    /// Stream key of its detection times (`detect:common_cause:NAME`).
    pub detect_key: EntityKey,
}

/// Flat arrays for the trial loop. Nodes: components `0..n_comp`, then groups, then services,
/// then the root (the whole model).
#[derive(Debug, Clone)]
pub(crate) struct Flat {
    pub n_comp: usize,
    pub n_service: usize,
    /// First service node.
    pub svc_base: usize,
    /// The model node.
    pub root: usize,
    /// Component of each replica.
    pub rep_comp: Vec<u32>,
    /// Stream key of each replica (`component:NAME#i`).
    pub rep_key: Vec<EntityKey>,
    /// Stream key of each replica's detection times (`detect:component:NAME#i`); empty when
    /// no component has `detect`.
    pub rep_detect_key: Vec<EntityKey>,
    /// Per graph node: the SLA tracker of its monthly downtime, or `u32::MAX`; empty when the
    /// model has no SLA.
    pub node_sla: Vec<u32>,
    /// The graph node of each SLA tracker (services or components, each once).
    pub sla_nodes: Vec<u32>,
    /// Per component: replicas that may be down before it is down (n − k).
    pub comp_max_down: Vec<u32>,
    /// Per component: the clock of each of its replicas.
    pub clock: Vec<Clock>,
    /// Per node: failed inputs it tolerates (0 for "all needed"; members − min_up for groups).
    pub node_max_failed: Vec<u32>,
    /// Parents of node n are `parents[parent_start[n]..parent_start[n+1]]`.
    pub parent_start: Vec<u32>,
    pub parents: Vec<u32>,
    /// No zones, regions, common causes or failover: the fast event loop applies.
    pub simple: bool,
    /// First replica of each component (its replicas are contiguous).
    pub comp_first: Vec<u32>,
    /// `min_up` of each component.
    pub comp_k: Vec<u32>,
    /// Zones, then regions, then common causes: units that hide replicas while down.
    pub units: Vec<Unit>,
    /// Per component: its failover, if any.
    pub failover: Vec<Option<FailoverPlan>>,
}

impl Flat {
    /// Replicas of component `c`.
    #[inline]
    pub fn replicas_of(&self, c: usize) -> std::ops::Range<usize> {
        let first = self.comp_first[c] as usize;
        first..first + (self.comp_max_down[c] + self.comp_k[c]) as usize
    }
}

/// Build the flat form of a validated model.
pub(crate) fn flatten(m: &Model, r: &Resolved) -> Result<Flat, String> {
    let nc = m.components.len();
    let ns = m.services.len();
    let svc_base = nc + m.groups.len();
    let root = svc_base + ns;
    let mut rep_comp = Vec::new();
    let mut rep_key = Vec::new();
    let mut clock = Vec::with_capacity(nc);
    let mut comp_first = Vec::with_capacity(nc);
    for (i, c) in m.components.iter().enumerate() {
        comp_first.push(rep_comp.len() as u32);
        rep_comp.extend(std::iter::repeat_n(i as u32, c.replicas as usize));
        rep_key.extend((0..c.replicas).map(|j| EntityKey::new(&replica_name(&c.name, j))));
        clock.push(Clock::new(
            &c.failure,
            &c.repair,
            c.detect.as_ref(),
            &format!("component {}", c.name),
        )?);
    }
    let mut node_max_failed = vec![0u32; root + 1];
    for (g, grp) in m.groups.iter().enumerate() {
        node_max_failed[nc + g] = (r.members[g].len() as u32).saturating_sub(grp.min_up);
    }
    let (parent_start, parents) = parent_lists(m, r);
    let sla_nodes = sla_nodes(m, svc_base);
    let mut node_sla = Vec::new();
    if !sla_nodes.is_empty() {
        node_sla = vec![u32::MAX; root + 1];
        for (t, &n) in sla_nodes.iter().enumerate() {
            node_sla[n as usize] = t as u32;
        }
    }
    let rep_detect_key = if m.components.iter().any(|c| c.detect.is_some()) {
        m.components
            .iter()
            .flat_map(|c| {
                (0..c.replicas)
                    .map(|j| EntityKey::new(&format!("detect:{}", replica_name(&c.name, j))))
            })
            .collect()
    } else {
        Vec::new()
    };
    let units = units(m, r, &comp_first)?;
    let failover: Vec<Option<FailoverPlan>> = m
        .components
        .iter()
        .map(|c| {
            c.failover.map(|f| FailoverPlan {
                switch_hours: f.seconds / 3600.0,
                success_probability: f.success,
                key: EntityKey::new(&format!("failover:{}", c.name)),
            })
        })
        .collect();
    Ok(Flat {
        n_comp: nc,
        n_service: ns,
        svc_base,
        root,
        rep_comp,
        rep_key,
        rep_detect_key,
        node_sla,
        sla_nodes,
        comp_max_down: m.components.iter().map(|c| c.replicas - c.k()).collect(),
        clock,
        node_max_failed,
        parent_start,
        parents,
        simple: units.is_empty() && failover.iter().all(Option::is_none),
        comp_first,
        comp_k: m.components.iter().map(|c| c.k()).collect(),
        units,
        failover,
    })
}

/// The graph node of an SLA's scope: a service node, or a component (with its dependencies).
pub(crate) fn sla_node(m: &Model, svc_base: usize, scope: &SlaScope) -> Option<u32> {
    match scope {
        SlaScope::Service(n) => m
            .services
            .iter()
            .position(|x| &x.name == n)
            .map(|i| (svc_base + i) as u32),
        SlaScope::Component(n) => m
            .components
            .iter()
            .position(|x| &x.name == n)
            .map(|i| i as u32),
    }
}

/// The distinct scope nodes of the model's SLAs, in order of first use.
fn sla_nodes(m: &Model, svc_base: usize) -> Vec<u32> {
    let mut out = Vec::new();
    for s in &m.slas {
        if let Some(n) = sla_node(m, svc_base, &s.scope)
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The parents of every node (what it is an input of), as offsets and a flat list.
fn parent_lists(m: &Model, r: &Resolved) -> (Vec<u32>, Vec<u32>) {
    let nc = m.components.len();
    let ns = m.services.len();
    let svc_base = nc + m.groups.len();
    let root = svc_base + ns;
    // Edges child -> parent.
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (c, deps) in r.depends_on.iter().enumerate() {
        edges.extend(deps.iter().map(|&d| (d as u32, c as u32)));
    }
    for (g, mem) in r.members.iter().enumerate() {
        edges.extend(mem.iter().map(|&d| (d as u32, (nc + g) as u32)));
    }
    for (s, req) in r.requires.iter().enumerate() {
        edges.extend(req.iter().map(|&d| (d as u32, (svc_base + s) as u32)));
    }
    if ns == 0 {
        edges.extend((0..nc).map(|c| (c as u32, root as u32)));
    } else {
        edges.extend((0..ns).map(|s| ((svc_base + s) as u32, root as u32)));
    }
    edges.sort_unstable();
    let mut parent_start = vec![0u32; root + 2];
    for &(child, _) in &edges {
        parent_start[child as usize + 1] += 1;
    }
    for i in 0..=root {
        parent_start[i + 1] += parent_start[i];
    }
    (parent_start, edges.iter().map(|&(_, p)| p).collect())
}

/// Zones, then regions, then common causes.
fn units(m: &Model, r: &Resolved, comp_first: &[u32]) -> Result<Vec<Unit>, String> {
    let mut units = Vec::new();
    // Replicas of each zone, by the placement of each component.
    let mut zone_replicas: Vec<Vec<u32>> = vec![Vec::new(); m.zones.len()];
    for (c, zones) in r.placement.iter().enumerate() {
        for (i, &z) in zones.iter().enumerate() {
            zone_replicas[z].push(comp_first[c] + i as u32);
        }
    }
    for (z, zone) in m.zones.iter().enumerate() {
        units.push(Unit {
            clock: Clock::new(&zone.failure, &zone.repair, None, &zone.name)?,
            replicas: zone_replicas[z].clone(),
            targets: Vec::new(),
            key: EntityKey::new(&format!("zone:{}", zone.name)),
            detect_key: EntityKey::new(&format!("detect:zone:{}", zone.name)),
        });
    }
    for (g, region) in m.regions.iter().enumerate() {
        let replicas = r
            .zone_region
            .iter()
            .enumerate()
            .filter(|(_, rg)| **rg == Some(g))
            .flat_map(|(z, _)| zone_replicas[z].iter().copied())
            .collect();
        units.push(Unit {
            clock: Clock::new(&region.failure, &region.repair, None, &region.name)?,
            replicas,
            targets: Vec::new(),
            key: EntityKey::new(&format!("region:{}", region.name)),
            detect_key: EntityKey::new(&format!("detect:region:{}", region.name)),
        });
    }
    for (k, cc) in m.common_causes.iter().enumerate() {
        let targets = r.affects[k]
            .iter()
            .map(|&c| {
                let comp = &m.components[c];
                let n = comp.replicas;
                HitTarget {
                    component: c as u32,
                    replicas_hit: ((cc.fraction * f64::from(n)).ceil() as u32).clamp(1, n),
                    key: EntityKey::new(&format!("common_cause:{}/hits:{}", cc.name, comp.name)),
                }
            })
            .collect();
        units.push(Unit {
            clock: Clock::new(&cc.failure, &cc.repair, cc.detect.as_ref(), &cc.name)?,
            replicas: Vec::new(),
            targets,
            key: EntityKey::new(&format!("common_cause:{}", cc.name)),
            detect_key: EntityKey::new(&format!("detect:common_cause:{}", cc.name)),
        });
    }
    Ok(units)
}

/// Encode a non-negative time so that integer order is time order.
#[inline(always)]
pub(super) fn time_key(t: f64) -> u64 {
    t.to_bits()
}
