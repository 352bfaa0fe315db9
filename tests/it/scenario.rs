//! Scenarios and plans: the contract scenarios load and plan; plan totals equal an independent
//! computation; special days scale volume and AHT; rosters cover the intervals they should.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::scratch;

use staffsim::plan::plan;
use staffsim::queueing::{ErlangC, SlDefinition};
use staffsim::scenario::{Scenario, Staffing};
use staffsim::units::Seconds;
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A scratch folder of its own for each test.

#[test]
fn the_contract_scenarios_load_and_plan_unchanged() {
    for name in [
        "stationary-erlang-c",
        "stationary-erlang-a",
        "intraday-peak",
    ] {
        let scenario = Scenario::load(&data(&format!("tests/data/contract/{name}.toml"))).unwrap();
        assert_eq!(scenario.name, name);
        let plan = plan(&scenario).unwrap();
        assert!(plan.totals.offered > 0.0);
        assert!(plan.totals.service_level.unwrap() > 0.0);
    }
}

#[test]
fn stationary_erlang_c_plans_the_reference_service_level_in_every_interval() {
    let scenario = Scenario::load(&data("tests/data/contract/stationary-erlang-c.toml")).unwrap();
    assert_eq!(scenario.staffing, Staffing::Constant(14));
    assert_eq!(scenario.interval, Seconds(1800.0));
    let plan = plan(&scenario).unwrap();
    assert_eq!(plan.totals.intervals, 400);
    assert_eq!(plan.totals.offered, 40_000.0);
    for interval in &plan.intervals {
        assert_eq!(interval.staffed_agents, 14);
        assert_eq!(interval.required_agents, 14);
        assert!((interval.performance.service_level - 0.888_350_019_179_466_9).abs() < 1e-12);
    }
    assert!((plan.totals.service_level.unwrap() - 0.888_350_019_179_466_9).abs() < 1e-12);
    assert_eq!(plan.totals.required_agent_hours, 14.0 * 400.0 * 0.5);
}

#[test]
fn intraday_peak_reads_agents_from_the_csv_and_flags_the_short_morning() {
    let scenario = Scenario::load(&data("tests/data/contract/intraday-peak.toml")).unwrap();
    assert_eq!(scenario.staffing, Staffing::Csv);
    assert_eq!(scenario.intervals.len(), 48);
    assert_eq!(scenario.intervals[0].given_agents, Some(14));
    assert_eq!(scenario.intervals[6].given_agents, Some(22));
    let plan = plan(&scenario).unwrap();
    assert_eq!(plan.model.to_string(), "Erlang A");
    assert!(plan.totals.intervals_below_target > 0);
    let first_miss = plan.intervals.iter().find(|i| !i.meets_target).unwrap();
    assert!(first_miss.performance.service_level < 0.8);
}

const SMALL_CSV: &str = "start,volume,aht\n2027-02-01T09:00,40,200\n2027-02-01T09:30,100,\n2027-02-01T10:00,250,240\n2027-02-01T10:30,0,\n";

fn small_scenario(dir: &Path, extra: &str) -> Scenario {
    std::fs::write(dir.join("small.csv"), SMALL_CSV).unwrap();
    let text = format!(
        "name = \"small\"\n[centre]\ninterval = \"30m\"\n[forecast]\ncsv = \"small.csv\"\n\
         [handle_time]\naht = \"180s\"\n[target]\nservice_level = 0.85\nwithin = \"15s\"\n\
         [shrinkage]\nbreaks = 0.1\nabsenteeism = 0.15\n[cost]\ncurrency = \"GBP\"\nhourly_cost = 20.0\n{extra}"
    );
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    Scenario::load(&path).unwrap()
}

/// The fewest agents meeting `sl` within `t`, by evaluating Erlang C upward from one agent.
fn brute_force_agents(volume: f64, aht: f64, sl: f64, t: f64) -> u32 {
    if volume == 0.0 {
        return 0;
    }
    let model = ErlangC::new(volume * aht / 1800.0, Seconds(aht)).unwrap();
    (1..)
        .find(|&n| model.service_level(n, Seconds(t)) >= sl)
        .unwrap()
}

#[test]
fn plan_totals_equal_an_independent_computation() {
    let dir = scratch("totals");
    let scenario = small_scenario(&dir, "");
    let plan = plan(&scenario).unwrap();
    let volumes = [40.0, 100.0, 250.0, 0.0];
    let ahts = [200.0, 180.0, 240.0, 180.0];
    let required: Vec<u32> = volumes
        .iter()
        .zip(ahts)
        .map(|(&v, a)| brute_force_agents(v, a, 0.85, 15.0))
        .collect();
    let planned: Vec<u32> = plan.intervals.iter().map(|i| i.required_agents).collect();
    assert_eq!(planned, required);

    let shrinkage = 0.25;
    let required_hours: f64 = required.iter().map(|&n| f64::from(n) * 0.5).sum();
    let paid_hours = required_hours / (1.0 - shrinkage);
    let t = &plan.totals;
    assert_eq!(t.offered, 390.0);
    assert!((t.required_agent_hours - required_hours).abs() < 1e-9);
    assert!((t.scheduled_agent_hours - paid_hours).abs() < 1e-9);
    assert!((t.labour_cost.unwrap() - paid_hours * 20.0).abs() < 1e-6);
    assert!((t.cost_per_contact.unwrap() - paid_hours * 20.0 / 390.0).abs() < 1e-9);
    let weighted_sl: f64 = volumes
        .iter()
        .zip(ahts)
        .zip(&required)
        .filter(|((v, _), _)| **v > 0.0)
        .map(|((&v, a), &n)| {
            v * ErlangC::new(v * a / 1800.0, Seconds(a))
                .unwrap()
                .performance(n, Seconds(15.0), SlDefinition::Offered)
                .service_level
        })
        .sum::<f64>()
        / 390.0;
    assert!((t.service_level.unwrap() - weighted_sl).abs() < 1e-12);
    let peak = required.iter().copied().max().unwrap();
    assert_eq!(t.peak_required_agents, peak);
    assert_eq!(plan.days.len(), 1);
    assert_eq!(plan.days[0].totals, plan.totals);
}

#[test]
fn special_day_multipliers_scale_both_volume_and_aht() {
    let dir = scratch("special");
    let text = r#"
[centre]
interval = "1h"
[forecast.profile]
start = "2026-12-21"
days = 3
open = "09:00"
close = "12:00"
daily_volume = 300
intraday = [1, 2, 3]
[[special_days]]
date = 2026-12-22
volume_multiplier = 1.8
aht_multiplier = 1.15
[[special_days]]
name = "closed"
date = "2026-12-23"
closed = true
[handle_time]
aht = "300s"
"#;
    let path = dir.join("special.toml");
    std::fs::write(&path, text).unwrap();
    let scenario = Scenario::load(&path).unwrap();
    let open: Vec<_> = scenario.open_intervals().collect();
    assert_eq!(
        open.len(),
        6,
        "two open days of three hours; the third is closed"
    );
    for k in 0..3 {
        let (normal, special) = (open[k], open[k + 3]);
        assert!((special.volume - normal.volume * 1.8).abs() < 1e-9);
        assert!((special.aht.get() - 300.0 * 1.15).abs() < 1e-9);
        assert_eq!(normal.aht, Seconds(300.0));
        assert_eq!(special.special_day, Some(0));
    }
    assert_eq!(open[0].volume, 50.0);
    assert!(
        scenario
            .intervals
            .iter()
            .filter(|i| i.start.day() == 23)
            .all(|i| !i.open && i.volume == 0.0)
    );
}

#[test]
fn roster_shifts_cover_the_whole_intervals_they_span() {
    let dir = scratch("roster");
    std::fs::write(dir.join("day.csv"), "start,volume\n2027-03-01T08:00,10\n2027-03-01T09:00,10\n2027-03-01T10:00,10\n2027-03-01T11:00,10\n").unwrap();
    let text = r#"
[forecast]
csv = "day.csv"
[handle_time]
aht = 180
[staffing]
method = "roster"
[[staffing.shift]]
start = "08:00"
length = "2h"
agents = 3
[[staffing.shift]]
start = "09:30"
length = "2h30m"
days = ["mon"]
agents = 5
[[staffing.shift]]
start = "08:00"
length = "4h"
days = ["weekend"]
agents = 100
"#
    .edited("2h30m", "150m");
    let path = dir.join("roster.toml");
    std::fs::write(&path, text).unwrap();
    let scenario = Scenario::load(&path).unwrap();
    let agents: Vec<u32> = scenario
        .intervals
        .iter()
        .map(|i| i.given_agents.unwrap())
        .collect();
    // 09:30-12:00 covers 10:00 and 11:00 fully, not 09:00; the weekend shift does not work Mondays.
    assert_eq!(agents, vec![3, 3, 5, 5]);
}

#[test]
fn a_sweep_over_an_unknown_shift_is_rejected() {
    let dir = scratch("unknown-shift");
    let text = std::fs::read_to_string(data("scenarios/holiday-peak.toml")).unwrap()
        + "\n[sweep.shift_agents]\nnight = [3, 4]\n";
    let path = dir.join("h.toml");
    std::fs::write(&path, text).unwrap();
    let err = Scenario::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("[sweep] shift_agents") && err.contains("'night'"),
        "{err}"
    );
}
