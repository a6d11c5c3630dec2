//! Reading and checking the money keys of a model file (costs, losses, SLAs, the currency).

use super::checker::Checker;
use super::money::{
    ComponentCost, CreditTier, DowntimeCost, FixedCost, Revenue, Sla, SlaDirection, SlaScope,
};
use super::names::{NAME_RULE, Names, valid_name};
use super::reader::{Ctx, Field, describe, join, label, tables};
use super::{Model, Spans};
use std::collections::HashMap;
use toml_edit::TableLike;

pub(crate) fn read_component_cost(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<ComponentCost>> {
    let v = ctx.number_table(
        t,
        label,
        "cost",
        &[
            ("per_replica_year", Field::Default(0.0)),
            ("fixed_year", Field::Default(0.0)),
        ],
        "{ per_replica_year = 4200, fixed_year = 0 }",
        spans,
    )?;
    Some(v.map(|v| ComponentCost {
        per_replica_year: v[0],
        fixed_year: v[1],
    }))
}

pub(crate) fn read_fixed_cost(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<FixedCost>> {
    let v = ctx.number_table(
        t,
        label,
        "cost",
        &[("fixed_year", Field::Required)],
        "{ fixed_year = 12000 }",
        spans,
    )?;
    Some(v.map(|v| FixedCost { fixed_year: v[0] }))
}

pub(crate) fn read_downtime_cost(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<DowntimeCost>> {
    let v = ctx.number_table(
        t,
        label,
        "downtime_cost",
        &[("per_hour", Field::Required)],
        "{ per_hour = 336000 }",
        spans,
    )?;
    Some(v.map(|v| DowntimeCost { per_hour: v[0] }))
}

pub(crate) fn read_revenue(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    spans: &mut Spans,
) -> Option<Option<Revenue>> {
    let v = ctx.number_table(
        t,
        label,
        "revenue",
        &[
            ("conversion", Field::Required),
            ("order_value", Field::Required),
            ("recapture", Field::Default(0.0)),
        ],
        "{ conversion = 0.025, order_value = 110, recapture = 0.3 }",
        spans,
    )?;
    Some(v.map(|v| Revenue {
        conversion: v[0],
        order_value: v[1],
        recapture: v[2],
    }))
}

/// An optional string key: `Some(None)` when absent, `None` after a problem.
pub(crate) fn read_opt_string(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    key: &str,
) -> Option<Option<String>> {
    let Some(item) = t.get(key) else {
        return Some(None);
    };
    match item.as_str() {
        Some(s) => Some(Some(s.to_string())),
        None => {
            ctx.err(
                ctx.key_pos(t, key),
                join(label, key),
                format!("must be a string, found {}", describe(item)),
            );
            None
        }
    }
}

/// Read the `[[sla]]` tables.
pub(crate) fn read_slas(ctx: &mut Ctx, root: &toml_edit::Table) -> Vec<Sla> {
    let mut out = Vec::new();
    for (i, t, path, mut spans) in tables(ctx, root, "sla") {
        let name = ctx.string(t, &path, "name", spans.table);
        let label = label("sla", i, name.as_deref());
        ctx.keys(t, &label, &super::keys::SLA, "", &mut spans);
        let service = read_opt_string(ctx, t, &label, "service");
        let component = read_opt_string(ctx, t, &label, "component");
        let scope = match (service, component) {
            (Some(Some(s)), Some(None)) => Some(SlaScope::Service(s)),
            (Some(None), Some(Some(c))) => Some(SlaScope::Component(c)),
            (Some(_), Some(_)) => {
                ctx.err(
                    spans.table,
                    join(&label, "service"),
                    "give exactly one of service = \"…\" (an SLA you offer on a service) or component = \"…\" (a provider's SLA on a component)",
                );
                None
            }
            _ => None,
        };
        let fee = if t.contains_key("monthly_fee") {
            ctx.number(t, &label, "monthly_fee")
        } else {
            ctx.err(
                spans.table,
                join(&label, "monthly_fee"),
                "is required: the monthly fee that credits are a share of",
            );
            None
        };
        let credits = read_tiers(ctx, t, &label, spans.table);
        let direction = match read_opt_string(ctx, t, &label, "direction") {
            Some(None) => Some(SlaDirection::Paid),
            Some(Some(d)) if d == "paid" => Some(SlaDirection::Paid),
            Some(Some(d)) if d == "received" => Some(SlaDirection::Received),
            Some(Some(d)) => {
                ctx.err(
                    ctx.key_pos(t, "direction"),
                    join(&label, "direction"),
                    format!("must be \"paid\" (you pay your customers) or \"received\" (a provider pays you), found `{d}`"),
                );
                None
            }
            None => None,
        };
        if let (Some(name), Some(scope), Some(monthly_fee), Some(credits), Some(direction)) =
            (name, scope, fee, credits, direction)
        {
            out.push(Sla {
                name,
                scope,
                monthly_fee,
                credits,
                direction,
                spans,
            });
        }
    }
    out
}

fn read_tiers(
    ctx: &mut Ctx,
    t: &dyn TableLike,
    label: &str,
    at: Option<super::Pos>,
) -> Option<Vec<CreditTier>> {
    let path = join(label, "credits");
    let example = "credits = [{ below = 0.9999, credit = 0.10 }, { below = 0.99, credit = 0.30 }]";
    let Some(item) = t.get("credits") else {
        ctx.err(at, &path, format!("is required: {example}"));
        return None;
    };
    let pos = ctx.key_pos(t, "credits");
    let Some(arr) = item.as_array() else {
        ctx.err(
            pos,
            &path,
            format!("must be a list like {example}, found {}", describe(item)),
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for v in arr.iter() {
        let Some(tier) = v.as_inline_table() else {
            ctx.err(
                ctx.span_pos(v.span()).or(pos),
                &path,
                format!(
                    "each tier must be a table like {{ below = 0.99, credit = 0.30 }}, found {}",
                    v.type_name()
                ),
            );
            ok = false;
            continue;
        };
        let mut spans = Spans::default();
        ctx.keys(tier, &path, &["below", "credit"], "", &mut spans);
        let get = |ctx: &mut Ctx, k: &str| {
            if tier.contains_key(k) {
                ctx.number(tier, &path, k)
            } else {
                ctx.err(
                    ctx.span_pos(tier.span()).or(pos),
                    join(&path, k),
                    "is required in every tier",
                );
                None
            }
        };
        match (get(ctx, "below"), get(ctx, "credit")) {
            (Some(below), Some(credit)) => out.push(CreditTier { below, credit }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// Check every money key: currency, costs, losses and SLAs.
pub(super) fn check_money(ck: &mut Checker, m: &Model) {
    let info = &m.model;
    if let Some(c) = &info.currency
        && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        ck.err(
            &info.spans,
            "currency",
            "model.currency".into(),
            format!("must be a three-letter ISO 4217 code in capitals such as \"USD\" or \"EUR\", found `{c}`"),
        );
    }
    let amount = |ck: &mut Checker, spans: &Spans, label: &str, key: &str, v: f64| {
        if !(v.is_finite() && v >= 0.0) {
            ck.err(
                spans,
                key,
                format!("{label}.{key}"),
                format!("must be an amount >= 0, found {v}"),
            );
        }
    };
    let share = |ck: &mut Checker, spans: &Spans, label: &str, key: &str, v: f64| {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            ck.err(
                spans,
                key,
                format!("{label}.{key}"),
                format!("must be a share from 0 to 1, found {v}"),
            );
        }
    };
    for c in &m.components {
        let label = format!("component \"{}\"", c.name);
        if let Some(k) = c.cost {
            amount(
                ck,
                &c.spans,
                &label,
                "cost.per_replica_year",
                k.per_replica_year,
            );
            amount(ck, &c.spans, &label, "cost.fixed_year", k.fixed_year);
        }
    }
    for (kind, d) in m
        .zones
        .iter()
        .map(|z| ("zone", z))
        .chain(m.regions.iter().map(|r| ("region", r)))
    {
        if let Some(k) = d.cost {
            amount(
                ck,
                &d.spans,
                &format!("{kind} \"{}\"", d.name),
                "cost.fixed_year",
                k.fixed_year,
            );
        }
    }
    for s in &m.services {
        let label = format!("service \"{}\"", s.name);
        if let Some(k) = s.downtime_cost {
            amount(ck, &s.spans, &label, "downtime_cost.per_hour", k.per_hour);
        }
        if let Some(r) = s.revenue {
            share(ck, &s.spans, &label, "revenue.conversion", r.conversion);
            amount(ck, &s.spans, &label, "revenue.order_value", r.order_value);
            share(ck, &s.spans, &label, "revenue.recapture", r.recapture);
        }
    }
    check_slas(ck, m, amount, share);
}

fn check_slas(
    ck: &mut Checker,
    m: &Model,
    amount: impl Fn(&mut Checker, &Spans, &str, &str, f64),
    share: impl Fn(&mut Checker, &Spans, &str, &str, f64),
) {
    let services = Names::new(
        "service",
        "service",
        m.services.iter().map(|s| s.name.as_str()),
    );
    let components = Names::new(
        "component",
        "component",
        m.components.iter().map(|c| c.name.as_str()),
    );
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for sla in &m.slas {
        let label = format!("sla \"{}\"", sla.name);
        if !valid_name(&sla.name) {
            ck.err(&sla.spans, "name", format!("{label}.name"), NAME_RULE);
        }
        if seen.insert(sla.name.as_str(), ()).is_some() {
            ck.err(
                &sla.spans,
                "name",
                format!("{label}.name"),
                format!("duplicate SLA name `{}`", sla.name),
            );
        }
        match &sla.scope {
            SlaScope::Service(s) => {
                ck.refs(
                    &services,
                    std::slice::from_ref(s),
                    &sla.spans,
                    "service",
                    &label,
                );
            }
            SlaScope::Component(c) => {
                ck.refs(
                    &components,
                    std::slice::from_ref(c),
                    &sla.spans,
                    "component",
                    &label,
                );
            }
        }
        amount(ck, &sla.spans, &label, "monthly_fee", sla.monthly_fee);
        if sla.credits.is_empty() {
            ck.err(
                &sla.spans,
                "credits",
                format!("{label}.credits"),
                "must have at least one tier",
            );
        }
        for t in &sla.credits {
            if !(t.below.is_finite() && t.below > 0.0 && t.below <= 1.0) {
                ck.err(
                    &sla.spans,
                    "credits",
                    format!("{label}.credits.below"),
                    format!(
                        "must be a monthly availability > 0 and at most 1, found {}",
                        t.below
                    ),
                );
            }
            share(ck, &sla.spans, &label, "credits.credit", t.credit);
        }
    }
}
