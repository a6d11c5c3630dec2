//! Starting the workbench: the native window, persistence, dialogs and start-up options.

use super::state::{Settings, Tab};
use super::{App, Command, FileDialogs};
use crate::error::{Error, IoError, IoProblem};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub(crate) struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_folder(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export report into folder")
            .pick_folder()
    }
    fn open_model(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("nines model", &["toml"])
            .pick_file()
    }
    fn save_as(&self, name: &str, ext: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(ext, &[ext])
            .save_file()
    }
    fn open_file(&self, what: &str, ext: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(format!("Open {what}"))
            .add_filter(what, &[ext])
            .pick_file()
    }
}

/// Arguments of `nines gui`.
#[derive(Debug, Clone, clap::Args)]
pub struct GuiArgs {
    /// A model file to open.
    pub model: Option<PathBuf>,
    /// The view to show first.
    #[arg(long, value_enum)]
    pub view: Option<Tab>,
    /// Run the model at once (in the Sensitivity and Optimise views, also their task).
    #[arg(long)]
    pub run: bool,
    /// Another design (model file) to run and pin beside it in Compare; repeatable.
    #[arg(long, value_name = "MODEL")]
    pub compare: Vec<PathBuf>,
    /// Select a table by name (opens its editor): a component, group, service, common
    /// cause, zone, region or SLA.
    #[arg(long, value_name = "NAME")]
    pub select: Option<String>,
    /// An options file for the Tradeoffs view (default: the built-in retail options).
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
    /// Toggle this option on in the Tradeoffs view; repeatable.
    #[arg(long = "option", value_name = "NAME")]
    pub option: Vec<String>,
    /// Append one CSV row per frame to PATH: `frame,ui_ms,cpu_ms` (the time to build the
    /// frame's UI, and eframe's CPU time for the whole frame, painting included).
    #[arg(long, value_name = "PATH")]
    pub frame_times: Option<PathBuf>,
}

impl From<GuiArgs> for Startup {
    fn from(a: GuiArgs) -> Startup {
        Startup {
            model: a.model,
            view: a.view,
            run: a.run,
            compare: a.compare,
            select: a.select,
            options: a.options,
            toggle: a.option,
            frame_times: a.frame_times,
        }
    }
}

/// What the workbench does when it starts (`nines gui` options).
#[derive(Debug, Clone, Default)]
pub struct Startup {
    /// The model file to open (the built-in model when `None`).
    pub model: Option<PathBuf>,
    /// The view to show first.
    pub view: Option<Tab>,
    /// Run the model at once.
    pub run: bool,
    /// Other designs to run and pin beside it for comparison.
    pub compare: Vec<PathBuf>,
    /// Select this component, group or service in the diagram (opens its editor).
    pub select: Option<String>,
    /// The Tradeoffs view's options file (the built-in retail options when `None`).
    pub options: Option<PathBuf>,
    /// Options toggled on in the Tradeoffs view, by name.
    pub toggle: Vec<String>,
    /// Write each frame's times to this CSV file (`--frame-times`).
    pub frame_times: Option<PathBuf>,
}

impl App {
    /// Apply start-up options (open, pin queue, first view, first run).
    pub fn start_with(&mut self, s: &Startup) {
        if let Some(v) = s.view {
            self.settings.tab = v;
        }
        if let Some(name) = &s.select {
            self.select_name(name);
        }
        if !s.compare.is_empty() {
            self.pin_main = true;
            self.pin_queue = s.compare.clone();
        }
        if s.run || !s.compare.is_empty() {
            self.command(Command::Run);
        }
        if let Some(p) = &s.options {
            self.open_options(p);
        }
        for name in &s.toggle {
            match self.tradeoffs.options.as_ref().map(|o| o.index_of(name)) {
                Ok(Ok(i)) => self.toggle_option(i, true),
                Ok(Err(e)) => self.status = Some(super::Status::error(format!("--option: {e}"))),
                Err(_) => {}
            }
        }
        match (s.run, s.view) {
            (true, Some(Tab::Sensitivity)) => self.command(Command::RunSensitivity),
            (true, Some(Tab::Optimise)) => self.command(Command::RunOptimise),
            _ => {}
        }
    }

    /// Persist settings through eframe's storage.
    fn save_settings(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// The CSV header of `--frame-times`.
const FRAME_TIMES_HEADER: &str = "frame,ui_ms,cpu_ms";

/// Flush `--frame-times` every this many frames (and on exit).
const FRAME_TIMES_FLUSH_EVERY: u64 = 60;

/// One `--frame-times` row: the frame's number (from 1), the time to build its UI, and
/// eframe's CPU time for it in ms (empty when unknown).
fn frame_times_row(frame: u64, ui_ms: f64, cpu_ms: Option<f32>) -> String {
    match cpu_ms {
        Some(c) => format!("{frame},{ui_ms:.3},{c:.3}"),
        None => format!("{frame},{ui_ms:.3},"),
    }
}

/// `--frame-times`: the CSV of frame times, buffered, owned by the window wrapper. eframe
/// reports a frame's CPU time in the next frame, so each row is written one frame late, with
/// the CPU time of its own frame; the last row has none.
struct FrameTimes<W: Write> {
    out: W,
    /// The path, for the message when writing fails.
    shown: String,
    /// The last frame's number and UI time, waiting for its CPU time.
    pending: Option<(u64, f64)>,
    frames: u64,
    failed: bool,
}

impl FrameTimes<BufWriter<std::fs::File>> {
    /// Create (or truncate) the file and write the header; a path that cannot be written is
    /// bad input (exit 2), reported before the window opens.
    fn create(path: &Path) -> Result<Self, Error> {
        let shown = path.display().to_string();
        let problem = |e: std::io::Error| {
            let problem = if path.is_dir() {
                IoProblem::IsFolder
            } else {
                IoProblem::CannotWrite(e)
            };
            let e = IoError {
                path: shown.clone(),
                problem,
            };
            Error::Usage(format!("--frame-times: {e}"))
        };
        let file = std::fs::File::create(path).map_err(problem)?;
        let mut t = FrameTimes::new(BufWriter::new(file), shown.clone());
        writeln!(t.out, "{FRAME_TIMES_HEADER}")
            .and_then(|()| t.out.flush())
            .map_err(problem)?;
        Ok(t)
    }
}

impl<W: Write> FrameTimes<W> {
    fn new(out: W, shown: String) -> Self {
        FrameTimes {
            out,
            shown,
            pending: None,
            frames: 0,
            failed: false,
        }
    }

    /// A frame was built in `ui_ms`; `prev_cpu_ms` is eframe's CPU time of the frame before.
    fn record(&mut self, ui_ms: f64, prev_cpu_ms: Option<f32>) {
        if let Some((n, ms)) = self.pending.take() {
            self.write_row(n, ms, prev_cpu_ms);
        }
        self.frames += 1;
        self.pending = Some((self.frames, ui_ms));
        if self.frames.is_multiple_of(FRAME_TIMES_FLUSH_EVERY) {
            self.flush();
        }
    }

    fn write_row(&mut self, frame: u64, ui_ms: f64, cpu_ms: Option<f32>) {
        if self.failed {
            return;
        }
        if let Err(e) = writeln!(self.out, "{}", frame_times_row(frame, ui_ms, cpu_ms)) {
            self.fail(e);
        }
    }

    /// Write the last frame (its CPU time unknown) and flush.
    fn finish(&mut self) {
        if let Some((n, ms)) = self.pending.take() {
            self.write_row(n, ms, None);
        }
        self.flush();
    }

    fn flush(&mut self) {
        if !self.failed
            && let Err(e) = self.out.flush()
        {
            self.fail(e);
        }
    }

    /// The window stays open; the measurement stops, once, with the reason on stderr.
    fn fail(&mut self, e: std::io::Error) {
        self.failed = true;
        eprintln!("nines: --frame-times {}: writing stopped: {e}", self.shown);
    }
}

/// The eframe wrapper (window, persistence) around [`App`].
pub struct WorkbenchApp(pub App);

impl eframe::App for WorkbenchApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.0.tick(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.0.frame_cpu_ms = frame.info().cpu_usage.map(|s| s * 1e3);
        self.0.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.0.save_settings(storage);
    }
}

/// [`WorkbenchApp`] writing `--frame-times`.
struct Measured {
    inner: WorkbenchApp,
    times: FrameTimes<BufWriter<std::fs::File>>,
}

impl eframe::App for Measured {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        self.inner.logic(ctx, frame);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.inner.ui(ui, frame);
        let app = &self.inner.0;
        self.times.record(app.frame_ms.0, app.frame_cpu_ms);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.inner.save(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.times.finish();
    }
}

impl Drop for Measured {
    fn drop(&mut self) {
        // In case eframe ends without on_exit; a second finish writes nothing more.
        self.times.finish();
    }
}

/// Open the workbench on `model`, or on the built-in retail reference model.
pub fn launch(startup: Startup) -> Result<(), Error> {
    for p in startup.model.iter().chain(&startup.compare) {
        // The same checks (and messages) as every other file nines reads.
        crate::io::read_model_text(p)?;
    }
    // Bad options files and unknown option names stop here (exit 2), as in `nines compare`.
    let options = match &startup.options {
        Some(p) => crate::decide::parse_options(
            &crate::io::read_text(p, crate::io::MAX_MODEL_BYTES)?,
            &p.display().to_string(),
        )?,
        None => crate::decide::parse_options(
            super::tradeoffs::DEFAULT_OPTIONS,
            super::tradeoffs::BUILTIN_OPTIONS_TITLE,
        )?,
    };
    for name in &startup.toggle {
        options
            .index_of(name)
            .map_err(|e| Error::Usage(format!("--option: {e}")))?;
    }
    // A path that cannot be written stops here (exit 2), before the window opens.
    let frame_times = match &startup.frame_times {
        Some(p) => Some(FrameTimes::create(p)?),
        None => None,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("nines")
            .with_app_id("nines")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "nines",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let mut app = App::with(settings, startup.model.as_deref(), Box::new(NativeDialogs));
            // Unsaved edits are journaled beside the settings (and offered back after a crash).
            if let Some(dir) = eframe::storage_dir("nines") {
                app = app.with_recovery(dir);
            }
            app.start_with(&startup);
            let inner = WorkbenchApp(app);
            Ok(match frame_times {
                Some(times) => Box::new(Measured { inner, times }) as Box<dyn eframe::App>,
                None => Box::new(inner),
            })
        }),
    )
    .map_err(|e| Error::Window(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_times_rows_carry_each_frames_own_cpu_time() {
        let mut t = FrameTimes::new(Vec::new(), "t.csv".into());
        t.record(1.5, None);
        t.record(2.25, Some(9.0));
        t.record(0.1234, Some(4.5));
        t.finish();
        t.finish();
        assert_eq!(
            String::from_utf8(t.out).expect("UTF-8"),
            "1,1.500,9.000\n2,2.250,4.500\n3,0.123,\n"
        );
        assert_eq!(frame_times_row(7, 0.0, None), "7,0.000,");
    }

    #[test]
    fn frame_times_to_a_path_that_cannot_be_written_is_bad_input() {
        let dir = std::env::temp_dir();
        for p in [dir.join("nines-no-such-folder/frames.csv"), dir.clone()] {
            let Err(e) = FrameTimes::create(&p) else {
                panic!("{} accepted", p.display());
            };
            assert_eq!(e.exit_code(), 2);
            let text = e.to_string();
            assert!(text.starts_with("--frame-times: "), "{text}");
            assert!(text.contains(&p.display().to_string()), "{text}");
        }
    }
}
