//! One integration test binary, a module per topic.

mod bad_input;
mod cli;
mod common;
mod compare;
mod decide;
mod determinism;
mod domains;
mod golden;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_decide;
#[cfg(feature = "gui")]
mod gui_diagram;
#[cfg(feature = "gui")]
mod gui_edits;
#[cfg(feature = "gui")]
mod gui_forms;
#[cfg(feature = "gui")]
mod gui_recovery;
#[cfg(feature = "gui")]
mod gui_tradeoffs;
mod load;
mod loops;
mod money;
mod options;
mod oracle;
mod properties;
mod rare;
mod report;
mod shards;
mod statistics;
mod streams;
mod survey;
mod sweep;
mod sweep_shards;
