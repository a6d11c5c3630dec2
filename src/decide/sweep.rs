//! Sweeps: a grid of model variants, each a list of path edits (`component.web.replicas=2..6`),
//! all built and checked before any is run, then simulated with the same seed (common random
//! numbers across the grid).

use crate::edit::{Edit, EditPath, Op, parse_value};
use crate::engine::Plan;

/// Most points one sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// One swept parameter: a path and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The path, as the user wrote it (also the CSV column name).
    pub path: EditPath,
    /// The values, in order.
    pub values: Vec<toml::Value>,
}

fn number(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

impl Param {
    /// Read `PATH=LOW..HIGH`, `PATH=LOW..HIGH:STEP` or `PATH=a,b,c`. Without a step, a range
    /// of whole numbers steps by 1; a range of decimals needs its step.
    pub fn parse(text: &str) -> Result<Param, String> {
        let (p, v) = text.split_once('=').ok_or_else(|| {
            format!("`{text}`: write PATH=LOW..HIGH[:STEP] or PATH=a,b,c, e.g. component.web.replicas=2..6")
        })?;
        let path = EditPath::parse(p).map_err(|e| e.0)?;
        if path.keys.is_empty() {
            return Err(format!(
                "`{text}`: name a key to sweep, e.g. {}",
                path.kind.example()
            ));
        }
        let v = v.trim();
        let values = if let Some((lo, rest)) = v.split_once("..") {
            let (hi, step) = match rest.split_once(':') {
                Some((h, s)) => (h, Some(s)),
                None => (rest, None),
            };
            range(text, lo, hi, step)?
        } else {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(parse_value)
                .collect()
        };
        if values.is_empty() {
            return Err(format!("`{text}`: no values to sweep"));
        }
        Ok(Param { path, values })
    }
}

fn range(text: &str, lo: &str, hi: &str, step: Option<&str>) -> Result<Vec<toml::Value>, String> {
    let (l, h) = (parse_value(lo), parse_value(hi));
    let (Some(lf), Some(hf)) = (number(&l), number(&h)) else {
        return Err(format!("`{text}`: a range needs numbers at both ends"));
    };
    let whole = l.is_integer() && h.is_integer();
    let s = match step {
        Some(s) => {
            let sv = parse_value(s);
            let Some(sf) = number(&sv) else {
                return Err(format!("`{text}`: the step `{s}` is not a number"));
            };
            if !(sf.is_finite() && sf > 0.0) {
                return Err(format!(
                    "`{text}`: the step must be a number > 0, found {s}"
                ));
            }
            (sf, whole && sv.is_integer())
        }
        None if whole => (1.0, true),
        None => {
            return Err(format!(
                "`{text}`: a range of decimals needs a step: LOW..HIGH:STEP, e.g. 0.1..0.5:0.1"
            ));
        }
    };
    if !(lf.is_finite() && hf.is_finite() && hf >= lf) {
        return Err(format!(
            "`{text}`: the range must go up, from a number to a larger one"
        ));
    }
    let n = ((hf - lf) / s.0 + 1e-9).floor() as usize + 1;
    if n > MAX_POINTS {
        return Err(format!(
            "`{text}`: {n} values; at most {MAX_POINTS} points in a sweep"
        ));
    }
    Ok((0..n)
        .map(|i| {
            let x = lf + s.0 * i as f64;
            if s.1 {
                toml::Value::Integer(x.round() as i64)
            } else {
                // Round away the float noise of lo + i·step (0.30000000000000004).
                toml::Value::Float((x * 1e12).round() / 1e12)
            }
        })
        .collect())
}

/// The points of a sweep: every combination (the last parameter varying fastest), or with
/// `zip` the i-th value of every parameter together (lists of the same length).
pub fn grid(params: &[Param], zip: bool) -> Result<Vec<Vec<toml::Value>>, String> {
    if params.is_empty() {
        return Err("give at least one --param PATH=…".into());
    }
    if zip {
        let n = params[0].values.len();
        if let Some(p) = params.iter().find(|p| p.values.len() != n) {
            return Err(format!(
                "--zip pairs the i-th values of every parameter, so they need as many values: {} has {n}, {} has {}",
                params[0].path,
                p.path,
                p.values.len()
            ));
        }
        return Ok((0..n)
            .map(|i| params.iter().map(|p| p.values[i].clone()).collect())
            .collect());
    }
    let total = params
        .iter()
        .try_fold(1usize, |acc, p| acc.checked_mul(p.values.len()))
        .filter(|&n| n <= MAX_POINTS)
        .ok_or_else(|| format!("the grid has more than {MAX_POINTS} points: sweep fewer values"))?;
    let mut points = Vec::with_capacity(total);
    for i in 0..total {
        let mut rest = i;
        let mut point = vec![toml::Value::Integer(0); params.len()];
        for (j, p) in params.iter().enumerate().rev() {
            point[j] = p.values[rest % p.values.len()].clone();
            rest /= p.values.len();
        }
        points.push(point);
    }
    Ok(points)
}

/// The edits of one point.
pub fn point_edits(params: &[Param], point: &[toml::Value]) -> Vec<Edit> {
    params
        .iter()
        .zip(point)
        .map(|(p, v)| Edit {
            path: p.path.clone(),
            op: Op::Set(v.clone()),
        })
        .collect()
}

/// A value as its sweep column shows it.
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => crate::edit::inline_value(other),
    }
}

/// Build and check every point's plan before anything runs: the plans in grid order, or the
/// first point that fails, named with its values and the reader's reason.
pub fn build_plans(
    base_text: &str,
    origin: &str,
    params: &[Param],
    points: &[Vec<toml::Value>],
) -> Result<Vec<Plan>, String> {
    points
        .iter()
        .enumerate()
        .map(|(i, point)| {
            crate::edit::apply_model(base_text, origin, &point_edits(params, point))
                .map(|(_, plan)| plan)
                .map_err(|e| {
                    let at: Vec<String> = params
                        .iter()
                        .zip(point)
                        .map(|(p, v)| format!("{}={}", p.path, value_text(v)))
                        .collect();
                    format!(
                        "sweep point {} of {} ({}): {e}",
                        i + 1,
                        points.len(),
                        at.join(", ")
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_read_ranges_and_lists() {
        let p = Param::parse("component.web.replicas=2..5").expect("range");
        assert_eq!(
            p.values,
            (2..=5).map(toml::Value::Integer).collect::<Vec<_>>()
        );
        let p = Param::parse("component.web.repair.mean_hours=0.1..0.5:0.1").expect("step");
        assert_eq!(p.values.len(), 5);
        assert_eq!(p.values[2], toml::Value::Float(0.3));
        let p = Param::parse("component.web.repair.dist=exponential,weibull").expect("list");
        assert_eq!(p.values[1], toml::Value::String("weibull".into()));
        assert!(Param::parse("component.web.replicas=0.1..0.5").is_err());
        assert!(Param::parse("component.web.replicas=5..2").is_err());
        assert!(Param::parse("component.web=1,2").is_err());
        assert!(Param::parse("component.web.replicas=1..3:0").is_err());
    }

    #[test]
    fn grids_vary_the_last_parameter_fastest_and_zip_pairs() {
        let a = Param::parse("component.a.replicas=1..2").expect("a");
        let b = Param::parse("component.b.replicas=1..3").expect("b");
        let g = grid(&[a.clone(), b.clone()], false).expect("grid");
        assert_eq!(g.len(), 6);
        assert_eq!(g[1], vec![toml::Value::Integer(1), toml::Value::Integer(2)]);
        assert!(grid(&[a.clone(), b], true).is_err());
        let c = Param::parse("component.c.replicas=3,4").expect("c");
        let z = grid(&[a, c], true).expect("zip");
        assert_eq!(z[1], vec![toml::Value::Integer(2), toml::Value::Integer(4)]);
    }
}
