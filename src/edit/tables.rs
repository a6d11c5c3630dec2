//! The list tables of a model file (`[[component]]` or `component = [{…}]`) as toml_edit
//! sees them, and setting a key without losing its comments: what applying an edit and
//! following a rename both stand on.

use super::kinds::Kind;
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// The tables of a list kind (`[[component]]` or `component = [{…}]`), mutable.
pub(super) fn tables_mut(doc: &mut DocumentMut, kind: Kind) -> Vec<&mut dyn TableLike> {
    match doc.get_mut(kind.key()) {
        Some(Item::ArrayOfTables(aot)) => aot.iter_mut().map(|t| t as &mut dyn TableLike).collect(),
        Some(Item::Value(Value::Array(arr))) => arr
            .iter_mut()
            .filter_map(|v| v.as_inline_table_mut().map(|t| t as &mut dyn TableLike))
            .collect(),
        _ => Vec::new(),
    }
}

/// The names of the tables of a list kind, in file order.
pub(super) fn table_names(doc: &DocumentMut, kind: Kind) -> Vec<String> {
    let name = |t: &dyn TableLike| t.get("name").and_then(Item::as_str).map(str::to_string);
    match doc.get(kind.key()) {
        Some(Item::ArrayOfTables(aot)) => aot.iter().filter_map(|t| name(t)).collect(),
        Some(Item::Value(Value::Array(arr))) => arr
            .iter()
            .filter_map(|v| v.as_inline_table().and_then(|t| name(t)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Set `key` of `t`, keeping the comments written around its old value.
pub fn set_keeping_decor(t: &mut dyn TableLike, key: &str, new: Value) {
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => {
            t.insert(key, Item::Value(new));
        }
    }
}
