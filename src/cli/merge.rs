//! `nines merge`: merge the parts of a sharded run (or sweep) into what the unsharded one prints.

use crate::decide::sweep_part::{SweepPart, merge_sweep_parts};
use crate::engine::Partial;
use crate::error::Error;
use crate::io::{AtomicFile, PartFile, read_part, write_atomic};
use crate::report::write_summary_csv;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `nines merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The parts, one per shard, in any order: partial results of `nines simulate --shard I/N
    /// --partial-out FILE`, or sweep parts of `nines sweep --shard I/N --partial-out FILE`.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Print one JSON object on stdout instead of a table (sweep parts: run the shards with
    /// --json too).
    #[arg(long)]
    pub json: bool,
    /// Write a summary CSV (one row for the model, one per service; run parts only).
    #[arg(long, value_name = "PATH")]
    pub summary_csv: Option<PathBuf>,
    /// The sweep CSV to write from sweep parts (what `nines sweep --out` writes).
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
}

pub(crate) fn run(a: &MergeArgs, out: &mut dyn Write) -> Result<(), Error> {
    let files = a
        .parts
        .iter()
        .map(|p| read_part(p))
        .collect::<Result<Vec<_>, _>>()?;
    let name = |i: usize| a.parts[i.min(a.parts.len() - 1)].display().to_string();
    let mut runs = Vec::new();
    let mut sweeps = Vec::new();
    for (i, f) in files.into_iter().enumerate() {
        match f {
            PartFile::Run(p) => runs.push((i, *p)),
            PartFile::Sweep(p) => sweeps.push((i, *p)),
        }
    }
    if let (Some((r, _)), Some((s, _))) = (runs.first(), sweeps.first()) {
        return Err(Error::Usage(format!(
            "{} is a sweep part and {} a run's partial result: merge the parts of one run or one sweep",
            name(*s),
            name(*r)
        )));
    }
    if sweeps.is_empty() {
        let parts: Vec<Partial> = runs.into_iter().map(|(_, p)| p).collect();
        merge_runs(a, &parts, out)
    } else {
        let parts: Vec<SweepPart> = sweeps.into_iter().map(|(_, p)| p).collect();
        merge_sweeps(a, &parts, out)
    }
}

fn merge_runs(a: &MergeArgs, parts: &[Partial], out: &mut dyn Write) -> Result<(), Error> {
    if a.out.is_some() {
        return Err(Error::Usage(
            "--out writes a sweep's CSV: these are a run's partial results (use --summary-csv PATH)"
                .into(),
        ));
    }
    if let Some(p) = &a.summary_csv {
        drop(AtomicFile::create(p)?);
    }
    let name = |i: usize| a.parts[i.min(a.parts.len() - 1)].display().to_string();
    let plan = crate::load::plan_from_partial(&parts[0]).map_err(|e| {
        Error::Usage(format!(
            "{}: the model it carries is not valid: {e}",
            name(0)
        ))
    })?;
    let r = crate::engine::merge_partials(&plan, parts)
        .map_err(|e| Error::Usage(format!("{}: cannot merge: {}", name(e.part), e.message)))?;
    if let Some(p) = &a.summary_csv {
        write_atomic(p, |w| write_summary_csv(&r, w))?;
    }
    super::simulate::print_results(&plan, &r, a.json, out)
}

fn merge_sweeps(a: &MergeArgs, parts: &[SweepPart], out: &mut dyn Write) -> Result<(), Error> {
    let name = |i: usize| a.parts[i.min(a.parts.len() - 1)].display().to_string();
    if a.summary_csv.is_some() {
        return Err(Error::Usage(
            "--summary-csv is for a run's partial results: sweep parts merge into --out FILE.csv"
                .into(),
        ));
    }
    let Some(csv_path) = &a.out else {
        return Err(Error::Usage(format!(
            "{} is a sweep part: give --out FILE.csv for the merged sweep",
            name(0)
        )));
    };
    let m = merge_sweep_parts(parts)
        .map_err(|e| Error::Usage(format!("{}: cannot merge: {}", name(e.part), e.message)))?;
    let header = super::sweep::header(&m.settings.params);
    if m.header != header.as_slice() {
        return Err(Error::Usage(format!(
            "{}: cannot merge: its CSV columns are not those of this nines's sweeps",
            name(0)
        )));
    }
    if a.json && m.json_points.is_none() {
        let i = parts
            .iter()
            .position(|p| p.json_points.is_none())
            .unwrap_or(0);
        return Err(Error::Usage(format!(
            "{}: holds no JSON points: run the shards with --json to merge with --json",
            name(i)
        )));
    }
    super::sweep::write_csv(csv_path, &header, |write| {
        m.rows.iter().try_for_each(|records| write(records))
    })?;
    if let (true, Some(points)) = (a.json, &m.json_points) {
        let points = points.iter().map(|v| (*v).clone()).collect();
        writeln!(
            out,
            "{}",
            super::sweep::sweep_json(m.settings, csv_path, points)
        )?;
    } else {
        writeln!(out, "{}", super::sweep::sweep_line(m.settings, csv_path))?;
    }
    Ok(())
}
