//! Money in the engine: downtime loss against the exact analysis, SLA credits and revenue on
//! deterministic models, detection times, and determinism across thread counts.

use crate::common::{plan, root};
use nines::engine::{
    MONEY_YEAR_HOURS, NoObserver, Observer, Plan, RunConfig, RunResults, TrialRecord, run,
};
use nines::scenario::parse_scenario;
use std::sync::Mutex;

fn model(text: &str) -> Plan {
    nines::load::plan_from_str(text, "m.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn cfg(trials: u64, seed: u64) -> RunConfig {
    RunConfig {
        trials,
        seed,
        ..Default::default()
    }
}

/// Keeps every trial's record.
#[derive(Default)]
struct Rows(Mutex<Vec<TrialRecord>>);
impl Observer for Rows {
    fn on_trials(&self, rows: &[TrialRecord]) {
        self.0.lock().expect("lock").extend_from_slice(rows);
    }
}

fn run_rows(p: &Plan, c: &RunConfig) -> (RunResults, Vec<TrialRecord>) {
    let obs = Rows::default();
    let c = RunConfig {
        record_trials: true,
        ..c.clone()
    };
    let r = run(p, &c, &obs).expect("run");
    (r, obs.0.into_inner().expect("lock"))
}

#[test]
fn flat_per_hour_loss_matches_the_exact_mission_availability() {
    let p = model(
        "[model]\nname = \"m\"\nhorizon_hours = 1000\n\
         [[component]]\nname = \"web\"\nreplicas = 2\nmin_up = 1\n\
         failure = { dist = \"exponential\", mean_hours = 100 }\n\
         repair = { dist = \"exponential\", mean_hours = 10 }\n\
         [[component]]\nname = \"db\"\nreplicas = 1\n\
         failure = { dist = \"exponential\", mean_hours = 2000 }\n\
         repair = { dist = \"exponential\", mean_hours = 4 }\n\
         [[service]]\nname = \"shop\"\nrequires = [\"web\", \"db\"]\n\
         downtime_cost = { per_hour = 500 }\n",
    );
    let exact = nines::analysis::analyze(&p).expect("analysis");
    let mission = exact.mission.expect("exponential: exact mission value");
    let r = run(&p, &cfg(20_000, 3), &NoObserver).expect("run");
    let factor = MONEY_YEAR_HOURS / 1000.0;
    assert_eq!(r.cost.per_year_factor, factor);
    let expected = 500.0 * 1000.0 * (1.0 - mission.availability) * factor;
    let l = &r.cost.downtime_loss;
    assert!(
        (l.mean - expected).abs() < 4.0 * l.std_error,
        "loss {} ± {} vs exact {expected}",
        l.mean,
        l.std_error
    );
    // The model's loss is its one service's; the total adds no infrastructure here.
    let s = r
        .service("shop")
        .and_then(|s| s.downtime_loss)
        .expect("loss");
    assert_eq!(s.mean, l.mean);
    assert!((r.cost.total.mean - l.mean).abs() < 1e-9 * l.mean.max(1.0));
    assert!(l.p99 >= l.p90 && l.p90 >= 0.0);
    assert_eq!(r.cost.sla_credits.mean, 0.0);
}

/// web: down [100, 110], [210, 220], … (every 110 h); db: down [725, 735] across the first
/// month's end. Two SLA months of 730 h.
const CLOCKWORK: &str = "[model]\nname = \"clockwork\"\nhorizon_hours = 1460\ncurrency = \"EUR\"\n\
[[component]]\nname = \"web\"\nreplicas = 1\n\
failure = { dist = \"fixed\", hours = 100 }\nrepair = { dist = \"fixed\", hours = 10 }\n\
cost = { per_replica_year = 1200, fixed_year = 300 }\n\
[[component]]\nname = \"db\"\nreplicas = 1\n\
failure = { dist = \"fixed\", hours = 725 }\nrepair = { dist = \"fixed\", hours = 10 }\n\
[[service]]\nname = \"shop\"\nrequires = [\"web\", \"db\"]\n\
downtime_cost = { per_hour = 100 }\n\
[[sla]]\nname = \"customers\"\nservice = \"shop\"\nmonthly_fee = 1000\n\
credits = [{ below = 0.92, credit = 0.25 }, { below = 0.91, credit = 0.5 }]\n\
[[sla]]\nname = \"db_provider\"\ncomponent = \"db\"\nmonthly_fee = 100\ndirection = \"received\"\n\
credits = [{ below = 0.999, credit = 0.1 }]\n";

#[test]
fn sla_credits_on_known_monthly_availabilities() {
    let p = model(CLOCKWORK);
    let (r, rows) = run_rows(&p, &cfg(300, 1));
    // shop: month 1 has web down 6 × 10 h and db 5 h: 1 − 65/730 = 0.911 (< 0.92: 25 %);
    // month 2 web 7 × 10 h and db 5 h: 1 − 75/730 = 0.897 (< 0.91: 50 %) → 750 paid.
    // db alone: 5 h down in each month: 0.99315 < 0.999 → 10 % of 100 twice received.
    let credits = 0.25 * 1000.0 + 0.5 * 1000.0 - 2.0 * 0.1 * 100.0;
    let loss = 100.0 * (130.0 + 10.0);
    for row in &rows {
        assert!(
            (row.sla_credits - credits).abs() < 1e-9,
            "{}",
            row.sla_credits
        );
        assert!((row.loss - loss).abs() < 1e-9, "{}", row.loss);
        assert_eq!(row.service_loss.len(), 1);
        assert!((row.service_loss[0] - loss).abs() < 1e-9);
        assert!((row.down_hours - 140.0).abs() < 1e-9);
    }
    let factor = MONEY_YEAR_HOURS / 1460.0;
    let c = &r.cost;
    assert_eq!(c.currency, "EUR");
    assert_eq!(c.infrastructure_year, 1500.0);
    assert!((c.sla_credits.mean - credits * factor).abs() < 1e-6);
    assert!((c.downtime_loss.mean - loss * factor).abs() < 1e-6);
    assert_eq!(c.downtime_loss.std_error, 0.0);
    // Every trial the same: the quantiles are that value (the sketch keeps the range).
    assert!((c.downtime_loss.p99 - loss * factor).abs() < 1e-6 * loss);
    assert!((c.total.mean - (1500.0 + (loss + credits) * factor)).abs() < 1e-6);
    assert!((c.total.p90 - c.total.mean).abs() < 1e-6 * c.total.mean);
    // Model outages: each web outage and the db one started by its component.
    let names = p.cause_names();
    let web = names.iter().position(|n| n == "web").expect("web") as u32;
    let db = names.iter().position(|n| n == "db").expect("db") as u32;
    assert_eq!(rows[0].caused.len(), 2);
    assert_eq!(rows[0].caused[0].0, web.min(db));
    let hours = |c: u32| rows[0].caused.iter().find(|x| x.0 == c).map(|x| x.1);
    assert!((hours(web).expect("web") - 130.0).abs() < 1e-9);
    assert!((hours(db).expect("db") - 10.0).abs() < 1e-9);
}

/// Flat 150 rps for 30 days, with 6 hours at twice that on day 10 (hours 240 to 246).
const FLAT: &str = "[scenario]\nname = \"flat\"\nstart = 2026-01-01\naverage_rps = 150\ndaily_shape = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n[[peak]]\nname = \"spike\"\ndate = 2026-01-11\nduration_hours = 6\nmultiplier = 2\n";

#[test]
fn revenue_loss_on_a_deterministic_load() {
    // Down [100, 110], [210, 220] … [650, 660]: six 10 h outages, none in the spike, and
    // [760, …) beyond the 720 h horizon.
    let text = "[model]\nname = \"rev\"\nhorizon_hours = 720\n\
        [[component]]\nname = \"web\"\nreplicas = 1\n\
        failure = { dist = \"fixed\", hours = 100 }\nrepair = { dist = \"fixed\", hours = 10 }\n\
        [[service]]\nname = \"shop\"\nrequires = [\"web\"]\n\
        downtime_cost = { per_hour = 1000 }\n\
        revenue = { conversion = 0.01, order_value = 50, recapture = 0.2 }\n";
    let p = model(text).with_scenario(parse_scenario(FLAT, "s.toml").expect("scenario"));
    let (r, rows) = run_rows(&p, &cfg(40, 2));
    let lost = 150.0 * 60.0 * 3600.0;
    let loss = lost * 0.01 * 50.0 * 0.8 + 1000.0 * 60.0;
    for row in &rows {
        assert!(
            (row.loss - loss).abs() < 1e-6 * loss,
            "{} vs {loss}",
            row.loss
        );
    }
    let factor = MONEY_YEAR_HOURS / 720.0;
    assert!((r.cost.downtime_loss.mean - loss * factor).abs() < 1e-6 * loss * factor);
    // Without the scenario, only the per-hour part counts.
    let (r, _) = run_rows(&model(text), &cfg(40, 2));
    assert!((r.cost.downtime_loss.mean - 60_000.0 * factor).abs() < 1e-6);
}

#[test]
fn detection_adds_its_mean_to_the_steady_state_and_leaves_other_draws_alone() {
    let base = "[model]\nname = \"det\"\nhorizon_hours = 100000\n\
        [[component]]\nname = \"web\"\nreplicas = 1\n\
        failure = { dist = \"exponential\", mean_hours = 100 }\n\
        repair = { dist = \"exponential\", mean_hours = 5 }\nDETECT\
        [[component]]\nname = \"db\"\nreplicas = 1\n\
        failure = { dist = \"exponential\", mean_hours = 300 }\n\
        repair = { dist = \"exponential\", mean_hours = 3 }\n\
        [[service]]\nname = \"front\"\nrequires = [\"web\"]\n\
        [[service]]\nname = \"data\"\nrequires = [\"db\"]\n";
    let with = model(&base.replace(
        "DETECT",
        "detect = { dist = \"lognormal\", median_hours = 4, sigma = 0.5 }\n",
    ));
    let without = model(&base.replace("DETECT", ""));
    let mean_detect = 4.0 * (0.5f64 * 0.5 / 2.0).exp();
    let a = nines::analysis::analyze(&with).expect("analysis");
    let exact = 100.0 / (100.0 + 5.0 + mean_detect);
    let front = a.steady_state.services[0].1;
    assert!((front - exact).abs() < 1e-12, "{front} vs {exact}");
    assert!(
        a.mission.is_none(),
        "no closed-form mission value with detect"
    );
    assert!(a.mission_note.as_deref().unwrap_or("").contains("detect"));
    let c = cfg(200, 5);
    let (r, rows) = run_rows(&with, &c);
    let f = r.service("front").expect("front").availability;
    assert!(
        (f.mean - exact).abs() < 4.0 * f.std_error,
        "{} ± {} vs {exact}",
        f.mean,
        f.std_error
    );
    // Common random numbers: db draws the same times with or without web's detection.
    let (_, plain) = run_rows(&without, &c);
    for (x, y) in rows.iter().zip(&plain) {
        assert_eq!(x.service_down_hours[1], y.service_down_hours[1]);
    }
    assert!(
        rows.iter()
            .zip(&plain)
            .any(|(x, y)| x.down_hours != y.down_hours)
    );
}

#[test]
fn money_is_the_same_for_any_thread_count() {
    let text =
        std::fs::read_to_string(root().join("scenarios/peak-season.toml")).expect("scenario");
    let p = plan("retail-reference.toml")
        .with_scenario(parse_scenario(&text, "peak-season.toml").expect("valid"));
    let go = |t| {
        run_rows(
            &p,
            &RunConfig {
                threads: Some(t),
                ..cfg(600, 9)
            },
        )
    };
    let ((a, ra), (b, rb)) = (go(1), go(2));
    assert_eq!(a.cost, b.cost);
    assert_eq!(ra, rb);
    assert!(a.cost.downtime_loss.mean > 0.0);
    assert!(a.cost.total.p99 >= a.cost.total.p90);
    assert!(
        a.services.iter().all(|(_, s)| s.downtime_loss.is_some()),
        "every retail service is priced"
    );
}
