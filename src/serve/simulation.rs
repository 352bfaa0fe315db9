//! Simulation on the page: a run streamed as server-sent events with progress, cancellable,
//! holding one of the simulation slots; and the slot-holding, cached JSON answers of the
//! decisions when no stream is asked for.

use super::app::*;
use super::files::load;
use super::pages::plan_charts;
use super::stream::{EventStream, Streamed, streamed};

pub(super) fn replications_of(requested: Option<u32>, scenario: &Scenario) -> ApiResult<u32> {
    let n = requested.unwrap_or(scenario.simulation.replications);
    if n == 0 || n > MAX_REPLICATIONS {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "replications must be from 1 to {MAX_REPLICATIONS} on the page, got {n}; use the CLI for more"
            ),
        ));
    }
    Ok(n)
}

pub(super) fn simulation_answer(
    scenario: &Scenario,
    replications: u32,
    job: &Job,
) -> ApiResult<Value> {
    let plan = crate::plan::plan(scenario)?;
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let options = page_options(scenario, replications);
    let result = crate::sim::simulate(scenario, &agents, options, job)?;
    let charts = plan_charts(scenario, &plan, Some(&result), None)?;
    Ok(json!({
        "replications": replications,
        "seed": options.seed,
        "run": result.run,
        "days": result.days.iter().map(|d| json!({ "date": d.date.to_string(), "kpis": d.kpis })).collect::<Vec<_>>(),
        "wall_seconds": result.wall_seconds,
        "charts": charts,
    }))
}

/// `POST /api/simulate`: the state simulated with the replications asked, streamed with
/// progress; one simulation per page at a time.
pub(super) async fn simulate(
    State(app): State<Arc<App>>,
    Body(request): Body<SimulateRequest>,
) -> ApiResult<EventStream> {
    let state = request.state();
    let requested = request.replications;
    let streaming = Streamed {
        cache: |a| &a.simulations,
        key: key_of("simulate", &(&state, requested)),
        page: request.page.clone(),
        kind: "simulate",
        exclusive: true,
    };
    streamed(app, streaming, state, move |scenario| {
        let replications = replications_of(requested, &scenario)?;
        let work = move |job: &Job| simulation_answer(&scenario, replications, job);
        Ok((u64::from(replications), work))
    })
    .await
}

/// An answer that simulates (a bid, a schedule, a sweep) for `state`: from `cache` when this
/// state was answered before, else worked out once. The state is loaded and checked by
/// `prepare` on a blocking thread (a bad state is refused without waiting for a slot); the
/// work it returns then runs on a blocking thread holding a simulation slot.
pub(super) async fn simulated<W>(
    app: &Arc<App>,
    cache: fn(&App) -> &Mutex<Cache>,
    kind: &str,
    state: ScenarioState,
    prepare: impl FnOnce(Scenario) -> ApiResult<W> + Send + 'static,
) -> ApiResult<Json<Value>>
where
    W: FnOnce() -> ApiResult<Value> + Send + 'static,
{
    let key = key_of(kind, &state);
    let (answer, _) = once(cache(app), key, async {
        let loader = app.clone();
        let work = blocking(move || prepare(load(&loader, &state)?)).await?;
        let permit = slot(app).await?;
        blocking(move || {
            let _permit = permit;
            work()
        })
        .await
    })
    .await?;
    Ok(Json((*answer).clone()))
}

/// The seeded simulation options of a page answer with `replications`.
pub(super) fn page_options(scenario: &Scenario, replications: u32) -> SimOptions {
    SimOptions {
        replications,
        seed: scenario.simulation.seed,
        threads: None,
        ledger: None,
    }
}
