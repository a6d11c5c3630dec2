//! Gauss–Legendre quadrature on geometrically growing panels, for time averages of sums of
//! decaying exponentials over [0, horizon].

/// Nodes and weights of the n-point Gauss–Legendre rule on [-1, 1] (Newton on P_n).
pub(crate) fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 0.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let p2 = ((2 * k - 1) as f64 * x * p1 - (k - 1) as f64 * p0) / k as f64;
                p0 = p1;
                p1 = p2;
            }
            dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let dx = p1 / dp;
            x -= dx;
            if dx.abs() < 1e-16 {
                break;
            }
        }
        out.push((x, 2.0 / ((1.0 - x * x) * dp * dp)));
    }
    out
}

/// Panels [0, h0], [h0, 2h0], [2h0, 4h0], … up to `horizon`, where `h0` resolves the
/// fastest rate `rate_max` (per hour).
pub(crate) fn panels(horizon: f64, rate_max: f64) -> Vec<(f64, f64)> {
    // At most ~60 doublings whatever the rates (validation bounds them anyway).
    let mut h = (0.05 / rate_max.max(1e-300)).clamp(horizon * 1e-15, horizon);
    let mut out = vec![(0.0, h)];
    while h < horizon {
        let next = (2.0 * h).min(horizon);
        out.push((h, next));
        h = next;
    }
    out
}

/// Time points (hours) and weights such that Σ w·f(t) ≈ ∫_0^horizon f(t) dt.
pub(crate) fn time_grid(horizon: f64, rate_max: f64) -> Vec<(f64, f64)> {
    let rule = gauss_legendre(24);
    let mut out = Vec::new();
    for (a, b) in panels(horizon, rate_max) {
        let (mid, half) = ((a + b) / 2.0, (b - a) / 2.0);
        out.extend(rule.iter().map(|&(x, w)| (mid + half * x, half * w)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrates_fast_and_slow_exponentials() {
        let h = crate::model::HOURS_PER_YEAR;
        let grid = time_grid(h, 30.0);
        let f = |t: f64| 0.3 * (-30.0 * t).exp() + 0.2 * (-0.01 * t).exp() + 0.5;
        let got: f64 = grid.iter().map(|&(t, w)| w * f(t)).sum();
        let exact = 0.3 / 30.0 * (1.0 - (-30.0 * h).exp())
            + 0.2 / 0.01 * (1.0 - (-0.01 * h).exp())
            + 0.5 * h;
        assert!((got - exact).abs() / exact < 1e-14, "{got} vs {exact}");
    }
}
