//! What every route shares: the server's limits and configuration, the application state (its
//! caches, slots and running jobs), the request and error types, and the slot waits. The
//! routes' files use this one; none of them reaches back into `mod.rs`.

pub(super) use super::cache::{Cache, once};
pub(super) use super::levers::Levers;
pub(super) use crate::error::Error;
pub(super) use crate::plan::Plan;
pub(super) use crate::present::charts::{self, Context};
pub(super) use crate::progress::Progress;
pub(super) use crate::report::Mark;
pub(super) use crate::scenario::Scenario;
pub(super) use crate::sim::{SimOptions, SimulationResult};
pub(super) use axum::Json;
pub(super) use axum::extract::{Query, Request, State};
pub(super) use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
pub(super) use axum::response::sse::{Event, KeepAlive, Sse};
pub(super) use axum::response::{IntoResponse, Response};
pub(super) use serde::Deserialize;
pub(super) use serde_json::{Value, json};
pub(super) use std::collections::HashMap;
pub(super) use std::convert::Infallible;
pub(super) use std::net::SocketAddr;
pub(super) use std::path::{Component, Path, PathBuf};
pub(super) use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
pub(super) use std::sync::{Arc, Mutex};
pub(super) use std::time::{Duration, Instant};

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
pub(super) struct ScenarioState {
    /// Where the text is read from, relative to the root (anchors its relative paths).
    pub(super) path: String,
    /// The TOML.
    pub(super) text: String,
    #[serde(default)]
    pub(super) levers: Levers,
}

/// The fields of a state, written flat in every request (`serde(flatten)` would lose the
/// levers' numeric map keys).
macro_rules! state_fields {
    ($name:ident { $($field:ident: $kind:ty),* $(,)? }) => {
        #[derive(Debug, Deserialize, serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $name {
            pub(super) path: String,
            pub(super) text: String,
            #[serde(default)]
            pub(super) levers: Levers,
            $(pub(super) $field: $kind,)*
        }

        impl $name {
            pub(super) fn state(&self) -> ScenarioState {
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
pub(super) struct Job {
    pub(super) done: AtomicU64,
    pub(super) total: AtomicU64,
    pub(super) cancel: AtomicBool,
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

pub(super) struct App {
    pub(super) root: PathBuf,
    pub(super) initial: Option<String>,
    pub(super) allowed_hosts: Vec<String>,
    pub(super) plans: Mutex<Cache>,
    pub(super) simulations: Mutex<Cache>,
    pub(super) bids: Mutex<Cache>,
    pub(super) schedules: Mutex<Cache>,
    pub(super) sweeps: Mutex<Cache>,
    pub(super) running: Mutex<HashMap<String, Arc<Job>>>,
    pub(super) slots: Arc<tokio::sync::Semaphore>,
    /// Plans worked out at once: a plan takes milliseconds, but a flood of distinct states must
    /// not take every blocking thread.
    pub(super) plan_slots: Arc<tokio::sync::Semaphore>,
}

/// Plans worked out at once; more wait (up to [`PLAN_WAIT`]) for one to finish.
pub(super) const MAX_PLANS: usize = 4;

/// How long a plan waits for one of the [`MAX_PLANS`] slots before 429.
pub(super) const PLAN_WAIT: Duration = Duration::from_secs(30);

impl App {
    /// The server's state over `root`, with empty caches and `slots` simulations at once.
    pub(super) fn new(
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
pub(super) struct Body<T>(pub(super) T);

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
pub(super) struct ApiError(pub(super) StatusCode, pub(super) String);

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
pub(super) fn error_text(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

pub(super) type ApiResult<T> = std::result::Result<T, ApiError>;

pub(super) fn key_of(kind: &str, value: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut hasher);
    serde_json::to_string(value)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

/// One of the [`MAX_SIMULATIONS`] simulation slots, waiting two seconds for one to free.
pub(super) async fn slot(app: &App) -> ApiResult<tokio::sync::OwnedSemaphorePermit> {
    permit(
        app.slots.clone(),
        Duration::from_secs(2),
        format!("{MAX_SIMULATIONS} simulations are running: try again when one ends"),
    )
    .await
}

/// A permit of `slots`, waiting at most `wait` for one; else 429 saying `busy`.
pub(super) async fn permit(
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

/// A chart as inline SVG.
pub(super) fn svg_of(chart: &crate::report::Chart) -> ApiResult<String> {
    chart
        .svg()
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e))
}

/// Runs `work` on a blocking thread.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}
