//! Diagram layout time on the synthetic platform (500 components by default): the layered
//! layout alone, and the whole scene build (boxes, layout, routed and flattened edges), as
//! median milliseconds over repeated runs.
//!
//! `cargo bench --bench layout` (NINES_BENCH_COMPONENTS and NINES_BENCH_SERVICES change the size).

use nines::gui::diagram::{Filter, graph, layout, scene};
use std::time::Instant;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let components = env("NINES_BENCH_COMPONENTS", 500);
    let services = env("NINES_BENCH_SERVICES", 50);
    let text = nines::model::synthetic::platform(1, components, services);
    let plan = nines::load::plan_from_str(&text, "synthetic").expect("valid model");
    let g = graph(plan.model());
    // Text widths as the workbench's proportional font roughly measures them.
    let mut width = |s: &str, size: f32| s.chars().count() as f32 * size * 0.56;
    let s = scene::build(&g, &Filter::All, &[], &mut width);
    let sizes: Vec<layout::NodeSize> = s
        .layout
        .sizes
        .iter()
        .zip(&s.units)
        .map(|(&[w, h], u)| layout::NodeSize {
            width: w,
            height: h,
            place: match u.kind {
                scene::UnitKind::Node(nines::edit::Kind::Service) => layout::Place::Top,
                scene::UnitKind::Node(nines::edit::Kind::CommonCause) => layout::Place::Bottom,
                _ => layout::Place::Auto,
            },
        })
        .collect();
    let edges: Vec<(usize, usize)> = s
        .edges
        .iter()
        .zip(&s.cause_edge)
        .map(|(&(a, b), &c)| if c { (b, a) } else { (a, b) })
        .collect();
    let p = layout::Params::default();
    let layout_ms = median_ms(15, || {
        std::hint::black_box(layout::layered(&sizes, &edges, &p));
    });
    let scene_ms = median_ms(15, || {
        std::hint::black_box(scene::build(&g, &Filter::All, &[], &mut width));
    });
    let l = &s.layout;
    println!(
        "synthetic platform: {} boxes, {} edges -> {} rows, {:.0} x {:.0} units, {} edge segments, \
         {} crossings (naive order {})",
        s.units.len(),
        s.edges.len(),
        l.rows.len(),
        l.size[0],
        l.size[1],
        l.segments.len(),
        l.crossings,
        l.naive_crossings
    );
    println!("layout (layered, median of 15): {layout_ms:.1} ms");
    println!("scene build (boxes, layout, routed edges, median of 15): {scene_ms:.1} ms");
}
