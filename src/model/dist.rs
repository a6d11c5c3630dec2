//! Failure and repair distributions: parameters, means, densities and their checks.

use serde::{Deserialize, Serialize};
use statrs::function::erf::erfc;
use statrs::function::gamma::{gamma, gamma_lr, ln_gamma};

/// A distribution of a duration in hours (`failure` or `repair` of a component).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase")]
pub enum Dist {
    /// Exponential with the given mean.
    Exponential {
        /// Mean in hours, > 0.
        mean_hours: f64,
    },
    /// Weibull with shape k and scale η: mean η·Γ(1+1/k).
    Weibull {
        /// Shape k > 0 (k < 1: decreasing hazard).
        shape: f64,
        /// Scale η in hours, > 0.
        scale_hours: f64,
    },
    /// Lognormal given by its median and log-space standard deviation.
    Lognormal {
        /// Median in hours, > 0.
        median_hours: f64,
        /// Log-space standard deviation, >= 0.
        sigma: f64,
    },
    /// Gamma with shape and scale: mean shape·scale.
    Gamma {
        /// Shape > 0.
        shape: f64,
        /// Scale in hours, > 0.
        scale_hours: f64,
    },
    /// Always the same duration.
    Fixed {
        /// Duration in hours, >= 0 (0 only for repairs).
        hours: f64,
    },
}

/// The role a distribution plays, which decides whether a zero duration is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Time to failure: must be positive.
    Failure,
    /// Time to repair: may be zero for `fixed`.
    Repair,
}

/// Smallest mean duration accepted (hours); only a `fixed` repair may be exactly 0.
pub const MIN_MEAN_HOURS: f64 = 1e-6;

/// The `dist` names accepted in model files.
pub const DIST_NAMES: [&str; 5] = ["exponential", "weibull", "lognormal", "gamma", "fixed"];

impl Dist {
    /// The `dist` name used in model files.
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Exponential { .. } => "exponential",
            Dist::Weibull { .. } => "weibull",
            Dist::Lognormal { .. } => "lognormal",
            Dist::Gamma { .. } => "gamma",
            Dist::Fixed { .. } => "fixed",
        }
    }

    /// The parameter keys each `dist` takes, in file order.
    pub fn param_names(dist: &str) -> Option<&'static [&'static str]> {
        Some(match dist {
            "exponential" => &["mean_hours"],
            "weibull" => &["shape", "scale_hours"],
            "lognormal" => &["median_hours", "sigma"],
            "gamma" => &["shape", "scale_hours"],
            "fixed" => &["hours"],
            _ => return None,
        })
    }

    /// Build from a `dist` name and its parameter values (in [`Dist::param_names`] order).
    pub fn from_params(dist: &str, p: &[f64]) -> Option<Dist> {
        let get = |i: usize| p.get(i).copied();
        Some(match dist {
            "exponential" => Dist::Exponential {
                mean_hours: get(0)?,
            },
            "weibull" => Dist::Weibull {
                shape: get(0)?,
                scale_hours: get(1)?,
            },
            "lognormal" => Dist::Lognormal {
                median_hours: get(0)?,
                sigma: get(1)?,
            },
            "gamma" => Dist::Gamma {
                shape: get(0)?,
                scale_hours: get(1)?,
            },
            "fixed" => Dist::Fixed { hours: get(0)? },
            _ => return None,
        })
    }

    /// Parameter values in [`Dist::param_names`] order.
    pub fn params(&self) -> Vec<f64> {
        match *self {
            Dist::Exponential { mean_hours } => vec![mean_hours],
            Dist::Weibull { shape, scale_hours } | Dist::Gamma { shape, scale_hours } => {
                vec![shape, scale_hours]
            }
            Dist::Lognormal {
                median_hours,
                sigma,
            } => vec![median_hours, sigma],
            Dist::Fixed { hours } => vec![hours],
        }
    }

    /// Mean duration in hours.
    pub fn mean_hours(&self) -> f64 {
        match *self {
            Dist::Exponential { mean_hours } => mean_hours,
            Dist::Weibull { shape, scale_hours } => scale_hours * gamma(1.0 + 1.0 / shape),
            Dist::Lognormal {
                median_hours,
                sigma,
            } => median_hours * (sigma * sigma / 2.0).exp(),
            Dist::Gamma { shape, scale_hours } => shape * scale_hours,
            Dist::Fixed { hours } => hours,
        }
    }

    /// The same shape with every duration multiplied by `factor` (the mean scales too): the
    /// time-scale parameter of each family (`mean_hours`, `scale_hours`, `median_hours`,
    /// `hours`) is multiplied, the shape parameters kept.
    pub fn scaled_time(&self, factor: f64) -> Dist {
        match *self {
            Dist::Exponential { mean_hours } => Dist::Exponential {
                mean_hours: mean_hours * factor,
            },
            Dist::Weibull { shape, scale_hours } => Dist::Weibull {
                shape,
                scale_hours: scale_hours * factor,
            },
            Dist::Lognormal {
                median_hours,
                sigma,
            } => Dist::Lognormal {
                median_hours: median_hours * factor,
                sigma,
            },
            Dist::Gamma { shape, scale_hours } => Dist::Gamma {
                shape,
                scale_hours: scale_hours * factor,
            },
            Dist::Fixed { hours } => Dist::Fixed {
                hours: hours * factor,
            },
        }
    }

    /// The distribution of family `name` with the same mean: shape parameters start at 1
    /// (Weibull, lognormal σ) or 2 (gamma). `None` for an unknown name.
    pub fn switched_to(&self, name: &str) -> Option<Dist> {
        let mean = self.mean_hours();
        Some(match name {
            "exponential" => Dist::Exponential { mean_hours: mean },
            "weibull" => Dist::Weibull {
                shape: 1.0,
                scale_hours: mean,
            },
            "lognormal" => Dist::Lognormal {
                median_hours: mean / (0.5f64).exp(),
                sigma: 1.0,
            },
            "gamma" => Dist::Gamma {
                shape: 2.0,
                scale_hours: mean / 2.0,
            },
            "fixed" => Dist::Fixed { hours: mean },
            _ => return None,
        })
    }

    /// Whether this is an exponential distribution (exact mission analysis needs it).
    pub fn is_exponential(&self) -> bool {
        matches!(self, Dist::Exponential { .. })
    }

    /// Problems with the parameters, as (parameter key, message) pairs.
    pub fn check(&self, role: Role) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let positive = |key: &'static str, v: f64, out: &mut Vec<(&'static str, String)>| {
            if !(v.is_finite() && v > 0.0) {
                out.push((key, format!("must be a finite number > 0, found {v}")));
            }
        };
        match *self {
            Dist::Exponential { mean_hours } => positive("mean_hours", mean_hours, &mut out),
            Dist::Weibull { shape, scale_hours } | Dist::Gamma { shape, scale_hours } => {
                positive("shape", shape, &mut out);
                positive("scale_hours", scale_hours, &mut out);
                if shape.is_finite() && shape > 0.0 && shape < 0.05 {
                    out.push((
                        "shape",
                        format!("must be >= 0.05 (the mean overflows below), found {shape}"),
                    ));
                }
            }
            Dist::Lognormal {
                median_hours,
                sigma,
            } => {
                positive("median_hours", median_hours, &mut out);
                if !(sigma.is_finite() && (0.0..=10.0).contains(&sigma)) {
                    out.push((
                        "sigma",
                        format!("must be a finite number from 0 to 10, found {sigma}"),
                    ));
                }
            }
            Dist::Fixed { hours } => match role {
                Role::Failure => positive("hours", hours, &mut out),
                Role::Repair => {
                    if !(hours.is_finite() && hours >= 0.0) {
                        out.push((
                            "hours",
                            format!("must be a finite number >= 0, found {hours}"),
                        ));
                    }
                }
            },
        }
        if out.is_empty() {
            let m = self.mean_hours();
            let zero_repair = role == Role::Repair && m == 0.0;
            if !(m.is_finite() && m < 1e12) {
                out.push((
                    "dist",
                    format!("its mean ({m} hours) is too large: keep it under 1e12 hours"),
                ));
            } else if m < MIN_MEAN_HOURS && !zero_repair {
                out.push(("dist", format!("its mean ({m:e} hours) is too small: at least {MIN_MEAN_HOURS:e} hours (3.6 ms)")));
            }
        }
        out
    }

    /// Probability density at `t` hours (for charts; `fixed` returns 0).
    pub fn pdf(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        match *self {
            Dist::Exponential { mean_hours } => (-t / mean_hours).exp() / mean_hours,
            Dist::Weibull { shape, scale_hours } => {
                let x = t / scale_hours;
                shape / scale_hours * x.powf(shape - 1.0) * (-x.powf(shape)).exp()
            }
            Dist::Lognormal {
                median_hours,
                sigma,
            } => {
                if sigma == 0.0 {
                    return 0.0;
                }
                let z = (t.ln() - median_hours.ln()) / sigma;
                (-0.5 * z * z).exp() / (t * sigma * (2.0 * std::f64::consts::PI).sqrt())
            }
            Dist::Gamma { shape, scale_hours } => {
                let x = t / scale_hours;
                ((shape - 1.0) * x.ln() - x - ln_gamma(shape)).exp() / scale_hours
            }
            Dist::Fixed { .. } => 0.0,
        }
    }

    /// Cumulative probability that the duration is at most `t` hours.
    pub fn cdf(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 0.0;
        }
        match *self {
            Dist::Exponential { mean_hours } => 1.0 - (-t / mean_hours).exp(),
            Dist::Weibull { shape, scale_hours } => 1.0 - (-(t / scale_hours).powf(shape)).exp(),
            Dist::Lognormal {
                median_hours,
                sigma,
            } => {
                if sigma == 0.0 {
                    return if t >= median_hours { 1.0 } else { 0.0 };
                }
                let z = (t.ln() - median_hours.ln()) / sigma;
                0.5 * erfc(-z / std::f64::consts::SQRT_2)
            }
            Dist::Gamma { shape, scale_hours } => gamma_lr(shape, t / scale_hours),
            Dist::Fixed { hours } => {
                if t >= hours {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_match_the_format_table() {
        let w = Dist::Weibull {
            shape: 0.8,
            scale_hours: 7730.0,
        };
        assert!((w.mean_hours() - 7730.0 * gamma(2.25)).abs() < 1e-9);
        assert!(
            (w.mean_hours() - 8758.0).abs() < 5.0,
            "reference-data: scale 7730 gives ~8760 h"
        );
        let l = Dist::Lognormal {
            median_hours: 0.1,
            sigma: 0.67,
        };
        assert!((l.mean_hours() - 0.1 * (0.67f64 * 0.67 / 2.0).exp()).abs() < 1e-12);
        assert_eq!(
            Dist::Gamma {
                shape: 2.0,
                scale_hours: 3.0
            }
            .mean_hours(),
            6.0
        );
    }

    #[test]
    fn checks_reject_bad_parameters() {
        assert!(
            !Dist::Exponential { mean_hours: 1e-310 }
                .check(Role::Repair)
                .is_empty()
        );
        assert!(
            !Dist::Fixed { hours: 1e-300 }
                .check(Role::Failure)
                .is_empty()
        );
        assert!(
            !Dist::Exponential { mean_hours: 0.0 }
                .check(Role::Failure)
                .is_empty()
        );
        assert!(
            !Dist::Exponential {
                mean_hours: f64::NAN
            }
            .check(Role::Failure)
            .is_empty()
        );
        assert!(
            !Dist::Exponential {
                mean_hours: f64::INFINITY
            }
            .check(Role::Failure)
            .is_empty()
        );
        assert!(Dist::Fixed { hours: 0.0 }.check(Role::Repair).is_empty());
        assert!(!Dist::Fixed { hours: 0.0 }.check(Role::Failure).is_empty());
        assert!(
            !Dist::Lognormal {
                median_hours: 1.0,
                sigma: -1.0
            }
            .check(Role::Repair)
            .is_empty()
        );
    }

    #[test]
    fn cdf_is_the_integral_of_pdf() {
        for d in [
            Dist::Exponential { mean_hours: 3.0 },
            Dist::Weibull {
                shape: 1.7,
                scale_hours: 2.0,
            },
            Dist::Lognormal {
                median_hours: 2.0,
                sigma: 0.5,
            },
            Dist::Gamma {
                shape: 2.5,
                scale_hours: 1.0,
            },
        ] {
            let (mut acc, n, top) = (0.0, 200_000, 4.0);
            let h = top / n as f64;
            for i in 0..n {
                acc += d.pdf((i as f64 + 0.5) * h) * h;
            }
            assert!(
                (acc - d.cdf(top)).abs() < 1e-4,
                "{d:?}: {acc} vs {}",
                d.cdf(top)
            );
        }
    }
}
