//! Sampling durations: each distribution prepared once, in the form the trial loop draws from.

use super::streams::StreamRng;
use crate::model::Dist;
use rand_distr::{Distribution, Exp1, Gamma, LogNormal, Weibull};

/// A validated distribution ready to sample (hours).
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    Exp(f64),
    Weibull(Weibull<f64>),
    LogNormal(LogNormal<f64>),
    Gamma(Gamma<f64>),
    Fixed(f64),
}

impl Sampler {
    /// Prepare a distribution whose parameters were already checked by validation.
    pub(crate) fn new(d: &Dist) -> Option<Sampler> {
        Some(match *d {
            Dist::Exponential { mean_hours } => Sampler::Exp(mean_hours),
            Dist::Weibull { shape, scale_hours } => {
                Sampler::Weibull(Weibull::new(scale_hours, shape).ok()?)
            }
            Dist::Lognormal {
                median_hours,
                sigma,
            } => Sampler::LogNormal(LogNormal::new(median_hours.ln(), sigma).ok()?),
            Dist::Gamma { shape, scale_hours } => {
                Sampler::Gamma(Gamma::new(shape, scale_hours).ok()?)
            }
            Dist::Fixed { hours } => Sampler::Fixed(hours),
        })
    }

    /// Draw one duration in hours.
    #[inline(always)]
    pub(crate) fn sample(&self, rng: &mut StreamRng) -> f64 {
        match self {
            Sampler::Exp(mean) => {
                let e: f64 = Exp1.sample(rng);
                mean * e
            }
            Sampler::Weibull(d) => d.sample(rng),
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Fixed(h) => *h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_means_match_distribution_means() {
        let mut rng = StreamRng::from_state([1, 2, 3, 4]);
        for d in [
            Dist::Exponential { mean_hours: 5.0 },
            Dist::Weibull {
                shape: 0.8,
                scale_hours: 3.0,
            },
            Dist::Lognormal {
                median_hours: 2.0,
                sigma: 0.7,
            },
            Dist::Gamma {
                shape: 2.5,
                scale_hours: 1.5,
            },
            Dist::Fixed { hours: 4.0 },
        ] {
            let s = Sampler::new(&d).expect("valid");
            let n = 400_000;
            let (mut sum, mut sq) = (0.0, 0.0);
            for _ in 0..n {
                let x = s.sample(&mut rng);
                sum += x;
                sq += x * x;
            }
            let mean = sum / n as f64;
            let se = ((sq / n as f64 - mean * mean).max(0.0) / n as f64).sqrt();
            assert!(
                (mean - d.mean_hours()).abs() <= 5.0 * se + 1e-12,
                "{d:?}: {mean} vs {}",
                d.mean_hours()
            );
        }
    }
}
