//! Surveys of what people believe: the seed paper's tables or a user's respondent rows, read
//! into normalised weights per table (with bootstrap intervals for respondent data, optionally
//! AHP weights from pairwise ratios), and set beside what the simulation says.
//!
//! Everything here takes text and an origin name for messages; nothing reads a file.
//!
//! ```
//! let survey = nines::survey::seed();
//! let strategies = survey.table("strategies").expect("a seed table");
//! assert_eq!(strategies.items[0].name, "Redundancy & Failover");
//! assert!((strategies.items[0].weight - 0.40).abs() < 1e-12); // 40 / (40+30+18+10+2)
//! let total: f64 = strategies.items.iter().map(|i| i.weight).sum();
//! assert!((total - 1.0).abs() < 1e-12);
//! ```

mod aggregated;
mod ahp;
mod bootstrap;
mod compare;
mod rank;
mod render;
mod respondents;
mod sheet;
#[cfg(test)]
mod tests;

pub use ahp::{
    Ahp, AhpTable, CONSISTENCY_LIMIT, EIGEN_TOLERANCE, Eigen, RANDOM_INDEX, ahp_table, parse_ahp,
    principal_eigenvector,
};
pub use bootstrap::{BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED};
pub use compare::{
    Agreement, ChallengeDowntime, ChallengesVsSurvey, Estimate, OptionsVsSurvey, Point, PointInput,
    Reversal, SimulatedOption, TableAgreement, agreement, challenges_vs_survey, options_vs_survey,
};
pub use rank::{average_ranks, kendall_tau_b, spearman_rho};
pub use render::{SHARES_NOT_EFFECTS, survey_json, write_survey_text};

use crate::model::Diagnostic;
use std::fmt;
use std::sync::OnceLock;

/// The seed paper's survey tables (a copy of `../shared/seed-survey.csv`), the default survey.
pub const SEED_SURVEY_CSV: &str = include_str!("../data/seed-survey.csv");
/// The origin name of the built-in seed survey in messages and outputs.
pub const SEED_ORIGIN: &str = "data/seed-survey.csv (built in)";
/// The seed's challenge table, compared with downtime attributed to `challenge` labels.
pub const CHALLENGES_TABLE: &str = "challenges";

/// Most problems listed in one error; the rest are counted.
pub(crate) const MAX_LISTED: usize = 100;
/// Most items (table, item pairs) a survey may have.
pub const MAX_ITEMS: usize = 200;
/// Most respondent rows a survey may have.
pub const MAX_RESPONDENTS: usize = 100_000;
/// Most answer cells (respondent rows × item columns): bounds the bootstrap's work.
pub const MAX_CELLS: usize = 1_000_000;
/// Longest table or item name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Every problem found in one survey or AHP file (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyError {
    /// The file name.
    pub origin: String,
    /// The problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for SurveyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::model::write_diagnostics(f, &self.origin, &self.diagnostics)
    }
}

impl std::error::Error for SurveyError {}

/// How a survey file is laid out (detected from its header row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The seed's form: one row per item, `table,category,item,description,percent`.
    Aggregated,
    /// One row per respondent, one column per item.
    Respondents,
}

impl Form {
    /// The name used in outputs: `aggregated` or `respondents`.
    pub fn name(self) -> &'static str {
        match self {
            Form::Aggregated => "aggregated",
            Form::Respondents => "respondents",
        }
    }
}

/// The score scale of a respondent survey (detected from the whole file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Whole numbers 1 to 5, 1 = "not at all": weighed as score − 1.
    Likert,
    /// Numbers from 0 to 100: weighed as given.
    Percent,
}

impl Scale {
    /// The name used in outputs: `likert-1-5` or `0-100`.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Likert => "likert-1-5",
            Scale::Percent => "0-100",
        }
    }
}

/// A survey read into normalised weights per table.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// The file it came from ([`SEED_ORIGIN`] for the built-in seed).
    pub origin: String,
    /// The file's layout.
    pub form: Form,
    /// The score scale (respondent form only).
    pub scale: Option<Scale>,
    /// Respondent rows in the file (respondent form only).
    pub respondents: Option<usize>,
    /// The tables, in the order they first appear.
    pub tables: Vec<Table>,
}

/// One table of a survey (challenges, strategies, …): its items' weights sum to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's name (`strategies`).
    pub name: String,
    /// What one item of it is (`strategy`), when the file says.
    pub category: Option<String>,
    /// The sum of its items' percents (aggregated form only).
    pub percent_total: Option<f64>,
    /// Respondents whose answers make its weights (respondent form only): those who answered
    /// every item of the table with a total above the lowest score.
    pub respondents: Option<usize>,
    /// Its items, in file order.
    pub items: Vec<Item>,
}

/// One item of a table with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's name (`Redundancy & Failover`).
    pub name: String,
    /// What it means, when known (the seed's description for seed items).
    pub description: Option<String>,
    /// The share of respondents who named it, in percent (aggregated form only).
    pub percent: Option<f64>,
    /// Its normalised weight in the table (the table's weights sum to 1).
    pub weight: f64,
    /// A bootstrap 95 % percentile interval of the weight (respondent form only).
    pub ci95: Option<[f64; 2]>,
}

impl Survey {
    /// The table with this name (case-insensitive).
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| same_name(&t.name, name))
    }

    /// The table and item with this item name (case-insensitive; the first table that has it).
    /// `table/Item` names the table too.
    pub fn find_item(&self, name: &str) -> Option<(&Table, &Item)> {
        if let Some((t, i)) = name.split_once('/')
            && let Some(table) = self.table(t)
            && let Some(item) = table.item(i)
        {
            return Some((table, item));
        }
        self.tables
            .iter()
            .find_map(|t| t.item(name).map(|i| (t, i)))
    }
}

impl Table {
    /// The item with this name (case-insensitive).
    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|i| same_name(&i.name, name))
    }
}

/// Whether two table or item names are the same: trimmed, ignoring case.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// Read a survey from CSV text in either form, detected from the header row: a header naming
/// a column `table` or `percent` is the aggregated form, anything else respondent rows. Every
/// problem is reported together, each with line, column and what is allowed; `origin` names
/// the file in messages. Respondent data get bootstrap intervals ([`BOOTSTRAP_RESAMPLES`]
/// resamples, seed [`BOOTSTRAP_SEED`]).
pub fn parse_survey(text: &str, origin: &str) -> Result<Survey, SurveyError> {
    let mut sheet = sheet::Sheet::new(text);
    let survey = if sheet::header_is_aggregated(text) {
        aggregated::read(&mut sheet, origin)
    } else {
        respondents::read(&mut sheet, origin, BOOTSTRAP_RESAMPLES)
    };
    sheet.finish(origin, survey)
}

/// The seed paper's survey (built in): four tables, weights = percent / Σ percent.
pub fn seed() -> Survey {
    seed_ref().clone()
}

/// The seed survey, read once.
pub(crate) fn seed_ref() -> &'static Survey {
    static SEED: OnceLock<Survey> = OnceLock::new();
    SEED.get_or_init(|| {
        // The embedded file is checked by a unit test; a failure here is a build bug.
        #[allow(clippy::expect_used)]
        parse_survey(SEED_SURVEY_CSV, SEED_ORIGIN).expect("the built-in seed survey is valid")
    })
}
