//! `staffsim serve`: the plan, the decisions, streamed simulations and sweeps and their cancel,
//! the report export, and every safety check (bad TOML, path traversal, oversized body,
//! cross-origin POST, Host header). Most call the router without a socket; streams cancelled as
//! they are read, 200 concurrent plans and hostile inputs go over real HTTP to the binary.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{repo, scratch};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How a test reaches the page's routes.
enum Transport {
    /// The router itself, called without a socket (`tower::ServiceExt::oneshot`).
    Router {
        router: axum::Router,
        runtime: tokio::runtime::Runtime,
    },
    /// `staffsim serve` running as its own process, over real HTTP: for streams read as they
    /// come, a page that goes away, load and a server that must outlive what it is sent.
    Socket(Child),
}

/// A server of a scratch folder holding a copy of the bundled scenarios.
struct Server {
    transport: Transport,
    port: u16,
    root: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Transport::Socket(child) = &mut self.transport {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A scratch folder with the scenarios the tests open.
fn folder(name: &str) -> std::path::PathBuf {
    let root = scratch(name);
    let scenarios = root.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    for file in ["holiday-peak.toml", "chat-holiday.toml"] {
        std::fs::copy(repo(&format!("scenarios/{file}")), scenarios.join(file)).unwrap();
    }
    crate::common::bpo_bid_quick_in(&scenarios);
    root
}

/// The router of a scratch folder, answering as if served on 127.0.0.1:8080.
fn server(name: &str) -> Server {
    let root = folder(name);
    let port = 8080;
    let config = staffsim::serve::ServeConfig {
        root: root.clone(),
        scenario: Some("scenarios/holiday-peak.toml".into()),
        host: std::net::Ipv4Addr::LOCALHOST.into(),
        port,
        ready: None,
    };
    let router = staffsim::serve::router(&config, (config.host, port).into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    Server {
        transport: Transport::Router { router, runtime },
        port,
        root,
    }
}

/// `staffsim serve --port 0` on a scratch folder, over a real socket.
fn listening(name: &str) -> Server {
    let root = folder(name);
    let mut child = Command::new(env!("CARGO_BIN_EXE_staffsim"))
        .args(["serve", "--port", "0"])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server {
        transport: Transport::Socket(child),
        port,
        root,
    }
}

impl Server {
    /// One exchange: the status, the response head (`name: value` lines) and the body.
    /// `headers` come after `Host` and, for a body, `Content-Type` and `Content-Length`; a
    /// `Content-Length` among them replaces the true one.
    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let host = format!("127.0.0.1:{}", self.port);
        let mut all: Vec<(&str, &str)> = vec![("Host", host.as_str())];
        let length = body.len().to_string();
        if method == "POST" {
            all.push(("Content-Type", "application/json"));
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            {
                all.push(("Content-Length", length.as_str()));
            }
        }
        for (name, value) in headers {
            match all.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some(slot) => slot.1 = value,
                None => all.push((name, value)),
            }
        }
        match &self.transport {
            Transport::Socket(_) => {
                let mut request = format!("{method} {path} HTTP/1.1\r\n");
                for (name, value) in &all {
                    request.push_str(&format!("{name}: {value}\r\n"));
                }
                request.push_str("Connection: close\r\n\r\n");
                let mut bytes = request.into_bytes();
                bytes.extend_from_slice(body);
                exchange(self.port, &bytes)
            }
            Transport::Router { router, runtime } => {
                use tower::ServiceExt;
                let mut request = axum::http::Request::builder().method(method).uri(path);
                for (name, value) in &all {
                    request = request.header(*name, *value);
                }
                let request = request.body(axum::body::Body::from(body.to_vec())).unwrap();
                runtime.block_on(async {
                    let response = router.clone().oneshot(request).await.unwrap();
                    let status = response.status().as_u16();
                    let head: String = response
                        .headers()
                        .iter()
                        .map(|(n, v)| format!("{n}: {}\r\n", v.to_str().unwrap_or("")))
                        .collect();
                    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                        .await
                        .unwrap();
                    (status, head, body.to_vec())
                })
            }
        }
    }

    /// A POST of `body` as JSON; `extra` holds more header lines, each `Name: value\r\n`.
    fn post(&self, path: &str, body: &Value, extra: &str) -> (u16, String, Vec<u8>) {
        let headers: Vec<(&str, &str)> = extra
            .split("\r\n")
            .filter_map(|line| line.split_once(": "))
            .collect();
        self.send("POST", path, &headers, body.to_string().as_bytes())
    }

    /// A GET with `host` as its `Host`.
    fn get(&self, path: &str, host: &str) -> (u16, String, Vec<u8>) {
        self.send("GET", path, &[("Host", host)], b"")
    }

    /// `Host` as the server expects it.
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// One HTTP/1.1 exchange over a socket; returns the status, the headers and the body.
fn exchange(port: u16, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // A server may answer and close before it has read an oversized body.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    let mut body = response[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 4 + size..];
    }
    out
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

fn holiday_peak(levers: Value) -> Value {
    let text = std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap();
    json!({ "path": "scenarios/holiday-peak.toml", "text": text, "levers": levers })
}

/// `staffsim COMMAND scenarios/holiday-peak.toml ARGS… --json`, parsed.
fn cli_json(command: &str, args: &[&str]) -> Value {
    let scenario = repo("scenarios/holiday-peak.toml");
    let out = crate::common::staffsim()
        .arg(command)
        .arg(&scenario)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_page_and_its_scenarios_are_served_from_the_binary() {
    let s = server("serve-page");
    // A portfolio and its queues, in a subfolder of scenarios/.
    std::fs::create_dir_all(s.root.join("scenarios/omnichannel")).unwrap();
    for file in [
        "omnichannel-bid.toml",
        "omnichannel/voice.toml",
        "omnichannel/chat.toml",
        "omnichannel/email.toml",
        "omnichannel/backoffice.toml",
    ] {
        std::fs::copy(
            repo(&format!("scenarios/{file}")),
            s.root.join("scenarios").join(file),
        )
        .unwrap();
    }
    let (status, head, body) = s.get("/", &s.host());
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("/app.js") && !page.contains("http://") && !page.contains("https://"));
    let (status, _, body) = s.get("/api/scenarios", &format!("localhost:{}", s.port));
    assert_eq!(status, 200);
    let list = json_of(&body);
    let paths: Vec<&str> = list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "scenarios/bpo-bid-baseline.toml",
            "scenarios/chat-holiday.toml",
            "scenarios/holiday-peak.toml",
            "scenarios/omnichannel/backoffice.toml",
            "scenarios/omnichannel/chat.toml",
            "scenarios/omnichannel/email.toml",
            "scenarios/omnichannel/voice.toml",
        ]
    );
    assert_eq!(list["initial"], "scenarios/holiday-peak.toml");
    // The portfolio itself is not listed; opened anyway, it names its queues to open instead.
    let portfolio = json!({
        "path": "scenarios/omnichannel-bid.toml",
        "text": std::fs::read_to_string(repo("scenarios/omnichannel-bid.toml")).unwrap(),
        "levers": {},
    });
    let (status, _, body) = s.post("/api/plan", &portfolio, "");
    assert_eq!(status, 400);
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("open one of its queues: scenarios/omnichannel/voice.toml, scenarios/omnichannel/chat.toml"),
        "{message}"
    );
    // A queue plans on its own, as `staffsim plan` plans it.
    let mut queue = portfolio.clone();
    queue["path"] = json!("scenarios/omnichannel/voice.toml");
    queue["text"] =
        json!(std::fs::read_to_string(repo("scenarios/omnichannel/voice.toml")).unwrap());
    assert_eq!(s.post("/api/plan", &queue, "").0, 200);
}

#[test]
fn a_plan_answers_the_levers_and_equals_the_cli_without_them() {
    let s = server("serve-plan");
    let (status, _, body) = s.post("/api/plan", &holiday_peak(json!({})), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let plain = json_of(&body);
    let cli = cli_json("plan", &[]);
    for key in [
        "service_level",
        "scheduled_agent_hours",
        "total_cost",
        "offered",
    ] {
        assert_eq!(plain["summary"][key], cli[key], "{key}");
    }
    assert!(
        plain["charts"]["staffing"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    // Boxing Day 20 % busier and six more agents on the late shift (shift 5 of the roster).
    let levers = json!({ "special_day_volume": { "1": 1.2 }, "shift_agents": { "4": 6 } });
    let (status, _, body) = s.post("/api/plan", &holiday_peak(levers.clone()), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let moved = json_of(&body);
    let paid = |v: &Value| v["summary"]["scheduled_agent_hours"].as_f64().unwrap();
    assert!(paid(&moved) > paid(&plain));
    assert_ne!(
        moved["summary"]["service_level"],
        plain["summary"]["service_level"]
    );
    // Compared with a pinned baseline, the answer carries both.
    let mut body = holiday_peak(levers);
    body["baseline"] = holiday_peak(json!({}));
    let (status, _, answer) = s.post("/api/plan", &body, "");
    assert_eq!(status, 200);
    let answer = json_of(&answer);
    assert_eq!(
        answer["baseline"]["service_level"],
        plain["summary"]["service_level"]
    );
    assert!(
        answer["charts"]["staffing"]
            .as_str()
            .unwrap()
            .contains("Baseline")
    );
}

#[test]
fn agents_added_on_a_schedule_template_staff_its_shift_on_its_days_only() {
    let s = server("serve-template");
    let (status, _, body) = s.post("/api/plan", &holiday_peak(json!({})), "");
    assert_eq!(status, 200);
    let plain = json_of(&body);
    let templates = &plain["levers"]["templates"];
    assert_eq!(templates[2]["name"], "holiday day");
    assert_eq!(templates[2]["starts"][4], "10:00");
    // Six agents on Boxing Day's holiday day shift from 10:00: 8 h less a 30-minute unpaid
    // break, all inside opening hours, so 6 x 7.5 = 45 more agent-hours on the phones that day
    // and none on any other.
    let levers = json!({ "template_agents": [{ "template": 2, "start": "10:00", "agents": 6 }] });
    let (status, _, body) = s.post("/api/plan", &holiday_peak(levers), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let moved = json_of(&body);
    let days = |v: &Value| v["summary"]["days"].as_array().unwrap().clone();
    for (before, after) in days(&plain).iter().zip(days(&moved)) {
        let hours = |d: &Value| d["staffed_agent_hours"].as_f64().unwrap();
        let sl = |d: &Value| d["service_level"].as_f64().unwrap_or(1.0);
        if before["date"] == "2026-12-26" {
            assert!((hours(&after) - hours(before) - 45.0).abs() < 1e-9);
            assert!(sl(&after) > sl(before) + 0.05, "{after} against {before}");
        } else {
            assert_eq!(hours(&after), hours(before), "{}", before["date"]);
        }
    }
    // A start the template does not offer is refused, naming it.
    let levers = json!({ "template_agents": [{ "template": 2, "start": "10:15", "agents": 6 }] });
    let (status, _, body) = s.post("/api/plan", &holiday_peak(levers), "");
    assert_eq!(status, 400);
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("template 'holiday day' start"),
        "{message}"
    );
}

#[test]
fn the_schedule_on_the_page_is_the_clis_on_top_of_the_levers() {
    let s = server("serve-schedule");
    let (status, _, body) = s.post("/api/schedule", &holiday_peak(json!({})), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = json_of(&body);
    let cli = cli_json("schedule", &[]);
    for key in ["shifts", "added", "days", "cost", "scheduled_agent_hours"] {
        assert_eq!(page[key], cli[key], "{key}");
    }
    assert!(page["chart"].as_str().unwrap().starts_with("<svg"));
    // Six agents placed by hand on Boxing Day leave the optimiser less to add that day.
    let levers = json!({ "template_agents": [{ "template": 2, "start": "10:00", "agents": 6 }] });
    let (status, _, body) = s.post("/api/schedule", &holiday_peak(levers), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let placed = json_of(&body);
    let boxing_day = |v: &Value| {
        v["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == "2026-12-26")
            .unwrap()["added"]["agent_hours"]
            .as_f64()
            .unwrap()
    };
    assert!(boxing_day(&placed) < boxing_day(&page));
    // A scenario without [schedule] is a 400 that says so.
    let mut other = holiday_peak(json!({}));
    other["path"] = json!("scenarios/bpo-bid-baseline.toml");
    other["text"] = json!(crate::common::bpo_bid_quick());
    let (status, _, body) = s.post("/api/schedule", &other, "");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("no [schedule]"));
}

#[test]
fn the_sweep_on_the_page_is_the_clis_and_follows_the_levers() {
    let s = server("serve-sweep");
    let (status, _, body) = s.post("/api/sweep", &holiday_peak(json!({})), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = json_of(&body);
    let cli = cli_json("sweep", &[]);
    for key in ["options", "recommendations", "replications", "seed"] {
        assert_eq!(page[key], cli[key], "{key}");
    }
    assert!(page["chart"].as_str().unwrap().starts_with("<svg"));
    // Ten per cent more volume: each option is sized on the busier requirement, so each costs
    // more.
    let (status, _, body) = s.post("/api/sweep", &holiday_peak(json!({ "volume": 1.1 })), "");
    assert_eq!(status, 200);
    let busier = json_of(&body);
    let costs = |v: &Value| -> Vec<f64> {
        v["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["cost"].as_f64().unwrap())
            .collect()
    };
    let (before, after) = (costs(&page), costs(&busier));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert!(a > b, "{a} against {b}");
    }
}

fn bpo_bid(levers: Value) -> Value {
    json!({
        "path": "scenarios/bpo-bid-baseline.toml",
        "text": crate::common::bpo_bid_quick(),
        "levers": levers,
    })
}

#[test]
fn the_bid_is_the_clis_and_the_margin_lever_moves_the_prices_not_the_cost() {
    let s = server("serve-bid");
    let (status, _, body) = s.post("/api/bid", &bpo_bid(json!({})), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = json_of(&body);
    let out = crate::common::staffsim()
        .args([
            "bid",
            s.root
                .join("scenarios/bpo-bid-baseline.toml")
                .to_str()
                .unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(page, cli);
    // A 20 % margin instead of 15 %: the same people and cost, dearer prices, and (credits
    // priced in) 20 % left after the expected credits.
    let (status, _, body) = s.post("/api/bid", &bpo_bid(json!({ "margin": 0.20 })), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let moved = json_of(&body);
    let f = |v: &Value, key: &str| v[key].as_f64().unwrap();
    assert_eq!(moved["total_cost"], page["total_cost"]);
    assert_eq!(moved["months"].as_array().unwrap().len(), 6);
    for key in [
        "revenue",
        "price_per_contact",
        "price_per_fte_month",
        "price_per_minute",
    ] {
        assert!(f(&moved, key) > f(&page, key), "{key}");
    }
    assert!((f(&moved, "margin_after_expected_credits") - 0.20).abs() < 1e-9);
    // Revenue = cost ÷ (1 − margin − κ + γ), with κ and γ (expected credits and gain-share per
    // unit of revenue) taken from the 15 % bid: the same simulated months, so the same shares.
    let revenue = f(&moved, "revenue");
    let kappa = f(&page, "expected_sla_credits") / f(&page, "revenue");
    let gamma = f(&page, "expected_gain_share") / f(&page, "revenue");
    let priced = f(&moved, "total_cost") / (1.0 - 0.20 - kappa + gamma);
    assert!(
        (priced - revenue).abs() < 1e-9 * revenue,
        "{priced} against {revenue}"
    );
}

#[test]
fn save_writes_the_levers_into_a_scenario_that_plans_exactly_as_the_page_does() {
    // Its CSV is read beside the scenario, from the server's working folder: a process of its own.
    let s = listening("serve-save");
    let levers = json!({
        "volume": 1.2,
        "aht": 1.05,
        "shrinkage": 0.25,
        "special_day_volume": { "2": 2.0 },
        "agents_added": 1,
        "template_agents": [
            { "template": 2, "start": "10:00", "agents": 6 },
            { "template": 0, "start": "13:00", "agents": 2 },
        ],
    });
    let (status, _, body) = s.post("/api/plan", &holiday_peak(levers.clone()), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = json_of(&body)["summary"].clone();
    let (status, _, body) = s.post("/api/save", &holiday_peak(levers.clone()), "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let saved = s.root.join(json_of(&body)["saved"].as_str().unwrap());
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.starts_with("# Saved by `staffsim serve`"), "{text}");
    assert!(text.contains("holiday day from 10:00 (what-if)"), "{text}");
    // What the page downloads is what it saves.
    let (_, _, body) = s.post("/api/saved", &holiday_peak(levers), "");
    assert_eq!(json_of(&body)["text"], json!(text));
    // The saved file, planned by the CLI, is the page's plan to the last digit.
    let out = crate::common::staffsim()
        .args(["plan", saved.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "offered",
        "answered",
        "required_agent_hours",
        "staffed_agent_hours",
        "scheduled_agent_hours",
        "service_level",
        "asa_seconds",
        "abandon_rate",
        "total_cost",
        "days",
    ] {
        assert_eq!(cli[key], page[key], "{key}");
    }
    // Agents cannot be written into an Erlang staffing: refused, naming why.
    let (status, _, body) = s.post("/api/save", &bpo_bid(json!({ "agents_added": 2 })), "");
    assert_eq!(status, 400);
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(message.contains("Save with agents added"), "{message}");
    // A scenario on a CSV, saved into output/scenarios/: its path is re-based, so the saved
    // file still finds its CSV and plans as the original does.
    std::fs::write(
        s.root.join("scenarios/small.csv"),
        "start,volume\n2027-02-01T09:00,40\n2027-02-01T09:30,100\n",
    )
    .unwrap();
    let small =
        "name = \"small\"\n[forecast]\ncsv = \"small.csv\"\n[handle_time]\naht = \"180s\"\n";
    std::fs::write(s.root.join("scenarios/small.toml"), small).unwrap();
    let state = json!({ "path": "scenarios/small.toml", "text": small, "levers": {} });
    let (status, _, body) = s.post("/api/save", &state, "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let moved = s.root.join("output/scenarios/small.toml");
    let text = std::fs::read_to_string(&moved).unwrap();
    assert!(
        text.contains("csv = \"../../scenarios/small.csv\""),
        "{text}"
    );
    let plan = |file: &std::path::Path| -> Value {
        let out = crate::common::staffsim()
            .args(["plan", file.to_str().unwrap(), "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", crate::common::stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (original, copy) = (plan(&s.root.join("scenarios/small.toml")), plan(&moved));
    assert_eq!(copy["offered"], original["offered"]);
    assert_eq!(
        copy["required_agent_hours"],
        original["required_agent_hours"]
    );
    // Downloaded, it stays beside its CSV: the text as it is.
    let (_, _, body) = s.post("/api/saved", &state, "");
    assert_eq!(json_of(&body)["text"], json!(small));
    // Without levers the text is saved as it is, comments and all.
    let (status, _, _) = s.post("/api/save", &holiday_peak(json!({})), "");
    assert_eq!(status, 200);
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        std::fs::read_to_string(repo("scenarios/holiday-peak.toml")).unwrap()
    );
}

#[test]
fn bad_input_gets_a_clear_status_and_message() {
    let s = server("serve-bad");
    let mut bad = holiday_peak(json!({}));
    bad["text"] = json!("name = \"x\"\n[centre]\ninterval = \n");
    let (status, _, body) = s.post("/api/plan", &bad, "");
    assert_eq!(status, 400);
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("scenarios/holiday-peak.toml:3:"),
        "{message}"
    );
    // The same message as the CLI gives for the same file.
    let file = s.root.join("scenarios/broken.toml");
    std::fs::write(&file, "name = \"x\"\n[centre]\ninterval = \n").unwrap();
    let cli = crate::common::staffsim()
        .current_dir(&s.root)
        .args(["plan", "scenarios/broken.toml"])
        .output()
        .unwrap();
    let cli_message = crate::common::stderr(&cli);
    assert!(
        cli_message.contains(&message.edited("holiday-peak", "broken")),
        "{cli_message} against {message}"
    );
    // A lever out of range names it.
    let (status, _, body) = s.post(
        "/api/plan",
        &holiday_peak(json!({ "service_level": 1.5 })),
        "",
    );
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("service_level"));
    // A body of the wrong shape is answered in JSON too, naming the field.
    let (status, head, body) = s.post(
        "/api/plan",
        &holiday_peak(
            json!({ "template_agents": [{ "template": 0, "start": "08:00", "agents": -1 }] }),
        ),
        "",
    );
    assert_eq!(status, 422);
    assert!(head.contains("application/json"), "{head}");
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("levers.template_agents[0].agents"),
        "{message}"
    );
    // Paths cannot leave the folder.
    let (status, _, _) = s.get("/api/scenario?path=../../etc/passwd", &s.host());
    assert_eq!(status, 403);
    let mut outside = holiday_peak(json!({}));
    outside["path"] = json!("/etc/passwd");
    assert_eq!(s.post("/api/plan", &outside, "").0, 403);
    // Over 10 MB: refused from its declared length.
    let declared = [("Content-Length", "11000000")];
    assert_eq!(s.send("POST", "/api/plan", &declared, b"{").0, 413);
    // Cross-origin POSTs and a foreign Host (DNS rebinding) are refused.
    let (status, _, body) = s.post(
        "/api/plan",
        &holiday_peak(json!({})),
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    assert_eq!(s.get("/", "evil.example").0, 403);
    // Replications are capped from the page.
    let mut many = holiday_peak(json!({}));
    many["replications"] = json!(1_000_000);
    many["page"] = json!("p");
    let (status, _, body) = s.post("/api/simulate", &many, "");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("replications"));
}

/// The events of a server-sent event stream, in order: (name, data).
fn events(body: &[u8]) -> Vec<(String, Value)> {
    String::from_utf8_lossy(body)
        .split("\n\n")
        .filter_map(|block| {
            let name = block.lines().find_map(|l| l.strip_prefix("event: "))?;
            let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
            Some((name.to_string(), serde_json::from_str(data).ok()?))
        })
        .collect()
}

#[test]
fn a_simulation_streams_its_progress_to_the_end_and_a_second_ask_is_cached() {
    let s = server("serve-simulate");
    let mut body = holiday_peak(json!({}));
    body["replications"] = json!(20);
    body["page"] = json!("page-1");
    let (status, head, stream) = s.post("/api/simulate", &body, "");
    assert_eq!(status, 200);
    assert!(head.contains("text/event-stream"));
    let events = events(&stream);
    let (last, result) = events.last().unwrap();
    assert_eq!(last, "result");
    let progress: Vec<&Value> = events
        .iter()
        .filter(|(n, _)| n == "progress")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(progress.first().unwrap()["done"], 0);
    assert_eq!(progress.last().unwrap()["done"], 20);
    assert_eq!(progress.last().unwrap()["total"], 20);
    // The same numbers as the CLI's simulation with the same seed.
    let cli = cli_json("simulate", &["--replications", "20"]);
    assert_eq!(
        result["run"]["service_level"]["mean"],
        cli["service_level"]["mean"]
    );
    let (_, _, again) = s.post("/api/simulate", &body, "");
    let again = self::events(&again);
    assert_eq!(again.last().unwrap().1["cached"], true);
}

/// Posts `body` to `path` over the socket asking for events, sends `cancel` to `/api/cancel`
/// once some work has been reported done (so it always meets running work, with no sleep to
/// guess how long that takes), and returns the events that came.
fn cancelled_mid_stream(
    s: &Server,
    path: &str,
    body: &Value,
    cancel: &Value,
) -> Vec<(String, Value)> {
    let (port, path) = (s.port, path.to_string());
    let body = body.to_string();
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let runner = std::thread::spawn(move || {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut reader = BufReader::new(stream);
        let mut text = String::new();
        let mut line = String::new();
        let mut told = false;
        while reader.read_line(&mut line).unwrap() > 0 {
            if !told
                && line.starts_with("data: {\"done\":")
                && !line.starts_with("data: {\"done\":0,")
            {
                started_tx.send(()).unwrap();
                told = true;
            }
            text.push_str(&line);
            line.clear();
        }
        text
    });
    started_rx.recv().expect("the work reports progress");
    let (status, _, answer) = s.post("/api/cancel", cancel, "");
    assert_eq!(status, 200);
    assert_eq!(json_of(&answer)["cancelled"], true);
    let stream = runner.join().unwrap();
    let body = stream
        .split_once("\r\n\r\n")
        .map_or(stream.as_str(), |(_, b)| b);
    events(&dechunk(body.as_bytes()))
}

/// The last progress event's work done and total.
fn last_progress(events: &[(String, Value)]) -> (u64, u64) {
    events
        .iter()
        .rev()
        .find(|(n, _)| n == "progress")
        .map(|(_, d)| (d["done"].as_u64().unwrap(), d["total"].as_u64().unwrap()))
        .expect("a progress event")
}

#[test]
fn a_cancelled_simulation_stops_and_says_so() {
    let s = listening("serve-cancel");
    let mut body = holiday_peak(json!({}));
    body["replications"] = json!(2000);
    body["page"] = json!("page-2");
    let cancel = json!({ "page": "page-2" });
    let events = cancelled_mid_stream(&s, "/api/simulate", &body, &cancel);
    assert_eq!(events.last().unwrap().0, "cancelled", "{events:?}");
    let (done, _) = last_progress(&events);
    assert!(done < 2000, "it stopped before the end: {done}");
}

#[test]
fn a_sweep_asked_for_events_streams_its_progress_and_ends_with_the_json_answer() {
    let s = server("serve-sweep-events");
    let state = holiday_peak(json!({}));
    let events_header = "Accept: text/event-stream\r\n";
    let (status, head, stream) = s.post("/api/sweep?page=p", &state, events_header);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&stream));
    assert!(head.contains("text/event-stream"), "{head}");
    let events = events(&stream);
    let (last, streamed) = events.last().unwrap();
    assert_eq!(last, "result", "{events:?}");
    assert_eq!(
        events[0],
        ("progress".to_string(), json!({ "done": 0, "total": 0 }))
    );
    // Every option's replications counted, and all of them done.
    let (done, total) = last_progress(&events);
    let options = streamed["options"].as_array().unwrap().len() as u64;
    assert_eq!((done, total), (options * 100, options * 100));
    // The plain JSON ask of the same state is the same answer, from the cache: to the
    // simulation's wall time.
    let (status, _, body) = s.post("/api/sweep", &state, "");
    assert_eq!(status, 200);
    let plain = json_of(&body);
    assert!(plain["wall_seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(&plain, streamed);
}

#[test]
fn a_cancelled_sweep_stops_and_says_so_leaving_the_pages_other_work_alone() {
    let s = listening("serve-sweep-cancel");
    let mut state = holiday_peak(json!({}));
    let text = state["text"].as_str().unwrap().to_string();
    // [sweep] replications = 100 → 2000: minutes of work, stopped within a block.
    state["text"] = json!(crate::common::edited(
        &text,
        "replications = 100",
        "replications = 2000"
    ));
    // Cancelling the page's simulations only finds nothing to stop.
    let (_, _, answer) = s.post(
        "/api/cancel",
        &json!({ "page": "p", "kind": "simulate" }),
        "",
    );
    assert_eq!(json_of(&answer)["cancelled"], false);
    let cancel = json!({ "page": "p", "kind": "sweep" });
    let events = cancelled_mid_stream(&s, "/api/sweep?page=p", &state, &cancel);
    assert_eq!(events.last().unwrap().0, "cancelled", "{events:?}");
    let (done, total) = last_progress(&events);
    assert!(done < total, "it stopped before the end: {done} of {total}");
}

#[test]
fn the_report_exports_as_a_zip_of_the_run_folder_under_output() {
    let s = server("serve-export");
    let mut body = holiday_peak(json!({ "volume": 1.1 }));
    body["text"] = json!(
        body["text"]
            .as_str()
            .unwrap()
            .edited("replications = 200", "replications = 10")
            .edited("replications = 100", "replications = 4")
    );
    let (status, head, zip) = s.post("/api/export/report", &body, "");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&zip));
    assert!(head.contains("application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    for wanted in [
        "summary.md",
        "report.html",
        "workbook.xlsx",
        "charts/staffing.png",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    let mut summary = String::new();
    archive
        .by_name("summary.md")
        .unwrap()
        .read_to_string(&mut summary)
        .unwrap();
    assert!(summary.contains("holiday-peak"));
    // Written under output/ and nowhere else.
    let written: Vec<_> = std::fs::read_dir(s.root.join("output/serve"))
        .unwrap()
        .collect();
    assert_eq!(written.len(), 1);
    let (status, head, png) = s.post(
        "/api/export/chart",
        &{
            let mut b = body.clone();
            b["chart"] = json!("service-level");
            b["format"] = json!("png");
            b
        },
        "",
    );
    assert_eq!(status, 200);
    assert!(head.contains("image/png") && png.starts_with(b"\x89PNG"));
    let mut as_svg = body.clone();
    as_svg["chart"] = json!("staffing");
    as_svg["format"] = json!("svg");
    let (status, head, svg) = s.post("/api/export/chart", &as_svg, "");
    assert_eq!(status, 200);
    assert!(head.contains("image/svg+xml") && svg.starts_with(b"<svg"));
    // The workbook is the report's own, byte for byte.
    let (status, head, workbook) = s.post("/api/export/workbook", &body, "");
    assert_eq!(status, 200);
    assert!(head.contains("spreadsheetml"), "{head}");
    let mut in_zip = Vec::new();
    archive
        .by_name("workbook.xlsx")
        .unwrap()
        .read_to_end(&mut in_zip)
        .unwrap();
    assert_eq!(workbook, in_zip);
    assert!(!Path::new(&s.root.join("scenarios/holiday-peak.toml.tmp")).exists());
}

#[test]
fn two_hundred_concurrent_plans_are_all_answered_and_each_state_worked_out_once() {
    let s = listening("serve-load");
    let answers: Vec<(u16, bool)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..200)
            .map(|k| {
                let s = &s;
                scope.spawn(move || {
                    let (status, _, body) = s.post(
                        "/api/plan",
                        &holiday_peak(json!({ "volume": 1.0 + f64::from(k % 20) / 100.0 })),
                        "",
                    );
                    (status, json_of(&body)["cached"] == true)
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let mut worked_out = 0;
    for (status, cached) in answers {
        assert_eq!(status, 200);
        worked_out += usize::from(!cached);
    }
    // 20 distinct states, each worked out once however many asked for it at the same time.
    // (Latency is measured where performance lives: the README's figures, not a test.)
    assert_eq!(worked_out, 20);
}

/// `intraday-peak` (a CSV forecast) with its `[forecast] csv` naming `csv`.
fn naming_csv(csv: &str) -> String {
    let text = std::fs::read_to_string(repo("tests/data/contract/intraday-peak.toml")).unwrap();
    crate::common::edited(
        &text,
        "csv = \"intraday-peak.csv\"",
        &format!("csv = {csv:?}"),
    )
}

#[test]
fn no_posted_text_reads_a_file_outside_the_folder_on_any_route() {
    // CSVs are read from the server's working folder: a process of its own.
    let s = listening("serve-confined");
    std::fs::copy(
        repo("tests/data/contract/intraday-peak.csv"),
        s.root.join("scenarios/intraday-peak.csv"),
    )
    .unwrap();
    // A secret outside the served folder, a link to it inside, and a FIFO inside.
    let secret = s.root.with_extension("secret.csv");
    std::fs::write(&secret, "start,volume,agents\nroot:*:secret,1,1\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, s.root.join("scenarios/link.csv")).unwrap();
        let fifo = s.root.join("scenarios/fifo.csv");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
    }
    let routes = [
        "/api/plan",
        "/api/simulate",
        "/api/bid",
        "/api/sweep",
        "/api/schedule",
        "/api/export/report",
        "/api/export/workbook",
        "/api/export/chart",
        "/api/saved",
        "/api/save",
    ];
    let state = |route: &str, text: String| {
        let mut body =
            json!({ "path": "scenarios/intraday-peak.toml", "text": text, "levers": {} });
        match route {
            "/api/simulate" => {
                body["page"] = json!("p");
                body["replications"] = json!(2);
            }
            "/api/export/chart" => body["chart"] = json!("staffing"),
            _ => {}
        }
        body
    };
    let secret_path = secret.to_string_lossy().into_owned();
    let mut named = vec![
        (naming_csv(&secret_path), 403),
        (naming_csv("../../../../../../../../etc/passwd"), 403),
        (naming_csv("../../secret.csv"), 403),
        (
            naming_csv("intraday-peak.csv").edited(
                "[handle_time]",
                &format!("[handle_time]\ncsv = {secret_path:?}"),
            ),
            403,
        ),
        (
            naming_csv("intraday-peak.csv").edited(
                "[forecast]",
                &format!("[report]\nlogo = {secret_path:?}\n[forecast]"),
            ),
            403,
        ),
    ];
    if cfg!(unix) {
        named.push((naming_csv("link.csv"), 403));
        named.push((naming_csv("fifo.csv"), 400));
    }
    for (text, status) in &named {
        for route in routes {
            let (got, _, body) = s.post(route, &state(route, text.clone()), "");
            let body = String::from_utf8_lossy(&body);
            assert_eq!(got, *status, "{route}: {body}\n{text}");
            assert!(!body.contains("root:"), "{route} quoted the file: {body}");
            assert!(
                body.contains("[forecast] csv")
                    || body.contains("[handle_time] csv")
                    || body.contains("[report] logo"),
                "{route}: {body}"
            );
        }
    }
    // The same scenario naming its own CSV inside the folder plans.
    let (status, _, body) = s.post(
        "/api/plan",
        &state("/api/plan", naming_csv("intraday-peak.csv")),
        "",
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    // GET of a FIFO is refused, not waited on.
    #[cfg(unix)]
    {
        let (status, _, _) = s.get("/api/scenario?path=scenarios/fifo.csv", &s.host());
        assert_eq!(status, 400);
    }
}

#[cfg(unix)]
#[test]
fn save_never_writes_through_a_link_in_its_folder() {
    let s = server("serve-save-link");
    let bundled = s.root.join("scenarios/holiday-peak.toml");
    let before = std::fs::read(&bundled).unwrap();
    let saved = s.root.join("output/scenarios");
    std::fs::create_dir_all(&saved).unwrap();
    std::os::unix::fs::symlink(&bundled, saved.join("holiday-peak.toml")).unwrap();
    let (status, _, body) = s.post("/api/save", &holiday_peak(json!({ "volume": 1.2 })), "");
    assert_eq!(status, 409, "{}", String::from_utf8_lossy(&body));
    assert_eq!(
        std::fs::read(&bundled).unwrap(),
        before,
        "the bundled scenario is untouched"
    );
}

#[test]
fn every_hostile_reproducer_posted_to_every_route_is_answered_and_the_server_lives() {
    let s = listening("serve-hostile");
    let scenarios = s.root.join("scenarios");
    // (file, the command it was found with); the page refuses it on that command's route.
    let mut files: Vec<(String, &str)> = crate::common::reproducers(&scenarios)
        .into_iter()
        .map(|(file, command, ..)| (file, command))
        .collect();
    files.extend(
        crate::common::schedule_reproducers(&scenarios)
            .into_iter()
            .map(|(file, _)| (file, "schedule")),
    );
    let routes = [
        "/api/plan",
        "/api/simulate",
        "/api/bid",
        "/api/sweep",
        "/api/schedule",
        "/api/saved",
    ];
    for (file, command) in &files {
        let name = Path::new(file).file_name().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(file).unwrap();
        for route in routes {
            let mut body =
                json!({ "path": format!("scenarios/{name}"), "text": text, "levers": {} });
            if route == "/api/simulate" {
                body["page"] = json!("p");
                body["replications"] = json!(2);
            }
            let started = Instant::now();
            let (status, _, answer) = s.post(route, &body, "");
            let shown: String = String::from_utf8_lossy(&answer).chars().take(300).collect();
            assert!(status < 500, "{route} {name}: {status} {shown}");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{route} {name}"
            );
            // On its own command's route it is refused; a simulation's refusal is its
            // stream's closing `error` event.
            if route.ends_with(&format!("/{command}")) {
                let refused = (400..500).contains(&status)
                    || (status == 200
                        && events(&answer)
                            .last()
                            .is_some_and(|(event, _)| event == "error"));
                assert!(refused, "{route} {name}: {status} {shown}");
            }
        }
    }
    let (status, _, _) = s.get("/api/scenarios", &s.host());
    assert_eq!(status, 200, "the server still answers");
}

#[test]
fn a_portfolio_with_shared_agents_opened_on_the_page_says_what_the_command_line_gives() {
    let s = server("serve-shared");
    let text = std::fs::read_to_string(repo("tests/data/skills/pooled.toml")).unwrap();
    let state = json!({ "path": "scenarios/pooled.toml", "text": text, "levers": {} });
    let (status, _, body) = s.post("/api/plan", &state, "");
    assert_eq!(status, 400);
    let message = json_of(&body)["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("shared in [[group]]s") && message.contains("`staffsim simulate`"),
        "{message}"
    );
}
