//! `nines report` through the command line: every chart file exists, is non-empty and is
//! referenced from index.html; names from files are escaped; bad input exits 2 and writes
//! nothing.

use crate::common::{nines, temp_dir, write};

const MODEL: &str = r#"[model]
name = "<script>alert('x')</script> shop"
currency = "EUR"

[[component]]
name = "web"
replicas = 2
min_up = 2
failure = { dist = "exponential", mean_hours = 400 }
repair = { dist = "exponential", mean_hours = 8 }
cost = { per_replica_year = 1000 }

[[component]]
name = "db"
failure = { dist = "exponential", mean_hours = 2000 }
repair = { dist = "exponential", mean_hours = 4 }

[[service]]
name = "shop"
requires = ["web", "db"]
downtime_cost = { per_hour = 2000 }
"#;

const OPTIONS: &str = r#"[options]
name = "report test options"
currency = "EUR"

[[option]]
name = "third_web"
description = "<img src=x onerror=alert(1)> one more web replica"
survey_item = "Redundancy & Failover"
yearly_cost = 1000
one_off_cost = 0
edits = [{ path = "component.web.replicas", set = 3 }]

[[option]]
name = "faster_db_repair"
description = "runbooks for the database"
survey_item = "Real-Time Monitoring"
yearly_cost = 2000
one_off_cost = 3000
edits = [{ path = "component.db.repair.mean_hours", scale = 0.5 }]
"#;

#[test]
fn report_writes_every_chart_it_references_and_escapes_names() {
    let d = temp_dir("report");
    let m = write(&d, "m.toml", MODEL);
    let o = write(&d, "o.toml", OPTIONS);
    let out = d.join("rep");
    let r = nines(&[
        "report",
        &m,
        "--options",
        &o,
        "--budget",
        "5000",
        "--trials",
        "2000",
        "--seed",
        "4",
        "--out",
        out.to_str().expect("utf-8 path"),
        "--quiet",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(
        !html.contains("<script") && !html.contains("<img src=x"),
        "nothing from a file runs"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; shop"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    // Every file named in the page exists and is not empty, and every chart is referenced.
    let mut charts = 0;
    for entry in std::fs::read_dir(&out).expect("report folder") {
        let p = entry.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        assert!(
            std::fs::metadata(&p).expect("meta").len() > 0,
            "{name} is empty"
        );
        if name.ends_with(".png") || name.ends_with(".svg") {
            charts += 1;
            assert!(
                html.contains(&format!("\"{name}\"")),
                "{name} is not referenced"
            );
        }
    }
    for stem in [
        "downtime",
        "by-component",
        "cost",
        "loss",
        "options",
        "frontier",
        "frontier-loss",
        "tornado",
        "bad-years",
        "survey",
    ] {
        for ext in ["png", "svg"] {
            assert!(
                out.join(format!("{stem}.{ext}")).is_file(),
                "{stem}.{ext} missing"
            );
        }
    }
    let referenced = html.matches("<img src=\"").count();
    assert_eq!(2 * referenced, charts, "one PNG and one SVG per figure");
    // The page names model, seed, trials, hash and version, and money with its currency.
    for want in [
        "seed: <b>4</b>",
        "trials: <b>2000</b>",
        "model hash",
        "nines: <b>",
        " EUR",
    ] {
        assert!(html.contains(want), "page lacks {want}");
    }
    let png = std::fs::read(out.join("cost.png")).expect("png");
    assert_eq!(&png[..4], b"\x89PNG");
}

#[test]
fn report_refuses_bad_input_and_writes_nothing() {
    let d = temp_dir("report-bad");
    let m = write(&d, "m.toml", MODEL);
    let out = d.join("rep");
    let o = out.to_str().expect("utf-8 path");
    // A budget needs options; a range must be a fraction; a bad model names its file.
    for args in [
        vec!["report", m.as_str(), "--budget", "10", "--out", o],
        vec!["report", m.as_str(), "--range", "1.5", "--out", o],
        vec!["report", m.as_str(), "--budget", "-3", "--out", o],
    ] {
        let r = nines(&args);
        assert_eq!(r.status.code(), Some(2), "{args:?}");
    }
    let bad = write(
        &d,
        "bad.toml",
        "[model]\nname = \"x\"\n[[component]]\nname = \"a\"\n",
    );
    let r = nines(&["report", &bad, "--out", o, "--quiet"]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("bad.toml"), "{err}");
    assert!(!out.exists(), "nothing written on bad input");
}
