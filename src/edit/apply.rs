//! Applying one edit to a file's TOML with toml_edit, so comments, key order and layout
//! survive: finding the named table, checking the key against what the file format allows,
//! and setting, scaling, appending, removing or adding.

use super::kinds::{Kind, is_distribution, is_whole_number, subkeys};
use super::op::{Edit, Op};
use super::path::Target;
use super::refs;
use super::tables::{set_keeping_decor, table_names, tables_mut};
use crate::model::names::Names;
use crate::model::{Dist, did_you_mean};
use toml_edit::{
    Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value, value,
};

/// A number as TOML: whole numbers as integers, others as floats.
pub fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// A TOML value (serde form) as a toml_edit value.
pub fn to_edit_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => number(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => d
            .to_string()
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(d.to_string())),
        toml::Value::Array(a) => {
            let mut arr = Array::new();
            for x in a {
                arr.push(to_edit_value(x));
            }
            Value::Array(arr)
        }
        toml::Value::Table(t) => {
            let mut it = InlineTable::new();
            for (k, x) in t {
                it.insert(k, to_edit_value(x));
            }
            Value::InlineTable(it)
        }
    }
}

/// A list of names as a TOML array.
pub fn names_value(list: &[String]) -> Value {
    let mut a = Array::new();
    for n in list {
        a.push(n.as_str());
    }
    Value::Array(a)
}

/// The resolver's message for an unknown table name, with the names the file has when they
/// are few enough to read.
fn unknown_name(doc: &DocumentMut, kind: Kind, name: &str) -> String {
    let names = table_names(doc, kind);
    let ns = Names::new(kind.noun(), kind.key(), names.iter().map(String::as_str));
    let mut msg = ns.unknown(name);
    if !names.is_empty() && names.len() <= 20 && !msg.contains("did you mean") {
        msg.push_str(&format!(" (the file has: {})", names.join(", ")));
    }
    msg
}

fn unknown_key(label: &str, key: &str, allowed: &[&str]) -> String {
    let hint = did_you_mean(key, allowed.iter().copied())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    format!(
        "{label}.{key}: unknown key{hint} (allowed: {})",
        allowed.join(", ")
    )
}

/// Apply one edit to the document. On error the document may be partly changed: callers
/// apply edits to a copy and keep it only when every edit worked.
pub fn apply(doc: &mut DocumentMut, edit: &Edit) -> Result<(), String> {
    let path = &edit.path;
    let kind = path.kind;
    if path.keys.is_empty() {
        return table_op(doc, edit);
    }
    if kind.is_single() {
        let Some(t) = doc.get_mut(kind.key()).and_then(Item::as_table_like_mut) else {
            return Err(format!("the file has no [{}] table", kind.key()));
        };
        return key_op(t, kind, kind.key(), &path.keys, &edit.op);
    }
    if path.keys.len() == 1
        && path.keys[0] == "name"
        && let (Op::Set(toml::Value::String(new)), Target::Named(old)) = (&edit.op, &path.target)
    {
        if !table_names(doc, kind).contains(old) {
            return Err(unknown_name(doc, kind, old));
        }
        return refs::rename(doc, kind, old, new);
    }
    let names = table_names(doc, kind);
    let wanted = |n: &str| match &path.target {
        Target::Named(x) => x == n,
        Target::Every => true,
        Target::Single => false,
    };
    if !names.iter().any(|n| wanted(n)) {
        return match &path.target {
            Target::Named(n) => Err(unknown_name(doc, kind, n)),
            _ => Err(format!("the file has no [[{}]] tables", kind.key())),
        };
    }
    let every = path.target == Target::Every;
    let mut done = 0;
    let mut first_error = None;
    for t in tables_mut(doc, kind) {
        let Some(name) = t.get("name").and_then(Item::as_str).map(str::to_string) else {
            continue;
        };
        if !wanted(&name) {
            continue;
        }
        let label = format!("{} \"{name}\"", kind.key());
        // With `*`, scaling and appending skip tables that lack the key.
        if every && !matches!(edit.op, Op::Set(_)) && !has_path(t, &path.keys) {
            continue;
        }
        match key_op(t, kind, &label, &path.keys, &edit.op) {
            Ok(()) => done += 1,
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    if done == 0 {
        return Err(format!(
            "no {} has `{}` to change",
            kind.noun(),
            path.key_text()
        ));
    }
    Ok(())
}

fn has_path(t: &dyn TableLike, keys: &[String]) -> bool {
    let mut item = match t.get(&keys[0]) {
        Some(i) => i,
        None => return false,
    };
    for k in &keys[1..] {
        if k == "mean_hours" && item.as_table_like().is_some_and(|x| x.contains_key("dist")) {
            return true;
        }
        match item.as_table_like().and_then(|x| x.get(k)) {
            Some(i) => item = i,
            None => return false,
        }
    }
    true
}

/// Add or remove a whole table.
fn table_op(doc: &mut DocumentMut, edit: &Edit) -> Result<(), String> {
    let kind = edit.path.kind;
    let Target::Named(name) = &edit.path.target else {
        return Err(format!(
            "name one {} to add or remove, e.g. {}.NAME",
            kind.noun(),
            kind.key()
        ));
    };
    match &edit.op {
        Op::Remove => {
            if !table_names(doc, kind).contains(name) {
                return Err(unknown_name(doc, kind, name));
            }
            refs::remove_table(doc, kind, name);
            Ok(())
        }
        Op::Add(keys) => add_table(doc, kind, name, keys),
        _ => Err(format!(
            "a path to a whole {} takes `add` or `remove`; to change a key, name it (e.g. {})",
            kind.noun(),
            kind.example()
        )),
    }
}

fn add_table(
    doc: &mut DocumentMut,
    kind: Kind,
    name: &str,
    keys: &toml::Table,
) -> Result<(), String> {
    for other in kind.namespace() {
        if table_names(doc, *other).iter().any(|n| n == name) {
            return Err(format!(
                "there is already a {} named `{name}`",
                other.noun()
            ));
        }
    }
    let label = format!("{} \"{name}\"", kind.key());
    if let Some(k) = keys.keys().find(|k| !kind.keys().contains(&k.as_str())) {
        return Err(unknown_key(&label, k, kind.keys()));
    }
    // Keys in the order the file format lists them (name, replicas, min_up, failure, …),
    // whatever order the edit gave them in.
    let mut t = Table::new();
    t.insert("name", value(name));
    for k in kind.keys().iter().filter(|k| **k != "name") {
        if let Some(v) = keys.get(*k) {
            t.insert(k, Item::Value(to_edit_value(v)));
        }
    }
    match doc.get_mut(kind.key()) {
        Some(Item::ArrayOfTables(aot)) => aot.push(t),
        Some(Item::Value(Value::Array(arr))) => arr.push(t.into_inline_table()),
        Some(_) => {
            return Err(format!(
                "`{}` in the file is not a list of tables",
                kind.key()
            ));
        }
        None => {
            let mut aot = ArrayOfTables::new();
            aot.push(t);
            doc.insert(kind.key(), Item::ArrayOfTables(aot));
        }
    }
    Ok(())
}

/// Change `keys` of one table.
fn key_op(
    t: &mut dyn TableLike,
    kind: Kind,
    label: &str,
    keys: &[String],
    op: &Op,
) -> Result<(), String> {
    let k0 = keys[0].as_str();
    if !kind.keys().contains(&k0) {
        return Err(unknown_key(label, k0, kind.keys()));
    }
    if matches!(op, Op::Add(_)) {
        return Err(format!(
            "`add` takes a path to a whole table (e.g. {}.NAME), not a key",
            kind.key()
        ));
    }
    let whole = is_whole_number(kind, keys);
    if keys.len() == 1 {
        return value_op(t, label, k0, op, whole);
    }
    if is_distribution(kind, k0) {
        return dist_op(t, label, k0, &keys[1..], op);
    }
    let sub = &keys[1..];
    if let Some(allowed) = subkeys(kind, k0)
        && !allowed.contains(&sub[0].as_str())
    {
        return Err(unknown_key(&format!("{label}.{k0}"), &sub[0], allowed));
    }
    // Navigate into nested tables (creating inline ones for `set`), then act on the last key.
    let mut cur: &mut dyn TableLike = t;
    let mut at = format!("{label}.{k0}");
    let mut key = k0.to_string();
    for (i, k) in sub.iter().enumerate() {
        let last = i + 1 == sub.len();
        if !cur.contains_key(&key) {
            if !matches!(op, Op::Set(_)) {
                return Err(format!("{at}: is not set, so there is nothing to change"));
            }
            if k.parse::<usize>().is_ok() {
                return Err(format!(
                    "{at}: is not set, so it has no entry {k}: set the whole list first"
                ));
            }
            cur.insert(&key, Item::Value(Value::InlineTable(InlineTable::new())));
        }
        let item = cur.get_mut(&key).ok_or_else(|| format!("{at}: missing"))?;
        if last
            && let Some(arr) = item.as_array_mut()
            && let Ok(index) = k.parse::<usize>()
        {
            return array_element_op(arr, &format!("{at}.{k}"), index, op, whole);
        }
        let type_name = item.type_name();
        cur = item
            .as_table_like_mut()
            .ok_or_else(|| format!("{at}: is a {type_name}, not a table, so it has no `{k}`"))?;
        at = format!("{at}.{k}");
        key = k.clone();
    }
    value_op(cur, label, &key, op, whole)
}

fn array_element_op(
    arr: &mut Array,
    at: &str,
    index: usize,
    op: &Op,
    whole: bool,
) -> Result<(), String> {
    let len = arr.len();
    let Some(slot) = arr.get_mut(index) else {
        return Err(format!(
            "{at}: the list has {len} entries (0 to {})",
            len.saturating_sub(1)
        ));
    };
    let new = match op {
        Op::Set(v) => to_edit_value(v),
        Op::Scale(f) => scaled(slot, *f, whole).map_err(|e| format!("{at}: {e}"))?,
        _ => return Err(format!("{at}: a list entry takes set or scale")),
    };
    let decor = slot.decor().clone();
    *slot = new;
    *slot.decor_mut() = decor;
    Ok(())
}

fn scaled(v: &Value, f: f64, whole: bool) -> Result<Value, String> {
    if !f.is_finite() {
        return Err(format!("the factor must be a finite number, found {f}"));
    }
    match v {
        Value::Integer(i) if whole => Ok(Value::from((*i.value() as f64 * f).round() as i64)),
        Value::Integer(i) => Ok(number(*i.value() as f64 * f)),
        Value::Float(x) => Ok(number(*x.value() * f)),
        other => Err(format!(
            "is {} `{}`, not a number, so it cannot be scaled",
            other.type_name(),
            other.to_string().trim()
        )),
    }
}

/// Set, scale, append to or remove `key` of table `t`, keeping the comments around the value;
/// `whole`: the key holds a whole number (scaling rounds).
fn value_op(
    t: &mut dyn TableLike,
    label: &str,
    key: &str,
    op: &Op,
    whole: bool,
) -> Result<(), String> {
    let at = format!("{label}.{key}");
    let new = match op {
        Op::Remove => {
            t.remove(key);
            return Ok(());
        }
        Op::Set(v) => to_edit_value(v),
        Op::Scale(f) => match t.get(key).and_then(Item::as_value) {
            Some(old) => scaled(old, *f, whole).map_err(|e| format!("{at}: {e}"))?,
            None => return Err(format!("{at}: is not set, so it cannot be scaled")),
        },
        Op::Append(names) => {
            let mut arr = match t.get(key) {
                None => Array::new(),
                Some(item) => item.as_array().cloned().ok_or_else(|| {
                    format!(
                        "{at}: is {}, not a list of names, so nothing can be appended",
                        item.type_name()
                    )
                })?,
            };
            for n in names {
                if arr.iter().any(|v| v.as_str() == Some(n)) {
                    return Err(format!("{at}: `{n}` is already listed"));
                }
                arr.push(n.as_str());
            }
            Value::Array(arr)
        }
        Op::Detach(names) => {
            let Some(arr) = t.get_mut(key).and_then(Item::as_array_mut) else {
                return Err(format!(
                    "{at}: is not a list of names, so nothing can be taken out"
                ));
            };
            for n in names {
                let Some(i) = arr.iter().position(|v| v.as_str() == Some(n)) else {
                    return Err(format!("{at}: `{n}` is not listed"));
                };
                arr.remove(i);
            }
            return Ok(());
        }
        Op::Add(_) => return Err(format!("{at}: `add` takes a path to a whole table")),
    };
    set_keeping_decor(t, key, new);
    Ok(())
}

/// Read a distribution written as `{ dist = "...", params… }`.
fn read_dist(item: &Item) -> Option<Dist> {
    let t = item.as_table_like()?;
    let name = t.get("dist")?.as_str()?;
    let params = Dist::param_names(name)?;
    let values: Option<Vec<f64>> = params
        .iter()
        .map(|p| {
            let v = t.get(p)?;
            v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
        })
        .collect();
    Dist::from_params(name, &values?)
}

/// Write `d` into the distribution at `key`, changing only the parameters when its family is
/// unchanged (so comments inside stay).
pub fn write_dist(t: &mut dyn TableLike, key: &str, d: &Dist) {
    let names = Dist::param_names(d.name()).unwrap_or(&[]);
    if let Some(inner) = t.get_mut(key).and_then(Item::as_table_like_mut)
        && inner.get("dist").and_then(Item::as_str) == Some(d.name())
    {
        for (k, v) in names.iter().zip(d.params()) {
            set_keeping_decor(inner, k, number(v));
        }
        return;
    }
    let mut inline = InlineTable::new();
    inline.insert("dist", Value::from(d.name()));
    for (k, v) in names.iter().zip(d.params()) {
        inline.insert(*k, number(v));
    }
    set_keeping_decor(t, key, Value::InlineTable(inline));
}

/// Edits inside a distribution: `dist` (switch family, keeping the mean), a parameter of the
/// current family, or `mean_hours` of any family (its time scale follows, shape kept).
fn dist_op(
    t: &mut dyn TableLike,
    label: &str,
    key: &str,
    sub: &[String],
    op: &Op,
) -> Result<(), String> {
    let at = format!("{label}.{key}");
    let item = t
        .get(key)
        .ok_or_else(|| format!("{at}: is not set; set the whole distribution, e.g. {key} = {{ dist = \"exponential\", mean_hours = 1 }}"))?;
    let Some(current) = read_dist(item) else {
        return Err(format!(
            "{at}: is not a readable distribution; set it whole, e.g. {{ dist = \"exponential\", mean_hours = 1 }}"
        ));
    };
    if sub.len() != 1 {
        return Err(format!("{at}.{}: too deep", sub.join(".")));
    }
    let param = sub[0].as_str();
    let params = Dist::param_names(current.name()).unwrap_or(&[]);
    if param == "dist" {
        let Op::Set(toml::Value::String(name)) = op else {
            return Err(format!(
                "{at}.dist: set it to one of {}",
                crate::model::dist::DIST_NAMES.join(", ")
            ));
        };
        let new = current.switched_to(name).ok_or_else(|| {
            let hint = did_you_mean(name, crate::model::dist::DIST_NAMES)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "{at}.dist: unknown distribution `{name}`{hint} (allowed: {})",
                crate::model::dist::DIST_NAMES.join(", ")
            )
        })?;
        if new.name() != current.name() {
            write_dist(t, key, &new);
        }
        return Ok(());
    }
    if param == "mean_hours" && !params.contains(&"mean_hours") {
        let old = current.mean_hours();
        let factor = match op {
            Op::Scale(f) => *f,
            Op::Set(v) => {
                let target = v
                    .as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .ok_or_else(|| format!("{at}.mean_hours: must be a number of hours"))?;
                if old > 0.0 {
                    target / old
                } else {
                    return Err(format!(
                        "{at}.mean_hours: the mean is 0, so it cannot be moved by scaling"
                    ));
                }
            }
            _ => return Err(format!("{at}.mean_hours: takes set or scale")),
        };
        if !factor.is_finite() {
            return Err(format!("{at}.mean_hours: the factor must be finite"));
        }
        write_dist(t, key, &current.scaled_time(factor));
        return Ok(());
    }
    if !params.contains(&param) {
        return Err(format!(
            "{at}: is {} (it takes {}, or mean_hours, which moves its time scale), so it has no `{param}`",
            current.name(),
            params.join(", ")
        ));
    }
    let inner = t
        .get_mut(key)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| format!("{at}: is not a table"))?;
    value_op(inner, &at, param, op, false)
}
