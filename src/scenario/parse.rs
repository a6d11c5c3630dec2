//! Reading a scenario file: TOML syntax, keys, value types and ranges, every problem reported
//! together with its line, column, key and what is allowed (as the model loader does).

use super::ScenarioError;
use super::{
    CivilDate, DEFAULT_START, MAX_INTRADAY_PEAK, MAX_PEAK_HOURS, MAX_PEAKS, Peak, Scenario,
    hours_at_max, normalised,
};
use crate::model::reader::{Ctx, LineIndex, describe, join, label, tables};
use crate::model::{Pos, Spans};
use toml_edit::{Document, Item, TableLike};

/// Tables allowed at the top of a scenario file.
const ROOT_KEYS: [&str; 2] = ["scenario", "peak"];
/// Keys allowed in `[scenario]`.
pub const SCENARIO_KEYS: [&str; 9] = [
    "name",
    "description",
    "start",
    "average_rps",
    "daily_shape",
    "weekly_shape",
    "growth_per_year",
    "noise_sigma",
    "series_csv",
];
/// Keys allowed in `[[peak]]`.
pub const PEAK_KEYS: [&str; 5] = [
    "name",
    "date",
    "duration_hours",
    "multiplier",
    "intraday_peak",
];

/// Parse scenario text. `origin` names the file in messages. Every problem is reported
/// together, in source order, each with its line, column, key and what is allowed; unknown
/// keys get a "did you mean". The shapes come back normalised to mean 1.
pub fn parse_scenario(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let mut ctx = Ctx {
        lines: LineIndex::new(text),
        diags: Vec::new(),
    };
    let scenario = read(&mut ctx, text);
    let mut diagnostics = ctx.diags;
    match scenario {
        Some(s) if diagnostics.is_empty() => Ok(s),
        _ => {
            diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
            Err(ScenarioError {
                origin: origin.to_string(),
                diagnostics,
            })
        }
    }
}

fn read(ctx: &mut Ctx, text: &str) -> Option<Scenario> {
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let pos = ctx.span_pos(e.span());
            let msg = e.message().trim().replace('\n', " ");
            ctx.err(pos, "", format!("TOML syntax error: {msg}"));
            return None;
        }
    };
    let root = doc.as_table();
    let mut spans = Spans::default();
    ctx.keys(root, "", &ROOT_KEYS, "", &mut spans);
    let mut scenario = read_scenario(ctx, root.get("scenario"), spans.of("scenario"));
    let peaks = read_peaks(ctx, root, &scenario);
    scenario.peaks = peaks;
    Some(scenario)
}

fn read_scenario(ctx: &mut Ctx, item: Option<&Item>, at: Option<Pos>) -> Scenario {
    let mut s = Scenario::new("", 1.0);
    let Some(item) = item else {
        ctx.err(
            Some(Pos { line: 1, column: 1 }),
            "scenario",
            "the [scenario] table is required, with at least name = \"...\" and average_rps = \
             (mean requests/s over a normal day, > 0)",
        );
        return s;
    };
    let Some(t) = item.as_table_like() else {
        ctx.err(
            at,
            "scenario",
            format!("must be a table ([scenario]), found {}", describe(item)),
        );
        return s;
    };
    let at = ctx.span_pos(item.span()).or(at);
    let path = "scenario";
    ctx.keys(t, path, &SCENARIO_KEYS, "", &mut Spans::default());
    s.name = ctx.string(t, path, "name", at).unwrap_or_default();
    s.description = optional_string(ctx, t, path, "description").unwrap_or_default();
    if t.contains_key("start") {
        s.start = date(ctx, t, path, "start").unwrap_or(DEFAULT_START);
    }
    if t.contains_key("average_rps") {
        s.average_rps = ranged(
            ctx,
            t,
            path,
            "average_rps",
            "a number > 0 (requests/s)",
            |v| v > 0.0,
        )
        .unwrap_or(1.0);
    } else {
        ctx.err(
            at,
            join(path, "average_rps"),
            "is required: the mean offered requests/s over a normal day, a number > 0",
        );
    }
    if let Some(v) = shape::<24>(ctx, t, path, "daily_shape", "hours 0..23") {
        s.daily_shape = v;
    }
    if let Some(v) = shape::<7>(ctx, t, path, "weekly_shape", "Monday..Sunday") {
        s.weekly_shape = v;
    }
    let growth = ranged(
        ctx,
        t,
        path,
        "growth_per_year",
        "a number above -1 and at most 10 (0.7 = +70 %/year)",
        |v| v > -1.0 && v <= 10.0,
    );
    s.growth_per_year = growth.unwrap_or(0.0);
    let noise = ranged(
        ctx,
        t,
        path,
        "noise_sigma",
        "a number from 0 to 2 (log-space standard deviation)",
        |v| (0.0..=2.0).contains(&v),
    );
    s.noise_sigma = noise.unwrap_or(0.0);
    s.series_csv = optional_string(ctx, t, path, "series_csv");
    s.series_csv_at = ctx.key_pos(t, "series_csv");
    if s.series_csv.as_deref().is_some_and(|f| f.trim().is_empty()) {
        let pos = ctx.key_pos(t, "series_csv");
        ctx.err(
            pos,
            join(path, "series_csv"),
            "must name a CSV file, e.g. \"load.csv\"",
        );
    }
    s
}

fn read_peaks(ctx: &mut Ctx, root: &toml_edit::Table, s: &Scenario) -> Vec<Peak> {
    let mut peaks = Vec::new();
    let daily = normalised(s.daily_shape);
    let mut seen: Vec<String> = Vec::new();
    for (i, t, path, spans) in tables(ctx, root, "peak") {
        if i == MAX_PEAKS {
            ctx.err(
                spans.table,
                "peak",
                format!("too many peaks: at most {MAX_PEAKS}"),
            );
        }
        if i >= MAX_PEAKS {
            continue;
        }
        let name = ctx.string(t, &path, "name", spans.table);
        let label = label("peak", i, name.as_deref());
        ctx.keys(t, &label, &PEAK_KEYS, "", &mut Spans::default());
        if let Some(n) = &name {
            // Peaks are named in edits (`peak."Black Friday".multiplier`): names are unique.
            if seen.contains(n) {
                ctx.err(
                    ctx.key_pos(t, "name"),
                    join(&label, "name"),
                    format!("duplicate peak name `{n}`: give each peak its own name"),
                );
            }
            seen.push(n.clone());
        }
        let date = if t.contains_key("date") {
            date(ctx, t, &label, "date")
        } else {
            ctx.err(
                spans.table,
                join(&label, "date"),
                "is required: the peak's first day, a TOML date like 2026-11-27",
            );
            None
        };
        if let Some(d) = date
            && d < s.start
        {
            let pos = ctx.key_pos(t, "date");
            ctx.err(
                pos,
                join(&label, "date"),
                format!(
                    "must be on or after scenario.start ({}), found {d}",
                    s.start
                ),
            );
        }
        let duration = if t.contains_key("duration_hours") {
            ctx.integer(t, &label, "duration_hours", 1, i64::from(MAX_PEAK_HOURS))
        } else {
            Some(24)
        };
        let multiplier = if t.contains_key("multiplier") {
            ranged(
                ctx,
                t,
                &label,
                "multiplier",
                "a number above 0 and at most 1000 (the day's average vs a normal day's)",
                |v| v > 0.0 && v <= 1000.0,
            )
        } else {
            ctx.err(
                spans.table,
                join(&label, "multiplier"),
                "is required: the peak's average load vs a normal day's, a number > 0",
            );
            None
        };
        let intraday = intraday_peak(ctx, t, &label, &daily);
        if let (Some(name), Some(date), Some(duration_hours), Some(multiplier), Some(ip)) =
            (name, date, duration, multiplier, intraday)
        {
            peaks.push(Peak {
                name,
                date,
                duration_hours,
                multiplier,
                intraday_peak: ip,
            });
        }
    }
    peaks
}

/// `intraday_peak`: `Some(None)` when absent, `None` after an error.
fn intraday_peak(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    daily: &[f64; 24],
) -> Option<Option<f64>> {
    if !t.contains_key("intraday_peak") {
        return Some(None);
    }
    let allowed =
        format!("a number from 1 to {MAX_INTRADAY_PEAK} (busiest hour vs the day's average)");
    let ip = ranged(ctx, t, label, "intraday_peak", &allowed, |v| {
        (1.0..=MAX_INTRADAY_PEAK).contains(&v)
    })?;
    // Reachable by reshaping the daily shape only below 24 / (hours at its maximum).
    let n = hours_at_max(daily);
    let limit = 24.0 / n as f64;
    if ip > 1.0 && ip >= limit {
        let pos = ctx.key_pos(t, "intraday_peak");
        let why = if n == 24 {
            "the daily shape is flat, so it has no busiest hour to raise: give \
             scenario.daily_shape a peak, or leave intraday_peak out"
                .to_string()
        } else {
            format!("the daily shape has {n} busiest hours, so it must be below {limit:.3}")
        };
        ctx.err(
            pos,
            join(label, "intraday_peak"),
            format!("{why}; found {ip}"),
        );
        return None;
    }
    Some(Some(ip))
}

/// An optional number that must be finite and satisfy `ok`; errors say it must be `allowed`.
fn ranged(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    path: &str,
    key: &str,
    allowed: &str,
    ok: impl Fn(f64) -> bool,
) -> Option<f64> {
    let v = ctx.number(t, path, key)?;
    if v.is_finite() && ok(v) {
        return Some(v);
    }
    let pos = ctx.key_pos(t, key);
    ctx.err(
        pos,
        join(path, key),
        format!("must be {allowed}, found {v}"),
    );
    None
}

/// An optional string value.
fn optional_string(ctx: &mut Ctx, t: &dyn TableLike, path: &str, key: &str) -> Option<String> {
    let item = t.get(key)?;
    match item.as_str() {
        Some(s) => Some(s.to_string()),
        None => {
            let pos = ctx.key_pos(t, key);
            ctx.err(
                pos,
                join(path, key),
                format!("must be a string, found {}", describe(item)),
            );
            None
        }
    }
}

/// A TOML local date (`2026-11-27`, no quotes, no time); `None` after an error or when absent.
fn date(ctx: &mut Ctx, t: &dyn TableLike, path: &str, key: &str) -> Option<CivilDate> {
    let item = t.get(key)?;
    let pos = ctx.key_pos(t, key);
    let found = match item.as_datetime() {
        Some(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                let date = CivilDate {
                    year: i32::from(d.year),
                    month: d.month,
                    day: d.day,
                };
                if date.is_valid() {
                    return Some(date);
                }
                format!("{date}, which is not a day of the calendar")
            }
            _ => format!("`{dt}`: give the date only, without a time"),
        },
        None => match item.as_str() {
            Some(s) => format!("the string \"{s}\": write the date without quotes"),
            None => describe(item),
        },
    };
    ctx.err(
        pos,
        join(path, key),
        format!("must be a TOML date like 2026-11-27, found {found}"),
    );
    None
}

/// An optional array of `N` numbers >= 0, not all 0, returned normalised to mean 1.
fn shape<const N: usize>(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    path: &str,
    key: &str,
    what: &str,
) -> Option<[f64; N]> {
    let item = t.get(key)?;
    let pos = ctx.key_pos(t, key);
    let full = join(path, key);
    let allowed = format!("an array of {N} numbers >= 0 ({what}), normalised to mean 1");
    let Some(arr) = item.as_array() else {
        ctx.err(
            pos,
            full,
            format!("must be {allowed}, found {}", describe(item)),
        );
        return None;
    };
    let mut ok = true;
    if arr.len() != N {
        ctx.err(
            pos,
            &full,
            format!("must have {N} entries ({what}), found {}", arr.len()),
        );
        ok = false;
    }
    let mut out = [0.0; N];
    for (i, v) in arr.iter().enumerate() {
        let x = v.as_float().or_else(|| v.as_integer().map(|n| n as f64));
        match x {
            Some(x) if x.is_finite() && x >= 0.0 => {
                if let Some(slot) = out.get_mut(i) {
                    *slot = x;
                }
            }
            _ => {
                let p = ctx.span_pos(v.span()).or(pos);
                let shown = v.to_string();
                ctx.err(
                    p,
                    &full,
                    format!(
                        "entry {} must be a number >= 0, found `{}`",
                        i + 1,
                        shown.trim()
                    ),
                );
                return None; // one bad entry is enough to report
            }
        }
    }
    if !ok {
        return None;
    }
    if out.iter().all(|&x| x == 0.0) {
        ctx.err(pos, full, format!("must have an entry > 0 ({allowed})"));
        return None;
    }
    Some(normalised(out))
}
