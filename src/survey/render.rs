//! A survey's weights as a readable table or one JSON object (what `nines survey` prints).

use super::{Ahp, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, CONSISTENCY_LIMIT, Form, Scale, Survey};
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// The one sentence every survey output carries about the aggregated form (reference-data §6).
pub const SHARES_NOT_EFFECTS: &str = "The percentages are shares of respondents who named each item (adoption or perceived importance), not effect sizes: they cannot be used as multipliers on failure or repair times.";
/// The same caution for respondent scores.
const RATINGS_NOT_EFFECTS: &str = "The weights are what respondents rate as important, not measured effect sizes: they cannot be used as multipliers on failure or repair times.";

fn note(s: &Survey) -> &'static str {
    match s.form {
        Form::Aggregated => SHARES_NOT_EFFECTS,
        Form::Respondents => RATINGS_NOT_EFFECTS,
    }
}

fn formula(s: &Survey) -> String {
    let left_out = "respondents who left an item of a table empty, or gave every item of it the lowest score, are left out of that table";
    match s.scale {
        None => "weight = percent / sum of the percents of its table".into(),
        Some(Scale::Likert) => format!(
            "weight = mean over respondents of (score - 1) / sum of (score - 1) over the table's items (Likert 1-5: 1 = not at all weighs 0); {left_out}"
        ),
        Some(Scale::Percent) => format!(
            "weight = mean over respondents of score / sum of scores over the table's items (0-100); {left_out}"
        ),
    }
}

fn interval_rule() -> String {
    format!(
        "95% interval: bootstrap percentile (2.5% and 97.5%), {BOOTSTRAP_RESAMPLES} resamples of respondents with replacement, fixed seed"
    )
}

fn described(s: &Survey) -> String {
    match (s.form, s.scale, s.respondents) {
        (Form::Respondents, Some(scale), Some(n)) => format!(
            "{} respondent rows, {} scores",
            n,
            match scale {
                Scale::Likert => "Likert 1-5",
                Scale::Percent => "0-100",
            }
        ),
        _ => "aggregated form (table, item, percent)".into(),
    }
}

/// Write each table's items with weights (intervals for respondent data, AHP weights and the
/// consistency ratio when given) as aligned text.
pub fn write_survey_text(out: &mut dyn Write, s: &Survey, ahp: Option<&Ahp>) -> io::Result<()> {
    writeln!(out, "Survey: {}: {}", s.origin, described(s))?;
    writeln!(out, "{}", note(s))?;
    writeln!(out, "{}", formula(s))?;
    if s.form == Form::Respondents {
        writeln!(out, "{}", interval_rule())?;
    }
    if let Some(a) = ahp {
        writeln!(
            out,
            "AHP: {}: principal-eigenvector weights of the pairwise ratios; CR = CI / RI, above {CONSISTENCY_LIMIT} is inconsistent",
            a.origin
        )?;
    }
    let width = s
        .tables
        .iter()
        .flat_map(|t| t.items.iter().map(|i| i.name.chars().count()))
        .max()
        .unwrap_or(0)
        .max(4);
    for t in &s.tables {
        writeln!(out)?;
        let mut about: Vec<String> = t.category.iter().cloned().collect();
        if let Some(total) = t.percent_total {
            about.push(format!("percents add up to {}", number(total)));
        }
        if let (Some(used), Some(n)) = (t.respondents, s.respondents) {
            about.push(format!("{used} of {n} respondents answered every item"));
        }
        if about.is_empty() {
            writeln!(out, "{}", t.name)?;
        } else {
            writeln!(out, "{} ({})", t.name, about.join("; "))?;
        }
        let table_ahp = ahp.and_then(|a| a.table(&t.name));
        let mut head = format!("  {:<width$}", "item");
        if t.percent_total.is_some() {
            head.push_str("   percent");
        }
        head.push_str("   weight");
        if t.items.iter().any(|i| i.ci95.is_some()) {
            head.push_str("   95% interval");
        }
        if table_ahp.is_some() {
            head.push_str("      AHP");
        }
        writeln!(out, "{}", head.trim_end())?;
        for i in &t.items {
            let mut line = format!("  {:<width$}", i.name);
            if let Some(p) = i.percent {
                line.push_str(&format!(" {p:>9.1}"));
            }
            line.push_str(&format!(" {:>8.3}", i.weight));
            if let Some([lo, hi]) = i.ci95 {
                line.push_str(&format!("   {lo:.3} - {hi:.3}"));
            }
            if let Some(w) = table_ahp.and_then(|a| ahp_weight(a, &i.name)) {
                line.push_str(&format!(" {w:>8.3}"));
            }
            writeln!(out, "{line}")?;
        }
        if let Some(a) = table_ahp {
            let verdict = if a.consistent {
                format!("consistent: CR <= {CONSISTENCY_LIMIT}")
            } else {
                format!("INCONSISTENT: CR > {CONSISTENCY_LIMIT}, revisit the pairwise ratios")
            };
            writeln!(
                out,
                "  AHP: lambda_max {:.4}, CI {:.4}, RI {:.2}, CR {:.3} ({verdict})",
                a.lambda_max, a.consistency_index, a.random_index, a.consistency_ratio
            )?;
        }
    }
    Ok(())
}

fn ahp_weight(a: &super::AhpTable, item: &str) -> Option<f64> {
    let k = a.items.iter().position(|x| super::same_name(x, item))?;
    a.weights.get(k).copied()
}

/// A number without a needless fraction (`100`, `99.5`).
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The survey's weights as one JSON object: `nines_version`, `source` (the file),
/// `form` (`aggregated` | `respondents`), `scale` (`likert-1-5` | `0-100` | null),
/// `respondents` (rows, or null), `note`, `formula`, `bootstrap` (null for the aggregated
/// form), `tables.NAME.{category, percent_total, respondents, items[…].{item, description,
/// percent, weight, ci95, ahp_weight}}` and `ahp` (null, or `{source, limit,
/// weights.TABLE.ITEM, consistency_ratio.TABLE, consistency_index.TABLE, lambda_max.TABLE,
/// random_index.TABLE, consistent.TABLE}`).
pub fn survey_json(s: &Survey, ahp: Option<&Ahp>) -> Value {
    let mut tables = Map::new();
    for t in &s.tables {
        let table_ahp = ahp.and_then(|a| a.table(&t.name));
        let items: Vec<Value> = t
            .items
            .iter()
            .map(|i| {
                let mut o = json!({
                    "item": i.name,
                    "description": i.description,
                    "percent": i.percent,
                    "weight": i.weight,
                    "ci95": i.ci95,
                });
                if let (Some(a), Some(map)) = (table_ahp, o.as_object_mut()) {
                    map.insert("ahp_weight".into(), json!(ahp_weight(a, &i.name)));
                }
                o
            })
            .collect();
        tables.insert(
            t.name.clone(),
            json!({
                "category": t.category,
                "percent_total": t.percent_total,
                "respondents": t.respondents,
                "items": items,
            }),
        );
    }
    let bootstrap = (s.form == Form::Respondents).then(|| {
        json!({
            "resamples": BOOTSTRAP_RESAMPLES,
            "seed": format!("{BOOTSTRAP_SEED:#018x}"),
            "interval": "percentile 2.5% and 97.5% of resampled means (R type 7 quantiles)",
        })
    });
    let ahp_value = ahp.map(|a| {
        let per = |f: &dyn Fn(&super::AhpTable) -> Value| -> Map<String, Value> {
            a.tables.iter().map(|t| (t.table.clone(), f(t))).collect()
        };
        json!({
            "source": a.origin,
            "limit": CONSISTENCY_LIMIT,
            "weights": per(&|t| {
                Value::Object(
                    t.items
                        .iter()
                        .zip(&t.weights)
                        .map(|(i, w)| (i.clone(), json!(w)))
                        .collect(),
                )
            }),
            "consistency_ratio": per(&|t| json!(t.consistency_ratio)),
            "consistency_index": per(&|t| json!(t.consistency_index)),
            "lambda_max": per(&|t| json!(t.lambda_max)),
            "random_index": per(&|t| json!(t.random_index)),
            "consistent": per(&|t| json!(t.consistent)),
        })
    });
    json!({
        "nines_version": crate::VERSION,
        "source": s.origin,
        "form": s.form.name(),
        "scale": s.scale.map(Scale::name),
        "respondents": s.respondents,
        "note": note(s),
        "formula": formula(s),
        "bootstrap": bootstrap,
        "tables": tables,
        "ahp": ahp_value,
    })
}
