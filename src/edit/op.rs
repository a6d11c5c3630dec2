//! One edit as data: a path and an operation (`set`, `scale`, `append`, `remove`, `add`),
//! read from `PATH=VALUE` text or from serde (TOML, JSON), and printed back as text.

use super::path::{EditPath, PathError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What an edit does at its path.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Set the key to a value (on `name`: rename, following every reference).
    Set(toml::Value),
    /// Multiply a number by a factor (whole-number keys are rounded to the nearest whole).
    Scale(f64),
    /// Add names to a list of names (`group.payments.of`, `component.app.depends_on`).
    Append(Vec<String>),
    /// Remove the key (back to its default), or a whole table and every reference to it.
    Remove,
    /// Take names out of a list of names (`service.browse.requires-=cdn`).
    Detach(Vec<String>),
    /// Add a whole table named by the path (`component.cache`) with these keys.
    Add(toml::Table),
}

/// One path-addressed change of a model or scenario document.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Where.
    pub path: EditPath,
    /// What.
    pub op: Op,
}

/// The serde form: `{ path = "component.web.replicas", set = 3 }`, `{ path, scale = 0.5 }`,
/// `{ path, append = ["psp_c"] }`, `{ path, remove = true }`, `{ path, add = { … } }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repr {
    path: EditPath,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    set: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    append: Option<Names>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    remove: Option<Removal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    add: Option<toml::Table>,
}

/// `remove = true` (the key or table) or `remove = ["a", "b"]` (names out of a list).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum Removal {
    All(bool),
    Names(Names),
}

/// One name or a list of names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

impl Serialize for Edit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut r = Repr {
            path: self.path.clone(),
            set: None,
            scale: None,
            append: None,
            remove: None,
            add: None,
        };
        match &self.op {
            Op::Set(v) => r.set = Some(v.clone()),
            Op::Scale(f) => r.scale = Some(*f),
            Op::Append(n) => r.append = Some(Names::Many(n.clone())),
            Op::Remove => r.remove = Some(Removal::All(true)),
            Op::Detach(n) => r.remove = Some(Removal::Names(Names::Many(n.clone()))),
            Op::Add(t) => r.add = Some(t.clone()),
        }
        r.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Edit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = Repr::deserialize(d)?;
        let mut ops = Vec::new();
        if let Some(v) = r.set {
            ops.push(Op::Set(v));
        }
        if let Some(f) = r.scale {
            ops.push(Op::Scale(f));
        }
        if let Some(n) = r.append {
            ops.push(Op::Append(match n {
                Names::One(s) => vec![s],
                Names::Many(v) => v,
            }));
        }
        match r.remove {
            Some(Removal::All(true)) => ops.push(Op::Remove),
            Some(Removal::All(false)) => {
                return Err(serde::de::Error::custom(format!(
                    "{}: remove takes true (the key or table) or names to take out of a list",
                    r.path
                )));
            }
            Some(Removal::Names(Names::One(s))) => ops.push(Op::Detach(vec![s])),
            Some(Removal::Names(Names::Many(v))) => ops.push(Op::Detach(v)),
            None => {}
        }
        if let Some(t) = r.add {
            ops.push(Op::Add(t));
        }
        if ops.len() != 1 {
            return Err(serde::de::Error::custom(format!(
                "{}: give exactly one of set, scale, append, remove, add",
                r.path
            )));
        }
        Ok(Edit {
            path: r.path,
            op: ops.remove(0),
        })
    }
}

/// Why edit text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl From<PathError> for ParseError {
    fn from(e: PathError) -> Self {
        ParseError(e.0)
    }
}

/// Read a value as TOML (`3`, `0.5`, `"text"`, `[1, 2]`, `{ a = 1 }`, `true`); anything
/// else (a bare word such as `exponential` or `az-a`) is a string.
pub fn parse_value(text: &str) -> toml::Value {
    let t = text.trim();
    let doc = format!("v = {t}");
    match doc.parse::<toml::Table>() {
        Ok(mut table) => table
            .remove("v")
            .unwrap_or(toml::Value::String(t.to_string())),
        Err(_) => toml::Value::String(t.to_string()),
    }
}

fn names_from(text: &str) -> Vec<String> {
    match parse_value(text) {
        toml::Value::Array(a) => a
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        toml::Value::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        other => vec![other.to_string()],
    }
}

impl Edit {
    /// Set `path` to `value`.
    pub fn set(path: EditPath, value: impl Into<toml::Value>) -> Edit {
        Edit {
            path,
            op: Op::Set(value.into()),
        }
    }

    /// Read edit text:
    /// - `PATH=VALUE` sets (`component.web.replicas=3`, `component.web.repair.dist=exponential`);
    /// - `PATH*=FACTOR` scales (`component.web.repair.median_hours*=0.5`);
    /// - `PATH+=NAMES` appends (`group.payments.of+=psp_c` or `+=["a", "b"]`);
    /// - `PATH-=NAMES` takes names out of a list (`service.browse.requires-=cdn`);
    /// - `-PATH` removes a key or a whole table (`-component.web.min_up`, `-component.cache`);
    /// - `+PATH=TABLE` adds a table (`+component.cache={ replicas = 2, … }`).
    pub fn parse(text: &str) -> Result<Edit, ParseError> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('-') {
            if rest.contains('=') {
                return Err(ParseError(format!(
                    "`{t}`: `-PATH` removes a key or a table and takes no value"
                )));
            }
            return Ok(Edit {
                path: EditPath::parse(rest)?,
                op: Op::Remove,
            });
        }
        if let Some(rest) = t.strip_prefix('+') {
            let (p, v) = rest.split_once('=').ok_or_else(|| {
                ParseError(format!(
                    "`{t}`: write +KIND.NAME={{ key = value, … }} to add a table"
                ))
            })?;
            return match parse_value(v) {
                toml::Value::Table(table) => Ok(Edit {
                    path: EditPath::parse(p)?,
                    op: Op::Add(table),
                }),
                _ => Err(ParseError(format!(
                    "`{t}`: the value of an added table must be a table like {{ replicas = 2 }}"
                ))),
            };
        }
        let Some(eq) = t.find('=') else {
            return Err(ParseError(format!(
                "`{t}`: write PATH=VALUE (set), PATH*=FACTOR (scale), PATH+=NAME (append), \
                 -PATH (remove) or +PATH={{…}} (add)"
            )));
        };
        let (lhs, value) = (&t[..eq], &t[eq + 1..]);
        if let Some(p) = lhs.strip_suffix('*') {
            let v = value.trim();
            let f: f64 = v
                .parse()
                .map_err(|_| ParseError(format!("`{t}`: the factor `{v}` is not a number")))?;
            return Ok(Edit {
                path: EditPath::parse(p)?,
                op: Op::Scale(f),
            });
        }
        if let Some(p) = lhs.strip_suffix('-') {
            let names = names_from(value);
            if names.is_empty() {
                return Err(ParseError(format!(
                    "`{t}`: give at least one name to take out"
                )));
            }
            return Ok(Edit {
                path: EditPath::parse(p)?,
                op: Op::Detach(names),
            });
        }
        if let Some(p) = lhs.strip_suffix('+') {
            let names = names_from(value);
            if names.is_empty() {
                return Err(ParseError(format!(
                    "`{t}`: give at least one name to append"
                )));
            }
            return Ok(Edit {
                path: EditPath::parse(p)?,
                op: Op::Append(names),
            });
        }
        if value.trim().is_empty() {
            return Err(ParseError(format!(
                "`{t}`: the value is empty (to remove the key write -{lhs})"
            )));
        }
        Ok(Edit {
            path: EditPath::parse(lhs)?,
            op: Op::Set(parse_value(value)),
        })
    }
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.op {
            Op::Set(v) => write!(f, "{}={}", self.path, inline_value(v)),
            Op::Scale(x) => write!(f, "{}*={x}", self.path),
            Op::Append(n) => write!(f, "{}+={}", self.path, n.join(",")),
            Op::Remove => write!(f, "-{}", self.path),
            Op::Detach(n) => write!(f, "{}-={}", self.path, n.join(",")),
            Op::Add(t) => write!(
                f,
                "+{}={}",
                self.path,
                inline_value(&toml::Value::Table(t.clone()))
            ),
        }
    }
}

/// A value on one line, as TOML writes it inline (`[1, 2]`, `{ a = 1 }`, `"text"`).
pub fn inline_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => toml_edit::Value::from(s.as_str()).to_string(),
        toml::Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(inline_value).collect();
            format!("[{}]", parts.join(", "))
        }
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_edit::Key::new(k.as_str()), inline_value(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for text in [
            "component.web.replicas=3",
            "component.web.repair.median_hours*=0.5",
            "group.payments.of+=psp_c,psp_d",
            "service.shop.requires-=cdn",
            "-component.web.min_up",
            "model.name=\"My shop\"",
            "+component.cache={ replicas = 2 }",
        ] {
            let e = Edit::parse(text).expect(text);
            assert_eq!(Edit::parse(&e.to_string()).expect("again"), e, "{text}");
        }
        let e = Edit::parse("component.web.repair.dist=exponential").expect("bare word");
        assert_eq!(e.op, Op::Set(toml::Value::String("exponential".into())));
        assert_eq!(
            Edit::parse("component.web.replicas = 4")
                .expect("spaces")
                .op,
            Op::Set(toml::Value::Integer(4))
        );
    }

    #[test]
    fn serde_form_matches_the_options_file() {
        let src = r#"edits = [
            { path = "component.cdn.replicas", set = 2 },
            { path = "component.web.repair.median_hours", scale = 0.5 },
            { path = "group.payments.of", append = "psp_c" },
            { path = "component.old", remove = true },
        ]"#;
        #[derive(Deserialize)]
        struct F {
            edits: Vec<Edit>,
        }
        let f: F = toml::from_str(src).expect("parses");
        assert_eq!(f.edits.len(), 4);
        assert_eq!(f.edits[2].op, Op::Append(vec!["psp_c".into()]));
        let json = serde_json::to_string(&f.edits[1]).expect("json");
        let back: Edit = serde_json::from_str(&json).expect("back");
        assert_eq!(back, f.edits[1]);
        let two: Result<F, _> =
            toml::from_str(r#"edits = [{ path = "model.name", set = "a", scale = 2 }]"#);
        assert!(two.is_err());
    }

    #[test]
    fn bad_text_says_how_to_write_it() {
        assert!(Edit::parse("component.web.replicas").is_err());
        assert!(Edit::parse("component.web.replicas*=lots").is_err());
        assert!(Edit::parse("component.web.replicas=").is_err());
        assert!(Edit::parse("+component.x=3").is_err());
    }
}
