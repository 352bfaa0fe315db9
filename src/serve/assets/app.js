// staffsim's what-if page: levers change a copy of the scenario; the server plans it (instant),
// simulates it (on demand, with progress), prices its bid and exports its report. No framework,
// no external requests.
"use strict";

const $ = (id) => document.getElementById(id);
const page = (crypto.randomUUID && crypto.randomUUID()) || String(Math.random()).slice(2);
const state = {
  path: null, text: "", levers: {}, info: null, baseline: null,
  seq: 0, inFlight: false, dirty: false, plan: null, simulation: null, bidShown: false,
  controller: null,
};
// What the browser test reads: how long the last analytic update took, end to end.
window.staffsim = { updates: 0, lastUpdateMs: null, lastServerMs: null, simulations: 0 };

const pct = (x, d = 1) => (x == null ? "–" : (x * 100).toFixed(d) + " %");
// A change in a share: percentage points.
const pts = (x, d = 1) => (x == null ? "–" : (x * 100).toFixed(d) + " pts");
const num = (x, d = 1) => (x == null ? "–" : Number(x).toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d }));
const secs = (x) => (x == null ? "–" : x >= 3600 ? (x / 3600).toFixed(1) + " h" : x.toFixed(1) + " s");
const money = (x) => (x == null ? "–" : (state.info ? state.info.currency + " " : "") + num(x, 0));

function status(text) { $("status").textContent = text; }

async function api(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(answer.error || response.statusText);
  }
  return response;
}

const current = () => ({ path: state.path, text: state.text, levers: structuredClone(state.levers) });

// ---- the analytic answer ----------------------------------------------------------------

function replan() {
  if (state.inFlight) { state.dirty = true; return; }
  state.inFlight = true;
  state.dirty = false;
  const seq = ++state.seq;
  const started = performance.now();
  const body = current();
  if (state.baseline) body.baseline = state.baseline;
  api("/api/plan", body)
    .then((r) => r.json())
    .then((answer) => {
      if (seq !== state.seq) return;
      showPlan(answer);
      showError("");
      window.staffsim.lastUpdateMs = performance.now() - started;
      window.staffsim.lastServerMs = answer.server_ms;
      window.staffsim.updates += 1;
      status(`planned in ${window.staffsim.lastUpdateMs.toFixed(0)} ms (server ${answer.server_ms.toFixed(1)} ms${answer.cached ? ", cached" : ""})`);
    })
    .catch((e) => showError(e.message))
    .finally(() => {
      state.inFlight = false;
      if (state.dirty) replan();
    });
}

function row(cells, tag = "td") {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const cell = document.createElement(tag);
    if (c && typeof c === "object") { cell.textContent = c.text; if (c.cls) cell.className = c.cls; }
    else cell.textContent = c;
    tr.appendChild(cell);
  }
  return tr;
}

function delta(a, b, format, higherIsBetter) {
  if (a == null || b == null) return "";
  const d = a - b;
  if (Math.abs(d) < 1e-9) return { text: "=" };
  const good = higherIsBetter == null ? null : (d > 0) === higherIsBetter;
  return { text: (d > 0 ? "+" : "−") + format(Math.abs(d)), cls: good == null ? "" : good ? "up" : "down" };
}

function showPlan(answer) {
  state.plan = answer;
  const first = !state.info;
  state.info = answer.levers;
  if (first) buildLevers();
  $("model").textContent = `${answer.name} · ${answer.model} · staffing: ${answer.staffing}`;
  const s = answer.summary, b = answer.baseline;
  // Each line: its label, its key in the summary, format, whether more is better, digits.
  const lines = [
    ["Offered", "offered", num, null, 0],
    ["Handled", "answered", num, true, 0],
    ["Required agent-hours", "required_agent_hours", num, null, 1],
    ["Staffed agent-hours", "staffed_agent_hours", num, null, 1],
    ["Paid agent-hours", "scheduled_agent_hours", num, false, 1],
    ["Service level", "service_level", pct, true],
    ["ASA", "asa_seconds", secs, false],
    ["Abandoned", "abandon_rate", pct, false],
    ["Occupancy", "occupancy", pct, null],
    ["Intervals below target", "intervals_below_target", num, false, 0],
    ["Labour cost", "labour_cost", money, false],
    ["Total cost", "total_cost", money, false],
    ["Cost per contact", "cost_per_contact", (x) => num(x, 2), false],
  ];
  const table = $("totals");
  table.replaceChildren(row(b ? ["", "Now", "Baseline", "Change"] : ["", "Now"], "th"));
  for (const [label, key, format, better, digits] of lines) {
    const f = digits == null ? format : (x) => format(x, digits);
    const cells = [label, f(s[key])];
    if (b) cells.push(f(b[key]), delta(s[key], b[key], format === pct ? pts : f, better));
    table.appendChild(row(cells));
  }
  table.dataset.serviceLevel = s.service_level;
  $("chart-staffing").innerHTML = answer.charts.staffing;
  $("chart-service").innerHTML = (state.simulation && state.simulation.key === JSON.stringify(current()))
    ? state.simulation.chart : answer.charts.service_level;
  $("chart-service").dataset.seq = String(state.seq);
  // The day table; against a baseline, each day's change in service, paid hours and cost.
  const days = $("days");
  const before = new Map(b && b.days ? b.days.map((d) => [d.date, d]) : []);
  const compared = s.days.some((d) => before.has(d.date));
  days.replaceChildren(row(["Day", "Offered", "Service level", "ASA", "Abandoned", "Occupancy", "Paid agent-hours", "Cost", "Special day",
    ...(compared ? ["SL change", "Paid hours change", "Cost change"] : [])], "th"));
  for (const d of s.days) {
    const cells = [d.date, num(d.offered, 0), pct(d.service_level), secs(d.asa_seconds), pct(d.abandon_rate), pct(d.occupancy), num(d.scheduled_agent_hours, 1), money(d.labour_cost), d.special_day || ""];
    const o = before.get(d.date);
    if (compared) {
      cells.push(o ? delta(d.service_level, o.service_level, pts, true) : "",
        o ? delta(d.scheduled_agent_hours, o.scheduled_agent_hours, (x) => num(x, 1), false) : "",
        o ? delta(d.labour_cost, o.labour_cost, money, false) : "");
    }
    days.appendChild(row(cells));
  }
  days.dataset.compared = String(compared);
  $("bid-box").hidden = !answer.levers.bid;
  $("schedule-box").hidden = !answer.levers.schedule;
  $("sweep-box").hidden = !answer.levers.sweep;
  if (state.sweepShown && answer.levers.sweep) sweep();
  if (state.scheduleShown && answer.levers.schedule) optimise();
  if (state.bidShown && answer.levers.bid) priceBid();
}

function showError(message) {
  $("error").textContent = message;
}

// Clicking an error with a line and column puts the cursor there.
$("error").addEventListener("click", () => {
  const m = /:(\d+):(\d+):/.exec($("error").textContent);
  if (!m) return;
  const lines = $("editor").value.split("\n");
  let at = 0;
  for (let i = 0; i < Number(m[1]) - 1 && i < lines.length; i++) at += lines[i].length + 1;
  at += Number(m[2]) - 1;
  $("editor").focus();
  $("editor").setSelectionRange(at, at + 1);
});

// ---- levers -----------------------------------------------------------------------------

function lever(parent, { id, label, min, max, step, value, format, set }) {
  const box = document.createElement("div");
  box.className = "lever";
  const name = document.createElement("label");
  name.textContent = label;
  name.htmlFor = id;
  const input = document.createElement("input");
  Object.assign(input, { type: "range", id, min, max, step, value });
  const out = document.createElement("output");
  out.textContent = format(Number(value));
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = format(v);
    const changed = Math.abs(v - value) > 1e-12;
    box.classList.toggle("changed", changed);
    set(changed ? v : undefined);
    replan();
  });
  box.append(name, input, out);
  parent.appendChild(box);
}

function group(parent, text) {
  const g = document.createElement("div");
  g.className = "group";
  g.textContent = text;
  parent.appendChild(g);
}

function setLever(key, value) {
  if (value === undefined) delete state.levers[key]; else state.levers[key] = value;
}

function setIn(map, k, value) {
  state.levers[map] = state.levers[map] || {};
  if (value === undefined) delete state.levers[map][k]; else state.levers[map][k] = value;
}

function buildLevers() {
  const info = state.info, box = $("levers");
  box.replaceChildren();
  const times = (v) => "× " + v.toFixed(2);
  group(box, "Demand");
  lever(box, { id: "lever-volume", label: "Volume", min: 0.5, max: 2, step: 0.01, value: 1, format: times, set: (v) => setLever("volume", v) });
  lever(box, { id: "lever-aht", label: "AHT", min: 0.5, max: 2, step: 0.01, value: 1, format: times, set: (v) => setLever("aht", v) });
  group(box, "Target and people");
  lever(box, { id: "lever-sl", label: "Service level", min: 0.5, max: 0.99, step: 0.01, value: info.service_level, format: (v) => pct(v, 0), set: (v) => setLever("service_level", v) });
  const within = info.within_seconds;
  lever(box, { id: "lever-within", label: "Answered within", min: Math.max(1, within / 4), max: within * 4, step: Math.max(1, within / 20), value: within, format: secs, set: (v) => setLever("within_seconds", v) });
  lever(box, { id: "lever-shrinkage", label: "Shrinkage", min: 0, max: 0.6, step: 0.01, value: info.shrinkage, format: (v) => pct(v, 0), set: (v) => setLever("shrinkage", v) });
  if (info.patience_seconds != null) {
    const p = info.patience_seconds;
    lever(box, { id: "lever-patience", label: "Patience (mean)", min: Math.max(5, p / 4), max: p * 4, step: 5, value: p, format: secs, set: (v) => setLever("patience_seconds", v) });
  }
  lever(box, { id: "lever-occupancy", label: "Occupancy cap", min: 0.6, max: 1, step: 0.01, value: info.max_occupancy ?? 1, format: (v) => pct(v, 0), set: (v) => setLever("max_occupancy", v) });
  lever(box, { id: "lever-agents", label: "Agents added", min: 0, max: 30, step: 1, value: 0, format: (v) => "+" + v, set: (v) => setLever("agents_added", v) });
  if (info.shifts.length) {
    group(box, "Roster shifts (agents added)");
    info.shifts.forEach((s, k) => lever(box, {
      id: `lever-shift-${k}`, label: `${s.name} (${s.agents})`, min: -s.agents, max: 30, step: 1, value: 0,
      format: (v) => (v >= 0 ? "+" : "") + v, set: (v) => setIn("shift_agents", k, v),
    }));
  }
  const placed = {};   // template index -> { start, agents }
  const placeTemplates = () => {
    const list = Object.entries(placed)
      .filter(([, p]) => p.agents > 0)
      .map(([k, p]) => ({ template: Number(k), start: p.start, agents: p.agents }));
    setLever("template_agents", list.length ? list : undefined);
  };
  info.templates.forEach((t, k) => {
    group(box, `Schedule template: ${t.name} (${t.hours} h; ${t.days})`);
    placed[k] = { start: t.starts[0], agents: 0 };
    const row = document.createElement("div");
    row.className = "lever";
    const label = document.createElement("label");
    label.textContent = "Starting at";
    label.htmlFor = `lever-template-${k}-start`;
    const select = document.createElement("select");
    select.id = `lever-template-${k}-start`;
    for (const start of t.starts) select.add(new Option(start, start));
    select.addEventListener("change", () => {
      placed[k].start = select.value;
      placeTemplates();
      if (placed[k].agents > 0) replan();
    });
    row.append(label, select, document.createElement("span"));
    box.appendChild(row);
    lever(box, {
      id: `lever-template-${k}`, label: "Agents added", min: 0, max: 30, step: 1, value: 0,
      format: (v) => "+" + v, set: (v) => { placed[k].agents = v ?? 0; placeTemplates(); },
    });
  });
  info.special_days.forEach((d, k) => {
    if (d.closed) return;
    group(box, `Special day: ${d.name}`);
    lever(box, { id: `lever-day-${k}-volume`, label: "Volume", min: 0.2, max: 4, step: 0.05, value: d.volume_multiplier, format: times, set: (v) => setIn("special_day_volume", k, v) });
    lever(box, { id: `lever-day-${k}-aht`, label: "AHT", min: 0.5, max: 2, step: 0.05, value: d.aht_multiplier, format: times, set: (v) => setIn("special_day_aht", k, v) });
  });
  if (info.bid) {
    group(box, "Bid");
    lever(box, { id: "lever-margin", label: "Margin", min: 0, max: 0.5, step: 0.01, value: info.bid.margin, format: (v) => pct(v, 0), set: (v) => setLever("margin", v) });
    lever(box, { id: "lever-credit", label: "SLA credit", min: 0, max: 0.2, step: 0.005, value: info.bid.sla_credit, format: (v) => pct(v, 1), set: (v) => setLever("sla_credit", v) });
    lever(box, { id: "lever-cap", label: "Credit cap", min: 0, max: 0.5, step: 0.01, value: info.bid.sla_credit_cap, format: (v) => pct(v, 0), set: (v) => setLever("sla_credit_cap", v) });
  }
  $("replications").value = String(Math.min(info.replications, 2000));
}

$("reset").addEventListener("click", () => { state.levers = {}; state.info = null; replan(); });

// ---- scenarios and the editor -----------------------------------------------------------

function open(path, text) {
  state.path = path;
  state.text = text;
  state.levers = {};
  state.info = null;
  state.simulation = null;
  state.bidShown = false;
  state.scheduleShown = false;
  state.sweepShown = false;
  $("sweep-table").replaceChildren();
  $("chart-sweep").replaceChildren();
  $("schedule-table").replaceChildren();
  $("schedule-shifts").replaceChildren();
  $("chart-schedule").replaceChildren();
  $("editor").value = text;
  for (const note of ["bid-note", "sweep-note", "schedule-note"]) $(note).textContent = $(note).dataset.idle;
  $("bid-table").replaceChildren();
  $("sim-table").replaceChildren();
  replan();
}

async function loadScenarios() {
  const list = await (await fetch("/api/scenarios")).json();
  const select = $("scenario-list");
  select.replaceChildren();
  for (const s of list.scenarios) {
    const option = document.createElement("option");
    option.value = s.path;
    option.textContent = s.path;
    option.title = s.description;
    select.appendChild(option);
  }
  const initial = list.initial || (list.scenarios[0] && list.scenarios[0].path);
  if (initial) { select.value = initial; await openPath(initial); }
}

async function openPath(path) {
  const response = await fetch("/api/scenario?path=" + encodeURIComponent(path));
  const answer = await response.json();
  if (!response.ok) { showError(answer.error); return; }
  open(answer.path, answer.text);
}

$("scenario-list").addEventListener("change", (e) => openPath(e.target.value));
$("upload").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (file) open(file.name, await file.text());
});
$("apply-text").addEventListener("click", () => { state.text = $("editor").value; state.info = null; replan(); });
$("editor").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) $("apply-text").click(); });

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// Download and Save write the editor's text with the levers written in.
const edited = () => ({ path: state.path, text: $("editor").value, levers: structuredClone(state.levers) });
$("download").addEventListener("click", async () => {
  try {
    const answer = await (await api("/api/saved", edited())).json();
    download(new Blob([answer.text], { type: "application/toml" }), (state.path || "scenario.toml").split("/").pop());
  } catch (e) { showError(e.message); }
});
$("save").addEventListener("click", async () => {
  try {
    const answer = await (await api("/api/save", edited())).json();
    status("saved as " + answer.saved);
  } catch (e) { showError(e.message); }
});

// ---- compare ----------------------------------------------------------------------------

$("pin").addEventListener("click", () => {
  state.baseline = current();
  $("unpin").disabled = false;
  $("baseline-note").textContent = "baseline pinned: tables and charts show the change against it";
  replan();
});
$("unpin").addEventListener("click", () => {
  state.baseline = null;
  $("unpin").disabled = true;
  $("baseline-note").textContent = "";
  replan();
});

// ---- simulation -------------------------------------------------------------------------

function showProgress(done, total, what = "") {
  const p = total > 0 ? Math.round((100 * done) / total) : 0;
  $("progress").value = p;
  $("progress-text").textContent = `${what}${done} / ${total} replications (${p} %)`;
  $("progress").dataset.percent = String(p);
}

// The simulated KPIs with their 95 % intervals; against a pinned baseline, its KPIs and the
// change in the means.
function showSimulation(answer, key, base) {
  const r = answer.run, b = base && base.run;
  const ci = (e, f) => (e ? f(e.mean) + (e.ci95 ? ` [${f(e.ci95[0])} – ${f(e.ci95[1])}]` : "") : "–");
  const table = $("sim-table");
  const head = `${answer.replications} replications, seed ${answer.seed}${answer.cached ? " (cached)" : ""}`;
  table.replaceChildren(row(b ? ["Simulated (95 % interval)", head, "Baseline", "Change"] : ["Simulated (95 % interval)", head], "th"));
  for (const [label, key, f, change, better] of [
    ["Service level", "service_level", pct, pts, true],
    ["ASA", "asa_seconds", secs, secs, false],
    ["Abandoned", "abandon_rate", pct, pts, false],
    ["Occupancy", "occupancy", pct, pts, null],
  ]) {
    const cells = [label, ci(r[key], f)];
    if (b) cells.push(ci(b[key], f), delta(r[key] && r[key].mean, b[key] && b[key].mean, change, better));
    table.appendChild(row(cells));
  }
  table.dataset.compared = String(Boolean(b));
  state.simulation = { key, chart: answer.charts.service_level };
  $("chart-service").innerHTML = answer.charts.service_level;
  window.staffsim.simulations += 1;
}

// One answer streamed from the server as events (`progress`, then `result`, `cancelled` or
// `error`): its result, or null when it was cancelled. `onProgress(done, total)` sees progress.
async function stream(url, body, signal, onProgress) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body), signal,
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(answer.error);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", result = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return result;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = (/^event: ?(.*)$/m.exec(block) || [])[1];
      const data = (/^data: ?(.*)$/m.exec(block) || [])[1];
      if (!event || data == null) continue;
      const payload = JSON.parse(data);
      if (event === "progress") onProgress(payload.done, payload.total);
      else if (event === "result") result = payload;
      else if (event === "cancelled") return null;
      else if (event === "error") throw new Error(payload.error);
    }
  }
}

// Simulates the current state and, when a baseline is pinned, the baseline too (cached on the
// server after its first run), with the same replications and seed.
async function simulate() {
  const key = JSON.stringify(current());
  const replications = Number($("replications").value);
  state.controller = new AbortController();
  $("simulate").disabled = true;
  $("cancel").disabled = false;
  showProgress(0, replications);
  try {
    const simulation = (body, what) => stream("/api/simulate", { ...body, replications, page },
      state.controller.signal, (done, total) => showProgress(done, total, what));
    const now = await simulation(current(), "");
    if (!now) return status("simulation cancelled");
    const base = state.baseline ? await simulation(state.baseline, "baseline: ") : null;
    if (state.baseline && !base) return status("simulation cancelled");
    showSimulation(now, key, base);
    status(`simulated in ${(now.wall_seconds + (base ? base.wall_seconds : 0)).toFixed(2)} s`);
  } catch (e) {
    if (e.name === "AbortError") status("simulation cancelled"); else showError(e.message);
  } finally {
    $("simulate").disabled = false;
    $("cancel").disabled = true;
    state.controller = null;
  }
}

$("simulate").addEventListener("click", simulate);
$("cancel").addEventListener("click", async () => {
  await api("/api/cancel", { page, kind: "simulate" }).catch(() => {});
  if (state.controller) state.controller.abort();
});

// ---- on-demand answers: the bid and the schedule ----------------------------------------

// A debounced `ask` (a promise of an answer for the current state): `busy` shows in `noteId`
// meanwhile, and an answer to a state the levers have since left is dropped; a cancelled ask
// (null) says so.
function onDemand(ask, noteId, busy, render) {
  let timer = null, seq = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++seq;
      $(noteId).textContent = busy;
      try {
        const answer = await ask();
        if (mine !== seq) return;
        if (answer) render(answer); else $(noteId).textContent = "cancelled";
      } catch (e) {
        if (mine !== seq) return;
        $(noteId).textContent = e.name === "AbortError" ? "cancelled" : e.message;
      }
    }, 250);
  };
}

// The running decision of each kind ("bid", "sweep", "schedule"): its abort controller.
const deciding = {};

// Shows a decision's progress in its box: the bar and the note.
function showDecisionProgress(kind, busy, done, total) {
  const p = total > 0 ? Math.round((100 * done) / total) : 0;
  $(`${kind}-progress`).value = p;
  $(`${kind}-progress`).dataset.percent = String(p);
  $(`${kind}-note`).textContent = total > 0 ? `${busy} ${done} / ${total} replications (${p} %)` : busy;
}

// The answer of `/api/KIND` for the current state and, with a baseline pinned, for the baseline
// (null when the baseline has nothing to answer, e.g. no [bid]), streamed with progress and
// cancellable from the box's Cancel button; a newer ask stops the older. The tables show the
// change.
const withBaseline = (kind, busy) => async () => {
  if (deciding[kind]) deciding[kind].abort();
  const controller = new AbortController();
  deciding[kind] = controller;
  $(`${kind}-cancel`).disabled = false;
  const url = `/api/${kind}?page=${encodeURIComponent(page)}`;
  const ask = (body, what) => stream(url, body, controller.signal,
    (done, total) => showDecisionProgress(kind, what + busy, done, total));
  try {
    const now = await ask(current(), "");
    if (!now) return null;
    const base = state.baseline ? await ask(state.baseline, "baseline: ").catch(() => null) : null;
    return { now, base };
  } finally {
    if (deciding[kind] === controller) {
      delete deciding[kind];
      $(`${kind}-cancel`).disabled = true;
    }
  }
};
for (const kind of ["bid", "sweep", "schedule"]) {
  $(`${kind}-cancel`).addEventListener("click", async () => {
    await api("/api/cancel", { page, kind }).catch(() => {});
    if (deciding[kind]) deciding[kind].abort();
  });
}

const priceBid = onDemand(withBaseline("bid", "pricing…"), "bid-note", "pricing…", ({ now: b, base }) => {
  const c = b.currency + " ";
  const money0 = (x) => c + num(x, 0);
  const lines = [
    ["Total cost", "total_cost", money0, false],
    ["Revenue", "revenue", money0, null],
    ["Margin after expected SLA credits", "margin_after_expected_credits", (x) => pct(x), true],
    ["Expected SLA credits", "expected_sla_credits", money0, false],
    ["P(a month misses the SLA), average", "p_miss_sla", (x) => pct(x), false],
    ["Launch hires", "launch_hires", (x) => num(x, 0), null],
    ["Cost per handled contact", "cost_per_handled_contact", (x) => c + num(x, 3), false],
    ["Price per FTE-month", "price_per_fte_month", (x) => c + num(x, 2), null],
    ["Price per handled contact", "price_per_contact", (x) => c + num(x, 3), null],
    ["Price per handled minute", "price_per_minute", (x) => c + num(x, 4), null],
  ];
  const t = $("bid-table");
  const term = `${b.months.length} months`;
  t.replaceChildren(row(base ? [`Bid (${term})`, "Now", "Baseline", "Change"] : ["Bid", term], "th"));
  for (const [label, key, f, better] of lines) {
    const cells = [label, f(b[key])];
    if (key === "margin_after_expected_credits") cells[1] += ` (target ${pct(b.margin, 0)})`;
    if (base) cells.push(f(base[key]), delta(b[key], base[key], key.startsWith("margin") || key.startsWith("p_") ? pts : f, better));
    t.appendChild(row(cells));
  }
  t.dataset.revenue = String(b.revenue);
  $("bid-note").textContent = "";
  state.bidShown = true;
});
$("price").addEventListener("click", priceBid);

const totalOf = (r) => r.added || { shifts: r.shifts.length, heads: r.heads, paid_hours: r.paid_hours, cost: r.cost };

const optimise = onDemand(withBaseline("schedule", "optimising…"), "schedule-note", "optimising…", ({ now: r, base }) => {
  const c = r.currency + " ";
  const added = totalOf(r);
  const t = $("schedule-table");
  t.replaceChildren(row(["Day", "Shifts", "Agents", "Paid hours", "Cost", "Service level before", "after"], "th"));
  for (const d of r.days) {
    const a = d.added;
    const after = d.simulated_service_level ? d.simulated_service_level.mean : d.erlang_service_level;
    const before = a ? (a.simulated_service_level_before ? a.simulated_service_level_before.mean : a.erlang_service_level_before) : null;
    t.appendChild(row([d.date, a ? a.shifts : "", a ? a.heads : "", a ? num(a.paid_hours, 1) : "", c + num(a ? a.cost : d.cost, 0),
      before == null ? "" : pct(before), after == null ? "closed" : pct(after)]));
  }
  t.appendChild(row(["Total", added.shifts, added.heads, num(added.paid_hours, 1), c + num(added.cost, 0), "", ""], "th"));
  if (base) {
    const b = totalOf(base), whole = (x) => num(x, 0), hours = (x) => num(x, 1), money0 = (x) => c + num(x, 0);
    t.appendChild(row(["Baseline", b.shifts, b.heads, hours(b.paid_hours), money0(b.cost), "", ""]));
    t.appendChild(row(["Change", delta(added.shifts, b.shifts, whole, false), delta(added.heads, b.heads, whole, false),
      delta(added.paid_hours, b.paid_hours, hours, false), delta(added.cost, b.cost, money0, false), "", ""]));
  }
  t.dataset.cost = String(added.cost);
  $("chart-schedule").innerHTML = r.chart;
  const shifts = $("schedule-shifts");
  shifts.replaceChildren(row(["Date", "Template", "Start", "End", "Breaks", "Agents"], "th"));
  for (const s of r.shifts) {
    const breaks = s.breaks.map((b) => `${b.start.slice(11)}–${b.end.slice(11)}${b.paid ? " (paid)" : ""}`).join(", ");
    shifts.appendChild(row([s.date, s.template, s.start.slice(11), s.end.slice(11), breaks || "none", s.agents]));
  }
  $("schedule-note").textContent = `${r.objective} · ${r.optimal ? "proven optimal" : "gap " + pct(r.gap)} · evaluated by ${r.replications} simulated replications`;
  state.scheduleShown = true;
});
$("optimise").addEventListener("click", optimise);

const sweep = onDemand(withBaseline("sweep", "sweeping…"), "sweep-note", "sweeping…", ({ now: r, base }) => {
  // Each scenario variant's cheapest option that holds the target.
  const picks = r.recommendations.filter((x) => x.recommended);
  const picked = (o) => picks.some((x) => x.recommended.label === o.label && x.recommended.cost === o.cost);
  // Against a baseline: the same option there (by its label), and the change in P(meet).
  const before = new Map(base ? base.options.map((o) => [o.label, o]) : []);
  const compared = r.options.some((o) => before.has(o.label));
  const t = $("sweep-table");
  const currency = state.info && state.info.currency ? ` (${state.info.currency})` : "";
  t.replaceChildren(row(["Option", "Cost" + currency, "FTE", "Service level", "P(meet target)", "Worst day", "",
    ...(compared ? ["P(meet), baseline", "Change"] : [])], "th"));
  for (const o of r.options) {
    const cells = [o.label, num(o.cost, 0), num(o.fte, 1), pct(o.service_level && o.service_level.mean),
      pct(o.p_meet_target, 0), o.worst_day || "", picked(o) ? "cheapest that holds" : (o.pareto ? "on the front" : "")];
    if (compared) {
      const b = before.get(o.label);
      cells.push(b ? pct(b.p_meet_target, 0) : "", b ? delta(o.p_meet_target, b.p_meet_target, (x) => pts(x, 0), true) : "");
    }
    const tr = row(cells);
    if (picked(o)) tr.className = "pick";
    t.appendChild(tr);
  }
  t.dataset.compared = String(compared);
  t.dataset.picks = String(picks.length);
  $("chart-sweep").innerHTML = r.chart;
  const held = `holds the target on ${pct(r.confidence, 0)} of days`;
  $("sweep-note").textContent = (picks.length
    ? r.recommendations.map((x) => `${x.variant}: ${x.recommended ? x.recommended.label : "no option " + held}`).join(" · ") + ` (the cheapest that ${held})`
    : `no option ${held}`) + ` · ${r.replications} replications each`;
  state.sweepShown = true;
});
$("sweep").addEventListener("click", sweep);

// ---- export -----------------------------------------------------------------------------

async function exportFile(url, extra, fallback) {
  $("export-status").textContent = "writing the report…";
  try {
    const response = await api(url, { ...current(), ...extra });
    const blob = await response.blob();
    const name = (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || fallback;
    download(blob, name);
    $("export-status").textContent = `${name}: ${(blob.size / 1024).toFixed(0)} KB downloaded`;
    $("export-status").dataset.bytes = String(blob.size);
  } catch (e) { $("export-status").textContent = e.message; }
}
$("export-report").addEventListener("click", () => exportFile("/api/export/report", {}, "report.zip"));
$("export-workbook").addEventListener("click", () => exportFile("/api/export/workbook", {}, "workbook.xlsx"));
$("export-png").addEventListener("click", () => exportFile("/api/export/chart", { chart: $("chart-name").value, format: "png" }, "chart.png"));
$("export-svg").addEventListener("click", () => exportFile("/api/export/chart", { chart: $("chart-name").value, format: "svg" }, "chart.svg"));

for (const note of ["bid-note", "sweep-note", "schedule-note"]) $(note).dataset.idle = $(note).textContent;
loadScenarios().catch((e) => showError(e.message));
