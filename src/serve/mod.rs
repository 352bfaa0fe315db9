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
//! | `POST /api/cancel` | cancels the page's running simulation, bid, sweep or schedule |
//! | `POST /api/bid` | the bid of a scenario state with a `[bid]` |
//! | `POST /api/sweep`, `/api/schedule` | its `[sweep]` options, or its `[schedule]`, with their chart |
//!
//! The bid, the sweep and the schedule answer one JSON value, or, asked with
//! `Accept: text/event-stream`, stream it with progress as the simulation does (`serve/stream.rs`).
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

mod app;
mod cache;
mod decisions;
mod exports;
mod files;
pub mod levers;
mod pages;
mod simulation;
mod stream;

use app::*;
pub use app::{MAX_BODY_BYTES, MAX_INTERVALS, MAX_REPLICATIONS, MAX_SIMULATIONS, ServeConfig};
use decisions::*;
use exports::*;
use pages::*;
use simulation::*;
use stream::cancel;

use crate::error::Error;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
pub use levers::Levers;
use std::net::SocketAddr;
use std::sync::Arc;

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

/// The page's routes, as served at `address` (only requests whose `Host` names it are
/// answered). [`serve`] binds a socket and serves this; tests and embedders call it directly,
/// e.g. with `tower::ServiceExt::oneshot`.
///
/// A scenario's own files (its forecast CSV, its logo) are named relative to the scenario and
/// read from the process's working folder, which [`serve`] runs in: a caller whose `root` is
/// elsewhere gets "cannot read" for them.
pub fn router(config: &ServeConfig, address: SocketAddr) -> Router {
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

#[cfg(test)]
mod tests {
    use super::files::inside;
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
