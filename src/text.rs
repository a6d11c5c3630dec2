//! Text formatting shared by the command line, the workbench and reports: counts, percents,
//! durations and "per year" labels, so every output says the same thing the same way.

use crate::model::HOURS_PER_YEAR;

/// "1 group", "3 groups".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// An availability as a percent with five decimals ("99.98190 %").
pub fn percent(a: f64) -> String {
    format!("{:.5} %", a * 100.0)
}

/// A duration in hours as short readable text ("26 s", "5.0 min", "2.3 h", "4.1 days").
pub fn hours_text(h: f64) -> String {
    if !h.is_finite() {
        return format!("{h}");
    }
    let s = h * 3600.0;
    if s < 90.0 {
        format!("{s:.0} s")
    } else if h < 1.5 {
        format!("{:.1} min", h * 60.0)
    } else if h < 48.0 {
        format!("{h:.1} h")
    } else if h < 2.0 * HOURS_PER_YEAR {
        format!("{:.1} days", h / 24.0)
    } else {
        format!("{:.1} years", h / HOURS_PER_YEAR)
    }
}

/// "per year" for a one-year horizon, else "per 4380 h".
pub fn per_horizon(horizon_hours: f64) -> String {
    if (horizon_hours - HOURS_PER_YEAR).abs() < 1e-9 {
        "per year".to_string()
    } else {
        format!("per {horizon_hours} h")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(count(1, "group"), "1 group");
        assert_eq!(count(3, "replica"), "3 replicas");
        assert_eq!(percent(0.9998190), "99.98190 %");
        assert_eq!(hours_text(0.005), "18 s");
        assert_eq!(hours_text(0.5), "30.0 min");
        assert_eq!(hours_text(30.0), "30.0 h");
        assert_eq!(hours_text(100.0), "4.2 days");
        assert_eq!(hours_text(3.0 * 8760.0), "3.0 years");
        assert_eq!(per_horizon(8760.0), "per year");
        assert_eq!(per_horizon(4380.0), "per 4380 h");
    }
}

/// A money amount with its currency, rounded to whole units and grouped by thousands
/// (`1,234,567 USD`; negative amounts keep their sign).
pub fn money(amount: f64, currency: &str) -> String {
    if !amount.is_finite() {
        return format!("- {currency}");
    }
    let whole = amount.abs().round() as u128;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if amount < 0.0 && whole > 0 { "-" } else { "" };
    format!("{sign}{grouped} {currency}")
}

#[cfg(test)]
mod money_tests {
    #[test]
    fn money_is_grouped_with_its_currency() {
        assert_eq!(super::money(1_234_567.4, "USD"), "1,234,567 USD");
        assert_eq!(super::money(-950.0, "EUR"), "-950 EUR");
        assert_eq!(super::money(0.2, "USD"), "0 USD");
        assert_eq!(super::money(f64::NAN, "USD"), "- USD");
    }
}

/// A signed change with its sign always shown: six decimals for ordinary sizes
/// (`+0.012345`), four significant digits in scientific notation when it is smaller than
/// 1e-3 (`-3.210e-7`), so a tiny tornado delta never reads as `+0.000000`; exactly zero
/// stays `+0`.
pub fn signed_delta(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "+0".to_string();
    }
    if v.abs() < 1e-3 {
        format!("{v:+.3e}")
    } else {
        format!("{v:+.6}")
    }
}

#[cfg(test)]
mod delta_tests {
    use super::signed_delta;

    #[test]
    fn tiny_deltas_keep_their_digits() {
        assert_eq!(signed_delta(0.012345), "+0.012345");
        assert_eq!(signed_delta(-0.5), "-0.500000");
        assert_eq!(signed_delta(-3.21e-7), "-3.210e-7");
        assert_eq!(signed_delta(4.5e-10), "+4.500e-10");
        assert_eq!(signed_delta(0.0), "+0");
        assert_ne!(signed_delta(1e-7), "+0.000000");
    }
}
