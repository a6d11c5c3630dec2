//! Reading a model file: TOML syntax, keys and value types, with positions for messages.
//!
//! Parsing never stops at the first problem: it collects every one it can find and returns
//! a best-effort [`Model`] beside them, so that validation can add its own in the same report.

use super::dist::DIST_NAMES;
use super::{
    Component, DEFAULT_HORIZON_HOURS, Diagnostic, Dist, Group, MAX_REPLICAS, Model, ModelInfo, Pos,
    Service, Spans, did_you_mean,
};
use toml_edit::{Document, Item, TableLike};

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

struct Ctx<'a> {
    lines: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

/// Tables allowed at the top of a model file.
const ROOT_KEYS: [&str; 4] = ["model", "component", "group", "service"];
const MODEL_KEYS: [&str; 3] = ["name", "description", "horizon_hours"];
const COMPONENT_KEYS: [&str; 6] = [
    "name",
    "replicas",
    "min_up",
    "failure",
    "repair",
    "depends_on",
];
const GROUP_KEYS: [&str; 3] = ["name", "of", "min_up"];
const SERVICE_KEYS: [&str; 2] = ["name", "requires"];

impl Ctx<'_> {
    fn err(&mut self, pos: Option<Pos>, key: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            pos,
            key: key.into(),
            message: message.into(),
        });
    }

    fn span_pos(&self, span: Option<std::ops::Range<usize>>) -> Option<Pos> {
        span.map(|r| self.lines.pos(r.start))
    }

    fn key_pos(&self, t: &dyn TableLike, key: &str) -> Option<Pos> {
        self.span_pos(t.key(key).and_then(|k| k.span()))
    }

    /// Report keys not in `allowed` and record the position of every key.
    fn keys(
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

    fn string(
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

    fn integer(
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

    fn number(&mut self, t: &dyn TableLike, path: &str, key: &str) -> Option<f64> {
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

    fn names(&mut self, t: &dyn TableLike, path: &str, key: &str) -> Option<Vec<String>> {
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

    fn dist(
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

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn describe(item: &Item) -> String {
    match item.as_value() {
        Some(v) => format!("{} `{}`", v.type_name(), v.to_string().trim()),
        None => item.type_name().to_string(),
    }
}

/// What parsing found: the model as far as it could be read, and every problem.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The model, without the tables that had problems; `None` when the text is not TOML.
    pub model: Option<Model>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Names of components and groups left out because of their problems.
    pub dropped: Vec<String>,
    /// Whether any `[[component]]` was left out.
    pub dropped_component: bool,
}

/// Parse model text, collecting every problem instead of stopping at the first.
pub fn parse_model(source: &str, origin: &str) -> Parsed {
    let mut dropped = Vec::new();
    let mut dropped_component = false;
    let mut ctx = Ctx {
        lines: LineIndex::new(source),
        diags: Vec::new(),
    };
    let doc = match Document::parse(source) {
        Ok(d) => d,
        Err(e) => {
            let pos = ctx.span_pos(e.span());
            let msg = e.message().trim().replace('\n', " ");
            ctx.err(pos, "", format!("TOML syntax error: {msg}"));
            return Parsed {
                model: None,
                diagnostics: ctx.diags,
                dropped,
                dropped_component,
            };
        }
    };
    let root = doc.as_table();
    let mut root_spans = Spans::default();
    ctx.keys(root, "", &ROOT_KEYS, "", &mut root_spans);

    let info = read_info(&mut ctx, root.get("model"), root_spans.of("model"));
    let mut model = Model {
        model: info,
        components: Vec::new(),
        groups: Vec::new(),
        services: Vec::new(),
        origin: Some(origin.to_string()),
    };

    for (i, t, path, spans) in tables(&mut ctx, root, "component") {
        let name = ctx.string(t, &path, "name", spans.table);
        let mut spans = spans;
        let label = label("component", i, name.as_deref());
        ctx.keys(t, &label, &COMPONENT_KEYS, "", &mut spans);
        let replicas = if t.contains_key("replicas") {
            ctx.integer(t, &label, "replicas", 1, i64::from(MAX_REPLICAS))
        } else {
            Some(1)
        };
        let min_up = if t.contains_key("min_up") {
            ctx.integer(t, &label, "min_up", 1, i64::from(MAX_REPLICAS))
                .map(Some)
        } else {
            Some(None)
        };
        let failure = ctx.dist(t, &label, "failure", spans.table, &mut spans);
        let repair = ctx.dist(t, &label, "repair", spans.table, &mut spans);
        let deps = if t.contains_key("depends_on") {
            ctx.names(t, &label, "depends_on")
        } else {
            Some(Vec::new())
        };
        match (name, replicas, min_up, failure, repair, deps) {
            (
                Some(name),
                Some(replicas),
                Some(min_up),
                Some(failure),
                Some(repair),
                Some(depends_on),
            ) => {
                model.components.push(Component {
                    name,
                    replicas,
                    min_up,
                    failure,
                    repair,
                    depends_on,
                    spans,
                });
            }
            (name, ..) => {
                dropped_component = true;
                dropped.extend(name);
            }
        }
    }
    for (i, t, path, spans) in tables(&mut ctx, root, "group") {
        let name = ctx.string(t, &path, "name", spans.table);
        let mut spans = spans;
        let label = label("group", i, name.as_deref());
        ctx.keys(t, &label, &GROUP_KEYS, "", &mut spans);
        let of = match t.contains_key("of") {
            true => ctx.names(t, &label, "of"),
            false => {
                ctx.err(
                    spans.table,
                    join(&label, "of"),
                    "is required: the member names, e.g. of = [\"psp_a\", \"psp_b\"]",
                );
                None
            }
        };
        let min_up = match t.contains_key("min_up") {
            true => ctx.integer(t, &label, "min_up", 1, i64::from(u32::MAX)),
            false => {
                ctx.err(
                    spans.table,
                    join(&label, "min_up"),
                    "is required: how many members must be available",
                );
                None
            }
        };
        match (name, of, min_up) {
            (Some(name), Some(of), Some(min_up)) => model.groups.push(Group {
                name,
                of,
                min_up,
                spans,
            }),
            (name, ..) => dropped.extend(name),
        }
    }
    for (i, t, path, spans) in tables(&mut ctx, root, "service") {
        let name = ctx.string(t, &path, "name", spans.table);
        let mut spans = spans;
        let label = label("service", i, name.as_deref());
        ctx.keys(t, &label, &SERVICE_KEYS, "", &mut spans);
        let requires = match t.contains_key("requires") {
            true => ctx.names(t, &label, "requires"),
            false => {
                ctx.err(
                    spans.table,
                    join(&label, "requires"),
                    "is required: the components or groups it needs",
                );
                None
            }
        };
        if let (Some(name), Some(requires)) = (name, requires) {
            model.services.push(Service {
                name,
                requires,
                spans,
            });
        }
    }
    Parsed {
        model: Some(model),
        diagnostics: ctx.diags,
        dropped,
        dropped_component,
    }
}

fn label(kind: &str, i: usize, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{kind} \"{n}\""),
        None => format!("{kind} #{}", i + 1),
    }
}

fn read_info(ctx: &mut Ctx, item: Option<&Item>, at: Option<Pos>) -> ModelInfo {
    let mut info = ModelInfo {
        name: String::new(),
        description: String::new(),
        horizon_hours: DEFAULT_HORIZON_HOURS,
        spans: Spans::default(),
    };
    let Some(item) = item else {
        ctx.err(
            Some(Pos { line: 1, column: 1 }),
            "model",
            "the [model] table is required, with at least name = \"...\"",
        );
        return info;
    };
    let Some(t) = item.as_table_like() else {
        ctx.err(
            at,
            "model",
            format!("must be a table ([model]), found {}", describe(item)),
        );
        return info;
    };
    info.spans.table = ctx.span_pos(item.span()).or(at);
    let mut spans = Spans {
        table: info.spans.table,
        keys: Vec::new(),
    };
    ctx.keys(t, "model", &MODEL_KEYS, "", &mut spans);
    info.name = ctx
        .string(t, "model", "name", spans.table)
        .unwrap_or_default();
    if t.contains_key("description") {
        match t.get("description").and_then(Item::as_str) {
            Some(s) => info.description = s.to_string(),
            None => ctx.err(
                ctx.key_pos(t, "description"),
                "model.description",
                "must be a string",
            ),
        }
    }
    if let Some(h) = ctx.number(t, "model", "horizon_hours") {
        info.horizon_hours = h;
    }
    info.spans.keys = spans.keys;
    info
}

/// The tables of an array of tables such as `[[component]]`, with their index, a label path
/// and their position.
fn tables<'d>(
    ctx: &mut Ctx,
    root: &'d toml_edit::Table,
    key: &str,
) -> Vec<(usize, &'d dyn TableLike, String, Spans)> {
    let Some(item) = root.get(key) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, &'d dyn TableLike, String, Spans)> = Vec::new();
    if let Some(aot) = item.as_array_of_tables() {
        for (i, t) in aot.iter().enumerate() {
            let pos = ctx.span_pos(t.span());
            out.push((
                i,
                t as &dyn TableLike,
                format!("{key} #{}", i + 1),
                Spans {
                    table: pos,
                    keys: Vec::new(),
                },
            ));
        }
    } else if let Some(arr) = item.as_array() {
        for (i, v) in arr.iter().enumerate() {
            match v.as_inline_table() {
                Some(t) => {
                    let pos = ctx.span_pos(t.span());
                    out.push((
                        i,
                        t as &dyn TableLike,
                        format!("{key} #{}", i + 1),
                        Spans {
                            table: pos,
                            keys: Vec::new(),
                        },
                    ));
                }
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

    #[test]
    fn reads_a_minimal_model() {
        let src = "[model]\nname = \"m\"\n[[component]]\nname = \"a\"\nfailure = { dist = \"exponential\", mean_hours = 10 }\nrepair = { dist = \"fixed\", hours = 1 }\n";
        let p = parse_model(src, "m.toml");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let m = p.model.expect("model");
        assert_eq!(m.components[0].replicas, 1);
        assert_eq!(
            m.components[0].failure,
            Dist::Exponential { mean_hours: 10.0 }
        );
        assert_eq!(
            m.components[0]
                .spans
                .of("failure.mean_hours")
                .map(|p| p.line),
            Some(5)
        );
    }

    #[test]
    fn collects_several_problems() {
        let src = "[model]\nname = 1\ncolour = 2\n[[component]]\nname = \"a\"\nreplicsa = 2\nfailure = { dist = \"expo\", mean_hours = 10 }\nrepair = { dist = \"fixed\" }\n";
        let d = parse_model(src, "m.toml").diagnostics;
        let text: Vec<String> = d
            .iter()
            .map(|x| format!("{}: {}", x.key, x.message))
            .collect();
        assert_eq!(d.len(), 5, "{text:#?}");
        assert!(text.iter().any(|t| t.contains("did you mean `replicas`")));
        assert!(
            text.iter()
                .any(|t| t.contains("did you mean `exponential`"))
        );
    }
}
