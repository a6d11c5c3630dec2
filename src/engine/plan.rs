//! A validated, immutable model in the flat form the trial loop computes with.

use super::sampler::Sampler;
use super::streams::{EntityKey, replica_name};
use crate::model::{Diagnostic, Model, ModelError, Resolved, validate};

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
    /// Per component: replicas that may be down before it is down (n − k).
    pub comp_max_down: Vec<u32>,
    pub failure: Vec<Sampler>,
    pub repair: Vec<Sampler>,
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
    /// Per component: failover (switchover hours, success probability).
    pub failover: Vec<Option<(f64, f64)>>,
    /// Per component: stream key of its failover decisions (`failover:NAME`).
    pub failover_key: Vec<EntityKey>,
}

/// A zone, region or common cause as the trial loop sees it.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub failure: Sampler,
    pub repair: Sampler,
    /// Replicas hidden while it is down (zones and regions).
    pub replicas: Vec<u32>,
    /// For a common cause: (component, replicas hit) at each event.
    pub targets: Vec<(u32, u32)>,
    /// Stream key of its timing (`zone:NAME`, `region:NAME`, `common_cause:NAME`).
    pub key: EntityKey,
    /// For a common cause, per target: stream key of which replicas an event hits
    /// (`common_cause:NAME/hits:COMPONENT`).
    pub hit_keys: Vec<EntityKey>,
}

/// A model that passed validation, ready to run. Immutable and shareable across threads.
#[derive(Debug, Clone)]
pub struct Plan {
    scenario: Option<crate::scenario::Scenario>,
    model: Model,
    resolved: Resolved,
    source_hash: Option<String>,
    pub(crate) flat: Flat,
}

impl Plan {
    /// Validate `model` and prepare it for simulation and analysis. Every problem is
    /// reported at once, with positions when the model came from a file.
    pub fn new(model: &Model) -> Result<Plan, ModelError> {
        let origin = model
            .origin
            .clone()
            .unwrap_or_else(|| "<model>".to_string());
        let resolved = validate(model).map_err(|diagnostics| ModelError {
            origin: origin.clone(),
            diagnostics,
        })?;
        let flat = flatten(model, &resolved).map_err(|message| ModelError {
            origin,
            diagnostics: vec![Diagnostic {
                pos: None,
                key: String::new(),
                message,
            }],
        })?;
        Ok(Plan {
            scenario: None,
            model: model.clone(),
            resolved,
            source_hash: None,
            flat,
        })
    }

    /// The same plan, labelled with the hash of the file text it came from.
    pub fn with_source_hash(mut self, hash: String) -> Plan {
        self.source_hash = Some(hash);
        self
    }

    /// The same plan with a load scenario: runs then also count requests served and lost.
    pub fn with_scenario(mut self, scenario: crate::scenario::Scenario) -> Plan {
        self.scenario = Some(scenario);
        self
    }

    /// The load scenario, if any.
    pub fn scenario(&self) -> Option<&crate::scenario::Scenario> {
        self.scenario.as_ref()
    }

    /// The validated model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model's structure by index.
    pub fn resolved(&self) -> &Resolved {
        &self.resolved
    }

    /// Hash of the source file, when it came from one.
    pub fn source_hash(&self) -> Option<&str> {
        self.source_hash.as_deref()
    }

    /// The model's horizon in hours.
    pub fn horizon_hours(&self) -> f64 {
        self.model.model.horizon_hours
    }

    /// Total number of replicas.
    pub fn replica_count(&self) -> usize {
        self.flat.rep_comp.len()
    }

    /// Service names, in file order.
    pub fn service_names(&self) -> Vec<&str> {
        self.model
            .services
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }

    /// Component names, in file order.
    pub fn component_names(&self) -> Vec<&str> {
        self.model
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    /// Share of a scenario's load each service gets: its `load_share` when every service sets
    /// one, else an equal split.
    pub fn load_shares(&self) -> Vec<f64> {
        let svc = &self.model.services;
        if svc.iter().all(|s| s.load_share.is_some()) {
            svc.iter().map(|s| s.load_share.unwrap_or(0.0)).collect()
        } else {
            vec![1.0 / svc.len().max(1) as f64; svc.len()]
        }
    }

    /// For each service, which components it needs (directly, through dependencies and
    /// through groups).
    pub fn service_needs(&self) -> Vec<Vec<bool>> {
        let m = &self.model;
        let r = &self.resolved;
        let nc = m.components.len();
        r.requires
            .iter()
            .map(|req| {
                let mut seen = vec![false; nc + m.groups.len()];
                let mut stack = req.clone();
                while let Some(n) = stack.pop() {
                    if !std::mem::replace(&mut seen[n], true) {
                        stack.extend(if n < nc {
                            r.depends_on[n].iter()
                        } else {
                            r.members[n - nc].iter()
                        });
                    }
                }
                seen.truncate(nc);
                seen
            })
            .collect()
    }

    /// Share of a scenario's load each component carries: the shares of the services that
    /// need it (every component carries all of it in a model without services).
    pub fn load_weights(&self) -> Vec<f64> {
        let nc = self.model.components.len();
        if self.model.services.is_empty() {
            return vec![1.0; nc];
        }
        let mut weight = vec![0.0; nc];
        for (needs, share) in self.service_needs().iter().zip(self.load_shares()) {
            for (w, &n) in weight.iter_mut().zip(needs) {
                if n {
                    *w += share;
                }
            }
        }
        weight
    }

    /// Names of everything that can start an outage: components, then `zone:…`, `region:…`
    /// and `common_cause:…` (the order of the trial loop's causes).
    pub fn cause_names(&self) -> Vec<String> {
        let m = &self.model;
        m.components
            .iter()
            .map(|c| c.name.clone())
            .chain(m.zones.iter().map(|z| format!("zone:{}", z.name)))
            .chain(m.regions.iter().map(|r| format!("region:{}", r.name)))
            .chain(
                m.common_causes
                    .iter()
                    .map(|c| format!("common_cause:{}", c.name)),
            )
            .collect()
    }
}

fn flatten(m: &Model, r: &Resolved) -> Result<Flat, String> {
    let nc = m.components.len();
    let ng = m.groups.len();
    let ns = m.services.len();
    let svc_base = nc + ng;
    let root = svc_base + ns;
    let n_nodes = root + 1;
    let mut rep_comp = Vec::new();
    let mut rep_key = Vec::new();
    let mut failure = Vec::with_capacity(nc);
    let mut repair = Vec::with_capacity(nc);
    let mut comp_max_down = Vec::with_capacity(nc);
    for (i, c) in m.components.iter().enumerate() {
        rep_comp.extend(std::iter::repeat_n(i as u32, c.replicas as usize));
        rep_key.extend((0..c.replicas).map(|j| EntityKey::new(&replica_name(&c.name, j))));
        comp_max_down.push(c.replicas - c.k());
        failure.push(Sampler::new(&c.failure).ok_or_else(|| {
            format!(
                "component {}: failure distribution cannot be sampled",
                c.name
            )
        })?);
        repair.push(Sampler::new(&c.repair).ok_or_else(|| {
            format!(
                "component {}: repair distribution cannot be sampled",
                c.name
            )
        })?);
    }
    let mut node_max_failed = vec![0u32; n_nodes];
    for (g, grp) in m.groups.iter().enumerate() {
        node_max_failed[nc + g] = (r.members[g].len() as u32).saturating_sub(grp.min_up);
    }
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
    let mut parent_start = vec![0u32; n_nodes + 1];
    for &(child, _) in &edges {
        parent_start[child as usize + 1] += 1;
    }
    for i in 0..n_nodes {
        parent_start[i + 1] += parent_start[i];
    }
    let parents = edges.iter().map(|&(_, p)| p).collect();
    let mut comp_first = Vec::with_capacity(nc);
    let mut first = 0u32;
    for c in &m.components {
        comp_first.push(first);
        first += c.replicas;
    }
    let sampler = |d: &crate::model::Dist, what: &str| {
        Sampler::new(d).ok_or_else(|| format!("{what}: distribution cannot be sampled"))
    };
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
            failure: sampler(&zone.failure, &zone.name)?,
            repair: sampler(&zone.repair, &zone.name)?,
            replicas: zone_replicas[z].clone(),
            targets: Vec::new(),
            key: EntityKey::new(&format!("zone:{}", zone.name)),
            hit_keys: Vec::new(),
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
            failure: sampler(&region.failure, &region.name)?,
            repair: sampler(&region.repair, &region.name)?,
            replicas,
            targets: Vec::new(),
            key: EntityKey::new(&format!("region:{}", region.name)),
            hit_keys: Vec::new(),
        });
    }
    for (k, cc) in m.common_causes.iter().enumerate() {
        let hit_keys = r.affects[k]
            .iter()
            .map(|&c| {
                EntityKey::new(&format!(
                    "common_cause:{}/hits:{}",
                    cc.name, m.components[c].name
                ))
            })
            .collect();
        let targets = r.affects[k]
            .iter()
            .map(|&c| {
                let n = m.components[c].replicas;
                (
                    c as u32,
                    ((cc.fraction * f64::from(n)).ceil() as u32).clamp(1, n),
                )
            })
            .collect();
        units.push(Unit {
            failure: sampler(&cc.failure, &cc.name)?,
            repair: sampler(&cc.repair, &cc.name)?,
            replicas: Vec::new(),
            targets,
            key: EntityKey::new(&format!("common_cause:{}", cc.name)),
            hit_keys,
        });
    }
    let failover: Vec<Option<(f64, f64)>> = m
        .components
        .iter()
        .map(|c| c.failover.map(|f| (f.seconds / 3600.0, f.success)))
        .collect();
    let failover_key = m
        .components
        .iter()
        .map(|c| EntityKey::new(&format!("failover:{}", c.name)))
        .collect();
    let simple = units.is_empty() && failover.iter().all(Option::is_none);
    let comp_k = m.components.iter().map(|c| c.k()).collect();
    Ok(Flat {
        n_comp: nc,
        n_service: ns,
        svc_base,
        root,
        rep_comp,
        rep_key,
        comp_max_down,
        failure,
        repair,
        node_max_failed,
        parent_start,
        parents,
        simple,
        comp_first,
        comp_k,
        units,
        failover,
        failover_key,
    })
}
