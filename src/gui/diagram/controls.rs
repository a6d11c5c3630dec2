//! The diagram's controls: find box with its matches, filters, collapse menu and zoom
//! buttons.

use super::{DiagramAction, DiagramInput, DiagramState, Filter};
use crate::edit::Kind;
use egui::{Key, RichText};

/// Most find matches listed.
const MAX_HITS: usize = 12;

/// Camera requests from the buttons, applied once the canvas size is known.
#[derive(Debug, Default)]
pub(super) struct Controls {
    /// "fit" was pressed.
    pub fit: bool,
    /// A zoom button was pressed: the factor.
    pub zoom_by: Option<f32>,
}

/// Find matches of `text` among the graph's nodes: names containing it (case-insensitive),
/// those starting with it first.
fn matches(g: &super::Graph, text: &str) -> Vec<usize> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(bool, usize, usize)> = g
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let name = n.name.to_lowercase();
            name.find(&t).map(|at| (at != 0, name.len(), i))
        })
        .collect();
    hits.sort_unstable();
    hits.into_iter().map(|(_, _, i)| i).collect()
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Component => "component",
        Kind::Group => "group",
        Kind::Service => "service",
        Kind::CommonCause => "common cause",
        other => other.noun(),
    }
}

/// Start a jump to node `i`: clear a filter that hides it, open a box that holds it.
fn jump(state: &mut DiagramState, i: usize, input: &DiagramInput, out: &mut Vec<DiagramAction>) {
    let Some((_, g)) = &state.graph else { return };
    let key = g.nodes[i].key.clone();
    if let Some((_, s)) = &state.scene {
        match s.unit_of.get(i).copied().flatten() {
            None => state.filter = Filter::All,
            Some(u) if s.units[u].key != key => {
                out.push(DiagramAction::Expand(s.units[u].key.clone()));
            }
            Some(_) => {}
        }
    }
    // A box of the whole view may hold it too once the filter is cleared.
    for c in &input.saved.collapsed {
        let holds = match c.strip_prefix("z:") {
            Some(z) => g
                .zones
                .iter()
                .position(|d| d.name == z)
                .is_some_and(|zi| g.nodes[i].zones.contains(&zi)),
            None => g
                .find_key(c)
                .is_some_and(|gi| gi == i || g.members(gi).contains(&i)),
        };
        if holds && !out.contains(&DiagramAction::Expand(c.clone())) {
            out.push(DiagramAction::Expand(c.clone()));
        }
    }
    state.jump_to(&key);
}

pub(super) fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut DiagramState,
    input: &DiagramInput,
    out: &mut Vec<DiagramAction>,
) -> Controls {
    let mut c = Controls::default();
    let mut pick: Option<usize> = None;
    ui.horizontal(|ui| {
        let edit = egui::TextEdit::singleline(&mut state.find)
            .hint_text("🔍 find a node…")
            .desired_width(180.0)
            .id_salt("diagram-find");
        let resp = ui
            .add(edit)
            .on_hover_text("type part of a name; Enter jumps to the first match");
        if let Some((_, g)) = &state.graph
            && state.hits.0 != state.find
        {
            state.hits = (state.find.clone(), matches(g, &state.find));
        }
        if resp.changed() {
            state.hits_open = true;
        }
        let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if enter {
            pick = state.hits.1.first().copied();
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            state.hits_open = false;
        }
        if state.hits_open && !state.find.trim().is_empty() {
            let hits = &state.hits.1;
            egui::Area::new(ui.id().with("find-hits"))
                .order(egui::Order::Foreground)
                .fixed_pos(resp.rect.left_bottom() + egui::vec2(0.0, 2.0))
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_min_width(260.0);
                        if hits.is_empty() {
                            ui.label(RichText::new("no node has that in its name").weak());
                        }
                        if let Some((_, g)) = &state.graph {
                            for &i in hits.iter().take(MAX_HITS) {
                                let n = &g.nodes[i];
                                let text = format!("{}  ·  {}", n.name, kind_word(n.kind));
                                if ui.selectable_label(false, text).clicked() {
                                    pick = Some(i);
                                }
                            }
                            if hits.len() > MAX_HITS {
                                ui.label(
                                    RichText::new(format!("… {} more", hits.len() - MAX_HITS))
                                        .weak(),
                                );
                            }
                        }
                    });
                });
        }
        if !state.find.is_empty() && ui.small_button("×").on_hover_text("clear").clicked() {
            state.find.clear();
            state.hits_open = false;
        }
        ui.separator();
        filter_ui(ui, state);
        collapse_ui(ui, state, input, out);
        ui.separator();
        if ui.button("−").on_hover_text("zoom out").clicked() {
            c.zoom_by = Some(1.0 / 1.25);
        }
        if ui.button("+").on_hover_text("zoom in").clicked() {
            c.zoom_by = Some(1.25);
        }
        if ui
            .button("fit")
            .on_hover_text("show the whole diagram")
            .clicked()
        {
            c.fit = true;
        }
        if ui
            .small_button("reset layout")
            .on_hover_text("forget dragged positions and the zoom of this view")
            .clicked()
        {
            out.push(DiagramAction::ResetLayout(state.filter.context()));
        }
    });
    if let Some(i) = pick {
        state.hits_open = false;
        jump(state, i, input, out);
    }
    c
}

fn filter_ui(ui: &mut egui::Ui, state: &mut DiagramState) {
    let Some((_, g)) = &state.graph else { return };
    let current = match &state.filter {
        Filter::All => "everything".to_string(),
        Filter::Service(s) => format!("what {s} needs"),
        Filter::Zone(z) => format!("zone {z}"),
    };
    let mut chosen = None;
    egui::ComboBox::from_id_salt("diagram-filter")
        .selected_text(current)
        .height(400.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(state.filter == Filter::All, "everything")
                .clicked()
            {
                chosen = Some(Filter::All);
            }
            ui.label(RichText::new("what a service needs").weak().small());
            for n in g.nodes.iter().filter(|n| n.kind == Kind::Service) {
                let f = Filter::Service(n.name.clone());
                if ui
                    .selectable_label(state.filter == f, format!("needs of {}", n.name))
                    .clicked()
                {
                    chosen = Some(f);
                }
            }
            if !g.zones.is_empty() {
                ui.label(RichText::new("what runs in a zone").weak().small());
            }
            for z in &g.zones {
                let f = Filter::Zone(z.name.clone());
                if ui
                    .selectable_label(state.filter == f, format!("in zone {}", z.name))
                    .clicked()
                {
                    chosen = Some(f);
                }
            }
        })
        .response
        .on_hover_text("show only what one service needs, or what runs in one zone");
    if state.filter != Filter::All && ui.small_button("× clear filter").clicked() {
        chosen = Some(Filter::All);
    }
    if let Some(f) = chosen {
        state.filter = f;
    }
}

fn collapse_ui(
    ui: &mut egui::Ui,
    state: &DiagramState,
    input: &DiagramInput,
    out: &mut Vec<DiagramAction>,
) {
    let Some((_, g)) = &state.graph else { return };
    let collapsed = &input.saved.collapsed;
    let label = if collapsed.is_empty() {
        "collapse…".to_string()
    } else {
        format!("collapse… ({})", collapsed.len())
    };
    ui.menu_button(label, |ui| {
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                if !collapsed.is_empty() && ui.button("expand all").clicked() {
                    out.push(DiagramAction::ExpandAll);
                }
                let groups = g.nodes.iter().filter(|n| n.kind == Kind::Group);
                let items = groups
                    .map(|n| (n.key.clone(), format!("{} (group)", n.name)))
                    .chain(
                        g.zones
                            .iter()
                            .map(|z| (format!("z:{}", z.name), format!("{} (zone)", z.name))),
                    );
                for (key, text) in items {
                    let mut on = collapsed.contains(&key);
                    if ui.checkbox(&mut on, text).changed() {
                        out.push(if on {
                            DiagramAction::Collapse(key)
                        } else {
                            DiagramAction::Expand(key)
                        });
                    }
                }
            });
    })
    .response
    .on_hover_text("fold a group with its members, or a zone's components, into one box");
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn matches_prefer_names_that_start_with_the_text() {
        let plan = crate::load::plan_from_str(crate::gui::DEFAULT_MODEL, "default").expect("valid");
        let g = super::super::graph(plan.model());
        let names: Vec<&str> = matches(&g, "CA")
            .into_iter()
            .map(|i| g.nodes[i].name.as_str())
            .collect();
        assert_eq!(names[..3], ["cart", "cache", "catalog"]);
        assert!(matches(&g, "  ").is_empty());
    }
}
