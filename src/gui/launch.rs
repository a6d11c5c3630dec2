//! Starting the workbench: the native window, persistence, dialogs and start-up options.

use super::state::{Settings, Tab};
use super::{App, Command, FileDialogs};
use crate::error::Error;
use std::path::PathBuf;

pub(crate) struct NativeDialogs;

impl FileDialogs for NativeDialogs {
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
}

impl App {
    /// Apply start-up options (open, pin queue, first view, first run).
    pub fn start_with(&mut self, s: &Startup) {
        if let Some(v) = s.view {
            self.settings.tab = v;
        }
        if let (Some(name), Some(m)) = (&s.select, self.doc.model()) {
            use super::edit::Kind;
            self.selected = m
                .components
                .iter()
                .position(|c| &c.name == name)
                .map(|i| (Kind::Component, i))
                .or_else(|| {
                    m.groups
                        .iter()
                        .position(|g| &g.name == name)
                        .map(|i| (Kind::Group, i))
                })
                .or_else(|| {
                    m.services
                        .iter()
                        .position(|x| &x.name == name)
                        .map(|i| (Kind::Service, i))
                });
        }
        if !s.compare.is_empty() {
            self.pin_main = true;
            self.pin_queue = s.compare.clone();
        }
        if s.run || !s.compare.is_empty() {
            self.command(Command::Run);
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
        if !p.is_file() {
            return Err(Error::Usage(format!("{}: no such file", p.display())));
        }
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
            app.start_with(&startup);
            Ok(Box::new(WorkbenchApp(app)))
        }),
    )
    .map_err(|e| Error::Usage(format!("cannot open a window: {e}")))
}
