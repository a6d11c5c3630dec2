//! Tests of the survey readers, weights and the survey-vs-simulation comparisons, with values
//! computed by hand.

use super::*;

fn ok(text: &str) -> Survey {
    parse_survey(text, "t.csv").unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> String {
    match parse_survey(text, "t.csv") {
        Ok(s) => panic!("expected an error, read {s:?}"),
        Err(e) => e.to_string(),
    }
}

fn weights(t: &Table) -> Vec<f64> {
    t.items.iter().map(|i| i.weight).collect()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
}

#[test]
fn the_seed_gives_percent_over_the_table_sum() {
    let s = seed();
    assert_eq!(s.form, Form::Aggregated);
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["challenges", "strategies", "leadership", "case_studies"]
    );
    // Every seed table's percents add up to 100, so each weight is percent / 100.
    let expect: [&[f64]; 4] = [
        &[0.32, 0.28, 0.22, 0.15, 0.03],
        &[0.40, 0.30, 0.18, 0.10, 0.02],
        &[0.45, 0.35, 0.15, 0.05],
        &[0.50, 0.30, 0.20],
    ];
    for (t, e) in s.tables.iter().zip(expect) {
        assert_eq!(t.percent_total, Some(100.0));
        assert!(close(&weights(t), e), "{}: {:?}", t.name, weights(t));
        assert!(t.items.iter().all(|i| i.ci95.is_none()));
    }
    assert_eq!(s.tables[1].category.as_deref(), Some("strategy"));
    // The built-in copy is the shared seed file.
    assert_eq!(
        SEED_SURVEY_CSV.lines().next(),
        Some("table,category,item,description,percent")
    );
}

#[test]
fn aggregated_tables_need_not_sum_to_100() {
    let s = ok("item,percent,table\nA,30,x\n\"B, with comma\",10%,x\nC,0,y\nD,5,y\n");
    assert!(close(&weights(&s.tables[0]), &[0.75, 0.25]));
    assert_eq!(s.tables[0].items[1].name, "B, with comma");
    assert_eq!(s.tables[0].percent_total, Some(40.0));
    assert!(close(&weights(&s.tables[1]), &[0.0, 1.0]));
    assert_eq!(s.tables[1].category, None);
}

#[test]
fn aggregated_problems_are_all_reported_with_positions() {
    let text = "table,category,item,description,percent,colour\n\
                s,strategy,A,d,40,red\n\
                s,strategy,A,d,20,red\n\
                s,practice,B,d,20,red\n\
                s,strategy,C,d,abc,red\n\
                s,strategy,D,d,140,red\n\
                z,zz,E,d,0,red\n\
                s,strategy\n";
    let e = err(text);
    for fragment in [
        "t.csv:1:41: colour: unknown column",
        "t.csv:3:12: item: `A` is listed twice in table `s` (first at line 2, column 12)",
        "t.csv:4:3: category: is `practice` but table `s` has category `strategy`",
        "t.csv:5:16: percent: must be a number from 0 to 100",
        "t.csv:6:16: percent: must be from 0 to 100 (a share of respondents in percent), found 140",
        "t.csv:7:1: percent: the percents of table `z` add up to 0",
        "t.csv:8:1: has 2 fields, the header has 6",
        "t.csv: 7 errors",
    ] {
        assert!(e.contains(fragment), "missing `{fragment}` in:\n{e}");
    }
}

#[test]
fn aggregated_header_needs_table_item_and_percent() {
    let e = err("table,percent,descripton\nx,1,d\n");
    assert!(e.contains("did you mean `description`?"), "{e}");
    assert!(e.contains("missing: `item`"), "{e}");
    assert!(err("table,item,percent\n").contains("has no data rows"));
    assert!(err("").contains("the file is empty"));
    assert!(err("\n  \n").contains("the file is empty"));
}

#[test]
fn likert_weights_are_mean_shares_of_score_minus_one() {
    // r1: 5,3,1 → 4,2,0 → 4/6, 2/6, 0.  r2: 4,4,2 → 3,3,1 → 3/7, 3/7, 1/7.
    // r3 leaves an item empty and r4 answers 1 everywhere (total 0): both are left out.
    // Weights: (2/3 + 3/7)/2 = 23/42, (1/3 + 3/7)/2 = 16/42, (0 + 1/7)/2 = 3/42.
    let s = ok(
        "respondent,Redundancy & Failover,load balancing,Real-Time Monitoring\n\
                r1,5,3,1\nr2,4,4,2\nr3,2,,5\nr4,1,1,1\n",
    );
    assert_eq!(s.form, Form::Respondents);
    assert_eq!(s.scale, Some(Scale::Likert));
    assert_eq!(s.respondents, Some(4));
    let t = s.table("strategies").expect("seed table");
    assert_eq!(t.respondents, Some(2));
    assert_eq!(t.category.as_deref(), Some("strategy"));
    assert_eq!(t.items[1].name, "Load Balancing"); // the seed's spelling
    assert!(t.items[1].description.is_some());
    assert!(close(&weights(t), &[23.0 / 42.0, 16.0 / 42.0, 3.0 / 42.0]));
    // Two respondents: every resample's mean lies between theirs.
    let [lo, hi] = t.items[0].ci95.expect("interval");
    assert!(
        lo >= 3.0 / 7.0 - 1e-12 && hi <= 2.0 / 3.0 + 1e-12 && lo < hi,
        "{lo} {hi}"
    );
    // Reproducible: a fixed seed.
    assert_eq!(
        s,
        ok(
            "respondent,Redundancy & Failover,load balancing,Real-Time Monitoring\n\
                      r1,5,3,1\nr2,4,4,2\nr3,2,,5\nr4,1,1,1\n"
        )
    );
}

#[test]
fn zero_to_hundred_scores_and_own_items() {
    // strategies: 80,20 → .8,.2; 50,50 → .5,.5; 0,0 left out → .65, .35.
    // budget (not a seed table): 10,30 → .25,.75; 30,10 → .75,.25; 60,20 → .75,.25 → 7/12, 5/12.
    let s = ok(
        "Load Balancing,strategies/Zero Trust,budget/Ops,budget/Dev\n\
                80,20,10,30\n50,50,30,10\n0,0,60,20\n",
    );
    assert_eq!(s.scale, Some(Scale::Percent));
    assert_eq!(s.respondents, Some(3));
    let st = s.table("strategies").expect("table");
    assert!(close(&weights(st), &[0.65, 0.35]));
    assert_eq!(st.respondents, Some(2));
    let b = s.table("budget").expect("table");
    assert!(close(&weights(b), &[7.0 / 12.0, 5.0 / 12.0]));
    assert_eq!(b.respondents, Some(3));
    assert_eq!(b.category, None);
}

#[test]
fn mixing_scales_is_refused() {
    let e = err("Load Balancing,Security Measures\n80,20\n3,4\n");
    assert!(
        e.contains("t.csv:3:1: this respondent's answers are all whole numbers from 1 to 5"),
        "{e}"
    );
    assert!(e.contains("e.g. 80 at line 2, column 1"), "{e}");
    // A single low answer in a 0–100 file is not a Likert row.
    ok("Load Balancing,Security Measures\n80,20\n3,\n");
}

#[test]
fn respondent_problems_are_all_reported_with_positions() {
    let text = "respondent,Load Balancer,challenges/Load Balancing,Security Measures,security measures,,x/\n\
                a,1,2,3,4,5,6\n\
                a,150,2,3,4,5,6\n\
                b,abc,2\n";
    let e = err(text);
    for fragment in [
        "t.csv:1:12: Load Balancer: is not an item of the seed survey (did you mean `Load Balancing`?",
        "t.csv:1:26: challenges/Load Balancing: `Load Balancing` is an item of the seed's table `strategies`",
        "t.csv:1:70: security measures: is a repeated column: the same item as the column at line 1, column 52",
        "t.csv:1:88: column 6 has no name",
        "t.csv:1:89: x/: write `table/Item name` with both parts",
        "t.csv:3:1: respondent: `a` is listed twice (first at line 2, column 1)",
        "t.csv:4:1: has 3 fields, the header has 7",
    ] {
        assert!(e.contains(fragment), "missing `{fragment}` in:\n{e}");
    }
}

#[test]
fn respondent_scores_and_tables_without_usable_rows() {
    let e = err("Load Balancing,Security Measures\n150,2\nabc,\n");
    assert!(
        e.contains("t.csv:2:1: Load Balancing: must be a score"),
        "{e}"
    );
    assert!(
        e.contains("t.csv:3:1: Load Balancing: must be a score"),
        "{e}"
    );
    let e = err("Load Balancing,Security Measures\n3,\n,4\n");
    assert!(
        e.contains(
            "t.csv:1:1: strategies: no respondent answered every item of table `strategies`"
        ),
        "{e}"
    );
    assert!(e.contains("2 left an item of it empty, 0 gave"), "{e}");
    assert!(err("respondent\nr1\n").contains("the header names no item"));
    assert!(err("Load Balancing\n").contains("has no respondent rows"));
}

#[test]
fn ahp_on_the_seed_leadership_table() {
    // Ratios of the seed's leadership weights (.45, .35, .15, .05): a consistent matrix, so
    // the AHP weights are those weights and CR = 0. Rows may be in either order.
    let text = "item_a,item_b,ratio\n\
                Strategic Vision & Planning,Resource Management,9/7\n\
                Strategic Vision & Planning,Collaboration & Innovation,3\n\
                Communication & Engagement,Strategic Vision & Planning,1/9\n\
                Resource Management,Collaboration & Innovation,7/3\n\
                Resource Management,Communication & Engagement,7\n\
                leadership/Collaboration & Innovation,Communication & Engagement,3\n";
    let a = parse_ahp(text, "ahp.csv", &seed()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.tables.len(), 1);
    let t = a.table("leadership").expect("compared");
    assert!(
        t.weights
            .iter()
            .zip([0.45, 0.35, 0.15, 0.05])
            .all(|(w, e)| (w - e).abs() < 1e-12)
    );
    assert!(t.consistency_ratio < 1e-12 && t.consistent);
    assert_eq!(t.random_index, 0.90);
    assert_eq!(
        a.weight("leadership", "resource management"),
        Some(t.weights[1])
    );
}

#[test]
fn ahp_problems_are_all_reported() {
    let text = "item_a,item_b,ratio,note\n\
                Load Balancing,Security Measures,3,x\n\
                Load Balancing,Security Measures,3\n\
                Security Measures,Load Balancing,1/3\n\
                Load Balancing,Load Balancing,1\n\
                Load Balancing,Data Management,2\n\
                Load Balancing,Real-Time Monitoring,12\n\
                Load Balancng,Real-Time Monitoring,2\n";
    let e = match parse_ahp(text, "ahp.csv", &seed()) {
        Ok(a) => panic!("{a:?}"),
        Err(e) => e.to_string(),
    };
    // The unknown column is reported and the rows are still checked.
    for fragment in [
        "ahp.csv:1:21: note: unknown column",
        "ahp.csv:3:1: has 3 fields, the header has 4",
    ] {
        assert!(e.contains(fragment), "missing `{fragment}` in:\n{e}");
    }
    let e = parse_ahp("item_a,ratio\nA,3\n", "ahp.csv", &seed()).expect_err("no item_b");
    assert!(
        e.to_string()
            .contains("ahp.csv:1:1: the header row must name"),
        "{e}"
    );
    let text = text.replacen(",note", "", 1).replacen(",3,x", ",3", 1);
    let e = match parse_ahp(&text, "ahp.csv", &seed()) {
        Ok(a) => panic!("{a:?}"),
        Err(e) => e.to_string(),
    };
    for fragment in [
        "ahp.csv:3:1: the pair `Load Balancing`, `Security Measures` is given twice (first at line 2, column 1)",
        "ahp.csv:4:1: the pair `Security Measures`, `Load Balancing` is given twice",
        "ahp.csv:5:16: item_b: compares an item with itself",
        "ahp.csv:6:16: item_b: `Data Management` is in table `challenges` and `Load Balancing` in table `strategies`",
        "ahp.csv:7:37: ratio: must be a ratio from 1/9 to 9",
        "ahp.csv:8:1: item_a: `Load Balancng` is not an item of the survey (data/seed-survey.csv (built in)); did you mean `Load Balancing`?",
        "ahp.csv: strategies: the pair `Redundancy & Failover`, `Load Balancing` is missing: give every pair of the table's 5 items once (10 rows",
    ] {
        assert!(e.contains(fragment), "missing `{fragment}` in:\n{e}");
    }
    let e = parse_ahp("item_a,item_b,ratio\n", "ahp.csv", &seed()).map(|_| ());
    assert!(format!("{e:?}").contains("has no comparisons"));
}

fn est(mean: f64, lo: f64, hi: f64) -> Estimate {
    Estimate {
        mean,
        ci95: [lo, hi],
    }
}

fn option(name: &str, item: &str, value: Estimate) -> SimulatedOption {
    SimulatedOption {
        name: name.into(),
        survey_item: item.into(),
        value,
    }
}

#[test]
fn options_against_the_seed_strategies() {
    // Survey ranks 1..5 (weights .40 .30 .18 .10 .02); simulated ranks 4 2 3 5 1.
    // d = 3 0 0 1 −4: Σd² = 26, ρ = 1 − 6·26/(5·24) = −0.3. Of the 10 pairs 4 are
    // concordant and 6 discordant: τ = −0.2. Largest |d| = 4: "security".
    let options = [
        option("second CDN", "Redundancy & Failover", est(1.0, 0.8, 1.2)),
        option("balancer", "Load Balancing", est(3.0, 2.5, 3.5)),
        option("monitoring", "real-time monitoring", est(2.0, 1.0, 3.0)),
        option("dr", "Disaster Recovery Planning", est(0.5, 0.1, 0.9)),
        option(
            "security",
            "strategies/Security Measures",
            est(4.0, 3.6, 4.4),
        ),
        option("runbooks", "Resource Management", est(1.0, 0.5, 1.5)),
        option("mystery", "Nothing Like It", est(1.0, 0.5, 1.5)),
    ];
    let c = options_vs_survey(&seed(), &options, "options.toml").expect("valid");
    assert_eq!(c.not_in_survey, ["mystery"]);
    assert_eq!(c.all.points.len(), 6);
    let tables: Vec<&str> = c.by_table.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(tables, ["strategies", "leadership"]);
    let s = &c.by_table[0].agreement;
    assert!((s.spearman_rho.expect("defined") + 0.3).abs() < 1e-12);
    assert!((s.kendall_tau_b.expect("defined") + 0.2).abs() < 1e-12);
    assert_eq!(s.largest_rank_differences, ["security"]);
    let d: Vec<f64> = s.points.iter().map(|p| p.rank_difference).collect();
    assert_eq!(d, [3.0, 0.0, 0.0, 1.0, -4.0]);
    // Clear reversals: believed higher, simulated interval wholly below.
    let pairs: Vec<(&str, &str)> = s
        .clear_reversals
        .iter()
        .map(|r| (r.believed_higher.as_str(), r.simulated_higher.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("second CDN", "balancer"),
            ("second CDN", "security"),
            ("balancer", "security"),
            ("monitoring", "security"),
            ("dr", "security"),
        ]
    );
    // Shares: survey weights already sum to 1; simulated means sum to 10.5.
    assert!((s.points[0].survey_share - 0.40).abs() < 1e-12);
    assert!((s.points[4].simulated_share.mean - 4.0 / 10.5).abs() < 1e-12);
    assert!((s.points[4].simulated_share.ci95[1] - 4.4 / 10.5).abs() < 1e-12);
    // One leadership option: no rank agreement is defined.
    let l = &c.by_table[1].agreement;
    assert_eq!((l.spearman_rho, l.kendall_tau_b), (None, None));
    assert!(l.largest_rank_differences.is_empty());
}

#[test]
fn options_with_bad_values_are_refused() {
    let options = [
        option("a", "Load Balancing", est(f64::NAN, 0.0, 1.0)),
        option("b", "Load Balancing", est(1.0, 2.0, 0.5)),
    ];
    let e = options_vs_survey(&seed(), &options, "options.toml")
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("options.toml: option \"a\".value: must be finite"),
        "{e}"
    );
    assert!(
        e.contains("option \"b\".value: the 95 % interval [2, 0.5]"),
        "{e}"
    );
}

#[test]
fn challenges_against_the_seed() {
    // Survey: System Complexity .32 above Scalability Issues .28; simulation: 2 h below 10 h
    // with intervals apart, so ρ = τ = −1 and one clear reversal.
    let downtime = [
        ChallengeDowntime {
            label: "scalability issues".into(),
            downtime: est(10.0, 8.0, 12.0),
        },
        ChallengeDowntime {
            label: "System Complexity".into(),
            downtime: est(2.0, 1.0, 3.0),
        },
        ChallengeDowntime {
            label: "Vendor Lock-in".into(),
            downtime: est(5.0, 4.0, 6.0),
        },
    ];
    let c =
        challenges_vs_survey(&seed(), CHALLENGES_TABLE, &downtime, "model.toml").expect("valid");
    assert_eq!(c.labels_not_in_survey, ["Vendor Lock-in"]);
    assert_eq!(
        c.survey_items_not_in_model,
        ["Data Management", "Disaster Recovery", "Security Concerns"]
    );
    let a = &c.agreement;
    assert_eq!(a.points[0].name, "Scalability Issues");
    assert!((a.spearman_rho.expect("defined") + 1.0).abs() < 1e-12);
    assert!((a.kendall_tau_b.expect("defined") + 1.0).abs() < 1e-12);
    assert!((a.points[1].survey_share - 0.32 / 0.60).abs() < 1e-12);
    assert!((a.points[1].simulated_share.mean - 2.0 / 12.0).abs() < 1e-12);
    assert_eq!(a.clear_reversals.len(), 1);
    assert_eq!(a.clear_reversals[0].believed_higher, "System Complexity");

    let twice = [downtime[0].clone(), downtime[0].clone()];
    let e = challenges_vs_survey(&seed(), CHALLENGES_TABLE, &twice, "m.toml")
        .expect_err("refused")
        .to_string();
    assert!(e.contains("is given twice"), "{e}");
    let e = challenges_vs_survey(&seed(), "nope", &downtime, "m.toml")
        .expect_err("refused")
        .to_string();
    assert!(e.contains("has no table `nope`"), "{e}");
}

#[test]
fn json_has_the_documented_keys() {
    let s = ok("respondent,Load Balancing,Security Measures\nr1,5,2\nr2,3,3\n");
    let v = survey_json(&s, None);
    assert_eq!(v["form"], "respondents");
    assert_eq!(v["scale"], "likert-1-5");
    assert_eq!(v["respondents"], 2);
    let item = &v["tables"]["strategies"]["items"][0];
    assert_eq!(item["item"], "Load Balancing");
    // r1: 4,1 → .8,.2; r2: 2,2 → .5,.5: weight .65.
    assert!((item["weight"].as_f64().unwrap_or(0.0) - 0.65).abs() < 1e-12);
    assert!(item["ci95"].is_array());
    assert!(v["ahp"].is_null());
    let seed_json = survey_json(&seed(), None);
    assert_eq!(seed_json["source"], SEED_ORIGIN);
    assert!(seed_json["respondents"].is_null());
    assert!(
        seed_json["note"]
            .as_str()
            .is_some_and(|n| n.contains("not effect sizes"))
    );
}
