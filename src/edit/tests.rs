//! Tests of path-addressed edits: every operation, references followed, comments kept,
//! refusals with the reader's messages, and the document's undo/redo.

use super::*;

const SRC: &str = r#"# top comment
[model]
name = "m" # the name
horizon_hours = 8760

[[zone]]
name = "az-a"
region = "r1"
failure = { dist = "exponential", mean_hours = 87600 }
repair = { dist = "lognormal", median_hours = 2, sigma = 1.26 }

[[zone]]
name = "az-b"
failure = { dist = "exponential", mean_hours = 87600 }
repair = { dist = "lognormal", median_hours = 2, sigma = 1.26 }

[[region]]
name = "r1"
failure = { dist = "exponential", mean_hours = 43800 }
repair = { dist = "lognormal", median_hours = 4, sigma = 0.98 }

# the web tier
[[component]]
name = "web" # web servers
replicas = 3 # three
min_up = 2
zones = ["az-a", "az-b"]
failure = { dist = "weibull", shape = 0.8, scale_hours = 7730 }
repair = { dist = "lognormal", median_hours = 0.1, sigma = 0.67 }
depends_on = ["db"]

[[component]]
name = "db"
replicas = 2
zones = { az-a = 1, az-b = 1 }
failure = { dist = "exponential", mean_hours = 10000 }
repair = { dist = "exponential", mean_hours = 1 }

[[group]]
name = "tier"
of = ["web"]
min_up = 1

[[service]]
name = "shop"
requires = ["tier"]

[[common_cause]]
name = "bad_deploy"
affects = ["web", "db"]
failure = { dist = "exponential", mean_hours = 4380 }
repair = { dist = "lognormal", median_hours = 0.5, sigma = 1.0 }
"#;

fn edits(texts: &[&str]) -> Vec<Edit> {
    texts
        .iter()
        .map(|t| Edit::parse(t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .collect()
}

fn applied(texts: &[&str]) -> (String, crate::engine::Plan) {
    apply_model(SRC, "m.toml", &edits(texts)).unwrap_or_else(|e| panic!("{e}"))
}

fn refused(texts: &[&str]) -> String {
    match apply_model(SRC, "m.toml", &edits(texts)) {
        Ok((text, _)) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_source_is_valid() {
    crate::load::plan_from_str(SRC, "m.toml").expect("valid");
}

#[test]
fn set_scale_and_append_keep_comments() {
    let (text, plan) = applied(&[
        "component.web.replicas=4",
        "component.db.repair.mean_hours*=0.5",
        "component.web.failure.scale_hours=8000",
        "model.horizon_hours=4380",
        "group.tier.of+=db",
    ]);
    for c in [
        "# top comment",
        "# the name",
        "# the web tier",
        "# web servers",
        "replicas = 4 # three",
    ] {
        assert!(text.contains(c), "lost `{c}`:\n{text}");
    }
    let m = plan.model();
    assert_eq!(m.components[0].replicas, 4);
    assert_eq!(m.components[1].repair.mean_hours(), 0.5);
    assert_eq!(m.model.horizon_hours, 4380.0);
    assert_eq!(m.groups[0].of, vec!["web".to_string(), "db".to_string()]);
}

#[test]
fn scaling_a_whole_number_rounds_and_mean_hours_moves_any_family() {
    let (_, plan) = applied(&[
        "component.web.replicas*=1.5",
        "component.web.repair.mean_hours*=0.5",
        "component.web.failure.mean_hours=17520",
    ]);
    let web = &plan.model().components[0];
    assert_eq!(web.replicas, 5, "3 × 1.5 = 4.5 rounds to 5");
    assert_eq!(
        web.repair,
        crate::model::Dist::Lognormal {
            median_hours: 0.05,
            sigma: 0.67
        }
    );
    assert!((web.failure.mean_hours() - 17520.0).abs() < 1e-6);
    assert!(matches!(web.failure, crate::model::Dist::Weibull { shape, .. } if shape == 0.8));
}

#[test]
fn switching_a_family_keeps_the_mean() {
    let (_, plan) = applied(&["component.web.repair.dist=exponential"]);
    let before = crate::model::Dist::Lognormal {
        median_hours: 0.1,
        sigma: 0.67,
    }
    .mean_hours();
    assert_eq!(
        plan.model().components[0].repair,
        crate::model::Dist::Exponential { mean_hours: before }
    );
}

#[test]
fn renames_follow_every_reference() {
    let (text, plan) = applied(&[
        "component.web.name=front",
        "zone.az-a.name=zone-1",
        "region.r1.name=eu",
    ]);
    let m = plan.model();
    assert_eq!(m.groups[0].of, vec!["front".to_string()]);
    assert_eq!(m.common_causes[0].affects[0], "front");
    assert!(text.contains("zones = [\"zone-1\", \"az-b\"]"), "{text}");
    assert!(text.contains("zone-1 = 1"), "{text}");
    assert_eq!(m.zones[0].region.as_deref(), Some("eu"));
    assert!(text.contains("name = \"front\" # web servers"), "{text}");
}

#[test]
fn removing_a_table_removes_its_references() {
    let (text, plan) = applied(&["-component.db"]);
    let m = plan.model();
    assert_eq!(m.components.len(), 1);
    assert!(m.components[0].depends_on.is_empty());
    assert_eq!(m.common_causes[0].affects, vec!["web".to_string()]);
    assert!(!text.contains("\"db\""), "{text}");
    let (_, plan) = applied(&["-component.web.min_up"]);
    assert_eq!(plan.model().components[0].min_up, None);
}

#[test]
fn adding_a_table() {
    let (_, plan) = applied(&[
        "+component.cache={ replicas = 2, min_up = 1, failure = { dist = \"exponential\", mean_hours = 5000 }, repair = { dist = \"exponential\", mean_hours = 0.5 } }",
        "component.web.depends_on+=cache",
    ]);
    let m = plan.model();
    assert_eq!(m.components[2].name, "cache");
    assert_eq!(
        m.components[0].depends_on,
        vec!["db".to_string(), "cache".to_string()]
    );
    let e = refused(&["+component.db={ replicas = 1 }"]);
    assert!(e.contains("already a component named `db`"), "{e}");
    let e = refused(&["+group.web={ of = [\"db\"], min_up = 1 }"]);
    assert!(e.contains("already a component named `web`"), "{e}");
}

#[test]
fn an_added_table_lists_its_keys_in_the_formats_order() {
    let (text, _) = applied(&[
        "+component.cache={ repair = { dist = \"exponential\", mean_hours = 0.5 }, min_up = 1, failure = { dist = \"exponential\", mean_hours = 5000 }, replicas = 2 }",
    ]);
    let table = &text[text.find("name = \"cache\"").expect("added")..];
    let at = |k: &str| {
        table
            .find(&format!("\n{k} = "))
            .unwrap_or_else(|| panic!("{k}:\n{table}"))
    };
    assert!(
        at("replicas") < at("min_up")
            && at("min_up") < at("failure")
            && at("failure") < at("repair"),
        "{table}"
    );
}

#[test]
fn every_table_with_a_star() {
    let (_, plan) = applied(&["component.*.repair.mean_hours*=2"]);
    let m = plan.model();
    assert!(
        (m.components[0].repair.mean_hours() - 2.0 * 0.1 * (0.67f64.powi(2) / 2.0).exp()).abs()
            < 1e-12
    );
    assert_eq!(m.components[1].repair.mean_hours(), 2.0);
    let (_, plan) = applied(&["component.*.failover={ seconds = 30, success = 0.99 }"]);
    assert!(plan.model().components.iter().all(|c| c.failover.is_some()));
}

#[test]
fn placement_counts_and_subtables() {
    let (_, plan) = applied(&[
        "component.db.replicas=3",
        "component.db.zones.az-b=2",
        "component.web.failover.seconds=60",
        "component.web.failover.success=0.98",
    ]);
    let db = &plan.model().components[1];
    assert_eq!(db.replicas, 3);
    let f = plan.model().components[0].failover.expect("failover");
    assert_eq!((f.seconds, f.success), (60.0, 0.98));
    let e = refused(&["component.web.failover.seconds=60"]);
    assert!(e.contains("failover.success: is required"), "{e}");
    let e = refused(&["component.web.failover.secnds=60"]);
    assert!(e.contains("did you mean `seconds`"), "{e}");
}

#[test]
fn refusals_use_the_readers_messages() {
    let e = refused(&["component.web.replicas=0"]);
    assert!(
        e.starts_with("component.web.replicas=0: component \"web\".replicas: must be an integer from 1 to 100000, found 0"),
        "{e}"
    );
    let e = refused(&["component.web.min_up=7"]);
    assert!(e.contains("must be from 1 to replicas (3), found 7"), "{e}");
    let e = refused(&["component.wbe.replicas=2"]);
    assert!(
        e.contains("unknown component `wbe`; did you mean `web`?"),
        "{e}"
    );
    let e = refused(&["component.web.replicsa=2"]);
    assert!(
        e.contains("unknown key; did you mean `replicas`?") && e.contains("allowed: name,"),
        "{e}"
    );
    let e = refused(&["component.web.repair.shape=2"]);
    assert!(
        e.contains("is lognormal (it takes median_hours, sigma"),
        "{e}"
    );
    let e = refused(&["component.web.name*=2"]);
    assert!(e.contains("not a number, so it cannot be scaled"), "{e}");
    let e = refused(&["group.tier.of+=web"]);
    assert!(e.contains("`web` is already listed"), "{e}");
    let e = refused(&["group.tier.of+=nope"]);
    assert!(e.contains("unknown component or group `nope`"), "{e}");
    let e = refused(&["component.web.depends_on+=web"]);
    assert!(e.contains("dependency cycle"), "{e}");
    let e = refused(&["component.web=3"]);
    assert!(e.contains("takes `add` or `remove`"), "{e}");
}

#[test]
fn a_list_of_edits_applies_whole_or_not_at_all() {
    let mut doc = Document::model(SRC.to_string(), "m.toml".into());
    let before = doc.text().to_string();
    let r = doc.apply(
        &edits(&["component.web.replicas=5", "component.db.replicas=0"]),
        "x",
    );
    assert!(r.is_err());
    assert_eq!(doc.text(), before);
    assert!(!doc.is_dirty());
}

#[test]
fn document_undo_redo_and_broken_text() {
    let mut doc = Document::model(SRC.to_string(), "m.toml".into());
    assert!(doc.plan().is_some());
    doc.apply(&edits(&["component.web.replicas=6"]), "web.replicas")
        .expect("applies");
    assert!(doc.is_dirty());
    assert_eq!(doc.plan().expect("valid").model().components[0].replicas, 6);
    assert!(doc.undo());
    assert_eq!(doc.text(), SRC);
    assert!(doc.redo());
    assert_eq!(doc.plan().expect("valid").model().components[0].replicas, 6);
    // Broken text: the last good model stays, and a form edit that adds no problem applies.
    doc.set_text(doc.text().replace("name = \"shop\"", "name = \"\""), "text");
    assert!(doc.plan().is_none());
    assert!(doc.shown_model().is_some());
    doc.apply(&edits(&["component.web.replicas=5"]), "form")
        .expect("adds no problem");
    let e = doc
        .apply(&edits(&["component.web.replicas=0"]), "form")
        .expect_err("adds one");
    assert_eq!(e.messages().len(), 1, "{e}");
    assert!(Edit::parse("service..name=shop").is_err());
}

#[test]
fn quick_edits_of_one_field_are_one_undo_step() {
    let mut doc = Document::model(SRC.to_string(), "m.toml".into());
    for n in 4..8 {
        doc.apply(
            &edits(&[&format!("component.web.replicas={n}")]),
            "web.replicas",
        )
        .expect("applies");
    }
    assert!(doc.undo());
    assert_eq!(doc.text(), SRC);
    assert!(!doc.can_undo());
}

#[test]
fn scenario_documents_take_the_same_language() {
    let text = r#"[scenario]
name = "peak" # a comment
average_rps = 300

[[peak]]
name = "Cyber Monday"
date = 2026-11-30
multiplier = 4.0
"#
    .to_string();
    let mut doc = Document::scenario(text, "s.toml".into(), None);
    assert!(
        doc.parsed().is_some(),
        "{:?}",
        doc.problems().map(|e| e.to_string())
    );
    doc.apply(
        &edits(&[
            "scenario.average_rps*=2",
            "scenario.weekly_shape=[1, 1, 1, 1, 1, 1.5, 0.5]",
            "scenario.weekly_shape.4=1.2",
            "peak.\"Cyber Monday\".multiplier=5",
        ]),
        "s",
    )
    .expect("applies");
    let sc = doc.parsed().expect("valid");
    assert_eq!(sc.peaks[0].multiplier, 5.0);
    assert_eq!(sc.average_rps, 600.0);
    assert!(doc.text().contains("# a comment"));
    let e = doc
        .apply(&edits(&["scenario.daily_shape.13=2.0"]), "s")
        .expect_err("no list to index");
    assert!(e.to_string().contains("set the whole list first"), "{e}");
    let e = doc
        .apply(&edits(&["peak.\"Cyber Mondy\".multiplier=5"]), "s")
        .expect_err("typo");
    assert!(e.to_string().contains("did you mean `Cyber Monday`"), "{e}");
    let e = doc
        .apply(&edits(&["scenario.noise_sigma=9"]), "s")
        .expect_err("range");
    assert!(e.to_string().contains("noise_sigma"), "{e}");
}

#[test]
fn removing_what_an_sla_measures_removes_the_sla() {
    let src = format!(
        "{SRC}\n[[sla]]\nname = \"db_sla\"\ncomponent = \"db\"\ndirection = \"received\"\nmonthly_fee = 100\ncredits = [{{ below = 0.999, credit = 0.1 }}]\n"
    );
    let (text, plan) = apply_model(&src, "m.toml", &edits(&["-component.db"])).expect("valid");
    assert!(
        plan.model().slas.is_empty() && !text.contains("db_sla"),
        "{text}"
    );
}

#[test]
fn names_can_be_taken_out_of_a_list() {
    let (_, plan) = applied(&[
        "component.web.depends_on-=db",
        "common_cause.bad_deploy.affects-=db",
    ]);
    let m = plan.model();
    assert!(m.components[0].depends_on.is_empty());
    assert_eq!(m.common_causes[0].affects, vec!["web".to_string()]);
    let e = refused(&["group.tier.of-=db"]);
    assert!(e.contains("`db` is not listed"), "{e}");
}
