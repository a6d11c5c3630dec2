//! The only module that touches files: reading model files and writing outputs atomically.

use crate::engine::Plan;
use crate::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Largest model file read (bytes).
pub const MAX_MODEL_BYTES: u64 = 16 * 1024 * 1024;

/// Read and validate a model file.
pub fn read_plan(path: &Path) -> Result<Plan, Error> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    if meta.is_dir() {
        return Err(Error::Usage(format!(
            "{shown}: is a folder, not a model file"
        )));
    }
    if meta.len() > MAX_MODEL_BYTES {
        return Err(Error::Usage(format!(
            "{shown}: the file is {} bytes; model files may be at most {MAX_MODEL_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    Ok(crate::load::plan_from_bytes(&bytes, &shown)?)
}

/// Read a scenario file, and the hourly series it names (relative to the scenario's folder).
pub fn read_scenario(path: &Path) -> Result<crate::scenario::Scenario, Error> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let sc = crate::scenario::parse_scenario(&text, &shown)?;
    match sc.series_csv.clone() {
        Some(name) => {
            let csv_path = path.parent().unwrap_or(Path::new(".")).join(&name);
            let shown_csv = csv_path.display().to_string();
            let text = std::fs::read_to_string(&csv_path).map_err(|source| Error::Io {
                path: shown_csv.clone(),
                source,
            })?;
            let series = crate::scenario::parse_series_csv(&text, &shown_csv)?;
            Ok(sc.with_series(series))
        }
        None => Ok(sc),
    }
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
    pub fn create(target: &Path) -> Result<AtomicFile, Error> {
        let name = target
            .file_name()
            .ok_or_else(|| Error::Usage(format!("{}: not a file name", target.display())))?;
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if target.is_dir() {
            return Err(Error::Usage(format!(
                "{}: is a folder; give a file name",
                target.display()
            )));
        }
        let temp = dir.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp)
            .map_err(|e| Error::Usage(format!("{}: cannot write here: {e}", target.display())))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The writer for the contents.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer
            .as_mut()
            .expect("writer is present until commit")
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> Result<(), Error> {
        let shown = self.target.display().to_string();
        let io = |source| Error::Io {
            path: shown.clone(),
            source,
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
) -> Result<(), Error> {
    let mut f = AtomicFile::create(target)?;
    fill(f.writer()).map_err(|source| Error::Io {
        path: target.display().to_string(),
        source,
    })?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_file_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("nines-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
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
}
