//! The umbrella error of nines, one `From` per area's own error, and how each maps to an exit
//! status (0 success, 2 bad input, 1 anything else).

use crate::analysis::AnalysisError;
use crate::decide::OptionsError;
use crate::edit::EditError;
use crate::engine::EngineError;
use crate::model::ModelError;
use crate::planner::PlanError;
use crate::scenario::ScenarioError;
use crate::survey::SurveyError;
use std::fmt;

/// What went wrong reading or writing a file.
#[derive(Debug)]
#[non_exhaustive]
pub enum IoProblem {
    /// There is no such file.
    NotFound,
    /// The path is a folder.
    IsFolder,
    /// The file is larger than this kind of file may be.
    TooLarge {
        /// Its size in bytes.
        bytes: u64,
        /// The largest allowed.
        limit: u64,
    },
    /// The file is not UTF-8 text; the first bad byte is at this line and column.
    NotText {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// The output cannot be written there (missing folder, no permission).
    CannotWrite(std::io::Error),
    /// Any other failure of the operating system.
    Other(std::io::Error),
}

/// A file could not be read or written.
#[derive(Debug)]
pub struct IoError {
    /// The file, as the user wrote it.
    pub path: String,
    /// What happened.
    pub problem: IoProblem,
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.path;
        match &self.problem {
            IoProblem::NotFound => write!(f, "{p}: no such file"),
            IoProblem::IsFolder => write!(f, "{p}: is a folder, not a file"),
            IoProblem::TooLarge { bytes, limit } => write!(
                f,
                "{p}: the file is {bytes} bytes; files of this kind may be at most {limit} bytes"
            ),
            IoProblem::NotText { line, column } => write!(
                f,
                "{p}:{line}:{column}: the file is not UTF-8 text (nines reads TOML and CSV text files)"
            ),
            IoProblem::CannotWrite(e) => write!(f, "{p}: cannot write here: {e}"),
            IoProblem::Other(e) => write!(f, "{p}: {e}"),
        }
    }
}

impl std::error::Error for IoError {}

impl IoError {
    /// Classify an operating-system error on `path` while reading.
    pub fn reading(path: &str, e: std::io::Error) -> IoError {
        let problem = match e.kind() {
            std::io::ErrorKind::NotFound => IoProblem::NotFound,
            std::io::ErrorKind::IsADirectory => IoProblem::IsFolder,
            _ => IoProblem::Other(e),
        };
        IoError {
            path: path.to_string(),
            problem,
        }
    }

    /// Whether the user gave a path that cannot be used (exit 2), rather than the system
    /// failing (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self.problem, IoProblem::Other(_))
    }
}

/// Any error nines reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A model file (or in-memory model) is invalid.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// A scenario file or the hourly series it names is invalid.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A survey or pairwise-comparison (AHP) file is invalid.
    #[error("{0}")]
    Survey(#[from] SurveyError),
    /// An edit (an option's, a sweep's) cannot be applied.
    #[error("{0}")]
    Edit(#[from] EditError),
    /// An investment options file is invalid or does not fit the model.
    #[error("{0}")]
    Options(#[from] OptionsError),
    /// Capacity planning failed.
    #[error("{0}")]
    Plan(#[from] PlanError),
    /// A run could not be carried out.
    #[error("{0}")]
    Engine(#[from] EngineError),
    /// Exact analysis is not possible for this model.
    #[error("{0}")]
    Analysis(#[from] AnalysisError),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(#[from] IoError),
    /// Bad command-line arguments or other bad user input (the message says what is allowed).
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed (a closed pipe ends quietly with exit 0).
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// The workbench window could not be opened.
    #[error("cannot open the workbench window: {0}")]
    Window(String),
    /// Something inside nines failed (a worker panicked, a lock was poisoned).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Exit status: 0 for a closed output pipe, 2 for bad input (arguments, files), 1 for
    /// anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Model(_)
            | Error::Scenario(_)
            | Error::Survey(_)
            | Error::Edit(_)
            | Error::Options(_)
            | Error::Usage(_) => 2,
            Error::Engine(e) => engine_code(e),
            Error::Plan(PlanError::Engine(e)) => engine_code(e),
            Error::Plan(_) => 2,
            Error::Io(e) if e.is_bad_input() => 2,
            Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Error::Analysis(_)
            | Error::Io(_)
            | Error::Output(_)
            | Error::Window(_)
            | Error::Internal(_) => 1,
        }
    }

    /// Whether this is the quiet end of a closed output pipe (`nines … | head`).
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

fn engine_code(e: &EngineError) -> u8 {
    match e {
        EngineError::InvalidConfig(_) => 2,
        _ => 1,
    }
}

impl From<std::io::Error> for Error {
    /// An error writing the command's output.
    fn from(e: std::io::Error) -> Self {
        Error::Output(e)
    }
}

impl From<crate::decide::CompareError> for Error {
    /// A comparison's error: models and options as themselves, sides that cannot be built or
    /// compared as bad input (exit 2), runs as engine errors.
    fn from(e: crate::decide::CompareError) -> Self {
        use crate::decide::CompareError as C;
        match e {
            C::Model(m) => Error::Model(m),
            C::Options(o) => Error::Options(o),
            C::Design(s) | C::Mismatch(s) => Error::Usage(s),
            C::Engine(e) => Error::Engine(e),
            C::Internal(s) => Error::Internal(s),
        }
    }
}
