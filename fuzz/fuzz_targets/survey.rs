//! Fuzz the survey readers: arbitrary text through `parse_survey` (both forms) and `parse_ahp`
//! (against the seed survey and against the survey the text itself makes, when it is one);
//! surveys that load must have finite weights summing to 1 per table, render as text and
//! JSON, and go through the survey-vs-simulation comparison.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nines::survey::{self, Estimate, SimulatedOption};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let seed = survey::seed();
    if let Err(e) = survey::parse_ahp(text, "fuzz-ahp.csv", &seed) {
        let _ = e.to_string();
    }
    match survey::parse_survey(text, "fuzz.csv") {
        Ok(s) => {
            for t in &s.tables {
                let total: f64 = t.items.iter().map(|i| i.weight).sum();
                assert!((total - 1.0).abs() < 1e-9, "{}: weights sum to {total}", t.name);
                for i in &t.items {
                    assert!(i.weight.is_finite() && i.weight >= 0.0);
                    if let Some([lo, hi]) = i.ci95 {
                        assert!(lo <= hi && lo >= -1e-12 && hi <= 1.0 + 1e-12);
                    }
                }
            }
            let mut out = Vec::new();
            survey::write_survey_text(&mut out, &s, None).expect("write to a Vec");
            let _ = survey::survey_json(&s, None).to_string();
            if let Ok(a) = survey::parse_ahp(text, "fuzz-ahp.csv", &s) {
                let _ = survey::survey_json(&s, Some(&a));
            }
            let options: Vec<SimulatedOption> = s
                .tables
                .iter()
                .flat_map(|t| t.items.iter().map(move |i| (t, i)))
                .enumerate()
                .map(|(k, (t, i))| SimulatedOption {
                    name: format!("o{k}"),
                    survey_item: format!("{}/{}", t.name, i.name),
                    value: Estimate {
                        mean: (k % 7) as f64 - 2.0,
                        ci95: [(k % 7) as f64 - 3.0, (k % 5) as f64 + 2.0],
                    },
                })
                .collect();
            let c = survey::options_vs_survey(&s, &options, "fuzz").expect("valid values");
            assert!(c.all.spearman_rho.is_none_or(|r| (-1.0..=1.0).contains(&r)));
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
