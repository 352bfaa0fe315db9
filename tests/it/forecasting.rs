//! Forecasting on synthetic history with a known pattern, gaps, and bad input.

#[allow(unused_imports)]
use crate::common::Edited;

use staffsim::forecast::{Columns, History, Method, Synthesis, fit, synthesize};

fn synthetic(weeks: u32, seed: u64) -> Synthesis {
    Synthesis {
        start: "2026-01-05".parse().unwrap(),
        weeks,
        interval_minutes: 15,
        daily_volume: 3000.0,
        weekly_growth: 0.003,
        seed,
    }
}

fn history(s: &Synthesis) -> History {
    History::parse(
        synthesize(s).as_bytes(),
        "synthetic.csv",
        &Columns::default(),
    )
    .unwrap()
}

#[test]
fn the_chosen_method_is_within_1_2x_of_the_poisson_floor_and_beats_seasonal_naive() {
    let mut h = history(&synthetic(16, 11));
    let (_, holidays) = staffsim::forecast::expected(&synthetic(16, 11));
    h.exclude(&holidays);
    let forecast = fit(&h, 7 * 96, None).unwrap();
    let chosen = &forecast.backtests[0];
    assert_eq!(chosen.method, forecast.method);
    let naive = forecast
        .backtests
        .iter()
        .find(|b| b.method == Method::SeasonalNaive)
        .unwrap();
    for b in &forecast.backtests {
        eprintln!(
            "{:?} wape {:.4} floor {:.4} ratio {:.3}",
            b.method,
            b.interval.wape,
            b.interval.poisson_floor,
            b.interval.wape / b.interval.poisson_floor
        );
    }
    assert!(
        chosen.interval.wape <= 1.2 * chosen.interval.poisson_floor,
        "{chosen:?}"
    );
    assert!(
        chosen.interval.wape < naive.interval.wape,
        "{chosen:?} vs {naive:?}"
    );
    assert_eq!(forecast.volume.len(), 7 * 96);
    assert!(
        forecast
            .low
            .iter()
            .zip(&forecast.volume)
            .zip(&forecast.high)
            .all(|((l, f), h)| l <= f && f <= h)
    );
}

#[test]
fn gaps_are_reported_and_forecasting_still_works() {
    let text = synthesize(&synthetic(10, 5));
    // Drop a whole day (96 rows) and a lone interval.
    let lines: Vec<&str> = text.lines().collect();
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !(2000..2096).contains(i) && *i != 5000)
        .map(|(_, l)| *l)
        .collect();
    let h = History::parse(kept.join("\n").as_bytes(), "gappy.csv", &Columns::default()).unwrap();
    assert_eq!(h.gaps.len(), 2);
    assert_eq!(h.gaps.iter().map(|g| g.intervals).sum::<usize>(), 97);
    assert_eq!(h.volume.len(), 10 * 7 * 96);
    let forecast = fit(&h, 96, None).unwrap();
    let best = &forecast.backtests[0];
    assert!(
        best.interval.wape < 1.3 * best.interval.poisson_floor,
        "{best:?}"
    );
    assert!(forecast.volume.iter().all(|v| v.is_finite() && *v >= 0.0));
}

#[test]
fn a_forced_method_is_used_and_too_short_a_history_is_rejected() {
    let h = history(&synthetic(6, 2));
    let forecast = fit(&h, 96, Some(Method::SeasonalNaive)).unwrap();
    assert_eq!(forecast.method, Method::SeasonalNaive);
    assert_eq!(forecast.backtests.len(), 1);
    let short = history(&Synthesis {
        weeks: 2,
        ..synthetic(2, 2)
    });
    assert!(
        fit(&short, 96, None)
            .unwrap_err()
            .to_string()
            .contains("21 days")
    );
}

#[test]
fn bad_history_files_are_rejected_with_file_line_and_column() {
    let good = "start,volume\n2026-01-05T00:00,3\n2026-01-05T00:15,4\n2026-01-05T00:30,2\n2026-01-05T00:45,6\n";
    let cases = [
        (good.edited(",4", ",-4"), "h.csv:3: column 2 (volume)"),
        (good.edited(",4", ",four"), "h.csv:3: column 2 (volume)"),
        (
            good.edited("2026-01-05T00:15", "2026-01-32T00:15"),
            "h.csv:3: column 1 (start)",
        ),
        (good.edited("start", "time"), "h.csv:1"),
        (
            format!("{good}2026-01-05T00:50,5\n"),
            "h.csv:6: column 1 (start)",
        ),
    ];
    for (text, location) in cases {
        let err = History::parse(text.as_bytes(), "h.csv", &Columns::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(location),
            "{err} should start with {location}"
        );
    }
}

mod cli {
    use crate::common::{scratch, staffsim};
    use serde_json::Value;

    #[test]
    fn synthesize_then_forecast_writes_the_scenario_csv_and_the_json_contract() {
        let dir = scratch("cli");
        let history = dir.join("history.csv");
        staffsim()
            .args(["forecast", "--synthesize"])
            .arg(&history)
            .args(["--weeks", "8", "--seed", "3"])
            .assert()
            .success();
        let out = dir.join("forecast.csv");
        let output = staffsim()
            .arg("forecast")
            .arg(&history)
            .args(["--horizon", "7d", "--json", "--csv"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        for field in ["method", "intervals", "backtest_wape", "poisson_floor_wape"] {
            assert!(!json[field].is_null(), "{field}");
        }
        assert_eq!(json["intervals"], 7 * 96);
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "start,volume,aht,volume_lo,volume_hi"
        );
        assert_eq!(text.lines().count(), 7 * 96 + 1);
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .starts_with("2026-03-02T00:00,"),
            "the day after eight weeks from Mon 5 Jan"
        );
    }

    #[test]
    fn exports_with_other_column_names_are_mapped_by_flags() {
        let dir = scratch("columns");
        let history = dir.join("history.csv");
        staffsim()
            .args(["forecast", "--synthesize"])
            .arg(&history)
            .args(["--weeks", "4"])
            .assert()
            .success();
        let renamed = std::fs::read_to_string(&history).unwrap().replacen(
            "start,volume",
            "Interval,Offered",
            1,
        );
        let export = dir.join("export.csv");
        std::fs::write(&export, renamed).unwrap();
        staffsim()
            .arg("forecast")
            .arg(&export)
            .args([
                "--time-column",
                "Interval",
                "--volume-column",
                "Offered",
                "--horizon",
                "1d",
                "--json",
            ])
            .assert()
            .success();
        let output = staffsim().arg("forecast").arg(&export).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("no 'start' column"));
    }

    #[test]
    fn a_scenario_can_forecast_from_history_before_planning() {
        let scenario =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/forecast-demo.toml");
        let output = staffsim()
            .arg("plan")
            .arg(&scenario)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["intervals"], 14 * 96);
        assert!(json["offered"].as_f64().unwrap() > 30_000.0);
    }
}
