//! `nines survey`: a survey's normalised weights per table (the built-in seed survey or a
//! user's CSV), optionally with AHP weights from pairwise ratios, and with `--model` and
//! `--options` the survey set beside the simulation, as a table or JSON.

use super::compare::RunArgs;
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
    /// A model to simulate: each option of --options (paired with the model, common random
    /// numbers) and the model's `challenge` downtime set beside the survey.
    #[arg(long, value_name = "MODEL", requires = "options")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

pub(crate) fn run(a: &SurveyArgs, out: &mut dyn Write) -> Result<(), Error> {
    if a.run.options.is_some() && a.model.is_none() {
        return Err(Error::Usage(
            "--options needs --model MODEL: the model the options are simulated on".into(),
        ));
    }
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
    let sim = match (&a.model, &a.run.options) {
        (Some(m), Some(o)) => Some(super::survey_sim::simulate(
            &survey,
            m,
            o,
            &a.run,
            a.quiet || a.json,
        )?),
        _ => None,
    };
    if a.json {
        let mut v = survey_json(&survey, ahp.as_ref());
        if let (Some(s), Some(o)) = (&sim, v.as_object_mut()) {
            o.insert("simulation".into(), super::survey_sim::json(s));
        }
        writeln!(out, "{v}")?;
    } else {
        write_survey_text(out, &survey, ahp.as_ref())?;
        if let Some(s) = &sim {
            super::survey_sim::write_text(out, s)?;
        }
    }
    Ok(())
}
