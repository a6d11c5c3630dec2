//! Fuzz reading a shard's partial result: parsing, rebuilding its plan and checking it in a
//! merge must refuse damaged input (truncated, edited, huge counts) with a message, never
//! panic or allocate without bound.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let part = match nines::load::partial_from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let Ok(plan) = nines::load::plan_from_partial(&part) else {
        return;
    };
    // Alone (a one-shard run), and beside a copy of itself (refused: the shard twice).
    match nines::engine::merge_partials(&plan, std::slice::from_ref(&part)) {
        Ok(r) => {
            let _ = nines::report::simulate_json(&r).to_string();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let _ = nines::engine::merge_partials(&plan, &[part.clone(), part]);
});
