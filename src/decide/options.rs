//! Investment options files: `[[option]]` tables, each a yearly and one-off cost, a survey
//! item it belongs to, and the model edits it makes — read with positions for messages, and
//! checked against the model they are for.
//!
//! ```toml
//! [options]                          # optional
//! name = "Retail investment options"
//! currency = "USD"                   # must match the model's currency
//!
//! [[option]]
//! name = "second_cdn"
//! description = "A second CDN provider behind DNS failover"
//! survey_item = "Redundancy & Failover"
//! yearly_cost = 60000
//! one_off_cost = 20000
//! realised = 1.0                     # probability it delivers its effect in a year (default 1)
//! edits = [{ path = "component.cdn.replicas", set = 2 }, …]
//!
//! [[option]]
//! name = "resource_management"
//! survey_item = "Resource Management"
//! yearly_cost = 80000
//! enables = { options = ["runbooks", "monitoring"], realised = 0.8 }
//! ```
//!
//! Leadership acts through the practices it enables: an option with `enables` raises the
//! probability that each listed option, when also chosen, delivers its effect in a year to at
//! least `enables.realised`.

use super::option_edits::read_edits;
use crate::edit::Edit;
use crate::model::reader::{Ctx, LineIndex, describe, join, label, tables};
use crate::model::{Diagnostic, Pos, Spans, did_you_mean, names::valid_name};
use std::fmt;
use toml_edit::{Document, TableLike};

/// Keys of `[options]`.
const HEADER_KEYS: [&str; 3] = ["name", "description", "currency"];
/// Keys of `[[option]]`.
const OPTION_KEYS: [&str; 8] = [
    "name",
    "description",
    "survey_item",
    "yearly_cost",
    "one_off_cost",
    "realised",
    "enables",
    "edits",
];
/// Most options one file may hold.
pub const MAX_OPTIONS: usize = 1000;

/// Every problem found in an options file, each with line, column and key.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionsError {
    /// The file name.
    pub origin: String,
    /// The problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::model::write_diagnostics(f, &self.origin, &self.diagnostics)
    }
}

impl std::error::Error for OptionsError {}

/// How a leadership practice raises the chance that other options deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Enables {
    /// The options it supports.
    pub options: Vec<String>,
    /// The probability they deliver their effect in a year while it is chosen.
    pub realised: f64,
}

/// One investment option.
#[derive(Debug, Clone, PartialEq)]
pub struct InvestmentOption {
    /// Unique name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The survey item (strategy or leadership practice) it belongs to.
    pub survey_item: Option<String>,
    /// Cost per year.
    pub yearly_cost: f64,
    /// Cost once, at the start.
    pub one_off_cost: f64,
    /// Probability that it delivers its effect in a simulated year (1: always).
    pub realised: f64,
    /// For a leadership practice: the options it helps deliver.
    pub enables: Option<Enables>,
    /// The model edits it makes.
    pub edits: Vec<Edit>,
    /// Where each edit is written (for messages).
    pub edit_positions: Vec<Option<Pos>>,
    /// Where the option is written.
    pub spans: Spans,
}

impl InvestmentOption {
    /// Its cost per year with the one-off cost spread over `years`.
    pub fn cost_per_year(&self, years: f64) -> f64 {
        self.yearly_cost + self.one_off_cost / years.max(1e-9)
    }
}

/// An options file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// Its name (from `[options]`).
    pub name: String,
    /// The currency its costs are in (must match the model's).
    pub currency: Option<String>,
    /// The options, in file order.
    pub options: Vec<InvestmentOption>,
    /// The file name.
    pub origin: String,
}

impl Options {
    /// The option named `name`.
    pub fn get(&self, name: &str) -> Option<&InvestmentOption> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The index of the option named `name`, or a message with a "did you mean".
    pub fn index_of(&self, name: &str) -> Result<usize, String> {
        self.options
            .iter()
            .position(|o| o.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self.options.iter().map(|o| o.name.as_str()).collect();
                let hint = did_you_mean(name, names.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                format!(
                    "{}: unknown option `{name}`{hint} (the file has: {})",
                    self.origin,
                    names.join(", ")
                )
            })
    }

    /// Check every option against the model text it is for: each option's edits alone must
    /// give a valid model, and the currencies must match. Problems name the option's line.
    pub fn check_against(&self, model_text: &str, model_origin: &str) -> Result<(), OptionsError> {
        let mut diags = Vec::new();
        if let Ok(plan) = crate::load::plan_from_str(model_text, model_origin)
            && let Some(c) = &self.currency
            && c != plan.model().model.currency()
        {
            diags.push(Diagnostic {
                pos: None,
                key: "options.currency".into(),
                message: format!(
                    "is {c} but the model {model_origin} counts in {}: give both the same currency",
                    plan.model().model.currency()
                ),
            });
        }
        for o in &self.options {
            // Edits apply in order (a later one may name a table an earlier one added).
            let mut text = model_text.to_string();
            let mut rejected = false;
            for (e, pos) in o.edits.iter().zip(&o.edit_positions) {
                match crate::edit::apply_to_text(&text, std::slice::from_ref(e)) {
                    Ok(t) => text = t,
                    Err(err) => {
                        diags.push(Diagnostic {
                            pos: *pos,
                            key: format!("option \"{}\".edits", o.name),
                            message: err.to_string(),
                        });
                        rejected = true;
                        break;
                    }
                }
            }
            if !rejected && let Err(err) = crate::load::plan_from_str(&text, model_origin) {
                diags.push(Diagnostic {
                    pos: o.spans.table,
                    key: format!("option \"{}\"", o.name),
                    message: format!(
                        "would make the model invalid: {}",
                        crate::edit::EditError::Invalid {
                            edit: crate::edit::describe(&o.edits),
                            origin: err.origin,
                            diagnostics: err.diagnostics,
                        }
                    ),
                });
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(OptionsError {
                origin: self.origin.clone(),
                diagnostics: diags,
            })
        }
    }
}

/// Read an options file. Every problem is reported at once, with line, column and key.
pub fn parse_options(text: &str, origin: &str) -> Result<Options, OptionsError> {
    let mut ctx = Ctx {
        lines: LineIndex::new(text),
        diags: Vec::new(),
    };
    let out = read(&mut ctx, text, origin);
    if ctx.diags.is_empty() {
        Ok(out)
    } else {
        ctx.diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
        Err(OptionsError {
            origin: origin.to_string(),
            diagnostics: ctx.diags,
        })
    }
}

fn read(ctx: &mut Ctx, text: &str, origin: &str) -> Options {
    let mut out = Options {
        origin: origin.to_string(),
        ..Options::default()
    };
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let pos = ctx.span_pos(e.span());
            let msg = e.message().trim().replace('\n', " ");
            ctx.err(pos, "", format!("TOML syntax error: {msg}"));
            return out;
        }
    };
    let root = doc.as_table();
    ctx.keys(root, "", &["options", "option"], "", &mut Spans::default());
    if let Some(item) = root.get("options") {
        match item.as_table_like() {
            Some(t) => {
                ctx.keys(t, "options", &HEADER_KEYS, "", &mut Spans::default());
                out.name = opt_string(ctx, t, "options", "name").unwrap_or_default();
                out.currency = opt_string(ctx, t, "options", "currency");
            }
            None => ctx.err(
                ctx.key_pos(root, "options"),
                "options",
                format!("must be a table ([options]), found {}", describe(item)),
            ),
        }
    }
    let mut names: Vec<String> = Vec::new();
    for (i, t, path, spans) in tables(ctx, root, "option") {
        if i == MAX_OPTIONS {
            ctx.err(
                spans.table,
                "option",
                format!("too many options: at most {MAX_OPTIONS}"),
            );
        }
        if i >= MAX_OPTIONS {
            continue;
        }
        if let Some(o) = read_option(ctx, i, t, &path, spans) {
            if names.contains(&o.name) {
                ctx.err(
                    o.spans.table,
                    format!("option \"{}\".name", o.name),
                    format!("duplicate option name `{}`", o.name),
                );
            }
            names.push(o.name.clone());
            out.options.push(o);
        }
    }
    check_enables(ctx, &out);
    if root.get("option").is_none() {
        ctx.err(
            Some(Pos { line: 1, column: 1 }),
            "option",
            "the file has no options: add [[option]] tables with name, yearly_cost and edits",
        );
    }
    out
}

fn opt_string(ctx: &mut Ctx, t: &dyn TableLike, path: &str, key: &str) -> Option<String> {
    let item = t.get(key)?;
    match item.as_str() {
        Some(s) => Some(s.to_string()),
        None => {
            ctx.err(
                ctx.key_pos(t, key),
                join(path, key),
                format!("must be a string, found {}", describe(item)),
            );
            None
        }
    }
}

/// A number in `[lo, hi]`, `default` when absent; `None` after a problem.
fn ranged(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    path: &str,
    key: &str,
    default: f64,
    (lo, hi): (f64, f64),
    what: &str,
) -> Option<f64> {
    if !t.contains_key(key) {
        return Some(default);
    }
    let v = ctx.number(t, path, key)?;
    if v.is_finite() && v >= lo && v <= hi {
        Some(v)
    } else {
        ctx.err(
            ctx.key_pos(t, key),
            join(path, key),
            format!("must be {what}, found {v}"),
        );
        None
    }
}

fn read_option(
    ctx: &mut Ctx,
    i: usize,
    t: &dyn TableLike,
    path: &str,
    spans: Spans,
) -> Option<InvestmentOption> {
    let name = ctx.string(t, path, "name", spans.table);
    let label = label("option", i, name.as_deref());
    ctx.keys(t, &label, &OPTION_KEYS, "", &mut Spans::default());
    if let Some(n) = &name
        && !valid_name(n)
    {
        ctx.err(
            ctx.key_pos(t, "name"),
            join(&label, "name"),
            "must be 1 to 64 letters, digits, `_` or `-` (options are named on the command line)",
        );
    }
    let description = opt_string(ctx, t, &label, "description").unwrap_or_default();
    let survey_item = opt_string(ctx, t, &label, "survey_item");
    let money = (0.0, 1e15);
    let yearly = ranged(ctx, t, &label, "yearly_cost", 0.0, money, "an amount >= 0");
    let one_off = ranged(ctx, t, &label, "one_off_cost", 0.0, money, "an amount >= 0");
    let realised = ranged(
        ctx,
        t,
        &label,
        "realised",
        1.0,
        (0.0, 1.0),
        "a probability from 0 to 1 (the chance it delivers its effect in a year)",
    );
    let enables = read_enables(ctx, t, &label);
    let (edits, edit_positions) = read_edits(ctx, t, &label)?;
    if edits.is_empty() && enables.as_ref().is_none_or(Option::is_none) {
        ctx.err(
            spans.table,
            join(&label, "edits"),
            "is required: the model edits the option makes, e.g. edits = [{ path = \"component.cdn.replicas\", set = 2 }] (a leadership practice gives enables = { … } instead)",
        );
    }
    Some(InvestmentOption {
        name: name?,
        description,
        survey_item,
        yearly_cost: yearly?,
        one_off_cost: one_off?,
        realised: realised?,
        enables: enables?,
        edits,
        edit_positions,
        spans,
    })
}

fn read_enables(ctx: &mut Ctx, t: &dyn TableLike, label: &str) -> Option<Option<Enables>> {
    let Some(item) = t.get("enables") else {
        return Some(None);
    };
    let path = join(label, "enables");
    let Some(tab) = item.as_table_like() else {
        ctx.err(
            ctx.key_pos(t, "enables"),
            &path,
            format!(
                "must be a table like {{ options = [\"runbooks\"], realised = 0.8 }}, found {}",
                describe(item)
            ),
        );
        return None;
    };
    ctx.keys(
        tab,
        &path,
        &["options", "realised"],
        "",
        &mut Spans::default(),
    );
    let options = if tab.contains_key("options") {
        ctx.names(tab, &path, "options")
    } else {
        ctx.err(
            ctx.key_pos(t, "enables"),
            join(&path, "options"),
            "is required: the options this practice helps deliver",
        );
        None
    };
    let realised = if tab.contains_key("realised") {
        ranged(
            ctx,
            tab,
            &path,
            "realised",
            1.0,
            (0.0, 1.0),
            "a probability from 0 to 1",
        )
    } else {
        ctx.err(
            ctx.key_pos(t, "enables"),
            join(&path, "realised"),
            "is required: the probability the enabled options deliver while this one is chosen",
        );
        None
    };
    Some(Some(Enables {
        options: options?,
        realised: realised?,
    }))
}

fn check_enables(ctx: &mut Ctx, out: &Options) {
    let names: Vec<&str> = out.options.iter().map(|o| o.name.as_str()).collect();
    for o in &out.options {
        let Some(en) = &o.enables else { continue };
        for n in &en.options {
            if n == &o.name {
                ctx.err(
                    o.spans.table,
                    format!("option \"{}\".enables.options", o.name),
                    "an option cannot enable itself",
                );
            } else if !names.contains(&n.as_str()) {
                let hint = did_you_mean(n, names.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                ctx.err(
                    o.spans.table,
                    format!("option \"{}\".enables.options", o.name),
                    format!("unknown option `{n}`{hint}"),
                );
            }
        }
    }
}
