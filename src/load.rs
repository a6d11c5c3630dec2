//! From model text to a validated [`Plan`]: parsing and validation reported together.

use crate::engine::Plan;
use crate::model::{Diagnostic, ModelError, Pos, model_hash, parse_model};

/// Parse and validate model text in one step, reporting every problem found by either, in
/// source order. `origin` names the file in messages.
pub fn plan_from_str(source: &str, origin: &str) -> Result<Plan, ModelError> {
    let parsed = parse_model(source, origin);
    let mut diagnostics = parsed.diagnostics;
    if let Some(model) = parsed.model {
        match Plan::new(&model) {
            Ok(plan) if diagnostics.is_empty() => {
                return Ok(plan.with_source_hash(model_hash(source.as_bytes())));
            }
            Ok(_) => {}
            Err(e) => {
                // Tables the parser rejected are left out of the model, so validation may
                // report knock-on problems (a reference to them, say); keep only new ones.
                let knock_on = |d: &Diagnostic| {
                    diagnostics.iter().any(|p| {
                        p.pos == d.pos && p.key == d.key
                            || !p.key.is_empty() && d.key.starts_with(&p.key)
                    }) || parsed
                        .dropped
                        .iter()
                        .any(|n| d.message.contains(&format!("`{n}`")))
                        || parsed.dropped_component && d.message.contains("has no components")
                };
                let new: Vec<Diagnostic> =
                    e.diagnostics.into_iter().filter(|d| !knock_on(d)).collect();
                diagnostics.extend(new);
            }
        }
    }
    diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
    Err(ModelError {
        origin: origin.to_string(),
        diagnostics,
    })
}

/// Like [`plan_from_str`] for raw bytes, which must be UTF-8 text.
pub fn plan_from_bytes(bytes: &[u8], origin: &str) -> Result<Plan, ModelError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => plan_from_str(s, origin),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let column = good.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
            Err(ModelError {
                origin: origin.to_string(),
                diagnostics: vec![Diagnostic {
                    pos: Some(Pos { line, column }),
                    key: String::new(),
                    message: "the file is not UTF-8 text (a model file is TOML text)".to_string(),
                }],
            })
        }
    }
}

/// Parse a shard's partial result (JSON text). Sizes are bounded by the text (read it with a
/// size limit); the contents are checked against the model by [`crate::engine::merge_partials`].
pub fn partial_from_str(text: &str) -> Result<crate::engine::Partial, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The plan a partial result was run on, rebuilt from the model and scenario texts it
/// carries (origin: the model file as given to the shard).
pub fn plan_from_partial(p: &crate::engine::Partial) -> Result<Plan, String> {
    let mut plan = plan_from_str(&p.model_text, &p.model_origin).map_err(|e| e.to_string())?;
    if let Some(text) = &p.scenario_text {
        let mut sc =
            crate::scenario::parse_scenario(text, &format!("scenario of {}", p.model_origin))
                .map_err(|e| e.to_string())?;
        if let Some(series) = &p.scenario_series {
            sc = sc.with_series(series.clone());
        }
        plan = plan.with_scenario(sc);
    }
    Ok(plan)
}
