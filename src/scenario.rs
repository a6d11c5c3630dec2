//! Load scenarios: offered load over the year (daily and weekly shapes, peak events, growth,
//! day-to-day noise, or an hourly series), read from scenario files.
//!
//! A scenario file is TOML text (the caller reads it; nothing here touches the filesystem):
//!
//! ```toml
//! [scenario]
//! name = "Normal year"        # required
//! description = "free text"   # optional
//! start = 2026-01-01          # TOML date of hour 0 of every trial (midnight); default 2026-01-01
//! average_rps = 400           # required, > 0: mean offered requests/s over a normal day
//! daily_shape = [ ... ]       # optional, 24 factors for hours 0..23; default DEFAULT_DAILY_SHAPE
//! weekly_shape = [ ... ]      # optional, 7 factors for Monday..Sunday; default all 1
//! growth_per_year = 0.0       # optional, in (-1, 10]: factor (1 + g)^(hour / 8760)
//! noise_sigma = 0.0           # optional, in [0, 2]: log-space sd of a day-to-day factor
//! series_csv = "load.csv"     # optional: an hourly series that replaces the computed profile
//!
//! [[peak]]                    # optional, any number (at most MAX_PEAKS)
//! name = "Black Friday"       # required
//! date = 2026-11-27           # required, a TOML date on or after `start`
//! duration_hours = 24         # optional, whole hours 1..=8760, default 24
//! multiplier = 2.7            # required, in (0, 1000]: the day's average vs a normal day's
//! intraday_peak = 1.52        # optional, in [1, 12]: busiest hour vs that day's average
//! ```
//!
//! Both shapes are normalised to mean 1, so `average_rps` is the mean of a normal week.
//! [`parse_scenario`] reports every problem at once, in the same form as the model loader
//! ([`ScenarioError`]); [`parse_series_csv`] reads the optional hourly series.
//!
//! How the load of one hour is computed is documented on [`Scenario::hourly_rps`].

mod csv;
mod parse;
#[cfg(test)]
mod tests;

pub use csv::parse_series_csv;
pub use parse::{PEAK_KEYS, SCENARIO_KEYS, parse_scenario};

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;

/// Hours in the (non-leap) year that `growth_per_year` refers to.
pub use crate::model::HOURS_PER_YEAR;
/// Most `[[peak]]` tables a scenario may have.
pub const MAX_PEAKS: usize = 10_000;
/// Longest peak, in hours (one year).
pub const MAX_PEAK_HOURS: u32 = HOURS_PER_YEAR as u32;
/// Largest `intraday_peak`: the busiest hour at 12 × the day's average (half the day's load).
pub const MAX_INTRADAY_PEAK: f64 = 12.0;
/// Day of hour 0 when a scenario gives no `start`.
pub const DEFAULT_START: CivilDate = CivilDate {
    year: 2026,
    month: 1,
    day: 1,
};

/// The Clickpost hourly traffic index (reference-data.md §4 "Hourly traffic index"), hours
/// 0..23. Cited points: midnight = 104, 5 am = 22 (trough), 9 am = 75, 1 pm = 151 (peak),
/// 2 pm = 149, 9 pm = 134. Every other hour is interpolated linearly between its cited
/// neighbours (10 pm and 11 pm between 9 pm = 134 and the next midnight = 104). The index
/// averages 102.4, consistent with reading 100 as the average hour.
const CLICKPOST_HOURLY_INDEX: [f64; 24] = [
    104.0,              // 0: cited
    104.0 - 82.0 / 5.0, // 1..4: interpolated 104 -> 22
    104.0 - 2.0 * 82.0 / 5.0,
    104.0 - 3.0 * 82.0 / 5.0,
    104.0 - 4.0 * 82.0 / 5.0,
    22.0,              // 5: cited (trough)
    22.0 + 53.0 / 4.0, // 6..8: interpolated 22 -> 75
    22.0 + 2.0 * 53.0 / 4.0,
    22.0 + 3.0 * 53.0 / 4.0,
    75.0,              // 9: cited
    75.0 + 76.0 / 4.0, // 10..12: interpolated 75 -> 151
    75.0 + 2.0 * 76.0 / 4.0,
    75.0 + 3.0 * 76.0 / 4.0,
    151.0,              // 13: cited (peak)
    149.0,              // 14: cited
    149.0 - 15.0 / 7.0, // 15..20: interpolated 149 -> 134
    149.0 - 2.0 * 15.0 / 7.0,
    149.0 - 3.0 * 15.0 / 7.0,
    149.0 - 4.0 * 15.0 / 7.0,
    149.0 - 5.0 * 15.0 / 7.0,
    149.0 - 6.0 * 15.0 / 7.0,
    134.0,              // 21: cited
    134.0 - 30.0 / 3.0, // 22..23: interpolated 134 -> 104 (next midnight)
    134.0 - 2.0 * 30.0 / 3.0,
];

/// The default e-commerce daily curve: hourly factors for hours 0..23 (local time), mean 1.
///
/// Built from the Clickpost hourly traffic index in reference-data.md §4 (5 am = 22 trough,
/// 9 am = 75, 1 pm = 151 peak, 2 pm = 149, 9 pm = 134, midnight = 104), the hours between
/// those points interpolated linearly, then divided by the mean. The trough (5 am) is ≈ 0.21,
/// the peak (1 pm) ≈ 1.47, and peak/trough = 151/22 ≈ 6.9, the "≈ 7×" of the source. The
/// source does not state its underlying data: treat it as illustrative.
pub const DEFAULT_DAILY_SHAPE: [f64; 24] = normalised(CLICKPOST_HOURLY_INDEX);

/// `v` divided by its mean (unchanged when the mean is not positive).
const fn normalised<const N: usize>(v: [f64; N]) -> [f64; N] {
    let mut sum = 0.0;
    let mut i = 0;
    while i < N {
        sum += v[i];
        i += 1;
    }
    let mean = sum / N as f64;
    let mut out = v;
    if mean > 0.0 {
        let mut i = 0;
        while i < N {
            out[i] = v[i] / mean;
            i += 1;
        }
    }
    out
}

/// Every problem found in a scenario file or in the hourly series it names (never empty when
/// returned as an error), each with line, column, key and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The file name.
    pub origin: String,
    /// The problems, in source order.
    pub diagnostics: Vec<crate::model::Diagnostic>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::model::write_diagnostics(f, &self.origin, &self.diagnostics)
    }
}

impl std::error::Error for ScenarioError {}

/// A calendar date (proleptic Gregorian), as written in a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDate {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

impl CivilDate {
    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil: years start in March so leap days come last.
        let m = i64::from(self.month.clamp(1, 12));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as usize
    }

    /// Whether the day exists in its month (leap years included).
    pub fn is_valid(self) -> bool {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A peak event (`[[peak]]`): a stretch of whole hours, starting at midnight of `date`, whose
/// average load is `multiplier` × a normal day's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peak {
    /// Display name, e.g. "Black Friday".
    pub name: String,
    /// The first day of the peak; it starts at that day's midnight.
    pub date: CivilDate,
    /// Length in whole hours (24 = that day only; 48 also covers the next day).
    pub duration_hours: u32,
    /// The peak's average load vs a normal day's average (`average_rps` × growth), > 0.
    pub multiplier: f64,
    /// Busiest hour vs the peak day's average; `None` keeps the scenario's daily shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intraday_peak: Option<f64>,
}

/// A load scenario: what `hourly_rps` offers in each hour of a trial. Built by
/// [`parse_scenario`] or [`Scenario::new`]; fields may be edited (the shapes are normalised
/// again when the load is computed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The date of hour 0 (its midnight), which fixes weekdays and peak hours.
    pub start: CivilDate,
    /// Mean offered requests/s over a normal (non-peak) week at growth 0, > 0.
    pub average_rps: f64,
    /// Hourly factors for hours 0..23, mean 1.
    pub daily_shape: [f64; 24],
    /// Factors for Monday..Sunday, mean 1.
    pub weekly_shape: [f64; 7],
    /// Yearly growth g: load × (1 + g)^(hour / 8760), with g > -1.
    pub growth_per_year: f64,
    /// Log-space standard deviation of the day-to-day random factor (0 = none).
    pub noise_sigma: f64,
    /// The hourly series file named in the scenario, if any (the caller reads it and attaches
    /// it with [`Scenario::with_series`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_csv: Option<String>,
    /// Where `series_csv` is written in the file, for messages about the series.
    #[serde(skip)]
    pub series_csv_at: Option<crate::model::Pos>,
    /// Peak events, in file order.
    #[serde(rename = "peak", skip_serializing_if = "Vec::is_empty")]
    pub peaks: Vec<Peak>,
    /// An attached hourly series (never empty), which replaces the computed profile.
    #[serde(skip)]
    series: Option<Vec<f64>>,
}

impl Scenario {
    /// A scenario with `average_rps` and every default: the default daily shape, a flat week
    /// from [`DEFAULT_START`], no growth, noise or peaks.
    pub fn new(name: impl Into<String>, average_rps: f64) -> Scenario {
        Scenario {
            name: name.into(),
            description: String::new(),
            start: DEFAULT_START,
            average_rps,
            daily_shape: DEFAULT_DAILY_SHAPE,
            weekly_shape: [1.0; 7],
            growth_per_year: 0.0,
            noise_sigma: 0.0,
            series_csv: None,
            series_csv_at: None,
            peaks: Vec::new(),
            series: None,
        }
    }

    /// Attach an hourly series (from [`parse_series_csv`]) that replaces the computed profile:
    /// hour h offers `series[h % len]`, so a series shorter than the horizon repeats from its
    /// start. Growth, shapes and peaks are then not applied (the series is the offered load as
    /// measured); noise is left to the caller ([`Scenario::noise_sigma`], 0 to replay the
    /// series exactly). Negative or non-finite values count as 0. An empty series detaches.
    pub fn with_series(mut self, series: Vec<f64>) -> Scenario {
        self.series = if series.is_empty() {
            None
        } else {
            Some(series)
        };
        self
    }

    /// The attached hourly series, if any.
    pub fn series(&self) -> Option<&[f64]> {
        self.series.as_deref()
    }

    /// Log-space standard deviation of the day-to-day random factor (0 = no noise).
    pub fn noise_sigma(&self) -> f64 {
        self.noise_sigma
    }

    /// The day-to-day noise factor for a standard normal draw `z`: exp(σz − σ²/2), lognormal
    /// with mean 1. Draw one `z` per [`Scenario::day_of`] and multiply that day's hours by it.
    pub fn noise_factor(&self, z: f64) -> f64 {
        let s = self.noise_sigma;
        (s * z - 0.5 * s * s).exp()
    }

    /// The trial day of `hour` (0 for hours 0..23): the index to draw daily noise by.
    pub fn day_of(&self, hour: usize) -> usize {
        hour / 24
    }

    /// The day of the week of `hour`, 0 = Monday … 6 = Sunday, counted from `start`.
    pub fn weekday_of(&self, hour: usize) -> usize {
        (self.start.weekday() + self.day_of(hour) % 7) % 7
    }

    /// The growth factor (1 + g)^(hour / 8760) at the start of `hour`.
    pub fn growth_factor(&self, hour: usize) -> f64 {
        let g = self.growth_per_year.max(-1.0);
        ((1.0 + g).ln() * hour as f64 / HOURS_PER_YEAR).exp()
    }

    /// The trial hours `peak` covers (empty when it starts before `start`).
    pub fn peak_hours(&self, peak: &Peak) -> Range<usize> {
        let days = peak.date.days_since_epoch() - self.start.days_since_epoch();
        match usize::try_from(days) {
            Ok(d) => {
                let from = d.saturating_mul(24);
                from..from.saturating_add(peak.duration_hours as usize)
            }
            Err(_) => 0..0,
        }
    }

    /// The peak that sets the load of `hour`, if any: among peaks covering it, the one with
    /// the largest multiplier (the later one in file order on a tie).
    pub fn peak_at(&self, hour: usize) -> Option<&Peak> {
        let mut best: Option<&Peak> = None;
        for p in &self.peaks {
            if self.peak_hours(p).contains(&hour)
                && best.is_none_or(|b| p.multiplier >= b.multiplier)
            {
                best = Some(p);
            }
        }
        best
    }

    /// Whether `hour` lies in a peak event (whether or not a series is attached).
    pub fn is_peak_hour(&self, hour: usize) -> bool {
        self.peaks
            .iter()
            .any(|p| self.peak_hours(p).contains(&hour))
    }

    /// The hourly factors (mean 1) used on the days of `peak`: the daily shape, reshaped to
    /// the peak's `intraday_peak` when it has one (see [`reshape_day`]).
    pub fn peak_day_shape(&self, peak: &Peak) -> [f64; 24] {
        let daily = normalised(self.daily_shape);
        match peak.intraday_peak {
            Some(ip) => reshape_day(&daily, ip),
            None => daily,
        }
    }

    /// The deterministic offered load, in requests/s, for each of the first `hours` hours of
    /// a trial (before day-to-day noise).
    ///
    /// With a series attached, hour h is `series[h % len]` (see [`Scenario::with_series`]).
    /// Otherwise, on a normal hour:
    /// `average_rps × daily_shape[h % 24] × weekly_shape[weekday] × (1 + g)^(h / 8760)`.
    /// On a peak hour (see [`Scenario::peak_at`]) the weekly factor is replaced by the peak's
    /// multiplier and the daily shape by [`Scenario::peak_day_shape`]:
    /// `average_rps × multiplier × peak_shape[h % 24] × (1 + g)^(h / 8760)`, so a peak day
    /// averages `multiplier` × a normal day's average whatever its weekday (the cited
    /// multipliers compare with an average day, not with the same weekday). A peak longer than
    /// 24 h repeats its day shape on the following days. Hour 0 is midnight of `start`.
    /// Results are finite (capped at `f64::MAX`) and never negative.
    pub fn hourly_rps(&self, hours: usize) -> Vec<f64> {
        if let Some(series) = &self.series {
            return (0..hours)
                .map(|h| clean(series[h % series.len()]))
                .collect();
        }
        let avg = clean(self.average_rps);
        let daily = normalised(self.daily_shape.map(clean));
        let weekly = normalised(self.weekly_shape.map(clean));
        let mut out: Vec<f64> = (0..hours)
            .map(|h| {
                let f = daily[h % 24] * weekly[self.weekday_of(h)] * self.growth_factor(h);
                clean(avg * f)
            })
            .collect();
        // Paint peaks in increasing multiplier order so the largest wins where they overlap.
        let mut order: Vec<&Peak> = self.peaks.iter().collect();
        order.sort_by(|a, b| a.multiplier.total_cmp(&b.multiplier));
        for p in order {
            let range = self.peak_hours(p);
            let shape = self.peak_day_shape(p);
            let m = clean(p.multiplier);
            for h in range.start.min(hours)..range.end.min(hours) {
                out[h] = clean(avg * m * shape[h % 24] * self.growth_factor(h));
            }
        }
        out
    }
}

/// A finite, non-negative value (non-finite and negative inputs become 0; +∞ becomes
/// `f64::MAX`).
fn clean(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        0.0
    } else {
        x.min(f64::MAX)
    }
}

/// Reshape a day's hourly factors (mean 1) so that the busiest hour is `intraday_peak` × the
/// day's mean, keeping the mean at 1 and the order of the hours.
///
/// The choice: a power transform, f'_h = f_h^p / mean(f^p), with p ≥ 0 found by bisection
/// (p = 1 keeps the shape, p < 1 flattens it, p > 1 sharpens it; max/mean grows with p). A
/// linear blend f' = 1 + (f − 1)·s would go negative at the trough: with the default curve it
/// cannot exceed ≈ 1.60 (= 1 + (1.474 − 1)/(1 − 0.215)), below Cyber Monday's 1.7. The power
/// transform stays positive and reaches any ratio below 24 / (number of hours at the maximum).
/// `intraday_peak` ≤ 1, or a flat or all-zero day, gives a flat day; an unreachable ratio gives
/// the sharpest shape the bisection reaches.
pub fn reshape_day(day: &[f64; 24], intraday_peak: f64) -> [f64; 24] {
    let day = day.map(clean);
    let max = day.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 || intraday_peak.is_nan() || intraday_peak <= 1.0 {
        return [1.0; 24];
    }
    let rel = day.map(|f| f / max);
    let powered = |p: f64| rel.map(|r| if r > 0.0 { r.powf(p) } else { 0.0 });
    // max/mean of rel^p is 1 / mean(rel^p), since the maximum of rel^p is 1.
    let ratio = |p: f64| 24.0 / powered(p).iter().sum::<f64>();
    if ratio(0.0) >= intraday_peak {
        return [1.0; 24]; // zeros make even p = 0 peakier than asked: flattest reachable
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while ratio(hi) < intraday_peak && hi < 1e6 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if ratio(mid) < intraday_peak {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    normalised(powered(hi))
}

/// How many hours of `day` are at its maximum (to within 1e-12 relative).
pub(crate) fn hours_at_max(day: &[f64; 24]) -> usize {
    let max = day.iter().copied().fold(f64::MIN, f64::max);
    day.iter().filter(|&&f| f >= max * (1.0 - 1e-12)).count()
}
