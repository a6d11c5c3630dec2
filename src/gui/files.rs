//! Files, all through [`crate::io`] (the same size limits and messages as the command line,
//! each file read once): opening and saving models and scenarios atomically, exporting results
//! and charts.

use super::charts::ChartId;
use super::command::{ChartFormat, Status};
use super::state::Tab;
use super::{App, BUILTIN_MODEL_TITLE, BUILTIN_SCENARIO_TITLE, DEFAULT_MODEL, DEFAULT_SCENARIO};
use crate::edit::Document;
use std::path::{Path, PathBuf};

/// The file name of a path, for titles.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

impl App {
    /// Replace the open model (opened, built in or recovered): selection, results and form
    /// state belong to the old one.
    pub(super) fn replace_model(
        &mut self,
        doc: Document<crate::edit::ModelSchema>,
        path: Option<PathBuf>,
        title: String,
    ) {
        self.doc = doc;
        self.model_path = path;
        self.model_title = title;
        self.opened_model += 1;
        self.selected = None;
        self.last = None;
        self.views = Default::default();
        self.field_errors.clear();
        self.seen_model = self.model_key();
        if let Some(j) = &mut self.job {
            j.cancel();
        }
    }

    /// The built-in model, unedited.
    pub(super) fn open_builtin_model(&mut self) {
        let doc = Document::model(DEFAULT_MODEL.to_string(), BUILTIN_MODEL_TITLE.into());
        self.replace_model(doc, None, BUILTIN_MODEL_TITLE.into());
    }

    /// Open a shipped model or scenario (compiled in) by its path in the repository; unsaved:
    /// saving asks where.
    pub(super) fn open_example(&mut self, doc: super::DocId, path: &str) {
        let Some(e) = super::examples::find(path) else {
            self.status = Some(Status::error(format!("no shipped file {path}")));
            return;
        };
        let origin = format!("{} (example)", e.path);
        match doc {
            super::DocId::Model => {
                let d = Document::model(e.text.to_string(), origin);
                self.replace_model(d, None, e.title());
                if let Some(p) = self.doc.problems() {
                    self.status = Some(Status::error(p.to_string()));
                    return;
                }
            }
            super::DocId::Scenario => {
                let d = Document::scenario(e.text.to_string(), origin, None);
                self.replace_scenario(d, None);
            }
        }
        self.status = Some(Status::info(format!(
            "opened the example {} (save it to keep your edits)",
            e.path
        )));
    }

    pub(super) fn open_now(&mut self, path: &Path) {
        let text = match crate::io::read_model_text(path) {
            Ok(t) => t,
            Err(e) => {
                self.status = Some(Status::error(format!("cannot open: {e}")));
                return;
            }
        };
        let doc = Document::model(text, path.display().to_string());
        self.replace_model(doc, Some(path.to_path_buf()), file_name(path));
        self.settings.remember(path.to_path_buf());
        self.status = Some(match self.doc.problems() {
            Some(e) => {
                self.settings.tab = Tab::Text;
                Status::error(format!(
                    "{} has {} problem(s): fix them in the Text view",
                    path.display(),
                    e.diagnostics.len()
                ))
            }
            None => Status::info(format!("opened {}", path.display())),
        });
    }

    pub(super) fn save_to(&mut self, path: PathBuf) {
        let text = self.doc.text();
        match crate::io::write_atomic(&path, |w| w.write_all(text.as_bytes())) {
            Ok(()) => {
                self.status = Some(Status::info(format!("saved {}", path.display())));
                self.settings.remember(path.clone());
                self.doc.mark_saved(Some(path.display().to_string()));
                self.model_title = file_name(&path);
                self.model_path = Some(path);
            }
            Err(e) => self.status = Some(Status::error(format!("not saved: {e}"))),
        }
    }

    pub(super) fn export_csv(&mut self) {
        if self.last.is_none() {
            return;
        }
        let Some(p) = self.dialogs.save_as("summary.csv", "csv") else {
            return;
        };
        let Some(o) = &self.last else { return };
        let written =
            crate::io::write_atomic(&p, |w| crate::report::write_summary_csv(&o.results, w));
        self.status = Some(match written {
            Ok(()) => Status::info(format!("exported {}", p.display())),
            Err(e) => Status::error(format!("not exported: {e}")),
        });
    }

    /// Rebuild chart `id` from the current data, render it with plotters and save it where
    /// the user says.
    pub(super) fn export_chart(&mut self, id: &ChartId, format: ChartFormat) {
        if matches!(
            id,
            ChartId::LoadProfile | ChartId::Headroom | ChartId::Latency(_)
        ) {
            self.refresh_load_figures();
        }
        let Some(chart) = self.chart(id) else {
            self.status = Some(Status::error("nothing to export: the chart has no data"));
            return;
        };
        let ext = format.ext();
        let Some(p) = self
            .dialogs
            .save_as(&format!("{}.{ext}", id.file_stem()), ext)
        else {
            return;
        };
        let bytes = match format {
            ChartFormat::Svg => {
                crate::report::render::svg(&chart, 900, 500).map(String::into_bytes)
            }
            ChartFormat::Png => crate::report::render::png(&chart, 900, 500),
        };
        self.status = Some(match bytes {
            Ok(b) => match crate::io::write_atomic(&p, |w| w.write_all(&b)) {
                Ok(()) => Status::info(format!("exported {}", p.display())),
                Err(e) => Status::error(format!("not exported: {e}")),
            },
            Err(e) => Status::error(e.to_string()),
        });
    }

    /// Replace the scenario document.
    pub(super) fn replace_scenario(
        &mut self,
        doc: Document<crate::edit::ScenarioSchema>,
        path: Option<PathBuf>,
    ) {
        self.scenario = doc;
        self.settings.scenario_path = path;
        self.opened_scenario += 1;
        self.views.load.scenario = Default::default();
        self.seen_scenario = self.scenario_key();
        self.scenario_changed();
    }

    /// Open a scenario file (read once, with its hourly series); false (with a message) when
    /// it fails.
    pub(super) fn load_scenario_file(&mut self, p: &Path) -> bool {
        match crate::io::read_scenario_file(p) {
            Ok(f) => {
                let doc = Document::scenario(f.text, p.display().to_string(), f.series);
                self.replace_scenario(doc, Some(p.to_path_buf()));
                true
            }
            Err(e) => {
                self.status = Some(Status::error(e.to_string()));
                false
            }
        }
    }

    /// Use the built-in peak-season scenario.
    pub(super) fn use_builtin_scenario(&mut self) {
        let doc = Document::scenario(
            DEFAULT_SCENARIO.to_string(),
            BUILTIN_SCENARIO_TITLE.into(),
            None,
        );
        self.replace_scenario(doc, None);
    }

    /// Save the scenario's text (comments kept) at `p`.
    pub(super) fn save_scenario_to(&mut self, p: PathBuf) {
        let text = self.scenario.text();
        let written = crate::io::write_atomic(&p, |w| w.write_all(text.as_bytes()));
        self.status = Some(match written {
            Ok(()) => {
                self.scenario.mark_saved(Some(p.display().to_string()));
                self.settings.scenario_path = Some(p.clone());
                Status::info(format!("saved {}", p.display()))
            }
            Err(e) => Status::error(format!("not saved: {e}")),
        });
    }
}
