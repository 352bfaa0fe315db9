//! `staffsim erlang` as text: the inputs, then the staffing curve or the one result.

use crate::queueing::QueueModel;
use crate::queueing::calculator::{Calculation, CalculatorRow, Mode};
use crate::report::format;
use crate::report::{Align, Table};

/// A share with two decimals.
fn percent(x: f64) -> String {
    format::percent(x, 2)
}

/// Seconds with two decimals, ∞ for an unstable queue.
fn seconds(x: Option<f64>) -> String {
    x.map_or_else(|| "∞".to_string(), |s| format::seconds(s, 2))
}

/// The inputs, the derived load and the constraints.
fn inputs(request: &Calculation) -> Table {
    let model = match request.model {
        QueueModel::ErlangC(_) => "Erlang C (M/M/n, no abandonment)",
        QueueModel::ErlangA(_) => "Erlang A (M/M/n+M, exponential patience)",
        QueueModel::Chat(_) => "Chat (several sessions per agent)",
    };
    let mut inputs = Table::new([("", Align::Left), ("", Align::Left)]);
    inputs.row(["model".to_string(), model.to_string()]);
    inputs.row([
        "volume".to_string(),
        format!("{} contacts per {}", request.volume, request.interval),
    ]);
    inputs.row(["AHT".to_string(), format!("{} s", request.aht.get())]);
    if let Some(p) = request.patience {
        inputs.row(["patience".to_string(), format!("{} s (mean)", p.get())]);
    }
    inputs.row([
        "offered load".to_string(),
        format!("{:.3} Erlangs", request.model.load_erlangs()),
    ]);
    if let Some(t) = request.constraints.target {
        inputs.row([
            "target".to_string(),
            format!(
                "{} within {} s ({})",
                format::share(t.service_level()),
                t.within().get(),
                t.definition()
            ),
        ]);
    }
    if let Some(max) = request.constraints.max_occupancy {
        inputs.row(["max occupancy".to_string(), percent(max)]);
    }
    if let Some(max) = request.constraints.max_asa {
        inputs.row(["max ASA".to_string(), format!("{} s", max.get())]);
    }
    if let Some(max) = request.constraints.max_abandon {
        inputs.row(["max abandonment".to_string(), percent(max)]);
    }
    if let Some(s) = request.shrinkage {
        inputs.row(["shrinkage".to_string(), percent(s.fraction())]);
    }
    inputs
}

/// The calculator's answer as text: the inputs, then the curve or the one result, then blocking.
pub fn erlang(request: &Calculation, rows: &[CalculatorRow]) -> String {
    let mut out = String::from("Inputs\n");
    out.push_str(&indent(&inputs(request).to_string()));
    match &request.mode {
        Mode::Evaluate(range) if range.start() != range.end() => {
            out.push_str(&format!(
                "\nStaffing curve (service level within {} s, {})\n",
                request.within.get(),
                request.definition
            ));
            out.push_str(&indent(&curve_table(request, rows).to_string()));
        }
        Mode::BlockingOnly => {}
        mode => {
            let heading = match mode {
                Mode::Solve => "Result: fewest agents that meet every constraint",
                _ => "Result",
            };
            out.push_str(&format!("\n{heading}\n"));
            out.push_str(&indent(&result(request, &rows[0]).to_string()));
        }
    }
    if let (Some(lines), Some(blocking)) = (request.lines, rows[0].blocking) {
        out.push_str(&format!(
            "\nErlang B\n  blocking with {lines} lines  {}\n",
            percent(blocking)
        ));
    }
    out
}

/// The one level evaluated or solved.
fn result(request: &Calculation, row: &CalculatorRow) -> Table {
    let mut result = Table::new([("", Align::Left), ("", Align::Left)]);
    result.row(["agents".to_string(), row.agents.unwrap_or(0).to_string()]);
    if let Some(fte) = row.fte {
        result.row([
            "FTE".to_string(),
            format!("{fte:.2} (paid, before rounding)"),
        ]);
    }
    result.row([
        "service level".to_string(),
        format!(
            "{} within {} s ({})",
            percent(row.service_level.unwrap_or(0.0)),
            request.within.get(),
            request.definition
        ),
    ]);
    result.row(["ASA".to_string(), seconds(row.asa_seconds)]);
    result.row(["P(wait)".to_string(), percent(row.p_wait.unwrap_or(0.0))]);
    result.row([
        "occupancy".to_string(),
        percent(row.occupancy.unwrap_or(0.0)),
    ]);
    if let Some(ab) = row.abandon_rate {
        result.row(["abandonment".to_string(), percent(ab)]);
    }
    if row.stable == Some(false) {
        result.row(["stable".to_string(), "no: load ≥ agents".to_string()]);
    }
    if let Some(meets) = row.meets_target {
        result.row([
            "meets target".to_string(),
            if meets { "yes" } else { "no" }.to_string(),
        ]);
    }
    result
}

/// The staffing curve, a row per level.
fn curve_table(request: &Calculation, rows: &[CalculatorRow]) -> Table {
    let mut columns = vec![
        ("agents", Align::Right),
        ("service level", Align::Right),
        ("ASA", Align::Right),
        ("P(wait)", Align::Right),
        ("occupancy", Align::Right),
    ];
    let abandon = request.patience.is_some();
    if abandon {
        columns.push(("abandonment", Align::Right));
    }
    if request.shrinkage.is_some() {
        columns.push(("FTE", Align::Right));
    }
    let targeted = rows.iter().any(|r| r.meets_target.is_some());
    if targeted {
        columns.push(("meets target", Align::Left));
    }
    let mut table = Table::new(columns);
    for row in rows {
        let mut cells = vec![
            row.agents.unwrap_or(0).to_string(),
            percent(row.service_level.unwrap_or(0.0)),
            seconds(row.asa_seconds),
            percent(row.p_wait.unwrap_or(0.0)),
            percent(row.occupancy.unwrap_or(0.0)),
        ];
        if abandon {
            cells.push(percent(row.abandon_rate.unwrap_or(0.0)));
        }
        if let Some(fte) = row.fte {
            cells.push(format!("{fte:.2}"));
        }
        if targeted {
            cells.push(
                if row.meets_target == Some(true) {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
            );
        }
        table.row(cells);
    }
    table
}

/// Every line indented by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
