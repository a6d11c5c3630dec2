//! Queueing and scaling: Erlang C (M/M/c) waiting probability, mean and percentile response
//! times, and Universal Scalability Law capacity.
//!
//! M/M/c: Poisson arrivals at λ = `arrival_rps`, c = `servers` identical FCFS servers with
//! exponential service at μ = `service_rps_per_server` each, an unbounded queue; offered load
//! A = λ/μ erlangs, stable only when λ < cμ. Rates are per second, times in seconds, and every
//! result is exact up to floating-point rounding (no simulation).

/// Erlang B blocking probability by the stable recursion B(0) = 1,
/// B(k) = A·B(k−1) / (k + A·B(k−1)); valid for `a > 0`.
fn erlang_b(servers: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=servers {
        let ab = a * b;
        b = ab / (f64::from(k) + ab);
    }
    b
}

/// Erlang C: the probability that an arriving request has to wait in an M/M/c queue with
/// c = `servers` and offered load A = λ/μ = `offered_erlangs`.
///
/// Computed through the Erlang B recursion, C = c·B / (c − A(1 − B)), which is stable for
/// large c (thousands of servers) where the textbook sum of A^k/k! overflows.
///
/// Edge cases: a NaN load gives NaN; A <= 0 (no traffic) gives 0.0, whatever `servers`;
/// A >= c (an unstable queue, including `servers == 0` with positive load) gives 1.0.
pub fn erlang_c(servers: u32, offered_erlangs: f64) -> f64 {
    let a = offered_erlangs;
    if a.is_nan() {
        return f64::NAN;
    }
    if a <= 0.0 {
        return 0.0;
    }
    let c = f64::from(servers);
    if a >= c {
        return 1.0;
    }
    let b = erlang_b(servers, a);
    c * b / (c - a * (1.0 - b))
}

/// A validated, stable M/M/c queue: service rate μ, the conditional wait's rate θ = cμ − λ > 0
/// and the Erlang C probability of waiting.
struct Mmc {
    mu: f64,
    theta: f64,
    wait: f64,
}

impl Mmc {
    /// `None` unless λ and μ are finite and positive, c >= 1 and λ < cμ.
    fn new(arrival_rps: f64, service_rps_per_server: f64, servers: u32) -> Option<Mmc> {
        let (lambda, mu) = (arrival_rps, service_rps_per_server);
        if !(rates_valid(lambda, mu) && servers > 0) {
            return None;
        }
        let capacity = f64::from(servers) * mu;
        if lambda >= capacity {
            return None;
        }
        let (wait, theta) = (erlang_c(servers, lambda / mu), capacity - lambda);
        Some(Mmc { mu, theta, wait })
    }

    /// P(T > t) for the response time T = W + S (see [`mmc_response_quantile`]).
    fn survival(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 1.0;
        }
        let (mu, theta) = (self.mu, self.theta);
        let service_only = (-mu * t).exp();
        // P(Exp(θ) + Exp(μ) > t), written symmetrically with lo = min(θ, μ), hi = max(θ, μ):
        // e^{−lo·t}·(1 + lo·t·g(x)), x = (hi − lo)·t, g(x) = (1 − e^{−x})/x, g(0) = 1. This equals
        // (θe^{−μt} − μe^{−θt})/(θ − μ) without its cancellation when θ ≈ μ.
        let delayed = if theta == mu {
            service_only * (1.0 + mu * t)
        } else {
            let (lo, hi) = if theta < mu { (theta, mu) } else { (mu, theta) };
            let x = (hi - lo) * t;
            (-lo * t).exp() * (1.0 + lo * t * (-(-x).exp_m1() / x))
        };
        (1.0 - self.wait) * service_only + self.wait * delayed
    }
}

/// True when both rates are finite and strictly positive.
fn rates_valid(arrival_rps: f64, service_rps_per_server: f64) -> bool {
    let ok = |r: f64| r.is_finite() && r > 0.0;
    ok(arrival_rps) && ok(service_rps_per_server)
}

/// Mean response time (queueing wait plus service) of an M/M/c queue, in seconds:
/// W = C(c, λ/μ) / (cμ − λ) + 1/μ.
///
/// `None` when the queue is overloaded (λ >= cμ), `servers == 0`, or a rate is not finite and
/// strictly positive.
pub fn mmc_mean_response(
    arrival_rps: f64,
    service_rps_per_server: f64,
    servers: u32,
) -> Option<f64> {
    let m = Mmc::new(arrival_rps, service_rps_per_server, servers)?;
    Some(m.wait / m.theta + 1.0 / m.mu)
}

/// The `q`-quantile (e.g. 0.95 for p95) of the M/M/c response time, in seconds.
///
/// The response time is T = W + S with S ~ Exp(μ) and, independently, a FCFS wait W that is 0
/// with probability 1 − C and Exp(θ) with probability C, where C = C(c, λ/μ) is Erlang C and
/// θ = cμ − λ. Convolving the two gives the survival function
///
/// * θ ≠ μ: P(T > t) = (1 − C)·e^{−μt} + C·(θ·e^{−μt} − μ·e^{−θt}) / (θ − μ)
/// * θ = μ: P(T > t) = (1 − C)·e^{−μt} + C·(1 + μt)·e^{−μt}
///
/// (the θ = μ line is the limit of the first, where the convolution of two equal rates gives a
/// θ·t·e^{−θt} term). The θ ≠ μ case is evaluated through `expm1` so it stays accurate as
/// θ → μ. P(T > t) is continuous and strictly decreasing, so the quantile, the t with
/// P(T > t) = 1 − q, is found by bracketing and bisection to a relative accuracy of 1e-12.
///
/// `q == 0` gives `Some(0.0)`. `None` when `q` is not in [0, 1), or for the invalid or
/// overloaded inputs of [`mmc_mean_response`]. With one server this is −ln(1 − q)/(μ − λ).
pub fn mmc_response_quantile(
    arrival_rps: f64,
    service_rps_per_server: f64,
    servers: u32,
    q: f64,
) -> Option<f64> {
    if !(0.0..1.0).contains(&q) {
        return None;
    }
    let m = Mmc::new(arrival_rps, service_rps_per_server, servers)?;
    if q == 0.0 {
        return Some(0.0);
    }
    let tail = 1.0 - q;
    // Bracket: survival(lo) > tail >= survival(hi). With r = min(θ, μ), P(T > t) is at most
    // e^{−rt}(1 + rt), below any tail >= 2^-53 (q < 1 in f64) by t = 40/r: few doublings.
    let rate = m.theta.min(m.mu);
    let (mut lo, mut hi) = (0.0, 1.0 / rate);
    let mut doublings = 0;
    while m.survival(hi) > tail {
        lo = hi;
        hi *= 2.0;
        doublings += 1;
        if doublings > 2000 || !hi.is_finite() {
            return None;
        }
    }
    for _ in 0..400 {
        if hi - lo <= 1e-12 * hi {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if m.survival(mid) > tail {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Throughput of `replicas` replicas under the Universal Scalability Law (N. J. Gunther):
/// X(N) = N·X1 / (1 + σ(N − 1) + κN(N − 1)), with X1 = `per_replica_rps`, σ = `contention`
/// (serialisation, 0..=1) and κ = `coherency` (crosstalk, >= 0).
///
/// With σ = κ = 0 this is linear, N·X1; with κ > 0 it peaks at N* = √((1 − σ)/κ) and falls
/// beyond. `replicas == 0` gives 0.0. The coefficients are used as given (not clamped).
pub fn usl_throughput(replicas: u32, per_replica_rps: f64, contention: f64, coherency: f64) -> f64 {
    if replicas == 0 {
        return 0.0;
    }
    let n = f64::from(replicas);
    n * per_replica_rps / (1.0 + contention * (n - 1.0) + coherency * n * (n - 1.0))
}

/// The smallest number of servers c (1..=`max_servers`) whose M/M/c response-time `q`-quantile
/// ([`mmc_response_quantile`]) is at most `target_seconds`.
///
/// `None` when no c up to `max_servers` reaches the target: in particular when the inputs are
/// invalid, or when the target is below the `q`-quantile of the service time alone,
/// −ln(1 − q)/μ, which no number of servers can beat.
pub fn servers_for_quantile(
    arrival_rps: f64,
    service_rps_per_server: f64,
    q: f64,
    target_seconds: f64,
    max_servers: u32,
) -> Option<u32> {
    let mu = service_rps_per_server;
    if !(rates_valid(arrival_rps, mu) && (0.0..1.0).contains(&q) && target_seconds >= 0.0) {
        return None;
    }
    if target_seconds < -(-q).ln_1p() / mu {
        return None;
    }
    // Fewer than floor(λ/μ) servers are overloaded; start there (saturating cast) and scan up.
    let first = ((arrival_rps / mu).floor() as u32).max(1);
    (first..=max_servers).find(|&c| {
        mmc_response_quantile(arrival_rps, mu, c, q).is_some_and(|t| t <= target_seconds)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Erlang C by the textbook direct sum in f64 (fine for small c):
    /// C = (A^c/c!·c/(c−A)) / (Σ_{k<c} A^k/k! + A^c/c!·c/(c−A)).
    fn erlang_c_direct(c: u32, a: f64) -> f64 {
        let (mut term, mut sum) = (1.0, 0.0);
        for k in 0..c {
            term *= if k > 0 { a / f64::from(k) } else { 1.0 };
            sum += term;
        }
        let top = term * a / f64::from(c) * f64::from(c) / (f64::from(c) - a);
        top / (sum + top)
    }

    /// The same direct sum in log space (log-sum-exp), for large c.
    fn erlang_c_log_space(c: u32, a: f64) -> f64 {
        let (cf, mut log_fact) = (f64::from(c), 0.0);
        let mut logs = Vec::new();
        for k in 0..c {
            log_fact += if k > 0 { f64::from(k).ln() } else { 0.0 };
            logs.push(f64::from(k) * a.ln() - log_fact);
        }
        let top = cf * a.ln() - (log_fact + cf.ln()) + (cf / (cf - a)).ln();
        logs.push(top);
        let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = logs.iter().map(|l| (l - max).exp()).sum();
        (top - max - sum.ln()).exp()
    }

    /// Composite Simpson's rule on [0, end] with `n` (even) intervals.
    fn simpson(f: impl Fn(f64) -> f64, end: f64, n: u32) -> f64 {
        let h = end / f64::from(n);
        let weight = |i: u32| f64::from(2 + 2 * (i % 2));
        let inner: f64 = (1..n).map(|i| weight(i) * f(f64::from(i) * h)).sum();
        (f(0.0) + f(end) + inner) * h / 3.0
    }

    fn close(x: f64, y: f64, rel: f64) -> bool {
        (x - y).abs() <= rel * y.abs()
    }

    fn quantile(lambda: f64, mu: f64, c: u32, q: f64) -> f64 {
        mmc_response_quantile(lambda, mu, c, q).expect("stable queue")
    }

    #[test]
    fn erlang_c_matches_published_and_direct_sum_values() {
        // Published: Anderson, Sweeney & Williams, "An Introduction to Management Science"
        // (Cengage), multiple-server queueing spreadsheet, λ = 10, μ = 12: "Probability arrival
        // has to wait" 0.245, 0.058, 0.011, 0.002 for c = 2..=5. Confirmed by the exact rational
        // direct sum (Python fractions): 25/102, 125/2166, 625/56694, 125/71574.
        for (c, published) in [(2, 0.245), (3, 0.058), (4, 0.011), (5, 0.002)] {
            assert!((erlang_c(c, 10.0 / 12.0) - published).abs() < 5e-4);
        }
        // Table values from the brief, confirmed by the exact rational direct sum (Python
        // fractions) and by `erlang_c_direct` here: C(2, 1) = 1/3; C(10, 8) = 4194304/10250507
        // = 0.40918; C(5, 4) = 128/231 = 0.55411. The brief's C(20, 15) = 0.3490 is NOT
        // confirmed: the exact value is 0.160429. C(2, 1.5) = 9/14 is the Wolfram ErlangC
        // documentation's example of two lines (λ = 150/s, μ = 100/s), worked by hand.
        #[rustfmt::skip]
        let cases = [
            (2, 1.0, 1.0 / 3.0, 1e-15), (2, 1.5, 9.0 / 14.0, 1e-15),
            (10, 8.0, 4_194_304.0 / 10_250_507.0, 1e-15), (10, 8.0, 0.4092, 5e-5),
            (5, 4.0, 128.0 / 231.0, 1e-15), (5, 4.0, 0.5541, 5e-5), (20, 15.0, 0.1604, 5e-5),
        ];
        for (c, a, expected, tol) in cases {
            let got = erlang_c(c, a);
            assert!((got - expected).abs() < tol, "C({c}, {a}) = {got}");
            assert!(close(got, erlang_c_direct(c, a), 1e-12), "C({c}, {a})");
        }
        assert!((erlang_c(20, 15.0) - 0.3490).abs() > 0.1);
    }

    #[test]
    fn erlang_c_single_server_edges_and_large_c() {
        for rho in [1e-6, 0.1, 0.5, 0.9, 0.999] {
            assert!(close(erlang_c(1, rho), rho, 1e-13), "rho = {rho}");
        }
        let edges = [(4, 0.0, 0.0), (4, -1.0, 0.0), (0, 0.0, 0.0)];
        for (c, a, expected) in edges.into_iter().chain([(0, 0.5, 1.0), (4, 4.0, 1.0)]) {
            assert_eq!(erlang_c(c, a), expected, "C({c}, {a})");
        }
        assert_eq!(erlang_c(4, f64::INFINITY), 1.0);
        assert!(erlang_c(4, f64::NAN).is_nan());
        assert!((3..30).all(|c| erlang_c(c + 1, 2.5) < erlang_c(c, 2.5)));
        // Large c: finite, in (0, 1), and equal to the direct sum done in log space.
        for (c, a) in [(5000, 4900.0), (10_000, 9_900.0), (300, 280.5)] {
            let got = erlang_c(c, a);
            assert!(got > 0.0 && got < 1.0, "C({c}, {a}) = {got}");
            let reference = erlang_c_log_space(c, a);
            assert!(close(got, reference, 1e-8), "C({c}, {a}) = {got}");
        }
    }

    #[test]
    fn mean_response_single_server_and_invalid_inputs() {
        for (lambda, mu) in [(0.5, 1.0), (90.0, 100.0), (1e-3, 2.0)] {
            let w = mmc_mean_response(lambda, mu, 1).expect("stable");
            assert!(close(w, 1.0 / (mu - lambda), 1e-13), "{lambda}");
        }
        // c = 2, A = 1, μ = 1: W = (1/3)/(2 − 1) + 1.
        let w = mmc_mean_response(1.0, 1.0, 2).expect("stable");
        assert!(close(w, 4.0 / 3.0, 1e-14));
        let bad = [(2.0, 1.0, 2), (3.0, 1.0, 2), (1.0, 1.0, 0), (0.0, 1.0, 2)];
        let inf = f64::INFINITY;
        let more = [(f64::NAN, 1.0, 2), (1.0, inf, 2), (1.0, -1.0, 2)];
        for (lambda, mu, c) in bad.into_iter().chain(more) {
            assert_eq!(mmc_mean_response(lambda, mu, c), None, "{lambda} {mu} {c}");
        }
    }

    /// P(T > t) built independently of `Mmc::survival`: C from the direct sum, and the
    /// convolution ∫_0^t θe^{−θw}·e^{−μ(t−w)} dw (density of W times survival of S) by Simpson.
    fn survival_by_convolution(lambda: f64, mu: f64, c: u32, t: f64) -> f64 {
        let wait = erlang_c_direct(c, lambda / mu);
        let theta = f64::from(c) * mu - lambda;
        let density = |w: f64| theta * (-theta * w).exp() * (-mu * (t - w)).exp();
        let conv = simpson(density, t, 20_000);
        (1.0 - wait) * (-mu * t).exp() + wait * ((-theta * t).exp() + conv)
    }

    #[test]
    fn quantile_matches_m_m_1_and_numerical_convolution() {
        // M/M/1: the response time is Exp(μ − λ).
        for q in [0.001_f64, 0.5, 0.9, 0.95, 0.99, 0.999_999] {
            let expected = -(1.0 - q).ln() / (1.0 - 0.7);
            assert!(close(quantile(0.7, 1.0, 1, q), expected, 1e-10), "q = {q}");
        }
        // θ = 0.6 < μ, θ = μ exactly (λ = 1, c = 2), θ within 1e-9 of μ, and θ = 3 > μ = 2.
        let cases = [(2.4, 1.0, 3), (1.0, 1.0, 2), (1.0 - 1e-9, 1.0, 2)];
        for (lambda, mu, c) in cases.into_iter().chain([(5.0, 2.0, 4)]) {
            let m = Mmc::new(lambda, mu, c).expect("stable");
            for t in [0.05, 0.5, 1.0, 2.5, 7.0] {
                let numeric = survival_by_convolution(lambda, mu, c, t);
                assert!((m.survival(t) - numeric).abs() < 1e-9, "λ={lambda} t={t}");
            }
            for q in [0.5, 0.95, 0.99] {
                let t = quantile(lambda, mu, c, q);
                let numeric = survival_by_convolution(lambda, mu, c, t);
                assert!(close(numeric, 1.0 - q, 1e-4), "λ={lambda} q={q}");
                assert!(close(m.survival(t), 1.0 - q, 1e-9), "λ={lambda} q={q}");
            }
        }
    }

    #[test]
    fn survival_integrates_to_mean_and_quantile_edges() {
        // E[T] = ∫_0^∞ P(T > t) dt; the tail beyond 60 s is below 1e-12 here.
        let (lambda, mu, c) = (2.4, 1.0, 3);
        let m = Mmc::new(lambda, mu, c).expect("stable");
        let integral = simpson(|t| m.survival(t), 60.0, 60_000);
        let mean = mmc_mean_response(lambda, mu, c).expect("stable");
        assert!(close(integral, mean, 1e-9), "{integral} vs {mean}");
        let qs = [0.1, 0.5, 0.9, 0.99].map(|q| quantile(lambda, mu, c, q));
        assert!(qs.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(mmc_response_quantile(lambda, mu, c, 0.0), Some(0.0));
        let bad = [(lambda, 1.0), (lambda, -0.1), (lambda, f64::NAN)];
        for (lambda, q) in bad.into_iter().chain([(3.0, 0.5)]) {
            let got = mmc_response_quantile(lambda, mu, c, q);
            assert_eq!(got, None, "{lambda} {q}");
        }
        assert!(quantile(9_900.0, 1.0, 10_000, 0.999).is_finite());
    }

    #[test]
    fn usl_linear_without_contention_or_coherency() {
        assert_eq!(usl_throughput(0, 100.0, 0.1, 0.01), 0.0);
        let linear = |n: u32| usl_throughput(n, 125.0, 0.0, 0.0);
        assert!((1..=100).all(|n| linear(n) == f64::from(n) * 125.0));
        // Contention only (Amdahl): increasing, bounded by X1/σ.
        let amdahl = |n| usl_throughput(n, 1.0, 0.05, 0.0);
        assert!((1..500).all(|n| amdahl(n) < amdahl(n + 1)) && amdahl(500) < 1.0 / 0.05);
        // 10·100 / (1 + 0.05·9 + 0.001·10·9).
        let x10 = usl_throughput(10, 100.0, 0.05, 0.001);
        assert!(close(x10, 1000.0 / 1.54, 1e-14));
    }

    #[test]
    fn usl_peak_is_adjacent_to_n_star() {
        let coefficients = [(0.05_f64, 0.001_f64), (0.0, 4e-4), (0.2, 0.02)];
        for (sigma, kappa) in coefficients.into_iter().chain([(0.03, 5e-5)]) {
            let n_star = ((1.0 - sigma) / kappa).sqrt();
            let x = |n| usl_throughput(n, 10.0, sigma, kappa);
            let best = (1..=2000).max_by(|&a, &b| x(a).total_cmp(&x(b)));
            let best = best.map_or(0.0, f64::from);
            assert!((best - n_star).abs() < 1.0, "σ={sigma} κ={kappa}: {best}");
        }
    }

    #[test]
    fn servers_for_quantile_returns_the_minimum() {
        let (lambda, mu, q) = (40.0, 1.0, 0.95);
        let at = |c| mmc_response_quantile(lambda, mu, c, q);
        let meets = |c, target| at(c).is_some_and(|t| t <= target);
        for target in [3.2, 3.5, 4.0, 6.0, 30.0] {
            let c = servers_for_quantile(lambda, mu, q, target, 1000).expect("reachable");
            assert!(meets(c, target) && !meets(c - 1, target), "{target}: {c}");
            // A brute-force scan from one server agrees.
            let brute = (1..=1000).find(|&k| meets(k, target));
            assert_eq!(brute, Some(c), "target {target}");
        }
        // Below the service-only p95 (−ln 0.05 ≈ 2.996 s) no server count is enough.
        assert_eq!(servers_for_quantile(lambda, mu, q, 2.99, 10_000), None);
        let c = servers_for_quantile(lambda, mu, q, 3.5, 1000).expect("reachable");
        assert_eq!(servers_for_quantile(lambda, mu, q, 3.5, c - 1), None);
        assert_eq!(servers_for_quantile(lambda, mu, q, 3.5, c), Some(c));
        assert_eq!(servers_for_quantile(f64::NAN, mu, q, 3.5, 1000), None);
        assert_eq!(servers_for_quantile(lambda, mu, 1.0, 3.5, 1000), None);
    }
}
