//! Names that refer to other tables (`depends_on`, `of`, `requires`, `affects`, `zones`,
//! `region`): renaming or removing a table follows every reference to it.

use super::kinds::{Kind, REFERENCES};
use super::tables::{set_keeping_decor, table_names, tables_mut};
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// What to do with one reference to the table being changed.
#[derive(Clone, Copy)]
enum Action<'a> {
    Rename(&'a str),
    Drop,
}

/// Rename table `old` of `kind` to `new` and every reference to it.
pub(super) fn rename(
    doc: &mut DocumentMut,
    kind: Kind,
    old: &str,
    new: &str,
) -> Result<(), String> {
    if old == new {
        return Ok(());
    }
    for other in kind.namespace() {
        if table_names(doc, *other).iter().any(|n| n == new) {
            return Err(format!("there is already a {} named `{new}`", other.noun()));
        }
    }
    for t in tables_mut(doc, kind) {
        if t.get("name").and_then(Item::as_str) == Some(old) {
            set_keeping_decor(t, "name", Value::from(new));
        }
    }
    follow(doc, kind, old, Action::Rename(new));
    Ok(())
}

/// Remove table `name` of `kind` and every reference to it.
pub(super) fn remove_table(doc: &mut DocumentMut, kind: Kind, name: &str) {
    let key = kind.key();
    let is_it = |t: &dyn TableLike| t.get("name").and_then(Item::as_str) == Some(name);
    let now_empty = match doc.get_mut(key) {
        Some(Item::ArrayOfTables(aot)) => {
            aot.retain(|t| !is_it(t));
            aot.is_empty()
        }
        Some(Item::Value(Value::Array(arr))) => {
            arr.retain(|v| !v.as_inline_table().is_some_and(|t| is_it(t)));
            arr.is_empty()
        }
        _ => false,
    };
    if now_empty {
        doc.remove(key);
    }
    // An SLA measures one service or component: it goes with it.
    if matches!(kind, Kind::Service | Kind::Component) {
        let slas: Vec<String> = tables_mut(doc, Kind::Sla)
            .into_iter()
            .filter(|t| t.get(kind.key()).and_then(Item::as_str) == Some(name))
            .filter_map(|t| t.get("name").and_then(Item::as_str).map(str::to_string))
            .collect();
        for s in slas {
            remove_table(doc, Kind::Sla, &s);
        }
    }
    follow(doc, kind, name, Action::Drop);
}

/// Apply `action` to every reference to `name` (a table of `kind`).
fn follow(doc: &mut DocumentMut, kind: Kind, name: &str, action: Action) {
    for r in REFERENCES.iter().filter(|r| r.targets.contains(&kind)) {
        for t in tables_mut(doc, r.holder) {
            let Some(item) = t.get_mut(r.key) else {
                continue;
            };
            if let Some(s) = item.as_str() {
                if s == name {
                    match action {
                        Action::Rename(new) => set_keeping_decor(t, r.key, Value::from(new)),
                        Action::Drop => {
                            t.remove(r.key);
                        }
                    }
                }
            } else if let Some(arr) = item.as_array_mut() {
                let mut i = 0;
                while i < arr.len() {
                    if arr.get(i).and_then(Value::as_str) != Some(name) {
                        i += 1;
                        continue;
                    }
                    match action {
                        Action::Rename(new) => {
                            let decor = arr.get(i).map(|v| v.decor().clone());
                            arr.replace(i, new);
                            if let (Some(d), Some(v)) = (decor, arr.get_mut(i)) {
                                *v.decor_mut() = d;
                            }
                            i += 1;
                        }
                        Action::Drop => {
                            arr.remove(i);
                        }
                    }
                }
            } else if let Some(tab) = item.as_table_like_mut() {
                // Placement counts: `zones = { az-a = 2, az-b = 1 }`.
                if let Some(count) = tab.remove(name)
                    && let Action::Rename(new) = action
                {
                    tab.insert(new, count);
                }
            }
        }
    }
}
