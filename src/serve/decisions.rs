//! The decisions on the page: the bid, the schedule and the sweep, each in a simulation slot.

use super::app::*;
use super::simulation::{page_options, replications_of, simulated};

/// `staffsim bid` on a state.
pub(super) async fn bid(
    State(app): State<Arc<App>>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    let path = state.path.clone();
    simulated(
        &app,
        |a| &a.bids,
        "bid",
        state,
        move |scenario| {
            let Some(config) = &scenario.bid else {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [bid] section"),
                ));
            };
            let replications = replications_of(Some(config.replications), &scenario)?;
            Ok(move || {
                let result =
                    crate::bid::bid(&scenario, page_options(&scenario, replications), &|| {})?;
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
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    let path = state.path.clone();
    simulated(
        &app,
        |a| &a.schedules,
        "schedule",
        state,
        move |scenario| {
            if scenario.schedule.is_none() {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [schedule] section"),
                ));
            }
            let replications = replications_of(None, &scenario)?;
            Ok(move || {
                let options = crate::schedule::ScheduleOptions {
                    sim: page_options(&scenario, replications),
                    objective: None,
                };
                let result = crate::schedule::schedule(&scenario, options, &|| {})?;
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
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    let path = state.path.clone();
    simulated(
        &app,
        |a| &a.sweeps,
        "sweep",
        state,
        move |scenario| {
            let Some(config) = scenario.sweep.clone() else {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{path}: has no [sweep] section"),
                ));
            };
            let replications = replications_of(config.replications, &scenario)?;
            Ok(move || {
                let options = page_options(&scenario, replications);
                let result = crate::sweep::sweep(&scenario, &config, options, &|| {})?;
                let mut answer = result.json();
                answer["chart"] = json!(svg_of(&charts::sweep_front(&scenario, &result))?);
                Ok(answer)
            })
        },
    )
    .await
}
