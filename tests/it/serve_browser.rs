//! The what-if page in a real browser: Debian's Chromium, headless, driven by chromedriver over
//! WebDriver (fantoccini). Opens the page on the holiday week, moves the volume lever and sees
//! the totals and the service-level chart change, places agents on a schedule template, sweeps
//! the staffing options and optimises the schedule on top of them, runs a simulation to 100 %,
//! pins a baseline and sees the change against it, and downloads the report; then, as a pricing
//! analyst, opens the bid scenario, prices it and moves the margin to see the prices move; and
//! opens a scenario from disk through the file input.
//! Leaves screenshots in `target/browser/`: `serve.png` (the README's picture),
//! `serve-options.png` (the swept options), `serve-schedule.png` (the optimised schedule) and
//! `serve-bid.png` (the priced bid), and the update timings in `serve-timings.json`.
//!
//! Skips (saying so loudly) without Chromium and chromedriver, unless `STAFFSIM_REQUIRE_BROWSER=1`
//! (set by `.ci/run` once it has installed them), when it fails instead.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{repo, scratch};
use fantoccini::{ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn found(env: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env).map_or(PathBuf::from(default), PathBuf::from);
    path.is_file().then_some(path)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a JS `script` (ending in `return …;`) and gives its value.
async fn js(client: &fantoccini::Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Clicks the element with this id.
async fn click(client: &fantoccini::Client, id: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Runs `moves` (JS statements that move levers) and waits for the page's re-plan.
async fn replan(client: &fantoccini::Client, moves: &str, what: &str) {
    client
        .execute(
            &format!("window.staffsim.mark = window.staffsim.updates; {moves} return true;"),
            vec![],
        )
        .await
        .unwrap();
    until(
        client,
        "window.staffsim.updates > window.staffsim.mark",
        what,
    )
    .await;
}

/// Polls `script` (a JS expression) until it is truthy; returns its value.
async fn until(client: &fantoccini::Client, script: &str, what: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = client
            .execute(&format!("return ({script});"), vec![])
            .await
            .unwrap();
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return value;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_answers_the_boxing_day_question_and_an_analyst_moves_the_bids_margin() {
    let (Some(chromium), Some(driver)) = (
        found("CHROMIUM", "/usr/bin/chromium"),
        found("CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        crate::common::skip_without_browser(
            "a_planner_answers_the_boxing_day_question_and_an_analyst_moves_the_bids_margin",
            "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
        );
        return;
    };
    let root = scratch("serve-browser");
    std::fs::create_dir_all(root.join("scenarios")).unwrap();
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml"))
        .unwrap()
        .edited("replications = 200", "replications = 40");
    std::fs::write(root.join("scenarios/holiday-peak.toml"), text).unwrap();
    crate::common::bpo_bid_quick_in(&root.join("scenarios"));
    let mut server = Command::new(env!("CARGO_BIN_EXE_staffsim"))
        .args(["serve", "--port", "0"])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Killed(server);
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let port = free_port();
    let _driver = Killed(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let downloads = root.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,1300"],
            "prefs": { "download.default_directory": downloads, "download.prompt_for_download": false },
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let client = client.expect("chromedriver starts a session");

    client.goto(&url).await.unwrap();
    until(
        &client,
        "window.staffsim && window.staffsim.updates >= 1",
        "the first plan",
    )
    .await;
    const SERVICE: &str = "return [document.getElementById('totals').dataset.serviceLevel, document.getElementById('chart-service').innerHTML.length, document.getElementById('chart-service').innerHTML];";
    let before = js(&client, SERVICE).await;
    // Volume + 20 %: the totals and the service-level chart change.
    replan(
        &client,
        "const l = document.getElementById('lever-volume'); l.value = '1.2'; l.dispatchEvent(new Event('input'));",
        "the re-plan",
    )
    .await;
    let after = js(&client, SERVICE).await;
    assert_ne!(before[0], after[0], "the service level did not change");
    assert!(
        after[0].as_str().unwrap().parse::<f64>().unwrap()
            < before[0].as_str().unwrap().parse::<f64>().unwrap()
    );
    assert_ne!(
        before[2], after[2],
        "the service-level chart did not change"
    );
    let timings = js(
        &client,
        "return [window.staffsim.lastUpdateMs, window.staffsim.lastServerMs];",
    )
    .await;

    // Six agents on the Boxing Day "holiday day" template from 10:00: service rises again.
    replan(
        &client,
        "const s = document.getElementById('lever-template-2-start'); s.value = '10:00'; s.dispatchEvent(new Event('change')); const l = document.getElementById('lever-template-2'); l.value = '6'; l.dispatchEvent(new Event('input'));",
        "the re-plan with template agents",
    )
    .await;
    let placed = js(&client, SERVICE).await;
    let level = |v: &Value| v[0].as_str().unwrap().parse::<f64>().unwrap();
    assert!(
        level(&placed) > level(&after),
        "{} against {}",
        placed[0],
        after[0]
    );

    // The staffing options swept: the cheapest that holds the target is marked.
    click(&client, "sweep").await;
    let picks = until(
        &client,
        "document.getElementById('sweep-table').dataset.picks",
        "the sweep",
    )
    .await;
    assert_eq!(picks, json!("1"));
    assert_eq!(
        js(
            &client,
            "return document.querySelectorAll('#sweep-table tr.pick').length;"
        )
        .await,
        json!(1)
    );
    // It streamed its progress to the end, and its Cancel button is off again.
    assert_eq!(
        js(
            &client,
            "const b = document.getElementById('sweep-progress'); return [b.dataset.percent, document.getElementById('sweep-cancel').disabled];"
        )
        .await,
        json!(["100", true])
    );

    // The optimiser's schedule on top of them: a table of what it adds, and its chart.
    click(&client, "optimise").await;
    until(
        &client,
        "document.getElementById('schedule-table').dataset.cost !== undefined",
        "the schedule",
    )
    .await;
    let schedule = js(&client, "return [document.getElementById('schedule-table').dataset.cost, document.getElementById('chart-schedule').innerHTML.startsWith('<svg')];").await;
    assert!(
        schedule[0].as_str().unwrap().parse::<f64>().unwrap() > 0.0,
        "{schedule:?}"
    );
    assert_eq!(schedule[1], json!(true));

    // A simulation, with progress to 100 %.
    click(&client, "simulate").await;
    until(
        &client,
        "window.staffsim.simulations >= 1",
        "the simulation",
    )
    .await;
    let percent = js(
        &client,
        "return document.getElementById('progress').dataset.percent;",
    )
    .await;
    assert_eq!(percent, json!("100"));
    let table = client
        .find(Locator::Id("sim-table"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(table.contains("Service level"), "{table}");

    // Pin a baseline, move the lever back: the change against it shows.
    click(&client, "pin").await;
    replan(
        &client,
        "const l = document.getElementById('lever-volume'); l.value = '1'; l.dispatchEvent(new Event('input'));",
        "the compared plan",
    )
    .await;
    // The baseline shows at once (Now equal to it); the change once the moved plan is in.
    until(
        &client,
        "(t => t.includes('Baseline') && t.includes('+'))(document.getElementById('totals').textContent)",
        "the compared totals with the change",
    )
    .await;
    let totals = client
        .find(Locator::Id("totals"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        totals.contains("Baseline") && totals.contains("Change"),
        "{totals}"
    );
    assert!(totals.contains('+'), "no change shown: {totals}");
    // The day table too: volume back from × 1.2 to × 1 on the same staffing, so Boxing Day's
    // service level rises against the baseline.
    let boxing_day = js(
        &client,
        "const r = [...document.querySelectorAll('#days tr')].find((tr) => tr.cells[0].textContent === '2026-12-26'); return [document.getElementById('days').dataset.compared, r.cells[9].textContent, r.cells[9].className];",
    )
    .await;
    assert_eq!(boxing_day[0], json!("true"));
    assert!(
        boxing_day[1].as_str().unwrap().starts_with('+') && boxing_day[2] == json!("up"),
        "{boxing_day:?}"
    );
    // The sweep and the schedule, shown already, follow: each against the baseline's.
    until(
        &client,
        "document.getElementById('sweep-table').dataset.compared === 'true'",
        "the sweep against the baseline",
    )
    .await;
    until(
        &client,
        "[...document.querySelectorAll('#schedule-table tr')].some((tr) => tr.cells[0].textContent === 'Change')",
        "the schedule against the baseline",
    )
    .await;

    // Simulated again against the pinned baseline (simulated once already, so cached): the
    // simulation table shows both and the change.
    click(&client, "simulate").await;
    until(
        &client,
        "window.staffsim.simulations >= 2",
        "the compared simulation",
    )
    .await;
    let simulated = js(
        &client,
        "const t = document.getElementById('sim-table'); return [t.dataset.compared, t.textContent, [...t.querySelectorAll('tr')].find((tr) => tr.cells[0].textContent === 'Service level').cells[3].className];",
    )
    .await;
    assert_eq!(simulated[0], json!("true"));
    assert!(
        simulated[1].as_str().unwrap().contains("Baseline"),
        "{simulated:?}"
    );
    assert_eq!(simulated[2], json!("up"), "{simulated:?}");

    // Download the report.
    click(&client, "export-report").await;
    let bytes = until(
        &client,
        "document.getElementById('export-status').dataset.bytes",
        "the report download",
    )
    .await;
    assert!(bytes.as_str().unwrap().parse::<u64>().unwrap() > 10_000);

    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&target).unwrap();
    for (scroll, name) in [
        ("window.scrollTo(0, 0);", "serve.png"),
        (
            "document.getElementById('sweep-box').scrollIntoView();",
            "serve-options.png",
        ),
        (
            "document.getElementById('schedule-box').scrollIntoView();",
            "serve-schedule.png",
        ),
    ] {
        js(&client, &format!("{scroll} return true;")).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        std::fs::write(target.join(name), client.screenshot().await.unwrap()).unwrap();
    }

    // A pricing analyst: the bid scenario, priced, then re-priced at a 20 % margin.
    js(
        &client,
        "window.staffsim.mark = window.staffsim.updates; const s = document.getElementById('scenario-list'); s.value = 'scenarios/bpo-bid-baseline.toml'; s.dispatchEvent(new Event('change')); return true;",
    )
    .await;
    until(
        &client,
        "window.staffsim.updates > window.staffsim.mark && !document.getElementById('bid-box').hidden",
        "the bid scenario",
    )
    .await;
    click(&client, "price").await;
    let quoted = until(
        &client,
        "document.getElementById('bid-table').dataset.revenue",
        "the priced bid",
    )
    .await;
    let quoted = quoted.as_str().unwrap().to_string();
    replan(
        &client,
        "const l = document.getElementById('lever-margin'); l.value = '0.2'; l.dispatchEvent(new Event('input'));",
        "the re-plan at a 20 % margin",
    )
    .await;
    let dearer = until(
        &client,
        &format!("document.getElementById('bid-table').dataset.revenue !== '{quoted}' && document.getElementById('bid-table').dataset.revenue"),
        "the re-priced bid",
    )
    .await;
    let revenue = |v: &str| v.parse::<f64>().unwrap();
    assert!(revenue(dearer.as_str().unwrap()) > revenue(&quoted));
    let table = client
        .find(Locator::Id("bid-table"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(table.contains("target 20 %"), "{table}");
    // Pinned at 20 %, then 25 %: the bid table shows the baseline's bid and the change.
    click(&client, "pin").await;
    replan(
        &client,
        "const l = document.getElementById('lever-margin'); l.value = '0.25'; l.dispatchEvent(new Event('input'));",
        "the re-plan at a 25 % margin",
    )
    .await;
    let compared = until(
        &client,
        "document.getElementById('bid-table').textContent.includes('Baseline') && document.getElementById('bid-table').textContent.includes('target 25 %') && [...document.querySelectorAll('#bid-table tr')].find((tr) => tr.cells[0].textContent === 'Revenue').cells[3].textContent",
        "the bid against its baseline",
    )
    .await;
    assert!(compared.as_str().unwrap().starts_with('+'), "{compared}");
    js(
        &client,
        "document.getElementById('bid-box').scrollIntoView(); return true;",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    std::fs::write(
        target.join("serve-bid.png"),
        client.screenshot().await.unwrap(),
    )
    .unwrap();

    // A scenario opened from disk (the file input): the page plans it.
    let upload = root.join("downloads/uploaded.toml");
    std::fs::write(
        &upload,
        std::fs::read_to_string(repo("scenarios/holiday-peak.toml"))
            .unwrap()
            .edited("name = \"holiday-peak\"", "name = \"uploaded-week\""),
    )
    .unwrap();
    js(
        &client,
        "window.staffsim.mark = window.staffsim.updates; return true;",
    )
    .await;
    client
        .find(Locator::Id("upload"))
        .await
        .unwrap()
        .send_keys(upload.to_str().unwrap())
        .await
        .unwrap();
    until(
        &client,
        "window.staffsim.updates > window.staffsim.mark && document.getElementById('model').textContent.startsWith('uploaded-week')",
        "the uploaded scenario's plan",
    )
    .await;

    std::fs::write(
        target.join("serve-timings.json"),
        json!({ "analytic_update_ms": timings[0], "server_ms": timings[1] }).to_string(),
    )
    .unwrap();
    eprintln!(
        "analytic update in the browser: {} ms (server {} ms)",
        timings[0], timings[1]
    );
    client.close().await.unwrap();
}
