//! The kinds of tables an edit path can name, the keys each allows and the lists of names
//! that refer to other tables (followed by renames and removals).

use serde::{Deserialize, Serialize};

/// A kind of table in a model or scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// `[model]` (one per file).
    Model,
    /// `[[component]]`.
    Component,
    /// `[[group]]`.
    Group,
    /// `[[service]]`.
    Service,
    /// `[[zone]]`.
    Zone,
    /// `[[region]]`.
    Region,
    /// `[[common_cause]]`.
    CommonCause,
    /// `[[sla]]`.
    Sla,
    /// `[scenario]` of a scenario file (one per file).
    Scenario,
    /// `[[peak]]` of a scenario file.
    Peak,
}

/// Which file a kind lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A model file.
    Model,
    /// A scenario file.
    Scenario,
}

/// A list (or string) key whose names refer to tables of other kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The table kind holding the key.
    pub holder: Kind,
    /// The key (`depends_on`).
    pub key: &'static str,
    /// The kinds whose names it may hold.
    pub targets: &'static [Kind],
}

/// Every reference between tables of a model file.
pub const REFERENCES: [Reference; 8] = [
    Reference {
        holder: Kind::Component,
        key: "depends_on",
        targets: &[Kind::Component, Kind::Group],
    },
    Reference {
        holder: Kind::Group,
        key: "of",
        targets: &[Kind::Component, Kind::Group],
    },
    Reference {
        holder: Kind::Service,
        key: "requires",
        targets: &[Kind::Component, Kind::Group],
    },
    Reference {
        holder: Kind::CommonCause,
        key: "affects",
        targets: &[Kind::Component],
    },
    Reference {
        holder: Kind::Component,
        key: "zones",
        targets: &[Kind::Zone],
    },
    Reference {
        holder: Kind::Zone,
        key: "region",
        targets: &[Kind::Region],
    },
    Reference {
        holder: Kind::Sla,
        key: "service",
        targets: &[Kind::Service],
    },
    Reference {
        holder: Kind::Sla,
        key: "component",
        targets: &[Kind::Component],
    },
];

impl Kind {
    /// Every kind, model file first.
    pub const ALL: [Kind; 10] = [
        Kind::Model,
        Kind::Component,
        Kind::Group,
        Kind::Service,
        Kind::Zone,
        Kind::Region,
        Kind::CommonCause,
        Kind::Sla,
        Kind::Scenario,
        Kind::Peak,
    ];

    /// The key of its tables in the file (`component` for `[[component]]`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::Component => "component",
            Kind::Group => "group",
            Kind::Service => "service",
            Kind::Zone => "zone",
            Kind::Region => "region",
            Kind::CommonCause => "common_cause",
            Kind::Sla => "sla",
            Kind::Scenario => "scenario",
            Kind::Peak => "peak",
        }
    }

    /// The kind written as `key` in a file or path.
    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether a file has one table of this kind (`[model]`) rather than a list (`[[zone]]`).
    pub fn is_single(self) -> bool {
        matches!(self, Kind::Model | Kind::Scenario)
    }

    /// The file it belongs to.
    pub fn file(self) -> FileKind {
        match self {
            Kind::Scenario | Kind::Peak => FileKind::Scenario,
            _ => FileKind::Model,
        }
    }

    /// An example path, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Model => "model.horizon_hours",
            Kind::Component => "component.web.replicas",
            Kind::Group => "group.payments.min_up",
            Kind::Service => "service.checkout.load_share",
            Kind::Zone => "zone.az-a.failure.mean_hours",
            Kind::Region => "region.eu-west.repair.median_hours",
            Kind::CommonCause => "common_cause.bad_deploy.fraction",
            Kind::Sla => "sla.checkout_sla.monthly_fee",
            Kind::Scenario => "scenario.average_rps",
            Kind::Peak => "peak.\"Black Friday\".multiplier",
        }
    }

    /// The keys its tables allow, as the file reader accepts them.
    pub fn keys(self) -> &'static [&'static str] {
        use crate::model::keys;
        match self {
            Kind::Model => &keys::MODEL,
            Kind::Component => &keys::COMPONENT,
            Kind::Group => &keys::GROUP,
            Kind::Service => &keys::SERVICE,
            Kind::Zone => &keys::ZONE,
            Kind::Region => &keys::REGION,
            Kind::CommonCause => &keys::COMMON_CAUSE,
            Kind::Sla => &keys::SLA,
            Kind::Scenario => &crate::scenario::SCENARIO_KEYS,
            Kind::Peak => &crate::scenario::PEAK_KEYS,
        }
    }

    /// Kinds whose names share one namespace with this kind's (components and groups; zones
    /// and regions).
    pub fn namespace(self) -> &'static [Kind] {
        match self {
            Kind::Component | Kind::Group => &[Kind::Component, Kind::Group],
            Kind::Zone | Kind::Region => &[Kind::Zone, Kind::Region],
            Kind::Model => &[Kind::Model],
            Kind::Service => &[Kind::Service],
            Kind::CommonCause => &[Kind::CommonCause],
            Kind::Sla => &[Kind::Sla],
            Kind::Scenario => &[Kind::Scenario],
            Kind::Peak => &[Kind::Peak],
        }
    }

    /// Human name of one table ("component", "common cause").
    pub fn noun(self) -> &'static str {
        match self {
            Kind::CommonCause => "common cause",
            Kind::Sla => "SLA",
            k => k.key(),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Keys of a table that are themselves small tables with fixed keys (not distributions).
pub fn subkeys(kind: Kind, key: &str) -> Option<&'static [&'static str]> {
    use crate::model::keys;
    match (kind, key) {
        (Kind::Component, "failover") => Some(&keys::FAILOVER),
        (Kind::Component, "usl") => Some(&keys::USL),
        (Kind::Component, "cost") => Some(&keys::COMPONENT_COST),
        (Kind::Zone | Kind::Region, "cost") => Some(&keys::FIXED_COST),
        (Kind::Service, "downtime_cost") => Some(&keys::DOWNTIME_COST),
        (Kind::Service, "revenue") => Some(&keys::REVENUE),
        _ => None,
    }
}

/// Keys of a table that hold a distribution (`failure`, `repair`, `detect`).
pub fn is_distribution(kind: Kind, key: &str) -> bool {
    match kind {
        Kind::Component | Kind::CommonCause => matches!(key, "failure" | "repair" | "detect"),
        Kind::Zone | Kind::Region => matches!(key, "failure" | "repair"),
        _ => false,
    }
}

/// Whether the key at `keys` holds a whole number (replica counts, `min_up`, `workers`, zone
/// counts, a peak's hours): scaling rounds it. Other numbers scale exactly, even when the file
/// writes them without a decimal point.
pub fn is_whole_number(kind: Kind, keys: &[String]) -> bool {
    matches!(
        (kind, keys.first().map(String::as_str), keys.len()),
        (Kind::Component, Some("replicas" | "min_up" | "workers"), 1)
            | (Kind::Component, Some("zones"), 2)
            | (Kind::Group, Some("min_up"), 1)
            | (Kind::Peak, Some("duration_hours"), 1)
    )
}
