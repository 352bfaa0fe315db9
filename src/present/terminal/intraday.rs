//! The rest of today as text: the re-forecast, the service level now and after the action.

use crate::actuals::intraday::Intraday;
use crate::report::format::percent;
use crate::report::{Align, Table, thousands};

/// The answer as text.
pub fn intraday(r: &Intraday) -> String {
    let a = &r.action;
    let what = match a.kind.as_str() {
        "add" => format!(
            "add {} agents on \"{}\" from {} ({} {})",
            a.agents,
            a.template,
            a.from,
            r.currency,
            thousands(a.cost)
        ),
        "vto" => format!(
            "{} agents can go home from {} (\"{}\"; {} {} saved)",
            -a.agents,
            a.from,
            a.template,
            r.currency,
            thousands(-a.cost)
        ),
        _ => "nothing to change".to_string(),
    };
    let mut out = format!(
        "{} — {} at {}, re-forecast by {}\n\n\
         so far           volume × {:.3} and handle time × {:.3} against the forecast\n\
         rest of the day  {} contacts re-forecast; service level {} at the planned staffing (target {})\n\
         action           {what}: service level {} ({} replications, from an empty queue at {})\n",
        r.scenario,
        r.date,
        r.now,
        serde_json::to_string(&r.method)
            .unwrap_or_default()
            .trim_matches('"'),
        r.volume_ratio,
        r.aht_ratio,
        thousands(r.rest_of_day.offered),
        percent(r.rest_of_day.service_level_now, 1),
        percent(r.target, 0),
        percent(r.rest_of_day.service_level_after, 1),
        r.rest_of_day.replications,
        r.now
    );
    let mut table = Table::new([
        ("interval", Align::Left),
        ("forecast", Align::Right),
        ("actual", Align::Right),
        ("re-forecast", Align::Right),
        ("required", Align::Right),
        ("staffed", Align::Right),
        ("after", Align::Right),
    ]);
    for i in &r.intervals {
        table.row([
            i.start.get(11..).unwrap_or(&i.start).to_string(),
            format!("{:.1}", i.forecast),
            i.actual.map_or(String::new(), |v| format!("{v:.0}")),
            i.reforecast.map_or(String::new(), |v| format!("{v:.1}")),
            i.required_agents.to_string(),
            i.staffed_agents.to_string(),
            i.staffed_after.to_string(),
        ]);
    }
    out.push_str(&format!("\n{table}"));
    out
}
