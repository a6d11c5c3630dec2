//! The command line's observer: a progress bar on stderr and streaming per-trial CSV rows.

use crate::engine::{Observer, Progress, TrialRecord};
use crate::report::TrialCsv;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, IsTerminal};
use std::sync::Mutex;
use std::time::Instant;

/// Shows a bar once a run has taken about a second, when stderr is a terminal.
pub(crate) struct CliObserver<'f> {
    show: bool,
    start: Instant,
    bar: Mutex<Option<ProgressBar>>,
    pub(crate) trials: Option<Mutex<TrialCsv<&'f mut BufWriter<std::fs::File>>>>,
    pub(crate) write_error: Mutex<Option<std::io::Error>>,
}

impl<'f> CliObserver<'f> {
    pub(crate) fn new(
        quiet: bool,
        trials: Option<TrialCsv<&'f mut BufWriter<std::fs::File>>>,
    ) -> Self {
        CliObserver {
            show: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: Mutex::new(None),
            trials: trials.map(Mutex::new),
            write_error: Mutex::new(None),
        }
    }

    /// The first error writing per-trial rows, if any (a poisoned lock is an internal error).
    pub(crate) fn take_write_error(&self) -> Result<Option<std::io::Error>, crate::error::Error> {
        self.write_error.lock().map(|mut e| e.take()).map_err(|_| {
            crate::error::Error::Internal("the trials CSV error slot was poisoned".into())
        })
    }

    pub(crate) fn finish(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(bar) = b.take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Observer for CliObserver<'_> {
    fn on_progress(&self, p: &Progress) {
        if !self.show || self.start.elapsed().as_secs_f64() < 1.0 {
            return;
        }
        let Ok(mut slot) = self.bar.lock() else {
            return;
        };
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::new(p.trials_total);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{bar:30}] {human_pos}/{human_len} trials  {per_sec}  ETA {eta}  {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        // Runs of a sensitivity analysis or search may learn their total as they go.
        bar.set_length(p.trials_total);
        bar.set_position(p.trials_done);
        bar.set_message(format!(
            "A = {:.7} ± {:.1e}",
            p.availability.mean, p.availability.std_error
        ));
    }

    fn on_trials(&self, rows: &[TrialRecord]) {
        let Some(t) = &self.trials else { return };
        let Ok(mut w) = t.lock() else { return };
        if let Err(e) = w.write(rows)
            && let Ok(mut slot) = self.write_error.lock()
        {
            slot.get_or_insert(e);
        }
    }

    fn should_stop(&self) -> bool {
        self.write_error.lock().map(|e| e.is_some()).unwrap_or(true)
    }
}

/// A bar counting whole runs (points, sides, candidates) on stderr, when it is a terminal.
pub(crate) fn count_bar(quiet: bool, len: u64, unit: &str) -> Option<ProgressBar> {
    (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(len);
        if let Ok(s) = ProgressStyle::with_template(&format!(
            "{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {unit}  ETA {{eta}}"
        )) {
            b.set_style(s.progress_chars("=> "));
        }
        b
    })
}
