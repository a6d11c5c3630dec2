//! Decisions for leaders: investment options (costs and the model edits they make), and
//! later paired comparisons, portfolios and the optimiser — all as edits applied to one model
//! document and run with common random numbers.

pub mod believed;
pub mod choose;
pub mod compare;
pub mod optimize;
mod option_edits;
pub mod options;
pub mod paired;
pub mod portfolio;
pub mod runs;
pub mod sensitivity;
pub mod sweep;
pub mod sweep_part;
pub mod tornado;

pub use compare::{
    Against, CompareError, CompareInput, CompareResults, CompareSettings, Comparison, RankBy, Side,
    compare,
};
pub use options::{Enables, InvestmentOption, Options, OptionsError, parse_options};

#[cfg(test)]
mod tests;
