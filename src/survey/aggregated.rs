//! The seed's aggregated form: one row per item, columns `table,category,item,description,percent`
//! (`category` and `description` optional, any order); weight = percent / Σ percent of its table.

use super::sheet::{Row, Sheet, trimmed};
use super::{Form, Item, MAX_ITEMS, MAX_NAME_CHARS, Survey, Table, same_name};
use crate::model::did_you_mean;

/// The columns of the aggregated form.
const COLUMNS: [&str; 5] = ["table", "category", "item", "description", "percent"];
const TABLE: usize = 0;
const CATEGORY: usize = 1;
const ITEM: usize = 2;
const DESCRIPTION: usize = 3;
const PERCENT: usize = 4;

/// Where each known column is in the header.
struct Layout {
    count: usize,
    at: [Option<usize>; 5],
}

/// A table being read: where it was first seen, its category, and items with their offsets.
struct Draft {
    name: String,
    first_at: usize,
    category: Option<String>,
    items: Vec<(Item, usize)>,
}

/// Read the aggregated form (the header row included), reporting every problem on `sheet`.
pub(super) fn read(sheet: &mut Sheet, origin: &str) -> Option<Survey> {
    let mut layout: Option<Layout> = None;
    let mut header_seen = false;
    let mut tables: Vec<Draft> = Vec::new();
    let mut rows = 0usize;
    let mut items = 0usize;
    sheet.for_each_row(|s, row| {
        let Some(l) = &layout else {
            header_seen = true;
            layout = header(s, row);
            return layout.is_some();
        };
        rows += 1;
        if data_row(s, row, l, &mut tables) {
            items += 1;
            if items > MAX_ITEMS {
                s.err(
                    row.start,
                    "",
                    format!("too many items: a survey may have at most {MAX_ITEMS}"),
                );
                return false;
            }
        }
        true
    });
    if !header_seen {
        sheet.err_file(
            "",
            "the file is empty: it needs a header row (`table,category,item,description,percent` for the aggregated form, or one column per item for respondent rows)".into(),
        );
        return None;
    }
    layout.as_ref()?;
    if rows == 0 {
        sheet.err(
            sheet.end(),
            "",
            "has no data rows: give one row per item under the header".into(),
        );
        return None;
    }
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let total: f64 = t.items.iter().filter_map(|(i, _)| i.percent).sum();
        if total.is_nan() || total <= 0.0 {
            sheet.err(
                t.first_at,
                "percent",
                format!(
                    "the percents of table `{}` add up to 0: at least one must be above 0 (weights are percent / the table's sum)",
                    t.name
                ),
            );
            continue;
        }
        let items = t
            .items
            .into_iter()
            .map(|(mut i, _)| {
                i.weight = i.percent.unwrap_or(0.0) / total;
                i
            })
            .collect();
        out.push(Table {
            name: t.name,
            category: t.category,
            percent_total: Some(total),
            respondents: None,
            items,
        });
    }
    if sheet.has_errors() {
        return None;
    }
    Some(Survey {
        origin: origin.to_string(),
        form: Form::Aggregated,
        scale: None,
        respondents: None,
        tables: out,
    })
}

fn header(s: &mut Sheet, row: &Row) -> Option<Layout> {
    let mut at: [Option<usize>; 5] = [None; 5];
    for (i, f) in row.fields.iter().enumerate() {
        let (pos, name) = trimmed(f);
        let lower = name.to_lowercase();
        match COLUMNS.iter().position(|c| *c == lower) {
            Some(k) if at[k].is_some() => s.err(pos, name, "is a repeated column name".into()),
            Some(k) => at[k] = Some(i),
            None => {
                let hint = did_you_mean(&lower, COLUMNS)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                s.err(
                    pos,
                    name,
                    format!(
                        "unknown column in an aggregated survey ({hint}allowed: {}; a header naming `table` or `percent` is read as the aggregated form)",
                        COLUMNS.join(", ")
                    ),
                );
            }
        }
    }
    let missing: Vec<String> = [TABLE, ITEM, PERCENT]
        .iter()
        .filter(|&&k| at[k].is_none())
        .map(|&k| format!("`{}`", COLUMNS[k]))
        .collect();
    if !missing.is_empty() {
        s.err(
            row.start,
            "",
            format!(
                "the header of an aggregated survey needs the columns table, item and percent (and may have category and description); missing: {}",
                missing.join(", ")
            ),
        );
        return None;
    }
    Some(Layout {
        count: row.fields.len(),
        at,
    })
}

/// Check one data row and add its item; true when an item was added.
fn data_row(s: &mut Sheet, row: &Row, l: &Layout, tables: &mut Vec<Draft>) -> bool {
    if row.fields.len() != l.count {
        s.err(
            row.start,
            "",
            format!(
                "has {} fields, the header has {} (one value per column; quote a value that holds a comma)",
                row.fields.len(),
                l.count
            ),
        );
        return false;
    }
    let cell = |k: usize| l.at[k].map(|i| trimmed(&row.fields[i]));
    let name = |s: &mut Sheet, k: usize| -> Option<String> {
        let (at, v) = cell(k)?;
        let what = COLUMNS[k];
        if v.is_empty() {
            s.err(at, what, format!("is empty: give the {what}'s name"));
            None
        } else if v.chars().count() > MAX_NAME_CHARS {
            s.err(
                at,
                what,
                format!("is too long: at most {MAX_NAME_CHARS} characters"),
            );
            None
        } else {
            Some(v.to_string())
        }
    };
    let table = name(s, TABLE);
    let item = name(s, ITEM);
    let percent = cell(PERCENT).and_then(|(at, v)| match parse_percent(v) {
        Ok(p) => Some(p),
        Err(m) => {
            s.err(at, "percent", m);
            None
        }
    });
    let optional = |k: usize| {
        cell(k)
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty())
    };
    let category = optional(CATEGORY);
    let description = optional(DESCRIPTION);
    let (Some(table), Some(item), Some(percent)) = (table, item, percent) else {
        return false;
    };
    let t = match tables.iter().position(|t| same_name(&t.name, &table)) {
        Some(k) => &mut tables[k],
        None => {
            tables.push(Draft {
                name: table,
                first_at: row.start,
                category: None,
                items: Vec::new(),
            });
            let last = tables.len() - 1;
            &mut tables[last]
        }
    };
    let item_at = cell(ITEM).map_or(row.start, |(at, _)| at);
    if let Some((_, first)) = t.items.iter().find(|(i, _)| same_name(&i.name, &item)) {
        let first = s.place(*first);
        s.err(
            item_at,
            "item",
            format!(
                "`{item}` is listed twice in table `{}` (first at {first}): one row per item",
                t.name
            ),
        );
        return false;
    }
    match (&t.category, category) {
        (Some(c), Some(new)) if !same_name(c, &new) => {
            let at = cell(CATEGORY).map_or(row.start, |(at, _)| at);
            s.err(
                at,
                "category",
                format!(
                    "is `{new}` but table `{}` has category `{c}`: every row of a table names the same category",
                    t.name
                ),
            );
            return false;
        }
        (None, Some(new)) => t.category = Some(new),
        _ => {}
    }
    t.items.push((
        Item {
            name: item,
            description,
            percent: Some(percent),
            weight: 0.0,
            ci95: None,
        },
        item_at,
    ));
    true
}

/// A share of respondents in percent: a number from 0 to 100, optionally followed by `%`.
fn parse_percent(v: &str) -> Result<f64, String> {
    if v.is_empty() {
        return Err("is empty: give the share of respondents in percent (0 to 100)".into());
    }
    let number = v.strip_suffix('%').unwrap_or(v).trim();
    match number.parse::<f64>() {
        Ok(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Ok(p),
        Ok(p) if p.is_finite() => Err(format!(
            "must be from 0 to 100 (a share of respondents in percent), found {v}"
        )),
        _ => Err(format!(
            "must be a number from 0 to 100 (a share of respondents in percent), found `{v}`"
        )),
    }
}
