//! Fuzz reading a sweep part: parsing and merging it (alone, and beside a copy of itself) must
//! refuse damaged input (truncated, edited, huge counts) with a message, never panic or
//! allocate without bound.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nines::decide::sweep_part::{is_sweep_part, merge_sweep_parts, sweep_part_from_str};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = is_sweep_part(text);
    let part = match sweep_part_from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match merge_sweep_parts(std::slice::from_ref(&part)) {
        Ok(m) => {
            let _ = m.rows.len() + m.header.len();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let _ = merge_sweep_parts(&[part.clone(), part]).map(|m| m.rows.len());
});
