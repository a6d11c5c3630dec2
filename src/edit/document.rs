//! A model or scenario file being edited: its text (the source of truth, comments kept),
//! what the text parses to, the last valid result while the text is broken, and undo/redo.

use super::op::Edit;
use crate::engine::Plan;
use crate::model::{Diagnostic, Model, ModelError, model_hash};
use crate::scenario::{Scenario, ScenarioError};
use std::fmt;
use std::time::{Duration, Instant};

/// Edits of the same field within this time are one undo step.
const COALESCE: Duration = Duration::from_millis(800);
/// Undo steps kept.
const UNDO_LIMIT: usize = 200;

/// Why an edit was not applied.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EditError {
    /// The document's text is not TOML, so structured edits have nowhere to go.
    Syntax {
        /// The TOML parser's message.
        message: String,
    },
    /// The edit cannot be made as written (unknown table or key, wrong kind of value).
    Rejected {
        /// The edit, as text.
        edit: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// The edited file would not be valid: the problems the file reader finds in it.
    Invalid {
        /// The edits, as text.
        edit: String,
        /// The file name used in messages.
        origin: String,
        /// The new problems, as the file reader reports them.
        diagnostics: Vec<Diagnostic>,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax { message } => {
                write!(f, "fix the TOML syntax first: {message}")
            }
            EditError::Rejected { edit, message } => write!(f, "{edit}: {message}"),
            EditError::Invalid {
                edit, diagnostics, ..
            } => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{edit}: ")?;
                    if !d.key.is_empty() {
                        write!(f, "{}: ", d.key)?;
                    }
                    write!(f, "{}", d.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for EditError {}

impl EditError {
    /// The messages alone (without the edit text), for showing beside a form field.
    pub fn messages(&self) -> Vec<String> {
        match self {
            EditError::Syntax { message } => vec![format!("fix the TOML syntax first: {message}")],
            EditError::Rejected { message, .. } => vec![message.clone()],
            EditError::Invalid { diagnostics, .. } => diagnostics
                .iter()
                .map(|d| {
                    if d.key.is_empty() {
                        d.message.clone()
                    } else {
                        format!("{}: {}", d.key, d.message)
                    }
                })
                .collect(),
        }
    }
}

/// What a kind of file parses to, and how.
pub trait Schema {
    /// The parsed, validated form.
    type Parsed: Clone;
    /// Every problem of an invalid text.
    type Error: Clone + fmt::Display;
    /// Parse and validate text; `origin` names the file in messages.
    fn parse(&self, text: &str, origin: &str) -> Result<Self::Parsed, Self::Error>;
    /// The problems an error lists.
    fn diagnostics(e: &Self::Error) -> &[Diagnostic];
    /// The file name an error names.
    fn origin(e: &Self::Error) -> &str;
}

/// Model files: text → validated [`Plan`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelSchema;

impl Schema for ModelSchema {
    type Parsed = Plan;
    type Error = ModelError;
    fn parse(&self, text: &str, origin: &str) -> Result<Plan, ModelError> {
        crate::load::plan_from_str(text, origin)
    }
    fn diagnostics(e: &ModelError) -> &[Diagnostic] {
        &e.diagnostics
    }
    fn origin(e: &ModelError) -> &str {
        &e.origin
    }
}

/// Scenario files: text → [`Scenario`], with the hourly series its file names attached
/// (read once by the caller, kept across edits).
#[derive(Debug, Clone, Default)]
pub struct ScenarioSchema {
    /// The hourly series named by `series_csv`, when it was read.
    pub series: Option<Vec<f64>>,
}

impl Schema for ScenarioSchema {
    type Parsed = Scenario;
    type Error = ScenarioError;
    fn parse(&self, text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        let sc = crate::scenario::parse_scenario(text, origin)?;
        Ok(match (&self.series, &sc.series_csv) {
            (Some(s), Some(_)) => sc.with_series(s.clone()),
            _ => sc,
        })
    }
    fn diagnostics(e: &ScenarioError) -> &[Diagnostic] {
        &e.diagnostics
    }
    fn origin(e: &ScenarioError) -> &str {
        &e.origin
    }
}

/// One file being edited.
#[derive(Debug, Clone)]
pub struct Document<S: Schema> {
    schema: S,
    origin: String,
    text: String,
    saved_text: String,
    parsed: Result<S::Parsed, S::Error>,
    last_good: Option<S::Parsed>,
    undo: Vec<String>,
    redo: Vec<String>,
    last_edit: Option<(String, Instant)>,
    revision: u64,
}

/// Problems in `after` that `before` does not have (positions aside: they move with edits).
fn new_problems(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut old: Vec<(&str, &str)> = before
        .iter()
        .map(|d| (d.key.as_str(), d.message.as_str()))
        .collect();
    let mut out = Vec::new();
    for d in after {
        match old.iter().position(|&(k, m)| k == d.key && m == d.message) {
            Some(i) => {
                old.swap_remove(i);
            }
            None => out.push(d.clone()),
        }
    }
    out
}

impl<S: Schema> Document<S> {
    /// Open text (a file's contents or a built-in file); `origin` names it in messages.
    pub fn new(schema: S, text: String, origin: String) -> Document<S> {
        let parsed = schema.parse(&text, &origin);
        let last_good = parsed.as_ref().ok().cloned();
        Document {
            schema,
            origin,
            saved_text: text.clone(),
            text,
            parsed,
            last_good,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            revision: 0,
        }
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The name used in messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The schema (for a scenario: the attached series).
    pub fn schema(&self) -> &S {
        &self.schema
    }

    /// Hash of the current text (as in every output).
    pub fn hash(&self) -> String {
        model_hash(self.text.as_bytes())
    }

    /// Bumped on every change of text (edits, undo, redo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The parsed form of the current text, when it is valid.
    pub fn parsed(&self) -> Option<&S::Parsed> {
        self.parsed.as_ref().ok()
    }

    /// The problems of the current text, when it is not valid.
    pub fn problems(&self) -> Option<&S::Error> {
        self.parsed.as_ref().err()
    }

    /// The last valid parsed form (the current one, or the one before the text broke).
    pub fn last_good(&self) -> Option<&S::Parsed> {
        self.parsed().or(self.last_good.as_ref())
    }

    /// Whether the text differs from what was last opened or saved.
    pub fn is_dirty(&self) -> bool {
        self.text != self.saved_text
    }

    /// The text as last opened or saved.
    pub fn saved_text(&self) -> &str {
        &self.saved_text
    }

    /// Mark the current text as saved, under a new origin (its path) when given.
    pub fn mark_saved(&mut self, origin: Option<String>) {
        if let Some(o) = origin {
            self.origin = o;
        }
        self.saved_text = self.text.clone();
    }

    /// Whether undo / redo would do anything.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether redo would do anything.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn reparse(&mut self) {
        self.parsed = self.schema.parse(&self.text, &self.origin);
        if let Ok(p) = &self.parsed {
            self.last_good = Some(p.clone());
        }
    }

    /// Replace the whole text (the Text view). Changes of the same `field` in quick succession
    /// are one undo step.
    pub fn set_text(&mut self, new: String, field: &str) {
        if new == self.text {
            return;
        }
        let now = Instant::now();
        let same = matches!(&self.last_edit, Some((f, t)) if f == field && now.duration_since(*t) < COALESCE);
        if !same {
            self.undo.push(self.text.clone());
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.last_edit = Some((field.to_string(), now));
        self.redo.clear();
        self.text = new;
        self.revision += 1;
        self.reparse();
    }

    /// What `edits` would give, without changing the document: the new text and its parsed
    /// form, or why not. Refused when the edits add a problem the text did not have (so forms
    /// can still fix a broken file one field at a time).
    pub fn preview(&self, edits: &[Edit]) -> Result<(String, Option<S::Parsed>), EditError> {
        let new = super::apply_to_text(&self.text, edits)?;
        match self.schema.parse(&new, &self.origin) {
            Ok(p) => Ok((new, Some(p))),
            Err(e) => {
                let before = self.problems().map(S::diagnostics).unwrap_or(&[]);
                let added = new_problems(before, S::diagnostics(&e));
                if added.is_empty() {
                    Ok((new, None))
                } else {
                    Err(EditError::Invalid {
                        edit: super::describe(edits),
                        origin: S::origin(&e).to_string(),
                        diagnostics: added,
                    })
                }
            }
        }
    }

    /// Apply edits (all or none). Edits of the same `field` in quick succession are one undo
    /// step.
    pub fn apply(&mut self, edits: &[Edit], field: &str) -> Result<(), EditError> {
        let (new, _) = self.preview(edits)?;
        self.set_text(new, field);
        Ok(())
    }

    /// Undo the last change; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(t) => {
                self.redo.push(std::mem::replace(&mut self.text, t));
                self.after_history();
                true
            }
            None => false,
        }
    }

    /// Redo the last undone change; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(t) => {
                self.undo.push(std::mem::replace(&mut self.text, t));
                self.after_history();
                true
            }
            None => false,
        }
    }

    fn after_history(&mut self) {
        self.last_edit = None;
        self.revision += 1;
        self.reparse();
    }
}

impl Document<ModelSchema> {
    /// A model document.
    pub fn model(text: String, origin: String) -> Document<ModelSchema> {
        Document::new(ModelSchema, text, origin)
    }

    /// The plan of the current text, when it is valid.
    pub fn plan(&self) -> Option<&Plan> {
        self.parsed()
    }

    /// The model to show: the current one, or the last valid one while the text is broken.
    pub fn shown_model(&self) -> Option<&Model> {
        self.last_good().map(Plan::model)
    }
}

impl Document<ScenarioSchema> {
    /// A scenario document; `series` is the hourly series its file names, when read.
    pub fn scenario(text: String, origin: String, series: Option<Vec<f64>>) -> Self {
        Document::new(ScenarioSchema { series }, text, origin)
    }
}
