//! Shared-agents charts: what each group took, queue by queue, the staffings side by side
//! (dedicated teams, the groups as given, the groups optimised, the pooled bound), and the same
//! staffings interval by interval.

use super::ceiling;
use super::timeline::timeline;
use crate::plan::Plan;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::routing::{Bounds, RoutingResult, SkillOptimization};
use crate::units::Seconds;

/// One colour per queue, in order.
const QUEUE_COLOURS: [Colour; 6] = [
    Colour::Blue,
    Colour::Orange,
    Colour::Green,
    Colour::Purple,
    Colour::Sky,
    Colour::Vermillion,
];

/// Categories `labels` at 1, 2, … on an axis titled `title`.
fn categories(title: &str, labels: &[String]) -> XAxis {
    XAxis {
        title: title.into(),
        range: (0.4, labels.len() as f64 + 0.6),
        ticks: labels
            .iter()
            .enumerate()
            .map(|(k, l)| (k as f64 + 1.0, l.clone()))
            .collect(),
        separators: Vec::new(),
    }
}

/// The flow of work: a bar per group, stacked by the queues it took (mean contacts per
/// replication), so a planner sees who works what.
pub fn routing_flow(result: &RoutingResult) -> Chart {
    let queues: Vec<&str> = result.queues.iter().map(|q| q.queue.as_str()).collect();
    let mut marks = Vec::new();
    let mut base = vec![0.0; result.groups.len()];
    for (k, queue) in queues.iter().enumerate() {
        let bars: Vec<(f64, f64, f64, f64)> = result
            .groups
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let n = *group.handled.get(*queue)?;
                let bar = (g as f64 + 0.65, g as f64 + 1.35, base[g], base[g] + n);
                base[g] += n;
                (n > 0.0).then_some(bar)
            })
            .collect();
        marks.push(Mark::Bars {
            label: (*queue).to_string(),
            bars,
            colour: QUEUE_COLOURS[k % QUEUE_COLOURS.len()],
        });
    }
    let labels = base
        .iter()
        .enumerate()
        .map(|(g, total)| (g as f64 + 1.0, *total, format::thousands(*total)))
        .collect();
    marks.push(Mark::Labels { labels });
    let groups: Vec<String> = result.groups.iter().map(|g| g.group.clone()).collect();
    Chart {
        title: "Who takes what: each group's contacts by queue".into(),
        subtitle: format!(
            "Mean contacts per replication over the horizon; {} queues, {} groups, {} replications",
            result.queues.len(),
            result.groups.len(),
            result.replications
        ),
        footnote: footnote(&result.portfolio, result.seed),
        x: categories("Group of agents", &groups),
        panels: vec![Panel {
            y_title: "Contacts taken".into(),
            y_range: (0.0, ceiling(base.iter().copied(), 5.0) * 1.12),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

/// Four staffings of the same queues in agent-hours: dedicated teams, the groups as given, the
/// groups optimised, and the pooled bound, each bar labelled.
pub fn routing_staffings(result: &RoutingResult, optimization: &SkillOptimization) -> Chart {
    let steps = [
        (
            "Dedicated teams",
            optimization.dedicated.agent_hours,
            Colour::Grey,
        ),
        ("Groups as given", result.totals.agent_hours, Colour::Orange),
        ("Groups optimised", optimization.agent_hours, Colour::Blue),
        (
            "Pooled bound",
            optimization.pooled_bound.agent_hours,
            Colour::Green,
        ),
    ];
    let mut marks: Vec<Mark> = steps
        .iter()
        .enumerate()
        .map(|(k, (_, hours, colour))| Mark::Bars {
            label: String::new(),
            bars: vec![(k as f64 + 0.65, k as f64 + 1.35, 0.0, *hours)],
            colour: *colour,
        })
        .collect();
    marks.push(Mark::Labels {
        labels: steps
            .iter()
            .enumerate()
            .map(|(k, (_, hours, _))| (k as f64 + 1.0, *hours, format::grouped(*hours, 0)))
            .collect(),
    });
    let labels: Vec<String> = steps.iter().map(|(l, ..)| (*l).to_string()).collect();
    Chart {
        title: "What sharing agents saves".into(),
        subtitle: format!(
            "Agent-hours on the phones for the same queues and targets: cross-training {} against dedicated teams",
            crate::present::sharing_saves(
                optimization.dedicated.agent_hours,
                optimization.agent_hours
            )
        ),
        footnote: footnote(&result.portfolio, result.seed),
        x: categories("Staffing", &labels),
        panels: vec![Panel {
            y_title: "Agent-hours on the phones".into(),
            y_range: (0.0, ceiling(steps.iter().map(|s| s.1), 5.0) * 1.12),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

/// The staffings interval by interval: the dedicated requirement (each queue its own team), the
/// pooled one (every agent every skill), the groups' agents as given and, when optimised, the
/// groups' optimised agents, on the queues' shared timeline (closed when every queue is).
///
/// `plans` are the queues' own plans (one horizon); `interval` their length.
///
/// Over 80 lines: the merged timeline, then four lines and the chart's one literal.
pub fn routing_bounds(
    plans: &[Plan],
    interval: Seconds,
    bounds: &Bounds,
    optimization: Option<&SkillOptimization>,
) -> Chart {
    let mut merged = plans[0].clone();
    for (k, i) in merged.intervals.iter_mut().enumerate() {
        i.open = plans.iter().any(|p| p.intervals[k].open);
    }
    for (d, day) in merged.days.iter_mut().enumerate() {
        day.totals.intervals = plans
            .iter()
            .map(|p| p.days[d].totals.intervals)
            .max()
            .unwrap_or(0);
    }
    let t = timeline(&merged, interval);
    let at = |f: fn(&crate::routing::BoundInterval) -> u32| {
        t.steps(|k| Some(f64::from(f(&bounds.intervals[k]))))
    };
    let optimised: Option<Vec<f64>> = optimization.map(|o| {
        (0..bounds.intervals.len())
            .map(|k| {
                o.groups
                    .iter()
                    .map(|g| f64::from(g.intervals[k].agents))
                    .sum()
            })
            .collect()
    });
    let top = ceiling(
        bounds
            .intervals
            .iter()
            .flat_map(|i| [i.dedicated, i.pooled, i.groups].map(f64::from))
            .chain(optimised.iter().flatten().copied()),
        5.0,
    );
    let mut marks = vec![
        Mark::Line {
            label: "Dedicated teams".into(),
            points: at(|i| i.dedicated),
            colour: Colour::Grey,
            dashed: true,
        },
        Mark::Line {
            label: "Pooled bound".into(),
            points: at(|i| i.pooled),
            colour: Colour::Green,
            dashed: true,
        },
        Mark::Line {
            label: "Groups as given".into(),
            points: at(|i| i.groups),
            colour: Colour::Orange,
            dashed: false,
        },
    ];
    if let Some(optimised) = &optimised {
        marks.push(Mark::Line {
            label: "Groups optimised".into(),
            points: t.steps(|k| Some(optimised[k])),
            colour: Colour::Blue,
            dashed: false,
        });
    }
    let subtitle = format!(
        "Agents on the phones, all groups together: dedicated {} agent-hours, pooled {}, groups {}{}",
        format::grouped(bounds.dedicated_agent_hours, 0),
        format::grouped(bounds.pooled_agent_hours, 0),
        format::grouped(bounds.group_agent_hours, 0),
        optimization.map_or(String::new(), |o| format!(
            ", optimised {}",
            format::grouped(o.agent_hours, 0)
        ))
    );
    t.shade_closed(Chart {
        title: "Shared agents against their bounds, interval by interval".into(),
        subtitle,
        footnote: format!(
            "Portfolio {} · dedicated and pooled requirements planned analytically · staffsim {}",
            bounds.portfolio,
            env!("CARGO_PKG_VERSION")
        ),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: "Agents on the phones".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks,
        }],
    })
}

/// A shared-agents bid month by month: each group's paid FTE stacked, against the same queues as
/// dedicated teams.
pub fn routing_bid_fte(result: &crate::routing::bid::SharedBid) -> Chart {
    let n = result.months.len();
    let every = n.div_ceil(12).max(1);
    let mut base = vec![0.0; n];
    let mut marks: Vec<Mark> = result
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| Mark::Bars {
            label: format!("Group {}", group.group),
            bars: result
                .months
                .iter()
                .enumerate()
                .map(|(m, month)| {
                    let fte = month.groups[g].fte;
                    let bar = (m as f64 + 0.65, m as f64 + 1.35, base[m], base[m] + fte);
                    base[m] += fte;
                    bar
                })
                .collect(),
            colour: QUEUE_COLOURS[g % QUEUE_COLOURS.len()],
        })
        .collect();
    marks.push(Mark::Line {
        label: "Dedicated teams".into(),
        points: result
            .months
            .iter()
            .enumerate()
            .map(|(m, month)| (m as f64 + 1.0, Some(month.dedicated_fte)))
            .collect(),
        colour: Colour::Black,
        dashed: true,
    });
    let top = ceiling(
        base.iter()
            .copied()
            .chain(result.months.iter().map(|m| m.dedicated_fte)),
        5.0,
    ) * 1.08;
    let t = &result.totals;
    Chart {
        title: "Blended teams month by month".into(),
        subtitle: format!(
            "Paid FTE of each group of shared agents, against the same queues as dedicated teams: {} FTE on average against {}",
            format::grouped(t.fte, 1),
            format::grouped(t.dedicated_fte, 1)
        ),
        footnote: format!(
            "Portfolio {} · each month's groups optimised in simulation, seed {} · staffsim {}",
            result.portfolio,
            result.seed,
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "Month of the contract".into(),
            range: (0.4, n as f64 + 0.6),
            ticks: result
                .months
                .iter()
                .enumerate()
                .filter(|(k, _)| k % every == 0)
                .map(|(k, m)| (k as f64 + 1.0, m.label.clone()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: "Paid FTE".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

fn footnote(portfolio: &str, seed: u64) -> String {
    format!(
        "Portfolio {portfolio} · shared agents simulated contact by contact, seed {seed} · staffsim {}",
        env!("CARGO_PKG_VERSION")
    )
}
