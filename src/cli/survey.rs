//! `nines survey`: a survey's normalised weights per table (the built-in seed survey or a
//! user's CSV), optionally with AHP weights from pairwise ratios, as a table or JSON.

use crate::error::Error;
use crate::io::{MAX_MODEL_BYTES, read_text};
use crate::survey::{parse_ahp, parse_survey, survey_json, write_survey_text};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines survey`.
#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// A survey CSV: the seed's aggregated form (table,category,item,description,percent) or
    /// one row per respondent (default: the seed paper's tables, built in).
    pub csv: Option<PathBuf>,
    /// Pairwise comparisons (CSV `item_a,item_b,ratio`): AHP weights and consistency ratios.
    #[arg(long, value_name = "FILE")]
    pub ahp: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn run(a: &SurveyArgs, out: &mut dyn Write) -> Result<(), Error> {
    let survey = match &a.csv {
        Some(p) => parse_survey(&read_text(p, MAX_MODEL_BYTES)?, &p.display().to_string())?,
        None => crate::survey::seed(),
    };
    let ahp = match &a.ahp {
        Some(p) => Some(parse_ahp(
            &read_text(p, MAX_MODEL_BYTES)?,
            &p.display().to_string(),
            &survey,
        )?),
        None => None,
    };
    if a.json {
        writeln!(out, "{}", survey_json(&survey, ahp.as_ref()))?;
    } else {
        write_survey_text(out, &survey, ahp.as_ref())?;
    }
    Ok(())
}
