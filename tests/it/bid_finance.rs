//! The bid as a finance director signs it: the cash flow, payback, NPV and IRR, the prices by
//! year, the volume bands, the cost build-up and each site's P&L recomputed independently from
//! the months `bid --json` prints; each sensitivity bar against a full re-run of the bid with
//! the input changed; the workbook's finance sheets recomputed from their formulas.

use crate::common::xlsx::sheet;
use crate::common::{edited, repo, run_report, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// bpo-bid-finance with its risk run capped and its staffing pinned at × 1.02 (these tests check
/// arithmetic, not the risk search), without its sweep, edited by `edits`, written into `dir`.
fn finance_scenario(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(repo("scenarios/bpo-bid-finance.toml")).unwrap();
    text = edited(
        &text,
        "max_p_miss = 0.10",
        "max_p_miss = 0.10\nreplications = 20\nstaffing_uplift = 1.02",
    );
    let sweep = text.find("[sweep]").unwrap();
    let bid = text.find("[bid]").unwrap();
    text.replace_range(sweep..bid, "");
    text = edited(
        &text,
        "minimum_commitment = 0.80 ",
        "minimum_commitment = 0.80\nreplications = 2000 ",
    );
    for (from, to) in edits {
        text = edited(&text, from, to);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn bid_json(path: &Path) -> Value {
    let output = staffsim()
        .arg("bid")
        .arg(path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The base bid, run once for the tests that read it.
fn base() -> &'static (PathBuf, Value) {
    static BASE: std::sync::OnceLock<(PathBuf, Value)> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let dir = scratch("bid-finance-base");
        let path = finance_scenario(&dir, "finance.toml", &[]);
        let json = bid_json(&path);
        (path, json)
    })
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * b.abs().max(1.0)
}

#[test]
fn the_cash_flow_payback_npv_and_irr_recompute_from_the_months_by_hand() {
    let bid = &base().1;
    let months = bid["months"].as_array().unwrap();
    // Invoices: each month's fee less its share of the expected credits net of gain-share,
    // received ⌈45 ÷ 30.4375⌉ = 2 months later; the transition's costs at month 0.
    let fees: f64 = months.iter().map(|m| f(&m["fee"])).sum();
    let net_risk = f(&bid["expected_sla_credits"]) - f(&bid["expected_gain_share"]);
    let invoiced: Vec<f64> = months
        .iter()
        .map(|m| f(&m["fee"]) - net_risk * f(&m["fee"]) / fees)
        .collect();
    let lag = 2;
    let n = months.len();
    let mut nets = Vec::new();
    for t in 0..=n + lag {
        let costs = match t {
            0 => f(&bid["transition_cost"]),
            t if t <= n => f(&months[t - 1]["cost"]),
            _ => 0.0,
        };
        let received = if t > lag && t - lag <= n {
            invoiced[t - lag - 1]
        } else {
            0.0
        };
        nets.push(received - costs);
    }
    let flow = bid["cash_flow"].as_array().unwrap();
    assert_eq!(flow.len(), nets.len());
    let mut cumulative = 0.0;
    let mut payback = None;
    for (t, (row, net)) in flow.iter().zip(&nets).enumerate() {
        cumulative += net;
        assert!(close(f(&row["net"]), *net, 1e-9), "month {t}: {row}");
        assert!(close(f(&row["cumulative"]), cumulative, 1e-9), "month {t}");
        if t >= 1 && cumulative >= 0.0 && payback.is_none() {
            payback = Some(t as u64);
        }
    }
    assert_eq!(bid["payback_month"].as_u64(), payback);
    assert!(payback.is_some(), "the bid pays back within its cash flow");
    // NPV at 10 % a year, month-end flows.
    let npv = |rate: f64| -> f64 {
        nets.iter()
            .enumerate()
            .map(|(t, n)| n / (1.0f64 + rate).powf(t as f64 / 12.0))
            .sum()
    };
    assert!(close(f(&bid["npv"]), npv(0.10), 1e-9));
    // IRR: the NPV there is nothing against the flows' size.
    let irr = f(&bid["irr"]);
    let scale: f64 = nets.iter().map(|n| n.abs()).sum();
    assert!(
        npv(irr).abs() < 1e-6 * scale,
        "NPV at the IRR {irr}: {}",
        npv(irr)
    );
    assert!(irr > 0.10, "a positive NPV at 10 % means an IRR above it");
}

#[test]
fn each_contract_year_is_priced_at_its_own_escalated_cost_with_the_same_markup() {
    let bid = &base().1;
    let months = bid["months"].as_array().unwrap();
    let handled: f64 = months.iter().map(|m| f(&m["handled"])).sum();
    let markup = f(&bid["revenue"]) / f(&bid["total_cost"]);
    let transition = f(&bid["transition_cost"]);
    let years = bid["prices_by_year"].as_array().unwrap();
    assert_eq!(years.len(), 2);
    let mut revenue = 0.0;
    for (y, year) in years.iter().enumerate() {
        let span = &months[y * 12..(y + 1) * 12];
        let h: f64 = span.iter().map(|m| f(&m["handled"])).sum();
        let cost: f64 = span.iter().map(|m| f(&m["cost"])).sum::<f64>() + transition * h / handled;
        assert!(close(f(&year["cost"]), cost, 1e-9));
        assert!(close(f(&year["revenue"]), cost * markup, 1e-9));
        assert!(close(
            f(&year["price_per_contact"]),
            cost * markup / h,
            1e-9
        ));
        // Each month's fee is its handled contacts at its year's price.
        for m in span {
            assert!(close(
                f(&m["fee"]),
                f(&m["handled"]) * cost * markup / h,
                1e-9
            ));
        }
        revenue += cost * markup;
    }
    assert!(
        close(revenue, f(&bid["revenue"]), 1e-9),
        "the years add up to the revenue"
    );
    // Manila's wages rise 8 % and its peso 2 % a year: its hourly cost in EUR in year 2 is
    // 700 × 0.0163 × 1.02^(m/12) × 1.08 against 700 × 0.0163 at the start.
    let manila = bid["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "manila")
        .unwrap();
    assert!(close(f(&manila["hourly_cost"]), 700.0 * 0.0163, 1e-12));
}

#[test]
fn the_cost_build_up_and_the_sites_p_and_l_add_up_to_the_bid() {
    let bid = &base().1;
    let total = f(&bid["total_cost"]);
    let lines = bid["cost_build_up"].as_array().unwrap();
    let sum: f64 = lines.iter().map(|l| f(&l["cost"])).sum();
    assert!(close(sum, total, 1e-9), "{sum} against {total}");
    // Every cost line is named in it.
    for name in [
        "team leaders",
        "seats",
        "IT licences",
        "account management",
        "site set-up",
    ] {
        assert!(lines.iter().any(|l| l["line"] == name), "{name}");
    }
    // The one-off is whole; account management is its monthly cost × 24.
    let line = |name: &str| f(&lines.iter().find(|l| l["line"] == name).unwrap()["cost"]);
    assert_eq!(line("site set-up"), 150_000.0);
    assert_eq!(line("account management"), 18_000.0 * 24.0);
    // Team leaders: ⌈headcount ÷ 14⌉ × 4,200 each month.
    let leaders: f64 = bid["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (f(&m["headcount"]) / 14.0).ceil() * 4200.0)
        .sum();
    assert!(close(line("team leaders"), leaders, 1e-12));
    let pnl = bid["sites_pnl"].as_array().unwrap();
    let cost: f64 = pnl.iter().map(|p| f(&p["cost"])).sum();
    let revenue: f64 = pnl.iter().map(|p| f(&p["revenue"])).sum();
    assert!(close(cost, total, 1e-9));
    let fees: f64 = bid["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| f(&m["fee"]))
        .sum();
    assert!(close(revenue, fees, 1e-9));
}

#[test]
fn volume_bands_bill_by_hand_and_the_simulated_revenue_brackets_the_forecast() {
    let bid = &base().1;
    let bands = &bid["volume_bands"];
    assert!(close(
        f(&bands["forecast_revenue"]),
        f(&bid["revenue"]),
        1e-9
    ));
    let (p5, mean, p95) = (
        f(&bands["revenue_p5"]),
        f(&bands["expected_revenue"]),
        f(&bands["revenue_p95"]),
    );
    assert!(p5 < mean && mean < p95, "{bands}");
    assert!(p5 < f(&bands["forecast_revenue"]) && f(&bands["forecast_revenue"]) < p95);
    // The rule by hand: ±10 % at the price, 95 % above, 110 % on all below, at least 80 %.
    let b = staffsim::scenario::VolumeBands {
        band: 0.10,
        above: 0.95,
        below: 1.10,
        minimum_commitment: 0.80,
        replications: 1,
    };
    assert!(close(b.revenue(2.0, 1000.0, 1050.0), 2100.0, 1e-12));
    assert!(close(
        b.revenue(2.0, 1000.0, 1200.0),
        2.0 * 1100.0 + 0.95 * 2.0 * 100.0,
        1e-12
    ));
    assert!(close(
        b.revenue(2.0, 1000.0, 850.0),
        1.10 * 2.0 * 850.0,
        1e-12
    ));
    assert!(close(
        b.revenue(2.0, 1000.0, 500.0),
        1.10 * 2.0 * 800.0,
        1e-12
    ));
}

#[test]
fn each_tornado_bar_equals_a_full_rerun_of_the_bid_with_that_input_changed() {
    let (_, bid) = base();
    let uplift = f(&bid["staffing_uplift"]);
    let months = bid["months"].as_array().unwrap();
    let prices: Vec<f64> = months
        .iter()
        .map(|m| f(&m["fee"]) / f(&m["handled"]))
        .collect();
    let forecast: Vec<f64> = months.iter().map(|m| f(&m["handled"])).collect();
    let revenue = f(&bid["revenue"]);
    let net_risk = (f(&bid["expected_sla_credits"]) - f(&bid["expected_gain_share"])) / revenue;
    let bars = bid["sensitivity"].as_array().unwrap();
    let bar = |input: &str| bars.iter().find(|b| b["input"] == input).unwrap();
    let dir = scratch("bid-finance-tornado");
    assert_eq!(uplift, 1.02, "the scenario pins the staffing");
    // Volume +15 %: the base monthly volume × 1.15; wages +2 %: every site's hourly cost × 1.02;
    // AHT −5 %: 420 s → 399 s; attrition +10 points a year: each monthly rate m becomes
    // 1 − (1 − (1 − (1 − m)^12 + 0.10))^(1/12).
    let shifted = |m: f64| {
        let annual: f64 = 1.0 - (1.0 - m).powi(12) + 0.10;
        (1.0 - (1.0 - annual).powf(1.0 / 12.0)).to_string()
    };
    let attrition: Vec<(String, String)> = [
        ("attrition = 0.035 ", 0.035),
        ("new_hire_attrition = 0.08 ", 0.08),
        ("attrition = 0.05\n", 0.05),
        ("new_hire_attrition = 0.12\n", 0.12),
    ]
    .iter()
    .map(|(from, m)| {
        let end = if from.ends_with('\n') { "\n" } else { " " };
        (
            from.to_string(),
            format!(
                "{}{}{end}",
                &from[..from.find('=').unwrap() + 2],
                shifted(*m)
            ),
        )
    })
    .collect();
    let attrition: Vec<(&str, &str)> = attrition
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let cases = [
        (
            "aht",
            "margin_low",
            vec![("aht = \"420s\"", "aht = \"399s\"")],
        ),
        ("attrition", "margin_high", attrition),
        (
            "volume",
            "margin_high",
            vec![(
                "base_monthly_volume = 112000",
                "base_monthly_volume = 128800.0",
            )],
        ),
        (
            "wages",
            "margin_high",
            vec![
                ("hourly_cost = 19.80\nshare", "hourly_cost = 20.196\nshare"),
                ("hourly_cost = 700.0 ", "hourly_cost = 714.0 "),
            ],
        ),
    ];
    for (input, end, edits) in cases {
        let path = finance_scenario(&dir, &format!("{input}.toml"), &edits);
        let rerun = bid_json(&path);
        let cost = f(&rerun["total_cost"]);
        // Billed at the base bid's prices under its bands.
        let bill = |p: f64, forecast: f64, actual: f64| {
            let billed = actual.max(0.80 * forecast);
            let (top, bottom) = (1.10 * forecast, 0.90 * forecast);
            if billed > top {
                p * top + 0.95 * p * (billed - top)
            } else if billed < bottom {
                1.10 * p * billed
            } else {
                p * billed
            }
        };
        let revenue: f64 = rerun["months"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(m, month)| bill(prices[m], forecast[m], f(&month["handled"])))
            .sum();
        let margin = (revenue * (1.0 - net_risk) - cost) / revenue;
        assert!(
            close(f(&bar(input)[end]), margin, 1e-9),
            "{input}: bar {} against a re-run's {margin}",
            bar(input)[end]
        );
    }
}

#[test]
fn the_workbooks_cash_flow_p_and_l_and_build_up_sheets_recompute_to_the_json() {
    let dir = scratch("bid-finance-workbook");
    let path = finance_scenario(&dir, "finance.toml", &[]);
    let out = dir.join("report");
    run_report(&path, &out, 8);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let bid = &summary["bid"];
    let workbook = out.join("workbook.xlsx");
    let cash = sheet(&workbook, "Cash flow");
    let row = |label: &str| cash.row_of("A", label).unwrap_or_else(|| panic!("{label}"));
    assert!(close(
        cash.evaluate(&format!("B{}", row("NPV"))),
        f(&bid["npv"]),
        1e-9
    ));
    assert_eq!(
        cash.evaluate(&format!("B{}", row("Payback month (0: not reached)"))),
        f(&bid["payback_month"])
    );
    let flow = bid["cash_flow"].as_array().unwrap();
    let header = row("Month");
    for (k, month) in flow.iter().enumerate() {
        let r = header + 1 + k as u32;
        assert!(
            close(
                cash.evaluate(&format!("H{r}")),
                f(&month["cumulative"]),
                1e-9
            ),
            "row {r}"
        );
        assert!(close(
            cash.evaluate(&format!("F{r}")),
            f(&month["revenue_received"]),
            1e-9
        ));
    }
    let pnl = sheet(&workbook, "P&L");
    for site in ["nearshore", "manila"] {
        let r = pnl.row_of("A", &format!("{site} total")).unwrap();
        let rows: Vec<&Value> = bid["sites_pnl"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["site"] == site)
            .collect();
        let revenue: f64 = rows.iter().map(|p| f(&p["revenue"])).sum();
        let cost: f64 = rows.iter().map(|p| f(&p["cost"])).sum();
        assert!(
            close(pnl.evaluate(&format!("E{r}")), revenue, 1e-9),
            "{site}"
        );
        assert!(close(
            pnl.evaluate(&format!("G{r}")),
            (revenue - cost) / revenue,
            1e-9
        ));
    }
    let build_up = sheet(&workbook, "Cost build-up");
    let r = build_up.row_of("A", "Total cost").unwrap();
    assert!(close(
        build_up.evaluate(&format!("B{r}")),
        f(&bid["total_cost"]),
        1e-9
    ));
    // The finance charts are in the report.
    for chart in ["bid-cash-flow", "bid-cost-build-up", "bid-tornado"] {
        assert!(
            out.join("charts").join(format!("{chart}.svg")).exists(),
            "{chart}"
        );
    }
}

#[test]
fn bad_finance_terms_are_refused_with_exit_2_naming_the_field() {
    let dir = scratch("bid-finance-bad");
    let cases = [
        (
            "discount_rate = 0.10 ",
            "discount_rate = 2.0 ",
            "discount_rate",
        ),
        (
            "annual_drift = 0.02",
            "annual_drift = -1.5",
            "fx.annual_drift",
        ),
        ("band = 0.10 ", "band = 1.5 ", "volume_bands.band"),
        ("ratio = 14 ", "ratio = 0 ", "ratio"),
        (
            "volume = [-0.15, 0.15]",
            "volume = [0.15, -0.15]",
            "sensitivity.volume",
        ),
        ("fx = { rate = 0.0163, annual_drift = 0.02 }   ", "", "fx"),
        ("monthly_cost = 18000.0", "cost = 18000.0", "monthly_cost"),
        ("staffing_uplift", "staffing_uplift", "staffing_uplift"),
    ];
    for (k, (from, to, field)) in cases.iter().enumerate() {
        let edits: Vec<(&str, &str)> = if *from == "staffing_uplift" {
            vec![("staffing_uplift = 1.02", "staffing_uplift = 9.0")]
        } else {
            vec![(*from, *to)]
        };
        let path = finance_scenario(&dir, &format!("bad{k}.toml"), &edits);
        let output = staffsim().arg("bid").arg(&path).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{field}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(field),
            "{field}: {}",
            stderr(&output)
        );
    }
}
