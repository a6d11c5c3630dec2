//! The shipped example files, compiled into the binary (File → Examples works from any
//! folder): every model in `models/` and every load scenario in `scenarios/`.

/// One shipped file: its path in the repository and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Path in the repository (`models/r2-checkout.toml`), also its name in menus.
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
}

impl Example {
    /// The file name (`r2-checkout.toml`).
    pub fn file_name(&self) -> &'static str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }

    /// The title of a document opened from it.
    pub fn title(&self) -> String {
        format!("{} (example)", self.file_name())
    }
}

macro_rules! example {
    ($path:literal) => {
        Example {
            path: $path,
            text: include_str!(concat!("../../", $path)),
        }
    };
}

/// Every shipped model: the validation models with exact answers, then the retail ones.
pub const MODELS: [Example; 8] = [
    example!("models/r1-single.toml"),
    example!("models/r2-checkout.toml"),
    example!("models/r3-twenty-tiers.toml"),
    example!("models/r4-shared-db.toml"),
    example!("models/r5-weibull-lognormal.toml"),
    example!("models/r6-payment-group.toml"),
    example!("models/retail-reference.toml"),
    example!("models/retail-multi-cdn.toml"),
];

/// Every shipped load scenario.
pub const SCENARIOS: [Example; 2] = [
    example!("scenarios/normal-year.toml"),
    example!("scenarios/peak-season.toml"),
];

/// The shipped model or scenario at `path`.
pub fn find(path: &str) -> Option<&'static Example> {
    MODELS
        .iter()
        .chain(SCENARIOS.iter())
        .find(|e| e.path == path)
}
