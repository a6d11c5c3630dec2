//! nines: reliability simulation and exact availability analysis for retail IT platforms.
//!
//! A model file describes components (tiers of replicas with failure and repair
//! distributions), groups and services. [`engine::Plan::new`] validates it once;
//! [`engine::run`] simulates it in parallel, reproducibly; [`analysis::analyze`] computes the
//! exact answers where they exist.
//!
//! ```
//! use nines::{engine, analysis, model};
//! let src = r#"
//! [model]
//! name = "demo"
//! [[component]]
//! name = "web"
//! replicas = 2
//! min_up = 1
//! failure = { dist = "exponential", mean_hours = 1000 }
//! repair = { dist = "exponential", mean_hours = 10 }
//! "#;
//! let plan = nines::load::plan_from_str(src, "demo.toml").expect("valid model");
//! let cfg = engine::RunConfig { trials: 2000, seed: 7, ..Default::default() };
//! let results = engine::run(&plan, &cfg, &engine::NoObserver).expect("run");
//! let exact = analysis::analyze(&plan).expect("small enough");
//! let a = results.model.availability;
//! let m = exact.mission.expect("all exponential").availability;
//! assert!((a.mean - m).abs() < 5.0 * a.std_error + 1e-6);
//! # let _ = model::DEFAULT_HORIZON_HOURS;
//! ```

pub mod analysis;
pub mod decide;
pub mod edit;
pub mod engine;
pub mod error;
pub mod io;
pub mod load;
pub mod model;
pub mod planner;
pub mod queueing;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod survey;
pub mod text;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;

/// The version of nines, printed in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
