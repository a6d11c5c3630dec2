//! Money in the model: the currency, infrastructure costs of components, zones and regions,
//! what an hour of a service's downtime or a lost request costs, and SLA credits (their
//! types and arithmetic; reading and checking them is in `money_read`).

use super::{HOURS_PER_YEAR, Model, Spans};
use serde::{Deserialize, Serialize};

pub(super) use super::money_read::check_money;
pub(crate) use super::money_read::{
    read_component_cost, read_downtime_cost, read_fixed_cost, read_opt_string, read_revenue,
    read_slas,
};

/// Currency when the model names none.
pub const DEFAULT_CURRENCY: &str = "USD";
/// Hours of one SLA month: a twelfth of a year (730 h).
pub const SLA_MONTH_HOURS: f64 = HOURS_PER_YEAR / 12.0;

/// A component's yearly cost: `cost = { per_replica_year = 4200, fixed_year = 0 }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct ComponentCost {
    /// Cost of one replica for a year.
    pub per_replica_year: f64,
    /// Cost of the component for a year whatever its replica count (licences, support).
    pub fixed_year: f64,
}

/// A zone's or region's yearly cost: `cost = { fixed_year = 12000 }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct FixedCost {
    /// Cost for a year.
    pub fixed_year: f64,
}

/// What an hour of a service being down costs: `downtime_cost = { per_hour = 336000 }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DowntimeCost {
    /// Cost of one hour of downtime.
    pub per_hour: f64,
}

/// Revenue lost with requests (with a load scenario):
/// lost requests × conversion × order value × (1 − recapture).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Revenue {
    /// Share of requests that become an order (0 to 1).
    pub conversion: f64,
    /// Average order value.
    pub order_value: f64,
    /// Share of lost orders placed later anyway (0 to 1).
    pub recapture: f64,
}

impl Revenue {
    /// Money lost with one lost request.
    pub fn per_lost_request(&self) -> f64 {
        self.conversion * self.order_value * (1.0 - self.recapture)
    }
}

/// Who pays an SLA's credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SlaDirection {
    /// You pay credits to your customers when your service misses (a cost).
    #[default]
    Paid,
    /// A provider pays credits to you when its component misses (money back).
    Received,
}

/// One tier: a month whose availability is below `below` earns `credit` × the monthly fee.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CreditTier {
    /// Monthly availability under which the tier applies (0 to 1).
    pub below: f64,
    /// Share of the monthly fee credited (0 to 1).
    pub credit: f64,
}

/// What an SLA measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlaScope {
    /// A service of the model (`service = "checkout"`).
    Service(String),
    /// A component (`component = "cdn"`): its availability with its dependencies.
    Component(String),
}

/// A service-level agreement (`[[sla]]`): each month's availability against credit tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sla {
    /// Unique name among SLAs.
    pub name: String,
    /// What it measures.
    pub scope: SlaScope,
    /// The fee of one month that credits are a share of.
    pub monthly_fee: f64,
    /// Credit tiers; a month earns the largest credit among the tiers it falls below.
    pub credits: Vec<CreditTier>,
    /// Paid to customers (a cost) or received from a provider (money back).
    pub direction: SlaDirection,
    /// Source positions (not serialized).
    #[serde(skip)]
    pub spans: Spans,
}

impl Sla {
    /// The share of the monthly fee a month with availability `a` earns.
    pub fn credit_share(&self, a: f64) -> f64 {
        self.credits
            .iter()
            .filter(|t| a < t.below)
            .map(|t| t.credit)
            .fold(0.0, f64::max)
    }
}

/// Yearly infrastructure cost of a model: Σ replicas × per_replica_year + every fixed cost.
pub fn infrastructure_year(m: &Model) -> f64 {
    let comps: f64 = m
        .components
        .iter()
        .filter_map(|c| {
            c.cost
                .map(|k| f64::from(c.replicas) * k.per_replica_year + k.fixed_year)
        })
        .sum();
    let domains: f64 = m
        .zones
        .iter()
        .chain(&m.regions)
        .filter_map(|d| d.cost.map(|k| k.fixed_year))
        .sum();
    comps + domains
}

/// The SLA months of a horizon: whole months of [`SLA_MONTH_HOURS`], then a last shorter
/// one when the horizon does not divide evenly; each as (start, end) hours.
pub fn sla_months(horizon: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < horizon - 1e-9 {
        let end = (t + SLA_MONTH_HOURS).min(horizon);
        out.push((t, end));
        t = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
[model]
name = "m"
currency = "EUR"

[[zone]]
name = "az-a"
failure = { dist = "exponential", mean_hours = 87600 }
repair = { dist = "exponential", mean_hours = 2 }
cost = { fixed_year = 1000 }

[[component]]
name = "web"
replicas = 3
min_up = 2
zones = ["az-a"]
failure = { dist = "exponential", mean_hours = 1000 }
repair = { dist = "exponential", mean_hours = 1 }
detect = { dist = "lognormal", median_hours = 0.1, sigma = 1 }
cost = { per_replica_year = 4200, fixed_year = 500 }
challenge = "Scalability Issues"

[[service]]
name = "shop"
requires = ["web"]
downtime_cost = { per_hour = 336000 }
revenue = { conversion = 0.025, order_value = 110, recapture = 0.3 }

[[sla]]
name = "shop_sla"
service = "shop"
monthly_fee = 10000
credits = [{ below = 0.9999, credit = 0.10 }, { below = 0.99, credit = 0.30 }, { below = 0.95, credit = 1.00 }]
"#;

    #[test]
    fn money_keys_are_read() {
        let plan = crate::load::plan_from_str(SRC, "m.toml").expect("valid");
        let m = plan.model();
        assert_eq!(m.model.currency(), "EUR");
        assert_eq!(infrastructure_year(m), 3.0 * 4200.0 + 500.0 + 1000.0);
        let s = &m.services[0];
        assert_eq!(s.downtime_cost.map(|d| d.per_hour), Some(336_000.0));
        let r = s.revenue.expect("revenue");
        assert!((r.per_lost_request() - 0.025 * 110.0 * 0.7).abs() < 1e-12);
        let sla = &m.slas[0];
        assert_eq!(sla.scope, SlaScope::Service("shop".into()));
        assert_eq!(sla.direction, SlaDirection::Paid);
        assert_eq!(sla.credit_share(0.99995), 0.0);
        assert_eq!(sla.credit_share(0.9995), 0.10);
        assert_eq!(sla.credit_share(0.98), 0.30);
        assert_eq!(sla.credit_share(0.5), 1.00);
        assert!(m.components[0].detect.is_some());
        assert_eq!(
            m.components[0].challenge.as_deref(),
            Some("Scalability Issues")
        );
    }

    #[test]
    fn bad_money_is_reported_with_what_is_allowed() {
        let bad = SRC
            .replace("\"EUR\"", "\"euro\"")
            .replace("per_replica_year = 4200", "per_replica_year = -1")
            .replace("recapture = 0.3", "recapture = 3")
            .replace("service = \"shop\"\nmonthly", "service = \"shp\"\nmonthly")
            .replace("credit = 0.30", "credit = 30");
        let e = crate::load::plan_from_str(&bad, "m.toml")
            .expect_err("invalid")
            .to_string();
        for part in [
            "model.currency: must be a three-letter ISO 4217 code",
            "cost.per_replica_year: must be an amount >= 0, found -1",
            "revenue.recapture: must be a share from 0 to 1, found 3",
            "sla \"shop_sla\".service: unknown service `shp`; did you mean `shop`?",
            "credits.credit: must be a share from 0 to 1, found 30",
        ] {
            assert!(e.contains(part), "missing `{part}` in:\n{e}");
        }
        let e = crate::load::plan_from_str(&SRC.replace("monthly_fee = 10000\n", ""), "m.toml")
            .expect_err("no fee")
            .to_string();
        assert!(e.contains("monthly_fee: is required"), "{e}");
    }

    #[test]
    fn months_cover_the_horizon() {
        assert_eq!(sla_months(8760.0).len(), 12);
        let m = sla_months(1000.0);
        assert_eq!(m, vec![(0.0, 730.0), (730.0, 1000.0)]);
    }
}
