//! One integration test binary, a module per topic.

mod bad_input;
mod cli;
mod common;
mod determinism;
mod domains;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_diagram;
mod load;
mod oracle;
mod properties;
