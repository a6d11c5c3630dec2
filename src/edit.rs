//! Path-addressed edits of model and scenario files, and the document that holds a file's
//! text with undo/redo. The GUI's forms, investment options, sweeps, sensitivity and the
//! optimiser all change models through this one language.
//!
//! A path is `KIND.NAME.KEY[.SUBKEY…]` (`component.web.replicas`,
//! `component.web.repair.median_hours`, `common_cause.bad_deploy.failure.mean_hours`,
//! `service.checkout.load_share`), or `KIND.KEY` for the single `[model]` and `[scenario]`
//! tables (`model.horizon_hours`). `NAME` may be quoted (`peak."Black Friday".multiplier`) or
//! `*` for every table of the kind. Operations: `set`, `scale`, `append` (names to a list),
//! `remove` (a key, or a whole table with every reference to it) and `add` (a whole table).
//! Setting `name` renames a table and every reference to it; inside a distribution,
//! `dist` switches the family keeping the mean and `mean_hours` moves the time scale of any
//! family keeping its shape.
//!
//! Every edit is checked the way a model file is: applying a list of edits gives a new text
//! that is parsed and validated by the same reader, with the same messages; the edits apply
//! whole or not at all.
//!
//! ```
//! use nines::edit::{Edit, apply_model};
//! let src = "[model]\nname = \"m\"\n[[component]]\nname = \"web\" # the shop\n\
//!            failure = { dist = \"exponential\", mean_hours = 1000 }\n\
//!            repair = { dist = \"exponential\", mean_hours = 2 }\n";
//! let edits = [
//!     Edit::parse("component.web.replicas=3").unwrap(),
//!     Edit::parse("component.web.min_up=2").unwrap(),
//!     Edit::parse("component.web.repair.mean_hours*=0.5").unwrap(),
//! ];
//! let (text, plan) = apply_model(src, "m.toml", &edits).expect("valid");
//! assert!(text.contains("# the shop"));
//! assert_eq!(plan.model().components[0].replicas, 3);
//! assert_eq!(plan.model().components[0].repair.mean_hours(), 1.0);
//! let bad = apply_model(src, "m.toml", &[Edit::parse("component.web.replicas=0").unwrap()]);
//! assert!(bad.unwrap_err().to_string().contains("must be an integer from 1"));
//! ```

mod apply;
mod document;
mod kinds;
mod op;
mod path;
mod refs;
mod tables;

pub use apply::{names_value, number, to_edit_value, write_dist};
pub use document::{Document, EditError, ModelSchema, ScenarioSchema, Schema};
pub use kinds::{FileKind, Kind, REFERENCES, Reference, is_distribution, subkeys};
pub use op::{Edit, Op, ParseError, inline_value, parse_value};
pub use path::{EditPath, PathError, Target};
pub use tables::set_keeping_decor;

use crate::engine::Plan;

/// Apply edits to TOML text, keeping comments and layout; no validation beyond the edits'
/// own (unknown tables and keys, wrong value types). Use [`apply_model`] or a
/// [`Document`] to get a validated result.
pub fn apply_to_text(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| EditError::Syntax {
                message: e.message().trim().replace('\n', " "),
            })?;
    for e in edits {
        apply::apply(&mut doc, e).map_err(|message| EditError::Rejected {
            edit: e.to_string(),
            message,
        })?;
    }
    Ok(doc.to_string())
}

/// Apply edits to a model file's text and validate the result: the new text and its plan, or
/// what is wrong (naming the edit and, for an invalid result, the model file's problems).
pub fn apply_model(text: &str, origin: &str, edits: &[Edit]) -> Result<(String, Plan), EditError> {
    let new = apply_to_text(text, edits)?;
    match crate::load::plan_from_str(&new, origin) {
        Ok(plan) => Ok((new, plan)),
        Err(e) => Err(EditError::Invalid {
            edit: describe(edits),
            origin: e.origin,
            diagnostics: e.diagnostics,
        }),
    }
}

/// Edits as one line of text, for messages.
pub fn describe(edits: &[Edit]) -> String {
    edits
        .iter()
        .map(Edit::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
