//! Shards of a sweep and their parts: a contiguous range of a sweep's points with the CSV rows
//! (and, when asked, the JSON points) they print, merged back in grid order exactly.
//!
//! A [`SweepPart`] is plain data (serde, no files): the CLI writes and reads it. Merging checks
//! that every part comes from the same sweep ([`SweepSettings`], compared key by key), that the
//! shards cover the grid once each, and that each part is whole; then the rows are the
//! unsharded sweep's rows in grid order, so the merged CSV is byte for byte the unsharded one.

use crate::engine::{PartialError, Shard};
use serde::{Deserialize, Serialize};

/// The `format` of a sweep part file.
pub const SWEEP_PART_FORMAT: &str = "nines-sweep-part";
/// The version of the sweep part format written; merges refuse any other.
pub const SWEEP_PART_VERSION: u32 = 1;

/// Everything that decides a sweep's rows: parts merge only when these are equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSettings {
    /// The nines version that ran the shard.
    pub nines_version: String,
    /// The model file as given on the command line (the JSON's `model`).
    pub model_origin: String,
    /// Hash of the model file's text (the CSV's `base_model_hash`).
    pub base_model_hash: String,
    /// Hash of the text every point starts from (the file with `--option` edits applied).
    pub start_hash: String,
    /// The options applied to every point (`--option`), in order.
    pub options: Vec<String>,
    /// The swept paths, in order.
    pub params: Vec<String>,
    /// Each parameter's values as the CSV writes them.
    pub values: Vec<Vec<String>>,
    /// Whether the i-th values are paired (`--zip`) rather than combined.
    pub zip: bool,
    /// Hash of the scenario's text and series, with a scenario.
    pub scenario_hash: Option<String>,
    /// Trials of every point.
    pub trials: u64,
    /// Seed of every point.
    pub seed: u64,
    /// Whether each point has a row per service too (`--services`).
    pub services: bool,
    /// Points in the whole grid.
    pub points: u64,
}

/// One shard's share of a sweep: its points' CSV records, in grid order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepPart {
    /// Always [`SWEEP_PART_FORMAT`].
    pub format: String,
    /// [`SWEEP_PART_VERSION`] when written.
    pub version: u32,
    /// The sweep it belongs to.
    pub settings: SweepSettings,
    /// Which shard this is.
    pub shard: Shard,
    /// The points it ran: `[first, end)` in grid order.
    pub points: [u64; 2],
    /// The CSV header (parameter paths, then the sweep columns; the CLI checks them).
    pub header: Vec<String>,
    /// Each point's CSV records (the model's row, then a row per service with `--services`).
    pub rows: Vec<Vec<Vec<String>>>,
    /// Each point's JSON (the shard was run with `--json`), else none.
    pub json_points: Option<Vec<serde_json::Value>>,
    /// Wall-clock seconds the shard took.
    pub wall_seconds: f64,
}

/// A merged sweep: what the unsharded sweep writes and prints.
#[derive(Debug)]
pub struct MergedSweep<'a> {
    /// The sweep (equal in every part).
    pub settings: &'a SweepSettings,
    /// The CSV header.
    pub header: &'a [String],
    /// Every point's records, in grid order.
    pub rows: Vec<&'a Vec<Vec<String>>>,
    /// Every point's JSON in grid order, when every part holds it.
    pub json_points: Option<Vec<&'a serde_json::Value>>,
    /// Summed wall-clock seconds of the shards.
    pub wall_seconds: f64,
}

/// The points shard `shard` runs of a grid of `points`: `[P·I/N, P·(I+1)/N)`.
pub fn shard_points(shard: Shard, points: u64) -> std::ops::Range<u64> {
    shard.range(points)
}

/// Read a sweep part from its JSON text (any damage is an error, never a panic).
pub fn sweep_part_from_str(text: &str) -> Result<SweepPart, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Whether a part's JSON text is a sweep part (by its `format`, even when damaged after it).
pub fn is_sweep_part(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
    }
    // Parts are written with `format` first, so a damaged one is still told apart by its start.
    let start = format!("{{\"format\":\"{SWEEP_PART_FORMAT}\"");
    text.trim_start().starts_with(&start)
        || serde_json::from_str::<Head>(text)
            .ok()
            .and_then(|h| h.format)
            .is_some_and(|f| f == SWEEP_PART_FORMAT)
}

fn err(part: usize, message: String) -> PartialError {
    PartialError { part, message }
}

/// Check one part on its own: format, version, shard and point range, and that every record
/// has a field per header column.
pub fn check_part(p: &SweepPart) -> Result<(), String> {
    if p.format != SWEEP_PART_FORMAT {
        return Err(format!("format `{}`, not `{SWEEP_PART_FORMAT}`", p.format));
    }
    if p.version != SWEEP_PART_VERSION {
        return Err(format!(
            "sweep part version {}; this nines reads version {SWEEP_PART_VERSION}",
            p.version
        ));
    }
    let s = &p.settings;
    if s.points == 0 || s.points > super::sweep::MAX_POINTS as u64 {
        return Err(format!(
            "{} points; a sweep has 1 to {}",
            s.points,
            super::sweep::MAX_POINTS
        ));
    }
    if s.params.is_empty() || s.params.len() != s.values.len() {
        return Err(format!(
            "{} parameters with {} value lists",
            s.params.len(),
            s.values.len()
        ));
    }
    if p.shard.count == 0 || p.shard.index >= p.shard.count || p.shard.count > 1_000_000 {
        return Err(format!(
            "shard {}/{} (shards count from 0, at most 1,000,000)",
            p.shard.index, p.shard.count
        ));
    }
    let want = shard_points(p.shard, s.points);
    if p.points != [want.start, want.end] {
        return Err(format!(
            "points [{}, {}), but shard {}/{} of {} points runs [{}, {})",
            p.points[0], p.points[1], p.shard.index, p.shard.count, s.points, want.start, want.end
        ));
    }
    let n = want.end - want.start;
    if p.rows.len() as u64 != n {
        return Err(format!(
            "{} points of rows for points [{}, {}) ({n} points): the part is not whole",
            p.rows.len(),
            want.start,
            want.end
        ));
    }
    if let Some(j) = &p.json_points
        && j.len() as u64 != n
    {
        return Err(format!("{} JSON points for {n} points", j.len()));
    }
    if p.header.len() <= s.params.len() || p.header[..s.params.len()] != s.params[..] {
        return Err("its CSV header does not start with the swept paths".into());
    }
    for (k, point) in p.rows.iter().enumerate() {
        if point.is_empty() || (!s.services && point.len() != 1) {
            return Err(format!(
                "point {} has {} rows (one for the model{})",
                want.start + k as u64,
                point.len(),
                if s.services {
                    ", then one per service"
                } else {
                    ""
                }
            ));
        }
        if let Some(r) = point.iter().find(|r| r.len() != p.header.len()) {
            return Err(format!(
                "point {} has a row of {} fields; the header has {}",
                want.start + k as u64,
                r.len(),
                p.header.len()
            ));
        }
    }
    Ok(())
}

/// The first setting in which `b` differs from `a`, named by its key, with both values.
fn first_difference(a: &SweepSettings, b: &SweepSettings) -> Option<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Some("settings".into());
    };
    x.iter().find(|(k, v)| y.get(*k) != Some(v)).map(|(k, v)| {
        let short = |v: Option<&serde_json::Value>| {
            let t = v.map_or("none".to_string(), |v| v.to_string());
            if t.chars().count() > 60 {
                format!("{}…", t.chars().take(60).collect::<String>())
            } else {
                t
            }
        };
        format!(
            "{k} {} (the first part has {})",
            short(y.get(k)),
            short(Some(v))
        )
    })
}

/// Merge the parts of one sweep (any order): refuse parts of other sweeps, versions or shard
/// counts, shards given twice or missing, and damaged parts; otherwise the unsharded sweep's
/// rows in grid order. Errors name the part by its position among `parts`.
pub fn merge_sweep_parts(parts: &[SweepPart]) -> Result<MergedSweep<'_>, PartialError> {
    let first = parts
        .first()
        .ok_or_else(|| err(0, "no parts to merge".into()))?;
    for (i, p) in parts.iter().enumerate() {
        check_part(p).map_err(|m| err(i, m))?;
        if let Some(d) = first_difference(&first.settings, &p.settings) {
            return Err(err(i, format!("from another sweep: {d}")));
        }
        if p.shard.count != first.shard.count {
            return Err(err(
                i,
                format!(
                    "one of {} shards, the first part one of {}",
                    p.shard.count, first.shard.count
                ),
            ));
        }
    }
    let count = first.shard.count;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].shard.index);
    for w in order.windows(2) {
        if parts[w[0]].shard.index == parts[w[1]].shard.index {
            return Err(err(
                w[1],
                format!(
                    "shard {}/{count} again (points overlap with another part)",
                    parts[w[1]].shard.index
                ),
            ));
        }
    }
    if (parts.len() as u64) < count {
        let missing = (0..count)
            .find(|k| order.iter().all(|&i| parts[i].shard.index != *k))
            .unwrap_or(0);
        let r = shard_points(
            Shard {
                index: missing,
                count,
            },
            first.settings.points,
        );
        return Err(err(
            0,
            format!(
                "shard {missing}/{count} (points [{}, {})) is missing: {} of {count} parts given",
                r.start,
                r.end,
                parts.len()
            ),
        ));
    }
    let json_points = if order.iter().all(|&i| parts[i].json_points.is_some()) {
        Some(
            order
                .iter()
                .flat_map(|&i| parts[i].json_points.iter().flatten())
                .collect(),
        )
    } else {
        None
    };
    Ok(MergedSweep {
        settings: &first.settings,
        header: &first.header,
        rows: order.iter().flat_map(|&i| parts[i].rows.iter()).collect(),
        json_points,
        wall_seconds: parts.iter().map(|p| p.wall_seconds).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(points: u64) -> SweepSettings {
        SweepSettings {
            nines_version: "0".into(),
            model_origin: "m.toml".into(),
            base_model_hash: "h".into(),
            start_hash: "h".into(),
            options: vec![],
            params: vec!["component.web.replicas".into()],
            values: vec![(0..points).map(|v| v.to_string()).collect()],
            zip: false,
            scenario_hash: None,
            trials: 10,
            seed: 1,
            services: false,
            points,
        }
    }

    fn part(index: u64, count: u64, points: u64) -> SweepPart {
        let s = settings(points);
        let r = shard_points(Shard { index, count }, points);
        let mut header = s.params.clone();
        header.extend(["scope", "name"].map(String::from));
        let rows = (r.start..r.end)
            .map(|k| vec![vec![k.to_string(); header.len()]])
            .collect();
        SweepPart {
            format: SWEEP_PART_FORMAT.into(),
            version: SWEEP_PART_VERSION,
            settings: s,
            shard: Shard { index, count },
            points: [r.start, r.end],
            header,
            rows,
            json_points: None,
            wall_seconds: 1.0,
        }
    }

    #[test]
    fn parts_merge_in_grid_order_whatever_order_they_come_in() {
        let parts = vec![part(2, 3, 7), part(0, 3, 7), part(1, 3, 7)];
        let m = merge_sweep_parts(&parts).expect("merge");
        let firsts: Vec<&str> = m.rows.iter().map(|r| r[0][0].as_str()).collect();
        assert_eq!(firsts, ["0", "1", "2", "3", "4", "5", "6"]);
        assert_eq!(m.wall_seconds, 3.0);
        assert!(m.json_points.is_none());
    }

    #[test]
    fn missing_duplicated_foreign_and_damaged_parts_are_refused() {
        let e = merge_sweep_parts(&[part(0, 3, 7), part(2, 3, 7)]).expect_err("missing");
        assert!(
            e.message.contains("shard 1/3 (points [2, 4)) is missing"),
            "{e}"
        );
        let e = merge_sweep_parts(&[part(0, 2, 7), part(0, 2, 7)]).expect_err("twice");
        assert!(e.message.contains("again"), "{e}");
        assert_eq!(e.part, 1);
        let mut other = part(1, 2, 7);
        other.settings.seed = 2;
        let e = merge_sweep_parts(&[part(0, 2, 7), other]).expect_err("seed");
        assert!(e.message.contains("seed 2 (the first part has 1)"), "{e}");
        let mut cut = part(1, 2, 7);
        cut.rows.pop();
        let e = merge_sweep_parts(&[part(0, 2, 7), cut]).expect_err("cut");
        assert!(e.message.contains("not whole"), "{e}");
        let mut huge = part(0, 1, 7);
        huge.settings.points = u64::MAX;
        assert!(check_part(&huge).is_err());
        let mut odd = part(0, 1, 7);
        odd.rows[3][0].pop();
        assert!(check_part(&odd).expect_err("short row").contains("fields"));
        let e = merge_sweep_parts(&[part(0, 2, 7), part(1, 3, 7)]).expect_err("counts");
        assert!(
            e.message.contains("another sweep") || e.message.contains("shards"),
            "{e}"
        );
    }

    #[test]
    fn the_format_is_told_apart_from_a_run_part() {
        let text = serde_json::to_string(&part(0, 1, 3)).expect("json");
        assert!(is_sweep_part(&text));
        assert!(
            is_sweep_part(&text[..text.len() / 2]),
            "damaged, still a sweep part"
        );
        assert!(!is_sweep_part(r#"{"format":"nines-partial"}"#));
        assert!(!is_sweep_part("not json"));
        let back = sweep_part_from_str(&text).expect("read back");
        assert_eq!(back.rows, part(0, 1, 3).rows);
        assert!(sweep_part_from_str(&text[..text.len() / 2]).is_err());
    }
}
