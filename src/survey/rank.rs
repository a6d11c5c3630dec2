//! Rank agreement between two lists of values: average ranks for ties, Spearman's ρ (Pearson's
//! correlation of the ranks) and Kendall's τ-b (tie-corrected).

/// Ranks from 1, largest value first when `descending` (the order beliefs and benefits are
/// read in), tied values sharing the mean of their places. NaN sorts below every number.
pub fn average_ranks(values: &[f64], descending: bool) -> Vec<f64> {
    let key = |x: f64| if x.is_nan() { f64::NEG_INFINITY } else { x };
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (key(values[a]), key(values[b]));
        if descending {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        }
    });
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && key(values[order[j + 1]]) == key(values[order[i]]) {
            j += 1;
        }
        // Places i+1 ..= j+1 share their mean.
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's ρ: Pearson's correlation of the average ranks of `x` and `y` (which handles ties).
/// `None` for fewer than two pairs, lists of different lengths, or when either list has every
/// value tied (no order to agree with).
pub fn spearman_rho(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (rx, ry) = (average_ranks(x, false), average_ranks(y, false));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Kendall's τ-b = (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂)), with n₀ = n(n−1)/2 pairs,
/// n₁ pairs tied in `x` and n₂ pairs tied in `y` (a pair tied in both counts in both).
/// `None` as for [`spearman_rho`].
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let n = x.len();
    let (rx, ry) = (average_ranks(x, false), average_ranks(y, false));
    let (mut concordant, mut discordant, mut tied_x, mut tied_y) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            let dx = rx[i] - rx[j];
            let dy = ry[i] - ry[j];
            if dx == 0.0 {
                tied_x += 1;
            }
            if dy == 0.0 {
                tied_y += 1;
            }
            if dx * dy > 0.0 {
                concordant += 1;
            } else if dx * dy < 0.0 {
                discordant += 1;
            }
        }
    }
    let pairs = (n * (n - 1) / 2) as u64;
    let denominator = ((pairs - tied_x) as f64 * (pairs - tied_y) as f64).sqrt();
    (denominator > 0.0)
        .then(|| ((concordant as f64 - discordant as f64) / denominator).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(
            average_ranks(&[10.0, 30.0, 20.0, 30.0], true),
            vec![4.0, 1.5, 3.0, 1.5]
        );
        assert_eq!(average_ranks(&[1.0, 1.0, 1.0], false), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn perfect_and_reversed_orders() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [10.0, 20.0, 30.0, 40.0, 50.0];
        let z = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!(close(spearman_rho(&x, &y), 1.0) && close(kendall_tau_b(&x, &y), 1.0));
        assert!(close(spearman_rho(&x, &z), -1.0) && close(kendall_tau_b(&x, &z), -1.0));
    }

    #[test]
    fn hand_computed_without_ties() {
        // y's ranks 1 3 2 5 4: Σd² = 0+1+1+1+1 = 4, ρ = 1 − 6·4/(5·24) = 0.8.
        // Discordant pairs (2,3) and (4,5): τ = (8 − 2)/10 = 0.6.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [1.0, 3.0, 2.0, 5.0, 4.0];
        assert!(close(spearman_rho(&x, &y), 0.8));
        assert!(close(kendall_tau_b(&x, &y), 0.6));
    }

    #[test]
    fn hand_computed_with_ties() {
        // x = 1 2 3 4, y = 1 1 2 3 (ranks 1.5 1.5 3 4). Pairs: 5 concordant, 0 discordant,
        // 1 tied in y: τ-b = 5 / √(6·5) = 0.912870929…
        // ρ: rank deviations x −1.5 −.5 .5 1.5, y −1 −1 .5 1.5: Σxy = 1.5+.5+.25+2.25 = 4.5,
        // Σxx = 5, Σyy = 1+1+.25+2.25 = 4.5: ρ = 4.5/√(5·4.5) = 0.948683298…
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [1.0, 1.0, 2.0, 3.0];
        assert!(close(kendall_tau_b(&x, &y), 5.0 / 30f64.sqrt()));
        assert!(close(spearman_rho(&x, &y), 4.5 / 22.5f64.sqrt()));
    }

    #[test]
    fn undefined_cases() {
        assert_eq!(spearman_rho(&[1.0], &[2.0]), None);
        assert_eq!(kendall_tau_b(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(spearman_rho(&[1.0, 2.0], &[1.0]), None);
    }
}
