//! The decisions on the page: the bid, the schedule and the sweep, each in a simulation slot,
//! answered as one JSON value or, asked with `Accept: text/event-stream`, streamed with progress
//! and cancellable like the simulation.

use super::app::*;
use super::simulation::{page_options, replications_of, simulated};
use super::stream::{Streamed, streamed, wants_events};

/// The page a streamed decision runs for (`?page=`), so `/api/cancel` can stop it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageQuery {
    page: Option<String>,
}

/// A decision's answer for `state`: streamed when the request asks for events, else one JSON
/// value; cached by state either way. `prepare` loads and checks the scenario and returns the
/// work, which reports progress to the job it is given.
async fn decision<W>(
    app: Arc<App>,
    (headers, page): (HeaderMap, PageQuery),
    (kind, cache): (&'static str, fn(&App) -> &Mutex<Cache>),
    state: ScenarioState,
    prepare: impl FnOnce(Scenario) -> ApiResult<W> + Send + 'static,
) -> ApiResult<Response>
where
    W: FnOnce(&Job) -> ApiResult<Value> + Send + 'static,
{
    let key = key_of(kind, &state);
    if wants_events(&headers) {
        let streaming = Streamed {
            cache,
            key,
            page: page.page.unwrap_or_default(),
            kind,
            exclusive: false,
        };
        let stream = streamed(app, streaming, state, move |scenario| {
            Ok((0, prepare(scenario)?))
        })
        .await?;
        return Ok(stream.into_response());
    }
    let answer = simulated(&app, cache, kind, state, move |scenario| {
        let work = prepare(scenario)?;
        Ok(move || work(&Job::default()))
    })
    .await?;
    Ok(answer.into_response())
}

/// `staffsim bid` on a state.
pub(super) async fn bid(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Response> {
    let path = state.path.clone();
    decision(
        app,
        (headers, page),
        ("bid", |a| &a.bids),
        state,
        move |scenario| {
            let Some(config) = &scenario.bid else {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [bid] section"),
                ));
            };
            let replications = replications_of(Some(config.replications), &scenario)?;
            Ok(move |job: &Job| {
                let result =
                    crate::bid::bid(&scenario, page_options(&scenario, replications), job)?;
                serde_json::to_value(&result)
                    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
            })
        },
    )
    .await
}

/// `staffsim schedule` on a state: the cheapest whole shifts on its `[schedule]` templates on
/// top of what the state puts on the phones (its roster and lever agents), evaluated by the
/// scenario's simulation, with the schedule chart.
pub(super) async fn schedule(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Response> {
    let path = state.path.clone();
    decision(
        app,
        (headers, page),
        ("schedule", |a| &a.schedules),
        state,
        move |scenario| {
            if scenario.schedule.is_none() {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [schedule] section"),
                ));
            }
            let replications = replications_of(None, &scenario)?;
            Ok(move |job: &Job| {
                let options = crate::schedule::ScheduleOptions {
                    sim: page_options(&scenario, replications),
                    objective: None,
                };
                let result = crate::schedule::schedule(&scenario, options, job)?;
                let mut answer = result.json();
                answer["chart"] = json!(svg_of(&charts::schedule(&scenario, &result)?)?);
                answer["replications"] = json!(replications);
                Ok(answer)
            })
        },
    )
    .await
}

/// `staffsim sweep` on a state: its `[sweep]` options simulated, with the cost-against-service
/// chart and the cheapest option that holds the target.
pub(super) async fn sweep(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Response> {
    let path = state.path.clone();
    decision(
        app,
        (headers, page),
        ("sweep", |a| &a.sweeps),
        state,
        move |scenario| {
            let Some(config) = scenario.sweep.clone() else {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [sweep] section"),
                ));
            };
            let replications = replications_of(config.replications, &scenario)?;
            Ok(move |job: &Job| {
                let options = page_options(&scenario, replications);
                let result = crate::sweep::sweep(&scenario, &config, options, job)?;
                let mut answer = result.json();
                answer["chart"] = json!(svg_of(&charts::sweep_front(&scenario, &result))?);
                Ok(answer)
            })
        },
    )
    .await
}
