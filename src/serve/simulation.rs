//! Simulation on the page: a run streamed as server-sent events with progress, cancellable,
//! holding one of the simulation slots.

use super::app::*;
use super::files::load;
use super::pages::plan_charts;

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

pub(super) fn sse(name: &str, data: &Value) -> std::result::Result<Event, Infallible> {
    Ok(Event::default().event(name).data(data.to_string()))
}

pub(super) async fn simulate(
    State(app): State<Arc<App>>,
    Body(request): Body<SimulateRequest>,
) -> ApiResult<impl IntoResponse> {
    let state = request.state();
    let key = key_of("simulate", &(&state, request.replications));
    let (sender, receiver) = tokio::sync::mpsc::channel(32);
    let stream = Sse::new(tokio_stream::wrappers::ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::default());
    let hit = app.simulations.lock().expect("cache").get(key);
    if let Some(hit) = hit {
        let done = &hit["replications"];
        let _ = sender
            .send(sse("progress", &json!({ "done": done, "total": done })))
            .await;
        let mut answer = (*hit).clone();
        answer["cached"] = json!(true);
        let _ = sender.send(sse("result", &answer)).await;
        return Ok(stream);
    }
    let loader = app.clone();
    let scenario = blocking(move || load(&loader, &state)).await?;
    let replications = replications_of(request.replications, &scenario)?;
    let busy = app
        .running
        .lock()
        .expect("jobs")
        .contains_key(&request.page);
    if busy {
        return Err(ApiError(
            StatusCode::TOO_MANY_REQUESTS,
            "a simulation is already running for this page: cancel it or wait for it".into(),
        ));
    }
    let permit = slot(&app).await?;
    let job = Arc::new(Job::default());
    job.total.store(u64::from(replications), Ordering::Relaxed);
    app.running
        .lock()
        .expect("jobs")
        .insert(request.page.clone(), job.clone());
    // The opening event goes out before the work starts, so it reads 0 of the total.
    let opening = json!({ "done": 0, "total": replications });
    let mut gone = sender.send(sse("progress", &opening)).await.is_err();
    let worker = job.clone();
    let mut handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        // The total announced up front is the replications; simulate announces them again.
        worker.total.store(0, Ordering::Relaxed);
        simulation_answer(&scenario, replications, &worker)
    });
    let page = request.page.clone();
    tokio::spawn(async move {
        let progress = |job: &Job| {
            let total = job
                .total
                .load(Ordering::Relaxed)
                .max(u64::from(replications));
            json!({ "done": job.done.load(Ordering::Relaxed).min(total), "total": total })
        };
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        let outcome = loop {
            tokio::select! {
                done = &mut handle => break done,
                _ = tick.tick() => {
                    if gone || sender.send(sse("progress", &progress(&job))).await.is_err() {
                        // The page went away: stop the work it asked for.
                        gone = true;
                        job.cancel.store(true, Ordering::Relaxed);
                    }
                }
            }
        };
        app.running.lock().expect("jobs").remove(&page);
        match outcome {
            Ok(Ok(answer)) => {
                let answer = Arc::new(answer);
                app.simulations
                    .lock()
                    .expect("cache")
                    .put(key, answer.clone());
                let _ = sender.send(sse("progress", &progress(&job))).await;
                let _ = sender.send(sse("result", &answer)).await;
            }
            Ok(Err(ApiError(_, message))) => {
                let name = if job.cancelled() {
                    "cancelled"
                } else {
                    "error"
                };
                let _ = sender.send(sse(name, &json!({ "error": message }))).await;
            }
            Err(e) => {
                let _ = sender
                    .send(sse("error", &json!({ "error": e.to_string() })))
                    .await;
            }
        }
    });
    Ok(stream)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CancelRequest {
    pub(super) page: String,
}

pub(super) async fn cancel(
    State(app): State<Arc<App>>,
    Body(request): Body<CancelRequest>,
) -> Json<Value> {
    let job = app
        .running
        .lock()
        .expect("jobs")
        .get(&request.page)
        .cloned();
    if let Some(job) = &job {
        job.cancel.store(true, Ordering::Relaxed);
    }
    Json(json!({ "cancelled": job.is_some() }))
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
    }
}
