//! The `edits` list of an option: each `{ path = "…", set | scale | append | remove | add }`,
//! read with positions into the core edit language.

use crate::edit::{Edit, EditPath, Op, parse_value};
use crate::model::reader::{Ctx, describe, join};
use crate::model::{Pos, Spans};
use toml_edit::{TableLike, Value};

/// Keys of one entry of `edits`.
const EDIT_KEYS: [&str; 6] = ["path", "set", "scale", "append", "remove", "add"];
/// Most edits one option may make.
pub const MAX_EDITS: usize = 1000;

/// The `edits` list: each `{ path = "…", set | scale | append | remove | add }`.
pub(super) fn read_edits(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
) -> Option<(Vec<Edit>, Vec<Option<Pos>>)> {
    let Some(item) = t.get("edits") else {
        return Some((Vec::new(), Vec::new()));
    };
    let path = join(label, "edits");
    let pos = ctx.key_pos(t, "edits");
    let Some(arr) = item.as_array() else {
        ctx.err(
            pos,
            &path,
            format!(
                "must be a list like [{{ path = \"component.cdn.replicas\", set = 2 }}], found {}",
                describe(item)
            ),
        );
        return None;
    };
    if arr.len() > MAX_EDITS {
        ctx.err(
            pos,
            &path,
            format!("has {} edits; at most {MAX_EDITS}", arr.len()),
        );
        return None;
    }
    let (mut edits, mut positions) = (Vec::new(), Vec::new());
    let mut ok = true;
    for (i, v) in arr.iter().enumerate() {
        let at = ctx.span_pos(v.span()).or(pos);
        let here = format!("{path}[{i}]");
        match read_edit(ctx, v, &here, at) {
            Some(e) => {
                edits.push(e);
                positions.push(at);
            }
            None => ok = false,
        }
    }
    ok.then_some((edits, positions))
}

fn read_edit(ctx: &mut Ctx, v: &Value, here: &str, at: Option<Pos>) -> Option<Edit> {
    let Some(e) = v.as_inline_table() else {
        ctx.err(
            at,
            here,
            format!(
                "must be a table like {{ path = \"component.web.replicas\", set = 3 }}, found {}",
                v.type_name()
            ),
        );
        return None;
    };
    ctx.keys(e, here, &EDIT_KEYS, "", &mut Spans::default());
    let Some(p) = e.get("path").and_then(Value::as_str) else {
        ctx.err(
            at,
            join(here, "path"),
            "is required: a string like \"component.web.replicas\"",
        );
        return None;
    };
    let path = match EditPath::parse(p) {
        Ok(p) => p,
        Err(err) => {
            ctx.err(ctx.key_pos(e, "path").or(at), join(here, "path"), err.0);
            return None;
        }
    };
    let given: Vec<&str> = EDIT_KEYS[1..]
        .iter()
        .copied()
        .filter(|k| e.contains_key(k))
        .collect();
    if given.len() != 1 {
        ctx.err(
            at,
            here,
            format!(
                "give exactly one of set, scale, append, remove, add (found {})",
                if given.is_empty() {
                    "none".to_string()
                } else {
                    given.join(", ")
                }
            ),
        );
        return None;
    }
    let value = |k: &str| e.get(k).map(|v| parse_value(&v.to_string()));
    let op = match given[0] {
        "set" => Op::Set(value("set")?),
        "scale" => Op::Scale(ctx.number(e, here, "scale")?),
        "append" => match value("append")? {
            toml::Value::String(s) => Op::Append(vec![s]),
            toml::Value::Array(a) if a.iter().all(|x| x.is_str()) && !a.is_empty() => Op::Append(
                a.into_iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                ctx.err(
                    ctx.key_pos(e, "append").or(at),
                    join(here, "append"),
                    "must be a name or a list of names",
                );
                return None;
            }
        },
        "remove" => match value("remove")? {
            toml::Value::Boolean(true) => Op::Remove,
            toml::Value::String(s) => Op::Detach(vec![s]),
            toml::Value::Array(a) if !a.is_empty() && a.iter().all(|x| x.is_str()) => Op::Detach(
                a.into_iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                ctx.err(
                    ctx.key_pos(e, "remove").or(at),
                    join(here, "remove"),
                    "must be true (remove the key or table at path) or names to take out of the list at path",
                );
                return None;
            }
        },
        _ => match value("add")? {
            toml::Value::Table(t) => Op::Add(t),
            _ => {
                ctx.err(
                    ctx.key_pos(e, "add").or(at),
                    join(here, "add"),
                    "must be a table of the new table's keys",
                );
                return None;
            }
        },
    };
    Some(Edit { path, op })
}
