//! Long answers streamed to the page as server-sent events: `progress` `{done, total}` every
//! 100 ms, then `result`, `cancelled` or `error`. The work holds a simulation slot, is cached
//! by its state, and stops (between blocks of replications) when the page cancels it or goes
//! away. The simulation, the bid, the sweep and the schedule all run through [`streamed`].

use super::app::*;
use super::files::load;

/// A stream of server-sent events.
pub(super) type EventStream = Sse<
    axum::response::sse::KeepAliveStream<
        tokio_stream::wrappers::ReceiverStream<std::result::Result<Event, Infallible>>,
    >,
>;

/// One event.
pub(super) fn sse(name: &str, data: &Value) -> std::result::Result<Event, Infallible> {
    Ok(Event::default().event(name).data(data.to_string()))
}

/// Whether the request asks for an event stream (`Accept: text/event-stream`) rather than one
/// JSON answer.
pub(super) fn wants_events(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"))
}

/// What a streamed answer needs besides its work.
pub(super) struct Streamed {
    /// The cache it is kept in.
    pub(super) cache: fn(&App) -> &Mutex<Cache>,
    /// Its cache key.
    pub(super) key: u64,
    /// The page asking: `/api/cancel` finds its jobs by it.
    pub(super) page: String,
    /// The kind of work: "simulate", "bid", "sweep", "schedule".
    pub(super) kind: &'static str,
    /// One job of this kind per page at a time (the simulation); otherwise a newer ask runs
    /// beside an older one the page is cancelling.
    pub(super) exclusive: bool,
}

impl Streamed {
    /// The running job's name: the page and the kind, and a serial number unless exclusive.
    fn job_name(&self) -> String {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        if self.exclusive {
            format!("{}\u{0}{}", self.page, self.kind)
        } else {
            let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
            format!("{}\u{0}{}\u{0}{serial}", self.page, self.kind)
        }
    }
}

/// Streams the answer of `prepare`'s work for `state`: from the cache when this state was
/// answered before, else loaded and checked by `prepare` on a blocking thread (a bad state is
/// refused before the stream opens), then worked out holding a slot, with progress. `prepare`
/// returns the units of work it can announce before starting (a simulation's replications;
/// 0 when the work announces them itself) and the work.
pub(super) async fn streamed<W>(
    app: Arc<App>,
    streamed: Streamed,
    state: ScenarioState,
    prepare: impl FnOnce(Scenario) -> ApiResult<(u64, W)> + Send + 'static,
) -> ApiResult<EventStream>
where
    W: FnOnce(&Job) -> ApiResult<Value> + Send + 'static,
{
    let (sender, receiver) = tokio::sync::mpsc::channel(32);
    let stream = Sse::new(tokio_stream::wrappers::ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::default());
    let hit = (streamed.cache)(&app)
        .lock()
        .expect("cache")
        .get(streamed.key);
    if let Some(hit) = hit {
        let done = hit.get("replications").cloned().unwrap_or(json!(1));
        let _ = sender
            .send(sse("progress", &json!({ "done": done, "total": done })))
            .await;
        let mut answer = (*hit).clone();
        answer["cached"] = json!(true);
        let _ = sender.send(sse("result", &answer)).await;
        return Ok(stream);
    }
    let loader = app.clone();
    let (announced, work) = blocking(move || prepare(load(&loader, &state)?)).await?;
    let name = streamed.job_name();
    let busy = app.running.lock().expect("jobs").contains_key(&name);
    if busy {
        return Err(ApiError(
            StatusCode::TOO_MANY_REQUESTS,
            "this page is already running that: cancel it or wait for it".into(),
        ));
    }
    let permit = slot(&app).await?;
    let job = Arc::new(Job::default());
    app.running
        .lock()
        .expect("jobs")
        .insert(name.clone(), job.clone());
    // The opening event goes out before the work starts, so it reads 0 of the total.
    let opening = json!({ "done": 0, "total": announced });
    let gone = sender.send(sse("progress", &opening)).await.is_err();
    let worker = job.clone();
    let handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&worker)
    });
    tokio::spawn(follow(
        app,
        (streamed, name),
        (job, announced),
        handle,
        sender,
        gone,
    ));
    Ok(stream)
}

/// Sends the job's progress every 100 ms until its work ends, then its answer (cached) or why
/// it has none. A page that went away cancels the work.
async fn follow(
    app: Arc<App>,
    (streamed, name): (Streamed, String),
    (job, announced): (Arc<Job>, u64),
    mut handle: tokio::task::JoinHandle<ApiResult<Value>>,
    sender: tokio::sync::mpsc::Sender<std::result::Result<Event, Infallible>>,
    mut gone: bool,
) {
    let progress = |job: &Job| {
        let total = job.total.load(Ordering::Relaxed).max(announced);
        json!({ "done": job.done.load(Ordering::Relaxed).min(total), "total": total })
    };
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let outcome = loop {
        tokio::select! {
            done = &mut handle => break done,
            _ = tick.tick() => {
                if gone || sender.send(sse("progress", &progress(&job))).await.is_err() {
                    gone = true;
                    job.cancel.store(true, Ordering::Relaxed);
                }
            }
        }
    };
    app.running.lock().expect("jobs").remove(&name);
    match outcome {
        Ok(Ok(answer)) => {
            let answer = Arc::new(answer);
            (streamed.cache)(&app)
                .lock()
                .expect("cache")
                .put(streamed.key, answer.clone());
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
}

/// Cancels the page's running work.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CancelRequest {
    /// The page.
    pub(super) page: String,
    /// Only this kind of work ("simulate", "bid", "sweep", "schedule"); every kind when absent.
    #[serde(default)]
    pub(super) kind: Option<String>,
}

/// `POST /api/cancel`: `{"cancelled": n}`, the number of jobs told to stop.
pub(super) async fn cancel(
    State(app): State<Arc<App>>,
    Body(request): Body<CancelRequest>,
) -> Json<Value> {
    let running = app.running.lock().expect("jobs");
    let mut cancelled = 0;
    for (name, job) in running.iter() {
        let mut parts = name.split('\u{0}');
        let (page, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if page == request.page && request.kind.as_deref().is_none_or(|k| k == kind) {
            job.cancel.store(true, Ordering::Relaxed);
            cancelled += 1;
        }
    }
    Json(json!({ "cancelled": cancelled > 0, "jobs": cancelled }))
}
