//! Fuzzing the input readers with proptest: no input, however broken, may panic. Each reader
//! must return `Ok` or a located error.

use proptest::prelude::*;
use staffsim::forecast::parse_interval_csv;
use staffsim::scenario::Scenario;
use staffsim::units::Seconds;
use std::path::Path;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(7),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like an interval CSV: a plausible header, then rows of date-ish, number-ish cells.
fn csv_like() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("start,volume".to_string()),
        Just("Start,Volume,AHT,agents".to_string()),
        Just("\u{feff}start;volume".to_string()),
        "[a-z,]{0,20}",
    ];
    let cell = prop_oneof![
        "2027-0[1-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9]",
        "-?[0-9]{0,4}(\\.[0-9]{0,3})?",
        "[a-zA-Z\"]{0,5}",
        Just(String::new()),
    ];
    let row = prop::collection::vec(cell, 0..5).prop_map(|cells| cells.join(","));
    (
        header,
        prop::collection::vec(row, 0..30),
        prop_oneof![Just("\n"), Just("\r\n")],
    )
        .prop_map(|(h, rows, eol)| format!("{h}{eol}{}", rows.join(eol)))
}

static LOADED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_csv_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_interval_csv(&bytes, "fuzz.csv", None);
    }

    #[test]
    fn the_csv_reader_never_panics_on_csv_like_text(text in csv_like(), interval in prop::option::of(0u32..7200)) {
        let _ = parse_interval_csv(text.as_bytes(), "fuzz.csv", interval.map(|s| Seconds(f64::from(s))));
    }

    #[test]
    fn the_actuals_reader_and_comparison_never_panic_on_csv_like_text(text in csv_like()) {
        // Headers as an ACD names them; any row that reads is then set against a small plan.
        let text = text.replacen("volume", "offered", 1).replacen("Volume", "offered", 1);
        if let Ok(rows) = staffsim::actuals::reader::parse(
            text.as_bytes(),
            "fuzz.csv",
            &staffsim::actuals::ColumnMap::default(),
        ) {
            let scenario = flat();
            let _ = staffsim::actuals::compare(&scenario, &rows, "fuzz.csv");
        }
    }

    #[test]
    fn the_scenario_reader_never_panics_on_text(text in "[\\[\\]a-z_=\"0-9.\\n :-]{0,300}") {
        let _ = Scenario::from_toml(&text, Path::new("fuzz.toml"));
    }

    #[test]
    fn the_scenario_reader_never_panics_on_odd_values(
        interval in prop_oneof![Just("15m"), Just("30m"), Just("1h"), Just("90s"), Just("7"), Just("0"), Just("-5m")],
        days in 0u32..40,
        open in "(0[6-9]|1[0-2]|25):(00|15|30|45|99)",
        close in "(0[0-9]|1[3-9]|2[0-4]):(00|15|30|45)",
        daily in -10.0f64..1e5,
        week in prop::option::of(prop::collection::vec(-0.1f64..3.0, 6..=7)),
        intraday in prop::option::of(prop::collection::vec(-1.0f64..10.0, 0..70)),
        multiplier in -0.2f64..5.0,
        special in "2026-12-(0[1-9]|[1-3][0-9])",
        shrinkage in -0.1f64..1.1,
        agents in 0u32..200,
        length in "(0|1|4|8|25)h",
        method in prop_oneof![3 => Just("erlang-c"), 3 => Just("erlang-a"), 3 => Just("constant"), 3 => Just("roster"), 1 => Just("csv")],
        cv in prop_oneof![1 => Just(1e-300), 1 => Just(0.0), 8 => Just(0.5), 1 => Just(150.0), 2 => -1.0f64..3.0],
        volume_cv in prop_oneof![1 => Just(1e-300), 8 => Just(0.0), 3 => Just(0.2), 1 => -1.0f64..3.0],
    ) {
        let list = |v: &[f64]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
        let text = format!(
            "[centre]\ninterval = \"{interval}\"\n[forecast.profile]\nstart = \"2026-12-21\"\ndays = {days}\n\
             open = \"{open}\"\nclose = \"{close}\"\ndaily_volume = {daily}\n{}{}\
             [[special_days]]\ndate = \"{special}\"\nvolume_multiplier = {multiplier}\naht_multiplier = {multiplier}\n\
             [handle_time]\naht = \"300s\"\ndistribution = \"gamma\"\ncv = {cv}\n[simulation]\nvolume_cv = {volume_cv}\n[patience]\ndistribution = \"exponential\"\nmean = \"90s\"\n\
             [shrinkage]\ntotal = {shrinkage}\n[staffing]\nmethod = \"{method}\"\nagents = {agents}\n\
             [[staffing.shift]]\nstart = \"{open}\"\nlength = \"{length}\"\nagents = {agents}\n",
            week.map_or(String::new(), |v| format!("day_of_week = [{}]\n", list(&v))),
            intraday.map_or(String::new(), |v| format!("intraday = [{}]\n", list(&v))),
        );
        if let Ok(scenario) = Scenario::from_toml(&text, Path::new("fuzz.toml")) {
            LOADED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // Whatever loads must also plan, and build its simulation model, without panicking.
            let _ = staffsim::plan::plan(&scenario);
            let agents = vec![1; scenario.intervals.len()];
            let _ = staffsim::sim::SimModel::new(&scenario, &agents);
        }
    }
}

#[test]
fn the_odd_values_fuzzer_also_reaches_the_planner() {
    // Runs the fuzzer's generator through a fresh runner and checks that a fair share of its
    // scenarios are valid, so that the planning path is exercised too.
    the_scenario_reader_never_panics_on_odd_values();
    assert!(
        LOADED.load(std::sync::atomic::Ordering::Relaxed) > 10,
        "too few generated scenarios load"
    );
}

/// The flat two mornings of `tests/data/actuals/flat.toml`, loaded once.
fn flat() -> Scenario {
    static FLAT: std::sync::OnceLock<Scenario> = std::sync::OnceLock::new();
    FLAT.get_or_init(|| {
        Scenario::load(&crate::common::repo("tests/data/actuals/flat.toml")).unwrap()
    })
    .clone()
}
