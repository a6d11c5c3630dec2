//! Crash-proof edits: the unsaved text of the open model and scenario is journaled to a
//! recovery file beside the settings, written atomically through [`crate::io`] at most about
//! a second after an edit. A start that finds the file (after a crash or `kill -9`) offers to
//! restore it; saving or discarding the edits removes it.

use super::command::{RecoveryAnswer, Status};
use super::files::file_name;
use super::{App, BUILTIN_MODEL_TITLE, BUILTIN_SCENARIO_TITLE, DEFAULT_MODEL, DEFAULT_SCENARIO};
use crate::edit::Document;
use crate::error::{IoError, IoProblem};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The recovery file's name, in the settings folder.
pub const JOURNAL_FILE: &str = "recovery.json";
/// How long after the first unjournaled edit the journal is written.
pub const JOURNAL_DELAY: Duration = Duration::from_millis(500);
/// Largest recovery file read: two documents of the largest size a model may have.
const JOURNAL_LIMIT: u64 = 2 * crate::io::MAX_MODEL_BYTES + 64 * 1024;

/// One document's unsaved text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournaledDoc {
    /// The file it was opened from (`None`: the built-in one).
    pub path: Option<PathBuf>,
    /// Its title ("mine.toml", "retail-reference.toml (built in)").
    pub title: String,
    /// The unsaved text.
    pub text: String,
}

/// The recovery file's contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// When it was written, in seconds since 1970 (UTC).
    pub written_unix_seconds: u64,
    /// The model's unsaved text, when it had any.
    pub model: Option<JournaledDoc>,
    /// The scenario's unsaved text, when it had any.
    pub scenario: Option<JournaledDoc>,
}

/// Journal revision key: which documents, at which revisions.
type Key = ((u64, u64), (u64, u64));

/// The recovery file of one workbench and what was last written to it.
#[derive(Debug)]
pub struct Recovery {
    dir: PathBuf,
    written: Option<Key>,
    changed_at: Option<Instant>,
    on_disk: bool,
}

impl Recovery {
    /// The journal in folder `dir` (created when first written).
    pub fn new(dir: PathBuf) -> Recovery {
        Recovery {
            dir,
            written: None,
            changed_at: None,
            on_disk: false,
        }
    }

    /// The recovery file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    /// Read the recovery file; `None` when there is none.
    pub fn read(&mut self) -> Result<Option<Journal>, String> {
        let path = self.path();
        match crate::io::read_text(&path, JOURNAL_LIMIT) {
            Ok(text) => {
                self.on_disk = true;
                serde_json::from_str(&text)
                    .map(Some)
                    .map_err(|e| format!("{}: not a recovery file: {e}", path.display()))
            }
            Err(IoError {
                problem: IoProblem::NotFound,
                ..
            }) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn write(&mut self, j: &Journal) -> Result<(), IoError> {
        crate::io::create_dir_all(&self.dir)?;
        let bytes = serde_json::to_vec(j).unwrap_or_default();
        crate::io::write_atomic(&self.path(), |w| w.write_all(&bytes))?;
        self.on_disk = true;
        Ok(())
    }

    /// Remove the recovery file (nothing is left to recover).
    pub fn remove(&mut self) -> Result<(), IoError> {
        self.written = None;
        self.changed_at = None;
        if self.on_disk {
            crate::io::remove_file(&self.path())?;
            self.on_disk = false;
        }
        Ok(())
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A moment as "2026-11-27 14:03 UTC".
pub fn utc_text(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// How long ago, in words ("just now", "5 minutes ago", "3 days ago").
pub fn ago_text(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..60 => return "just now".into(),
        60..3600 => (seconds / 60, "minute"),
        3600..86_400 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{} ago", crate::text::count(n as usize, unit))
}

impl Journal {
    /// What the recovery prompt says: which files and when.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        let at = self.written_unix_seconds;
        out.push(format!(
            "nines did not close normally. Unsaved edits were kept at {} ({}):",
            utc_text(at),
            ago_text(now_unix().saturating_sub(at))
        ));
        let shown = |d: &JournaledDoc| match &d.path {
            Some(p) => p.display().to_string(),
            None => d.title.clone(),
        };
        if let Some(m) = &self.model {
            out.push(format!("• the model {}", shown(m)));
        }
        if let Some(s) = &self.scenario {
            out.push(format!("• the load scenario {}", shown(s)));
        }
        out
    }
}

impl App {
    /// Journal unsaved edits in folder `dir` (the settings folder), and offer to restore the
    /// edits a previous session left there.
    pub fn with_recovery(mut self, dir: PathBuf) -> App {
        let mut r = Recovery::new(dir);
        match r.read() {
            Ok(found) => self.recovered = found,
            Err(e) => self.status = Some(Status::error(e)),
        }
        self.recovery = Some(r);
        self
    }

    /// Edits a previous session left, waiting for an answer.
    pub fn recovered(&self) -> Option<&Journal> {
        self.recovered.as_ref()
    }

    /// Write the journal when there are unjournaled edits older than [`JOURNAL_DELAY`]; remove
    /// it when nothing is unsaved.
    pub(super) fn journal_tick(&mut self, ctx: &egui::Context) {
        if self.recovered.is_some() || self.allow_close {
            return; // keep the old file until the prompt is answered; quitting discards
        }
        let key = (self.model_key(), self.scenario_key());
        let Some(r) = &mut self.recovery else { return };
        let (model, scenario) = (self.doc.is_dirty(), self.scenario.is_dirty());
        if !model && !scenario {
            if let Err(e) = r.remove() {
                self.status = Some(Status::error(format!("recovery file: {e}")));
            }
            return;
        }
        if r.written == Some(key) {
            return;
        }
        let since = *r.changed_at.get_or_insert_with(Instant::now);
        let wait = JOURNAL_DELAY.saturating_sub(since.elapsed());
        if !wait.is_zero() {
            ctx.request_repaint_after(wait);
            return;
        }
        let j = Journal {
            written_unix_seconds: now_unix(),
            model: model.then(|| JournaledDoc {
                path: self.model_path.clone(),
                title: self.model_title.clone(),
                text: self.doc.text().to_string(),
            }),
            scenario: scenario.then(|| JournaledDoc {
                path: self.settings.scenario_path.clone(),
                title: self.scenario.origin().to_string(),
                text: self.scenario.text().to_string(),
            }),
        };
        r.changed_at = None;
        r.written = Some(key);
        if let Err(e) = r.write(&j) {
            self.status = Some(Status::error(format!(
                "unsaved edits could not be journaled: {e}"
            )));
        }
    }

    /// Forget the journal (the user discarded the edits).
    pub(super) fn forget_journal(&mut self) {
        if let Some(r) = &mut self.recovery
            && let Err(e) = r.remove()
        {
            self.status = Some(Status::error(format!("recovery file: {e}")));
        }
    }

    pub(super) fn answer_recovery(&mut self, a: RecoveryAnswer) {
        let Some(j) = self.recovered.take() else {
            return;
        };
        match a {
            RecoveryAnswer::Discard => self.forget_journal(),
            RecoveryAnswer::Restore => {
                if let Some(m) = j.model {
                    self.restore_model(m);
                }
                if let Some(s) = j.scenario {
                    self.restore_scenario(s);
                }
                self.status = Some(Status::info(
                    "unsaved edits restored: save them or discard them",
                ));
            }
        }
    }

    /// Open the file the edits were made to (or the built-in model) and put the edits on top,
    /// so they show as unsaved and undo goes back to the file.
    fn restore_model(&mut self, m: JournaledDoc) {
        let (base, origin, title) = match &m.path {
            Some(p) => (
                crate::io::read_model_text(p).unwrap_or_default(),
                p.display().to_string(),
                file_name(p),
            ),
            None => (
                DEFAULT_MODEL.to_string(),
                BUILTIN_MODEL_TITLE.to_string(),
                BUILTIN_MODEL_TITLE.to_string(),
            ),
        };
        self.replace_model(Document::model(base, origin), m.path.clone(), title);
        self.doc.set_text(m.text, "recovered");
    }

    fn restore_scenario(&mut self, s: JournaledDoc) {
        let doc = match &s.path {
            Some(p) => match crate::io::read_scenario_file(p) {
                Ok(f) => Document::scenario(f.text, p.display().to_string(), f.series),
                Err(_) => Document::scenario(String::new(), p.display().to_string(), None),
            },
            None => Document::scenario(
                DEFAULT_SCENARIO.to_string(),
                BUILTIN_SCENARIO_TITLE.to_string(),
                None,
            ),
        };
        self.replace_scenario(doc, s.path.clone());
        self.scenario.set_text(s.text, "recovered");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_journal(dir: &std::path::Path) -> bool {
        dir.join(JOURNAL_FILE).is_file()
    }

    #[test]
    fn moments_and_ages_read_well() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_text(1_795_791_780), "2026-11-27 15:03 UTC");
        assert_eq!(ago_text(5), "just now");
        assert_eq!(ago_text(61), "1 minute ago");
        assert_eq!(ago_text(7300), "2 hours ago");
        assert_eq!(ago_text(3 * 86_400), "3 days ago");
    }

    #[test]
    fn a_journal_round_trips_and_is_removed() {
        let dir = std::env::temp_dir().join(format!("nines-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut r = Recovery::new(dir.clone());
        assert_eq!(r.read(), Ok(None));
        let j = Journal {
            written_unix_seconds: 1,
            model: Some(JournaledDoc {
                path: None,
                title: "t".into(),
                text: "[model]\n".into(),
            }),
            scenario: None,
        };
        r.write(&j).expect("written");
        assert!(has_journal(&dir));
        assert_eq!(Recovery::new(dir.clone()).read(), Ok(Some(j)));
        r.remove().expect("removed");
        assert!(!has_journal(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
