//! Settings saved between launches (serde, every field defaulted so old files still load).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// The views of the workbench (also the values of `nines gui --view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
pub enum Tab {
    /// The diagram and editor.
    #[default]
    Model,
    /// The TOML text.
    Text,
    /// Run settings, progress and convergence.
    Run,
    /// Availability, downtime and causes.
    Results,
    /// Pinned designs side by side.
    Compare,
    /// The tornado, importance and the drivers of bad years.
    Sensitivity,
    /// The best set of options under a budget, with the Pareto frontier.
    Optimise,
    /// The load scenario, headroom, latency and capacity plans.
    Load,
    /// Investment options: costs, paired effects, the survey against the simulation.
    Tradeoffs,
}

/// Persisted settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Trials of a full run.
    pub trials: u64,
    /// Trials of the quick what-if run after an edit.
    pub quick_trials: u64,
    /// Seed.
    pub seed: u64,
    /// Worker threads (0 = every core).
    pub threads: usize,
    /// Horizon override in hours (None = the model's).
    pub horizon_hours: Option<f64>,
    /// Re-run automatically after each edit.
    pub auto_run: bool,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// What the diagram remembers per model name: camera and dragged boxes per view,
    /// collapsed groups and zones.
    pub diagrams: HashMap<String, super::diagram::SavedDiagram>,
    /// The open view.
    pub tab: Tab,
    /// Runs use the load scenario.
    pub use_scenario: bool,
    /// The scenario file (None: the built-in peak season).
    pub scenario_path: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trials: 20_000,
            quick_trials: 2_000,
            seed: 1,
            threads: 0,
            horizon_hours: None,
            auto_run: true,
            recent: Vec::new(),
            diagrams: HashMap::new(),
            tab: Tab::Model,
            use_scenario: true,
            scenario_path: None,
        }
    }
}

impl Settings {
    /// Put `path` first in the recent files (at most ten).
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }
}
