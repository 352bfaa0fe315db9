//! Sweeps and bids: the analytic column equals the plan, common random numbers keep more agents
//! from ever looking worse, the bid's arithmetic checks by hand, and SLA risk rises as staffing falls.

use crate::common::scratch;

use assert_cmd::Command;
use serde_json::Value;
use staffsim::plan::plan;
use staffsim::scenario::Scenario;
use staffsim::sim::SimOptions;
use staffsim::sweep;
use std::path::Path;

fn contract_with(dir: &Path, extra: &str) -> Scenario {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/contract");
    std::fs::copy(
        data.join("intraday-peak.csv"),
        dir.join("intraday-peak.csv"),
    )
    .unwrap();
    let text = std::fs::read_to_string(data.join("intraday-peak.toml")).unwrap()
        + "\n[cost]\ncurrency = \"EUR\"\nhourly_cost = 20\n"
        + extra;
    let path = dir.join("peak.toml");
    std::fs::write(&path, text).unwrap();
    Scenario::load(&path).unwrap()
}

#[test]
fn the_sweeps_analytic_column_equals_plan() {
    let scenario = contract_with(&scratch("analytic"), "[sweep]\nagents_added = [0, 2]\n");
    let planned = plan(&scenario).unwrap();
    let options = SimOptions {
        replications: 4,
        seed: 1,
        threads: None,
        ledger: None,
    };
    let result =
        sweep::sweep(&scenario, scenario.sweep.as_ref().unwrap(), options, &|| {}).unwrap();
    let base = &result.options[0];
    assert_eq!(base.point.agents_added, Some(0));
    assert_eq!(base.erlang_service_level, planned.totals.service_level);
    assert_eq!(base.paid_hours, planned.totals.scheduled_agent_hours);
    assert_eq!(base.labour_cost, planned.totals.labour_cost);
    assert_eq!(base.cost_per_contact, planned.totals.cost_per_contact);
    // Two more agents in every open interval: 2 × open intervals × the interval's hours on the
    // phones, paid through the shrinkage, derived here from the scenario's own terms.
    let open = scenario.intervals.iter().filter(|i| i.open).count() as f64;
    let hours = scenario.interval.get() / 3600.0;
    let paid_per_phone_hour = 1.0 / (1.0 - scenario.shrinkage.total.fraction());
    let expected = base.paid_hours + 2.0 * open * hours * paid_per_phone_hour;
    assert!(
        (result.options[1].paid_hours - expected).abs() < 1e-9 * expected,
        "{} vs {expected}",
        result.options[1].paid_hours
    );
}

#[test]
fn with_common_random_numbers_more_agents_never_lower_the_mean_service_level() {
    let scenario = contract_with(
        &scratch("crn"),
        "[sweep]\nagents_added = [-2, -1, 0, 1, 2, 3]\n",
    );
    let options = SimOptions {
        replications: 30,
        seed: 4,
        threads: None,
        ledger: None,
    };
    let result =
        sweep::sweep(&scenario, scenario.sweep.as_ref().unwrap(), options, &|| {}).unwrap();
    let levels: Vec<f64> = result
        .options
        .iter()
        .map(|o| o.service_level.unwrap().mean)
        .collect();
    assert!(levels.windows(2).all(|w| w[1] >= w[0]), "{levels:?}");
    let costs: Vec<f64> = result.options.iter().map(|o| o.cost).collect();
    assert!(costs.windows(2).all(|w| w[1] > w[0]), "{costs:?}");
    // The front and the recommendation are consistent with the numbers.
    assert!(result.options.iter().any(|o| o.pareto));
    let Some((_, Some(k))) = result.recommended.first() else {
        panic!("no option recommended: {:?}", result.recommended);
    };
    {
        let chosen = &result.options[*k];
        assert!(chosen.p_meet_target >= scenario.target.confidence);
        assert!(
            result
                .options
                .iter()
                .filter(|o| o.cost < chosen.cost)
                .all(|o| o.p_meet_target < scenario.target.confidence)
        );
    }
}

const BID: &str = r#"
[bid]
term_months = 3
monthly_volume = [26000, 26000, 39000]
hours_per_fte_month = 160
overheads_per_month = 1000
margin = 0.2
hybrid_base_share = 0.5
sla_credit = 0.05
replications = 4

[[bid.sites]]
name = "a"
hourly_cost = 20
share = 0.5

[[bid.sites]]
name = "b"
hourly_cost = 10
share = 0.5
"#;

#[test]
fn the_bid_arithmetic_checks_by_hand() {
    let scenario = contract_with(&scratch("bid"), BID);
    let result = staffsim::bid::bid(
        &scenario,
        SimOptions {
            replications: scenario.bid.as_ref().unwrap().replications,
            seed: scenario.simulation.seed,
            threads: None,
            ledger: None,
        },
        &|| {},
    )
    .unwrap();
    let months = staffsim::bid::months(&scenario).unwrap();
    assert_eq!(result.months.len(), 3);
    assert!((result.blended_hourly_cost - 15.0).abs() < 1e-12);
    let uplift = result.staffing_uplift_for_bound.unwrap_or(2.0);
    let mut most_needed: f64 = 0.0;
    for (m, month) in result.months.iter().zip(&months) {
        let hours = month.plan.totals.required_agent_hours * month.horizons_per_month * uplift;
        assert!((m.required_agent_hours - hours).abs() < 1e-9);
        // No shrinkage, training, ramp or attrition: FTE = hours ÷ 160, everyone productive,
        // and whole hires never leave: each site's headcount is the most FTE it has needed so
        // far (half the work each), rounded up.
        assert!((m.required_fte - hours / 160.0).abs() < 1e-9);
        most_needed = most_needed.max(m.required_fte);
        let per_site = (most_needed * 0.5 - 1e-9).ceil() as u32;
        assert_eq!(m.headcount, 2 * per_site, "{m:?}");
        assert!((m.paid_hours - f64::from(m.headcount) * 160.0).abs() < 1e-9);
        assert!((m.labour_cost - m.paid_hours * 15.0).abs() < 1e-6);
        assert!((m.cost - (m.labour_cost + 1000.0)).abs() < 1e-6);
    }
    assert_eq!(result.launch_hires, 0);
    assert!(result.months[2].hires > 0, "volume rises in month 3: hires");
    let total: f64 = result.months.iter().map(|m| m.cost).sum();
    assert!((result.total_cost - total).abs() < 1e-6);
    // Expected credits are priced in. One tier at the target crediting 5 % of the month's fee,
    // no earn-back, a cap (100 %) that never binds: the expected credit per unit of revenue is
    // κ = Σ_m (handled_m ÷ Σ handled) × 0.05 × P(miss_m), from the months alone, and the revenue
    // that keeps 20 % after it is total cost ÷ (1 − 0.2 − κ).
    let handled_total: f64 = result.months.iter().map(|m| m.handled).sum();
    let kappa: f64 = result
        .months
        .iter()
        .map(|m| m.handled / handled_total * 0.05 * m.p_miss_sla)
        .sum();
    let revenue = total / (1.0 - 0.2 - kappa);
    assert!(
        (result.revenue - revenue).abs() < 1e-9 * revenue,
        "{} vs {revenue}",
        result.revenue
    );
    assert!((result.expected_sla_credits - kappa * revenue).abs() < 1e-9 * revenue);
    assert!((result.margin_after_expected_credits - 0.2).abs() < 1e-9);
    let fte: f64 = result.months.iter().map(|m| m.required_fte).sum();
    let handled: f64 = result.months.iter().map(|m| m.handled).sum();
    let minutes: f64 = result.months.iter().map(|m| m.handled_minutes).sum();
    for (what, revenue_at_price) in [
        ("per FTE-month", result.price_per_fte_month * fte),
        ("per contact", result.price_per_contact * handled),
        ("per minute", result.price_per_minute * minutes),
        (
            "per resolved contact",
            result.price_per_resolved_contact * handled * scenario.simulation.fcr,
        ),
        (
            "hybrid",
            result.hybrid_base_per_month * 3.0 + result.hybrid_per_contact * handled,
        ),
    ] {
        assert!(
            (revenue_at_price - revenue).abs() < 1e-6 * revenue,
            "{what}: {revenue_at_price} vs {revenue}"
        );
    }
    assert!((minutes / handled - 240.0 / 60.0).abs() < 1e-9, "AHT 240 s");
}

fn staffsim_json(args: &[&str]) -> Value {
    let output = Command::cargo_bin("staffsim")
        .unwrap()
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sweep_and_bid_json_follow_the_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios/bpo-bid-baseline.toml");
    let scenario = scenario.to_str().unwrap();
    let sweep = staffsim_json(&["sweep", scenario, "--replications", "3"]);
    let options = sweep["options"].as_array().unwrap();
    assert_eq!(options.len(), 8);
    for field in [
        "cost",
        "cost_per_contact",
        "service_level",
        "p_meet_target",
        "fte",
    ] {
        assert!(options.iter().all(|o| !o[field].is_null()), "{field}");
    }
    assert!(sweep.get("recommended").is_some());
    // The bid on the quick copy (6 months, 40 replications): the contract is its fields.
    let quick = crate::common::bpo_bid_quick_in(&crate::common::scratch("contract-bid"));
    let bid = staffsim_json(&["bid", quick.to_str().unwrap()]);
    for field in [
        "months",
        "total_cost",
        "price_per_fte_month",
        "price_per_contact",
        "price_per_minute",
        "p_miss_sla",
        "expected_sla_credits",
        "margin",
    ] {
        assert!(bid.get(field).is_some_and(|v| !v.is_null()), "{field}");
    }
    assert_eq!(bid["months"].as_array().unwrap().len(), 6);
}

#[test]
fn sweep_without_a_sweep_section_is_bad_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::cargo_bin("staffsim")
        .unwrap()
        .arg("sweep")
        .arg(root.join("tests/data/contract/intraday-peak.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("[sweep]"));
}

#[test]
fn optimize_raises_the_erlang_plan_where_the_simulation_misses() {
    let scenario = contract_with(&scratch("optimize"), "");
    let options = SimOptions {
        replications: 20,
        seed: 5,
        threads: None,
        ledger: None,
    };
    let result = sweep::optimize(&scenario, options, &|| {}).unwrap();
    assert!(result.iterations >= 1);
    let target = scenario.target.service.service_level();
    assert!(result.converged, "{result:?}");
    assert!(
        result
            .intervals
            .iter()
            .all(|i| i.service_level.is_none_or(|s| s >= target)),
        "{:?}",
        result.intervals
    );
    assert_eq!(result.intervals.len(), 48);
}

#[test]
fn a_one_day_sweep_counts_fte_as_the_people_that_day_needs() {
    // intraday-peak is one day: FTE = paid hours ÷ a working day of the 37.5-hour week (7.5 h),
    // not paid hours spread over seven days.
    let scenario = contract_with(
        &scratch("one-day-fte"),
        "hours_per_fte_week = 37.5\n[sweep]\nagents_added = [0]\nreplications = 2\n",
    );
    assert_eq!(scenario.span_days(), 1);
    let options = SimOptions {
        replications: 2,
        seed: 1,
        threads: None,
        ledger: None,
    };
    let result =
        sweep::sweep(&scenario, scenario.sweep.as_ref().unwrap(), options, &|| {}).unwrap();
    let option = &result.options[0];
    assert!(option.paid_hours > 0.0);
    assert!(
        (option.fte - option.paid_hours / 7.5).abs() < 1e-9,
        "{option:?}"
    );
}
