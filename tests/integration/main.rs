//! One integration test binary, a module per topic.

mod bad_input;
mod cli;
mod common;
mod determinism;
mod domains;
mod golden;
#[cfg(feature = "gui")]
mod gui;
mod load;
mod loops;
mod oracle;
mod properties;
mod statistics;
mod streams;
