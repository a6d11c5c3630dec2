//! Files: opening and saving models atomically, exporting results and charts.

use super::state::Tab;
use super::{App, Document, results_view};
use std::path::{Path, PathBuf};

impl App {
    pub(super) fn open_now(&mut self, path: &Path) {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).to_string();
                let title = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                self.doc = Document::new(text, Some(path.to_path_buf()), title);
                self.settings.remember(path.to_path_buf());
                self.selected = None;
                self.last = None;
                self.field_text.clear();
                self.scope = 0;
                self.seen_revision = self.doc.revision;
                if let Some(j) = &self.job {
                    j.cancel();
                }
                match &self.doc.errors {
                    Some(e) => {
                        self.status = Some((
                            format!(
                                "{} has {} problem(s): fix them in the Text view",
                                path.display(),
                                e.diagnostics.len()
                            ),
                            true,
                        ));
                        self.settings.tab = Tab::Text;
                    }
                    None => self.status = Some((format!("opened {}", path.display()), false)),
                }
            }
            Err(e) => self.status = Some((format!("cannot open {}: {e}", path.display()), true)),
        }
    }

    pub(super) fn save_to(&mut self, path: PathBuf) {
        let text = self.doc.text().to_string();
        match crate::io::write_atomic(&path, |w| w.write_all(text.as_bytes())) {
            Ok(()) => {
                self.status = Some((format!("saved {}", path.display()), false));
                self.settings.remember(path.clone());
                self.doc.mark_saved(path);
            }
            Err(e) => self.status = Some((format!("not saved: {e}"), true)),
        }
    }

    pub(super) fn export_csv(&mut self) {
        let Some(o) = &self.last else { return };
        let results = o.results.clone();
        if let Some(p) = self.dialogs.save_as("summary.csv", "csv") {
            self.status = Some(
                match crate::io::write_atomic(&p, |w| crate::report::write_summary_csv(&results, w))
                {
                    Ok(()) => (format!("exported {}", p.display()), false),
                    Err(e) => (format!("not exported: {e}"), true),
                },
            );
        }
    }

    pub(super) fn export_chart(&mut self, id: results_view::ChartId, svg: bool) {
        if let Some(chart) = results_view::chart(id, self) {
            self.export_chart_data(&chart, id.file_stem(), svg);
        }
    }

    /// Render `chart` with plotters and save it where the user says.
    pub(super) fn export_chart_data(
        &mut self,
        chart: &crate::report::charts::Chart,
        stem: &str,
        svg: bool,
    ) {
        let ext = if svg { "svg" } else { "png" };
        let Some(p) = self.dialogs.save_as(&format!("{stem}.{ext}"), ext) else {
            return;
        };
        let bytes = if svg {
            crate::report::render::svg(chart, 900, 500).map(String::into_bytes)
        } else {
            crate::report::render::png(chart, 900, 500)
        };
        self.status = Some(match bytes {
            Ok(b) => match crate::io::write_atomic(&p, |w| w.write_all(&b)) {
                Ok(()) => (format!("exported {}", p.display()), false),
                Err(e) => (format!("not exported: {e}"), true),
            },
            Err(e) => (e.to_string(), true),
        });
    }

    /// Open a scenario file (and its hourly series); false (with a message) when it fails.
    pub(super) fn load_scenario_file(&mut self, p: &Path) -> bool {
        let read = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        match read.and_then(|text| {
            crate::io::read_scenario(p)
                .map(|sc| (text, sc))
                .map_err(|e| e.to_string())
        }) {
            Ok((text, sc)) => {
                self.scenario = Some(sc);
                self.scenario_text = text;
                self.settings.scenario_path = Some(p.to_path_buf());
                self.scenario_changed();
                true
            }
            Err(e) => {
                self.status = Some((e, true));
                false
            }
        }
    }

    /// Use the built-in peak-season scenario.
    pub(super) fn use_builtin_scenario(&mut self) {
        self.scenario =
            crate::scenario::parse_scenario(super::DEFAULT_SCENARIO, "peak-season.toml (built in)")
                .ok();
        self.scenario_text = super::DEFAULT_SCENARIO.to_string();
        self.settings.scenario_path = None;
        self.scenario_changed();
    }
}
