//! Streaming statistics in fixed memory: moments with mergeable updates and a quantile sketch;
//! honest intervals when downtime is rare.

mod interval;
mod sketch;

pub use interval::{
    FEW_TRIALS_WITH_DOWNTIME, IntervalMethod, NO_DOWNTIME_CONFIDENCE, downtime_interval,
    no_event_upper_bound, normal_interval, poisson_interval,
};
pub use sketch::{QuantileSketch, SKETCH_RELATIVE_ACCURACY};

use serde::{Deserialize, Serialize};

/// Two-sided 95 % normal critical value.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Count, mean and sum of squared deviations, updated one value at a time (Welford) and
/// merged exactly in a fixed order (Chan et al.).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Add one value.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Merge another set of values into this one.
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        let (na, nb, nn) = (self.n as f64, o.n as f64, n as f64);
        self.mean += d * nb / nn;
        self.m2 += o.m2 + d * d * na * nb / nn;
        self.n = n;
    }

    /// Sample variance (0 with fewer than two values).
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).max(0.0)
        }
    }

    /// Standard error of the mean.
    pub fn std_error(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            (self.variance() / self.n as f64).sqrt()
        }
    }

    /// Mean, standard error and 95 % interval.
    pub fn summary(&self) -> Estimate {
        let se = self.std_error();
        Estimate {
            mean: self.mean,
            std_error: se,
            ci95: [self.mean - Z95 * se, self.mean + Z95 * se],
        }
    }
}

/// A mean with its standard error and 95 % confidence interval (normal approximation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Sample mean.
    pub mean: f64,
    /// Standard error of the mean.
    pub std_error: f64,
    /// 95 % interval `[low, high]`.
    pub ci95: [f64; 2],
}

impl Estimate {
    /// The same estimate with every value mapped through an increasing affine function
    /// `a + b·x` (b ≥ 0), e.g. from downtime hours to availability.
    pub fn affine(&self, a: f64, b: f64) -> Estimate {
        let (lo, hi) = (a + b * self.ci95[0], a + b * self.ci95[1]);
        Estimate {
            mean: a + b * self.mean,
            std_error: b.abs() * self.std_error,
            ci95: [lo.min(hi), lo.max(hi)],
        }
    }
}

/// "Nines" of an availability: −log10(1 − a) (e.g. 0.999 → 3.0).
pub fn nines(availability: f64) -> f64 {
    let u = 1.0 - availability;
    if u <= 0.0 { f64::INFINITY } else { -u.log10() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_equals_sequential() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 113) as f64 * 0.37)
            .collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..300].iter().for_each(|&x| a.push(x));
        xs[300..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean - all.mean).abs() < 1e-12);
        assert!((a.variance() - all.variance()).abs() < 1e-9);
        let naive_mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let naive_var =
            xs.iter().map(|x| (x - naive_mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        assert!((all.variance() - naive_var).abs() < 1e-9);
    }

    #[test]
    fn nines_counts_nines() {
        assert!((nines(0.999) - 3.0).abs() < 1e-9);
        assert!((nines(0.99995) - 4.30103).abs() < 1e-5);
    }
}
