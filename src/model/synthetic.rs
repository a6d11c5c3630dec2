//! A seeded generator of large, realistic retail platforms (model-file text), for tests,
//! benchmarks and the workbench's big-model screenshots: no megabytes shipped in the repo.
//!
//! The platform: a few regions of three zones each; global providers (DNS, two CDNs, an
//! identity provider, three payment providers, messaging) with redundancy groups; in every
//! region a load balancer, an edge gateway and business domains (catalog, cart, checkout…),
//! each with an API tier and, drawn at random, a database, a cache, a queue and a worker.
//! Front domains call mid domains, which call core domains (so the graph is a DAG a few
//! layers deep); some domains have a cross-region group of their APIs; services are user
//! journeys per region; a few common causes (bad deploys, a certificate expiry) hit several
//! tiers at once. The same seed always gives the same text.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::fmt::Write as _;

/// Business domains; past the end of the list names get a number (`catalog-2`).
const DOMAINS: [&str; 40] = [
    "catalog",
    "search",
    "pricing",
    "promotions",
    "cart",
    "checkout",
    "orders",
    "inventory",
    "customer",
    "loyalty",
    "reviews",
    "recommend",
    "shipping",
    "returns",
    "billing",
    "fraud",
    "tax",
    "notify",
    "media",
    "store-pos",
    "giftcard",
    "wishlist",
    "content",
    "locale",
    "session",
    "consent",
    "ledger",
    "warehouse",
    "fulfil",
    "supplier",
    "assortment",
    "sizing",
    "booking",
    "pickup",
    "clienteling",
    "payroll",
    "forecast",
    "replenish",
    "audit",
    "export",
];
/// User journeys; services are `JOURNEY-REGION` (with a number past the end of the list).
const JOURNEYS: [&str; 20] = [
    "browse",
    "search",
    "checkout",
    "account",
    "orders",
    "returns",
    "store-sales",
    "pickup",
    "wishlist",
    "reviews",
    "loyalty",
    "giftcards",
    "tracking",
    "support",
    "booking",
    "marketplace",
    "b2b",
    "app-home",
    "promotions",
    "stock-check",
];
const REGIONS: [&str; 4] = ["eu-west", "us-east", "ap-south", "sa-east"];

const INSTANCE_FAILURE: &str = r#"{ dist = "weibull", shape = 0.8, scale_hours = 7730 }"#;
const INSTANCE_REPAIR: &str = r#"{ dist = "lognormal", median_hours = 0.0833, sigma = 0.67 }"#;

/// One tier being written.
struct Tier {
    name: String,
    replicas: u32,
    min_up: u32,
    zones: Option<usize>,
    failure: String,
    repair: String,
    depends_on: Vec<String>,
}

/// One business domain in one region.
struct Unit {
    api: String,
    level: usize,
}

/// The text of a synthetic platform with about `components` components (at least 20 are
/// made) and `services` services (at least 1), drawn from `seed`. It is a valid model:
/// `nines::load::plan_from_str` accepts it, and the same arguments give the same text.
///
/// ```
/// let text = nines::model::synthetic::platform(7, 120, 10);
/// let plan = nines::load::plan_from_str(&text, "synthetic").expect("valid");
/// assert_eq!(plan.model().components.len(), 120);
/// assert_eq!(plan.model().services.len(), 10);
/// assert_eq!(text, nines::model::synthetic::platform(7, 120, 10));
/// ```
pub fn platform(seed: u64, components: usize, services: usize) -> String {
    let components = components.max(20);
    let services = services.max(1);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x6e69_6e65_735f_7379);
    let regions = match components {
        0..=59 => 1,
        60..=199 => 2,
        200..=1999 => 3,
        _ => 4,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Synthetic retail platform (nines::model::synthetic::platform, seed {seed}): \
         {components} components, {services} services, {regions} region(s) of three zones."
    );
    let _ = writeln!(out, "[model]");
    let _ = writeln!(
        out,
        "name = \"Synthetic platform ({components} components, seed {seed})\""
    );
    let _ = writeln!(out, "horizon_hours = 8760\n");
    for r in REGIONS.iter().take(regions) {
        let _ = writeln!(out, "[[region]]\nname = \"{r}\"");
        let _ = writeln!(
            out,
            "failure = {{ dist = \"exponential\", mean_hours = 43800 }}\n\
             repair = {{ dist = \"lognormal\", median_hours = 4, sigma = 0.98 }}\n"
        );
        for z in ["a", "b", "c"] {
            let _ = writeln!(out, "[[zone]]\nname = \"{r}-{z}\"\nregion = \"{r}\"");
            let _ = writeln!(
                out,
                "failure = {{ dist = \"exponential\", mean_hours = 87600 }}\n\
                 repair = {{ dist = \"lognormal\", median_hours = 2, sigma = 1.26 }}\n"
            );
        }
    }
    let provider = |name: &str, mean_hours: f64, median_hours: f64| Tier {
        name: name.to_string(),
        replicas: 1,
        min_up: 1,
        zones: None,
        failure: format!("{{ dist = \"exponential\", mean_hours = {mean_hours} }}"),
        repair: format!("{{ dist = \"lognormal\", median_hours = {median_hours}, sigma = 1.08 }}"),
        depends_on: Vec::new(),
    };
    // Global providers: 10 components, 3 groups.
    let mut tiers: Vec<Tier> = vec![
        provider("dns", 29200.0, 1.0),
        provider("cdn-a", 17520.0, 1.0),
        provider("cdn-b", 17520.0, 1.0),
        provider("idp", 8760.0, 0.5),
        provider("psp-a", 8760.0, 0.75),
        provider("psp-b", 8760.0, 0.75),
        provider("psp-c", 8760.0, 0.75),
        provider("sms-gw", 4380.0, 1.0),
        provider("email-gw", 4380.0, 1.0),
        provider("tax-provider", 8760.0, 2.0),
    ];
    let mut groups: Vec<(String, Vec<String>, u32)> = vec![
        ("cdn".into(), vec!["cdn-a".into(), "cdn-b".into()], 1),
        (
            "payments".into(),
            vec!["psp-a".into(), "psp-b".into(), "psp-c".into()],
            1,
        ),
        (
            "messaging".into(),
            vec!["sms-gw".into(), "email-gw".into()],
            1,
        ),
    ];
    let regional = |name: String, replicas: u32, min_up: u32, r: usize| Tier {
        name,
        replicas,
        min_up,
        zones: Some(r),
        failure: INSTANCE_FAILURE.to_string(),
        repair: INSTANCE_REPAIR.to_string(),
        depends_on: Vec::new(),
    };
    for (r, rn) in REGIONS.iter().enumerate().take(regions) {
        tiers.push(regional(format!("lb-{rn}"), 3, 2, r));
        let mut gw = regional(format!("edge-gw-{rn}"), 6, 4, r);
        gw.depends_on = vec![format!("lb-{rn}")];
        tiers.push(gw);
    }
    // Business domains: round-robin over regions until the component budget is spent.
    let mut units: Vec<Vec<Unit>> = (0..regions).map(|_| Vec::new()).collect();
    let mut k = 0usize;
    while tiers.len() < components {
        let r = k % regions;
        let d = k / regions;
        k += 1;
        let rn = REGIONS[r];
        let domain = match d / DOMAINS.len() {
            0 => DOMAINS[d % DOMAINS.len()].to_string(),
            n => format!("{}-{}", DOMAINS[d % DOMAINS.len()], n + 1),
        };
        // Front (0), mid (1, 2) and core (3) domains.
        let level = [0, 1, 1, 2, 2, 3][rng.random_range(0..6usize)];
        let base = format!("{domain}-{rn}");
        let api_replicas = rng.random_range(8..=32u32);
        let mut api = regional(
            format!("{base}-api"),
            api_replicas,
            (api_replicas * 2).div_ceil(3),
            r,
        );
        let left = components - tiers.len();
        let mut extra: Vec<Tier> = Vec::new();
        if left > 1 && rng.random_bool(0.8) {
            let mut db = regional(format!("{base}-db"), 3, 2, r);
            db.failure = "{ dist = \"exponential\", mean_hours = 4380 }".into();
            db.repair = "{ dist = \"lognormal\", median_hours = 0.05, sigma = 0.5 }".into();
            api.depends_on.push(db.name.clone());
            extra.push(db);
        }
        if left > 1 + extra.len() && rng.random_bool(0.5) {
            let c = rng.random_range(3..=6u32);
            let cache = regional(format!("{base}-cache"), c, c - 1, r);
            api.depends_on.push(cache.name.clone());
            extra.push(cache);
        }
        if left > 2 + extra.len() && rng.random_bool(0.35) {
            let queue = regional(format!("{base}-queue"), 3, 2, r);
            let w = rng.random_range(4..=12u32);
            let mut worker = regional(format!("{base}-worker"), w, w / 2, r);
            worker.depends_on.push(queue.name.clone());
            if let Some(db) = extra.first().filter(|t| t.name.ends_with("-db")) {
                worker.depends_on.push(db.name.clone());
            }
            api.depends_on.push(queue.name.clone());
            extra.push(queue);
            extra.push(worker);
        }
        // Calls to deeper domains of the same region, and now and then to a provider.
        let deeper: Vec<&Unit> = units[r].iter().filter(|u| u.level > level).collect();
        if !deeper.is_empty() {
            for _ in 0..rng.random_range(0..=3usize) {
                let callee = &deeper[rng.random_range(0..deeper.len())].api;
                if !api.depends_on.contains(callee) {
                    api.depends_on.push(callee.clone());
                }
            }
        }
        if rng.random_bool(0.15) {
            api.depends_on.push("idp".into());
        }
        if domain.starts_with("notify") {
            api.depends_on.push("messaging".into());
        }
        if domain.starts_with("tax") {
            api.depends_on.push("tax-provider".into());
        }
        units[r].push(Unit {
            api: api.name.clone(),
            level,
        });
        tiers.push(api);
        tiers.extend(extra);
    }
    tiers.truncate(components);
    let names: std::collections::HashSet<String> = tiers.iter().map(|t| t.name.clone()).collect();
    // Cross-region groups of some domains' APIs (any region can serve).
    if regions > 1 {
        for u in units[0].iter().step_by(3) {
            let stem = u.api.trim_end_matches("-api").trim_end_matches(REGIONS[0]);
            let of: Vec<String> = (0..regions)
                .map(|r| format!("{stem}{}-api", REGIONS[r]))
                .filter(|n| names.contains(n))
                .collect();
            if of.len() > 1 {
                groups.push((format!("{stem}any"), of, 1));
            }
        }
    }
    // Drop references to tiers cut off by the budget.
    let group_names: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
    for t in &mut tiers {
        t.depends_on
            .retain(|d| names.contains(d) || group_names.contains(d));
    }
    for t in &tiers {
        let _ = writeln!(out, "[[component]]\nname = \"{}\"", t.name);
        let _ = writeln!(out, "replicas = {}", t.replicas);
        if t.replicas > 1 {
            let _ = writeln!(out, "min_up = {}", t.min_up);
        }
        if let Some(r) = t.zones {
            let rn = REGIONS[r];
            let _ = writeln!(out, "zones = [\"{rn}-a\", \"{rn}-b\", \"{rn}-c\"]");
        }
        let _ = writeln!(out, "failure = {}\nrepair = {}", t.failure, t.repair);
        if !t.depends_on.is_empty() {
            let _ = writeln!(out, "depends_on = {}", list(&t.depends_on));
        }
        out.push('\n');
    }
    for (name, of, min_up) in &groups {
        let _ = writeln!(
            out,
            "[[group]]\nname = \"{name}\"\nof = {}\nmin_up = {min_up}\n",
            list(of)
        );
    }
    // Services: journeys per region, each needing the edge and a few domains.
    for s in 0..services {
        let r = s % regions;
        let rn = REGIONS[r];
        let j = s / regions;
        let journey = match j / JOURNEYS.len() {
            0 => JOURNEYS[j % JOURNEYS.len()].to_string(),
            n => format!("{}-{}", JOURNEYS[j % JOURNEYS.len()], n + 1),
        };
        let mut requires: Vec<String> = vec!["dns".into(), "cdn".into()];
        let gw = format!("edge-gw-{rn}");
        if names.contains(&gw) {
            requires.push(gw);
        }
        let front: Vec<&Unit> = units[r].iter().filter(|u| u.level <= 1).collect();
        let pool = if front.is_empty() {
            units[r].iter().collect()
        } else {
            front
        };
        if !pool.is_empty() {
            for _ in 0..rng.random_range(2..=6usize) {
                let api = &pool[rng.random_range(0..pool.len())].api;
                let any = groups
                    .iter()
                    .find(|g| g.1.contains(api))
                    .map(|g| g.0.clone());
                let need = any
                    .filter(|_| rng.random_bool(0.5))
                    .unwrap_or_else(|| api.clone());
                if names.contains(api) && !requires.contains(&need) {
                    requires.push(need);
                }
            }
        }
        if ["checkout", "store-sales", "giftcards", "b2b", "marketplace"]
            .iter()
            .any(|p| journey.starts_with(p))
        {
            requires.push("payments".into());
        }
        let _ = writeln!(
            out,
            "[[service]]\nname = \"{journey}-{rn}\"\nrequires = {}\n",
            list(&requires)
        );
    }
    // Common causes: a bad deploy per region hitting half the replicas of some APIs, and a
    // certificate expiry hitting every load balancer.
    for (r, rn) in REGIONS.iter().enumerate().take(regions) {
        let apis: Vec<String> = units[r]
            .iter()
            .filter(|u| names.contains(&u.api))
            .step_by(4)
            .take(12)
            .map(|u| u.api.clone())
            .collect();
        if !apis.is_empty() {
            let _ = writeln!(
                out,
                "[[common_cause]]\nname = \"bad-deploy-{rn}\"\naffects = {}\nfraction = 0.5\n\
                 failure = {{ dist = \"exponential\", mean_hours = 2190 }}\n\
                 repair = {{ dist = \"lognormal\", median_hours = 0.5, sigma = 1.0 }}\n",
                list(&apis)
            );
        }
    }
    let lbs: Vec<String> = REGIONS
        .iter()
        .take(regions)
        .map(|rn| format!("lb-{rn}"))
        .filter(|n| names.contains(n))
        .collect();
    if !lbs.is_empty() {
        let _ = writeln!(
            out,
            "[[common_cause]]\nname = \"cert-expiry\"\naffects = {}\n\
             failure = {{ dist = \"exponential\", mean_hours = 17520 }}\n\
             repair = {{ dist = \"lognormal\", median_hours = 1.5, sigma = 0.8 }}\n",
            list(&lbs)
        );
    }
    out
}

fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::platform;

    #[test]
    fn the_default_size_is_valid_and_realistic() {
        let text = platform(1, 500, 50);
        let plan = crate::load::plan_from_str(&text, "synthetic").expect("valid model");
        let m = plan.model();
        assert_eq!(m.components.len(), 500);
        assert_eq!(m.services.len(), 50);
        let replicas: u32 = m.components.iter().map(|c| c.replicas).sum();
        assert!((3_500..=7_000).contains(&replicas), "{replicas} replicas");
        assert_eq!(m.zones.len(), 9);
        assert_eq!(m.regions.len(), 3);
        assert!(m.groups.len() >= 10, "{} groups", m.groups.len());
        assert!(m.common_causes.len() >= 3);
    }

    #[test]
    fn seeds_decide_the_text() {
        assert_eq!(platform(3, 200, 20), platform(3, 200, 20));
        assert_ne!(platform(3, 200, 20), platform(4, 200, 20));
        for (n, s) in [(20, 1), (21, 3), (59, 5), (60, 7), (333, 31), (2100, 80)] {
            let text = platform(9, n, s);
            let plan = crate::load::plan_from_str(&text, "synthetic")
                .unwrap_or_else(|e| panic!("{n} components: {e}"));
            assert_eq!(plan.model().components.len(), n);
            assert_eq!(plan.model().services.len(), s);
        }
    }
}
