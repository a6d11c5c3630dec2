//! Respondent rows: one row per respondent, an optional `respondent` id column, one column per
//! item (a seed item's name, or `table/Item name`), scores Likert 1–5 or 0–100 detected per
//! file. A respondent's weights in a table are their scores there (Likert: score − 1) divided
//! by their sum; the table's weights are the mean over respondents, with bootstrap intervals.

use super::sheet::{Row, Sheet, trimmed};
use super::{
    Form, Item, MAX_CELLS, MAX_ITEMS, MAX_NAME_CHARS, MAX_RESPONDENTS, Scale, Survey, Table,
    bootstrap, same_name, seed_ref,
};
use crate::model::did_you_mean;
use std::collections::HashMap;

/// The header: which item each column is, and the tables they make.
struct Header {
    /// Fields per row.
    count: usize,
    /// The `respondent` column, if any.
    id: Option<usize>,
    /// For each item column (in header order): its field index.
    fields: Vec<usize>,
    /// For each item column: its item's name, the key of messages about its cells.
    labels: Vec<String>,
    /// Tables in order of first appearance; each item's `Item` and its item-column index.
    tables: Vec<Draft>,
}

struct Draft {
    name: String,
    category: Option<String>,
    /// Offset of the table's first column in the header.
    first_at: usize,
    items: Vec<(Item, usize)>,
}

/// What was read from the data rows.
struct Answers {
    /// Scores, one row after another, one per item column; NaN = no answer.
    scores: Vec<f64>,
    /// Per row: its offset, and whether its answers (two or more) are all whole numbers 1–5.
    rows: Vec<(usize, bool)>,
    /// The first score that is not a whole number from 1 to 5, and where it is.
    first_not_likert: Option<(usize, f64)>,
}

/// Read respondent rows (the header row included), reporting every problem on `sheet`.
pub(super) fn read(sheet: &mut Sheet, origin: &str, resamples: usize) -> Option<Survey> {
    let mut header: Option<Header> = None;
    let mut header_seen = false;
    let mut answers = Answers {
        scores: Vec::new(),
        rows: Vec::new(),
        first_not_likert: None,
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    sheet.for_each_row(|s, row| {
        let Some(h) = &header else {
            header_seen = true;
            header = read_header(s, row);
            return header.is_some();
        };
        if answers.rows.len() == MAX_RESPONDENTS
            || (answers.rows.len() + 1) * h.fields.len() > MAX_CELLS
        {
            s.err(
                row.start,
                "",
                format!(
                    "too many answers: at most {MAX_RESPONDENTS} respondents and {MAX_CELLS} answer cells (respondents × items)"
                ),
            );
            return false;
        }
        data_row(s, row, h, &mut answers, &mut ids);
        true
    });
    if !header_seen {
        sheet.err_file(
            "",
            "the file is empty: it needs a header row (one column per item for respondent rows, or `table,category,item,description,percent` for the aggregated form)".into(),
        );
        return None;
    }
    let header = header?;
    if answers.rows.is_empty() {
        sheet.err(
            sheet.end(),
            "",
            "has no respondent rows: give one row per respondent under the header".into(),
        );
        return None;
    }
    let scale = detect_scale(sheet, &answers);
    if sheet.has_errors() {
        return None;
    }
    let k = header.fields.len();
    let n = answers.rows.len();
    let mut tables = Vec::with_capacity(header.tables.len());
    for t in header.tables {
        let cols: Vec<usize> = t.items.iter().map(|(_, c)| *c).collect();
        let (shares, incomplete, lowest) = table_shares(&answers.scores, k, &cols, scale);
        let used = shares.len() / cols.len().max(1);
        if used == 0 {
            sheet.err(
                t.first_at,
                &t.name,
                format!(
                    "no respondent answered every item of table `{}` with a total above the lowest score, so it has no weights ({n} rows: {incomplete} left an item of it empty, {lowest} gave every item of it the lowest score)",
                    t.name
                ),
            );
            continue;
        }
        let weights = bootstrap::mean(&shares, cols.len());
        let ci = bootstrap::intervals(
            &shares,
            cols.len(),
            resamples,
            bootstrap::table_seed(&t.name),
        );
        let items = t
            .items
            .into_iter()
            .enumerate()
            .map(|(i, (mut item, _))| {
                item.weight = weights[i];
                item.ci95 = ci.as_ref().map(|c| c[i]);
                item
            })
            .collect();
        tables.push(Table {
            name: t.name,
            category: t.category,
            percent_total: None,
            respondents: Some(used),
            items,
        });
    }
    if sheet.has_errors() {
        return None;
    }
    Some(Survey {
        origin: origin.to_string(),
        form: Form::Respondents,
        scale: Some(scale),
        respondents: Some(n),
        tables,
    })
}

/// The share vectors (row after row) of the respondents who answered every item of a table
/// with an adjusted total above 0, and the counts of those left out: (shares, rows with an
/// empty answer, rows whose every answer is the lowest score).
fn table_shares(
    scores: &[f64],
    k: usize,
    cols: &[usize],
    scale: Scale,
) -> (Vec<f64>, usize, usize) {
    let shift = match scale {
        Scale::Likert => 1.0,
        Scale::Percent => 0.0,
    };
    let mut shares = Vec::new();
    let (mut incomplete, mut lowest) = (0, 0);
    let mut row_values = Vec::with_capacity(cols.len());
    for row in scores.chunks_exact(k.max(1)) {
        row_values.clear();
        row_values.extend(cols.iter().map(|&c| row[c] - shift));
        if row_values.iter().any(|v| v.is_nan()) {
            incomplete += 1;
            continue;
        }
        let total: f64 = row_values.iter().sum();
        if total.is_nan() || total <= 0.0 {
            lowest += 1;
            continue;
        }
        shares.extend(row_values.iter().map(|v| v / total));
    }
    (shares, incomplete, lowest)
}

/// Likert when every score is a whole number from 1 to 5, otherwise 0–100; in a 0–100 file a
/// respondent whose two or more answers are all whole numbers from 1 to 5 is reported (one
/// file, one scale).
fn detect_scale(s: &mut Sheet, a: &Answers) -> Scale {
    let Some((first_at, first)) = a.first_not_likert else {
        return Scale::Likert;
    };
    let place = s.place(first_at);
    for &(start, likert_like) in &a.rows {
        if likert_like {
            s.err(
                start,
                "",
                format!(
                    "this respondent's answers are all whole numbers from 1 to 5 (Likert) but the file uses 0–100 scores (e.g. {first} at {place}): one file, one scale; give this respondent's scores from 0 to 100"
                ),
            );
        }
    }
    Scale::Percent
}

fn data_row(
    s: &mut Sheet,
    row: &Row,
    h: &Header,
    a: &mut Answers,
    ids: &mut HashMap<String, usize>,
) {
    if row.fields.len() != h.count {
        s.err(
            row.start,
            "",
            format!(
                "has {} fields, the header has {} (one value per column; leave a cell empty for no answer)",
                row.fields.len(),
                h.count
            ),
        );
        return;
    }
    if let Some(i) = h.id {
        let (at, id) = trimmed(&row.fields[i]);
        if !id.is_empty() {
            if let Some(&first) = ids.get(id) {
                let first = s.place(first);
                s.err(
                    at,
                    "respondent",
                    format!("`{id}` is listed twice (first at {first}): one row per respondent"),
                );
            } else if ids.len() < MAX_RESPONDENTS {
                ids.insert(id.to_string(), at);
            }
        }
    }
    let (mut answered, mut all_likert) = (0usize, true);
    for (&f, label) in h.fields.iter().zip(&h.labels) {
        let (at, v) = trimmed(&row.fields[f]);
        let score = if v.is_empty() {
            f64::NAN
        } else {
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=100.0).contains(&x) => x,
                _ => {
                    s.err(
                        at,
                        label,
                        format!(
                            "must be a score: a whole number from 1 to 5 (Likert) or a number from 0 to 100, or empty for no answer; found `{v}`"
                        ),
                    );
                    f64::NAN
                }
            }
        };
        if !score.is_nan() {
            answered += 1;
            let likert = score.fract() == 0.0 && (1.0..=5.0).contains(&score);
            all_likert &= likert;
            if !likert && a.first_not_likert.is_none() {
                a.first_not_likert = Some((at, score));
            }
        }
        a.scores.push(score);
    }
    a.rows.push((row.start, answered >= 2 && all_likert));
}

fn read_header(s: &mut Sheet, row: &Row) -> Option<Header> {
    let seed = seed_ref();
    let mut h = Header {
        count: row.fields.len(),
        id: None,
        fields: Vec::new(),
        labels: Vec::new(),
        tables: Vec::new(),
    };
    let mut seen: Vec<(usize, usize, usize)> = Vec::new(); // (table, item, offset)
    for (i, f) in row.fields.iter().enumerate() {
        let (at, name) = trimmed(f);
        if name.is_empty() {
            s.err(
                at,
                "",
                format!(
                    "column {} has no name: name an item (a seed item, or `table/Item name`) or `respondent`",
                    i + 1
                ),
            );
            continue;
        }
        if name.eq_ignore_ascii_case("respondent") {
            if h.id.is_some() {
                s.err(at, name, "is a repeated column name".into());
            } else {
                h.id = Some(i);
            }
            continue;
        }
        let Some((table, category, item, description)) = column_item(s, at, name, seed) else {
            continue;
        };
        let t = match h.tables.iter().position(|t| same_name(&t.name, &table)) {
            Some(t) => t,
            None => {
                h.tables.push(Draft {
                    name: table,
                    category,
                    first_at: at,
                    items: Vec::new(),
                });
                h.tables.len() - 1
            }
        };
        let draft = &mut h.tables[t];
        if let Some(k) = draft
            .items
            .iter()
            .position(|(it, _)| same_name(&it.name, &item))
        {
            let first = seen
                .iter()
                .find(|(tt, kk, _)| *tt == t && *kk == k)
                .map_or(at, |x| x.2);
            let first = s.place(first);
            s.err(
                at,
                name,
                format!("is a repeated column: the same item as the column at {first}"),
            );
            continue;
        }
        if h.fields.len() == MAX_ITEMS {
            s.err(
                at,
                name,
                format!("too many item columns: a survey may have at most {MAX_ITEMS}"),
            );
            return None;
        }
        seen.push((t, draft.items.len(), at));
        h.labels.push(item.clone());
        draft.items.push((
            Item {
                name: item,
                description,
                percent: None,
                weight: 0.0,
                ci95: None,
            },
            h.fields.len(),
        ));
        h.fields.push(i);
    }
    if h.fields.is_empty() && !s.has_errors() {
        s.err(
            row.start,
            "",
            "the header names no item: give one column per item (a seed item such as `Load Balancing`, or `table/Item name`), and optionally a `respondent` column".into(),
        );
    }
    if h.fields.is_empty() { None } else { Some(h) }
}

/// The table, category, item name and description of one header name; reports and returns
/// None when it is not allowed.
fn column_item(
    s: &mut Sheet,
    at: usize,
    name: &str,
    seed: &Survey,
) -> Option<(String, Option<String>, String, Option<String>)> {
    let in_seed = |item: &str| {
        seed.tables
            .iter()
            .find_map(|t| t.item(item).map(|i| (t, i)))
    };
    if let Some((table, item)) = name.split_once('/') {
        let (table, item) = (table.trim(), item.trim());
        if table.is_empty() || item.is_empty() {
            s.err(
                at,
                name,
                "write `table/Item name` with both parts (or a seed item's name alone)".into(),
            );
            return None;
        }
        if table.chars().count() > MAX_NAME_CHARS || item.chars().count() > MAX_NAME_CHARS {
            s.err(
                at,
                name,
                format!("is too long: table and item names have at most {MAX_NAME_CHARS} characters each"),
            );
            return None;
        }
        return match in_seed(item) {
            Some((t, i)) if same_name(&t.name, table) => Some((
                t.name.clone(),
                t.category.clone(),
                i.name.clone(),
                i.description.clone(),
            )),
            Some((t, i)) => {
                s.err(
                    at,
                    name,
                    format!(
                        "`{}` is an item of the seed's table `{}`: write `{}/{}` or just `{}`",
                        i.name, t.name, t.name, i.name, i.name
                    ),
                );
                None
            }
            None => {
                let seed_table = seed.table(table);
                Some((
                    seed_table.map_or_else(|| table.to_string(), |t| t.name.clone()),
                    seed_table.and_then(|t| t.category.clone()),
                    item.to_string(),
                    None,
                ))
            }
        };
    }
    if let Some((t, i)) = in_seed(name) {
        return Some((
            t.name.clone(),
            t.category.clone(),
            i.name.clone(),
            i.description.clone(),
        ));
    }
    let names = seed
        .tables
        .iter()
        .flat_map(|t| t.items.iter().map(|i| i.name.as_str()));
    let hint = did_you_mean(name, names)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    s.err(
        at,
        name,
        format!(
            "is not an item of the seed survey ({hint}name an item of your own as `table/Item name`, e.g. `strategies/{name}`)"
        ),
    );
    None
}
