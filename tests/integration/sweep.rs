//! `nines sweep`: a row equals a single `simulate` of the edited model at the same seed, bit
//! for bit; bad points are named and leave no file.

use crate::common::{model_path, nines, temp_dir, write};

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let mut out = vec![
        r.headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect(),
    ];
    out.extend(
        r.records()
            .map(|x| x.expect("row").iter().map(str::to_string).collect()),
    );
    out
}

#[test]
fn a_sweep_row_is_the_simulation_of_the_edited_model() {
    let dir = temp_dir("sweep");
    let m = model_path("r2-checkout.toml");
    let out = dir.join("grid.csv");
    let o = nines(&[
        "sweep",
        &m.display().to_string(),
        "--param",
        "component.web.replicas=3..4",
        "--param",
        "component.payment.repair.mean_hours=0.5,1",
        "--trials",
        "3000",
        "--seed",
        "9",
        "--out",
        &out.display().to_string(),
        "--services",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let grid = rows(&out);
    assert_eq!(
        &grid[0][..2],
        [
            "component.web.replicas",
            "component.payment.repair.mean_hours"
        ]
    );
    assert_eq!(grid[0][2], "scope");
    // 4 points × (model + 1 service), the last parameter fastest.
    assert_eq!(grid.len(), 1 + 8);
    assert_eq!(&grid[3][..2], ["3", "1"]);
    // Point (4, 0.5): the same model edited by hand and simulated.
    let text = std::fs::read_to_string(&m).expect("model");
    let (edited, _) = nines::edit::apply_model(
        &text,
        "r2",
        &[
            nines::edit::Edit::parse("component.web.replicas=4").expect("edit"),
            nines::edit::Edit::parse("component.payment.repair.mean_hours=0.5").expect("edit"),
        ],
    )
    .expect("valid");
    let f = write(&dir, "edited.toml", edited);
    let summary = dir.join("one.csv");
    let o = nines(&[
        "simulate",
        &f,
        "--trials",
        "3000",
        "--seed",
        "9",
        "--quiet",
        "--summary-csv",
        &summary.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let one = rows(&summary);
    let point = &grid[5];
    assert_eq!(&point[..2], ["4", "0.5"]);
    assert_eq!(
        point[2..point.len() - 1],
        one[1][..],
        "model row, bit for bit"
    );
    assert_eq!(
        grid[6][2..grid[6].len() - 1],
        one[2][..],
        "service row, bit for bit"
    );
}

#[test]
fn a_bad_point_is_named_and_nothing_is_written() {
    let dir = temp_dir("sweep-bad");
    let out = dir.join("grid.csv");
    let o = nines(&[
        "sweep",
        &model_path("r2-checkout.toml").display().to_string(),
        "--param",
        "component.web.min_up=1..4",
        "--trials",
        "100",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("sweep point 4 of 4 (component.web.min_up=4)")
            && err.contains("must be from 1 to replicas (3), found 4"),
        "{err}"
    );
    assert!(!out.exists() && std::fs::read_dir(&dir).expect("dir").count() == 0);
}
