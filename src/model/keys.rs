//! The keys each table of a model file allows: one list per table, read by the file reader
//! and by path-addressed edits alike, so both accept and refuse the same keys.

/// Tables allowed at the top of a model file.
pub const ROOT: [&str; 8] = [
    "model",
    "component",
    "group",
    "service",
    "zone",
    "region",
    "common_cause",
    "sla",
];
/// Keys of `[model]`.
pub const MODEL: [&str; 4] = ["name", "description", "horizon_hours", "currency"];
/// Keys of `[[component]]`.
pub const COMPONENT: [&str; 14] = [
    "name",
    "replicas",
    "min_up",
    "failure",
    "repair",
    "detect",
    "depends_on",
    "zones",
    "failover",
    "capacity_rps",
    "workers",
    "usl",
    "cost",
    "challenge",
];
/// Keys of `[[group]]`.
pub const GROUP: [&str; 3] = ["name", "of", "min_up"];
/// Keys of `[[service]]`.
pub const SERVICE: [&str; 6] = [
    "name",
    "requires",
    "load_share",
    "latency_p95_ms",
    "downtime_cost",
    "revenue",
];
/// Keys of `[[zone]]`.
pub const ZONE: [&str; 6] = ["name", "failure", "repair", "region", "cost", "challenge"];
/// Keys of `[[region]]`.
pub const REGION: [&str; 5] = ["name", "failure", "repair", "cost", "challenge"];
/// Keys of `[[common_cause]]`.
pub const COMMON_CAUSE: [&str; 7] = [
    "name",
    "affects",
    "failure",
    "repair",
    "detect",
    "fraction",
    "challenge",
];
/// Keys of `[[sla]]`.
pub const SLA: [&str; 6] = [
    "name",
    "service",
    "component",
    "monthly_fee",
    "credits",
    "direction",
];
/// Keys of a component's `failover = { … }`.
pub const FAILOVER: [&str; 2] = ["seconds", "success"];
/// Keys of a component's `usl = { … }`.
pub const USL: [&str; 2] = ["contention", "coherency"];
/// Keys of a component's `cost = { … }`.
pub const COMPONENT_COST: [&str; 2] = ["per_replica_year", "fixed_year"];
/// Keys of a zone's or region's `cost = { … }`.
pub const FIXED_COST: [&str; 1] = ["fixed_year"];
/// Keys of a service's `downtime_cost = { … }`.
pub const DOWNTIME_COST: [&str; 1] = ["per_hour"];
/// Keys of a service's `revenue = { … }`.
pub const REVENUE: [&str; 3] = ["conversion", "order_value", "recapture"];
