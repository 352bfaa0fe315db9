//! `workbook.xlsx`: Summary, Intervals and Assumptions sheets (and Sweep and Bid when present)
//! with proper number formats, cost and price cells as live formulas over their inputs, and a
//! native Excel chart of service level by interval — planners live in Excel.

use super::interval_rows;
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::sim::SimulationResult;
use rust_xlsxwriter::{Workbook, XlsxError};

mod assumptions;
mod bid;
mod bid_finance;
mod book;
mod intervals;
mod roster;
mod routing;
mod schedule;
mod summary;
mod sweep;

use assumptions::*;
use bid::*;
use book::*;
use intervals::*;
use roster::roster_sheet;
use schedule::*;
use summary::*;
use sweep::*;

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

pub(crate) use routing::routing_workbook;

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

/// A new workbook. Its creation time is `SOURCE_DATE_EPOCH` when that is set (the
/// reproducible-builds convention), so two runs of one scenario write identical files; the
/// current time otherwise.
pub(crate) fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    if let Some(time) = epoch
        .and_then(|e| e.trim().parse::<i64>().ok())
        .and_then(|seconds| rust_xlsxwriter::ExcelDateTime::from_timestamp(seconds).ok())
    {
        let properties = rust_xlsxwriter::DocProperties::new().set_creation_datetime(&time);
        workbook.set_properties(&properties);
    }
    workbook
}

fn build_workbook(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
    extras: super::Extras,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&scenario.cost.currency);
    let mut workbook = new_workbook();
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
    if let Some(roster) = extras.roster {
        roster_sheet(&mut workbook, &book, roster)?;
    }
    if let Some(bid) = extras.bid {
        bid_sheet(&mut workbook, &book, bid)?;
        bid_finance::cash_flow_sheet(&mut workbook, &book, bid)?;
        bid_finance::pnl_sheet(&mut workbook, &book, bid)?;
        bid_finance::build_up_sheet(&mut workbook, &book, bid)?;
    }
    workbook.save_to_buffer()
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
            assert!(interval_column(header).unwrap() > 0, "{header}");
        }
        assert_eq!(
            interval_column("Target").unwrap() as usize,
            interval_columns(0.8).len() - 1
        );
    }
}
