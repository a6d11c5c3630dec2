//! Tests of the scenario module: the shipped files, the default curve, the load profile,
//! error reporting and the series reader.

use super::*;

const NORMAL_YEAR: &str = include_str!("../../scenarios/normal-year.toml");
const PEAK_SEASON: &str = include_str!("../../scenarios/peak-season.toml");

fn parse_ok(text: &str) -> Scenario {
    match parse_scenario(text, "test.toml") {
        Ok(s) => s,
        Err(e) => panic!("unexpected errors:\n{e}"),
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::MIN, f64::max)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn shipped_scenarios_parse() {
    let n = parse_ok(NORMAL_YEAR);
    assert_eq!(n.name, "Normal year");
    assert_eq!(n.average_rps, 300.0);
    assert_eq!(n.daily_shape, DEFAULT_DAILY_SHAPE);
    assert!(n.peaks.is_empty());
    assert_eq!(n.noise_sigma(), 0.1);
    // Thursday and Monday busiest, the weekend quietest (SaleCycle).
    let w = n.weekly_shape;
    assert!(w[3] > w[0] && w[0] > w[1] && w[5] < w[6] && w[6] < w[4]);

    let p = parse_ok(PEAK_SEASON);
    let names: Vec<&str> = p.peaks.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Thanksgiving",
            "Black Friday",
            "Cyber weekend",
            "Cyber Monday"
        ]
    );
    assert_eq!(p.growth_per_year, 0.2);
    let bf = &p.peaks[1];
    assert_eq!(bf.date.weekday(), 4, "2026-11-27 is a Friday");
    assert_eq!(p.peaks[3].date.weekday(), 0, "2026-11-30 is a Monday");
    assert_eq!(bf.intraday_peak, Some(1.52));
    // Black Friday is day 330 of 2026.
    assert_eq!(p.peak_hours(bf), 330 * 24..331 * 24);
    // Thanksgiving (day 329) precedes it; day 328 is not a peak.
    assert!(p.is_peak_hour(330 * 24 + 12) && !p.is_peak_hour(328 * 24 + 23));
    // It serializes.
    let json = serde_json::to_string(&p).expect("serializable");
    assert!(json.contains("\"start\":\"2026-01-01\""), "{json}");
}

#[test]
fn default_shape_has_mean_one_and_ratio_seven() {
    assert!((mean(&DEFAULT_DAILY_SHAPE) - 1.0).abs() < 1e-12);
    let min = DEFAULT_DAILY_SHAPE.iter().copied().fold(f64::MAX, f64::min);
    let ratio = max(&DEFAULT_DAILY_SHAPE) / min;
    assert!((ratio - 7.0).abs() <= 0.5, "peak/trough = {ratio}");
    // Trough at 5 am, peak at 1 pm, as cited.
    assert_eq!(DEFAULT_DAILY_SHAPE[5], min);
    assert_eq!(DEFAULT_DAILY_SHAPE[13], max(&DEFAULT_DAILY_SHAPE));
}

#[test]
fn civil_dates() {
    let d = |year, month, day| CivilDate { year, month, day };
    assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
    assert_eq!(d(2000, 3, 1).days_since_epoch(), 11_017);
    assert_eq!(d(2026, 1, 1).weekday(), 3, "a Thursday");
    assert_eq!(
        d(2027, 1, 1).days_since_epoch() - d(2026, 1, 1).days_since_epoch(),
        365
    );
    assert!(d(2024, 2, 29).is_valid() && !d(2026, 2, 29).is_valid());
    assert!(!d(2100, 2, 29).is_valid() && d(2000, 2, 29).is_valid());
}

#[test]
fn a_normal_week_averages_average_rps() {
    let s = parse_ok("[scenario]\nname = \"w\"\naverage_rps = 400\n");
    let load = s.hourly_rps(168);
    assert!(close(mean(&load), 400.0, 1e-9), "{}", mean(&load));
    // Every day has the same mean, and the hours follow the daily shape.
    for day in load.chunks(24) {
        assert!(close(mean(day), 400.0, 1e-9));
    }
    assert!(close(load[13], 400.0 * DEFAULT_DAILY_SHAPE[13], 1e-12));
    // A weekly shape moves load between days but keeps the week's mean.
    let w = parse_ok(
        "[scenario]\nname = \"w\"\naverage_rps = 400\nweekly_shape = [2, 1, 1, 1, 1, 1, 1]\n",
    );
    let load = w.hourly_rps(168);
    assert!(close(mean(&load), 400.0, 1e-9));
    // Day 4 from a Thursday start is a Monday, at 2/8 × 7 = 1.75 × the mean.
    assert_eq!(w.weekday_of(4 * 24), 0);
    assert!(close(mean(&load[96..120]), 400.0 * 1.75, 1e-9));
}

#[test]
fn a_peak_day_scales_the_day_and_its_busiest_hour() {
    let src = "[scenario]\nname = \"p\"\naverage_rps = 100\n\
               [[peak]]\nname = \"CM\"\ndate = 2026-01-05\nmultiplier = 4\nintraday_peak = 1.7\n\
               [[peak]]\nname = \"BF\"\ndate = 2026-01-08\nmultiplier = 2.7\n";
    let s = parse_ok(src);
    let load = s.hourly_rps(24 * 14);
    let normal = mean(&load[0..24]);
    let cm = &load[4 * 24..5 * 24];
    assert!(close(mean(cm), 4.0 * normal, 1e-9), "{}", mean(cm));
    assert!(
        close(max(cm) / mean(cm), 1.7, 1e-6),
        "{}",
        max(cm) / mean(cm)
    );
    // The busiest hour stays the daily shape's (1 pm).
    assert_eq!(cm[13], max(cm));
    // Without intraday_peak the day keeps the daily shape.
    let bf = &load[7 * 24..8 * 24];
    assert!(close(mean(bf), 2.7 * normal, 1e-9));
    assert!(close(bf[13] / mean(bf), DEFAULT_DAILY_SHAPE[13], 1e-9));
    assert!(s.is_peak_hour(4 * 24) && !s.is_peak_hour(5 * 24));
    assert!(close(mean(&load[5 * 24..6 * 24]), normal, 1e-9));
}

#[test]
fn peaks_cover_following_days_and_the_largest_wins() {
    let src = "[scenario]\nname = \"p\"\naverage_rps = 10\ndaily_shape = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n\
               [[peak]]\nname = \"season\"\ndate = 2026-01-02\nduration_hours = 120\nmultiplier = 1.5\n\
               [[peak]]\nname = \"big\"\ndate = 2026-01-03\nduration_hours = 36\nmultiplier = 3\n";
    let s = parse_ok(src);
    let load = s.hourly_rps(24 * 8);
    assert_eq!(load[23], 10.0);
    assert!(close(load[24], 15.0, 1e-12));
    assert!(close(load[48], 30.0, 1e-12) && close(load[48 + 35], 30.0, 1e-12));
    assert!(close(load[48 + 36], 15.0, 1e-12));
    assert!(close(load[24 + 119], 15.0, 1e-12) && close(load[24 + 120], 10.0, 1e-12));
    assert_eq!(s.peak_at(50).map(|p| p.name.as_str()), Some("big"));
}

#[test]
fn reshaping_keeps_the_mean_and_order() {
    for ip in [1.1, 1.3, 1.52, 1.7, 2.5, 6.0] {
        let r = reshape_day(&DEFAULT_DAILY_SHAPE, ip);
        assert!((mean(&r) - 1.0).abs() < 1e-12);
        assert!((max(&r) - ip).abs() < 1e-6, "{ip}: {}", max(&r));
        assert!(r.iter().all(|&f| f > 0.0));
        assert!(r[5] < r[9] && r[9] < r[13], "order kept");
    }
    assert_eq!(reshape_day(&[1.0; 24], 2.0), [1.0; 24]);
}

#[test]
fn growth_doubles_load_after_a_year() {
    let s = parse_ok("[scenario]\nname = \"g\"\naverage_rps = 50\ngrowth_per_year = 1.0\n");
    let load = s.hourly_rps(8761);
    assert!(
        close(load[8760] / load[0], 2.0, 1e-12),
        "{}",
        load[8760] / load[0]
    );
    assert!(close(
        load[4380] / load[12],
        2f64.powf(4368.0 / 8760.0),
        1e-9
    ));
}

#[test]
fn three_mistakes_give_three_diagnostics_with_lines() {
    let src = "[scenario]\n\
               name = \"bad\"\n\
               averge_rps = 3\n\
               average_rps = -1\n\
               daily_shape = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n";
    let e = parse_scenario(src, "bad.toml").expect_err("three mistakes");
    let text = e.to_string();
    assert_eq!(e.diagnostics.len(), 3, "{text}");
    let lines: Vec<u32> = e
        .diagnostics
        .iter()
        .map(|d| d.pos.map_or(0, |p| p.line))
        .collect();
    assert_eq!(lines, [3, 4, 5], "{text}");
    assert!(
        text.contains(
            "bad.toml:3:1: scenario.averge_rps: unknown key; did you mean `average_rps`?"
        ),
        "{text}"
    );
    assert!(
        text.contains("bad.toml:4:1: scenario.average_rps: must be a number > 0"),
        "{text}"
    );
    assert!(
        text.contains(
            "bad.toml:5:1: scenario.daily_shape: must have 24 entries (hours 0..23), found 23"
        ),
        "{text}"
    );
}

#[test]
fn other_mistakes_are_reported() {
    let cases: &[(&str, &str)] = &[
        ("name = \"x\"\n", "the [scenario] table is required"),
        ("[scenario]\nname = \"x\"\n", "average_rps: is required"),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\nstart = \"2026-01-01\"\n",
            "without quotes",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\nstart = 2026-01-01T10:00:00\n",
            "without a time",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\nnoise_sigma = -0.1\n",
            "from 0 to 2",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\ngrowth_per_year = -1\n",
            "above -1",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\nweekly_shape = [1, -1, 1, 1, 1, 1, 1]\n",
            "entry 2 must be a number >= 0",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\nweekly_shape = [0, 0, 0, 0, 0, 0, 0]\n",
            "must have an entry > 0",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peaks]]\n",
            "did you mean `peak`",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peak]]\nname = \"a\"\ndate = 2025-12-31\nmultiplier = 2\n",
            "on or after scenario.start",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peak]]\nname = \"a\"\ndate = 2026-12-31\n",
            "multiplier: is required",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peak]]\nname = \"a\"\ndate = 2026-12-31\nmultiplier = 2\nduration_hours = 0\n",
            "integer from 1 to 8760",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peak]]\nname = \"a\"\ndate = 2026-12-31\nmultiplier = 2\nintraday_peak = 0.5\n",
            "from 1 to 12",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\ndaily_shape = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n[[peak]]\nname = \"a\"\ndate = 2026-12-31\nmultiplier = 2\nintraday_peak = 1.5\n",
            "daily shape is flat",
        ),
        (
            "[scenario]\nname = \"x\"\naverage_rps = 1\n[[peak]]\nname = \"a\"\ndate = 2026-12-31\nmultiplier = 2\nmultipler = 2\n",
            "did you mean `multiplier`",
        ),
        ("[scenario\n", "TOML syntax error"),
    ];
    for (src, want) in cases {
        match parse_scenario(src, "x.toml") {
            Ok(_) => panic!("accepted:\n{src}"),
            Err(e) => {
                let text = e.to_string();
                assert!(text.contains(want), "want {want:?} in:\n{text}");
                assert!(e.diagnostics.iter().all(|d| d.pos.is_some()), "{text}");
            }
        }
    }
}

#[test]
fn series_csv_is_read_and_replaces_the_profile() {
    let csv = "hour,timestamp,rps\n0,2026-01-01T00:00,10\n1,2026-01-01T01:00,20.5\n\n2,\"2026-01-01T02:00\",30\n";
    let v = parse_series_csv(csv, "load.csv").expect("valid series");
    assert_eq!(v, [10.0, 20.5, 30.0]);
    let s = Scenario::new("s", 100.0).with_series(v);
    assert_eq!(s.hourly_rps(7), [10.0, 20.5, 30.0, 10.0, 20.5, 30.0, 10.0]);
    assert_eq!(
        parse_series_csv("RPS\r\n1\r\n", "x.csv").expect("crlf"),
        [1.0]
    );
}

#[test]
fn series_csv_errors_name_line_and_column() {
    let e = parse_series_csv("hour,rps\n0,5\n1,-3\n", "load.csv").expect_err("negative");
    assert_eq!(e.diagnostics.len(), 1);
    assert_eq!(
        e.to_string(),
        "load.csv:3:3: rps: must be >= 0 (requests/s), found -3"
    );

    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("rps\n", "no data rows"),
        ("rsp\n1\n", "did you mean `rps`"),
        ("hour\n0\n", "needs a column named `rps`"),
        ("hour,rps\n0,1\n2,1\n", "load.csv:3:1: hour: must be 1"),
        ("rps\nabc\n", "load.csv:2:1: rps: must be a finite number"),
        ("rps\nNaN\n", "finite"),
        ("rps,hour\n1\n", "has 1 fields, the header has 2"),
        ("rps,rps\n1,1\n", "repeated"),
        ("rps,note\n-1,x\n", "load.csv:2:1: rps: must be >= 0"),
        ("rps,timestamp\n1,\"x\n", "unterminated"),
    ];
    for (src, want) in cases {
        match parse_series_csv(src, "load.csv") {
            Ok(v) => panic!("accepted {src:?}: {v:?}"),
            Err(e) => assert!(e.to_string().contains(want), "want {want:?} in:\n{e}"),
        }
    }
}

#[test]
fn junk_never_panics() {
    // A small xorshift generator: deterministic junk built from TOML and CSV fragments.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pieces = [
        "[scenario]",
        "[[peak]]",
        "name",
        "average_rps",
        "daily_shape",
        "weekly_shape",
        "start",
        "date",
        "multiplier",
        "intraday_peak",
        "duration_hours",
        "=",
        "\"",
        "[",
        "]",
        ",",
        "\n",
        " ",
        "-1",
        "0",
        "1e308",
        "nan",
        "inf",
        "2026-11-27",
        "2026-02-30",
        "{",
        "}",
        "rps",
        "hour",
        "é",
        "\u{feff}",
        "\r",
        "#",
        "1.7",
        "24",
        "'",
        "\\",
    ];
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        if let Ok(s) = parse_scenario(&text, "junk.toml") {
            let load = s.hourly_rps(24 * 8);
            assert!(load.iter().all(|v| v.is_finite() && *v >= 0.0));
        }
        let _ = parse_series_csv(&text, "junk.csv");
    }
    // Raw bytes too.
    for _ in 0..1000 {
        let bytes: Vec<u8> = (0..(next() % 64)).map(|_| (next() % 128) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_scenario(&text, "junk.toml");
        let _ = parse_series_csv(&text, "junk.csv");
    }
}

#[test]
fn edited_scenarios_stay_finite() {
    let mut s = Scenario::new("e", f64::INFINITY);
    s.growth_per_year = -2.0;
    s.daily_shape[3] = f64::NAN;
    s.peaks.push(Peak {
        name: "x".into(),
        date: CivilDate {
            year: 2025,
            month: 1,
            day: 1,
        },
        duration_hours: 24,
        multiplier: f64::NAN,
        intraday_peak: Some(50.0),
    });
    let load = s.hourly_rps(100);
    assert!(load.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert_eq!(s.with_series(vec![f64::NAN, -1.0]).hourly_rps(3), [0.0; 3]);
    assert!((Scenario::new("n", 1.0).noise_factor(2.0) - 1.0).abs() < 1e-15);
}
