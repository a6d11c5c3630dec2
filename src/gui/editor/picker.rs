//! A searchable picker of names for long lists (a service's `requires` on a 500-component
//! model): a filter box, the count chosen, the chosen names first, then the others that match
//! the filter, at most [`SHOWN`] of them at once.

use egui::RichText;

/// Most unchosen names listed at once; the rest are reached by typing in the filter.
pub(crate) const SHOWN: usize = 40;

/// What the picker lists for `filter`: the chosen names that match first (in list order),
/// then the unchosen candidates that match (in candidate order, at most [`SHOWN`]), and how
/// many unchosen matches were left out. Matching is case-insensitive on any part of a name.
pub(crate) fn listed<'a>(
    candidates: &[&'a str],
    current: &'a [String],
    filter: &str,
) -> (Vec<&'a str>, Vec<&'a str>, usize) {
    let f = filter.trim().to_lowercase();
    let hit = |n: &str| f.is_empty() || n.to_lowercase().contains(&f);
    let chosen: Vec<&str> = current
        .iter()
        .map(String::as_str)
        .filter(|n| hit(n))
        .collect();
    let others: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|n| !current.iter().any(|c| c == n) && hit(n))
        .collect();
    let left = others.len().saturating_sub(SHOWN);
    (chosen, others.into_iter().take(SHOWN).collect(), left)
}

/// The picker of field `field` (its label `what`); the new list when a box was ticked or
/// cleared. `filter` is the picker's own filter text.
pub(crate) fn picker_ui(
    ui: &mut egui::Ui,
    what: &str,
    filter: &mut String,
    candidates: &[&str],
    current: &[String],
) -> Option<Vec<String>> {
    let mut list = current.to_vec();
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label(format!("{} of {} chosen", current.len(), candidates.len()));
        let label = format!("filter {what}");
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text("type to filter")
                .desired_width(160.0),
        )
        .labelled_by(ui.label(RichText::new(label).weak()).id);
        if !filter.is_empty() && ui.small_button("clear").clicked() {
            filter.clear();
        }
    });
    let (chosen, others, left) = listed(candidates, current, filter);
    let mut tick = |ui: &mut egui::Ui, n: &str, on_now: bool| {
        let mut on = on_now;
        if ui.checkbox(&mut on, n).changed() {
            changed = true;
            if on {
                list.push(n.to_string());
            } else {
                list.retain(|x| x != n);
            }
        }
    };
    egui::ScrollArea::vertical()
        .id_salt(("picker", what))
        .max_height(220.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for n in &chosen {
                    tick(ui, n, true);
                }
            });
            if !chosen.is_empty() && !others.is_empty() {
                ui.separator();
            }
            ui.horizontal_wrapped(|ui| {
                for n in &others {
                    tick(ui, n, false);
                }
            });
            if left > 0 {
                ui.label(RichText::new(format!("… {left} more: type to filter")).weak());
            }
            if chosen.is_empty() && others.is_empty() {
                let text = if candidates.is_empty() {
                    "(nothing else to choose)".to_string()
                } else {
                    format!("nothing matches “{}”", filter.trim())
                };
                ui.label(RichText::new(text).weak());
            }
        });
    changed.then_some(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_first_filtered_and_capped() {
        let names: Vec<String> = (0..100).map(|i| format!("svc-{i:03}")).collect();
        let cands: Vec<&str> = names.iter().map(String::as_str).collect();
        let current = vec!["svc-050".to_string(), "svc-007".to_string()];
        let (chosen, others, left) = listed(&cands, &current, "");
        assert_eq!(chosen, ["svc-050", "svc-007"]);
        assert_eq!(others.len(), SHOWN);
        assert_eq!(others[0], "svc-000");
        assert!(!others.contains(&"svc-007"));
        assert_eq!(left, 98 - SHOWN);
        let (chosen, others, left) = listed(&cands, &current, " SVC-05");
        assert_eq!(chosen, ["svc-050"]);
        assert_eq!(others.len(), 9);
        assert_eq!(left, 0);
    }
}
