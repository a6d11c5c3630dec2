//! The only module that touches files: reading model, scenario and other input files (one
//! size limit per kind, one UTF-8 message, each file read once) and writing outputs
//! atomically, so a failed run never leaves a half-written file.

use crate::engine::Plan;
use crate::error::{Error, IoError, IoProblem};
use crate::model::Diagnostic;
use crate::scenario::{Scenario, ScenarioError};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Largest model, scenario, options or survey file read (bytes).
pub const MAX_MODEL_BYTES: u64 = 16 * 1024 * 1024;
/// Largest hourly series CSV read (bytes): 1,000 years of hourly rows fit.
pub const MAX_SERIES_BYTES: u64 = 256 * 1024 * 1024;

/// Read a whole text file of at most `limit` bytes, checking that it is UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, IoError> {
    let shown = path.display().to_string();
    let err = |problem| IoError {
        path: shown.clone(),
        problem,
    };
    let file = File::open(path).map_err(|e| IoError::reading(&shown, e))?;
    let meta = file.metadata().map_err(|e| IoError::reading(&shown, e))?;
    if meta.is_dir() {
        return Err(err(IoProblem::IsFolder));
    }
    if meta.len() > limit {
        return Err(err(IoProblem::TooLarge {
            bytes: meta.len(),
            limit,
        }));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most limit + 1 bytes: a file that grows while read is still refused.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IoError::reading(&shown, e))?;
    if bytes.len() as u64 > limit {
        return Err(err(IoProblem::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        }));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let column = good.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
        err(IoProblem::NotText { line, column })
    })
}

/// Largest partial result file read (bytes): the model, scenario and series texts plus the
/// fold nodes of a shard fit many times over.
pub const MAX_PARTIAL_BYTES: u64 = 64 * 1024 * 1024;

/// Read a shard's partial result (`nines simulate --shard`), refusing files over
/// [`MAX_PARTIAL_BYTES`] and anything that is not a partial, with the file named.
pub fn read_partial(path: &Path) -> Result<crate::engine::Partial, Error> {
    let shown = path.display().to_string();
    let text = read_text(path, MAX_PARTIAL_BYTES)?;
    crate::load::partial_from_str(&text)
        .map_err(|e| Error::Usage(format!("{shown}: not a usable nines partial result: {e}")))
}

/// A part file of either kind: a shard of a run or of a sweep.
#[derive(Debug)]
pub enum PartFile {
    /// `nines simulate --shard` (format `nines-partial`).
    Run(Box<crate::engine::Partial>),
    /// `nines sweep --shard` (format `nines-sweep-part`).
    Sweep(Box<crate::decide::sweep_part::SweepPart>),
}

/// Read a part file of either kind (told apart by its `format`), with the limits and
/// messages of [`read_partial`].
pub fn read_part(path: &Path) -> Result<PartFile, Error> {
    let shown = path.display().to_string();
    let text = read_text(path, MAX_PARTIAL_BYTES)?;
    if crate::decide::sweep_part::is_sweep_part(&text) {
        return crate::decide::sweep_part::sweep_part_from_str(&text)
            .map(|p| PartFile::Sweep(Box::new(p)))
            .map_err(|e| Error::Usage(format!("{shown}: not a usable nines sweep part: {e}")));
    }
    crate::load::partial_from_str(&text)
        .map(|p| PartFile::Run(Box::new(p)))
        .map_err(|e| Error::Usage(format!("{shown}: not a usable nines partial result: {e}")))
}

/// Write a partial result atomically.
pub fn write_partial(path: &Path, part: &crate::engine::Partial) -> Result<(), Error> {
    write_atomic(path, |w| {
        serde_json::to_writer(&mut *w, part).map_err(std::io::Error::other)?;
        writeln!(w)
    })?;
    Ok(())
}

/// Read a model file's text.
pub fn read_model_text(path: &Path) -> Result<String, IoError> {
    read_text(path, MAX_MODEL_BYTES)
}

/// Read and validate a model file.
pub fn read_plan(path: &Path) -> Result<Plan, Error> {
    let text = read_model_text(path)?;
    Ok(crate::load::plan_from_str(
        &text,
        &path.display().to_string(),
    )?)
}

/// A scenario file as read: its text (for editing with comments kept), the scenario, and the
/// hourly series its `series_csv` names (already attached to the scenario).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The file's text.
    pub text: String,
    /// The parsed scenario, with its series attached.
    pub scenario: Scenario,
    /// The series named by `series_csv`, when there is one.
    pub series: Option<Vec<f64>>,
}

/// Read a scenario file, and the hourly series it names (relative to the scenario's folder).
pub fn read_scenario_file(path: &Path) -> Result<ScenarioFile, Error> {
    let shown = path.display().to_string();
    let text = read_text(path, MAX_MODEL_BYTES)?;
    let sc = crate::scenario::parse_scenario(&text, &shown)?;
    let Some(name) = sc.series_csv.clone() else {
        return Ok(ScenarioFile {
            text,
            scenario: sc,
            series: None,
        });
    };
    let csv_path = path.parent().unwrap_or(Path::new(".")).join(&name);
    let resolved = std::path::absolute(&csv_path).unwrap_or_else(|_| csv_path.clone());
    let csv_text = read_text(&csv_path, MAX_SERIES_BYTES).map_err(|e| {
        // Name the scenario line that asked for the series and where it was looked for.
        ScenarioError {
            origin: shown.clone(),
            diagnostics: vec![Diagnostic {
                pos: sc.series_csv_at,
                key: "scenario.series_csv".into(),
                message: format!(
                    "cannot read the hourly series `{name}` (looked for {}, beside the scenario file): {}",
                    resolved.display(),
                    problem_text(&e)
                ),
            }],
        }
    })?;
    let series = crate::scenario::parse_series_csv(&csv_text, &csv_path.display().to_string())?;
    Ok(ScenarioFile {
        text,
        scenario: sc.with_series(series.clone()),
        series: Some(series),
    })
}

fn problem_text(e: &IoError) -> String {
    let full = e.to_string();
    full.strip_prefix(&format!("{}: ", e.path))
        .unwrap_or(&full)
        .to_string()
}

/// Read a scenario file with its hourly series attached.
pub fn read_scenario(path: &Path) -> Result<Scenario, Error> {
    Ok(read_scenario_file(path)?.scenario)
}

/// A file written under a temporary name and renamed into place only by [`AtomicFile::commit`];
/// dropped without commit, it leaves nothing behind.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Create the temporary file beside `target`. Fails (as bad input) when the folder does
    /// not exist or cannot be written.
    pub fn create(target: &Path) -> Result<AtomicFile, IoError> {
        let shown = target.display().to_string();
        let cannot = |e: std::io::Error| IoError {
            path: shown.clone(),
            problem: IoProblem::CannotWrite(e),
        };
        let name = target.file_name().ok_or_else(|| {
            cannot(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a file name",
            ))
        })?;
        if target.is_dir() {
            return Err(IoError {
                path: shown.clone(),
                problem: IoProblem::IsFolder,
            });
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp = dir.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp).map_err(cannot)?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The writer for the contents (`None` only after commit, which consumes the file).
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer
            .as_mut()
            .expect("writer is present until commit")
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> Result<(), IoError> {
        let shown = self.target.display().to_string();
        let io = |e| IoError {
            path: shown.clone(),
            problem: IoProblem::Other(e),
        };
        if let Some(w) = self.writer.take() {
            let f = w.into_inner().map_err(|e| io(e.into_error()))?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&self.temp, &self.target).map_err(io)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Write a whole file atomically with `fill`.
pub fn write_atomic(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), IoError> {
    let mut f = AtomicFile::create(target)?;
    fill(f.writer()).map_err(|e| IoError {
        path: target.display().to_string(),
        problem: IoProblem::Other(e),
    })?;
    f.commit()
}

/// Remove a file; a file that is already gone is not an error.
pub fn remove_file(path: &Path) -> Result<(), IoError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(IoError {
            path: path.display().to_string(),
            problem: IoProblem::Other(e),
        }),
    }
}

/// Create a folder and its parents (for outputs such as a report folder).
pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    std::fs::create_dir_all(path).map_err(|e| IoError {
        path: path.display().to_string(),
        problem: IoProblem::CannotWrite(e),
    })
}

/// Width and height in pixels of a report's PNG charts (the SVGs have the same size).
pub const REPORT_CHART_SIZE: (u32, u32) = (960, 520);

/// Write a report into `dir` (created if missing): every chart as PNG and SVG, then
/// `index.html` last, each file written whole or not at all. Returns the files written.
pub fn write_report(
    dir: &Path,
    report: &crate::report::document::Report,
) -> Result<Vec<PathBuf>, Error> {
    use crate::report::render;
    create_dir_all(dir)?;
    let (w, h) = REPORT_CHART_SIZE;
    let mut written = Vec::new();
    for (stem, chart) in &report.charts {
        let bad = |e: render::RenderError| Error::Internal(format!("chart {stem}: {}", e.0));
        let png = render::png(chart, w, h).map_err(bad)?;
        let svg = render::svg(chart, w, h).map_err(bad)?;
        let p = dir.join(format!("{stem}.png"));
        write_atomic(&p, |f| f.write_all(&png))?;
        written.push(p);
        let p = dir.join(format!("{stem}.svg"));
        write_atomic(&p, |f| f.write_all(svg.as_bytes()))?;
        written.push(p);
    }
    let html = report.page.to_html();
    let p = dir.join("index.html");
    write_atomic(&p, |f| f.write_all(html.as_bytes()))?;
    written.push(p);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nines-io-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn uncommitted_file_leaves_nothing() {
        let dir = temp("atomic");
        let target = dir.join("out.csv");
        {
            let mut f = AtomicFile::create(&target).expect("create");
            f.writer().write_all(b"half").expect("write");
        }
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 0);
        write_atomic(&target, |w| w.write_all(b"whole")).expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"whole");
        std::fs::remove_dir_all(&dir).expect("clean");
    }

    #[test]
    fn reading_refuses_folders_big_files_and_binary() {
        let dir = temp("read");
        let e = read_text(&dir, 10).expect_err("folder");
        assert!(matches!(e.problem, IoProblem::IsFolder), "{e}");
        let big = dir.join("big.toml");
        std::fs::write(&big, "x".repeat(11)).expect("write");
        let e = read_text(&big, 10).expect_err("too big");
        assert!(e.to_string().contains("at most 10 bytes"), "{e}");
        let bin = dir.join("bin.toml");
        std::fs::write(&bin, b"ok\nab\xff").expect("write");
        let e = read_text(&bin, 100).expect_err("binary");
        assert!(
            e.to_string()
                .contains("bin.toml:2:3: the file is not UTF-8"),
            "{e}"
        );
        let e = read_text(&dir.join("none.toml"), 100).expect_err("missing");
        assert!(
            e.is_bad_input() && e.to_string().ends_with("no such file"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).expect("clean");
    }

    #[test]
    fn a_missing_series_names_the_scenario_line_and_where_it_looked() {
        let dir = temp("series");
        let sc = dir.join("s.toml");
        std::fs::write(
            &sc,
            "[scenario]\nname = \"s\"\naverage_rps = 10\nseries_csv = \"nope.csv\"\n",
        )
        .expect("write");
        let e = read_scenario(&sc).expect_err("missing series").to_string();
        assert!(
            e.contains("s.toml:4:1: scenario.series_csv: cannot read the hourly series `nope.csv`")
                && e.contains(&dir.join("nope.csv").display().to_string())
                && e.ends_with("no such file"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).expect("clean");
    }
}
