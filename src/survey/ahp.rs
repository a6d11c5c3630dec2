//! AHP (analytic hierarchy process): pairwise ratios `item_a,item_b,ratio` between the items of
//! a survey table → the principal eigenvector of the reciprocal matrix as weights, and Saaty's
//! consistency ratio CR = CI / RI with CI = (λmax − n) / (n − 1).

use super::sheet::{Row, Sheet, trimmed};
use super::{Survey, SurveyError, same_name};
use crate::model::did_you_mean;
use std::collections::HashMap;

/// Saaty's random index RI by matrix size n (index n; n = 1…15), the mean CI of random
/// reciprocal matrices (Saaty 1980, *The Analytic Hierarchy Process*).
pub const RANDOM_INDEX: [f64; 16] = [
    0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];
/// A table whose consistency ratio is above this is flagged as inconsistent (Saaty's 10 %).
pub const CONSISTENCY_LIMIT: f64 = 0.1;
/// Power iteration stops when no weight changes by more than this.
pub const EIGEN_TOLERANCE: f64 = 1e-12;
/// Power iteration gives up after this many steps (it converges in a few dozen for AHP
/// matrices, which are positive).
const MAX_ITERATIONS: usize = 100_000;
/// Most items of a table compared by AHP (the random index table's range).
pub const MAX_AHP_ITEMS: usize = 15;
/// Ratios may be written rounded to three places (0.111 for 1/9): this much relative slack.
const RATIO_SLACK: f64 = 1e-3;

/// The principal eigenvector of a matrix, normalised to sum to 1, and its eigenvalue.
#[derive(Debug, Clone, PartialEq)]
pub struct Eigen {
    /// The eigenvector, summing to 1.
    pub weights: Vec<f64>,
    /// The principal eigenvalue λmax = Σᵢ (A·w)ᵢ (w sums to 1).
    pub lambda_max: f64,
    /// Power-iteration steps taken.
    pub iterations: usize,
    /// Whether the steps settled within [`EIGEN_TOLERANCE`].
    pub converged: bool,
}

/// Power iteration on a positive square matrix (rows of equal length): w ← A·w / Σ(A·w) from
/// the uniform vector until no component moves by more than [`EIGEN_TOLERANCE`].
pub fn principal_eigenvector(matrix: &[Vec<f64>]) -> Eigen {
    let n = matrix.len();
    let product = |w: &[f64]| -> Vec<f64> {
        matrix
            .iter()
            .map(|row| row.iter().zip(w).map(|(a, x)| a * x).sum())
            .collect()
    };
    let mut w = vec![1.0 / n.max(1) as f64; n];
    let (mut iterations, mut converged) = (0, n <= 1);
    while !converged && iterations < MAX_ITERATIONS {
        let mut v = product(&w);
        let total: f64 = v.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            break;
        }
        v.iter_mut().for_each(|x| *x /= total);
        let change = v
            .iter()
            .zip(&w)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        w = v;
        iterations += 1;
        converged = change <= EIGEN_TOLERANCE;
    }
    let lambda_max = product(&w).iter().sum();
    Eigen {
        weights: w,
        lambda_max,
        iterations,
        converged,
    }
}

/// The AHP result for one table.
#[derive(Debug, Clone, PartialEq)]
pub struct AhpTable {
    /// The survey table.
    pub table: String,
    /// Its items, in the survey's order.
    pub items: Vec<String>,
    /// Their AHP weights (the principal eigenvector, summing to 1).
    pub weights: Vec<f64>,
    /// The principal eigenvalue (n for a perfectly consistent matrix).
    pub lambda_max: f64,
    /// CI = (λmax − n) / (n − 1), 0 for n ≤ 2 (rounding below 0 is shown as 0).
    pub consistency_index: f64,
    /// Saaty's random index for n items ([`RANDOM_INDEX`]).
    pub random_index: f64,
    /// CR = CI / RI (0 for n ≤ 2, where every reciprocal matrix is consistent).
    pub consistency_ratio: f64,
    /// CR ≤ [`CONSISTENCY_LIMIT`].
    pub consistent: bool,
    /// Power-iteration steps taken.
    pub iterations: usize,
}

/// Weights and consistency of one table from its full reciprocal matrix (row i, column j = how
/// many times more important item i is than item j). Sizes above 15 use RI(15).
pub fn ahp_table(table: &str, items: &[String], matrix: &[Vec<f64>]) -> AhpTable {
    let n = matrix.len();
    let eigen = principal_eigenvector(matrix);
    let random_index = RANDOM_INDEX[n.min(MAX_AHP_ITEMS)];
    let (consistency_index, consistency_ratio) = if n <= 2 {
        (0.0, 0.0)
    } else {
        let ci = ((eigen.lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0);
        (ci, ci / random_index)
    };
    AhpTable {
        table: table.to_string(),
        items: items.to_vec(),
        weights: eigen.weights,
        lambda_max: eigen.lambda_max,
        consistency_index,
        random_index,
        consistency_ratio,
        consistent: consistency_ratio <= CONSISTENCY_LIMIT,
        iterations: eigen.iterations,
    }
}

/// AHP weights for the survey tables a pairwise-comparison file covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ahp {
    /// The file it came from.
    pub origin: String,
    /// One entry per compared table, in the survey's order.
    pub tables: Vec<AhpTable>,
}

impl Ahp {
    /// The result for a table (case-insensitive).
    pub fn table(&self, name: &str) -> Option<&AhpTable> {
        self.tables.iter().find(|t| same_name(&t.table, name))
    }

    /// The AHP weight of an item of a table.
    pub fn weight(&self, table: &str, item: &str) -> Option<f64> {
        let t = self.table(table)?;
        let k = t.items.iter().position(|i| same_name(i, item))?;
        t.weights.get(k).copied()
    }
}

const COLUMNS: [&str; 3] = ["item_a", "item_b", "ratio"];

/// A table's comparisons being read: (i, j) with i < j → a_ij and where it was written.
type Pairs = HashMap<(usize, usize), (f64, usize)>;

/// Read pairwise comparisons: CSV with a header `item_a,item_b,ratio` (any order, case-
/// insensitive), one row per pair of items of one survey table, `ratio` = how many times more
/// important `item_a` is than `item_b`, from 1/9 to 9 (`3`, `0.2`, `1/5`); the reciprocal is
/// implied. Items are named as in `survey` (case-insensitive; `table/Item` where two tables
/// share a name). Every pair of a compared table's items is given exactly once; tables with no
/// rows are not compared. Every problem is reported with line and column.
pub fn parse_ahp(text: &str, origin: &str, survey: &Survey) -> Result<Ahp, SurveyError> {
    let mut sheet = Sheet::new(text);
    let mut layout: Option<([usize; 3], usize)> = None;
    let mut header_seen = false;
    let mut count = 0;
    let mut pairs: Vec<Pairs> = vec![HashMap::new(); survey.tables.len()];
    sheet.for_each_row(|s, row| {
        let Some(l) = &layout else {
            header_seen = true;
            layout = header(s, row);
            return layout.is_some();
        };
        count += 1;
        comparison(s, row, l, survey, &mut pairs);
        true
    });
    if !header_seen {
        sheet.err_file(
            "",
            "the file is empty: it needs a header row `item_a,item_b,ratio` and one row per pair of items".into(),
        );
    } else if layout.is_some() && count == 0 {
        sheet.err(
            sheet.end(),
            "",
            "has no comparisons: give one row `item_a,item_b,ratio` per pair of a table's items"
                .into(),
        );
    }
    let mut tables = Vec::new();
    for (t, given) in survey.tables.iter().zip(&pairs) {
        if given.is_empty() {
            continue;
        }
        let n = t.items.len();
        if n > MAX_AHP_ITEMS {
            sheet.err_file(
                &t.name,
                format!(
                    "has {n} items: AHP compares at most {MAX_AHP_ITEMS} (the random index table's range)"
                ),
            );
            continue;
        }
        let mut complete = true;
        for (i, a) in t.items.iter().enumerate() {
            for (j, b) in t.items.iter().enumerate().skip(i + 1) {
                if !given.contains_key(&(i, j)) {
                    complete = false;
                    sheet.err_file(
                        &t.name,
                        format!(
                            "the pair `{}`, `{}` is missing: give every pair of the table's {n} items once ({} rows; the reciprocal is implied)",
                            a.name,
                            b.name,
                            n * (n - 1) / 2
                        ),
                    );
                }
            }
        }
        if complete {
            let entry = |i: usize, j: usize| match i.cmp(&j) {
                std::cmp::Ordering::Equal => 1.0,
                std::cmp::Ordering::Less => given.get(&(i, j)).map_or(1.0, |x| x.0),
                std::cmp::Ordering::Greater => given.get(&(j, i)).map_or(1.0, |x| 1.0 / x.0),
            };
            let matrix: Vec<Vec<f64>> = (0..n)
                .map(|i| (0..n).map(|j| entry(i, j)).collect())
                .collect();
            let items: Vec<String> = t.items.iter().map(|i| i.name.clone()).collect();
            tables.push(ahp_table(&t.name, &items, &matrix));
        }
    }
    let value = Some(Ahp {
        origin: origin.to_string(),
        tables,
    });
    sheet.finish(origin, value)
}

/// The three columns' places and the header's field count.
fn header(s: &mut Sheet, row: &Row) -> Option<([usize; 3], usize)> {
    let mut at: [Option<usize>; 3] = [None; 3];
    for (i, f) in row.fields.iter().enumerate() {
        let (pos, name) = trimmed(f);
        let lower = name.to_lowercase();
        match COLUMNS.iter().position(|c| *c == lower) {
            Some(k) if at[k].is_some() => s.err(pos, name, "is a repeated column name".into()),
            Some(k) => at[k] = Some(i),
            None => {
                let hint = did_you_mean(&lower, COLUMNS)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                s.err(
                    pos,
                    name,
                    format!("unknown column ({hint}allowed: item_a, item_b, ratio)"),
                );
            }
        }
    }
    match at {
        [Some(a), Some(b), Some(r)] => Some(([a, b, r], row.fields.len())),
        _ => {
            s.err(
                row.start,
                "",
                "the header row must name the columns item_a, item_b and ratio".into(),
            );
            None
        }
    }
}

/// Check one comparison row and record it.
fn comparison(
    s: &mut Sheet,
    row: &Row,
    (l, count): &([usize; 3], usize),
    survey: &Survey,
    pairs: &mut [Pairs],
) {
    if row.fields.len() != *count {
        s.err(
            row.start,
            "",
            format!(
                "has {} fields, the header has {count} (item_a, item_b, ratio)",
                row.fields.len()
            ),
        );
        return;
    }
    let (a_at, a) = trimmed(&row.fields[l[0]]);
    let (b_at, b) = trimmed(&row.fields[l[1]]);
    let (r_at, r) = trimmed(&row.fields[l[2]]);
    let a_item = resolve(survey, a)
        .map_err(|m| s.err(a_at, "item_a", m))
        .ok();
    let b_item = resolve(survey, b)
        .map_err(|m| s.err(b_at, "item_b", m))
        .ok();
    let ratio = parse_ratio(r).map_err(|m| s.err(r_at, "ratio", m)).ok();
    let (Some((ta, ia)), Some((tb, ib)), Some(ratio)) = (a_item, b_item, ratio) else {
        return;
    };
    if ta != tb {
        s.err(
            b_at,
            "item_b",
            format!(
                "`{b}` is in table `{}` and `{a}` in table `{}`: compare items of one table",
                survey.tables[tb].name, survey.tables[ta].name
            ),
        );
        return;
    }
    if ia == ib {
        s.err(
            b_at,
            "item_b",
            "compares an item with itself (the matrix's diagonal is 1 by definition)".into(),
        );
        return;
    }
    let (key, value) = if ia < ib {
        ((ia, ib), ratio)
    } else {
        ((ib, ia), 1.0 / ratio)
    };
    if let Some(&(_, first)) = pairs[ta].get(&key) {
        let first = s.place(first);
        s.err(
            a_at,
            "",
            format!(
                "the pair `{a}`, `{b}` is given twice (first at {first}): give each pair once (the reciprocal is implied)"
            ),
        );
        return;
    }
    pairs[ta].insert(key, (value, row.start));
}

/// The (table, item) indices of an item name in the survey.
fn resolve(survey: &Survey, name: &str) -> Result<(usize, usize), String> {
    if name.is_empty() {
        return Err("is empty: name an item of the survey".into());
    }
    if let Some((t, i)) = name.split_once('/')
        && let Some(ti) = survey.tables.iter().position(|x| same_name(&x.name, t))
        && let Some(ii) = survey.tables[ti]
            .items
            .iter()
            .position(|x| same_name(&x.name, i))
    {
        return Ok((ti, ii));
    }
    let found: Vec<(usize, usize)> = survey
        .tables
        .iter()
        .enumerate()
        .filter_map(|(ti, t)| {
            t.items
                .iter()
                .position(|x| same_name(&x.name, name))
                .map(|ii| (ti, ii))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let names = survey
                .tables
                .iter()
                .flat_map(|t| t.items.iter().map(|i| i.name.as_str()));
            let hint = did_you_mean(name, names)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Err(format!(
                "`{name}` is not an item of the survey ({}){hint}",
                survey.origin
            ))
        }
        many => {
            let tables: Vec<&str> = many
                .iter()
                .map(|&(t, _)| survey.tables[t].name.as_str())
                .collect();
            Err(format!(
                "`{name}` is an item of tables {}: write `{}/{name}`",
                tables.join(" and "),
                tables[0]
            ))
        }
    }
}

/// A ratio from 1/9 to 9: a number (`3`, `0.2`) or a fraction (`1/5`).
fn parse_ratio(v: &str) -> Result<f64, String> {
    let allowed = "a ratio from 1/9 to 9 (Saaty's scale: how many times more important item_a is than item_b; write 1/3 or 0.333 for the reciprocal)";
    let value = match v.split_once('/') {
        Some((p, q)) => match (p.trim().parse::<f64>(), q.trim().parse::<f64>()) {
            (Ok(p), Ok(q)) => p / q,
            _ => f64::NAN,
        },
        None => v.parse::<f64>().unwrap_or(f64::NAN),
    };
    let low = (1.0 / 9.0) * (1.0 - RATIO_SLACK);
    let high = 9.0 * (1.0 + RATIO_SLACK);
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be {allowed}, found `{v}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_weights(w: &[f64]) -> Vec<Vec<f64>> {
        w.iter()
            .map(|a| w.iter().map(|b| a / b).collect())
            .collect()
    }

    #[test]
    fn a_consistent_matrix_gives_its_weights_and_cr_zero() {
        // a_ij = w_i / w_j with w = (0.5, 0.3, 0.2): the eigenvector is w, λmax = 3, CR = 0.
        let m = from_weights(&[0.5, 0.3, 0.2]);
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let t = ahp_table("t", &items, &m);
        for (got, want) in t.weights.iter().zip([0.5, 0.3, 0.2]) {
            assert!((got - want).abs() < 1e-12, "{:?}", t.weights);
        }
        assert!((t.lambda_max - 3.0).abs() < 1e-12);
        assert!(t.consistency_ratio < 1e-12 && t.consistent);
    }

    #[test]
    fn saaty_2008_drinks_example() {
        // Saaty, "Decision making with the analytic hierarchy process", Int. J. Services
        // Sciences 1(1), 2008: relative consumption of drinks in the US. Published weights
        // (3 places) and CR = 0.022 with RI(7) = 1.32.
        let m = vec![
            vec![1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 0.5],
            vec![
                1.0 / 9.0,
                1.0,
                1.0 / 3.0,
                1.0 / 9.0,
                1.0 / 9.0,
                1.0 / 9.0,
                1.0 / 9.0,
            ],
            vec![0.2, 3.0, 1.0, 1.0 / 3.0, 0.25, 1.0 / 3.0, 1.0 / 9.0],
            vec![0.5, 9.0, 3.0, 1.0, 0.5, 1.0, 1.0 / 3.0],
            vec![1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 0.5],
            vec![1.0, 9.0, 3.0, 1.0, 0.5, 1.0, 1.0 / 3.0],
            vec![2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
        ];
        let items: Vec<String> = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
            .map(String::from)
            .to_vec();
        let t = ahp_table("drinks", &items, &m);
        let published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327];
        for (got, want) in t.weights.iter().zip(published) {
            assert!((got - want).abs() <= 0.0005 + 1e-9, "{:?}", t.weights);
        }
        assert!(
            (t.consistency_ratio - 0.022).abs() < 0.0005,
            "{}",
            t.consistency_ratio
        );
        assert!(t.consistent);
    }

    #[test]
    fn an_intransitive_matrix_is_flagged() {
        // a > b (9), b > c (9), c > a (9): a cycle; λmax = 1 + 9 + 1/9 = 10.11, so
        // CI = (10.11 − 3) / 2 = 3.56 and CR = 3.56 / 0.58 = 6.13.
        let m = vec![
            vec![1.0, 9.0, 1.0 / 9.0],
            vec![1.0 / 9.0, 1.0, 9.0],
            vec![9.0, 1.0 / 9.0, 1.0],
        ];
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let t = ahp_table("t", &items, &m);
        let lambda = 1.0 + 9.0 + 1.0 / 9.0;
        assert!((t.lambda_max - lambda).abs() < 1e-9, "{}", t.lambda_max);
        assert!((t.consistency_ratio - (lambda - 3.0) / 2.0 / 0.58).abs() < 1e-9);
        assert!(!t.consistent);
        // By symmetry the three weights are equal.
        assert!(t.weights.iter().all(|w| (w - 1.0 / 3.0).abs() < 1e-12));
    }

    #[test]
    fn ratios_and_fractions() {
        assert_eq!(parse_ratio("3"), Ok(3.0));
        assert_eq!(parse_ratio("1/4"), Ok(0.25));
        assert!(parse_ratio("0.111").is_ok());
        assert!(parse_ratio("0.1").is_err());
        assert!(parse_ratio("10").is_err());
        assert!(parse_ratio("1/0").is_err());
        assert!(parse_ratio("x").is_err());
    }
}
