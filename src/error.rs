//! The umbrella error of nines and how each kind maps to an exit status.

use crate::analysis::AnalysisError;
use crate::engine::EngineError;
use crate::model::ModelError;

/// Any error nines reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file (or in-memory model) is invalid.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// A run could not be carried out.
    #[error("{0}")]
    Engine(#[from] EngineError),
    /// Exact analysis is not possible for this model.
    #[error("{0}")]
    Analysis(#[from] AnalysisError),
    /// Bad command-line input or other user input (message says what is allowed).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl Error {
    /// Exit status: 2 for bad input (arguments, model files), 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Model(_) | Error::Usage(_) => 2,
            Error::Engine(EngineError::InvalidConfig(_)) => 2,
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => 2,
            Error::Engine(EngineError::Cancelled) | Error::Analysis(_) | Error::Io { .. } => 1,
        }
    }
}
