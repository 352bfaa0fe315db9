//! Sweep charts: the cost-versus-service front, P(meet target) against FTE, and the staffing the
//! simulation-based optimiser found.

use super::{Context, span};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat, axis_number, numeric_ticks};
use crate::scenario::Scenario;
use crate::sweep::{Optimization, SweepResult};

/// The sweep's options: cost against simulated service level, the Pareto front, the recommended
/// option and the target.
///
/// Over 80 lines: one chart literal after the options' points.
pub fn sweep_front(scenario: &Scenario, result: &SweepResult) -> Chart {
    let costed = scenario.cost.hourly_cost.is_some();
    let sl = |k: usize| result.options[k].service_level.map_or(0.0, |e| e.mean);
    let all: Vec<(f64, f64)> = (0..result.options.len())
        .map(|k| (result.options[k].cost, sl(k)))
        .collect();
    let fronts = fronts(result);
    let recommended: Vec<(f64, f64)> = result
        .recommended
        .iter()
        .filter_map(|(_, k)| *k)
        .map(|k| (result.options[k].cost, sl(k)))
        .collect();
    let recommended_labels: Vec<(f64, f64, String)> = result
        .recommended
        .iter()
        .filter_map(|(_, k)| *k)
        .map(|k| {
            let o = &result.options[k];
            (
                o.cost,
                sl(k),
                format!("{} · {}", o.label, crate::report::format::percent(sl(k), 1)),
            )
        })
        .collect();
    let (c0, c1) = span(all.iter().map(|p| p.0));
    let target = scenario.target.service.service_level();
    let currency = &scenario.cost.currency;
    let x_title = if costed {
        format!("Cost over the horizon ({currency})")
    } else {
        "Paid agent-hours".to_string()
    };
    let footnote = format!(
        "Scenario {} · {} options × {} replications, common random numbers (seed {}) · staffsim {}",
        scenario.name,
        result.options.len(),
        result.replications,
        result.seed,
        env!("CARGO_PKG_VERSION")
    );
    super::fit_shares(
        Chart {
            title: "Cost against service: the staffing options".into(),
            subtitle: format!(
                "One dot per simulated option; the line joins those nothing beats on cost and service; recommended: cheapest meeting {:.0}/{} on {} of days",
                target * 100.0,
                scenario.target.service.within().get(),
                crate::report::format::percent(result.confidence, 0)
            ),
            footnote,
            x: XAxis {
                title: x_title,
                range: (c0, c1),
                ticks: numeric_ticks(c0, c1, axis_number),
                separators: Vec::new(),
            },
            panels: vec![Panel {
                y_title: format!(
                    "Simulated service level (within {} s)",
                    scenario.target.service.within().get()
                ),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: std::iter::once(Mark::Points {
                    label: "Option".into(),
                    points: all,
                    colour: Colour::Grey,
                    size: 6,
                })
                .chain(fronts)
                .chain([
                    Mark::Points {
                        label: "Recommended".into(),
                        points: recommended,
                        colour: Colour::Vermillion,
                        size: 10,
                    },
                    Mark::Notes {
                        notes: recommended_labels,
                    },
                    super::level("Target", target, 0),
                ])
                .collect(),
            }],
        },
        &[0],
    )
}

/// One cost–service front per scenario variant (variants are different questions), each a line
/// through its options nothing beats on cost and service.
fn fronts(result: &SweepResult) -> Vec<Mark> {
    let sl = |k: usize| result.options[k].service_level.map_or(0.0, |e| e.mean);
    let mut variants: Vec<String> = result
        .options
        .iter()
        .map(|o| crate::sweep::variant_key(&o.point))
        .collect();
    variants.sort();
    variants.dedup();
    let palette = [Colour::Blue, Colour::Purple, Colour::Green, Colour::Orange];
    variants
        .iter()
        .enumerate()
        .map(|(v, key)| {
            let mut front: Vec<(f64, f64)> = (0..result.options.len())
                .filter(|&k| {
                    result.options[k].pareto
                        && crate::sweep::variant_key(&result.options[k].point) == *key
                })
                .map(|k| (result.options[k].cost, sl(k)))
                .collect();
            front.sort_by(|a, b| a.0.total_cmp(&b.0));
            Mark::Line {
                label: if variants.len() == 1 {
                    "Cost–service front".into()
                } else {
                    format!("Front: {key}")
                },
                points: front.into_iter().map(|(x, y)| (x, Some(y))).collect(),
                colour: palette[v % palette.len()],
                dashed: v > 0,
            }
        })
        .collect()
}

/// P(a simulated day meets the target) against FTE, one dot per option.
pub fn sweep_confidence(scenario: &Scenario, result: &SweepResult) -> Chart {
    let fte: Vec<(f64, f64)> = result
        .options
        .iter()
        .map(|o| (o.fte, o.p_meet_target))
        .collect();
    let recommended: Vec<(f64, f64)> = result
        .recommended
        .iter()
        .filter_map(|(_, k)| *k)
        .map(|k| (result.options[k].fte, result.options[k].p_meet_target))
        .collect();
    let (f0, f1) = span(fte.iter().map(|p| p.0));
    super::fit_shares(
        Chart {
            title: "How sure is the target? P(day meets target) against FTE".into(),
            subtitle: format!(
                "Share of simulated days meeting {:.0}/{} for each option; the line is the confidence asked",
                scenario.target.service.service_level() * 100.0,
                scenario.target.service.within().get()
            ),
            footnote: format!(
                "Scenario {} · {} options × {} replications, common random numbers (seed {}) · FTE = paid hours ÷ hours per FTE-week · staffsim {}",
                scenario.name,
                result.options.len(),
                result.replications,
                result.seed,
                env!("CARGO_PKG_VERSION")
            ),
            x: XAxis {
                title: "FTE (paid)".into(),
                range: (f0, f1),
                ticks: numeric_ticks(f0, f1, axis_number),
                separators: Vec::new(),
            },
            panels: vec![Panel {
                y_title: "P(simulated day meets the target)".into(),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: vec![
                    Mark::Points {
                        label: "Option".into(),
                        points: fte,
                        colour: Colour::Blue,
                        size: 7,
                    },
                    Mark::Points {
                        label: "Recommended".into(),
                        points: recommended,
                        colour: Colour::Vermillion,
                        size: 11,
                    },
                    Mark::HLine {
                        label: format!(
                            "Confidence {}",
                            crate::report::format::percent(result.confidence, 0)
                        ),
                        y: result.confidence,
                        colour: Colour::Black,
                    },
                ],
            }],
        },
        &[0],
    )
}

/// Required (Erlang) against the staffing optimised in simulation.
pub fn optimized_staffing(scenario: &Scenario, result: &Optimization) -> Chart {
    let ctx = Context {
        scenario,
        plan: &result.optimized,
        simulation: Some(&result.simulation),
    };
    let mut chart = super::staffing(&ctx);
    let extra =
        result.optimized.totals.staffed_agent_hours - result.erlang.totals.required_agent_hours;
    chart.title = "Staffing that holds the target in simulation".into();
    chart.subtitle = format!(
        "Optimised agents against the interval-by-interval {} requirement: {extra:+.1} agent-hours for the carry-over",
        result.erlang.model
    );
    if let Some(panel) = chart.panels.first_mut() {
        for mark in &mut panel.marks {
            match mark {
                Mark::Line { label, .. } if label == "Staffed" => {
                    *label = "Optimised in simulation".into()
                }
                Mark::Rects { label, .. } => *label = "Erlang requirement above optimised".into(),
                _ => {}
            }
        }
    }
    chart
}
