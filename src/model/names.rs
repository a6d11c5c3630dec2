//! One resolver for names that refer to other tables: "unknown … did you mean", "listed
//! twice" and "the model has no zones" worded the same for models, scenarios and edits.

use super::did_you_mean;
use std::collections::HashMap;

/// Whether `s` is a valid table name: 1 to 64 letters, digits, `_` or `-`.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// What a name must be, for messages.
pub const NAME_RULE: &str = "must be 1 to 64 letters, digits, `_` or `-`";

/// A namespace: the names of one or more kinds of table, by index.
#[derive(Debug, Clone)]
pub struct Names<'a> {
    what: &'static str,
    table: &'static str,
    names: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    /// A namespace of `names` (in file order) for references to "`what`" (e.g. "component
    /// or group"); `table` is the file's table key used in hints (`zone` for `[[zone]]`).
    pub fn new(
        what: &'static str,
        table: &'static str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Names<'a> {
        let names: Vec<&str> = names.into_iter().collect();
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            index.entry(*n).or_insert(i);
        }
        Names {
            what,
            table,
            names,
            index,
        }
    }

    /// The index of `name`.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Every name, in order.
    pub fn all(&self) -> &[&'a str] {
        &self.names
    }

    /// Names that appear more than once (each with the index of its second appearance).
    pub fn duplicates(&self) -> Vec<(usize, &'a str)> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for (i, n) in self.names.iter().enumerate() {
            if seen.insert(*n, ()).is_some() {
                out.push((i, *n));
            }
        }
        out
    }

    /// "unknown zone `az-d`; did you mean `az-a`?" (or a hint to add the first table).
    pub fn unknown(&self, name: &str) -> String {
        let hint = did_you_mean(name, self.names.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let none = if self.names.is_empty() {
            format!(
                " (the model has no {}s: add a [[{}]] table)",
                self.table, self.table
            )
        } else {
            String::new()
        };
        format!("unknown {} `{name}`{hint}{none}", self.what)
    }

    /// Resolve a list of names: the indices of the known ones (each once), and a message for
    /// each name that is unknown or listed twice.
    pub fn resolve(&self, list: &[String]) -> (Vec<usize>, Vec<String>) {
        let mut out = Vec::with_capacity(list.len());
        let mut problems = Vec::new();
        for name in list {
            match self.get(name) {
                Some(i) if out.contains(&i) => problems.push(format!("`{name}` is listed twice")),
                Some(i) => out.push(i),
                None => problems.push(self.unknown(name)),
            }
        }
        (out, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_with_one_wording() {
        let n = Names::new("zone", "zone", ["az-a", "az-b"]);
        let (idx, problems) = n.resolve(&["az-b".into(), "az-c".into(), "az-b".into()]);
        assert_eq!(idx, vec![1]);
        assert_eq!(
            problems,
            vec![
                "unknown zone `az-c`; did you mean `az-a`?".to_string(),
                "`az-b` is listed twice".to_string()
            ]
        );
        let empty = Names::new("zone", "zone", []);
        assert_eq!(
            empty.unknown("a"),
            "unknown zone `a` (the model has no zones: add a [[zone]] table)"
        );
        assert!(valid_name("web-1_a") && !valid_name("a b") && !valid_name(""));
    }
}
