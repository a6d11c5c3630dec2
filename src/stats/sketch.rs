//! A mergeable quantile sketch with fixed memory and bounded relative error (DDSketch-style
//! logarithmic buckets plus an exact zero bucket).

use serde::{Deserialize, Serialize};

/// Relative accuracy of every quantile the sketch returns for values in its range.
pub const SKETCH_RELATIVE_ACCURACY: f64 = 0.01;
/// Smallest positive value kept apart from zero (hours); smaller values count as this value.
const MIN_VALUE: f64 = 1e-6;
/// Largest value tracked exactly (hours); larger values count as this value.
const MAX_VALUE: f64 = 1e8;
/// γ = (1 + α) / (1 − α).
const GAMMA: f64 = (1.0 + SKETCH_RELATIVE_ACCURACY) / (1.0 - SKETCH_RELATIVE_ACCURACY);

fn bucket_count() -> usize {
    ((MAX_VALUE / MIN_VALUE).ln() / GAMMA.ln()).ceil() as usize + 1
}

/// Quantiles of non-negative values (downtime hours) in fixed memory: every quantile of a
/// value in [1e-6, 1e8] is returned within 1 % relative error; zeros are counted exactly,
/// and so are the smallest and largest value, to which every quantile is clamped (so a
/// sample whose values are all equal has every quantile exactly that value). Merging two
/// sketches gives exactly the sketch of the combined values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuantileSketch {
    zeros: u64,
    /// Log buckets, allocated at the first non-zero value (empty while every value is 0).
    counts: Vec<u64>,
    n: u64,
    /// Smallest value added (None while empty).
    #[serde(default)]
    min: Option<f64>,
    /// Largest value added (None while empty).
    #[serde(default)]
    max: Option<f64>,
}

/// The smaller (`pick_max` false) or larger of two optional values.
fn extreme(a: Option<f64>, b: Option<f64>, pick_max: bool) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if pick_max { x.max(y) } else { x.min(y) }),
        (x, None) => x,
        (None, y) => y,
    }
}

impl QuantileSketch {
    /// Add one value (negative and NaN values count as zero).
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let kept = if x.is_nan() || x <= 0.0 { 0.0 } else { x };
        self.min = extreme(self.min, Some(kept), false);
        self.max = extreme(self.max, Some(kept), true);
        if kept == 0.0 {
            self.zeros += 1;
            return;
        }
        let v = x.clamp(MIN_VALUE, MAX_VALUE);
        let i = ((v / MIN_VALUE).ln() / GAMMA.ln()).ceil() as usize;
        if self.counts.is_empty() {
            self.counts = vec![0; bucket_count()];
        }
        let last = self.counts.len() - 1;
        self.counts[i.min(last)] += 1;
    }

    /// Merge another sketch into this one.
    pub fn merge(&mut self, o: &QuantileSketch) {
        self.zeros += o.zeros;
        self.n += o.n;
        self.min = extreme(self.min, o.min, false);
        self.max = extreme(self.max, o.max, true);
        if o.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            self.counts = vec![0; bucket_count()];
        }
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
    }

    /// Whether the sketch is what `n` pushes can make: the right number of buckets, counts
    /// adding up to `n`, and a finite observed range (checks sketches read from files).
    pub fn is_consistent(&self, n: u64) -> bool {
        let total = self
            .counts
            .iter()
            .try_fold(self.zeros, |t, &c| t.checked_add(c));
        let range_ok = match (self.min, self.max) {
            (None, None) => n == 0,
            (Some(a), Some(b)) => n > 0 && a.is_finite() && b.is_finite() && 0.0 <= a && a <= b,
            _ => false,
        };
        self.n == n
            && (self.counts.is_empty() || self.counts.len() == bucket_count())
            && total == Some(n)
            && range_ok
    }

    /// Number of values.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Smallest value added (negative and NaN values count as zero); None while empty.
    pub fn min(&self) -> Option<f64> {
        self.min
    }

    /// Largest value added; None while empty.
    pub fn max(&self) -> Option<f64> {
        self.max
    }

    /// The q-quantile (nearest rank: the smallest value with at least q·n values at or below
    /// it), within the sketch's relative accuracy and never outside the observed range.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let x = self.bucket_quantile(q);
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => x.clamp(lo, hi),
            _ => x,
        }
    }

    /// The q-quantile at bucket resolution.
    fn bucket_quantile(&self, q: f64) -> f64 {
        let rank = ((q.clamp(0.0, 1.0) * self.n as f64).ceil() as u64).max(1);
        if rank <= self.zeros {
            return 0.0;
        }
        let mut seen = self.zeros;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::value_of(i);
            }
        }
        MAX_VALUE
    }

    /// Fraction of values at or below `x` (an empirical CDF at bucket resolution).
    pub fn cdf(&self, x: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        if x < 0.0 {
            return 0.0;
        }
        let mut below = self.zeros;
        for (i, c) in self.counts.iter().enumerate() {
            if Self::value_of(i) <= x {
                below += c;
            }
        }
        below as f64 / self.n as f64
    }

    /// Every non-empty bucket as (representative value in hours, count), in increasing order,
    /// zeros first.
    pub fn buckets(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        std::iter::once((0.0, self.zeros))
            .chain(
                self.counts
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| (Self::value_of(i), c)),
            )
            .filter(|&(_, c)| c > 0)
    }

    /// The value that represents bucket i: 2γ^i/(γ+1) × MIN_VALUE, within α of every value in it.
    fn value_of(i: usize) -> f64 {
        MIN_VALUE * 2.0 * GAMMA.powi(i as i32) / (GAMMA + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_stated_accuracy() {
        let mut s = QuantileSketch::default();
        let mut xs: Vec<f64> = (1..=10_000).map(|i| (i as f64).powf(1.7) * 1e-3).collect();
        xs.iter().for_each(|&x| s.push(x));
        xs.sort_by(f64::total_cmp);
        for q in [0.01, 0.5, 0.9, 0.99, 1.0] {
            let exact = xs[((q * xs.len() as f64).ceil() as usize).max(1) - 1];
            let got = s.quantile(q);
            assert!(
                (got - exact).abs() <= SKETCH_RELATIVE_ACCURACY * exact + 1e-12,
                "q={q}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn quantiles_stay_within_the_observed_range() {
        let mut s = QuantileSketch::default();
        for _ in 0..1000 {
            s.push(40.0);
        }
        // The bucket of 40 is represented by a value about 0.6 % off; clamped, it is exact.
        for q in [0.01, 0.5, 0.9, 0.99, 1.0] {
            assert_eq!(s.quantile(q), 40.0);
        }
        let (mut a, mut b) = (QuantileSketch::default(), QuantileSketch::default());
        a.push(3.0);
        a.push(0.0);
        b.push(7.5);
        a.merge(&b);
        assert_eq!((a.min(), a.max()), (Some(0.0), Some(7.5)));
        assert_eq!(a.quantile(1.0), 7.5);
        assert_eq!(QuantileSketch::default().max(), None);
    }

    #[test]
    fn zeros_are_exact_and_merge_is_exact() {
        let (mut a, mut b, mut all) = (
            QuantileSketch::default(),
            QuantileSketch::default(),
            QuantileSketch::default(),
        );
        for i in 0..100 {
            let x = if i < 60 { 0.0 } else { i as f64 };
            all.push(x);
            if i % 2 == 0 { a.push(x) } else { b.push(x) }
        }
        a.merge(&b);
        assert_eq!(a, all);
        assert_eq!(all.quantile(0.5), 0.0);
        assert!(all.quantile(0.61) > 0.0);
        assert!((all.cdf(0.0) - 0.6).abs() < 1e-12);
    }
}
