//! Exports and saving: the report as a zip, the workbook, a chart, and the levers saved as a
//! scenario beside the bundled ones.

use super::app::*;
use super::files::{confine_named_files, inside, load, one_queue};
use super::simulation::{page_options, replications_of};

/// The `run` report of a state, written once under `output/serve/` and reused.
pub(super) fn report_folder(app: &App, state: &ScenarioState) -> ApiResult<(Scenario, PathBuf)> {
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
pub(super) struct CancelOnDrop(Arc<Job>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel.store(true, Ordering::Relaxed);
    }
}

/// The report folder of a state, written once: the state is checked on a blocking thread first
/// (a bad one is refused without waiting), then the report runs holding a simulation slot, and
/// stops if the client leaves.
pub(super) async fn reported(app: &Arc<App>, state: ScenarioState) -> ApiResult<PathBuf> {
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

pub(super) fn attachment(kind: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    (headers, bytes).into_response()
}

pub(super) fn zip_folder(folder: &Path) -> ApiResult<Vec<u8>> {
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

pub(super) async fn export_report(
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

pub(super) async fn export_workbook(
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

pub(super) async fn export_chart(
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
pub(super) fn saved_text(
    app: &App,
    state: &ScenarioState,
    destination: &Path,
) -> ApiResult<String> {
    one_queue(state)?;
    let path = inside(app, &state.path)?;
    confine_named_files(app, &path, &state.text)?;
    // `saved` applies and checks every lever itself, and checks what it writes.
    Ok(state.levers.saved(&state.text, &path, destination)?)
}

/// `{"text"}`: what *Save* would write, for the page to download.
pub(super) async fn saved(
    State(app): State<Arc<App>>,
    Body(state): Body<ScenarioState>,
) -> ApiResult<Json<Value>> {
    // Downloaded, it stays beside the scenario it came from.
    let here = inside(&app, &state.path)?;
    Ok(Json(json!({ "text": saved_text(&app, &state, &here)? })))
}

pub(super) async fn save(
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
