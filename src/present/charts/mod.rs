//! The report's charts, built from a scenario, its plan and its simulation (and a sweep, a bid
//! or a forecast): one file per subject. Every builder returns a plain-data [`Chart`] that the
//! report layer draws; nothing here writes files.
//!
//! Time axes run over the *open* intervals only — closed nights and closed days are left out,
//! with a separator between days — and are labelled with clock times (one day) or dates (several).

mod actuals;
mod bid;
mod bid_finance;
mod curves;
mod daily;
mod forecast;
mod intervals;
mod intraday;
mod portfolio;
mod roster;
mod routing;
mod schedule;
mod special_days;
mod sweep;
mod timeline;

pub use actuals::actuals;
pub use bid::{bid_fte, bid_price};
pub use bid_finance::{bid_cash_flow, bid_cost_build_up, bid_tornado};
pub use curves::{calculator_curve, peak_curve, staffing_curve};
pub(crate) use daily::{
    daily_asa_abandonment, daily_occupancy, daily_service_level, daily_staffing, is_long,
    worst_week,
};
pub use forecast::forecast;
pub use intervals::{asa_abandonment, occupancy, service_level, staffing};
pub use intraday::intraday;
pub use portfolio::portfolio_staffing;
pub use roster::{roster, shared_roster};
pub use routing::{routing_bid_fte, routing_bounds, routing_flow, routing_staffings};
pub use schedule::schedule;
pub use special_days::special_days;
pub use sweep::{optimized_staffing, sweep_confidence, sweep_front};

use crate::plan::Plan;
use crate::report::{Chart, Mark};
use crate::scenario::Scenario;
use crate::sim::SimulationResult;

/// A level drawn across a panel in black, named with its share: `level("Target", 0.8, 0)` is
/// "Target 80 %", `level("Cap", 0.03, 1)` "Cap 3.0 %".
pub(crate) fn level(name: &str, share: f64, decimals: usize) -> Mark {
    Mark::HLine {
        label: format!("{name} {}", crate::report::format::percent(share, decimals)),
        y: share,
        colour: crate::report::Colour::Black,
    }
}

/// The service level's axis title in the channel's words: a chat's first response, a backlog's
/// items picked up, a campaign's connects put through, a call answered.
pub(crate) fn service_title(scenario: &Scenario) -> String {
    let within = scenario.target.service.within();
    let served = super::vocabulary::words(&scenario.channel).served;
    if scenario.channel.is_deferrable() {
        format!("{served} within {within}")
    } else {
        format!("{served} within {} s", within.get())
    }
}

/// The speed-of-answer-and-abandonment chart (`panels`: ASA, then abandonment) in the words of
/// the scenario's channel: for email and back-office the mean response in hours, and no
/// abandonment panel (work waits in the backlog); for outbound the dialler's abandonment alone
/// (a connect is answered at once or abandoned); for chat the first response and abandoned
/// chats. Voice is returned unchanged.
pub(crate) fn in_channel_terms(mut chart: Chart, scenario: &Scenario, by_day: bool) -> Chart {
    use crate::scenario::Pacing;
    let per = if by_day { "Each day's" } else { "The" };
    if scenario.channel.is_deferrable() {
        let items = super::vocabulary::words(&scenario.channel).work;
        chart.panels.truncate(1);
        if let Some(panel) = chart.panels.first_mut() {
            panel.marks.iter_mut().for_each(|m| m.scale_y(1.0 / 3600.0));
            panel.y_range = (0.0, (panel.y_range.1 / 3600.0).max(0.5));
            panel.y_title = "Mean response (hours)".into();
            panel.y_format = crate::report::YFormat::Number;
        }
        chart.title = if by_day {
            "Response time by day".into()
        } else {
            "Response time".into()
        };
        chart.subtitle = format!(
            "{per} mean time from arrival to handling of the {items} handled, in hours; nothing is abandoned: work waits in the backlog, oldest first"
        );
    } else if let Some(dialler) = scenario.channel.outbound() {
        if chart.panels.len() > 1 {
            chart.panels.remove(0);
        }
        if let Some(panel) = chart.panels.first_mut() {
            panel.y_title = "Abandoned (% of connects)".into();
        }
        chart.title = if by_day {
            "Dialler abandonment by day".into()
        } else {
            "Dialler abandonment".into()
        };
        chart.subtitle = match dialler.pacing {
            Pacing::Predictive => format!(
                "{per} share of right-party connects with no free agent, which the dialler abandons, against the {} cap",
                crate::report::format::percent(dialler.max_abandon, 0)
            ),
            Pacing::Preview => format!(
                "{per} abandonment: none, since a preview dialler dials only for an agent already free"
            ),
        };
    } else if matches!(scenario.channel, crate::scenario::Channel::Chat { .. }) {
        if let [first, second] = &mut chart.panels[..] {
            first.y_title = "First response (seconds)".into();
            second.y_title = "Abandoned (% of chats offered)".into();
        }
        chart.title = if by_day {
            "First response and abandonment by day".into()
        } else {
            "First response and abandonment".into()
        };
        chart.subtitle = if scenario.patience.mean().is_some() {
            format!(
                "{per} mean wait for an agent's first response, and the share of customers who leave the chat before it"
            )
        } else {
            format!("{per} mean wait for an agent's first response; nobody leaves (no [patience])")
        };
    }
    chart
}

/// What every chart's footnote and subtitle need to know.
pub struct Context<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its plan.
    pub plan: &'a Plan,
    /// Its simulation, when one was run.
    pub simulation: Option<&'a SimulationResult>,
}

impl Context<'_> {
    /// "holiday-peak · Erlang A interval by interval; simulation, 200 replications (seed 2026) · 21 Dec 2026 – 27 Dec 2026 · staffsim 0.1.0"
    pub fn footnote(&self) -> String {
        // The plan's own dates: a worst-week chart's plan covers that week only.
        let first = self.plan.intervals.first().map(|i| i.start.date());
        let last = self.plan.intervals.last().map(|i| i.start.date());
        let dates = match (first, last) {
            (Some(a), Some(b)) if a == b => a.strftime("%a %-d %b %Y").to_string(),
            (Some(a), Some(b)) => format!("{} – {}", a.strftime("%-d %b"), b.strftime("%-d %b %Y")),
            _ => String::new(),
        };
        let simulation = self
            .simulation
            .map(|s| {
                format!(
                    "; simulation, {} replications (seed {})",
                    s.replications, s.seed
                )
            })
            .unwrap_or_default();
        let client = self
            .scenario
            .report
            .client
            .as_ref()
            .map(|c| format!("Prepared for {c} · "))
            .unwrap_or_default();
        format!(
            "{client}Scenario {} · {} interval by interval{simulation} · {dates} · staffsim {}",
            self.scenario.name,
            self.plan.model,
            env!("CARGO_PKG_VERSION")
        )
    }

    /// The target in a caption: "80/20" for live queues, "90 % within 24h" for deferrable
    /// work, "the campaign's contacts within 3 % abandonment" for outbound.
    pub(super) fn target_text(&self) -> String {
        let t = self.scenario.target.service;
        if let Some(d) = self.scenario.channel.outbound() {
            return match d.pacing {
                crate::scenario::Pacing::Predictive => format!(
                    "the campaign's contacts within {} abandonment",
                    crate::report::format::percent(d.max_abandon, 0)
                ),
                crate::scenario::Pacing::Preview => "the campaign's contacts".to_string(),
            };
        }
        if self.scenario.channel.is_deferrable() {
            return format!(
                "{} within {}",
                crate::report::format::percent(t.service_level(), 0),
                t.within()
            );
        }
        format!("{:.0}/{}", t.service_level() * 100.0, t.within().get())
    }
}

/// The largest value of a series, rounded up for an axis.
pub(super) fn ceiling(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    let max = values.filter(|v| v.is_finite()).fold(floor, f64::max);
    let magnitude = 10f64.powf(max.log10().floor());
    let step = if max / magnitude > 5.0 {
        magnitude
    } else {
        magnitude / 2.0
    };
    ((max * 1.08) / step).ceil() * step
}

/// A padded range around values.
pub(super) fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(hi.abs() * 0.01).max(1e-6);
    ((lo - pad).max(0.0), hi + pad)
}

/// A padded y range around values rounded out to a round step (10 for FTE between 118 and
/// 189, giving 110–200): for levels read against each other, not from zero.
pub(super) fn fitted(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = span(values);
    let range = (hi - lo).max(1e-9);
    // The largest round step (1, 2 or 5 × 10^k) that still gives at least five steps.
    let magnitude = 10f64.powf(range.log10().floor());
    let step = [5.0, 2.0, 1.0, 0.5, 0.2, 0.1]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| range / step >= 5.0)
        .unwrap_or(magnitude / 10.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

/// A y range for shares fitted to what `marks` draw (lines, bands, points, reference lines): the
/// data's extent padded by 4 points and rounded out to 5 %, kept within [0, 100 %] and at least
/// 20 points tall. Service levels between 70 and 100 % get a 65–100 % axis, not 0–100 %.
pub(super) fn share_range(marks: &[Mark]) -> (f64, f64) {
    let values: Vec<f64> = marks.iter().flat_map(Mark::y_values).collect();
    let finite = values.into_iter().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let step = 0.05;
    let mut low = (((lo - 0.04) / step).floor() * step).max(0.0);
    let mut high = (((hi + 0.04) / step).ceil() * step).min(1.0);
    if high - low < 0.2 {
        let mid = ((low + high) / 2.0).clamp(0.1, 0.9);
        low = mid - 0.1;
        high = mid + 0.1;
    }
    (low.max(0.0), high.min(1.0))
}

/// `chart` with the y range of each of `panels` fitted by [`share_range`].
pub(super) fn fit_shares(mut chart: Chart, panels: &[usize]) -> Chart {
    for &k in panels {
        if let Some(panel) = chart.panels.get_mut(k) {
            panel.y_range = share_range(&panel.marks);
        }
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Colour;

    fn line(values: &[f64]) -> Mark {
        Mark::Line {
            label: String::new(),
            points: values
                .iter()
                .enumerate()
                .map(|(k, v)| (k as f64, Some(*v)))
                .collect(),
            colour: Colour::Blue,
            dashed: false,
        }
    }

    fn bundled(name: &str) -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name);
        Scenario::load(&path).unwrap()
    }

    fn response_chart(scenario: &Scenario) -> (Chart, Chart) {
        let plan = crate::plan::plan(scenario).unwrap();
        let ctx = Context {
            scenario,
            plan: &plan,
            simulation: None,
        };
        let chart = asa_abandonment(&ctx);
        (chart.clone(), in_channel_terms(chart, scenario, false))
    }

    #[test]
    fn email_response_is_charted_in_hours_without_an_abandonment_panel() {
        let scenario = bundled("email-week.toml");
        let (asa, response) = response_chart(&scenario);
        assert_eq!(response.title, "Response time");
        assert_eq!(response.panels.len(), 1);
        assert_eq!(response.panels[0].y_title, "Mean response (hours)");
        let seconds = asa.panels[0].marks.iter().flat_map(Mark::y_values);
        let hours = response.panels[0].marks.iter().flat_map(Mark::y_values);
        for (s, h) in seconds.zip(hours) {
            assert!((s / 3600.0 - h).abs() < 1e-9, "{s} s against {h} h");
        }
        // Every mean response fits under the axis.
        let top = response.panels[0].y_range.1;
        assert!(
            response.panels[0]
                .marks
                .iter()
                .flat_map(Mark::y_values)
                .all(|h| h <= top)
        );
    }

    #[test]
    fn a_dialler_charts_its_abandonment_against_the_cap_and_voice_is_unchanged() {
        let scenario = bundled("outbound-renewals.toml");
        let (_, dialler) = response_chart(&scenario);
        assert_eq!(dialler.title, "Dialler abandonment");
        assert_eq!(dialler.panels.len(), 1);
        assert!(dialler.subtitle.contains("3 % cap"), "{}", dialler.subtitle);
        let voice = bundled("holiday-peak.toml");
        let (asa, same) = response_chart(&voice);
        assert_eq!(asa, same);
        let chat = bundled("chat-holiday.toml");
        let (_, chat) = response_chart(&chat);
        assert_eq!(chat.panels[0].y_title, "First response (seconds)");
    }

    #[test]
    fn share_axes_fit_the_data_with_padding_and_stay_within_zero_and_one() {
        let (lo, hi) = share_range(&[line(&[0.72, 0.95, 0.99])]);
        assert!(
            (lo - 0.65).abs() < 1e-9 && (hi - 1.0).abs() < 1e-9,
            "{lo} {hi}"
        );
        let (lo, hi) = share_range(&[line(&[0.01, 0.3])]);
        assert!(lo == 0.0 && (hi - 0.35).abs() < 1e-9, "{lo} {hi}");
        let (lo, hi) = share_range(&[line(&[0.5])]);
        assert!(hi - lo >= 0.2 - 1e-9 && lo <= 0.5 && hi >= 0.5);
        assert_eq!(share_range(&[]), (0.0, 1.0));
    }

    #[test]
    fn level_axes_round_out_to_a_step_around_the_padded_data() {
        let (lo, hi) = fitted([118.0, 189.0].into_iter());
        assert!(
            (100.0..=118.0).contains(&lo) && (189.0..=200.0).contains(&hi),
            "{lo} {hi}"
        );
        assert_eq!((lo % 10.0, hi % 10.0), (0.0, 0.0));
    }
}
