//! Reading TOML tables with positions: typed getters that record every problem (with line,
//! column, key and what is allowed) instead of stopping at the first.

use super::dist::DIST_NAMES;
use super::{Diagnostic, Dist, Pos, Spans, did_you_mean};
use toml_edit::{Item, TableLike};

/// Byte offset to line/column conversion for one source text.
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { source, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Pos {
            line: line as u32,
            column: column as u32,
        }
    }
}

/// Collects problems while reading one file.
pub(crate) struct Ctx<'a> {
    pub(crate) lines: LineIndex<'a>,
    pub(crate) diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(crate) fn err(
        &mut self,
        pos: Option<Pos>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.diags.push(Diagnostic {
            pos,
            key: key.into(),
            message: message.into(),
        });
    }

    pub(crate) fn span_pos(&self, span: Option<std::ops::Range<usize>>) -> Option<Pos> {
        span.map(|r| self.lines.pos(r.start))
    }

    pub(crate) fn key_pos(&self, t: &dyn TableLike, key: &str) -> Option<Pos> {
        self.span_pos(t.key(key).and_then(|k| k.span()))
    }

    /// Report keys not in `allowed` and record the position of every key.
    pub(crate) fn keys(
        &mut self,
        t: &dyn TableLike,
        path: &str,
        allowed: &[&str],
        prefix: &str,
        spans: &mut Spans,
    ) {
        for (k, _) in t.iter() {
            let pos = self.key_pos(t, k);
            if let Some(p) = pos {
                spans.keys.push((format!("{prefix}{k}"), p));
            }
            if !allowed.contains(&k) {
                let hint = match did_you_mean(k, allowed.iter().copied()) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => String::new(),
                };
                self.err(
                    pos,
                    join(path, k),
                    format!("unknown key{hint} (allowed: {})", allowed.join(", ")),
                );
            }
        }
    }

    pub(crate) fn string(
        &mut self,
        t: &dyn TableLike,
        path: &str,
        key: &str,
        at: Option<Pos>,
    ) -> Option<String> {
        match t.get(key) {
            None => {
                self.err(at, join(path, key), "is required (a string)");
                None
            }
            Some(item) => match item.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    self.err(
                        self.key_pos(t, key),
                        join(path, key),
                        format!("must be a string, found {}", item.type_name()),
                    );
                    None
                }
            },
        }
    }

    pub(crate) fn integer(
        &mut self,
        t: &dyn TableLike,
        path: &str,
        key: &str,
        min: i64,
        max: i64,
    ) -> Option<u32> {
        let item = t.get(key)?;
        let pos = self.key_pos(t, key);
        match item.as_integer() {
            Some(v) if (min..=max).contains(&v) => u32::try_from(v).ok(),
            Some(v) => {
                self.err(
                    pos,
                    join(path, key),
                    format!("must be an integer from {min} to {max}, found {v}"),
                );
                None
            }
            None => {
                self.err(
                    pos,
                    join(path, key),
                    format!(
                        "must be an integer from {min} to {max}, found {}",
                        describe(item)
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn number(&mut self, t: &dyn TableLike, path: &str, key: &str) -> Option<f64> {
        let item = t.get(key)?;
        if let Some(v) = item.as_float() {
            return Some(v);
        }
        if let Some(v) = item.as_integer() {
            return Some(v as f64);
        }
        self.err(
            self.key_pos(t, key),
            join(path, key),
            format!("must be a number, found {}", describe(item)),
        );
        None
    }

    pub(crate) fn names(
        &mut self,
        t: &dyn TableLike,
        path: &str,
        key: &str,
    ) -> Option<Vec<String>> {
        let item = t.get(key)?;
        let pos = self.key_pos(t, key);
        let Some(arr) = item.as_array() else {
            self.err(
                pos,
                join(path, key),
                format!(
                    "must be an array of names like [\"db\"], found {}",
                    describe(item)
                ),
            );
            return None;
        };
        let mut out = Vec::with_capacity(arr.len());
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(s.to_string()),
                None => {
                    let p = self.span_pos(v.span()).or(pos);
                    self.err(
                        p,
                        join(path, key),
                        format!("must contain only names (strings), found {}", v.type_name()),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    pub(crate) fn dist(
        &mut self,
        t: &dyn TableLike,
        path: &str,
        key: &str,
        at: Option<Pos>,
        spans: &mut Spans,
    ) -> Option<Dist> {
        let path = join(path, key);
        let Some(item) = t.get(key) else {
            self.err(
                at,
                &path,
                "is required, e.g. { dist = \"exponential\", mean_hours = 1000 }",
            );
            return None;
        };
        let pos = self.key_pos(t, key);
        let Some(table) = item.as_table_like() else {
            self.err(pos, &path, format!("must be a table like {{ dist = \"exponential\", mean_hours = 1000 }}, found {}", describe(item)));
            return None;
        };
        let name = match table.get("dist").map(|i| i.as_str()) {
            None => {
                self.err(
                    pos,
                    join(&path, "dist"),
                    format!("is required (one of: {})", DIST_NAMES.join(", ")),
                );
                return None;
            }
            Some(None) => {
                self.err(
                    self.key_pos(table, "dist"),
                    join(&path, "dist"),
                    format!("must be a string (one of: {})", DIST_NAMES.join(", ")),
                );
                return None;
            }
            Some(Some(s)) => s.to_string(),
        };
        let Some(params) = Dist::param_names(&name) else {
            let hint = did_you_mean(&name, DIST_NAMES)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            self.err(
                self.key_pos(table, "dist"),
                join(&path, "dist"),
                format!(
                    "unknown distribution `{name}`{hint} (allowed: {})",
                    DIST_NAMES.join(", ")
                ),
            );
            return None;
        };
        let mut allowed = vec!["dist"];
        allowed.extend_from_slice(params);
        self.keys(table, &path, &allowed, &format!("{key}."), spans);
        let mut values = Vec::with_capacity(params.len());
        for p in params {
            match table.get(p) {
                None => {
                    self.err(
                        pos,
                        join(&path, p),
                        format!(
                            "is required for dist = \"{name}\" (it takes {})",
                            params.join(", ")
                        ),
                    );
                    return None;
                }
                Some(_) => values.push(self.number(table, &path, p)?),
            }
        }
        Dist::from_params(&name, &values)
    }
}

/// How a key of a small table of numbers is read.
pub(crate) enum Field {
    /// Must be present.
    Required,
    /// Takes this value when absent.
    Default(f64),
}

impl Ctx<'_> {
    /// A small inline table of numbers such as `failover = { seconds = 90, success = 0.98 }`:
    /// `Some(None)` when `key` is absent, `None` after a problem, else the values in the order
    /// of `fields`. `example` shows the form in messages.
    pub(crate) fn number_table(
        &mut self,
        t: &dyn TableLike,
        label: &str,
        key: &str,
        fields: &[(&str, Field)],
        example: &str,
        spans: &mut Spans,
    ) -> Option<Option<Vec<f64>>> {
        let Some(item) = t.get(key) else {
            return Some(None);
        };
        let path = join(label, key);
        let Some(tab) = item.as_table_like() else {
            self.err(
                self.key_pos(t, key),
                &path,
                format!("must be a table like {example}, found {}", describe(item)),
            );
            return None;
        };
        let allowed: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
        self.keys(tab, &path, &allowed, &format!("{key}."), spans);
        let mut values = Vec::with_capacity(fields.len());
        let mut ok = true;
        for (k, field) in fields {
            let v = match (tab.contains_key(k), field) {
                (true, _) => self.number(tab, &path, k),
                (false, Field::Default(d)) => Some(*d),
                (false, Field::Required) => {
                    self.err(
                        self.key_pos(t, key),
                        join(&path, k),
                        format!("is required ({key} = {example})"),
                    );
                    None
                }
            };
            match v {
                Some(v) => values.push(v),
                None => ok = false,
            }
        }
        ok.then_some(Some(values))
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn describe(item: &Item) -> String {
    match item.as_value() {
        Some(v) => format!("{} `{}`", v.type_name(), v.to_string().trim()),
        None => item.type_name().to_string(),
    }
}

pub(crate) fn label(kind: &str, i: usize, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{kind} \"{n}\""),
        None => format!("{kind} #{}", i + 1),
    }
}

/// The tables of an array of tables such as `[[component]]`, with their index, a label path
/// and their position.
pub(crate) fn tables<'d>(
    ctx: &mut Ctx,
    root: &'d toml_edit::Table,
    key: &str,
) -> Vec<(usize, &'d dyn TableLike, String, Spans)> {
    let Some(item) = root.get(key) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, &'d dyn TableLike, String, Spans)> = Vec::new();
    let entry = |i: usize, t: &'d dyn TableLike, pos| {
        (
            i,
            t,
            format!("{key} #{}", i + 1),
            Spans {
                table: pos,
                keys: Vec::new(),
            },
        )
    };
    if let Some(aot) = item.as_array_of_tables() {
        for (i, t) in aot.iter().enumerate() {
            out.push(entry(i, t, ctx.span_pos(t.span())));
        }
    } else if let Some(arr) = item.as_array() {
        for (i, v) in arr.iter().enumerate() {
            match v.as_inline_table() {
                Some(t) => out.push(entry(i, t, ctx.span_pos(t.span()))),
                None => ctx.err(
                    ctx.span_pos(v.span()),
                    key,
                    format!("must be a list of tables, found {}", v.type_name()),
                ),
            }
        }
    } else {
        let pos = ctx.key_pos(root, key);
        ctx.err(pos, key, format!("must be an array of tables: write [[{key}]] (double brackets) for each one, found {}", item.type_name()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let li = LineIndex::new("ab\ncd\n");
        assert_eq!(li.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(li.pos(4), Pos { line: 2, column: 2 });
    }
}
