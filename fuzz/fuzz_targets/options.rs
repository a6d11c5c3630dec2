//! Fuzz the investment options reader: arbitrary text through `parse_options`; files that load
//! must hold valid, unique names, finite non-negative costs and probabilities in [0, 1], and
//! (when small) are checked against a small model, their leadership deliveries computed and
//! each option's design built; every error renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nines::decide::portfolio::{Design, PlanCache, deliveries};

const MODEL: &str = r#"[model]
name = "fuzz"

[[component]]
name = "cdn"
failure = { dist = "exponential", mean_hours = 17520 }
repair = { dist = "lognormal", median_hours = 1, sigma = 1.08 }

[[component]]
name = "web"
replicas = 3
min_up = 2
failure = { dist = "exponential", mean_hours = 8760 }
repair = { dist = "exponential", mean_hours = 0.5 }
cost = { per_replica_year = 100 }

[[service]]
name = "shop"
requires = ["cdn", "web"]
downtime_cost = { per_hour = 1000 }
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let opts = match nines::decide::parse_options(text, "fuzz-options.toml") {
        Ok(o) => o,
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error with no problems");
            let _ = e.to_string();
            return;
        }
    };
    assert!(!opts.options.is_empty());
    for (k, o) in opts.options.iter().enumerate() {
        assert!(!o.name.is_empty() && o.name.len() <= 64, "name {:?}", o.name);
        assert_eq!(opts.index_of(&o.name), Ok(k), "names are unique");
        assert!(o.yearly_cost.is_finite() && o.yearly_cost >= 0.0);
        assert!(o.one_off_cost.is_finite() && o.one_off_cost >= 0.0);
        assert!((0.0..=1.0).contains(&o.realised));
        assert_eq!(o.edits.len(), o.edit_positions.len());
        assert!(o.cost_per_year(3.0).is_finite());
        if let Some(en) = &o.enables {
            assert!((0.0..=1.0).contains(&en.realised));
            for n in &en.options {
                assert!(opts.index_of(n).is_ok(), "enables an unknown option {n}");
            }
        }
        for e in &o.edits {
            let _ = e.to_string();
        }
    }
    let _ = opts.index_of("no such option").map_err(|e| e.len());
    let edits: usize = opts.options.iter().map(|o| o.edits.len()).sum();
    if opts.options.len() > 16 || edits > 64 {
        return;
    }
    let all: Vec<usize> = (0..opts.options.len()).collect();
    for d in deliveries(&opts, &all) {
        assert!((0.0..=1.0).contains(&d.probability));
    }
    match opts.check_against(MODEL, "fuzz.toml") {
        Ok(()) => {
            let cache = PlanCache::default();
            for i in 0..opts.options.len() {
                // Every option alone fits the model, so its design builds.
                let d = Design::build(MODEL, "fuzz.toml", None, &opts, &[i], 1, &cache)
                    .unwrap_or_else(|e| panic!("option {i} fits but its design fails: {e}"));
                assert!(d.infrastructure_year.is_finite());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
