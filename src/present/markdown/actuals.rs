//! The plan-against-actual section of summary.md, when the scenario has `[actuals]`.

use super::page::*;

/// Plan against actual: accuracy, handle time, service achieved against predicted, the cost of
/// the variance, and each day.
pub(super) fn actuals(p: &Page, md: &mut String) {
    let Some(r) = p.extras.actuals else {
        return;
    };
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |x| format::percent(x, 1));
    let signed = |v: Option<f64>| v.map_or("–".to_string(), |x| format!("{:+.1} %", x * 100.0));
    let _ = writeln!(md, "## Plan against actual\n");
    let _ = writeln!(
        md,
        "{} intervals reported: {} contacts offered against a forecast of {}.\n",
        r.intervals_reported,
        thousands(r.offered),
        thousands(r.forecast)
    );
    let _ = writeln!(md, "| | |\n| --- | --- |");
    let _ = writeln!(
        md,
        "| Forecast accuracy | WAPE {}, bias {}, MAPE {} |",
        pct(r.wape),
        signed(r.bias),
        pct(r.mape)
    );
    let _ = writeln!(
        md,
        "| Handle time | {} against the forecast |",
        signed(r.aht_variance)
    );
    let _ = writeln!(
        md,
        "| Service level | {} achieved; the model predicts {} at the agents staffed, the volume and the AHT that came |",
        pct(r.service_level),
        pct(r.predicted_service_level)
    );
    let _ = writeln!(
        md,
        "| Requirement | {:.1} agent-hours at the forecast, {:.1} at the actuals: {} |",
        r.variance_cost.required_agent_hours_forecast,
        r.variance_cost.required_agent_hours_actual,
        money_whole(r.variance_cost.cost, &r.currency)
    );
    let _ = writeln!(
        md,
        "\n| Day | Offered | Forecast | WAPE | Bias | SL achieved | SL predicted |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for d in &r.days {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            d.date,
            thousands(d.offered),
            thousands(d.forecast),
            pct(d.wape),
            signed(d.bias),
            pct(d.service_level),
            pct(d.predicted_service_level)
        );
    }
    md.push('\n');
}
