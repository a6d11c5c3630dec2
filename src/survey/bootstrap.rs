//! Weights from respondents' share vectors: their mean, and bootstrap 95 % percentile intervals
//! from resampling respondents with replacement (a fixed seeded generator per table, so the
//! same file always gives the same intervals).

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Bootstrap resamples of the respondents.
pub const BOOTSTRAP_RESAMPLES: usize = 2000;
/// The bootstrap generator's seed; each table's generator is seeded from it and the table's
/// name (lower case), so adding a table changes no other table's intervals.
pub const BOOTSTRAP_SEED: u64 = 0x5EED_5EA7_2026_0001;
/// The interval's tail probabilities.
const LOWER: f64 = 0.025;
const UPPER: f64 = 0.975;

/// The seed of one table's bootstrap generator.
pub(super) fn table_seed(table: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in table.trim().to_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    BOOTSTRAP_SEED ^ h
}

/// The mean of `n` share vectors of length `k`, stored one after another (summed in row order).
pub(super) fn mean(shares: &[f64], k: usize) -> Vec<f64> {
    let mut sum = vec![0.0; k];
    let n = shares.len().checked_div(k).unwrap_or(0);
    for row in shares.chunks_exact(k.max(1)).take(n) {
        for (s, v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
    sum.iter().map(|s| s / n.max(1) as f64).collect()
}

/// Percentile 95 % intervals of the mean share vector: `resamples` times, draw `n` rows with
/// replacement from the `n` rows and take their mean; each item's interval is the 2.5 % and
/// 97.5 % quantiles of its resampled means (linear interpolation between order statistics,
/// the R type 7 / numpy default). `None` when there are no rows or no resamples.
pub(super) fn intervals(
    shares: &[f64],
    k: usize,
    resamples: usize,
    seed: u64,
) -> Option<Vec<[f64; 2]>> {
    if k == 0 || resamples == 0 || shares.len() < k {
        return None;
    }
    let n = shares.len() / k;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    // means[item][b]
    let mut means = vec![Vec::with_capacity(resamples); k];
    let mut acc = vec![0.0; k];
    for _ in 0..resamples {
        acc.iter_mut().for_each(|a| *a = 0.0);
        for _ in 0..n {
            let j = rng.random_range(0..n);
            for (a, v) in acc.iter_mut().zip(&shares[j * k..(j + 1) * k]) {
                *a += v;
            }
        }
        for (m, a) in means.iter_mut().zip(&acc) {
            m.push(a / n as f64);
        }
    }
    Some(
        means
            .iter_mut()
            .map(|m| {
                m.sort_by(f64::total_cmp);
                [quantile(m, LOWER), quantile(m, UPPER)]
            })
            .collect(),
    )
}

/// The `p` quantile of sorted values: linear interpolation between order statistics at
/// h = (len − 1)·p (R type 7).
pub(super) fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        len => {
            let h = (len - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(len - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates_like_r_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.25), 2.0);
        assert!((quantile(&v, 0.1) - 1.4).abs() < 1e-12); // h = 0.4
        assert_eq!(quantile(&v, 1.0), 5.0);
    }

    #[test]
    fn identical_respondents_give_a_zero_width_interval() {
        let shares = [0.25, 0.75, 0.25, 0.75, 0.25, 0.75];
        let ci = intervals(&shares, 2, 200, 1).expect("rows");
        assert!((ci[0][0] - 0.25).abs() < 1e-15 && (ci[0][1] - 0.25).abs() < 1e-15);
        assert_eq!(mean(&shares, 2), vec![0.25, 0.75]);
    }

    #[test]
    fn two_opposite_respondents_interval_matches_the_binomial_bootstrap() {
        // Resampled mean of item 0 = (number of draws of respondent A) / n with A = [1, 0] and
        // B = [0, 1]: a Binomial(n, 1/2) / n, so for n = 100 the 95 % interval is close to
        // 0.5 ± 1.96·0.05 (normal approximation; allow 0.02 for resampling noise).
        let mut shares = Vec::new();
        for i in 0..100 {
            shares.extend(if i % 2 == 0 { [1.0, 0.0] } else { [0.0, 1.0] });
        }
        let ci = intervals(&shares, 2, BOOTSTRAP_RESAMPLES, 7).expect("rows");
        assert!((ci[0][0] - (0.5 - 1.96 * 0.05)).abs() < 0.02, "{ci:?}");
        assert!((ci[0][1] - (0.5 + 1.96 * 0.05)).abs() < 0.02, "{ci:?}");
        // Each resample's shares sum to 1, so item 1's interval mirrors item 0's.
        assert!((ci[1][0] - (1.0 - ci[0][1])).abs() < 1e-12);
    }

    #[test]
    fn the_same_seed_gives_the_same_intervals() {
        let shares: Vec<f64> = (0..30)
            .flat_map(|i| [i as f64 / 30.0, 1.0 - i as f64 / 30.0])
            .collect();
        let a = intervals(&shares, 2, 500, table_seed("strategies"));
        let b = intervals(&shares, 2, 500, table_seed("Strategies "));
        assert_eq!(a, b);
        assert_ne!(a, intervals(&shares, 2, 500, table_seed("leadership")));
    }
}
