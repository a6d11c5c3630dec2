//! Fuzz the scenario and load-series readers: arbitrary text through `parse_scenario` and
//! `parse_series_csv`; scenarios that load also build their hourly profile.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match nines::scenario::parse_scenario(text, "fuzz.toml") {
        Ok(sc) => {
            let profile = sc.hourly_rps(24 * 400);
            assert!(profile.iter().all(|x| x.is_finite() && *x >= 0.0));
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Err(e) = nines::scenario::parse_series_csv(text, "fuzz.csv") {
        let _ = e.to_string();
    }
});
