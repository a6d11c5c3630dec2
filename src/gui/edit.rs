//! Edits of a model file that keep its comments, key order and layout (toml_edit).

use crate::model::Dist;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// The kinds of named tables in a model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// `[[component]]`
    Component,
    /// `[[group]]`
    Group,
    /// `[[service]]`
    Service,
    /// `[[common_cause]]`
    CommonCause,
}

impl Kind {
    /// The array-of-tables key in the file.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Component => "component",
            Kind::Group => "group",
            Kind::Service => "service",
            Kind::CommonCause => "common_cause",
        }
    }

    /// The keys of this kind that list names of other tables.
    fn reference_keys() -> [(&'static str, &'static str); 4] {
        [
            ("component", "depends_on"),
            ("group", "of"),
            ("service", "requires"),
            ("common_cause", "affects"),
        ]
    }
}

/// A number as TOML: whole numbers as integers, others as floats.
pub fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

fn tables(doc: &mut DocumentMut, kind: Kind) -> Result<&mut ArrayOfTables, String> {
    doc.get_mut(kind.key())
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| {
            format!(
                "the file does not write its {}s as [[{}]] tables; edit it in the text view",
                kind.key(),
                kind.key()
            )
        })
}

/// The `index`-th table of a kind.
pub fn table_mut(doc: &mut DocumentMut, kind: Kind, index: usize) -> Result<&mut Table, String> {
    tables(doc, kind)?
        .get_mut(index)
        .ok_or_else(|| format!("there is no {} #{}", kind.key(), index + 1))
}

/// Set (or, with `None`, remove) one key of a table.
pub fn set_value(
    doc: &mut DocumentMut,
    kind: Kind,
    index: usize,
    key: &str,
    value: Option<Value>,
) -> Result<(), String> {
    let t = table_mut(doc, kind, index)?;
    match value {
        Some(v) => match t.get_mut(key).and_then(Item::as_value_mut) {
            Some(old) => {
                let decor = old.decor().clone();
                *old = v;
                *old.decor_mut() = decor;
            }
            None => {
                t.insert(key, Item::Value(v));
            }
        },
        None => {
            t.remove(key);
        }
    }
    Ok(())
}

/// Set a distribution, changing only the parameters when the `dist` stays the same.
pub fn set_dist(doc: &mut DocumentMut, index: usize, key: &str, d: &Dist) -> Result<(), String> {
    let t = table_mut(doc, Kind::Component, index)?;
    let names = Dist::param_names(d.name()).unwrap_or(&[]);
    if let Some(inline) = t.get_mut(key).and_then(Item::as_inline_table_mut)
        && inline.get("dist").and_then(Value::as_str) == Some(d.name())
    {
        for (k, v) in names.iter().zip(d.params()) {
            inline.insert(*k, number(v));
        }
        return Ok(());
    }
    let mut inline = InlineTable::new();
    inline.insert("dist", Value::from(d.name()));
    for (k, v) in names.iter().zip(d.params()) {
        inline.insert(*k, number(v));
    }
    set_value(
        doc,
        Kind::Component,
        index,
        key,
        Some(Value::InlineTable(inline)),
    )
}

/// A list of names as a TOML array.
pub fn names(list: &[String]) -> Value {
    let mut a = Array::new();
    for n in list {
        a.push(n.as_str());
    }
    Value::Array(a)
}

/// Rename a table and every reference to it.
pub fn rename(doc: &mut DocumentMut, kind: Kind, index: usize, new: &str) -> Result<(), String> {
    let old = table_mut(doc, kind, index)?
        .get("name")
        .and_then(Item::as_str)
        .map(str::to_string)
        .unwrap_or_default();
    set_value(doc, kind, index, "name", Some(Value::from(new)))?;
    if matches!(kind, Kind::Component | Kind::Group) {
        for_each_reference(doc, |s| {
            if s == old {
                Some(Some(new.to_string()))
            } else {
                None
            }
        });
    }
    Ok(())
}

/// Remove a table and every reference to it.
pub fn delete(doc: &mut DocumentMut, kind: Kind, index: usize) -> Result<(), String> {
    let aot = tables(doc, kind)?;
    if index >= aot.len() {
        return Err(format!("there is no {} #{}", kind.key(), index + 1));
    }
    let old = aot
        .get(index)
        .and_then(|t| t.get("name"))
        .and_then(Item::as_str)
        .map(str::to_string)
        .unwrap_or_default();
    aot.remove(index);
    if aot.is_empty() {
        doc.remove(kind.key());
    }
    if matches!(kind, Kind::Component | Kind::Group) {
        for_each_reference(doc, |s| if s == old { Some(None) } else { None });
    }
    Ok(())
}

/// Visit every name in `depends_on`, `of` and `requires`; `f` returns `Some(Some(new))` to
/// rename, `Some(None)` to remove, `None` to keep.
fn for_each_reference(doc: &mut DocumentMut, f: impl Fn(&str) -> Option<Option<String>>) {
    for (table_key, list_key) in Kind::reference_keys() {
        let Some(aot) = doc
            .get_mut(table_key)
            .and_then(Item::as_array_of_tables_mut)
        else {
            continue;
        };
        for t in aot.iter_mut() {
            let Some(arr) = t.get_mut(list_key).and_then(Item::as_array_mut) else {
                continue;
            };
            let mut i = 0;
            while i < arr.len() {
                let action = arr.get(i).and_then(Value::as_str).and_then(&f);
                match action {
                    Some(Some(new)) => {
                        let decor = arr.get(i).map(|v| v.decor().clone());
                        arr.replace(i, new.as_str());
                        if let (Some(d), Some(v)) = (decor, arr.get_mut(i)) {
                            *v.decor_mut() = d;
                        }
                        i += 1;
                    }
                    Some(None) => {
                        arr.remove(i);
                    }
                    None => i += 1,
                }
            }
        }
    }
}

/// Append a new table of a kind with sensible starting values; returns its index.
pub fn add(doc: &mut DocumentMut, kind: Kind, name: &str, first_member: Option<&str>) -> usize {
    let mut t = Table::new();
    t.insert("name", Item::Value(Value::from(name)));
    match kind {
        Kind::Component => {
            t.insert("replicas", Item::Value(Value::from(2)));
            t.insert("min_up", Item::Value(Value::from(1)));
            // reference-data: web/app instance default (Weibull k = 0.8, MTTF 8760 h;
            // automated replace, lognormal median 5 min, sigma 0.67).
            let mut f = InlineTable::new();
            f.insert("dist", Value::from("weibull"));
            f.insert("shape", Value::from(0.8));
            f.insert("scale_hours", Value::from(7730));
            let mut r = InlineTable::new();
            r.insert("dist", Value::from("lognormal"));
            r.insert("median_hours", Value::from(0.0833));
            r.insert("sigma", Value::from(0.67));
            t.insert("failure", Item::Value(Value::InlineTable(f)));
            t.insert("repair", Item::Value(Value::InlineTable(r)));
        }
        Kind::Group => {
            t.insert(
                "of",
                Item::Value(names(
                    &first_member
                        .map(|m| vec![m.to_string()])
                        .unwrap_or_default(),
                )),
            );
            t.insert("min_up", Item::Value(Value::from(1)));
        }
        Kind::Service => {
            t.insert(
                "requires",
                Item::Value(names(
                    &first_member
                        .map(|m| vec![m.to_string()])
                        .unwrap_or_default(),
                )),
            );
        }
        Kind::CommonCause => {
            t.insert(
                "affects",
                Item::Value(names(
                    &first_member
                        .map(|m| vec![m.to_string()])
                        .unwrap_or_default(),
                )),
            );
            // reference-data §Suggested defaults: provider-wide incident 0.5/yr, median 1 h.
            let mut f = InlineTable::new();
            f.insert("dist", Value::from("exponential"));
            f.insert("mean_hours", Value::from(17520));
            let mut r = InlineTable::new();
            r.insert("dist", Value::from("lognormal"));
            r.insert("median_hours", Value::from(1));
            r.insert("sigma", Value::from(1.08));
            t.insert("failure", Item::Value(Value::InlineTable(f)));
            t.insert("repair", Item::Value(Value::InlineTable(r)));
        }
    }
    if doc
        .get(kind.key())
        .and_then(Item::as_array_of_tables)
        .is_none()
    {
        doc.insert(kind.key(), Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let aot = doc
        .get_mut(kind.key())
        .and_then(Item::as_array_of_tables_mut)
        .expect("just inserted");
    aot.push(t);
    aot.len() - 1
}

/// Set a key of any table, keeping the comments written around its old value.
pub fn set_keeping_comments(t: &mut dyn TableLike, key: &str, value: Value) {
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            t.insert(key, Item::Value(value));
        }
    }
}

/// Set a key of the `[model]` table.
pub fn set_model_value(doc: &mut DocumentMut, key: &str, value: Value) -> Result<(), String> {
    let t = doc
        .get_mut("model")
        .and_then(Item::as_table_like_mut)
        .ok_or("the file has no [model] table")?;
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            t.insert(key, Item::Value(value));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "# top comment\n[model]\nname = \"m\"\n\n# the web tier\n[[component]]\nname = \"web\" # web servers\nreplicas = 3 # three\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\n\n[[component]]\nname = \"db\"\nfailure = { dist = \"exponential\", mean_hours = 100 }\nrepair = { dist = \"exponential\", mean_hours = 1 }\ndepends_on = [\"web\"]\n";

    #[test]
    fn edits_keep_comments() {
        let mut doc: DocumentMut = SRC.parse().expect("toml");
        set_value(
            &mut doc,
            Kind::Component,
            0,
            "replicas",
            Some(Value::from(4)),
        )
        .expect("set");
        set_dist(
            &mut doc,
            0,
            "failure",
            &Dist::Exponential { mean_hours: 250.0 },
        )
        .expect("dist");
        let out = doc.to_string();
        assert!(
            out.contains("# top comment")
                && out.contains("# the web tier")
                && out.contains("# three"),
            "{out}"
        );
        assert!(out.contains("replicas = 4 # three"), "{out}");
        assert!(out.contains("mean_hours = 250"), "{out}");
    }

    #[test]
    fn rename_and_delete_follow_references() {
        let mut doc: DocumentMut = SRC.parse().expect("toml");
        rename(&mut doc, Kind::Component, 0, "front").expect("rename");
        assert!(
            doc.to_string().contains("depends_on = [\"front\"]"),
            "{doc}"
        );
        delete(&mut doc, Kind::Component, 0).expect("delete");
        let out = doc.to_string();
        assert!(
            !out.contains("front") && out.contains("depends_on = []"),
            "{out}"
        );
    }

    #[test]
    fn add_appends_valid_tables() {
        let mut doc: DocumentMut = SRC.parse().expect("toml");
        add(&mut doc, Kind::Component, "cache", None);
        add(&mut doc, Kind::Service, "shop", Some("cache"));
        let plan = crate::load::plan_from_str(&doc.to_string(), "t").expect("valid");
        assert_eq!(plan.model().components.len(), 3);
        assert_eq!(plan.model().services[0].requires, vec!["cache".to_string()]);
    }
}
