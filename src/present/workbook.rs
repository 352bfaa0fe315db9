//! `workbook.xlsx`: Summary, Intervals and Assumptions sheets (and Sweep and Bid when present)
//! with proper number formats, cost and price cells as live formulas over their inputs, and a
//! native Excel chart of service level by interval — planners live in Excel.

use super::{ReportRow, interval_rows};
use crate::bid::BidResult;
use crate::error::{Error, Result};
use crate::plan::IntervalPlan;
use crate::plan::Plan;
use crate::report::format;
use crate::scenario::{HandleTime, Patience, Scenario, Staffing};
use crate::schedule::ScheduleResult;
use crate::sim::{Estimate, SimulationResult};
use crate::sweep::SweepResult;
use crate::units::Seconds;
use rust_xlsxwriter::{
    Chart, ChartLine, ChartLineDashType, ChartType, ExcelDateTime, Format, FormatAlign, Formula,
    Workbook, XlsxError,
};

/// Excel's row limit per sheet (header included).
pub(super) const EXCEL_MAX_ROWS: usize = 1_048_576;

/// Checks before any work that the workbook can hold the scenario: its Intervals sheet has one
/// row per open interval under a header.
pub(crate) fn check_fits(scenario: &Scenario) -> Result<()> {
    let rows = scenario.open_intervals().count() + 1;
    if rows > EXCEL_MAX_ROWS {
        return Err(Error::input(
            scenario.source.display(),
            format!(
                "the workbook's Intervals sheet would need {rows} rows, more than Excel's {EXCEL_MAX_ROWS}: run with --no-workbook (intervals.csv keeps every interval), or plan a shorter horizon or longer intervals"
            ),
        ));
    }
    Ok(())
}

/// The workbook as bytes.
pub(crate) fn build(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
    extras: super::Extras,
) -> Result<Vec<u8>> {
    build_workbook(scenario, plan, sim, extras).map_err(|e| Error::Write {
        path: "workbook.xlsx".into(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn build_workbook(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
    extras: super::Extras,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&scenario.cost.currency);
    let mut workbook = Workbook::new();
    let rows = interval_rows(plan, sim);
    let book = Book {
        scenario,
        plan,
        sim,
        rows: &rows,
        f: &f,
    };
    summary_sheet(&mut workbook, &book)?;
    intervals_sheet(&mut workbook, &book)?;
    assumptions_sheet(&mut workbook, &book)?;
    if let Some(sweep) = extras.sweep {
        sweep_sheet(&mut workbook, &book, sweep)?;
    }
    if let Some(schedule) = extras.schedule {
        schedule_sheet(&mut workbook, &book, schedule)?;
    }
    if let Some(bid) = extras.bid {
        bid_sheet(&mut workbook, &book, bid)?;
    }
    workbook.save_to_buffer()
}

/// The number formats every sheet uses.
struct Formats {
    bold: Format,
    header: Format,
    percent: Format,
    seconds: Format,
    number: Format,
    whole: Format,
    money: Format,
    when: Format,
    /// A date alone (the schedule's shift dates).
    day: Format,
    /// A time of day alone (the schedule's starts and ends).
    clock: Format,
    title: Format,
}

impl Formats {
    fn new(currency: &str) -> Self {
        Self {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            percent: Format::new().set_num_format("0.0%"),
            seconds: Format::new().set_num_format("0.0\" s\""),
            number: Format::new().set_num_format("#,##0.0"),
            whole: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format(format!("#,##0.00\" {currency}\"")),
            when: Format::new().set_num_format("ddd dd mmm yyyy hh:mm"),
            day: Format::new().set_num_format("ddd dd mmm yyyy"),
            clock: Format::new().set_num_format("hh:mm"),
            title: Format::new().set_bold().set_font_size(16),
        }
    }
}

/// What every sheet reads.
struct Book<'a> {
    scenario: &'a Scenario,
    plan: &'a Plan,
    sim: &'a SimulationResult,
    rows: &'a [ReportRow],
    f: &'a Formats,
}

/// Summary: KPIs, staffing, cost (as formulas over their inputs) and a native chart.
fn summary_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        rows,
        f,
    } = book;
    let Formats {
        bold,
        header,
        percent,
        seconds,
        number,
        whole,
        money,
        title,
        ..
    } = f;
    let n = rows.len() as u32;
    let ws = workbook.add_worksheet();
    ws.set_name("Summary")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width(3, 16)?;
    ws.set_column_width(4, 18)?;
    ws.write_string_with_format(0, 0, super::markdown::title(scenario), title)?;
    ws.write_string(1, 0, &scenario.description)?;
    for (c, h) in [
        "KPI",
        "Simulated",
        "95 % low",
        "95 % high",
        &plan.model.to_string(),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *h, header)?;
    }
    let t = &plan.totals;
    let r = &sim.run;
    let [sl_label, asa_label, abandon_label, occupancy_label] = kpi_labels(scenario);
    let kpis: [(&str, Option<Estimate>, Option<f64>, &Format); 4] = [
        (sl_label, r.service_level, t.service_level, percent),
        (asa_label, r.asa_seconds, t.asa_seconds, seconds),
        (
            abandon_label,
            r.abandon_rate,
            t.abandon_rate.or(Some(0.0)),
            percent,
        ),
        (occupancy_label, r.occupancy, t.occupancy, percent),
    ];
    for (k, (name, estimate, predicted, format)) in kpis.iter().enumerate() {
        let row = 4 + k as u32;
        ws.write_string(row, 0, *name)?;
        if let Some(e) = estimate {
            ws.write_number_with_format(row, 1, e.mean, format)?;
            if let Some([lo, hi]) = e.ci95 {
                ws.write_number_with_format(row, 2, lo, format)?;
                ws.write_number_with_format(row, 3, hi, format)?;
            }
        }
        if let Some(p) = predicted {
            ws.write_number_with_format(row, 4, *p, format)?;
        }
    }
    let mut row = 9;
    let mut line =
        |ws: &mut rust_xlsxwriter::Worksheet, label: &str, value: Option<f64>, format: &Format| {
            let result = ws.write_string_with_format(row, 0, label, bold).map(|_| ());
            let result = result.and_then(|()| match value {
                Some(v) => ws.write_number_with_format(row, 1, v, format).map(|_| ()),
                None => ws.write_string(row, 1, "–").map(|_| ()),
            });
            row += 1;
            result
        };
    line(ws, "Contacts offered", Some(t.offered), whole)?;
    line(
        ws,
        "Required agent-hours",
        Some(t.required_agent_hours),
        number,
    )?;
    line(
        ws,
        "Staffed agent-hours",
        Some(t.staffed_agent_hours),
        number,
    )?;
    line(
        ws,
        "Paid agent-hours",
        Some(t.scheduled_agent_hours),
        number,
    )?;
    line(
        ws,
        "Peak required agents",
        Some(f64::from(t.peak_required_agents)),
        whole,
    )?;
    line(ws, "Labour cost", t.labour_cost, money)?;
    line(
        ws,
        "Total cost (with overheads)",
        t.labour_cost.map(|c| c + scenario.cost.fixed_overheads),
        money,
    )?;
    line(
        ws,
        "Labour cost per contact answered",
        t.cost_per_contact,
        money,
    )?;
    line(ws, "Replications", Some(f64::from(sim.replications)), whole)?;
    // The cost cells are live formulas over their inputs, so a planner can change the rate
    // or the overheads in the workbook and see the cost follow. Rows as written above:
    // paid hours in row 13, labour 15, total 16, per contact 17 (Excel's numbering).
    if let Some(rate) = scenario.cost.hourly_cost {
        line(ws, "Hourly cost (input)", Some(rate), money)?;
        line(
            ws,
            "Fixed overheads (input)",
            Some(scenario.cost.fixed_overheads),
            money,
        )?;
        line(ws, "Contacts answered", Some(t.answered), whole)?;
        let (hourly, overheads, answered) = ("B19", "B20", "B21");
        let labour = t.scheduled_agent_hours * rate;
        let formula = |text: String, result: f64| Formula::new(text).set_result(result.to_string());
        ws.write_formula_with_format(14, 1, formula(format!("=B13*{hourly}"), labour), money)?;
        ws.write_formula_with_format(
            15,
            1,
            formula(
                format!("=B15+{overheads}"),
                labour + scenario.cost.fixed_overheads,
            ),
            money,
        )?;
        if let Some(per_contact) = t.cost_per_contact {
            ws.write_formula_with_format(
                16,
                1,
                formula(
                    format!("=IF({answered}>0,B15/{answered},\"–\")"),
                    per_contact,
                ),
                money,
            )?;
        }
    }

    // A native chart of service level by interval, from the Intervals sheet's columns found
    // by header.
    let column = interval_column;
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Service level by interval");
    chart
        .add_series()
        .set_name("Simulated")
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values((
            "Intervals",
            1,
            column("Simulated service level"),
            n,
            column("Simulated service level"),
        ))
        .set_format(ChartLine::new().set_color("#0072B2").set_width(2.0));
    chart
        .add_series()
        .set_name(&format!("{} prediction", plan.model))
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values((
            "Intervals",
            1,
            column("Erlang service level"),
            n,
            column("Erlang service level"),
        ))
        .set_format(
            ChartLine::new()
                .set_color("#E69F00")
                .set_dash_type(ChartLineDashType::Dash),
        );
    chart
        .add_series()
        .set_name("Target")
        .set_categories(("Intervals", 1, 0, n, 0))
        .set_values(("Intervals", 1, column("Target"), n, column("Target")))
        .set_format(
            ChartLine::new()
                .set_color("#141414")
                .set_dash_type(ChartLineDashType::LongDash),
        );
    chart
        .x_axis()
        .set_name("Interval start")
        .set_num_format("ddd hh:mm");
    chart
        .y_axis()
        .set_name(&format!(
            "Answered within {} s",
            scenario.target.service.within().get()
        ))
        .set_num_format("0%")
        .set_min(0.0)
        .set_max(1.0);
    chart.set_width(960).set_height(420);
    ws.insert_chart(19, 0, &chart)?;
    Ok(())
}

/// Intervals: one row per open interval, from the column table.
fn intervals_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        rows,
        f,
        ..
    } = book;
    let Formats {
        header,
        percent,
        seconds,
        number,
        whole,
        when,
        ..
    } = f;
    let n = rows.len() as u32;
    let ws = workbook.add_worksheet();
    ws.set_name("Intervals")?;
    let target = scenario.target.service.service_level();
    let columns = interval_columns(target);
    for (c, column) in columns.iter().enumerate() {
        ws.write_string_with_format(
            0,
            c as u16,
            in_channel_terms(column.header, scenario),
            header,
        )?;
        ws.set_column_width(c as u16, if c == 0 { 22 } else { 13 })?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, (r, p)) in rows
        .iter()
        .zip(plan.intervals.iter().filter(|i| i.open))
        .enumerate()
    {
        let row = k as u32 + 1;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            match (column.value)(r, p) {
                Cell::When(s) => {
                    let start =
                        ExcelDateTime::from_ymd(s.year() as u16, s.month() as u8, s.day() as u8)?
                            .and_hms(s.hour() as u16, s.minute() as u8, s.second() as u8)?;
                    ws.write_datetime_with_format(row, c, &start, when)?;
                }
                Cell::Number(Some(v)) => {
                    let format = match column.format {
                        NumberFormat::Percent => &percent,
                        NumberFormat::Seconds => &seconds,
                        NumberFormat::Decimal => &number,
                        NumberFormat::Whole => &whole,
                    };
                    ws.write_number_with_format(row, c, v, format)?;
                }
                Cell::Number(None) => {}
                Cell::Flag(Some(b)) => {
                    ws.write_boolean(row, c, b)?;
                }
                Cell::Flag(None) => {}
            }
        }
    }
    ws.autofilter(0, 0, n, columns.len() as u16 - 1)?;
    Ok(())
}
/// Assumptions: every input of the scenario, grouped by section as in the scenario file, so a
/// reader of the workbook can rebuild the run: horizon and forecast, handle time and patience,
/// target, shrinkage, special days, staffing, cost, simulation, sweep, bid and report.
fn assumptions_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats { header, bold, .. } = f;
    let ws = workbook.add_worksheet();
    ws.set_name("Assumptions")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 70)?;
    header_row(ws, 0, &["Section", "Input", "Value"], header)?;
    let mut row = 1u32;
    for (section, items) in assumptions(scenario, plan, sim) {
        for (k, (name, value)) in items.iter().enumerate() {
            if k == 0 {
                ws.write_string_with_format(row, 0, section, bold)?;
            }
            ws.write_string(row, 1, name)?;
            ws.write_string(row, 2, value)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// An input as it was written: thousands grouped, up to four decimals, no trailing zeros
/// (0.15 → "0.15", 12.5 → "12.5", 36000 → "36,000").
fn exact(x: f64) -> String {
    let decimals = (0..=4)
        .find(|&d| {
            let scale = 10f64.powi(d);
            ((x * scale).round() / scale - x).abs() <= 1e-9 * x.abs().max(1.0)
        })
        .unwrap_or(4);
    format::grouped(x, decimals as usize)
}

/// Every input of `scenario`, as (section, [(input, value)]) in the order of the scenario file.
fn assumptions(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
) -> Vec<(&'static str, Vec<(String, String)>)> {
    let pct = |v: f64| format!("{} %", exact(v * 100.0));
    let opt_pct = |v: Option<f64>| v.map_or("–".to_string(), pct);
    let secs = |v: Seconds| format!("{} s", exact(v.get()));
    let list = |values: &[f64]| {
        values
            .iter()
            .map(|v| exact(*v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let currency = &scenario.cost.currency;
    let money = |v: f64| format::money(v, currency);
    let pair = |a: &str, b: String| (a.to_string(), b);
    let t = scenario.target.service;
    let first = scenario.intervals.first().map(|i| i.start);
    let last = scenario.intervals.last().map(|i| i.start);
    let mut sections = Vec::new();

    let mut horizon = vec![
        pair("Scenario", scenario.name.clone()),
        pair("Description", scenario.description.clone()),
        pair("Scenario file", scenario.source.display().to_string()),
        pair("Interval", scenario.interval.to_string()),
        pair(
            "Horizon",
            match (first, last) {
                (Some(a), Some(b)) => format!(
                    "{} to {} ({} days, {} intervals, {} open)",
                    a.date(),
                    b.date(),
                    plan.days.len(),
                    scenario.intervals.len(),
                    plan.totals.intervals
                ),
                _ => "–".into(),
            },
        ),
        pair(
            "Contacts forecast",
            format::thousands(scenario.intervals.iter().map(|i| i.volume).sum()),
        ),
    ];
    if let Some(forecast) = &scenario.forecast {
        horizon.extend([
            pair("Forecast method", forecast.method.to_string()),
            pair("Backtest WAPE", pct(forecast.backtest_wape)),
            pair(
                "Poisson floor of the WAPE",
                pct(forecast.poisson_floor_wape),
            ),
            pair("History intervals", forecast.history_intervals.to_string()),
        ]);
    }
    sections.push(("Horizon", horizon));

    sections.push((
        "Handling",
        vec![
            pair(
                "Handle time distribution",
                match &scenario.handle_time {
                    HandleTime::Exponential => "exponential".into(),
                    HandleTime::Lognormal { cv } => format!("lognormal, cv {cv}"),
                    HandleTime::Gamma { cv } => format!("gamma, cv {cv}"),
                    HandleTime::Fixed => "fixed".into(),
                    HandleTime::Empirical { samples } => {
                        format!("empirical, {} observed handle times", samples.len())
                    }
                },
            ),
            pair(
                "Patience",
                match scenario.patience {
                    Patience::None => "none: nobody abandons".into(),
                    Patience::Exponential { mean } => format!("exponential, mean {}", secs(mean)),
                    Patience::Lognormal { mean, cv } => {
                        format!("lognormal, mean {}, cv {cv}", secs(mean))
                    }
                },
            ),
        ],
    ));

    sections.push((
        "Target",
        vec![
            pair(
                "Service level",
                format!(
                    "{} within {} ({})",
                    pct(t.service_level()),
                    secs(t.within()),
                    t.definition()
                ),
            ),
            pair("Max occupancy", opt_pct(scenario.target.max_occupancy)),
            pair("Max ASA", scenario.target.max_asa.map_or("–".into(), secs)),
            pair("Max abandonment", opt_pct(scenario.target.max_abandon)),
            pair("Confidence (sweep, bid)", pct(scenario.target.confidence)),
            pair("Model (plan)", plan.model.to_string()),
        ],
    ));

    let mut shrinkage = vec![pair("Total", pct(scenario.shrinkage.total.fraction()))];
    for (name, v) in &scenario.shrinkage.components {
        shrinkage.push((name.clone(), pct(*v)));
    }
    sections.push(("Shrinkage", shrinkage));

    let special: Vec<(String, String)> = scenario
        .special_days
        .iter()
        .map(|day| {
            let dates = if day.from == day.to {
                day.from.to_string()
            } else {
                format!("{} to {}", day.from, day.to)
            };
            let what = if day.closed {
                "closed".to_string()
            } else {
                format!(
                    "volume × {}, AHT × {}{}",
                    day.volume_multiplier,
                    day.aht_multiplier,
                    if day.intraday.is_some() {
                        ", own intraday profile"
                    } else {
                        ""
                    }
                )
            };
            (day.name.clone(), format!("{dates}: {what}"))
        })
        .collect();
    if !special.is_empty() {
        sections.push(("Special days", special));
    }

    let mut staffing = vec![pair("Method", scenario.staffing.method().to_string())];
    match &scenario.staffing {
        Staffing::Constant(n) => staffing.push(pair("Agents", n.to_string())),
        Staffing::Roster(shifts) => {
            for shift in shifts {
                let breaks: Vec<String> = shift
                    .breaks
                    .iter()
                    .map(|b| format!("break {} after {}", b.length, b.offset))
                    .collect();
                staffing.push((
                    format!("Shift {}", shift.name),
                    format!(
                        "{} agents from {} for {:.1} h, {}{}",
                        shift.agents,
                        shift.start,
                        shift.length.hours(),
                        shift.days.to_names().join(" "),
                        if breaks.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", breaks.join(", "))
                        }
                    ),
                ));
            }
        }
        Staffing::Given(what) => staffing.push(pair("Given", what.clone())),
        Staffing::ErlangC | Staffing::ErlangA | Staffing::Csv => {}
    }
    sections.push(("Staffing", staffing));

    sections.push((
        "Cost",
        vec![
            pair("Currency", currency.clone()),
            pair(
                "Hourly cost (paid hour)",
                scenario.cost.hourly_cost.map_or("–".into(), money),
            ),
            pair("Fixed overheads", money(scenario.cost.fixed_overheads)),
        ],
    ));

    let s = &scenario.simulation;
    sections.push((
        "Simulation",
        vec![
            pair("Replications", sim.replications.to_string()),
            pair("Seed", sim.seed.to_string()),
            pair("Forecast error (daily volume cv)", s.volume_cv.to_string()),
            pair("First-contact resolution", pct(s.fcr)),
            pair("Repeat delay (mean)", secs(s.repeat_delay)),
            pair("Retry probability", pct(s.retry_probability)),
            pair("Retry delay (mean)", secs(s.retry_delay)),
        ],
    ));

    if let Some(sweep) = &scenario.sweep {
        let mut items = Vec::new();
        let ints = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
        if !sweep.agents_added.is_empty() {
            items.push(pair("Agents added", ints(&sweep.agents_added)));
        }
        for (name, values) in [
            ("Requirement multiplier", &sweep.requirement_multiplier),
            ("Volume multiplier", &sweep.volume_multiplier),
            ("AHT multiplier", &sweep.aht_multiplier),
            ("Shrinkage", &sweep.shrinkage),
        ] {
            if !values.is_empty() {
                items.push(pair(name, list(values)));
            }
        }
        for (shift, agents) in &sweep.shift_agents {
            let agents: Vec<String> = agents.iter().map(u32::to_string).collect();
            items.push((format!("Agents on shift {shift}"), agents.join(", ")));
        }
        if !sweep.patience.is_empty() {
            let values: Vec<String> = sweep.patience.iter().map(|p| secs(*p)).collect();
            items.push(pair("Patience", values.join(", ")));
        }
        items.push(pair(
            "Replications",
            sweep
                .replications
                .map_or("as the simulation".into(), |r| r.to_string()),
        ));
        items.push(pair("Hours per FTE-week", exact(sweep.hours_per_fte_week)));
        sections.push(("Sweep", items));
    }

    if let Some(bid) = &scenario.bid {
        let mut items = vec![
            pair("Term", format!("{} months", bid.term_months)),
            pair(
                "Start",
                bid.start
                    .map_or("the scenario's first month".into(), |d| d.to_string()),
            ),
            pair("Monthly volume", list(&bid.monthly_volume)),
            pair("AHT", bid.aht.map_or("the scenario's AHT".into(), secs)),
            pair("Hours per FTE-month", exact(bid.hours_per_fte_month)),
            pair(
                "Shrinkage",
                bid.shrinkage.map_or("the scenario's".into(), pct),
            ),
            pair("Attrition (per month)", pct(bid.attrition)),
            pair(
                "New-hire months (their own attrition)",
                bid.new_hire_months.to_string(),
            ),
            pair("Training", format!("{} weeks", bid.training_weeks)),
            pair(
                "Ramp (productivity by month)",
                bid.ramp
                    .iter()
                    .map(|r| pct(*r))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            pair("Hiring lead", format!("{} months", bid.hiring_lead_months)),
        ];
        for site in &bid.sites {
            items.push((
                format!("Site {}", site.name),
                format!(
                    "{} of contacts at {} per hour; AHT × {}; attrition {} a month, {} for new hires",
                    pct(site.share),
                    money(site.hourly_cost),
                    exact(site.aht_multiplier),
                    pct(site.attrition),
                    pct(site.new_hire_attrition)
                ),
            ));
        }
        items.extend([
            pair("Overheads per month", money(bid.overheads_per_month)),
            pair("Margin", pct(bid.margin)),
            pair("Hybrid base share", pct(bid.hybrid_base_share)),
            pair("SLA credit (share of the month's fee)", pct(bid.sla_credit)),
            pair("SLA credit cap (share of revenue)", pct(bid.sla_credit_cap)),
            pair("Max P(a month misses the SLA)", pct(bid.max_p_miss)),
            pair(
                "Volume cv",
                bid.volume_cv
                    .map_or("the simulation's".into(), |v| v.to_string()),
            ),
            pair("Replications", bid.replications.to_string()),
            pair(
                "Class size",
                if bid.class_size.1 == u32::MAX {
                    format!("at least {}", bid.class_size.0)
                } else {
                    format!("{} to {}", bid.class_size.0, bid.class_size.1)
                },
            ),
            pair(
                "Classes start at most every",
                format!("{} month(s)", bid.class_every_months),
            ),
            pair("Cost per hire", money(bid.cost_per_hire)),
            pair("Trainer cost per class", money(bid.trainer_cost_per_class)),
            pair(
                "Expected SLA credits",
                match bid.price_risk {
                    crate::scenario::PriceRisk::Include => "priced in".into(),
                    crate::scenario::PriceRisk::Show => "shown, not priced".into(),
                },
            ),
            pair("Monthly forecast error (cv)", exact(bid.monthly_cv)),
            pair("Month-to-month correlation", exact(bid.month_correlation)),
        ]);
        for g in &bid.gain_share {
            items.push((
                format!("Gain-share {:?}", g.kpi),
                format!(
                    "{} of the fee per point from {}, capped at {} either way",
                    pct(g.per_point),
                    exact(g.target),
                    pct(g.cap)
                ),
            ));
        }
        for sla in &bid.slas {
            let tiers: Vec<String> = sla
                .tiers
                .iter()
                .map(|(t, c)| format!("{} → {} of the fee", exact(*t), pct(*c)))
                .collect();
            items.push((
                format!("SLA {:?}", sla.kpi),
                format!(
                    "{}{}",
                    tiers.join("; "),
                    if sla.earn_back_months > 0 {
                        format!("; earned back after {} months met", sla.earn_back_months)
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        for h in &bid.holidays {
            items.push((
                format!("Holiday {}", h.name),
                format!(
                    "{}{}: {}",
                    h.from,
                    if h.to != h.from {
                        format!(" to {}", h.to)
                    } else {
                        String::new()
                    },
                    if h.closed {
                        "closed".to_string()
                    } else {
                        format!(
                            "volume × {}, AHT × {}",
                            h.volume_multiplier, h.aht_multiplier
                        )
                    }
                ),
            ));
        }
        sections.push(("Bid", items));
    }

    if let Some(schedule) = &scenario.schedule {
        let mut items = vec![
            pair(
                "Objective",
                match schedule.objective {
                    crate::scenario::Objective::Cover => "cover every interval".into(),
                    crate::scenario::Objective::Service => {
                        "meet the target on the confidence, day by day".into()
                    }
                },
            ),
            pair(
                "Keep",
                if schedule.keep_roster {
                    "today's roster, adding shifts".into()
                } else {
                    "nothing: schedule from scratch".into()
                },
            ),
            pair(
                "Max agents per interval",
                schedule.max_agents.map_or("–".into(), |m| m.to_string()),
            ),
        ];
        for t in &schedule.templates {
            let starts = match (t.starts.first(), t.starts.last()) {
                (Some(a), Some(b)) if t.starts.len() > 1 => {
                    format!("{} starts from {a} to {b}", t.starts.len())
                }
                (Some(a), _) => format!("starts at {a}"),
                _ => String::new(),
            };
            let breaks: Vec<String> = t
                .breaks
                .iter()
                .map(|b| {
                    format!(
                        "{} {} break between {} and {} in",
                        b.length,
                        if b.paid { "paid" } else { "unpaid" },
                        b.earliest,
                        b.latest
                    )
                })
                .collect();
            items.push((
                format!("Template {}", t.name),
                format!(
                    "{}, {} long, {}; {}; agents per start {}{}{}",
                    starts,
                    t.length,
                    t.days.to_names().join(" "),
                    t.hourly_cost.map_or("the [cost] rate".into(), |c| format!(
                        "{} per hour",
                        money(c)
                    )),
                    t.min_agents,
                    t.max_agents
                        .map_or(" or more".into(), |m| format!(" to {m}")),
                    if breaks.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", breaks.join(", "))
                    }
                ),
            ));
        }
        sections.push(("Schedule", items));
    }

    let report = &scenario.report;
    let (w, h) = report.style.size();
    sections.push((
        "Report",
        vec![
            pair("Title", report.title.clone().unwrap_or_else(|| "–".into())),
            pair(
                "Client",
                report.client.clone().unwrap_or_else(|| "–".into()),
            ),
            pair("Chart size", format!("{w}×{h}")),
            pair(
                "Brand colour",
                report
                    .style
                    .accent
                    .map_or("house blue".into(), |[r, g, b]| {
                        format!("#{r:02X}{g:02X}{b:02X}")
                    }),
            ),
            pair(
                "Logo",
                if report.style.logo.is_some() {
                    "yes, in every chart's footer".into()
                } else {
                    "–".into()
                },
            ),
        ],
    ));
    sections
}

/// Sweep: every option.
fn sweep_sheet(workbook: &mut Workbook, book: &Book, sweep: &SweepResult) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let Formats {
        header,
        percent,
        number,
        money,
        ..
    } = f;

    let ws = workbook.add_worksheet();
    ws.set_name("Sweep")?;
    let headers = [
        "Option",
        "Paid hours",
        "FTE",
        "Peak agents",
        "Cost",
        "Cost per contact",
        "Erlang service level",
        "Simulated service level",
        "SL 95 % low",
        "SL 95 % high",
        "P(day meets target)",
        "Simulated abandoned",
        "Pareto front",
        "Recommended",
    ];
    header_row(ws, 0, &headers, header)?;
    ws.set_column_width(0, 40)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 13)?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, o) in sweep.options.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &o.label)?;
        ws.write_number_with_format(row, 1, o.paid_hours, number)?;
        ws.write_number_with_format(row, 2, o.fte, number)?;
        ws.write_number(row, 3, f64::from(o.peak_agents))?;
        ws.write_number_with_format(row, 4, o.cost, money)?;
        if let Some(c) = o.cost_per_contact {
            ws.write_number_with_format(row, 5, c, money)?;
        }
        if let Some(sl) = o.erlang_service_level {
            ws.write_number_with_format(row, 6, sl, percent)?;
        }
        if let Some(e) = o.service_level {
            ws.write_number_with_format(row, 7, e.mean, percent)?;
            if let Some([lo, hi]) = e.ci95 {
                ws.write_number_with_format(row, 8, lo, percent)?;
                ws.write_number_with_format(row, 9, hi, percent)?;
            }
        }
        ws.write_number_with_format(row, 10, o.p_meet_target, percent)?;
        if let Some(e) = o.abandon_rate {
            ws.write_number_with_format(row, 11, e.mean, percent)?;
        }
        ws.write_boolean(row, 12, o.pareto)?;
        ws.write_boolean(
            row,
            13,
            sweep.recommended.iter().any(|(_, r)| *r == Some(k)),
        )?;
    }
    ws.autofilter(0, 0, sweep.options.len() as u32, headers.len() as u16 - 1)?;
    Ok(())
}

/// Schedule: one row per shift with its cost as a formula (paid hours × the rate), a total
/// row, and with `keep = "roster"` what each day adds and its service before and after.
fn schedule_sheet(
    workbook: &mut Workbook,
    book: &Book,
    schedule: &ScheduleResult,
) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let Formats {
        bold,
        header,
        percent,
        number,
        money,
        day,
        clock,
        ..
    } = f;
    let ws = workbook.add_worksheet();
    ws.set_name("Schedule")?;
    let headers = [
        "Date",
        "Template",
        "Start",
        "End",
        "Breaks",
        "Agents",
        "Paid hours",
        "Rate per paid hour",
        "Cost",
    ];
    header_row(ws, 0, &headers, header)?;
    for c in 0..headers.len() as u16 {
        ws.set_column_width(c, if c == 4 { 22 } else { 16 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    let formula = |text: String, result: f64| Formula::new(text).set_result(result.to_string());
    for (k, s) in schedule.shifts.iter().enumerate() {
        let row = k as u32 + 1;
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|b| format!("{}–{}", &b.start[11..], &b.end[11..]))
            .collect();
        // Dates and times as Excel dates and times (sortable, filterable), text only if a value
        // does not parse.
        match s.date.parse::<jiff::civil::Date>() {
            Ok(d) => {
                let date =
                    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(row, 0, &date, day)?;
            }
            Err(_) => {
                ws.write_string(row, 0, &s.date)?;
            }
        }
        ws.write_string(row, 1, &s.template)?;
        for (c, at) in [(2u16, &s.start), (3, &s.end)] {
            match at.parse::<jiff::civil::DateTime>() {
                Ok(t) => {
                    let time = ExcelDateTime::from_hms(
                        t.hour() as u16,
                        t.minute() as u8,
                        t.second() as u8,
                    )?;
                    ws.write_datetime_with_format(row, c, &time, clock)?;
                }
                Err(_) => {
                    ws.write_string(row, c, at.get(11..).unwrap_or(at))?;
                }
            }
        }
        ws.write_string(row, 4, breaks.join(", "))?;
        ws.write_number(row, 5, f64::from(s.agents))?;
        ws.write_number_with_format(row, 6, s.paid_hours, number)?;
        if let Some(cost) = s.cost {
            let rate = if s.paid_hours > 0.0 {
                cost / s.paid_hours
            } else {
                0.0
            };
            ws.write_number_with_format(row, 7, rate, money)?;
            ws.write_formula_with_format(
                row,
                8,
                formula(format!("=G{0}*H{0}", row + 1), cost),
                money,
            )?;
        }
    }
    let n = schedule.shifts.len() as u32;
    let total = n + 1;
    ws.write_string_with_format(total, 0, "Total", bold)?;
    for (c, col, value, format) in [
        (5u16, "F", f64::from(schedule.heads), number),
        (6, "G", schedule.paid_hours, number),
        (8, "I", schedule.cost, money),
    ] {
        ws.write_formula_with_format(
            total,
            c,
            formula(format!("=SUM({col}2:{col}{})", n + 1), value),
            format,
        )?;
    }
    let mut row = total + 2;
    for (label, value, format) in [
        (
            "Lower bound on the covering cost",
            schedule.lower_bound_cost,
            money,
        ),
        ("Gap", schedule.gap, percent),
        (
            "Required agent-hours",
            schedule.required_agent_hours,
            number,
        ),
        (
            "Agent-hours on the phones",
            schedule.scheduled_agent_hours,
            number,
        ),
        (
            "Over the requirement",
            schedule.over_coverage_agent_hours,
            number,
        ),
        (
            "Short of the requirement",
            schedule.under_coverage_agent_hours,
            number,
        ),
    ] {
        ws.write_string_with_format(row, 0, label, bold)?;
        ws.write_number_with_format(row, 2, value, format)?;
        row += 1;
    }
    if schedule.added.is_some() {
        row += 1;
        let headers = [
            "Day",
            "Shifts added",
            "Agents",
            "Agent-hours",
            "Paid hours",
            "Cost",
            "SL before",
            "SL after",
            "P(meet) before",
            "P(meet) after",
        ];
        header_row(ws, row, &headers, header)?;
        for day in &schedule.days {
            let Some(a) = &day.added else { continue };
            row += 1;
            ws.write_string(row, 0, &day.date)?;
            ws.write_number(row, 1, a.shifts as f64)?;
            ws.write_number(row, 2, f64::from(a.heads))?;
            ws.write_number_with_format(row, 3, a.agent_hours, number)?;
            ws.write_number_with_format(row, 4, a.paid_hours, number)?;
            ws.write_number_with_format(row, 5, a.cost, money)?;
            let before = a.service_level_before();
            let after = day.service_level();
            for (c, v) in [
                (6, before),
                (7, after),
                (8, a.p_meet_target_before),
                (9, day.p_meet_target),
            ] {
                if let Some(v) = v {
                    ws.write_number_with_format(row, c, v, percent)?;
                }
            }
        }
    }
    Ok(())
}

/// Bid: the months, their totals, and the prices as live formulas over them: change the margin,
/// a month's cost or handled contacts and the revenue, the prices and every month's fee follow.
///
/// # Formulas
///
/// `total cost = Σ cost + transition`, `revenue = total cost ÷ (1 − margin − included × (κ − γ))`
/// with κ the simulated expected credits and γ the expected gain-share per unit of revenue,
/// `expected credits = κ × revenue`, `expected gain-share = γ × revenue`, prices are revenue
/// ÷ Σ required FTE-months, Σ handled contacts and Σ handled minutes; the hybrid base is
/// `share × revenue ÷ months` and its per-contact rate `(1 − share) × revenue ÷ Σ handled`; a
/// month's fee is its handled contacts × the price per contact.
fn bid_sheet(workbook: &mut Workbook, book: &Book, bid: &BidResult) -> Result<(), XlsxError> {
    let Book { scenario, f, .. } = book;
    let Formats {
        bold,
        header,
        percent,
        number,
        whole,
        money,
        ..
    } = f;
    let config = scenario.bid.as_ref();
    let hybrid_share = config.map_or(0.0, |c| c.hybrid_base_share);

    let ws = workbook.add_worksheet();
    ws.set_name("Bid")?;
    let headers = [
        "Month",
        "Volume",
        "Handled",
        "Handled minutes",
        "Required FTE",
        "Effective FTE",
        "Hires",
        "Leavers",
        "Headcount",
        "Paid hours",
        "Labour cost",
        "Cost",
        "Fee",
        "P(miss SLA)",
        "P(miss) 95 % low",
        "P(miss) 95 % high",
        "Hours per FTE",
        "Bench FTE",
        "Bench cost",
    ];
    header_row(ws, 0, &headers, header)?;
    ws.set_column_width(0, 28)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    let n = bid.months.len() as u32;
    // Excel rows: months 2..=n+1, totals n+2, then the price block from n+4.
    let total_row = n + 1;
    let first = n + 3;
    let cell = |row: u32, col: &str| format!("{col}{}", row + 1);
    let value = |label: &str| -> String {
        let k = BID_BLOCK
            .iter()
            .position(|l| *l == label)
            .expect("a label of the price block");
        format!("$C${}", first + k as u32 + 1)
    };
    let formula = |text: String, result: f64| Formula::new(text).set_result(result.to_string());
    for (k, m) in bid.months.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &m.label)?;
        ws.write_number_with_format(row, 1, m.volume, whole)?;
        ws.write_number_with_format(row, 2, m.handled, whole)?;
        ws.write_number_with_format(row, 3, m.handled_minutes, whole)?;
        for (c, v) in [
            (4, m.required_fte),
            (5, m.effective_fte),
            (6, f64::from(m.hires)),
            (7, f64::from(m.leavers)),
            (8, f64::from(m.headcount)),
        ] {
            ws.write_number_with_format(row, c, v, number)?;
        }
        ws.write_number_with_format(row, 9, m.paid_hours, whole)?;
        ws.write_number_with_format(row, 10, m.labour_cost, money)?;
        ws.write_number_with_format(row, 11, m.cost, money)?;
        ws.write_formula_with_format(
            row,
            12,
            formula(
                format!("={}*{}", cell(row, "C"), value("Price per handled contact")),
                m.fee,
            ),
            money,
        )?;
        ws.write_number_with_format(row, 13, m.p_miss_sla, percent)?;
        ws.write_number_with_format(row, 14, m.p_miss_sla_ci95[0], percent)?;
        ws.write_number_with_format(row, 15, m.p_miss_sla_ci95[1], percent)?;
        ws.write_number_with_format(row, 16, m.hours_per_fte, number)?;
        ws.write_number_with_format(row, 17, m.bench_fte, number)?;
        ws.write_number_with_format(row, 18, m.bench_cost, money)?;
    }
    ws.write_string_with_format(total_row, 0, "Total", bold)?;
    let sum = |col: &str, result: f64| formula(format!("=SUM({col}2:{col}{})", n + 1), result);
    let months_sum =
        |f: &dyn Fn(&crate::bid::BidMonth) -> f64| bid.months.iter().map(f).sum::<f64>();
    for (c, col, result, format) in [
        (1, "B", months_sum(&|m| m.volume), whole),
        (2, "C", months_sum(&|m| m.handled), whole),
        (3, "D", months_sum(&|m| m.handled_minutes), whole),
        (4, "E", months_sum(&|m| m.required_fte), number),
        (9, "J", months_sum(&|m| m.paid_hours), whole),
        (10, "K", months_sum(&|m| m.labour_cost), money),
        (11, "L", months_sum(&|m| m.cost), money),
        (12, "M", months_sum(&|m| m.fee), money),
    ] {
        ws.write_formula_with_format(total_row, c, sum(col, result), format)?;
    }
    let totals = |col: &str| cell(total_row, col);
    let guarded = |denominator: String, numerator: String| {
        format!("=IF({denominator}>0,{numerator}/{denominator},0)")
    };
    let revenue = value("Revenue");
    for (k, label) in BID_BLOCK.iter().enumerate() {
        let row = first + k as u32;
        ws.write_string_with_format(row, 0, *label, bold)?;
        // (formula, value, format); no formula for an input.
        let input = |v: f64, format| (None, v, format);
        let live = |text: String, v: f64, format| (Some(text), v, format);
        let (text, v, format): (Option<String>, f64, &Format) = match *label {
            "Launch hires" => input(f64::from(bid.launch_hires), number),
            "Transition cost" => input(bid.transition_cost, money),
            "Margin (input)" => input(bid.margin, percent),
            "Hybrid base share (input)" => input(hybrid_share, percent),
            "Total cost" => live(
                format!("={}+{}", totals("L"), value("Transition cost")),
                bid.total_cost,
                money,
            ),
            "Expected credits per unit of revenue (simulated)" => input(
                if bid.revenue > 0.0 {
                    bid.expected_sla_credits / bid.revenue
                } else {
                    0.0
                },
                percent,
            ),
            "Expected gain-share per unit of revenue (simulated)" => input(
                if bid.revenue > 0.0 {
                    bid.expected_gain_share / bid.revenue
                } else {
                    0.0
                },
                percent,
            ),
            "Credits priced in (1) or shown (0)" => input(
                if bid.price_risk == crate::scenario::PriceRisk::Include {
                    1.0
                } else {
                    0.0
                },
                number,
            ),
            "Revenue" => live(
                format!(
                    "={}/(1-{}-{included}*{}+{included}*{})",
                    value("Total cost"),
                    value("Margin (input)"),
                    value("Expected credits per unit of revenue (simulated)"),
                    value("Expected gain-share per unit of revenue (simulated)"),
                    included = value("Credits priced in (1) or shown (0)"),
                ),
                bid.revenue,
                money,
            ),
            "Expected SLA credits" => live(
                format!(
                    "={}*{revenue}",
                    value("Expected credits per unit of revenue (simulated)")
                ),
                bid.expected_sla_credits,
                money,
            ),
            "Margin after expected credits" => live(
                format!(
                    "=({revenue}-{}-{})/{revenue}",
                    value("Total cost"),
                    value("Expected SLA credits")
                ),
                bid.margin_after_expected_credits,
                percent,
            ),
            "Expected gain-share" => live(
                format!(
                    "={}*{revenue}",
                    value("Expected gain-share per unit of revenue (simulated)")
                ),
                bid.expected_gain_share,
                money,
            ),
            "Margin after expected credits and gain-share" => live(
                format!(
                    "=({revenue}-{}-{}+{})/{revenue}",
                    value("Total cost"),
                    value("Expected SLA credits"),
                    value("Expected gain-share")
                ),
                bid.expected_margin,
                percent,
            ),
            "Cost per handled contact" => live(
                guarded(totals("C"), value("Total cost")),
                bid.cost_per_handled_contact,
                money,
            ),
            "Price per FTE-month" => live(
                guarded(totals("E"), revenue.clone()),
                bid.price_per_fte_month,
                money,
            ),
            "Price per handled contact" => live(
                guarded(totals("C"), revenue.clone()),
                bid.price_per_contact,
                money,
            ),
            "Price per handled minute" => live(
                guarded(totals("D"), revenue.clone()),
                bid.price_per_minute,
                money,
            ),
            "Hybrid: base per month" => live(
                format!("={}*{revenue}/{n}", value("Hybrid base share (input)")),
                bid.hybrid_base_per_month,
                money,
            ),
            "Hybrid: per handled contact" => live(
                guarded(
                    totals("C"),
                    format!("(1-{})*{revenue}", value("Hybrid base share (input)")),
                ),
                bid.hybrid_per_contact,
                money,
            ),
            "P(a month misses the SLA)" => input(bid.p_miss_sla, percent),
            other => unreachable!("{other} is not in the price block"),
        };
        match text {
            Some(text) => ws.write_formula_with_format(row, 2, formula(text, v), format)?,
            None => ws.write_number_with_format(row, 2, v, format)?,
        };
    }
    Ok(())
}

/// The rows of the Bid sheet's price block, in order: inputs, then formulas over them.
const BID_BLOCK: [&str; 20] = [
    "Launch hires",
    "Transition cost",
    "Margin (input)",
    "Hybrid base share (input)",
    "Expected credits per unit of revenue (simulated)",
    "Expected gain-share per unit of revenue (simulated)",
    "Credits priced in (1) or shown (0)",
    "Total cost",
    "Revenue",
    "Expected SLA credits",
    "Margin after expected credits",
    "Expected gain-share",
    "Margin after expected credits and gain-share",
    "Cost per handled contact",
    "Price per FTE-month",
    "Price per handled contact",
    "Price per handled minute",
    "Hybrid: base per month",
    "Hybrid: per handled contact",
    "P(a month misses the SLA)",
];

/// Writes `headers` across `row` in the header format.
fn header_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    headers: &[&str],
    header: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, header)?;
    }
    Ok(())
}

/// How a column's numbers are shown.
#[derive(Debug, Clone, Copy)]
enum NumberFormat {
    Percent,
    Seconds,
    Decimal,
    Whole,
}

/// One cell of the Intervals sheet.
enum Cell {
    When(jiff::civil::DateTime),
    Number(Option<f64>),
    Flag(Option<bool>),
}

/// One column of the Intervals sheet: its header, its number format and its value. The sheet is
/// written from this table and the native chart finds its series by header, so the two cannot
/// drift apart.
struct Column {
    header: &'static str,
    format: NumberFormat,
    value: Box<CellValue>,
}

/// What a column holds for one interval (its report row and its plan).
type CellValue = dyn Fn(&ReportRow, &IntervalPlan) -> Cell;

fn column(
    header: &'static str,
    format: NumberFormat,
    value: impl Fn(&ReportRow, &IntervalPlan) -> Cell + 'static,
) -> Column {
    Column {
        header,
        format,
        value: Box::new(value),
    }
}

/// The Intervals sheet's columns, in order; `target` is the service-level target.
fn interval_columns(target: f64) -> Vec<Column> {
    use NumberFormat::{Decimal, Percent, Seconds, Whole};
    let n = |v: f64| Cell::Number(Some(v));
    vec![
        column("Start", Decimal, |_, p| Cell::When(p.start)),
        column("Volume", Decimal, move |r, _| n(r.volume)),
        column("AHT (s)", Decimal, move |r, _| n(r.aht_seconds)),
        column("Required agents", Whole, move |r, _| {
            n(f64::from(r.required_agents))
        }),
        column("Staffed agents", Whole, move |r, _| {
            n(f64::from(r.staffed_agents))
        }),
        column("Paid agents", Decimal, move |r, _| n(r.scheduled_agents)),
        column("Erlang service level", Percent, move |r, _| {
            n(r.erlang_service_level)
        }),
        column("Simulated service level", Percent, |r, _| {
            Cell::Number(r.service_level)
        }),
        column("SL 95 % low", Percent, |r, _| {
            Cell::Number(r.service_level_lo)
        }),
        column("SL 95 % high", Percent, |r, _| {
            Cell::Number(r.service_level_hi)
        }),
        column("Erlang ASA (s)", Seconds, |r, _| {
            Cell::Number(r.erlang_asa_seconds)
        }),
        column("Simulated ASA (s)", Seconds, |r, _| {
            Cell::Number(r.asa_seconds)
        }),
        column("Erlang abandoned", Percent, move |r, _| {
            n(r.erlang_abandon_rate)
        }),
        column("Simulated abandoned", Percent, |r, _| {
            Cell::Number(r.abandon_rate)
        }),
        column("Erlang occupancy", Percent, move |r, _| {
            n(r.erlang_occupancy)
        }),
        column("Simulated occupancy", Percent, |r, _| {
            Cell::Number(r.occupancy)
        }),
        column("Longest queue (mean)", Decimal, |r, _| {
            Cell::Number(r.longest_queue)
        }),
        column("Meets target (simulated)", Decimal, move |r, _| {
            Cell::Flag(r.service_level.map(|sl| sl >= target))
        }),
        column("Target", Percent, move |_, _| n(target)),
    ]
}

/// The Summary sheet's four KPI labels (service level, ASA, abandonment, occupancy) in the
/// words of the scenario's channel.
fn kpi_labels(scenario: &crate::scenario::Scenario) -> [&'static str; 4] {
    let channel = &scenario.channel;
    if channel.is_deferrable() {
        [
            "Handled within the response time",
            "Mean response (s)",
            "Abandoned (none: work waits)",
            "Occupancy",
        ]
    } else if channel.outbound().is_some() {
        [
            "Connects answered at once",
            "Wait of answered connects (s)",
            "Dialler abandonment",
            "Occupancy (with dialling)",
        ]
    } else if channel.kind() == "chat" {
        [
            "Service level (first response)",
            "Mean first response (s)",
            "Abandoned chats",
            "Occupancy (session slots)",
        ]
    } else {
        ["Service level", "ASA", "Abandoned", "Occupancy"]
    }
}

/// An Intervals sheet header in the words of the scenario's channel: "Erlang" is the plan's
/// model only for voice, and ASA is a mean response for deferrable work, a first response for
/// chat. Positions do not change, so the native chart still finds its series.
fn in_channel_terms(header: &str, scenario: &crate::scenario::Scenario) -> String {
    let channel = &scenario.channel;
    if channel.kind() == "voice" {
        return header.to_string();
    }
    let asa = if channel.is_deferrable() {
        "mean response (s)"
    } else if channel.kind() == "chat" {
        "first response (s)"
    } else {
        "wait (s)"
    };
    let text = header
        .replace("Erlang ", "Planned ")
        .replace("ASA (s)", asa);
    if channel.is_deferrable() {
        text.replace("service level", "handled within target")
            .replace("SL 95 %", "Within target 95 %")
    } else if channel.outbound().is_some() {
        text.replace("abandoned", "dialler abandoned")
    } else {
        text
    }
}

/// The position of the Intervals sheet's column with this header.
fn interval_column(header: &str) -> u16 {
    interval_columns(0.0)
        .iter()
        .position(|c| c.header == header)
        .map_or(0, |c| c as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_headers_speak_the_channels_language_and_voice_keeps_its_own() {
        let load = |name: &str| {
            crate::scenario::Scenario::load(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("scenarios")
                    .join(name),
            )
            .unwrap()
        };
        let email = load("email-week.toml");
        assert_eq!(
            in_channel_terms("Erlang ASA (s)", &email),
            "Planned mean response (s)"
        );
        assert_eq!(
            in_channel_terms("Simulated service level", &email),
            "Simulated handled within target"
        );
        let outbound = load("outbound-renewals.toml");
        assert_eq!(
            in_channel_terms("Simulated abandoned", &outbound),
            "Simulated dialler abandoned"
        );
        let voice = load("holiday-peak.toml");
        for column in interval_columns(0.8) {
            assert_eq!(in_channel_terms(column.header, &voice), column.header);
        }
        assert_eq!(kpi_labels(&voice)[1], "ASA");
    }

    #[test]
    fn every_series_the_chart_reads_is_a_column_of_the_intervals_sheet() {
        for header in ["Simulated service level", "Erlang service level", "Target"] {
            assert!(interval_column(header) > 0, "{header}");
        }
        assert_eq!(
            interval_column("Target") as usize,
            interval_columns(0.8).len() - 1
        );
    }
}
