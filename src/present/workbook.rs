//! `workbook.xlsx`: Summary, Intervals and Assumptions sheets with proper number formats, and a
//! native Excel chart of service level by interval — planners live in Excel.

use super::{ReportRow, interval_rows};
use crate::bid::BidResult;
use crate::error::{Error, Result};
use crate::plan::IntervalPlan;
use crate::plan::Plan;
use crate::scenario::{Patience, Scenario};
use crate::sim::{Estimate, SimulationResult};
use crate::sweep::SweepResult;
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
    let kpis: [(&str, Option<Estimate>, Option<f64>, &Format); 4] = [
        ("Service level", r.service_level, t.service_level, percent),
        ("ASA", r.asa_seconds, t.asa_seconds, seconds),
        (
            "Abandoned",
            r.abandon_rate,
            t.abandon_rate.or(Some(0.0)),
            percent,
        ),
        ("Occupancy", r.occupancy, t.occupancy, percent),
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
        ws.write_string_with_format(0, c as u16, column.header, header)?;
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

/// Assumptions: every scenario input.
fn assumptions_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats { header, .. } = f;
    let ws = workbook.add_worksheet();
    ws.set_name("Assumptions")?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(0, 0, "Assumption", header)?;
    ws.write_string_with_format(0, 1, "Value", header)?;
    let t = scenario.target.service;
    let mut items: Vec<(String, String)> = vec![
        ("Scenario".into(), scenario.name.clone()),
        ("Source".into(), scenario.source.display().to_string()),
        ("Interval".into(), scenario.interval.to_string()),
        ("Model (plan)".into(), plan.model.to_string()),
        (
            "Staffing method".into(),
            scenario.staffing.method().to_string(),
        ),
        (
            "Target".into(),
            format!(
                "{:.0} % within {} s ({})",
                t.service_level() * 100.0,
                t.within().get(),
                t.definition()
            ),
        ),
        (
            "Max occupancy".into(),
            scenario
                .target
                .max_occupancy
                .map_or("–".into(), |v| format!("{:.0} %", v * 100.0)),
        ),
        (
            "Max ASA".into(),
            scenario
                .target
                .max_asa
                .map_or("–".into(), |v| format!("{} s", v.get())),
        ),
        (
            "Max abandonment".into(),
            scenario
                .target
                .max_abandon
                .map_or("–".into(), |v| format!("{:.1} %", v * 100.0)),
        ),
        (
            "Handle time".into(),
            format!("{:?}", scenario.handle_time).to_lowercase(),
        ),
        (
            "Patience".into(),
            match scenario.patience {
                Patience::None => "none".into(),
                Patience::Exponential { mean } => format!("exponential, mean {} s", mean.get()),
                Patience::Lognormal { mean, cv } => {
                    format!("lognormal, mean {} s, cv {cv}", mean.get())
                }
            },
        ),
        (
            "Shrinkage".into(),
            format!("{:.1} %", scenario.shrinkage.total.fraction() * 100.0),
        ),
    ];
    for (name, v) in &scenario.shrinkage.components {
        items.push((format!("  {name}"), format!("{:.1} %", v * 100.0)));
    }
    for day in &scenario.special_days {
        items.push((
            format!("Special day: {}", day.name),
            if day.closed {
                format!("{} closed", day.from)
            } else {
                format!(
                    "{} to {}: volume × {}, AHT × {}",
                    day.from, day.to, day.volume_multiplier, day.aht_multiplier
                )
            },
        ));
    }
    items.extend([
        ("Currency".into(), scenario.cost.currency.clone()),
        (
            "Hourly cost (paid hour)".into(),
            scenario
                .cost
                .hourly_cost
                .map_or("–".into(), |c| format!("{c:.2}")),
        ),
        (
            "Fixed overheads".into(),
            format!("{:.2}", scenario.cost.fixed_overheads),
        ),
        ("Replications".into(), sim.replications.to_string()),
        ("Seed".into(), sim.seed.to_string()),
        (
            "Forecast error (volume cv)".into(),
            scenario.simulation.volume_cv.to_string(),
        ),
        (
            "First-contact resolution".into(),
            scenario.simulation.fcr.to_string(),
        ),
        (
            "Retry probability".into(),
            scenario.simulation.retry_probability.to_string(),
        ),
    ]);
    for (k, (name, value)) in items.iter().enumerate() {
        ws.write_string(k as u32 + 1, 0, name)?;
        ws.write_string(k as u32 + 1, 1, value)?;
    }
    Ok(())
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
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, header)?;
    }
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

/// Bid: the months and the prices.
fn bid_sheet(workbook: &mut Workbook, book: &Book, bid: &BidResult) -> Result<(), XlsxError> {
    let Book { f, .. } = book;
    let Formats {
        bold,
        header,
        percent,
        number,
        whole,
        money,
        ..
    } = f;

    let ws = workbook.add_worksheet();
    ws.set_name("Bid")?;
    let headers = [
        "Month",
        "Volume",
        "Handled",
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
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, header)?;
    }
    for c in 0..headers.len() as u16 {
        ws.set_column_width(c, 13)?;
    }
    ws.set_freeze_panes(1, 1)?;
    for (k, m) in bid.months.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, &m.label)?;
        ws.write_number_with_format(row, 1, m.volume, whole)?;
        ws.write_number_with_format(row, 2, m.handled, whole)?;
        for (c, v) in [
            (3, m.required_fte),
            (4, m.effective_fte),
            (5, m.hires),
            (6, m.leavers),
            (7, m.headcount),
        ] {
            ws.write_number_with_format(row, c, v, number)?;
        }
        ws.write_number_with_format(row, 8, m.paid_hours, whole)?;
        ws.write_number_with_format(row, 9, m.labour_cost, money)?;
        ws.write_number_with_format(row, 10, m.cost, money)?;
        ws.write_number_with_format(row, 11, m.fee, money)?;
        ws.write_number_with_format(row, 12, m.p_miss_sla, percent)?;
    }
    let first = bid.months.len() as u32 + 2;
    for (k, (label, value, format)) in [
        ("Launch hires", bid.launch_hires, &number),
        ("Transition cost", bid.transition_cost, &money),
        ("Total cost", bid.total_cost, &money),
        ("Revenue", bid.revenue, &money),
        ("Margin", bid.margin, &percent),
        ("Price per FTE-month", bid.price_per_fte_month, &money),
        ("Price per handled contact", bid.price_per_contact, &money),
        ("Price per handled minute", bid.price_per_minute, &money),
        ("Hybrid: base per month", bid.hybrid_base_per_month, &money),
        (
            "Hybrid: per handled contact",
            bid.hybrid_per_contact,
            &money,
        ),
        ("P(a month misses the SLA)", bid.p_miss_sla, &percent),
        ("Expected SLA credits", bid.expected_sla_credits, &money),
    ]
    .into_iter()
    .enumerate()
    {
        let row = first + k as u32;
        ws.write_string_with_format(row, 0, label, bold)?;
        ws.write_number_with_format(row, 2, value, format)?;
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
