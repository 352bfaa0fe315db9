//! `staffsim bid SCENARIO`: contract sizing and pricing over a term.

use super::{args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all};
use clap::Args;
use staffsim::bid::{self, BidResult};
use staffsim::present::charts;
use staffsim::report::{Align, Table, thousands, write_csv};
use staffsim::scenario::Scenario;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Size and price the bundled two-year bid
  staffsim bid scenarios/bpo-bid-baseline.toml

  # Months as CSV, the bid as JSON, the FTE plan as a chart
  staffsim bid scenarios/bpo-bid-baseline.toml --csv months.csv --json --chart fte.png";

/// Arguments of `staffsim bid`.
#[derive(Debug, Args)]
pub(super) struct BidArgs {
    /// The scenario file (TOML) with a [bid] section.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Write the months as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the monthly FTE and headcount plan to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the bid as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Replications (overrides [bid] replications), seed and threads of the SLA-risk simulation.
    #[command(flatten)]
    sim: args::SimFlags,
}

/// Runs `staffsim bid`.
pub(super) fn run(args: BidArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
            ])?;
            return run_portfolio(&portfolio, &args);
        }
    };
    warn_all(&scenario.warnings);
    let Some(config) = &scenario.bid else {
        return Err(super::UsageError(format!(
            "{} has no [bid] section: add term_months, a monthly volume and [[bid.sites]]",
            args.scenario.display()
        ))
        .into());
    };
    let options = args
        .sim
        .options(config.replications, scenario.simulation.seed);
    let (bar, tick) = progress_bar();
    let result = bid::bid(&scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.month_rows())?;
    }
    if let Some(path) = &args.chart {
        charts::bid_fte(&scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&render(&scenario, &result))
    }
}

fn render(scenario: &Scenario, r: &BidResult) -> String {
    let c = &r.currency;
    let mut out = format!(
        "{} — bid over {} months, margin {:.0} %, blended cost {c} {:.2} per paid hour\n\n",
        scenario.name,
        r.months.len(),
        r.margin * 100.0,
        r.blended_hourly_cost
    );
    let mut table = Table::new([
        ("month", Align::Left),
        ("volume", Align::Right),
        ("required FTE", Align::Right),
        ("effective FTE", Align::Right),
        ("hires", Align::Right),
        ("leavers", Align::Right),
        ("headcount", Align::Right),
        ("paid hours", Align::Right),
        ("cost", Align::Right),
        ("P(miss SLA)", Align::Right),
    ]);
    for m in &r.months {
        table.row([
            m.label.clone(),
            thousands(m.volume),
            format!("{:.1}", m.required_fte),
            format!("{:.1}", m.effective_fte),
            m.hires.to_string(),
            m.leavers.to_string(),
            m.headcount.to_string(),
            thousands(m.paid_hours),
            thousands(m.cost),
            staffsim::report::format::percent_ci(m.p_miss_sla, Some(m.p_miss_sla_ci95), 1),
        ]);
    }
    out.push_str(&table.to_string());
    let has_credits = scenario.bid.as_ref().is_some_and(|b| !b.slas.is_empty());
    let riskiest = r.riskiest_month();
    out.push_str(&format!(
        "\nlaunch team      {} hires in {}, training until go-live (recruiting from {} ahead), {c} {} for their training wages, recruiting and trainers\n\
         total cost       {c} {} ({c} {:.3} per handled contact)\n\
         revenue          {c} {}: {:.1} % margin {} (target {:.0} %{})\n\
         price            {c} {} per FTE-month · {c} {:.3} per handled contact · {c} {:.4} per handled minute · {c} {:.3} per resolved contact\n\
         hybrid           {c} {} a month plus {c} {:.3} per handled contact\n\
         SLA risk         P(a month misses) {:.1} % on average, at the staffing the hiring plan puts on the phones; riskiest month {} at {} over {} replications\n\
         unadjusted       at the plain Erlang requirement: total cost {c} {}, {c} {:.3} per handled contact, {} launch hires\n",
        r.launch_hires,
        staffsim::report::format::count_of(r.launch_classes, "class"),
        staffsim::report::format::count_of(r.recruit_months_before_start as u64, "month"),
        thousands(r.transition_cost),
        thousands(r.total_cost),
        r.cost_per_handled_contact,
        thousands(r.revenue),
        r.margin_after_expected_credits * 100.0,
        if has_credits {
            format!("after expected SLA credits of {c} {}", thousands(r.expected_sla_credits))
        } else {
            "(the terms credit no SLA miss)".to_string()
        },
        r.margin * 100.0,
        match (has_credits, r.price_risk) {
            (false, _) => "",
            (true, staffsim::scenario::PriceRisk::Include) => ", credits priced in",
            (true, staffsim::scenario::PriceRisk::Show) => ", credits shown, not priced",
        },
        staffsim::report::format::grouped(r.price_per_fte_month, 2),
        r.price_per_contact,
        r.price_per_minute,
        r.price_per_resolved_contact,
        thousands(r.hybrid_base_per_month),
        r.hybrid_per_contact,
        r.p_miss_sla * 100.0,
        riskiest.label,
        staffsim::report::format::percent_ci(riskiest.p_miss_sla, Some(riskiest.p_miss_sla_ci95), 1),
        r.risk_replications,
        thousands(r.unadjusted.total_cost),
        r.unadjusted.price_per_contact,
        r.unadjusted.launch_hires
    ));
    if scenario
        .bid
        .as_ref()
        .is_some_and(|b| !b.gain_share.is_empty())
    {
        out.push_str(&format!(
            "gain-share       expected {} {c} {} over the term: {:.1} % margin after credits and gain-share\n",
            if r.expected_gain_share >= 0.0 { "bonus" } else { "malus" },
            thousands(r.expected_gain_share.abs()),
            r.expected_margin * 100.0
        ));
    }
    if r.bench_fte > 0.05 {
        out.push_str(&format!(
            "bench            {:.1} FTE-months beyond the requirement (launch classes sized for the ramp, whole classes), {c} {} {}\n",
            r.bench_fte,
            thousands(r.bench_cost),
            match r.release {
                staffsim::scenario::Release::Attrition => "paid until attrition takes them (release = \"attrition\")",
                staffsim::scenario::Release::Redeploy => "out of this contract's cost: redeployed (release = \"redeploy\")",
            }
        ));
    }
    if r.sites.len() > 1 {
        for s in &r.sites {
            out.push_str(&format!(
                "site {:<11} {:.0} % of contacts, {:.0} % of the work (AHT × {:.2}), attrition {:.1} % a month ({:.1} % new hires), {} hires, {c} {:.2} per paid hour, labour {c} {} after go-live\n",
                s.name,
                s.share * 100.0,
                s.workload_share * 100.0,
                s.aht_multiplier,
                s.attrition * 100.0,
                s.new_hire_attrition * 100.0,
                s.hires,
                s.hourly_cost,
                thousands(s.labour_cost),
            ));
        }
    }
    let (lowest, highest) = (
        staffsim::bid::UPLIFTS[0],
        staffsim::bid::UPLIFTS[staffsim::bid::UPLIFTS.len() - 1],
    );
    match (r.staffing_uplift_for_bound, r.fte_at_bound) {
        (Some(u), Some(fte)) => out.push_str(&format!(
            "risk bound       priced at staffing × {u:.2} of the Erlang requirement ({fte:.1} FTE on average), the least of × {lowest:.2} … × {highest:.2} whose hiring plan keeps every month's P(miss) ≤ {:.0} %\n",
            r.max_p_miss * 100.0
        )),
        _ => out.push_str(&format!(
            "risk bound       no staffing up to × {highest:.2} keeps every month's P(miss) ≤ {:.0} %: priced at × {highest:.2} with the SLA credits it expects\n",
            r.max_p_miss * 100.0
        )),
    }
    if scenario.sweep.is_some() {
        out.push_str(&format!(
            "basis            the bid staffs so each month's SLA holds with P(miss) ≤ {:.0} %; `staffsim sweep` recommends the cheapest option holding the per-day target on [target] confidence of days: different questions, so their staffing multiples may differ\n",
            r.max_p_miss * 100.0
        ));
    }
    if !r.risk_decided {
        out.push_str(&format!(
            "warning          {} replications leave some month's P(miss) undecided against the {:.0} % bound (its 95 % interval straddles it and is wider than ±5 points): raise --replications\n",
            r.risk_replications,
            r.max_p_miss * 100.0
        ));
    }
    out
}

/// What one unit of a queue's work is priced as: a contact, a session, a transaction
/// (back-office) or a right-party contact (outbound).
fn natural_unit(scenario: &Scenario) -> &'static str {
    match scenario.channel.kind() {
        "chat" => "session",
        "backoffice" => "transaction",
        "outbound" => "right-party contact",
        _ => "contact",
    }
}

/// `bid` on a portfolio: every queue's own `[bid]`, each priced by its natural unit, and the whole.
fn run_portfolio(portfolio: &staffsim::portfolio::Portfolio, args: &BidArgs) -> anyhow::Result<()> {
    let mut results = Vec::with_capacity(portfolio.queues.len());
    for q in &portfolio.queues {
        let Some(config) = &q.scenario.bid else {
            return Err(super::UsageError(format!(
                "{}: queue '{}' ({}) has no [bid] section: every queue of a bid portfolio needs one (a portfolio's [bid] gives the shared terms; each queue's file its volume)",
                args.scenario.display(),
                q.name,
                q.scenario.source.display()
            ))
            .into());
        };
        let options = args
            .sim
            .options(config.replications, q.scenario.simulation.seed);
        let (bar, tick) = progress_bar();
        let result = bid::bid(&q.scenario, options, &tick);
        bar.finish_and_clear();
        results.push(result?);
    }
    let handled = |r: &BidResult| r.months.iter().map(|m| m.handled).sum::<f64>();
    let fte_months = |r: &BidResult| r.months.iter().map(|m| m.required_fte).sum::<f64>();
    let total_cost: f64 = results.iter().map(|r| r.total_cost).sum();
    let revenue: f64 = results.iter().map(|r| r.revenue).sum();
    let all_handled: f64 = results.iter().map(handled).sum();
    let all_fte_months: f64 = results.iter().map(fte_months).sum();
    let credits: f64 = results.iter().map(|r| r.expected_sla_credits).sum();
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let totals = serde_json::json!({
        "total_cost": total_cost,
        "revenue": revenue,
        "handled": all_handled,
        "required_fte_months": all_fte_months,
        "price_per_handled_unit": ratio(revenue, all_handled),
        "price_per_fte_month": ratio(revenue, all_fte_months),
        "expected_sla_credits": credits,
        "margin": ratio(revenue - total_cost, revenue),
        "margin_after_expected_credits": ratio(revenue - total_cost - credits, revenue),
    });
    if args.json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&results)
            .map(|(q, r)| -> anyhow::Result<serde_json::Value> {
                Ok(super::portfolio::queue_entry(
                    serde_json::json!({
                        "queue": q.name,
                        "channel": q.scenario.channel.kind(),
                        "unit": natural_unit(&q.scenario),
                        "price_per_unit": r.price_per_contact,
                    }),
                    serde_json::to_value(r)?,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        return super::portfolio::emit_with_totals(portfolio, queues, totals);
    }
    let mut out = super::portfolio::queue_sections(portfolio, |k| {
        render(&portfolio.queues[k].scenario, &results[k])
    });
    let currency = results
        .first()
        .map_or(String::new(), |r| r.currency.clone());
    out.push_str(&format!("portfolio {}\n", portfolio.name));
    for (q, r) in portfolio.queues.iter().zip(&results) {
        out.push_str(&format!(
            "  {:<14} {currency} {:.3} per {} · {currency} {} per FTE-month · revenue {currency} {}\n",
            q.name,
            r.price_per_contact,
            natural_unit(&q.scenario),
            staffsim::report::format::grouped(r.price_per_fte_month, 2),
            thousands(r.revenue)
        ));
    }
    out.push_str(&format!(
        "  total          cost {currency} {}, revenue {currency} {} ({} margin, {} after expected SLA credits of {currency} {}), {} handled, {} per handled unit blended\n",
        thousands(total_cost),
        thousands(revenue),
        ratio(revenue - total_cost, revenue).map_or("–".into(), |m| staffsim::report::format::percent(m, 1)),
        ratio(revenue - total_cost - credits, revenue)
            .map_or("–".into(), |m| staffsim::report::format::percent(m, 1)),
        thousands(credits),
        thousands(all_handled),
        ratio(revenue, all_handled).map_or("–".into(), |p| format!("{currency} {p:.3}")),
    ));
    emit(&out)
}
