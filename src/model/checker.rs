//! Collecting validation problems with the position of the key they concern.

use super::names::Names;
use super::{Diagnostic, Spans};

/// The problems found so far in one model.
#[derive(Debug, Default)]
pub(super) struct Checker {
    pub(super) diags: Vec<Diagnostic>,
}

impl Checker {
    /// Report a problem with `key` (its full path in messages) of a table with `spans`;
    /// `key_in_table` locates it in the file.
    pub(super) fn err(
        &mut self,
        spans: &Spans,
        key_in_table: &str,
        key: String,
        message: impl Into<String>,
    ) {
        self.diags.push(Diagnostic {
            pos: spans.of(key_in_table),
            key,
            message: message.into(),
        });
    }

    /// Resolve the names listed under `key` of table `label` in namespace `names`, reporting
    /// unknown and repeated ones.
    pub(super) fn refs(
        &mut self,
        names: &Names,
        list: &[String],
        spans: &Spans,
        key: &str,
        label: &str,
    ) -> Vec<usize> {
        let (idx, problems) = names.resolve(list);
        for p in problems {
            self.err(spans, key, format!("{label}.{key}"), p);
        }
        idx
    }

    /// Report each problem of a distribution's parameters.
    pub(super) fn dist(
        &mut self,
        spans: &Spans,
        label: &str,
        key: &str,
        d: &super::Dist,
        role: super::dist::Role,
    ) {
        for (param, msg) in d.check(role) {
            let k = format!("{key}.{param}");
            self.err(spans, &k, format!("{label}.{k}"), msg);
        }
    }
}
