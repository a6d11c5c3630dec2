//! The desktop workbench (egui/eframe).

use crate::error::Error;
use std::path::PathBuf;

/// Open the workbench on `model`, or on the built-in retail reference model.
pub fn launch(_model: Option<PathBuf>) -> Result<(), Error> {
    Err(Error::Usage(
        "the desktop workbench is not built yet".into(),
    ))
}
