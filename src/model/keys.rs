//! The keys each table of a model file allows: one list per table, read by the file reader
//! and by path-addressed edits alike, so both accept and refuse the same keys.

/// Tables allowed at the top of a model file.
pub const ROOT: [&str; 7] = [
    "model",
    "component",
    "group",
    "service",
    "zone",
    "region",
    "common_cause",
];
/// Keys of `[model]`.
pub const MODEL: [&str; 3] = ["name", "description", "horizon_hours"];
/// Keys of `[[component]]`.
pub const COMPONENT: [&str; 11] = [
    "name",
    "replicas",
    "min_up",
    "failure",
    "repair",
    "depends_on",
    "zones",
    "failover",
    "capacity_rps",
    "workers",
    "usl",
];
/// Keys of `[[group]]`.
pub const GROUP: [&str; 3] = ["name", "of", "min_up"];
/// Keys of `[[service]]`.
pub const SERVICE: [&str; 4] = ["name", "requires", "load_share", "latency_p95_ms"];
/// Keys of `[[zone]]`.
pub const ZONE: [&str; 4] = ["name", "failure", "repair", "region"];
/// Keys of `[[region]]`.
pub const REGION: [&str; 3] = ["name", "failure", "repair"];
/// Keys of `[[common_cause]]`.
pub const COMMON_CAUSE: [&str; 5] = ["name", "affects", "failure", "repair", "fraction"];
/// Keys of a component's `failover = { … }`.
pub const FAILOVER: [&str; 2] = ["seconds", "success"];
/// Keys of a component's `usl = { … }`.
pub const USL: [&str; 2] = ["contention", "coherency"];
