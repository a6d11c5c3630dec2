//! Starting the workbench: the native window, persistence, dialogs and start-up options.

use super::state::{Settings, Tab};
use super::{App, Command, FileDialogs};
use crate::error::Error;
use std::path::PathBuf;

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
            Ok(Box::new(WorkbenchApp(app)))
        }),
    )
    .map_err(|e| Error::Window(e.to_string()))
}
