//! `staffsim serve`: a local what-if page over the engine.
//!
//! One page (plain HTML, CSS and JavaScript embedded in the binary; no CDN, no build step) and a
//! small JSON API on axum:
//!
//! | route | what |
//! | --- | --- |
//! | `GET /` | the page (and `/app.js`, `/app.css`) |
//! | `GET /api/scenarios` | the scenarios under the folder the server was started in |
//! | `GET /api/scenario?path=…` | one scenario's text |
//! | `POST /api/plan` | the Erlang plan of a scenario state (text + levers): totals, days, charts as SVG |
//! | `POST /api/simulate` | a simulation, streamed as server-sent events: progress, then the result |
//! | `POST /api/cancel` | cancels the page's running simulation |
//! | `POST /api/bid` | the bid of a scenario state with a `[bid]` |
//! | `POST /api/sweep`, `/api/schedule` | its `[sweep]` options, or its `[schedule]`, with their chart |
//! | `POST /api/export/report` | the full `run` report of a state, as a zip |
//! | `POST /api/export/workbook`, `/api/export/chart` | its workbook, or one chart as PNG or SVG |
//! | `POST /api/save`, `/api/saved` | the text with its levers written in: saved under `output/scenarios/`, or returned |
//!
//! A state is the scenario's text, the path it is read at (relative paths in it resolve from
//! there) and the [`Levers`]. Answers are cached per state, so going back is instant.
//!
//! **Safety.** The browser is a hostile neighbour: the server binds to loopback unless told
//! otherwise (`--allow-remote`); every request's `Host` must name the server (DNS rebinding);
//! a POST from another origin is refused; bodies are capped at 10 MB; a path from the page is
//! relative and must stay inside the folder the server was started in; replications and the
//! horizon are capped; one simulation runs per page, and at most [`MAX_SIMULATIONS`] at once
//! (a request waits up to two seconds for a slot, then gets 429); the server writes only under
//! `output/`.

mod cache;
pub mod levers;

use crate::error::Error;
use crate::plan::Plan;
use crate::present::charts::{self, Context};
use crate::progress::Progress;
use crate::report::Mark;
use crate::scenario::Scenario;
use crate::sim::{SimOptions, SimulationResult};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cache::{Cache, once};
pub use levers::Levers;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest request body, bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// The most replications the page may ask for.
pub const MAX_REPLICATIONS: u32 = 2000;
/// The longest horizon the page may plan, in intervals (a year of 15-minute intervals fits).
pub const MAX_INTERVALS: usize = 40_000;
/// Simulations running at once, across pages.
pub const MAX_SIMULATIONS: usize = 2;

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The folder the page's paths are relative to (the server's working folder).
    pub root: PathBuf,
    /// The scenario the page opens with, relative to `root`.
    pub scenario: Option<PathBuf>,
    /// Address to bind.
    pub host: std::net::IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Called with the address once the server listens (the CLI's `--open`).
    pub ready: Option<fn(SocketAddr)>,
}

/// A scenario state from the page.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScenarioState {
    /// Where the text is read from, relative to the root (anchors its relative paths).
    path: String,
    /// The TOML.
    text: String,
    #[serde(default)]
    levers: Levers,
}

/// The fields of a state, written flat in every request (`serde(flatten)` would lose the
/// levers' numeric map keys).
macro_rules! state_fields {
    ($name:ident { $($field:ident: $kind:ty),* $(,)? }) => {
        #[derive(Debug, Deserialize, serde::Serialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            path: String,
            text: String,
            #[serde(default)]
            levers: Levers,
            $($field: $kind,)*
        }

        impl $name {
            fn state(&self) -> ScenarioState {
                ScenarioState {
                    path: self.path.clone(),
                    text: self.text.clone(),
                    levers: self.levers.clone(),
                }
            }
        }
    };
}

state_fields!(PlanRequest {
    // A pinned state to compare with.
    baseline: Option<ScenarioState>,
});

state_fields!(SimulateRequest {
    replications: Option<u32>,
    // The page asking: one simulation runs per page.
    page: String,
});

state_fields!(ExportRequest {
    // For `/api/export/chart`: the chart's file stem, e.g. "staffing".
    chart: Option<String>,
    // "png" or "svg".
    format: Option<String>,
});

/// A running simulation, as its progress and its cancel flag.
#[derive(Debug, Default)]
struct Job {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl Progress for Job {
    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    fn add_work(&self, units: u64) {
        self.total.fetch_add(units, Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

struct App {
    root: PathBuf,
    initial: Option<String>,
    allowed_hosts: Vec<String>,
    plans: Mutex<Cache>,
    simulations: Mutex<Cache>,
    bids: Mutex<Cache>,
    schedules: Mutex<Cache>,
    sweeps: Mutex<Cache>,
    running: Mutex<HashMap<String, Arc<Job>>>,
    slots: Arc<tokio::sync::Semaphore>,
    /// Plans worked out at once: a plan takes milliseconds, but a flood of distinct states must
    /// not take every blocking thread.
    plan_slots: Arc<tokio::sync::Semaphore>,
}

/// Plans worked out at once; more wait (up to [`PLAN_WAIT`]) for one to finish.
const MAX_PLANS: usize = 4;

/// How long a plan waits for one of the [`MAX_PLANS`] slots before 429.
const PLAN_WAIT: Duration = Duration::from_secs(30);

impl App {
    /// The server's state over `root`, with empty caches and `slots` simulations at once.
    fn new(
        root: PathBuf,
        initial: Option<String>,
        allowed_hosts: Vec<String>,
        slots: usize,
    ) -> Self {
        App {
            root,
            initial,
            allowed_hosts,
            plans: Mutex::default(),
            simulations: Mutex::default(),
            bids: Mutex::default(),
            schedules: Mutex::default(),
            sweeps: Mutex::default(),
            running: Mutex::default(),
            slots: Arc::new(tokio::sync::Semaphore::new(slots)),
            plan_slots: Arc::new(tokio::sync::Semaphore::new(MAX_PLANS)),
        }
    }
}

/// A JSON request body; one that does not parse is answered as every other error is, as JSON
/// `{"error": …}` naming the field (axum's own rejection is plain text).
struct Body<T>(T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> std::result::Result<Self, ApiError> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| Body(value))
            .map_err(|rejection| ApiError(rejection.status(), rejection.body_text()))
    }
}

/// An error answer: a status and a one-line message, as JSON `{"error": …}`.
#[derive(Debug)]
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        let status = match err {
            _ if err.is_input() => StatusCode::BAD_REQUEST,
            // The scenario asks for what no staffing gives: the page's input, not the server.
            Error::Infeasible { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, error_text(&err))
    }
}

/// The error and its causes on one line, as the CLI prints them.
fn error_text(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

type ApiResult<T> = std::result::Result<T, ApiError>;

/// Binds and serves until the process is stopped; prints the page's address first.
pub fn serve(config: ServeConfig) -> crate::error::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Write {
            path: config.root.clone(),
            source: e,
        })?;
    runtime.block_on(async move {
        // A backlog of 1,024 rather than std's 128: a burst of connections (a page's charts
        // and answers, a load test) must queue, not have its SYNs dropped and retried a second
        // later.
        let address = SocketAddr::new(config.host, config.port);
        let listener = (|| {
            let socket = if address.is_ipv4() {
                tokio::net::TcpSocket::new_v4()
            } else {
                tokio::net::TcpSocket::new_v6()
            }?;
            socket.set_reuseaddr(true)?;
            socket.bind(address)?;
            socket.listen(1024)
        })()
        .map_err(|e| {
            Error::invalid(
                "--port",
                config.port,
                format!("a port this machine lets staffsim listen on ({e})"),
            )
        })?;
        let address = listener.local_addr().map_err(|e| Error::Write {
            path: config.root.clone(),
            source: e,
        })?;
        let router = router(&config, address);
        println!("staffsim serve: http://{address}/");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if let Some(ready) = config.ready {
            ready(address);
        }
        axum::serve(listener, router)
            .await
            .map_err(|e| Error::Write {
                path: config.root.clone(),
                source: e,
            })
    })
}

fn router(config: &ServeConfig, address: SocketAddr) -> Router {
    let port = address.port();
    let mut allowed_hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    if !address.ip().is_loopback() {
        allowed_hosts.push(match address {
            SocketAddr::V4(a) => format!("{}:{port}", a.ip()),
            SocketAddr::V6(a) => format!("[{}]:{port}", a.ip()),
        });
    }
    let initial = config
        .scenario
        .as_ref()
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    let app = Arc::new(App::new(
        config.root.clone(),
        initial,
        allowed_hosts,
        MAX_SIMULATIONS,
    ));
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/scenarios", get(scenarios))
        .route("/api/scenario", get(scenario_text))
        .route("/api/plan", post(plan))
        .route("/api/simulate", post(simulate))
        .route("/api/cancel", post(cancel))
        .route("/api/bid", post(bid))
        .route("/api/schedule", post(schedule))
        .route("/api/sweep", post(sweep))
        .route("/api/export/report", post(export_report))
        .route("/api/export/workbook", post(export_workbook))
        .route("/api/export/chart", post(export_chart))
        .route("/api/save", post(save))
        .route("/api/saved", post(saved))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Refuses a request whose `Host` is not this server (DNS rebinding) and a POST from another
/// origin; caps bodies by their declared length before they are read.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !app
        .allowed_hosts
        .iter()
        .any(|a| a.eq_ignore_ascii_case(host))
    {
        return ApiError(
            StatusCode::FORBIDDEN,
            format!(
                "the Host header '{host}' does not name this server: open it at http://{}/",
                app.allowed_hosts[0]
            ),
        )
        .into_response();
    }
    if request.method() != Method::GET {
        let same = |origin: &str| {
            app.allowed_hosts
                .iter()
                .any(|a| origin.eq_ignore_ascii_case(&format!("http://{a}")))
        };
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok())
            && !same(origin)
        {
            return ApiError(
                StatusCode::FORBIDDEN,
                format!("a request from another origin ({origin}) is refused"),
            )
            .into_response();
        }
        if headers
            .get("sec-fetch-site")
            .is_some_and(|s| s.as_bytes() == b"cross-site")
        {
            return ApiError(
                StatusCode::FORBIDDEN,
                "a cross-site request is refused".into(),
            )
            .into_response();
        }
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
            return too_large();
        }
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    response
}

fn too_large() -> Response {
    ApiError(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request is over {} MB", MAX_BODY_BYTES / (1024 * 1024)),
    )
    .into_response()
}

async fn index() -> Response {
    asset(
        "text/html; charset=utf-8",
        include_str!("assets/index.html"),
    )
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/app.css"))
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'",
            ),
        ],
        body,
    )
        .into_response()
}

/// A relative path from the page, resolved inside the root; `..`, absolute paths and links
/// that lead outside are refused with 403.
fn inside(app: &App, relative: &str) -> ApiResult<PathBuf> {
    let forbidden = || {
        ApiError(
            StatusCode::FORBIDDEN,
            format!("'{relative}' is outside the folder the server was started in"),
        )
    };
    let path = Path::new(relative);
    if relative.is_empty()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(forbidden());
    }
    let root = app.root.canonicalize().map_err(|_| forbidden())?;
    // The deepest part that exists must resolve inside the root (no link leads out).
    let mut probe = app.root.join(path);
    while !probe.exists() {
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => break,
        }
    }
    match probe.canonicalize() {
        Ok(real) if real.starts_with(&root) => Ok(path.to_path_buf()),
        _ => Err(forbidden()),
    }
}

/// A path relative to the root with `.` and `..` folded away; `None` when it is absolute or
/// climbs above the root.
fn folded(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Refuses anything but a regular file at `relative` (inside the root) when something is there:
/// a FIFO would block the reader for ever, a device would never end.
fn regular_file(app: &App, relative: &Path, what: &str) -> ApiResult<()> {
    match std::fs::metadata(app.root.join(relative)) {
        Ok(meta) if !meta.is_file() => Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("{what}: '{}' is not a regular file", relative.display()),
        )),
        _ => Ok(()),
    }
}

/// The files a scenario's text names (`[forecast] csv` and `history`, `[handle_time] csv`,
/// `[report] logo`), resolved from the scenario's folder, must lie inside the root (links
/// resolved) and be regular files: posted text reads nothing the page could not open itself,
/// and an error never quotes a file outside the folder, since none is read.
fn confine_named_files(app: &App, scenario: &Path, text: &str) -> ApiResult<()> {
    let folder = scenario.parent().unwrap_or(Path::new(""));
    for (key, value) in crate::scenario::named_files(text) {
        let field = format!("{}: {key}", scenario.display());
        let outside = || {
            ApiError(
                StatusCode::FORBIDDEN,
                format!(
                    "{field} = {value:?} is outside the folder the server was started in: name a file inside it"
                ),
            )
        };
        let relative = folded(&folder.join(&value)).ok_or_else(outside)?;
        inside(app, &relative.to_string_lossy()).map_err(|_| outside())?;
        regular_file(app, &relative, &field)?;
    }
    Ok(())
}

/// ", open one of its queues: a.toml, b.toml" for a portfolio's text at `path` (the queues'
/// files relative to the server's root, as the page names them), or nothing when it lists none.
fn queue_files(path: &str, text: &str) -> String {
    let folder = Path::new(path).parent().unwrap_or(Path::new(""));
    let files: Vec<String> = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("queue")?.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|q| q.get("scenario")?.as_str().map(|f| folder.join(f)))
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    if files.is_empty() {
        String::new()
    } else {
        format!(", open one of its queues: {}", files.join(", "))
    }
}

/// Refuses a portfolio, naming its queues' files to open instead.
fn one_queue(state: &ScenarioState) -> ApiResult<()> {
    if crate::scenario::is_portfolio(&state.text) {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "{}: is a portfolio of queues: the page takes one queue's scenario{} (run `staffsim run` on the portfolio)",
                state.path,
                queue_files(&state.path, &state.text)
            ),
        ));
    }
    Ok(())
}

/// The scenario of a state: the text checked at its path, the levers applied, the horizon
/// capped.
fn load(app: &App, state: &ScenarioState) -> ApiResult<Scenario> {
    let path = inside(app, &state.path)?;
    one_queue(state)?;
    confine_named_files(app, &path, &state.text)?;
    // Relative, as the page and the CLI name it: the server runs in its root.
    let scenario = state.levers.apply(&state.text, &path)?;
    if scenario.intervals.len() > MAX_INTERVALS {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "{}: {} intervals is more than the page plans ({MAX_INTERVALS}); use the CLI for longer horizons",
                state.path,
                scenario.intervals.len()
            ),
        ));
    }
    Ok(scenario)
}

fn key_of(kind: &str, value: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut hasher);
    serde_json::to_string(value)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

async fn scenarios(State(app): State<Arc<App>>) -> ApiResult<Json<Value>> {
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
struct PathQuery {
    path: String,
}

async fn scenario_text(
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
fn lever_info(scenario: &Scenario) -> Value {
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
fn plan_charts(
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

fn plan_answer(app: &App, request: &PlanRequest) -> ApiResult<Value> {
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

async fn plan(
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

fn replications_of(requested: Option<u32>, scenario: &Scenario) -> ApiResult<u32> {
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

fn simulation_answer(scenario: &Scenario, replications: u32, job: &Job) -> ApiResult<Value> {
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

fn sse(name: &str, data: &Value) -> std::result::Result<Event, Infallible> {
    Ok(Event::default().event(name).data(data.to_string()))
}

async fn simulate(
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
struct CancelRequest {
    page: String,
}

async fn cancel(State(app): State<Arc<App>>, Body(request): Body<CancelRequest>) -> Json<Value> {
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

/// One of the [`MAX_SIMULATIONS`] simulation slots, waiting two seconds for one to free.
async fn slot(app: &App) -> ApiResult<tokio::sync::OwnedSemaphorePermit> {
    permit(
        app.slots.clone(),
        Duration::from_secs(2),
        format!("{MAX_SIMULATIONS} simulations are running: try again when one ends"),
    )
    .await
}

/// A permit of `slots`, waiting at most `wait` for one; else 429 saying `busy`.
async fn permit(
    slots: Arc<tokio::sync::Semaphore>,
    wait: Duration,
    busy: String,
) -> ApiResult<tokio::sync::OwnedSemaphorePermit> {
    tokio::time::timeout(wait, slots.acquire_owned())
        .await
        .ok()
        .and_then(|p| p.ok())
        .ok_or(ApiError(StatusCode::TOO_MANY_REQUESTS, busy))
}

/// An answer that simulates (a bid, a schedule, a sweep) for `state`: from `cache` when this
/// state was answered before, else worked out once. The state is loaded and checked by
/// `prepare` on a blocking thread (a bad state is refused without waiting for a slot); the
/// work it returns then runs on a blocking thread holding a simulation slot.
async fn simulated<W>(
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
fn page_options(scenario: &Scenario, replications: u32) -> SimOptions {
    SimOptions {
        replications,
        seed: scenario.simulation.seed,
        threads: None,
    }
}

/// `staffsim bid` on a state.
async fn bid(
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

/// A chart as inline SVG.
fn svg_of(chart: &crate::report::Chart) -> ApiResult<String> {
    chart
        .svg()
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e))
}

/// `staffsim schedule` on a state: the cheapest whole shifts on its `[schedule]` templates on
/// top of what the state puts on the phones (its roster and lever agents), evaluated by the
/// scenario's simulation, with the schedule chart.
async fn schedule(
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
async fn sweep(
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

/// The `run` report of a state, written once under `output/serve/` and reused.
fn report_folder(app: &App, state: &ScenarioState) -> ApiResult<(Scenario, PathBuf)> {
    let mut scenario = load(app, state)?;
    let key = key_of("report", state);
    let folder = app
        .root
        .join("output")
        .join("serve")
        .join(format!("{}-{:016x}", scenario.name, key));
    // The page's cap holds for every simulation the report runs: its sweep and its bid too.
    replications_of(None, &scenario)?;
    if let Some(sweep) = scenario.sweep.as_mut() {
        sweep.replications = sweep.replications.map(|n| n.min(MAX_REPLICATIONS));
    }
    if let Some(bid) = scenario.bid.as_mut() {
        bid.replications = bid.replications.min(MAX_REPLICATIONS);
    }
    Ok((scenario, folder))
}

/// Marks a job cancelled when dropped: a handler's future is dropped when its client goes away,
/// and the work on the blocking thread then stops at its next check.
struct CancelOnDrop(Arc<Job>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel.store(true, Ordering::Relaxed);
    }
}

/// The report folder of a state, written once: the state is checked on a blocking thread first
/// (a bad one is refused without waiting), then the report runs holding a simulation slot, and
/// stops if the client leaves.
async fn reported(app: &Arc<App>, state: ScenarioState) -> ApiResult<PathBuf> {
    let checker = app.clone();
    let (scenario, folder) = blocking(move || report_folder(&checker, &state)).await?;
    if folder.join("summary.md").is_file() {
        return Ok(folder);
    }
    let _slot = slot(app).await?;
    let job = Arc::new(Job::default());
    let _cancel = CancelOnDrop(job.clone());
    blocking(move || {
        let options = page_options(&scenario, replications_of(None, &scenario)?);
        let output = crate::job::OutputOptions {
            folder: folder.clone(),
            force: false,
            workbook: true,
        };
        crate::job::run(&scenario, &output, options, &*job)?;
        Ok(folder)
    })
    .await
}

fn attachment(kind: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    (headers, bytes).into_response()
}

/// Runs `work` on a blocking thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

fn zip_folder(folder: &Path) -> ApiResult<Vec<u8>> {
    use std::io::Write;
    let fail = |e: String| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![folder.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| fail(e.to_string()))? {
            let entry = entry.map_err(|e| fail(e.to_string()))?;
            let kind = entry.file_type().map_err(|e| fail(e.to_string()))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    for file in files {
        let name = file
            .strip_prefix(folder)
            .map_err(|e| fail(e.to_string()))?
            .to_string_lossy()
            .replace('\\', "/");
        writer
            .start_file(name, options)
            .map_err(|e| fail(e.to_string()))?;
        let bytes = std::fs::read(&file).map_err(|e| fail(e.to_string()))?;
        writer.write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    }
    let cursor = writer.finish().map_err(|e| fail(e.to_string()))?;
    Ok(cursor.into_inner())
}

async fn export_report(
    State(app): State<Arc<App>>,
    Body(request): Body<ExportRequest>,
) -> ApiResult<Response> {
    let folder = reported(&app, request.state()).await?;
    let (bytes, name) = blocking(move || {
        let name = folder
            .file_name()
            .map_or("report".into(), |n| n.to_string_lossy().into_owned());
        Ok((zip_folder(&folder)?, name))
    })
    .await?;
    Ok(attachment("application/zip", &format!("{name}.zip"), bytes))
}

async fn export_workbook(
    State(app): State<Arc<App>>,
    Body(request): Body<ExportRequest>,
) -> ApiResult<Response> {
    let folder = reported(&app, request.state()).await?;
    let bytes = blocking(move || {
        std::fs::read(folder.join("workbook.xlsx"))
            .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    })
    .await?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "workbook.xlsx",
        bytes,
    ))
}

async fn export_chart(
    State(app): State<Arc<App>>,
    Body(request): Body<ExportRequest>,
) -> ApiResult<Response> {
    let chart = request.chart.clone().unwrap_or_else(|| "staffing".into());
    let format = request.format.clone().unwrap_or_else(|| "png".into());
    if !chart
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        || !matches!(format.as_str(), "png" | "svg")
    {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "chart must be a chart's name (e.g. staffing) and format png or svg".into(),
        ));
    }
    let file = format!("{chart}.{format}");
    let name = file.clone();
    let folder = reported(&app, request.state()).await?;
    let bytes = blocking(move || {
        std::fs::read(folder.join("charts").join(&file)).map_err(|_| {
            ApiError(
                StatusCode::NOT_FOUND,
                format!("the report has no chart '{file}'"),
            )
        })
    })
    .await?;
    let kind = if format == "png" {
        "image/png"
    } else {
        "image/svg+xml"
    };
    Ok(attachment(kind, &name, bytes))
}

/// A state's text with its levers written in (checked like any file), for *Save* and
/// *Download*.
fn saved_text(app: &App, state: &ScenarioState, destination: &Path) -> ApiResult<String> {
    one_queue(state)?;
    let path = inside(app, &state.path)?;
    confine_named_files(app, &path, &state.text)?;
    // `saved` applies and checks every lever itself, and checks what it writes.
    Ok(state.levers.saved(&state.text, &path, destination)?)
}

/// `{"text"}`: what *Save* would write, for the page to download.
async fn saved(
    State(app): State<Arc<App>>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    // Downloaded, it stays beside the scenario it came from.
    let here = inside(&app, &state.path)?;
    Ok(Json(json!({ "text": saved_text(&app, &state, &here)? })))
}

async fn save(
    State(app): State<Arc<App>>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    let name = Path::new(&state.path)
        .file_name()
        .map_or("scenario.toml".into(), |n| n.to_string_lossy().into_owned());
    let relative = format!("output/scenarios/{name}");
    let target = app.root.join(&relative);
    let destination = inside(&app, &relative)?;
    // The folder first: the saved text is checked where it will be, its paths resolved there.
    std::fs::create_dir_all(app.root.join("output/scenarios")).map_err(|e| Error::Write {
        path: target.clone(),
        source: e,
    })?;
    let text = saved_text(&app, &state, &destination)?;
    // Only a plain file of its own name is replaced: never written through a link (onto a
    // bundled scenario, say) nor into a FIFO or a device.
    if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(ApiError(
            StatusCode::CONFLICT,
            format!(
                "{relative} is not a regular file (a link, a folder or a device): remove it to save here"
            ),
        ));
    }
    crate::report::write_atomically(&target, text.as_bytes())?;
    Ok(Json(json!({ "saved": relative })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(root: &Path) -> App {
        App::new(root.to_path_buf(), None, vec!["127.0.0.1:1".into()], 1)
    }

    #[test]
    fn paths_from_the_page_stay_inside_the_root() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let app = app(root);
        assert!(inside(&app, "scenarios/holiday-peak.toml").is_ok());
        assert!(inside(&app, "output/not-yet/there.toml").is_ok());
        for bad in ["../etc/passwd", "/etc/passwd", "scenarios/../../x", ""] {
            let err = inside(&app, bad).unwrap_err();
            assert_eq!(err.0, StatusCode::FORBIDDEN, "{bad}");
        }
    }
}
