//! `nines merge`: merge the partial results of a sharded run into what the unsharded run prints.

use crate::error::Error;
use crate::io::{AtomicFile, read_partial, write_atomic};
use crate::report::write_summary_csv;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The partial results (`nines simulate --shard I/N --partial-out FILE`), one per shard,
    /// in any order.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Print one JSON object on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write a summary CSV (one row for the model, one per service).
    #[arg(long, value_name = "PATH")]
    pub summary_csv: Option<PathBuf>,
}

pub(crate) fn run(a: &MergeArgs, out: &mut dyn Write) -> Result<(), Error> {
    if let Some(p) = &a.summary_csv {
        drop(AtomicFile::create(p)?);
    }
    let parts = a
        .parts
        .iter()
        .map(|p| read_partial(p))
        .collect::<Result<Vec<_>, _>>()?;
    let name = |i: usize| a.parts[i.min(a.parts.len() - 1)].display().to_string();
    let plan = crate::load::plan_from_partial(&parts[0]).map_err(|e| {
        Error::Usage(format!(
            "{}: the model it carries is not valid: {e}",
            name(0)
        ))
    })?;
    let r = crate::engine::merge_partials(&plan, &parts)
        .map_err(|e| Error::Usage(format!("{}: cannot merge: {}", name(e.part), e.message)))?;
    if let Some(p) = &a.summary_csv {
        write_atomic(p, |w| write_summary_csv(&r, w))?;
    }
    super::simulate::print_results(&plan, &r, a.json, out)
}
