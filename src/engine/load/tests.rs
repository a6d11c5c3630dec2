//! Unit tests of the load accounting: index helpers, the base integral, day factors, the
//! sparse table of daily maxima and the accounting against an hour-by-hour sum.

use super::*;
use plan::NOISE_TRUNCATION_SIGMAS;

/// The load plan of the retail reference model with the peak-season scenario, one year.
fn retail_peak_season() -> LoadPlan {
    let model = crate::model::parse_model(
        include_str!("../../../models/retail-reference.toml"),
        "retail",
    )
    .model
    .expect("model");
    let plan = crate::engine::Plan::new(&model).expect("plan");
    let sc = crate::scenario::parse_scenario(
        include_str!("../../../scenarios/peak-season.toml"),
        "peak",
    )
    .expect("scenario");
    LoadPlan::new(&plan, &sc, 8760.0)
}

#[test]
fn index_helpers_match_floor_and_ceil() {
    for x in [
        0.0,
        0.25,
        1.0,
        1.5,
        23.999,
        24.0,
        364.0001,
        8760.0 / 24.0,
        -0.5,
        -3.0,
    ] {
        assert_eq!(floor_index(x), x.floor() as usize, "{x}");
        assert_eq!(ceil_index(x), x.ceil() as usize, "{x}");
    }
}

#[test]
fn day_factors_have_mean_one_their_sigma_and_repeat_per_seed_and_trial() {
    let lp = retail_peak_season();
    let days = lp.day_max.len();
    let mut st = LoadState::default();
    let (mut n, mut sum, mut sq, mut log_sq) = (0.0, 0.0, 0.0, 0.0);
    for trial in 0..600 {
        st.reset(&lp, 7, trial, &[6; 32]);
        for d in 0..days {
            let f = st.factor(&lp, d);
            assert!(f > 0.0 && f <= lp.factor_cap, "{f}");
            n += 1.0;
            sum += f;
            sq += f * f;
            let l = f.ln() + lp.sigma * lp.sigma / 2.0;
            log_sq += l * l;
        }
    }
    let mean = sum / n;
    let se = ((sq / n - mean * mean) / n).sqrt();
    // The truncated lognormal's mean (what the offered load is scaled by), within 4 SE.
    let expect = plan::phi(NOISE_TRUNCATION_SIGMAS - lp.sigma)
        + lp.factor_cap * (1.0 - plan::phi(NOISE_TRUNCATION_SIGMAS));
    assert!(
        (mean - expect).abs() < 4.0 * se,
        "mean {mean} vs {expect} ± {se}"
    );
    let sd = (log_sq / n).sqrt();
    assert!(
        (sd - lp.sigma).abs() < 0.01 * lp.sigma + 0.002,
        "log-sd {sd} vs {}",
        lp.sigma
    );
    // The same seed and trial give the same factors, another trial others.
    st.reset(&lp, 7, 3, &[6; 32]);
    let a: Vec<f64> = (0..40).map(|d| st.factor(&lp, d)).collect();
    st.reset(&lp, 7, 3, &[6; 32]);
    let b: Vec<f64> = (0..40).map(|d| st.factor(&lp, d)).collect();
    st.reset(&lp, 7, 4, &[6; 32]);
    let c: Vec<f64> = (0..40).map(|d| st.factor(&lp, d)).collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn fitting_days_counts_the_days_that_fit_in_a_row() {
    let lp = retail_peak_season();
    // The integral of the base matches an hour-by-hour sum, partial hours included.
    for (a, b) in [(0.0, 0.5), (3.25, 7.75), (7870.4, 7893.9), (8759.0, 8760.0)] {
        let naive: f64 = (floor_index(a)..ceil_index(b))
            .map(|h| lp.base[h] * (b.min(h as f64 + 1.0) - a.max(h as f64)))
            .sum();
        let closed = lp.base_integral(b) - lp.base_integral(a);
        assert!((closed - naive).abs() <= 1e-9 * naive.abs(), "{a}..{b}");
        assert!(naive > 0.0);
    }
    let n = lp.day_max.len();
    let mut levels: Vec<f64> = lp.day_max.iter().map(|m| m * lp.factor_cap).collect();
    levels.sort_by(f64::total_cmp);
    for room in [
        0.0,
        levels[n / 2],
        levels[n - 2],
        levels[n - 1],
        f64::INFINITY,
    ] {
        for d0 in [0, 1, 17, 300, 329, 330, n - 1] {
            for d1 in [d0 + 1, d0 + 40, n]
                .into_iter()
                .filter(|&d1| d1 <= n && d1 > d0)
            {
                let naive = (d0..d1)
                    .take_while(|&d| room >= lp.day_max[d] * lp.factor_cap)
                    .count();
                assert_eq!(lp.fitting_days(d0, d1, room), naive, "{room} {d0} {d1}");
            }
        }
    }
}

/// Replica changes (single and in bursts at one instant, many in the late-November peak)
/// and services going down and up, accounted by [`LoadState`] with its cold runs, span memo
/// and sparse-table skips, against an hour-by-hour sum over the same timeline.
#[test]
fn accounting_matches_an_hour_by_hour_sum_over_a_random_timeline() {
    let lp = retail_peak_season();
    let ns = lp.scope_comps.len();
    let comps = lp.scope_comps[ns - 1].clone();
    let replicas: Vec<u32> = lp
        .comp_index
        .iter()
        .map(|ix| ix.room_len.max(1) - 1)
        .collect();
    for seed in 0..6u64 {
        let mut comp_up = replicas.clone();
        let mut st = LoadState::default();
        st.reset(&lp, seed, 0, &comp_up);
        // Per scope: the (start, room, up) of each piece of its timeline.
        let mut pieces: Vec<Vec<(f64, f64, bool)>> = (0..ns)
            .map(|s| vec![(0.0, room(&lp, s, &comp_up), true)])
            .collect();
        let mut up = vec![true; ns];
        let (mut z, mut t) = (mix(seed + 11), 0.0);
        while t < lp.horizon {
            z = mix(z);
            // Dense in late November (days 320..340), sparse elsewhere; some bursts at t.
            let gap = if (7680.0..8160.0).contains(&t) {
                3.0
            } else {
                40.0
            };
            t += (z % 1000) as f64 / 1000.0 * gap;
            if t >= lp.horizon {
                break;
            }
            let burst = if z % 7 == 0 { 4 } else { 1 };
            for _ in 0..burst {
                z = mix(z);
                if z % 5 == 0 {
                    let s = (z >> 8) as usize % ns;
                    up[s] = !up[s];
                    st.set_up(&lp, s, up[s], t);
                } else {
                    let c = comps[(z >> 8) as usize % comps.len()] as usize;
                    let was = comp_up[c];
                    comp_up[c] = if (z >> 16) % 2 == 0 && was > 0 || was == replicas[c] {
                        was - 1
                    } else {
                        was + 1
                    };
                    st.capacity_changed(&lp, c, was, &comp_up, t);
                }
                for (s, p) in pieces.iter_mut().enumerate() {
                    p.push((t, room(&lp, s, &comp_up), up[s]));
                }
            }
        }
        st.finish(&lp, lp.horizon);
        for (s, p) in pieces.iter().enumerate() {
            let share = lp.shares.get(s).copied().unwrap_or(0.0);
            let (mut lost, mut over) = (0.0, 0.0);
            for (i, &(a, r, is_up)) in p.iter().enumerate() {
                let b = p.get(i + 1).map_or(lp.horizon, |q| q.0);
                for h in floor_index(a)..ceil_index(b).min(lp.base.len()) {
                    let dt = (b.min(h as f64 + 1.0) - a.max(h as f64)).max(0.0);
                    let load = lp.base[h] * st.factor(&lp, h / 24);
                    if !is_up {
                        lost += share * load * dt * 3600.0;
                    } else if load > r {
                        over += dt;
                        lost += share * (load - r) * dt * 3600.0;
                    }
                }
            }
            let sc = &st.scopes[s];
            assert!(
                over > 0.0 || s == 2,
                "seed {seed} scope {s}: the timeline never overflows"
            );
            assert!(
                (sc.lost - lost).abs() <= 1e-9 * lost.max(1.0),
                "seed {seed} scope {s}: lost {} vs {lost}",
                sc.lost
            );
            assert!(
                (sc.overload_hours - over).abs() <= 1e-9 * over.max(1.0),
                "seed {seed} scope {s}: overload {} vs {over}",
                sc.overload_hours
            );
        }
    }
}
