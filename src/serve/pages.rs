//! The page's reading routes: the scenarios in the folder, a scenario's text and levers, and
//! the plan with its charts.

use super::app::*;
use super::files::{inside, load, regular_file};

pub(super) async fn scenarios(State(app): State<Arc<App>>) -> ApiResult<Json<Value>> {
    let mut found = Vec::new();
    // The root, scenarios/ and its subfolders (a portfolio's queues live there).
    let mut folders = vec![String::new(), "scenarios".to_string()];
    if let Ok(entries) = std::fs::read_dir(app.root.join("scenarios")) {
        let mut subfolders: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| format!("scenarios/{}", e.file_name().to_string_lossy()))
            .collect();
        subfolders.sort();
        folders.extend(subfolders);
    }
    for folder in &folders {
        let Ok(entries) = std::fs::read_dir(app.root.join(folder)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        for name in names {
            let relative = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            let Ok(text) = crate::input::read_text(&app.root.join(&relative)) else {
                continue;
            };
            // Scenarios only: a portfolio, Cargo.toml or any other TOML is not one.
            if crate::scenario::is_portfolio(&text) || !text.contains("[forecast") {
                continue;
            }
            let description = text
                .lines()
                .find_map(|l| l.strip_prefix("description = "))
                .map(|d| d.trim().trim_matches('"').to_string())
                .unwrap_or_default();
            found.push(json!({ "path": relative, "description": description }));
        }
    }
    Ok(Json(json!({ "scenarios": found, "initial": app.initial })))
}

#[derive(Debug, Deserialize)]
pub(super) struct PathQuery {
    pub(super) path: String,
}

pub(super) async fn scenario_text(
    State(app): State<Arc<App>>,
    Query(query): Query<PathQuery>,
) -> ApiResult<Json<Value>> {
    let path = inside(&app, &query.path)?;
    regular_file(&app, &path, "path")?;
    let text = crate::input::read_text(&app.root.join(&path))
        .map_err(|e| ApiError(StatusCode::NOT_FOUND, error_text(&e)))?;
    Ok(Json(json!({ "path": query.path, "text": text })))
}

/// What the page needs to draw its levers for a scenario.
pub(super) fn lever_info(scenario: &Scenario) -> Value {
    let shifts: Vec<Value> = match &scenario.staffing {
        crate::scenario::Staffing::Roster(shifts) => shifts
            .iter()
            .map(|s| json!({ "name": s.name, "agents": s.agents }))
            .collect(),
        _ => Vec::new(),
    };
    let templates: Vec<Value> = scenario
        .schedule
        .iter()
        .flat_map(|s| &s.templates)
        .map(|t| {
            json!({
                "name": t.name,
                "hours": t.length.hours(),
                "days": t.days.to_names().join(", "),
                "starts": t.starts.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let special_days: Vec<Value> = scenario
        .special_days
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "volume_multiplier": d.volume_multiplier,
                "aht_multiplier": d.aht_multiplier,
                "closed": d.closed,
            })
        })
        .collect();
    json!({
        "channel": scenario.channel.kind(),
        "service_level": scenario.target.service.service_level(),
        "within_seconds": scenario.target.service.within().get(),
        "shrinkage": scenario.shrinkage.total.fraction(),
        "patience_seconds": scenario.patience.mean().map(|m| m.get()),
        "max_occupancy": scenario.target.max_occupancy,
        "shifts": shifts,
        "templates": templates,
        "schedule": scenario.schedule.is_some(),
        "sweep": scenario.sweep.is_some(),
        "special_days": special_days,
        "currency": scenario.cost.currency,
        "bid": scenario.bid.as_ref().map(|b| json!({
            "margin": b.margin,
            "sla_credit": b.sla_credit,
            "sla_credit_cap": b.sla_credit_cap,
        })),
        "replications": scenario.simulation.replications,
    })
}

/// The page's two analytic charts, with a baseline's staffed agents and service level drawn
/// under them when one is pinned.
pub(super) fn plan_charts(
    scenario: &Scenario,
    plan: &Plan,
    simulation: Option<&SimulationResult>,
    baseline: Option<(&Scenario, &Plan)>,
) -> ApiResult<Value> {
    let ctx = Context {
        scenario,
        plan,
        simulation,
    };
    let mut staffing = charts::staffing(&ctx);
    let mut service = charts::service_level(&ctx);
    if let Some((b_scenario, b_plan)) = baseline
        && b_plan.intervals.len() == plan.intervals.len()
    {
        let b_ctx = Context {
            scenario: b_scenario,
            plan: b_plan,
            simulation: None,
        };
        let pinned = |chart: &crate::report::Chart, wanted: &str| -> Option<Mark> {
            chart.panels.first()?.marks.iter().find_map(|m| match m {
                Mark::Line { label, points, .. } if label.contains(wanted) => Some(Mark::Line {
                    label: "Baseline".into(),
                    points: points.clone(),
                    colour: crate::report::Colour::Grey,
                    dashed: true,
                }),
                _ => None,
            })
        };
        for (chart, theirs, wanted) in [
            (&mut staffing, charts::staffing(&b_ctx), "taffed"),
            (&mut service, charts::service_level(&b_ctx), "prediction"),
        ] {
            if let (Some(mark), Some(panel)) = (pinned(&theirs, wanted), chart.panels.first_mut()) {
                panel.marks.push(mark);
            }
        }
    }
    Ok(json!({ "staffing": svg_of(&staffing)?, "service_level": svg_of(&service)? }))
}

pub(super) fn plan_answer(app: &App, request: &PlanRequest) -> ApiResult<Value> {
    let started = Instant::now();
    let scenario = load(app, &request.state())?;
    let plan = crate::plan::plan(&scenario)?;
    let baseline = match &request.baseline {
        Some(state) => {
            let s = load(app, state)?;
            let p = crate::plan::plan(&s)?;
            Some((s, p))
        }
        None => None,
    };
    let summary = plan.summary(&scenario);
    let charts = plan_charts(
        &scenario,
        &plan,
        None,
        baseline.as_ref().map(|(s, p)| (s, p)),
    )?;
    Ok(json!({
        "name": scenario.name,
        "model": plan.model.to_string(),
        "staffing": match &scenario.staffing {
            crate::scenario::Staffing::Given(what) => what.as_str(),
            other => other.method(),
        },
        "summary": summary,
        "baseline": baseline.as_ref().map(|(s, p)| p.summary(s)),
        "levers": lever_info(&scenario),
        "charts": charts,
        "warnings": scenario.warnings,
        "server_ms": started.elapsed().as_secs_f64() * 1000.0,
    }))
}

pub(super) async fn plan(
    State(app): State<Arc<App>>,
    Body(request): Body<PlanRequest>,
) -> ApiResult<Json<Value>> {
    let key = key_of("plan", &request);
    let worker = app.clone();
    let slots = app.plan_slots.clone();
    let work = async move {
        let _slot = permit(
            slots,
            PLAN_WAIT,
            "too many plans are being worked out: try again".into(),
        )
        .await?;
        blocking(move || plan_answer(&worker, &request)).await
    };
    let (answer, hit) = once(&app.plans, key, work).await?;
    let mut answer = (*answer).clone();
    if hit {
        answer["cached"] = json!(true);
    }
    Ok(Json(answer))
}
