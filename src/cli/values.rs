//! Parsers of the money, year and range flags shared by the decision commands, so each says
//! what is allowed in the same words.

/// `--budget`: an amount per year ≥ 0 in the model currency (`_` allowed as a separator).
pub(crate) fn parse_budget(s: &str) -> Result<f64, String> {
    match s.replace('_', "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "must be an amount per year >= 0 in the model currency (e.g. 500000), found {s}"
        )),
    }
}

/// `--years`: years one-off costs are spread over, > 0 and at most 100.
pub(crate) fn parse_years(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 100.0 => Ok(v),
        _ => Err(format!(
            "must be a number of years > 0 and at most 100, found {s}"
        )),
    }
}

/// `--range`: the share a tornado moves each parameter by, strictly between 0 and 1.
pub(crate) fn parse_range(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!(
            "must be a share between 0 and 1 (0.2 = ± 20 %), found {s}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_with_what_is_allowed() {
        assert_eq!(parse_budget("500_000"), Ok(500_000.0));
        assert!(parse_budget("-1").is_err_and(|e| e.contains(">= 0")));
        assert_eq!(parse_years("3"), Ok(3.0));
        assert!(parse_years("0").is_err() && parse_years("101").is_err());
        assert_eq!(parse_range("0.2"), Ok(0.2));
        assert!(parse_range("1").is_err_and(|e| e.contains("between 0 and 1")));
    }
}
