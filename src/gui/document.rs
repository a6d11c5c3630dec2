//! The open model: its text (the source of truth), the last valid plan, its problems, and
//! undo/redo. Edits go through toml_edit so comments and key order survive.

use crate::engine::Plan;
use crate::model::{Model, ModelError, model_hash};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use toml_edit::DocumentMut;

/// Edits of the same field within this time are one undo step.
const COALESCE: Duration = Duration::from_millis(800);
/// Undo steps kept.
const UNDO_LIMIT: usize = 200;

/// One model being edited.
pub struct Document {
    /// Where it is saved, if anywhere.
    pub path: Option<PathBuf>,
    /// A name for titles: the file name or the built-in model's name.
    pub title: String,
    text: String,
    saved_text: String,
    /// The plan of the current text, when it is valid.
    pub plan: Option<Plan>,
    /// The problems of the current text, when it is not valid.
    pub errors: Option<ModelError>,
    /// The last valid model (kept while the text is being fixed).
    pub last_good: Option<Model>,
    undo: Vec<String>,
    redo: Vec<String>,
    last_edit: Option<(String, Instant)>,
    /// Bumped on every change of text.
    pub revision: u64,
}

impl Document {
    /// Open text (a file's contents or the built-in model).
    pub fn new(text: String, path: Option<PathBuf>, title: String) -> Document {
        let mut d = Document {
            path,
            title,
            saved_text: text.clone(),
            text,
            plan: None,
            errors: None,
            last_good: None,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            revision: 0,
        };
        d.reparse();
        d
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Hash of the current text (as in every CLI output).
    pub fn hash(&self) -> String {
        model_hash(self.text.as_bytes())
    }

    /// Whether the text differs from what was last opened or saved.
    pub fn is_dirty(&self) -> bool {
        self.text != self.saved_text
    }

    /// Mark the current text as saved (at `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.title = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        self.path = Some(path);
        self.saved_text = self.text.clone();
    }

    fn origin(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| self.title.clone())
    }

    fn reparse(&mut self) {
        match crate::load::plan_from_str(&self.text, &self.origin()) {
            Ok(p) => {
                self.last_good = Some(p.model().clone());
                self.plan = Some(p);
                self.errors = None;
            }
            Err(e) => {
                self.plan = None;
                self.errors = Some(e);
            }
        }
    }

    /// Replace the text. Changes of the same `field` in quick succession are one undo step.
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

    /// Apply a structured edit to the text (keeping comments). Fails without changing
    /// anything when the text is not valid TOML or the edit cannot be made.
    pub fn edit(
        &mut self,
        field: &str,
        f: impl FnOnce(&mut DocumentMut) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut doc: DocumentMut = self.text.parse().map_err(|e: toml_edit::TomlError| {
            format!("fix the TOML syntax first: {}", e.message())
        })?;
        f(&mut doc)?;
        self.set_text(doc.to_string(), field);
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

    /// Whether undo / redo would do anything.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether redo would do anything.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The model to draw: the current one, or the last valid one while the text is broken.
    pub fn model(&self) -> Option<&Model> {
        self.plan
            .as_ref()
            .map(Plan::model)
            .or(self.last_good.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::edit::{Kind, set_value};

    #[test]
    fn undo_restores_and_redo_reapplies() {
        let mut d = Document::new(
            crate::gui::DEFAULT_MODEL.to_string(),
            None,
            "default".into(),
        );
        assert!(d.plan.is_some() && !d.is_dirty());
        let before = d.text().to_string();
        d.edit("web.replicas", |doc| {
            set_value(doc, Kind::Component, 4, "replicas", Some(7.into()))
        })
        .expect("edit");
        assert!(d.is_dirty());
        assert!(d.undo());
        assert_eq!(d.text(), before);
        assert!(d.redo());
        assert_ne!(d.text(), before);
    }

    #[test]
    fn broken_text_keeps_the_last_good_model() {
        let mut d = Document::new(
            crate::gui::DEFAULT_MODEL.to_string(),
            None,
            "default".into(),
        );
        d.set_text("[model\n".into(), "text");
        assert!(d.plan.is_none() && d.errors.is_some());
        assert!(d.model().is_some());
    }
}
