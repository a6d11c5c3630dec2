//! The shipped investment options: they read, fit the retail reference model, cover every
//! strategy and leadership practice of the seed survey, and each one changes the model.

use crate::common::{model_path, root};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn shipped_options_fit_the_retail_model_and_cover_the_survey() {
    let opts_path = root().join("scenarios/options/retail-options.toml");
    let opts = nines::decide::parse_options(&read(&opts_path), "retail-options.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let model = read(&model_path("retail-reference.toml"));
    opts.check_against(&model, "retail-reference.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let items: Vec<&str> = opts
        .options
        .iter()
        .filter_map(|o| o.survey_item.as_deref())
        .collect();
    for item in [
        "Redundancy & Failover",
        "Load Balancing",
        "Real-Time Monitoring",
        "Disaster Recovery Planning",
        "Security Measures",
        "Strategic Vision & Planning",
        "Resource Management",
        "Collaboration & Innovation",
        "Communication & Engagement",
    ] {
        assert!(items.contains(&item), "no option for `{item}`");
    }
    for o in opts.options.iter().filter(|o| !o.edits.is_empty()) {
        let (text, _) = nines::edit::apply_model(&model, "retail-reference.toml", &o.edits)
            .unwrap_or_else(|e| panic!("{}: {e}", o.name));
        assert_ne!(text, model, "{} changes nothing", o.name);
    }
    // Every option combines with every other: all of them together still give a valid model.
    let all: Vec<nines::edit::Edit> = opts.options.iter().flat_map(|o| o.edits.clone()).collect();
    nines::edit::apply_model(&model, "retail-reference.toml", &all)
        .unwrap_or_else(|e| panic!("all options together: {e}"));
    for o in opts.options.iter().filter(|o| o.enables.is_some()) {
        assert!(
            o.edits.is_empty(),
            "{}: leadership acts through practices",
            o.name
        );
    }
}
