//! Actuals against the plan as text: accuracy, handle time, service achieved against predicted,
//! what the variance cost, day by day and the worst intervals.

use crate::actuals::ActualsReport;
use crate::report::format::percent;
use crate::report::{Align, Table, thousands};

/// The comparison as text.
pub fn actuals(r: &ActualsReport) -> String {
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |x| percent(x, 1));
    let signed = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{:+.1} %", x * 100.0));
    let mut out = format!(
        "{} — actuals for {} intervals against the plan\n\n\
         offered          {} against a forecast of {} (bias {})\n\
         accuracy         WAPE {} · MAPE {} (intervals with contacts)\n\
         handle time      {} against the forecast\n\
         service level    achieved {} · the model predicts {} at the agents staffed, the volume and the AHT that came\n\
         requirement      {} agent-hours at the forecast, {} at the actuals: {} {} {}\n",
        r.scenario,
        r.intervals_reported,
        thousands(r.offered),
        thousands(r.forecast),
        signed(r.bias),
        pct(r.wape),
        pct(r.mape),
        signed(r.aht_variance),
        pct(r.service_level),
        pct(r.predicted_service_level),
        thousands(r.variance_cost.required_agent_hours_forecast),
        thousands(r.variance_cost.required_agent_hours_actual),
        r.currency,
        thousands(r.variance_cost.cost.abs()),
        if r.variance_cost.cost >= 0.0 {
            "more needed than planned"
        } else {
            "less needed than planned"
        }
    );
    let mut days = Table::new([
        ("date", Align::Left),
        ("offered", Align::Right),
        ("forecast", Align::Right),
        ("WAPE", Align::Right),
        ("bias", Align::Right),
        ("SL achieved", Align::Right),
        ("SL predicted", Align::Right),
    ]);
    for d in &r.days {
        days.row([
            d.date.clone(),
            thousands(d.offered),
            thousands(d.forecast),
            pct(d.wape),
            signed(d.bias),
            pct(d.service_level),
            pct(d.predicted_service_level),
        ]);
    }
    out.push_str(&format!("\n{days}"));
    let mut worst = Table::new([
        ("worst intervals", Align::Left),
        ("offered", Align::Right),
        ("forecast", Align::Right),
        ("AHT", Align::Right),
        ("staffed", Align::Right),
        ("required", Align::Right),
        ("planned", Align::Right),
    ]);
    for i in &r.worst_intervals {
        worst.row([
            i.start.replace('T', " "),
            format!("{:.0}", i.offered),
            format!("{:.1}", i.forecast),
            format!("{:.0} s", i.aht_seconds),
            i.agents_staffed.map_or("—".into(), |a| format!("{a:.0}")),
            i.required_agents.to_string(),
            i.planned_agents.to_string(),
        ]);
    }
    out.push_str(&format!("\n{worst}"));
    out
}
