//! Reading a model file: TOML syntax, keys and value types, with positions for messages.
//!
//! Parsing never stops at the first problem: it collects every one it can find and returns
//! a best-effort [`Model`] beside them, so that validation can add its own in the same report.

use super::reader::{Ctx, LineIndex, describe, join, label, tables};
use super::{
    Component, DEFAULT_HORIZON_HOURS, Diagnostic, Group, MAX_REPLICAS, Model, ModelInfo, Pos,
    Service, Spans,
};
use toml_edit::{Document, Item, TableLike};

use super::keys::{
    COMPONENT as COMPONENT_KEYS, GROUP as GROUP_KEYS, MODEL as MODEL_KEYS, ROOT as ROOT_KEYS,
    SERVICE as SERVICE_KEYS,
};

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
        zones: super::domains::read_domains(&mut ctx, root, "zone"),
        regions: super::domains::read_domains(&mut ctx, root, "region"),
        common_causes: super::domains::read_causes(&mut ctx, root),
        slas: super::money::read_slas(&mut ctx, root),
        origin: Some(origin.to_string()),
    };

    for (i, t, path, spans) in tables(&mut ctx, root, "component") {
        match read_component(&mut ctx, i, t, &path, spans) {
            Ok(c) => model.components.push(c),
            Err(name) => {
                dropped_component = true;
                dropped.extend(name);
            }
        }
    }
    for (i, t, path, spans) in tables(&mut ctx, root, "group") {
        match read_group(&mut ctx, i, t, &path, spans) {
            Ok(g) => model.groups.push(g),
            Err(name) => dropped.extend(name),
        }
    }
    for (i, t, path, spans) in tables(&mut ctx, root, "service") {
        model
            .services
            .extend(read_service(&mut ctx, i, t, &path, spans));
    }
    Parsed {
        model: Some(model),
        diagnostics: ctx.diags,
        dropped,
        dropped_component,
    }
}

/// One `[[component]]`; on a problem, `Err` with its name (when it has one).
fn read_component(
    ctx: &mut Ctx,
    i: usize,
    t: &dyn TableLike,
    path: &str,
    mut spans: Spans,
) -> Result<Component, Option<String>> {
    let name = ctx.string(t, path, "name", spans.table);
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
    let zones = super::domains::read_placement(ctx, t, &label);
    let failover = super::domains::read_failover(ctx, t, &label, &mut spans);
    let capacity_rps = opt_number(ctx, t, &label, "capacity_rps");
    let workers = if t.contains_key("workers") {
        ctx.integer(t, &label, "workers", 1, 1_000_000).map(Some)
    } else {
        Some(None)
    };
    let usl = super::domains::read_usl(ctx, t, &label, &mut spans);
    let detect = if t.contains_key("detect") {
        ctx.dist(t, &label, "detect", spans.table, &mut spans)
            .map(Some)
    } else {
        Some(None)
    };
    let cost = super::money::read_component_cost(ctx, t, &label, &mut spans);
    let challenge = super::money::read_opt_string(ctx, t, &label, "challenge");
    let built = (|| {
        Some(Component {
            name: name.clone()?,
            replicas: replicas?,
            min_up: min_up?,
            failure: failure?,
            repair: repair?,
            depends_on: deps?,
            zones: zones?,
            failover: failover?,
            capacity_rps: capacity_rps?,
            workers: workers?,
            usl: usl?,
            detect: detect?,
            cost: cost?,
            challenge: challenge?,
            spans,
        })
    })();
    built.ok_or(name)
}

/// One `[[group]]`; on a problem, `Err` with its name (when it has one).
fn read_group(
    ctx: &mut Ctx,
    i: usize,
    t: &dyn TableLike,
    path: &str,
    mut spans: Spans,
) -> Result<Group, Option<String>> {
    let name = ctx.string(t, path, "name", spans.table);
    let label = label("group", i, name.as_deref());
    ctx.keys(t, &label, &GROUP_KEYS, "", &mut spans);
    let of = required(
        ctx,
        t,
        &label,
        "of",
        spans.table,
        "the member names, e.g. of = [\"psp_a\", \"psp_b\"]",
    )
    .and_then(|()| ctx.names(t, &label, "of"));
    let min_up = required(
        ctx,
        t,
        &label,
        "min_up",
        spans.table,
        "how many members must be available",
    )
    .and_then(|()| ctx.integer(t, &label, "min_up", 1, i64::from(u32::MAX)));
    match (name, of, min_up) {
        (Some(name), Some(of), Some(min_up)) => Ok(Group {
            name,
            of,
            min_up,
            spans,
        }),
        (name, ..) => Err(name),
    }
}

/// One `[[service]]`, or `None` after a problem.
fn read_service(
    ctx: &mut Ctx,
    i: usize,
    t: &dyn TableLike,
    path: &str,
    mut spans: Spans,
) -> Option<Service> {
    let name = ctx.string(t, path, "name", spans.table);
    let label = label("service", i, name.as_deref());
    ctx.keys(t, &label, &SERVICE_KEYS, "", &mut spans);
    let requires = required(
        ctx,
        t,
        &label,
        "requires",
        spans.table,
        "the components or groups it needs",
    )
    .and_then(|()| ctx.names(t, &label, "requires"));
    let load_share = opt_number(ctx, t, &label, "load_share");
    let latency_p95_ms = opt_number(ctx, t, &label, "latency_p95_ms");
    let downtime_cost = super::money::read_downtime_cost(ctx, t, &label, &mut spans);
    let revenue = super::money::read_revenue(ctx, t, &label, &mut spans);
    Some(Service {
        name: name?,
        requires: requires?,
        load_share: load_share?,
        latency_p95_ms: latency_p95_ms?,
        downtime_cost: downtime_cost?,
        revenue: revenue?,
        spans,
    })
}

/// `Some(())` when `key` is present; otherwise report it as required (with `what` it holds).
fn required(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    key: &str,
    at: Option<Pos>,
    what: &str,
) -> Option<()> {
    if t.contains_key(key) {
        Some(())
    } else {
        ctx.err(at, join(label, key), format!("is required: {what}"));
        None
    }
}

/// An optional number: `Some(None)` when absent, `None` when present but not a number.
fn opt_number(ctx: &mut Ctx, t: &dyn TableLike, label: &str, key: &str) -> Option<Option<f64>> {
    if t.contains_key(key) {
        ctx.number(t, label, key).map(Some)
    } else {
        Some(None)
    }
}

fn read_info(ctx: &mut Ctx, item: Option<&Item>, at: Option<Pos>) -> ModelInfo {
    let mut info = ModelInfo {
        name: String::new(),
        description: String::new(),
        horizon_hours: DEFAULT_HORIZON_HOURS,
        currency: None,
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
    if let Some(Some(c)) = super::money::read_opt_string(ctx, t, "model", "currency") {
        info.currency = Some(c);
    }
    if let Some(h) = ctx.number(t, "model", "horizon_hours") {
        info.horizon_hours = h;
    }
    info.spans.keys = spans.keys;
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dist;

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
