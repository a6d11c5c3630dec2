//! Edit paths: `KIND.NAME.KEY[.SUBKEY…]` (or `KIND.KEY…` for the single `[model]` and
//! `[scenario]` tables), parsed from text and printed back the same way.

use super::kinds::Kind;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Which table or tables of a kind a path addresses.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// The single table of a kind (`[model]`, `[scenario]`).
    Single,
    /// The table with this `name`.
    Named(String),
    /// Every table of the kind (`component.*.repair.mean_hours`).
    Every,
}

/// A parsed edit path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EditPath {
    /// The kind of table.
    pub kind: Kind,
    /// Which table(s).
    pub target: Target,
    /// The key inside the table and any subkeys (`repair`, `median_hours`); empty when the
    /// path names a whole table (`component.web`).
    pub keys: Vec<String>,
}

/// Why a path could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError(pub String);

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Split at dots outside double quotes; quoted parts lose their quotes.
fn segments(text: &str) -> Result<Vec<String>, PathError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                if cur.is_empty() && !was_quoted {
                    return Err(PathError(format!("`{text}`: empty part between dots")));
                }
                out.push(std::mem::take(&mut cur));
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(PathError(format!("`{text}`: a quote is not closed")));
    }
    if cur.is_empty() && !was_quoted {
        return Err(PathError(format!("`{text}`: empty part at the end")));
    }
    out.push(cur);
    Ok(out)
}

impl EditPath {
    /// Parse `component.web.replicas`, `model.horizon_hours`, `peak."Black Friday".multiplier`,
    /// `component.*.repair.mean_hours` or a table path such as `component.web`.
    pub fn parse(text: &str) -> Result<EditPath, PathError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PathError(
                "the path is empty: write KIND.NAME.KEY, e.g. component.web.replicas".into(),
            ));
        }
        let parts = segments(text)?;
        let kind = Kind::from_key(&parts[0]).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
            let hint = crate::model::did_you_mean(&parts[0], names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            PathError(format!(
                "`{text}`: unknown kind `{}`{hint} (allowed: {})",
                parts[0],
                names.join(", ")
            ))
        })?;
        if kind.is_single() {
            if parts.len() < 2 {
                return Err(PathError(format!(
                    "`{text}`: name a key of [{}], e.g. {}",
                    kind.key(),
                    kind.example()
                )));
            }
            return Ok(EditPath {
                kind,
                target: Target::Single,
                keys: parts[1..].to_vec(),
            });
        }
        if parts.len() < 2 {
            return Err(PathError(format!(
                "`{text}`: name the {} and a key, e.g. {}",
                kind.key(),
                kind.example()
            )));
        }
        let target = if parts[1] == "*" {
            Target::Every
        } else {
            Target::Named(parts[1].clone())
        };
        Ok(EditPath {
            kind,
            target,
            keys: parts[2..].to_vec(),
        })
    }

    /// A path to a key of a named table.
    pub fn key(kind: Kind, name: &str, keys: &[&str]) -> EditPath {
        EditPath {
            kind,
            target: if kind.is_single() {
                Target::Single
            } else {
                Target::Named(name.to_string())
            },
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    /// A path to a whole named table (for add and remove).
    pub fn table(kind: Kind, name: &str) -> EditPath {
        EditPath::key(kind, name, &[])
    }

    /// The name of the addressed table, when the path names one.
    pub fn name(&self) -> Option<&str> {
        match &self.target {
            Target::Named(n) => Some(n),
            _ => None,
        }
    }

    /// The keys joined with dots (`repair.median_hours`), or empty for a table path.
    pub fn key_text(&self) -> String {
        self.keys.join(".")
    }
}

fn write_segment(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain || s == "*" {
        f.write_str(s)
    } else {
        write!(f, "\"{s}\"")
    }
}

impl fmt::Display for EditPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.key())?;
        match &self.target {
            Target::Single => {}
            Target::Named(n) => {
                f.write_str(".")?;
                write_segment(f, n)?;
            }
            Target::Every => f.write_str(".*")?,
        }
        for k in &self.keys {
            f.write_str(".")?;
            write_segment(f, k)?;
        }
        Ok(())
    }
}

impl std::str::FromStr for EditPath {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EditPath::parse(s)
    }
}

impl Serialize for EditPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EditPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        EditPath::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_back() {
        for text in [
            "component.web.replicas",
            "component.web.repair.median_hours",
            "common_cause.bad_deploy.failure.mean_hours",
            "service.checkout.load_share",
            "model.horizon_hours",
            "component.*.repair.mean_hours",
            "component.web",
            "peak.\"Black Friday\".multiplier",
            "scenario.daily_shape.13",
        ] {
            let p = EditPath::parse(text).expect(text);
            assert_eq!(p.to_string(), text);
        }
        let p = EditPath::parse("peak.\"Black Friday\".multiplier").expect("quoted");
        assert_eq!(p.name(), Some("Black Friday"));
        assert_eq!(p.keys, vec!["multiplier".to_string()]);
    }

    #[test]
    fn bad_paths_say_what_is_allowed() {
        let e = EditPath::parse("componnet.web.replicas").expect_err("typo");
        assert!(e.0.contains("did you mean `component`"), "{e}");
        assert!(EditPath::parse("model").is_err());
        assert!(EditPath::parse("component").is_err());
        assert!(EditPath::parse("component..replicas").is_err());
        assert!(EditPath::parse("peak.\"open.multiplier").is_err());
    }
}
