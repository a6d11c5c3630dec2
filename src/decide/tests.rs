//! Tests of options files: reading, refusals with positions, and checks against a model.

use super::portfolio;
use super::*;

const MODEL: &str = r#"[model]
name = "m"

[[component]]
name = "cdn"
failure = { dist = "exponential", mean_hours = 17520 }
repair = { dist = "lognormal", median_hours = 1, sigma = 1.08 }

[[component]]
name = "web"
replicas = 3
min_up = 2
failure = { dist = "exponential", mean_hours = 8760 }
repair = { dist = "lognormal", median_hours = 0.5, sigma = 1 }

[[service]]
name = "shop"
requires = ["cdn", "web"]
"#;

const OPTIONS: &str = r#"[options]
name = "test options"
currency = "USD"

[[option]]
name = "second_cdn"
description = "a second CDN"
survey_item = "Redundancy & Failover"
yearly_cost = 60000
one_off_cost = 30000
edits = [
    { path = "component.cdn_b", add = { failure = { dist = "exponential", mean_hours = 17520 }, repair = { dist = "lognormal", median_hours = 1, sigma = 1.08 } } },
    { path = "group.cdns", add = { of = ["cdn", "cdn_b"], min_up = 1 } },
    { path = "service.shop.requires", set = ["cdns", "web"] },
]

[[option]]
name = "runbooks"
survey_item = "Disaster Recovery Planning"
yearly_cost = 20000
realised = 0.5
edits = [{ path = "component.web.repair.mean_hours", scale = 0.5 }]

[[option]]
name = "resources"
survey_item = "Resource Management"
yearly_cost = 50000
enables = { options = ["runbooks"], realised = 0.8 }
"#;

#[test]
fn reads_options_and_their_edits() {
    let o = parse_options(OPTIONS, "o.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.name, "test options");
    assert_eq!(o.options.len(), 3);
    let cdn = &o.options[0];
    assert_eq!(cdn.edits.len(), 3);
    assert_eq!(cdn.cost_per_year(3.0), 70_000.0);
    assert_eq!(cdn.edit_positions[1].map(|p| p.line), Some(13));
    assert_eq!(o.options[1].realised, 0.5);
    assert_eq!(
        o.options[2].enables,
        Some(Enables {
            options: vec!["runbooks".into()],
            realised: 0.8
        })
    );
    o.check_against(MODEL, "m.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, plan) = crate::edit::apply_model(MODEL, "m.toml", &cdn.edits).expect("valid");
    assert_eq!(plan.model().groups[0].of, vec!["cdn", "cdn_b"]);
    assert_eq!(o.index_of("runbooks"), Ok(1));
    assert!(
        o.index_of("runbook")
            .expect_err("a typo")
            .contains("did you mean `runbooks`")
    );
}

#[test]
fn bad_options_files_say_where_and_what_is_allowed() {
    let bad = OPTIONS
        .replace("yearly_cost = 20000", "yearly_cost = -5\ncolour = 1")
        .replace("realised = 0.5", "realised = 2")
        .replace("options = [\"runbooks\"]", "options = [\"runbook\"]")
        .replace("scale = 0.5", "scale = 0.5, set = 1")
        .replace("\"component.cdn_b\"", "\"componnet.cdn_b\"");
    let e = parse_options(&bad, "o.toml").expect_err("bad").to_string();
    for part in [
        "option \"runbooks\".yearly_cost: must be an amount >= 0, found -5",
        "option \"runbooks\".colour: unknown key",
        "option \"runbooks\".realised: must be a probability from 0 to 1",
        // `runbooks` itself has problems, so it is not there to suggest.
        "option \"resources\".enables.options: unknown option `runbook`",
        "give exactly one of set, scale, append, remove, add (found set, scale)",
        "unknown kind `componnet`; did you mean `component`?",
    ] {
        assert!(e.contains(part), "missing `{part}` in:\n{e}");
    }
    assert!(e.lines().all(|l| l.starts_with("o.toml")), "{e}");
    let e = parse_options("[options]\nname = \"x\"\n", "o.toml").expect_err("empty");
    assert!(e.to_string().contains("has no options"), "{e}");
    let e = parse_options(
        "[[option]]\nname = \"a\"\nedits = [{ path = \"model.name\", set = \"x\" }]\n[[option]]\nname = \"a\"\nedits = [{ path = \"model.name\", set = \"y\" }]\n",
        "o.toml",
    )
    .expect_err("duplicate");
    assert!(e.to_string().contains("duplicate option name `a`"), "{e}");
}

#[test]
fn options_that_do_not_fit_the_model_are_refused_with_the_reason() {
    let o = parse_options(
        &OPTIONS
            .replace(
                "component.web.repair.mean_hours",
                "component.wbe.repair.mean_hours",
            )
            .replace("min_up = 1 }", "min_up = 3 }"),
        "o.toml",
    )
    .expect("reads");
    let e = o
        .check_against(MODEL, "m.toml")
        .expect_err("does not fit")
        .to_string();
    assert!(
        e.contains("o.toml:5:1: option \"second_cdn\": would make the model invalid"),
        "{e}"
    );
    assert!(
        e.contains("group \"cdns\".min_up: must be from 1 to the number of members (2), found 3"),
        "{e}"
    );
    assert!(
        e.contains("option \"runbooks\".edits: component.wbe.repair.mean_hours*=0.5: unknown component `wbe`; did you mean `web`?"),
        "{e}"
    );
    let eur = parse_options(&OPTIONS.replace("\"USD\"", "\"EUR\""), "o.toml").expect("reads");
    let e = eur
        .check_against(MODEL, "m.toml")
        .expect_err("currency")
        .to_string();
    assert!(
        e.contains("is EUR but the model m.toml counts in USD"),
        "{e}"
    );
}

#[test]
fn leadership_raises_delivery_and_designs_mix_their_variants() {
    let o = parse_options(OPTIONS, "o.toml").expect("reads");
    let alone = portfolio::deliveries(&o, &[1]);
    assert_eq!(alone[0].probability, 0.5);
    let led = portfolio::deliveries(&o, &[2, 1]);
    assert_eq!(
        (led[0].name.as_str(), led[0].probability),
        ("runbooks", 0.8)
    );
    let cache = portfolio::PlanCache::default();
    let d =
        portfolio::Design::build(MODEL, "m.toml", None, &o, &[0, 1], 7, &cache).expect("builds");
    assert_eq!(d.name, "second_cdn + runbooks");
    assert_eq!(
        (d.options_yearly_cost, d.options_one_off_cost),
        (80_000.0, 30_000.0)
    );
    // The variant where runbooks deliver halves web's repair; about half the years do.
    let fast = (0..10_000u64)
        .filter(|&t| d.plan_for(t).model().components[1].repair.mean_hours() < 0.5)
        .count();
    assert!((4_500..5_500).contains(&fast), "{fast}");
    assert_eq!(d.reference().model().groups[0].name, "cdns");
}
