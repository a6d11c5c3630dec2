//! The editor of the selected node (or of the whole model when none is selected): every
//! change is written into the TOML text with toml_edit; invalid input is shown beside the
//! field and never applied, so nothing typed is lost and the model stays whole.

use super::App;
use super::edit::{self, Kind, number};
use crate::model::dist::{DIST_NAMES, Role};
use crate::model::{Component, Dist, MAX_REPLICAS, Model};
use egui::{Color32, RichText};

const ERROR: Color32 = Color32::from_rgb(214, 39, 40);

fn inline_error(ui: &mut egui::Ui, msg: &str) {
    ui.label(RichText::new(format!("⚠ {msg}")).color(ERROR).small());
}

/// Problems the model text has for one node (`component "web"` …) and, optionally, one key.
fn node_problems(app: &App, label: &str, key: Option<&str>) -> Vec<String> {
    let Some(e) = &app.doc.errors else {
        return Vec::new();
    };
    e.diagnostics
        .iter()
        .filter(|d| {
            d.key.starts_with(label)
                && key.is_none_or(|k| d.key[label.len()..].trim_start_matches('.').starts_with(k))
        })
        .map(|d| d.message.clone())
        .collect()
}

pub(super) fn apply(
    app: &mut App,
    field: &str,
    f: impl FnOnce(&mut toml_edit::DocumentMut) -> Result<(), String>,
) {
    if let Err(e) = app.doc.edit(field, f) {
        app.status = Some((e, true));
    }
}

/// A name field that renames on each valid keystroke.
fn name_ui(
    app: &mut App,
    ui: &mut egui::Ui,
    model: &Model,
    kind: Kind,
    index: usize,
    current: &str,
) {
    let id = format!("name:{kind:?}:{index}");
    let mut text = app
        .field_text
        .get(&id)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    ui.horizontal(|ui| {
        ui.label("name");
        let r = ui.add(egui::TextEdit::singleline(&mut text).desired_width(180.0));
        if r.changed() {
            let taken = match kind {
                Kind::Service => model.services.iter().any(|s| s.name == text),
                Kind::CommonCause => model.common_causes.iter().any(|s| s.name == text),
                _ => {
                    model.components.iter().any(|c| c.name == text)
                        || model.groups.iter().any(|g| g.name == text)
                }
            };
            let valid = !text.is_empty()
                && text.len() <= 64
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if valid && (!taken || text == current) {
                let new = text.clone();
                apply(app, &id, |d| edit::rename(d, kind, index, &new));
                app.field_text.remove(&id);
            } else {
                app.field_text.insert(id.clone(), text.clone());
            }
        }
    });
    if let Some(t) = app.field_text.get(&id) {
        if t != current {
            let taken = t != current
                && (model.components.iter().any(|c| &c.name == t)
                    || model.groups.iter().any(|g| &g.name == t)
                    || model.services.iter().any(|s| &s.name == t));
            inline_error(
                ui,
                if taken {
                    "this name is already used"
                } else {
                    "use 1 to 64 letters, digits, `_` or `-`"
                },
            );
        } else {
            app.field_text.remove(&id);
        }
    }
}

/// Editor for the selected node or the model.
pub(crate) fn editor_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(model) = app.doc.model().cloned() else {
        ui.label("Fix the file in the Text view first.");
        return;
    };
    match app.selected {
        Some((Kind::Component, i)) if i < model.components.len() => {
            component_ui(app, ui, &model, i)
        }
        Some((Kind::Group, i)) if i < model.groups.len() => group_ui(app, ui, &model, i),
        Some((Kind::Service, i)) if i < model.services.len() => service_ui(app, ui, &model, i),
        Some((Kind::CommonCause, i)) if i < model.common_causes.len() => {
            cause_ui(app, ui, &model, i)
        }
        _ => model_settings_ui(app, ui, &model),
    }
}

fn model_settings_ui(app: &mut App, ui: &mut egui::Ui, model: &Model) {
    ui.heading("Model");
    ui.label(RichText::new("Click a box in the diagram to edit it.").weak());
    ui.add_space(6.0);
    let mut name = model.model.name.clone();
    ui.horizontal(|ui| {
        ui.label("name");
        if ui.text_edit_singleline(&mut name).changed() && !name.trim().is_empty() {
            let n = name.clone();
            apply(app, "model.name", |d| {
                edit::set_model_value(d, "name", n.as_str().into())
            });
        }
    });
    let mut h = model.model.horizon_hours;
    ui.horizontal(|ui| {
        ui.label("horizon (hours)");
        if ui
            .add(
                egui::DragValue::new(&mut h)
                    .range(1.0..=crate::model::MAX_HORIZON_HOURS)
                    .speed(24.0),
            )
            .changed()
        {
            apply(app, "model.horizon_hours", |d| {
                edit::set_model_value(d, "horizon_hours", number(h))
            });
        }
        ui.label(RichText::new(format!("= {:.2} years", h / 8760.0)).weak());
    });
    ui.separator();
    ui.label(format!(
        "{} · {} · {}",
        crate::text::count(model.components.len(), "component"),
        crate::text::count(model.groups.len(), "group"),
        crate::text::count(model.services.len(), "service")
    ));
    ui.horizontal_wrapped(|ui| {
        if ui.button("+ component").clicked() {
            let name = fresh_name(model, "component");
            let mut idx = 0;
            apply(app, "add", |d| {
                idx = edit::add(d, Kind::Component, &name, None);
                Ok(())
            });
            app.selected = Some((Kind::Component, idx));
        }
        let first = model.components.first().map(|c| c.name.clone());
        if ui.button("+ group").clicked() {
            let name = fresh_name(model, "group");
            let mut idx = 0;
            apply(app, "add", |d| {
                idx = edit::add(d, Kind::Group, &name, first.as_deref());
                Ok(())
            });
            app.selected = Some((Kind::Group, idx));
        }
        if ui.button("+ service").clicked() {
            let name = fresh_name(model, "service");
            let mut idx = 0;
            apply(app, "add", |d| {
                idx = edit::add(d, Kind::Service, &name, first.as_deref());
                Ok(())
            });
            app.selected = Some((Kind::Service, idx));
        }
    });
    if !model.model.description.is_empty() {
        ui.separator();
        ui.label(RichText::new(&model.model.description).weak());
    }
}

fn fresh_name(model: &Model, base: &str) -> String {
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| {
            !model.components.iter().any(|c| &c.name == n)
                && !model.groups.iter().any(|g| &g.name == n)
                && !model.services.iter().any(|s| &s.name == n)
        })
        .unwrap_or_else(|| base.to_string())
}

fn header(app: &mut App, ui: &mut egui::Ui, what: &str, kind: Kind, index: usize) {
    ui.horizontal(|ui| {
        ui.heading(what);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("🗑 delete")
                .on_hover_text("Delete it and every reference to it (undo with Ctrl+Z)")
                .clicked()
            {
                apply(app, "delete", |d| edit::delete(d, kind, index));
                app.selected = None;
            }
            if ui
                .button("close")
                .on_hover_text("Close the editor")
                .clicked()
            {
                app.selected = None;
            }
        });
    });
}

fn component_ui(app: &mut App, ui: &mut egui::Ui, model: &Model, i: usize) {
    let c: Component = model.components[i].clone();
    let label = format!("component \"{}\"", c.name);
    header(app, ui, "Component", Kind::Component, i);
    name_ui(app, ui, model, Kind::Component, i, &c.name);
    let mut replicas = c.replicas;
    ui.horizontal(|ui| {
        ui.label("replicas");
        if ui
            .add(egui::DragValue::new(&mut replicas).range(1..=MAX_REPLICAS))
            .changed()
        {
            let k = c.min_up.map(|k| k.min(replicas));
            apply(app, &format!("{label}.replicas"), |d| {
                edit::set_value(
                    d,
                    Kind::Component,
                    i,
                    "replicas",
                    Some(i64::from(replicas).into()),
                )?;
                if let Some(k) = k {
                    edit::set_value(d, Kind::Component, i, "min_up", Some(i64::from(k).into()))?;
                }
                Ok(())
            });
        }
    });
    let mut all = c.min_up.is_none();
    let mut k = c.k();
    ui.horizontal(|ui| {
        ui.label("min_up");
        let changed_all = ui
            .checkbox(&mut all, "all")
            .on_hover_text("every replica is needed")
            .changed();
        let changed_k = ui
            .add_enabled(
                !all,
                egui::DragValue::new(&mut k).range(1..=c.replicas.max(1)),
            )
            .changed();
        ui.label(
            RichText::new(format!(
                "{} of {} must be up",
                if all { c.replicas } else { k },
                c.replicas
            ))
            .weak(),
        );
        if changed_all || changed_k {
            let v = (!all).then(|| i64::from(k).into());
            apply(app, &format!("{label}.min_up"), |d| {
                edit::set_value(d, Kind::Component, i, "min_up", v)
            });
        }
    });
    for m in node_problems(app, &label, Some("replicas"))
        .iter()
        .chain(node_problems(app, &label, Some("min_up")).iter())
    {
        inline_error(ui, m);
    }
    ui.separator();
    dist_ui(app, ui, i, "failure", &c.failure, Role::Failure, &label);
    ui.separator();
    dist_ui(app, ui, i, "repair", &c.repair, Role::Repair, &label);
    ui.separator();
    let own = c.failure.mean_hours() / (c.failure.mean_hours() + c.repair.mean_hours());
    ui.label(
        RichText::new(format!(
            "one replica is up {:.5} % of the time (steady state)",
            own * 100.0
        ))
        .weak(),
    );
    ui.separator();
    super::editor_extra::component_extras_ui(app, ui, &c, i, &label);
    ui.separator();
    ui.label(RichText::new("depends on").strong());
    let candidates: Vec<String> = model
        .components
        .iter()
        .map(|x| x.name.clone())
        .chain(model.groups.iter().map(|g| g.name.clone()))
        .filter(|n| *n != c.name)
        .collect();
    names_ui(
        app,
        ui,
        &candidates,
        &c.depends_on,
        |d, list| edit::set_value(d, Kind::Component, i, "depends_on", Some(edit::names(list))),
        &format!("{label}.depends_on"),
    );
    for m in node_problems(app, &label, Some("depends_on")) {
        inline_error(ui, &m);
    }
}

fn names_ui(
    app: &mut App,
    ui: &mut egui::Ui,
    candidates: &[String],
    current: &[String],
    set: impl FnOnce(&mut toml_edit::DocumentMut, &[String]) -> Result<(), String>,
    field: &str,
) {
    let mut list = current.to_vec();
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for n in candidates {
            let mut on = list.contains(n);
            if ui.checkbox(&mut on, n).changed() {
                changed = true;
                if on {
                    list.push(n.clone());
                } else {
                    list.retain(|x| x != n);
                }
            }
        }
        if candidates.is_empty() {
            ui.label(RichText::new("(nothing else to choose)").weak());
        }
    });
    if changed {
        apply(app, field, |d| set(d, &list));
    }
}

fn dist_ui(
    app: &mut App,
    ui: &mut egui::Ui,
    i: usize,
    key: &str,
    d: &Dist,
    role: Role,
    label: &str,
) {
    let what = if role == Role::Failure {
        "Time to failure"
    } else {
        "Time to repair"
    };
    ui.label(RichText::new(what).strong());
    let mut name = d.name().to_string();
    let combo = egui::ComboBox::from_id_salt(format!("{label}.{key}.dist"))
        .selected_text(&name)
        .show_ui(ui, |ui| {
            for n in DIST_NAMES {
                ui.selectable_value(&mut name, n.to_string(), n);
            }
        });
    if combo.response.changed() || name != d.name() {
        // Keep the mean when switching distribution.
        let mean = d.mean_hours();
        let new = match name.as_str() {
            "exponential" => Dist::Exponential { mean_hours: mean },
            "weibull" => Dist::Weibull {
                shape: 1.0,
                scale_hours: mean,
            },
            "lognormal" => Dist::Lognormal {
                median_hours: mean / (0.5f64).exp(),
                sigma: 1.0,
            },
            "gamma" => Dist::Gamma {
                shape: 2.0,
                scale_hours: mean / 2.0,
            },
            _ => Dist::Fixed { hours: mean },
        };
        apply(app, &format!("{label}.{key}.dist"), |doc| {
            edit::set_dist(doc, i, key, &new)
        });
        return;
    }
    let names = Dist::param_names(d.name()).unwrap_or(&[]);
    let mut values = d.params();
    let mut any_bad = None;
    let mut changed = false;
    egui::Grid::new(format!("{label}.{key}.grid"))
        .num_columns(2)
        .show(ui, |ui| {
            for (j, p) in names.iter().enumerate() {
                let id = format!("{label}.{key}.{p}");
                let mut text = app
                    .field_text
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("{}", values[j]));
                ui.label(*p);
                let r = ui.add(egui::TextEdit::singleline(&mut text).desired_width(110.0));
                if r.changed() {
                    match text.trim().parse::<f64>() {
                        Ok(v) => {
                            values[j] = v;
                            changed = true;
                        }
                        Err(_) => any_bad = Some(format!("{p}: `{text}` is not a number")),
                    }
                    app.field_text.insert(id.clone(), text.clone());
                } else if let Some(t) = app.field_text.get(&id)
                    && t.trim().parse::<f64>().ok() != Some(values[j])
                {
                    any_bad = Some(format!("{p}: `{t}` is not a valid value"));
                }
                ui.end_row();
            }
        });
    if changed && let Some(nd) = Dist::from_params(d.name(), &values) {
        let problems = nd.check(role);
        if problems.is_empty() {
            apply(app, &format!("{label}.{key}"), |doc| {
                edit::set_dist(doc, i, key, &nd)
            });
            for p in names {
                app.field_text.remove(&format!("{label}.{key}.{p}"));
            }
        } else {
            any_bad = Some(
                problems
                    .iter()
                    .map(|(k, m)| format!("{k} {m}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
    }
    if let Some(m) = any_bad {
        inline_error(ui, &format!("{m} (not applied)"));
    }
    for m in node_problems(app, label, Some(key)) {
        inline_error(ui, &m);
    }
    ui.label(
        RichText::new(format!(
            "mean {}",
            crate::report::hours_text(d.mean_hours())
        ))
        .weak(),
    );
    let chart = crate::report::charts::distribution(&format!("{what}: {}", d.name()), d);
    super::plot::chart_ui(ui, &format!("{label}.{key}.plot"), &chart, 110.0);
}

fn group_ui(app: &mut App, ui: &mut egui::Ui, model: &Model, i: usize) {
    let g = model.groups[i].clone();
    let label = format!("group \"{}\"", g.name);
    header(app, ui, "Group", Kind::Group, i);
    name_ui(app, ui, model, Kind::Group, i, &g.name);
    let mut k = g.min_up;
    ui.horizontal(|ui| {
        ui.label("min_up");
        if ui
            .add(egui::DragValue::new(&mut k).range(1..=g.of.len().max(1) as u32))
            .changed()
        {
            apply(app, &format!("{label}.min_up"), |d| {
                edit::set_value(d, Kind::Group, i, "min_up", Some(i64::from(k).into()))
            });
        }
        ui.label(
            RichText::new(format!(
                "{} of {} members must be available",
                g.min_up,
                g.of.len()
            ))
            .weak(),
        );
    });
    ui.label(RichText::new("members").strong());
    let candidates: Vec<String> = model
        .components
        .iter()
        .map(|x| x.name.clone())
        .chain(model.groups.iter().map(|x| x.name.clone()))
        .filter(|n| *n != g.name)
        .collect();
    let k_now = g.min_up;
    names_ui(
        app,
        ui,
        &candidates,
        &g.of,
        |d, list| {
            edit::set_value(d, Kind::Group, i, "of", Some(edit::names(list)))?;
            if k_now as usize > list.len() && !list.is_empty() {
                edit::set_value(
                    d,
                    Kind::Group,
                    i,
                    "min_up",
                    Some((list.len() as i64).into()),
                )?;
            }
            Ok(())
        },
        &format!("{label}.of"),
    );
    for m in node_problems(app, &label, None) {
        inline_error(ui, &m);
    }
}

fn service_ui(app: &mut App, ui: &mut egui::Ui, model: &Model, i: usize) {
    let s = model.services[i].clone();
    let label = format!("service \"{}\"", s.name);
    header(app, ui, "Service", Kind::Service, i);
    name_ui(app, ui, model, Kind::Service, i, &s.name);
    ui.label(RichText::new("requires").strong());
    let candidates: Vec<String> = model
        .components
        .iter()
        .map(|x| x.name.clone())
        .chain(model.groups.iter().map(|x| x.name.clone()))
        .collect();
    names_ui(
        app,
        ui,
        &candidates,
        &s.requires,
        |d, list| edit::set_value(d, Kind::Service, i, "requires", Some(edit::names(list))),
        &format!("{label}.requires"),
    );
    super::editor_extra::service_extras_ui(app, ui, &s, i, &label);
    for m in node_problems(app, &label, None) {
        inline_error(ui, &m);
    }
    if let Some(o) = app.last.as_ref().filter(|_| app.results_current())
        && let Some(r) = o.results.service(&s.name)
    {
        ui.separator();
        ui.label(format!(
            "simulated availability {}",
            super::toolbar::percent(r.availability.mean)
        ));
    }
}

fn cause_ui(app: &mut App, ui: &mut egui::Ui, model: &Model, i: usize) {
    let cc = model.common_causes[i].clone();
    let label = format!("common_cause \"{}\"", cc.name);
    header(app, ui, "Common cause", Kind::CommonCause, i);
    name_ui(app, ui, model, Kind::CommonCause, i, &cc.name);
    ui.label(format!(
        "about every {} an event takes down {} of each affected component's replicas for {} on average",
        crate::report::hours_text(cc.failure.mean_hours()),
        if cc.fraction >= 1.0 { "all".to_string() } else { format!("{:.0} %", cc.fraction * 100.0) },
        crate::report::hours_text(cc.repair.mean_hours())
    ));
    ui.label(RichText::new("affects").strong());
    let candidates: Vec<String> = model.components.iter().map(|x| x.name.clone()).collect();
    names_ui(
        app,
        ui,
        &candidates,
        &cc.affects,
        |d, list| edit::set_value(d, Kind::CommonCause, i, "affects", Some(edit::names(list))),
        &format!("{label}.affects"),
    );
    for m in node_problems(app, &label, None) {
        inline_error(ui, &m);
    }
    ui.label(
        RichText::new("Edit its time between events, duration and fraction in the Text view.")
            .weak(),
    );
}
