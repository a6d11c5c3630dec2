//! A validated, immutable model ready to run ([`Plan`]), with the names, shares and needs
//! that the engine, the analysis and the reports read from it.

use super::flat::{Flat, flatten};
use crate::model::{Diagnostic, Model, ModelError, Resolved, validate};

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
