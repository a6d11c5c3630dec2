//! `nines analyze`: exact availability, printed as a table or JSON.

use crate::analysis::analyze;
use crate::error::Error;
use crate::stats::nines;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `nines analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The model file (TOML).
    pub model: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn run(a: &AnalyzeArgs, out: &mut dyn std::io::Write) -> Result<(), Error> {
    let plan = crate::io::read_plan(&a.model)?;
    let r = analyze(&plan)?;
    if a.json {
        writeln!(out, "{}", crate::report::analyze_json(&plan, &r))?;
        return Ok(());
    }
    let h = plan.horizon_hours();
    writeln!(
        out,
        "{} — exact analysis (horizon {h} h, model {})",
        plan.model().model.name,
        plan.source_hash().unwrap_or("-")
    )?;
    writeln!(
        out,
        "{:<22} {:>16} {:>7} {:>16} {:>13}",
        "", "steady state", "nines", "over horizon", "outages/horizon"
    )?;
    let rows = std::iter::once((
        "model".to_string(),
        r.steady_state.availability,
        r.steady_state.outages,
        r.mission.as_ref().map(|m| (m.availability, m.outages)),
    ))
    .chain(
        r.steady_state
            .services
            .iter()
            .enumerate()
            .map(|(i, (n, a, f))| {
                (
                    format!("  {n}"),
                    *a,
                    *f,
                    r.mission
                        .as_ref()
                        .map(|m| (m.services[i].1, m.services[i].2)),
                )
            }),
    );
    for (name, ss, ss_out, mission) in rows {
        let (m, outages) = match mission {
            Some((a, o)) => (format!("{a:.10}"), o),
            None => ("-".to_string(), ss_out),
        };
        writeln!(
            out,
            "{name:<22} {ss:>16.10} {:>7.2} {m:>16} {outages:>13.3}",
            nines(ss)
        )?;
    }
    if r.mission.is_none() {
        writeln!(
            out,
            "({}; outages shown are steady-state rates × horizon)",
            r.mission_note.as_deref().unwrap_or("no over-horizon value")
        )?;
    }
    writeln!(
        out,
        "\n{:<22} {:>14} {:>12} {:>12}",
        "component / domain", "own avail.", "birnbaum", "criticality"
    )?;
    let mut comps: Vec<_> = r.components.iter().chain(&r.domains).collect();
    comps.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
    for c in comps {
        writeln!(
            out,
            "{:<22} {:>14.10} {:>12.3e} {:>11.1}%",
            c.name,
            c.availability,
            c.birnbaum,
            100.0 * c.criticality
        )?;
    }
    Ok(())
}
