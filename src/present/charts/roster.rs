//! A roster of people drawn: each agent's shifts as bars on their own row, their unavailable
//! days shaded, and under them the heads rostered against the heads needed.

use super::ceiling;
use crate::people::RosterResult;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::routing::people::SharedRoster;
use crate::scenario::Scenario;

/// One colour per template, in order.
const TEMPLATE_COLOURS: [Colour; 6] = [
    Colour::Blue,
    Colour::Orange,
    Colour::Green,
    Colour::Purple,
    Colour::Sky,
    Colour::Vermillion,
];

/// The roster chart (see the module docs); x is days from the horizon's first midnight.
///
/// Over 80 lines: the two panels' marks and the chart's one literal.
pub fn roster(scenario: &Scenario, r: &RosterResult) -> Chart {
    let days = scenario.days();
    let epoch = days[0].date.to_datetime(jiff::civil::Time::midnight());
    let x = |t: jiff::civil::DateTime| t.duration_since(epoch).as_secs_f64() / 86_400.0;
    let n = r.agents.len() as f64;
    let marks = agent_rows(scenario, r, &x);
    let c = &r.coverage;
    let steps = |values: &[u32]| -> Vec<(f64, Option<f64>)> {
        scenario
            .intervals
            .iter()
            .zip(values)
            .flat_map(|(i, &v)| {
                let a = x(i.start);
                let b = a + scenario.interval.get() / 86_400.0;
                [(a, Some(f64::from(v))), (b, Some(f64::from(v)))]
            })
            .collect()
    };
    let top = ceiling(
        c.target.iter().chain(&c.rostered).map(|&v| f64::from(v)),
        5.0,
    );
    let coverage = vec![
        Mark::Line {
            label: "Heads rostered".into(),
            points: steps(&c.rostered),
            colour: Colour::Blue,
            dashed: false,
        },
        Mark::Line {
            label: if r.absence > 0.0 {
                format!("Needed (requirement ÷ {:.2})", 1.0 - r.absence)
            } else {
                "Needed (the requirement)".into()
            },
            points: steps(&c.target),
            colour: Colour::Black,
            dashed: true,
        },
    ];
    Chart {
        title: "Who works when".into(),
        subtitle: format!(
            "{} agents, one row each: shifts by template, unavailable days shaded; {} agent-hours short, every rule {}",
            r.agents.len(),
            format::grouped(c.short_agent_hours, 1),
            if r.rules.violations.is_empty() {
                "held".to_string()
            } else {
                format!("checked: {} broken", r.rules.violations.len())
            }
        ),
        footnote: format!(
            "Scenario {} · roster search seed {} · staffsim {}",
            r.scenario,
            r.seed,
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "Day".into(),
            range: (0.0, days.len() as f64),
            ticks: days
                .iter()
                .enumerate()
                .map(|(d, day)| (d as f64 + 0.5, day.date.strftime("%a %-d %b").to_string()))
                .collect(),
            separators: (1..days.len()).map(|d| d as f64).collect(),
        },
        panels: vec![
            Panel {
                y_title: "Agents".into(),
                y_range: (0.0, n),
                y_format: YFormat::Number,
                marks,
            },
            Panel {
                y_title: "Heads on the phones".into(),
                y_range: (0.0, top),
                y_format: YFormat::Number,
                marks: coverage,
            },
        ],
    }
}

/// A multi-skill portfolio's roster: each group's people and its heads against its need, one
/// pair of panels per group (its own templates and scale), under one title.
pub fn shared_roster(portfolio: &crate::portfolio::Portfolio, shared: &SharedRoster) -> Chart {
    let mut panels = Vec::new();
    let mut first: Option<Chart> = None;
    for (g, group) in portfolio
        .skills
        .iter()
        .flat_map(|s| s.groups.iter().enumerate())
    {
        let (Some(scenario), Some(rostered)) = (
            crate::routing::people::group_roster_scenario(portfolio, g),
            shared.groups.iter().find(|r| r.group == group.name),
        ) else {
            continue;
        };
        let chart = roster(&scenario, &rostered.roster);
        // Short titles: stacked panels are low.
        for (mut panel, title) in chart.panels.clone().into_iter().zip(["people", "heads"]) {
            panel.y_title = format!("{} {title}", group.name);
            panels.push(panel);
        }
        first.get_or_insert(chart);
    }
    let people: usize = shared.groups.iter().map(|g| g.roster.agents.len()).sum();
    let short: f64 = shared
        .groups
        .iter()
        .map(|g| g.roster.coverage.short_agent_hours)
        .sum();
    let broken: usize = shared
        .groups
        .iter()
        .map(|g| g.roster.rules.violations.len())
        .sum();
    let seed = shared.groups.first().map_or(0, |g| g.roster.seed);
    let mut chart = first.unwrap_or_else(|| Chart {
        title: String::new(),
        subtitle: String::new(),
        footnote: String::new(),
        x: XAxis {
            title: "Day".into(),
            range: (0.0, 1.0),
            ticks: Vec::new(),
            separators: Vec::new(),
        },
        panels: Vec::new(),
    });
    chart.title = "Who works when, group by group".into();
    chart.subtitle = format!(
        "{people} people in {} groups, one row each: shifts by template, unavailable days shaded; {} agent-hours short, every rule {}",
        shared.groups.len(),
        format::grouped(short, 1),
        if broken == 0 {
            "held".to_string()
        } else {
            format!("checked: {broken} broken")
        }
    );
    chart.footnote = format!(
        "Portfolio {} · roster search seed {seed} · staffsim {}",
        shared.portfolio,
        env!("CARGO_PKG_VERSION")
    );
    chart.panels = panels;
    chart
}

/// Each agent's row, the first at the top: their unavailable days shaded, then their shifts as
/// bars coloured by template; `x` places a time on the axis.
fn agent_rows(
    scenario: &Scenario,
    r: &RosterResult,
    x: &dyn Fn(jiff::civil::DateTime) -> f64,
) -> Vec<Mark> {
    let days = scenario.days();
    let templates: Vec<String> = scenario
        .schedule
        .as_ref()
        .map(|s| s.templates.iter().map(|t| t.name.clone()).collect())
        .unwrap_or_default();
    let n = r.agents.len() as f64;
    let mut marks: Vec<Mark> = Vec::new();
    // Unavailable days first, beneath the shifts.
    if let Some(config) = &scenario.roster {
        let away: Vec<(f64, f64, f64, f64)> = config
            .agents
            .iter()
            .enumerate()
            .flat_map(|(row, agent)| {
                days.iter().enumerate().filter_map(move |(d, day)| {
                    let y = n - row as f64;
                    agent.unavailable.contains(day.date).then_some((
                        d as f64,
                        d as f64 + 1.0,
                        y - 0.9,
                        y - 0.1,
                    ))
                })
            })
            .collect();
        if !away.is_empty() {
            marks.push(Mark::Rects {
                label: "Unavailable".into(),
                rects: away,
                colour: Colour::Grey,
            });
        }
    }
    for (t, name) in templates.iter().enumerate() {
        let bars: Vec<(f64, f64, f64, f64)> = r
            .agents
            .iter()
            .enumerate()
            .flat_map(|(row, a)| {
                let y = n - row as f64;
                a.shifts
                    .iter()
                    .filter(move |s| s.template_index == t)
                    .map(move |s| (x(s.from), x(s.to), y - 0.85, y - 0.15))
            })
            .collect();
        if !bars.is_empty() {
            marks.push(Mark::Bars {
                label: name.clone(),
                bars,
                colour: TEMPLATE_COLOURS[t % TEMPLATE_COLOURS.len()],
            });
        }
    }
    marks
}
