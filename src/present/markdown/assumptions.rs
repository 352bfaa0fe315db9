//! The Assumptions section of summary.md: the headline inputs of [`crate::present::assumptions`],
//! in the workbook's words.

use super::page::*;
use crate::present::assumptions::assumptions as model;

/// The inputs the numbers rest on: each section's headline items (the workbook lists them all).
pub(super) fn assumptions(p: &Page, md: &mut String) {
    let _ = writeln!(md, "## Assumptions\n");
    let _ = writeln!(md, "| | Input | Value |\n| --- | --- | --- |");
    for section in model(p.scenario, p.plan, p.sim) {
        for (k, item) in section.headlines().enumerate() {
            let name = if k == 0 { section.name } else { "" };
            let _ = writeln!(md, "| {name} | {} | {} |", item.input, item.value);
        }
    }
    let _ = writeln!(
        md,
        "\nEvery input, the sweep's, the bid's and the schedule's included, is on the workbook's Assumptions sheet.\n"
    );
}
