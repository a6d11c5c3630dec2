//! Reading an hourly load series from CSV text, with line and column in every message.

use super::ScenarioError;
use crate::model::reader::LineIndex;
use crate::model::{Diagnostic, did_you_mean};

/// Columns a series file may have.
const COLUMNS: [&str; 3] = ["rps", "hour", "timestamp"];
/// Most rows a series may have: the longest model horizon (1,000 years of hours).
const MAX_ROWS: usize = 8_760_000;
/// Problems listed before the rest are only counted.
const MAX_LISTED: usize = 100;

/// Parse an hourly load series: CSV text with a header row naming a column `rps` (required:
/// offered requests/s, finite and >= 0) and optionally `hour` (which must count 0, 1, 2, …)
/// and/or `timestamp` (free text, kept for the reader's benefit and not interpreted). Column
/// names are case-insensitive; other columns are reported with a "did you mean". One row per
/// hour from hour 0; blank lines are skipped; fields may be double-quoted. Every problem is
/// reported together, each with its line and column; `origin` names the file in messages.
pub fn parse_series_csv(text: &str, origin: &str) -> Result<Vec<f64>, ScenarioError> {
    let mut r = Reader {
        lines: LineIndex::new(text),
        diags: Vec::new(),
        unlisted: 0,
    };
    let values = read(&mut r, text);
    if r.unlisted > 0 {
        r.diags.push(Diagnostic {
            pos: None,
            key: String::new(),
            message: format!("… and {} more problems not listed", r.unlisted),
        });
    }
    match values {
        Some(v) if r.diags.is_empty() => Ok(v),
        _ => Err(ScenarioError {
            origin: origin.to_string(),
            diagnostics: r.diags,
        }),
    }
}

struct Reader<'a> {
    lines: LineIndex<'a>,
    diags: Vec<Diagnostic>,
    unlisted: usize,
}

impl Reader<'_> {
    fn err(&mut self, offset: usize, key: &str, message: String) {
        if self.diags.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        self.diags.push(Diagnostic {
            pos: Some(self.lines.pos(offset)),
            key: key.to_string(),
            message,
        });
    }
}

/// Where each column is, by index in the header.
struct Layout {
    count: usize,
    rps: usize,
    hour: Option<usize>,
    timestamp: Option<usize>,
}

fn read(r: &mut Reader, text: &str) -> Option<Vec<f64>> {
    let mut layout: Option<Layout> = None;
    let mut values = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let mut line = raw.trim_end_matches(['\n', '\r']);
        let mut start = start;
        if start == 0 && line.starts_with('\u{feff}') {
            line = &line[3..];
            start = 3;
        }
        if line.trim().is_empty() {
            continue;
        }
        let fields = match split(line) {
            Ok(f) => f,
            Err(at) => {
                r.err(
                    start + at,
                    "",
                    "unterminated quoted field (a `\"` is never closed)".into(),
                );
                continue;
            }
        };
        let Some(l) = &layout else {
            layout = Some(header(r, start, &fields)?);
            continue;
        };
        if values.len() == MAX_ROWS {
            r.err(
                start,
                "",
                format!("too many rows: at most {MAX_ROWS} hours (1,000 years)"),
            );
            return None;
        }
        values.push(row(r, start, &fields, l, values.len()));
    }
    if layout.is_none() {
        r.err(
            0,
            "",
            "the file is empty: it needs a header row naming a column `rps`".into(),
        );
        return None;
    }
    if values.is_empty() {
        r.err(
            text.len(),
            "",
            "has no data rows: give one row per hour under the header".into(),
        );
        return None;
    }
    Some(values)
}

fn header(r: &mut Reader, start: usize, fields: &[(usize, String)]) -> Option<Layout> {
    let mut found: [Option<usize>; 3] = [None; 3];
    for (i, (at, name)) in fields.iter().enumerate() {
        let lower = name.trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == lower) {
            Some(k) if found[k].is_some() => {
                r.err(start + at, &lower, "is a repeated column name".into());
            }
            Some(k) => found[k] = Some(i),
            None => {
                let hint = did_you_mean(&lower, COLUMNS)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                r.err(
                    start + at,
                    name.trim(),
                    format!("unknown column{hint} (allowed: {})", COLUMNS.join(", ")),
                );
            }
        }
    }
    let Some(rps) = found[0] else {
        r.err(
            start,
            "",
            "the header row needs a column named `rps` (offered requests/s per hour)".into(),
        );
        return None;
    };
    Some(Layout {
        count: fields.len(),
        rps,
        hour: found[1],
        timestamp: found[2],
    })
}

/// One data row's `rps` (0 when it has a problem, which is reported).
fn row(r: &mut Reader, start: usize, fields: &[(usize, String)], l: &Layout, index: usize) -> f64 {
    if fields.len() != l.count {
        r.err(
            start,
            "",
            format!(
                "has {} fields, the header has {} (one value per column)",
                fields.len(),
                l.count
            ),
        );
        return 0.0;
    }
    let (at, text) = &fields[l.rps];
    let text = text.trim();
    let value = match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => v,
        Ok(v) if v < 0.0 => {
            r.err(
                start + at,
                "rps",
                format!("must be >= 0 (requests/s), found {text}"),
            );
            0.0
        }
        _ => {
            r.err(
                start + at,
                "rps",
                format!("must be a finite number >= 0 (requests/s), found `{text}`"),
            );
            0.0
        }
    };
    if let Some(k) = l.hour {
        let (at, text) = &fields[k];
        let text = text.trim();
        if text.parse::<usize>().ok() != Some(index) {
            r.err(
                start + at,
                "hour",
                format!("must be {index} (one row per hour from hour 0), found `{text}`"),
            );
        }
    }
    if let Some(k) = l.timestamp {
        let (at, text) = &fields[k];
        if text.trim().is_empty() {
            r.err(start + at, "timestamp", "is empty".into());
        }
    }
    value
}

/// Split one CSV line into fields with their byte offset in the line; `Err(offset)` for an
/// unterminated quote. A quoted field may hold commas and `""` for a quote.
fn split(line: &str) -> Result<Vec<(usize, String)>, usize> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        let field_start = i;
        let lead = line[i..].len() - line[i..].trim_start_matches([' ', '\t']).len();
        if bytes.get(i + lead) == Some(&b'"') {
            let open = i + lead;
            let mut value = String::new();
            let mut j = open + 1;
            loop {
                match line[j..].find('"') {
                    None => return Err(open),
                    Some(k) => {
                        value.push_str(&line[j..j + k]);
                        j += k + 1;
                        if bytes.get(j) == Some(&b'"') {
                            value.push('"');
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            // Anything after the closing quote up to the comma is kept (it is usually spaces).
            let end = line[j..].find(',').map_or(line.len(), |k| j + k);
            value.push_str(&line[j..end]);
            out.push((open, value));
            i = end;
        } else {
            let end = line[i..].find(',').map_or(line.len(), |k| i + k);
            out.push((field_start + lead, line[i..end].to_string()));
            i = end;
        }
        if i >= line.len() {
            return Ok(out);
        }
        i += 1; // the comma
        if i == line.len() {
            out.push((i, String::new()));
            return Ok(out);
        }
    }
}
