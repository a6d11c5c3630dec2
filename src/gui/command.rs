//! What panels, menus and shortcuts ask for ([`Command`]s, applied at the end of the frame),
//! and the small named types they carry: status messages, modal answers, setting changes.

use super::charts::ChartId;
use super::state::Tab;
use crate::edit::{Edit, Kind};
use std::path::PathBuf;

/// Which open document an edit, undo or redo applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocId {
    /// The model.
    Model,
    /// The load scenario.
    Scenario,
}

/// Where a refused edit's messages are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Beside the form field that made it (the field reads them by its id).
    Inline,
    /// In the status bar (buttons such as add and delete).
    Status,
}

/// Edits from a form: applied to a document all or none; refused edits leave the typed text in
/// the field and their messages beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct EditRequest {
    /// The document.
    pub doc: DocId,
    /// The edits, applied together.
    pub edits: Vec<Edit>,
    /// The field's id: quick edits of one field are one undo step, and a refusal's messages
    /// are kept under it.
    pub field: String,
    /// Where a refusal is shown.
    pub report: Report,
}

/// A setting changed in a panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Setting {
    /// Trials of a full run.
    Trials(u64),
    /// Trials of the quick what-if run.
    QuickTrials(u64),
    /// The seed.
    Seed(u64),
    /// Worker threads (0 = every core).
    Threads(usize),
    /// Horizon override in hours (`None`: the model's).
    Horizon(Option<f64>),
    /// Re-run after each edit.
    AutoRun(bool),
    /// Runs use the load scenario.
    UseScenario(bool),
}

/// An input of the Sensitivity or Optimise view changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DecideSetting {
    /// How far each parameter moves (0.2 = ± 20 %).
    Range(f64),
    /// Trials of each run.
    Trials(u64),
    /// The output the tornado shows.
    Output(crate::decide::tornado::Output),
    /// Most yearly spend on options, in the model currency.
    Budget(f64),
}

/// The answer to the unsaved-changes prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Do nothing.
    Cancel,
}

/// The answer to the prompt offering edits recovered after a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryAnswer {
    /// Open the recovered edits (unsaved, so they can still be saved or discarded).
    Restore,
    /// Forget them (the recovery file is removed).
    Discard,
}

/// How a chart is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// A PNG picture.
    Png,
    /// An SVG drawing.
    Svg,
}

impl ChartFormat {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// Something the user asked for; applied at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a model file (ask with a dialog when `None`), after the unsaved-changes prompt.
    Open(Option<PathBuf>),
    /// Go back to the built-in model, after the prompt.
    OpenDefault,
    /// Open a shipped model (`DocId::Model`) or scenario by its path in the repository
    /// (`models/r2-checkout.toml`, see [`super::examples`]), after the prompt.
    OpenExample(DocId, String),
    /// Save the model to its path (or ask).
    Save,
    /// Save the model under a new name.
    SaveAs,
    /// Run a full simulation now.
    Run,
    /// Stop the running simulation.
    Cancel,
    /// Undo the last edit of the current view's document (the scenario in the Load view).
    Undo,
    /// Redo in the current view's document.
    Redo,
    /// Apply form edits.
    Edit(EditRequest),
    /// Replace the model's whole text (the Text view).
    SetText(String),
    /// Select a node by kind and name (opens its editor), or none.
    Select(Option<(Kind, String)>),
    /// Change a setting.
    Set(Setting),
    /// Something the diagram of the model named first remembers changed (camera, a dragged
    /// box, collapsed groups and zones).
    Diagram(String, super::diagram::DiagramAction),
    /// Keep the current result for comparison.
    Pin,
    /// Rename a pinned result.
    RenamePin(usize, String),
    /// Remove a pinned result.
    RemovePin(usize),
    /// Export the current results as CSV.
    ExportCsv,
    /// Export a chart (rebuilt from the results and documents when applied).
    ExportChart(ChartId, ChartFormat),
    /// Quit, after the prompt.
    Quit,
    /// Show a view.
    Show(Tab),
    /// Open a scenario file (dialog), after the prompt about an edited scenario.
    OpenScenario,
    /// Use the built-in peak-season scenario, after the prompt.
    BuiltinScenario,
    /// Save the (edited) scenario under a name (dialog).
    SaveScenario,
    /// Plan capacity for a served share `target` with at most `max_overload` overloaded years.
    PlanCapacity {
        /// Share of requests to serve.
        target: f64,
        /// Largest acceptable share of years with any overload.
        max_overload: f64,
    },
    /// Stop the capacity planner.
    CancelPlanning,
    /// Run the tornado and bad-year drivers (Sensitivity view).
    RunSensitivity,
    /// Run the optimiser under the budget (Optimise view).
    RunOptimise,
    /// Stop a sensitivity, optimiser or report task.
    CancelDecision(Decision),
    /// Change an input of the Sensitivity or Optimise view.
    Decide(DecideSetting),
    /// Open an options file for the optimiser and the report (dialog when `None`).
    OptimiseOptions(Option<PathBuf>),
    /// Use the built-in retail options in the optimiser and the report.
    BuiltinOptimiseOptions,
    /// File → Export report…: ask for a folder and write the page `nines report` writes.
    ExportReport,
    /// The unsaved-changes prompt was answered.
    Answer(Answer),
    /// The recovery prompt was answered.
    Recovery(RecoveryAnswer),
    /// Open an options file (ask with a dialog when `None`) in the Tradeoffs view.
    OpenOptions(Option<PathBuf>),
    /// Use the built-in retail options.
    BuiltinOptions,
    /// Toggle an option (by index) on or off.
    ToggleOption(usize, bool),
    /// Open a survey CSV (ask with a dialog when `None`).
    OpenSurvey(Option<PathBuf>),
    /// Use the built-in seed survey.
    BuiltinSurvey,
    /// Compute the Tradeoffs comparisons again after they were stopped.
    ComputeTradeoffs,
    /// Stop computing the Tradeoffs comparisons.
    CancelTradeoffs,
}

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// For information ("saved …").
    Info,
    /// Something went wrong (shown in red).
    Error,
}

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// How serious it is.
    pub severity: Severity,
}

impl Status {
    /// An information message.
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            severity: Severity::Info,
        }
    }

    /// An error message.
    pub fn error(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            severity: Severity::Error,
        }
    }

    /// Whether it reports an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message for a background task (`what`: "run", "capacity plan") that did not finish
    /// with a result; `None` for one that did.
    pub fn for_outcome<T>(what: &str, o: &super::task::Outcome<T>) -> Option<Status> {
        use super::task::Outcome;
        match o {
            Outcome::Done(_) => None,
            Outcome::Cancelled => Some(Status::info(format!("{what} cancelled"))),
            Outcome::Failed(e) => Some(Status::error(format!("{what} failed: {e}"))),
            Outcome::Panicked(e) => Some(Status::error(format!(
                "{what} stopped by an internal error (a bug; please report it): {e}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::task::Outcome;

    #[test]
    fn task_outcomes_become_status_messages() {
        assert_eq!(Status::for_outcome("run", &Outcome::Done(1)), None);
        let s = Status::for_outcome::<()>("run", &Outcome::Cancelled).expect("message");
        assert_eq!((s.text.as_str(), s.is_error()), ("run cancelled", false));
        let s = Status::for_outcome::<()>("capacity plan", &Outcome::Panicked("boom".into()))
            .expect("message");
        assert!(s.is_error() && s.text.contains("internal error") && s.text.ends_with("boom"));
        let s =
            Status::for_outcome::<()>("run", &Outcome::Failed("no plan".into())).expect("message");
        assert_eq!(s.text, "run failed: no plan");
    }
}

/// Which decision task a command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The tornado and bad-year drivers.
    Sensitivity,
    /// The optimiser.
    Optimise,
    /// File → Export report….
    Report,
}
