//! The best set of investment options under a budget: every set when there are at most
//! [`EXHAUSTIVE_MAX`] options, otherwise a greedy search by value per cost with one-for-one
//! swaps; and the Pareto frontiers of yearly spend against availability and against expected
//! loss. The search is independent of how a set is evaluated (the caller simulates it with
//! common random numbers), so it can be checked against brute force.

use serde::Serialize;

/// Largest number of options searched exhaustively (2^12 = 4096 sets).
pub const EXHAUSTIVE_MAX: usize = 12;

/// What a set of options is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Lowest expected total cost per year (infrastructure + options + loss + SLA credits).
    #[default]
    TotalCost,
    /// Highest availability.
    Availability,
    /// Highest share of requests served (needs a load scenario).
    Served,
}

/// One evaluated set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Option indices, sorted.
    pub options: Vec<usize>,
    /// Spend per year on the set: options' yearly costs, one-off costs spread over the years,
    /// and the extra infrastructure the options add.
    pub yearly_cost: f64,
    /// Expected total cost per year (infrastructure, options, loss, SLA credits).
    pub total_cost: f64,
    /// Expected loss per year (downtime loss and net SLA credits).
    pub loss: f64,
    /// Mean availability.
    pub availability: f64,
    /// Mean served share (NaN without a scenario).
    pub served: f64,
}

impl Candidate {
    /// The objective's value, larger is better.
    pub fn score(&self, o: Objective) -> f64 {
        match o {
            Objective::TotalCost => -self.total_cost,
            Objective::Availability => self.availability,
            Objective::Served => self.served,
        }
    }
}

/// What the search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Search {
    /// Every set evaluated, in the order evaluated.
    pub evaluated: Vec<Candidate>,
    /// Index (into `evaluated`) of the best set within the budget.
    pub best: usize,
    /// Indices of the sets within the budget, best first.
    pub ranking: Vec<usize>,
    /// How the search went: "exhaustive" or "greedy with swaps".
    pub method: &'static str,
}

/// Search the sets of `n` options with `evaluate`, keeping those whose yearly cost is within
/// `budget`. `evaluate` is called once per distinct set; `progress(done, total)` after each.
pub fn search<E>(
    n: usize,
    budget: f64,
    objective: Objective,
    evaluate: impl FnMut(&[usize]) -> Result<Candidate, E>,
    progress: impl FnMut(usize, usize),
) -> Result<Search, E> {
    search_with(n, budget, objective, &[], evaluate, progress)
}

/// [`search`], where the greedy search (beyond [`EXHAUSTIVE_MAX`] options) may also add each
/// of `bundles` (sets of options worth only together, such as a leadership practice and a
/// practice it enables) in one step, as well as one option at a time.
pub fn search_with<E>(
    n: usize,
    budget: f64,
    objective: Objective,
    bundles: &[Vec<usize>],
    mut evaluate: impl FnMut(&[usize]) -> Result<Candidate, E>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Search, E> {
    let mut evaluated: Vec<Candidate> = Vec::new();
    let method;
    if n <= EXHAUSTIVE_MAX {
        method = "exhaustive";
        let total = 1usize << n;
        for mask in 0..total {
            let set: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
            evaluated.push(evaluate(&set)?);
            progress(mask + 1, total);
        }
    } else {
        method = "greedy with swaps";
        greedy(
            n,
            budget,
            objective,
            bundles,
            &mut evaluate,
            &mut progress,
            &mut evaluated,
        )?;
    }
    let mut ranking: Vec<usize> = (0..evaluated.len())
        .filter(|&i| evaluated[i].yearly_cost <= budget + 1e-9)
        .collect();
    ranking.sort_by(|&a, &b| {
        evaluated[b]
            .score(objective)
            .total_cmp(&evaluated[a].score(objective))
            .then(
                evaluated[a]
                    .yearly_cost
                    .total_cmp(&evaluated[b].yearly_cost),
            )
            .then(evaluated[a].options.cmp(&evaluated[b].options))
    });
    let best = ranking.first().copied().unwrap_or(0);
    Ok(Search {
        evaluated,
        best,
        ranking,
        method,
    })
}

fn find(evaluated: &[Candidate], set: &[usize]) -> Option<usize> {
    evaluated.iter().position(|c| c.options == set)
}

fn eval_once<E>(
    set: Vec<usize>,
    evaluate: &mut impl FnMut(&[usize]) -> Result<Candidate, E>,
    evaluated: &mut Vec<Candidate>,
) -> Result<usize, E> {
    let mut set = set;
    set.sort_unstable();
    if let Some(i) = find(evaluated, &set) {
        return Ok(i);
    }
    evaluated.push(evaluate(&set)?);
    Ok(evaluated.len() - 1)
}

/// Greedy: add the option (or bundle) with the best gain per extra spend that fits, until
/// none helps; then swap one chosen option for one not chosen while that improves the
/// objective.
fn greedy<E>(
    n: usize,
    budget: f64,
    objective: Objective,
    bundles: &[Vec<usize>],
    evaluate: &mut impl FnMut(&[usize]) -> Result<Candidate, E>,
    progress: &mut impl FnMut(usize, usize),
    evaluated: &mut Vec<Candidate>,
) -> Result<(), E> {
    let mut current = eval_once(Vec::new(), evaluate, evaluated)?;
    let rough_total = n * n;
    loop {
        let base = evaluated[current].clone();
        let mut best: Option<(f64, usize)> = None;
        let moves = (0..n)
            .map(|o| vec![o])
            .chain(bundles.iter().cloned())
            .filter(|m| m.iter().any(|o| !base.options.contains(o)));
        for m in moves {
            let mut set = base.options.clone();
            set.extend(m.iter().filter(|o| !base.options.contains(o)));
            set.sort_unstable();
            set.dedup();
            let i = eval_once(set, evaluate, evaluated)?;
            progress(evaluated.len(), rough_total.max(evaluated.len()));
            let c = &evaluated[i];
            if c.yearly_cost > budget + 1e-9 {
                continue;
            }
            let gain = c.score(objective) - base.score(objective);
            if gain <= 0.0 {
                continue;
            }
            let per = gain / (c.yearly_cost - base.yearly_cost).max(1e-9);
            if best.is_none_or(|(b, _)| per > b) {
                best = Some((per, i));
            }
        }
        match best {
            Some((_, i)) => current = i,
            None => break,
        }
    }
    // Swaps: one chosen for one not chosen, while the objective improves within the budget.
    loop {
        let base = evaluated[current].clone();
        let mut improved = None;
        'swap: for &out in &base.options {
            for inn in (0..n).filter(|o| !base.options.contains(o)) {
                let mut set: Vec<usize> =
                    base.options.iter().copied().filter(|&x| x != out).collect();
                set.push(inn);
                let i = eval_once(set, evaluate, evaluated)?;
                progress(evaluated.len(), rough_total.max(evaluated.len()));
                let c = &evaluated[i];
                if c.yearly_cost <= budget + 1e-9 && c.score(objective) > base.score(objective) {
                    improved = Some(i);
                    break 'swap;
                }
            }
        }
        match improved {
            Some(i) => current = i,
            None => break,
        }
    }
    Ok(())
}

/// The non-dominated candidates for (lower `cost`, higher `value`), by increasing cost.
pub fn frontier(cands: &[Candidate], value: impl Fn(&Candidate) -> f64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..cands.len())
        .filter(|&i| value(&cands[i]).is_finite())
        .collect();
    idx.sort_by(|&a, &b| {
        cands[a]
            .yearly_cost
            .total_cmp(&cands[b].yearly_cost)
            .then(value(&cands[b]).total_cmp(&value(&cands[a])))
    });
    let mut out = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for i in idx {
        let v = value(&cands[i]);
        if v > best {
            best = v;
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up world: option i costs c_i a year and cuts the loss by a share that
    /// interacts (diminishing returns), so greedy and brute force can disagree.
    fn world(set: &[usize]) -> Result<Candidate, ()> {
        let costs = [30.0, 50.0, 20.0, 80.0, 10.0, 45.0];
        let cuts = [0.3, 0.5, 0.1, 0.6, 0.05, 0.35];
        let spend: f64 = set.iter().map(|&i| costs[i]).sum();
        let kept: f64 = set.iter().map(|&i| 1.0 - cuts[i]).product();
        let loss = 400.0 * kept;
        Ok(Candidate {
            options: set.to_vec(),
            yearly_cost: spend,
            total_cost: spend + loss,
            loss,
            availability: 1.0 - loss / 1e6,
            served: f64::NAN,
        })
    }

    #[test]
    fn exhaustive_equals_brute_force() {
        for budget in [0.0, 40.0, 100.0, 150.0, 1000.0] {
            let s = search(6, budget, Objective::TotalCost, world, |_, _| {}).expect("ok");
            assert_eq!(s.evaluated.len(), 64);
            let mut brute: Option<Candidate> = None;
            for mask in 0..64usize {
                let set: Vec<usize> = (0..6).filter(|i| mask >> i & 1 == 1).collect();
                let c = world(&set).expect("ok");
                if c.yearly_cost <= budget
                    && brute.as_ref().is_none_or(|b| c.total_cost < b.total_cost)
                {
                    brute = Some(c);
                }
            }
            // Compare the sets (the NaN served share makes whole candidates unequal).
            assert_eq!(
                s.evaluated[s.best].options,
                brute.expect("some set fits").options,
                "budget {budget}"
            );
        }
    }

    #[test]
    fn frontier_keeps_only_non_dominated_sets() {
        let s = search(6, 1e9, Objective::TotalCost, world, |_, _| {}).expect("ok");
        let f = frontier(&s.evaluated, |c| c.availability);
        for w in f.windows(2) {
            let (a, b) = (&s.evaluated[w[0]], &s.evaluated[w[1]]);
            assert!(b.yearly_cost >= a.yearly_cost && b.availability > a.availability);
        }
        for (i, c) in s.evaluated.iter().enumerate() {
            let dominated = s.evaluated.iter().any(|d| {
                d.yearly_cost <= c.yearly_cost
                    && d.availability >= c.availability
                    && (d.yearly_cost < c.yearly_cost || d.availability > c.availability)
            });
            assert_eq!(f.contains(&i), !dominated, "set {:?}", c.options);
        }
    }

    #[test]
    fn greedy_finds_a_good_set_with_few_evaluations() {
        // 14 options (above the exhaustive limit): each independent, so greedy is optimal.
        let eval = |set: &[usize]| -> Result<Candidate, ()> {
            let spend: f64 = set.iter().map(|&i| 10.0 + i as f64).sum();
            let loss = 1000.0
                - set
                    .iter()
                    .map(|&i| if i % 2 == 0 { 40.0 } else { 5.0 })
                    .sum::<f64>();
            Ok(Candidate {
                options: set.to_vec(),
                yearly_cost: spend,
                total_cost: spend + loss,
                loss,
                availability: 0.0,
                served: f64::NAN,
            })
        };
        let s = search(14, 1e9, Objective::TotalCost, eval, |_, _| {}).expect("ok");
        assert_eq!(s.method, "greedy with swaps");
        // Worth buying: even options (save 40 for 10 + i < 40) — all of 0, 2, …, 12.
        assert_eq!(s.evaluated[s.best].options, vec![0, 2, 4, 6, 8, 10, 12]);
        assert!(s.evaluated.len() < 1 << 14);
    }

    #[test]
    fn bundles_let_greedy_buy_what_pays_only_together() {
        // 13 options; 0 and 1 save nothing alone and 300 together (a practice and the
        // leadership that makes it deliver); the rest cost and save nothing.
        let eval = |set: &[usize]| -> Result<Candidate, ()> {
            let spend = 20.0 * set.len() as f64;
            let both = set.contains(&0) && set.contains(&1);
            let loss = if both { 700.0 } else { 1000.0 };
            Ok(Candidate {
                options: set.to_vec(),
                yearly_cost: spend,
                total_cost: spend + loss,
                loss,
                availability: 0.0,
                served: f64::NAN,
            })
        };
        let plain = search(13, 1e9, Objective::TotalCost, eval, |_, _| {}).expect("ok");
        assert!(
            plain.evaluated[plain.best].options.is_empty(),
            "one at a time sees no gain"
        );
        let s = search_with(
            13,
            1e9,
            Objective::TotalCost,
            &[vec![0, 1]],
            eval,
            |_, _| {},
        )
        .expect("ok");
        assert_eq!(s.evaluated[s.best].options, vec![0, 1]);
        assert_eq!(s.evaluated[s.best].total_cost, 740.0);
    }
}
