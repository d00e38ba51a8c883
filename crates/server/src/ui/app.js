// rasd's web UI: map, timeline, incidents, warnings, search, and the
// incident page with every source's text and the evidence highlighted.
//
// Rule: text from the database (articles, names, messages) only ever
// enters the page as text nodes or attribute values, never as markup.
"use strict";

const TYPES = {
  suicide_bombing: ["Suicide bombing", "تفجير انتحاري", "#8e44ad"],
  bombing: ["Bombing", "تفجير", "#c0392b"],
  armed_assault: ["Armed assault", "هجوم مسلح", "#d35400"],
  armed_clash: ["Armed clash", "اشتباك مسلح", "#7f8c8d"],
  air_strike: ["Air strike", "غارة جوية", "#2c3e50"],
  shelling: ["Shelling", "قصف", "#16a085"],
  kidnapping: ["Kidnapping", "اختطاف", "#2980b9"],
  assassination: ["Assassination", "اغتيال", "#b03a2e"],
  attack: ["Attack", "هجوم", "#95a5a6"],
};
const STATUS_AR = { claimed: "تبنٍّ", attributed: "منسوب", suspected: "مشتبه به" };
const FIELD_AR = { event: "الحدث", killed: "القتلى", injured: "الجرحى", perpetrator: "المنفذ" };

// Builds an element; strings among the children become text nodes.
function el(tag, attrs, ...children) {
  const ns = ["svg", "path", "circle", "rect", "g", "text", "title", "polyline", "line"].includes(tag)
    ? "http://www.w3.org/2000/svg" : null;
  const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "on") { for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f); }
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function typeLabel(t) {
  const x = TYPES[t] || [t, t];
  return [x[0], " · ", el("span", { class: "ar", lang: "ar" }, x[1])];
}

function status(msg) { document.getElementById("status").textContent = msg; }

async function api(path) {
  const r = await fetch(path, { headers: { accept: "application/json" } });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error((body && body.error && body.error.message) || r.statusText);
  return body;
}

// The current filters, as query parameters.
function filterParams(extra) {
  const f = document.getElementById("filters");
  const p = new URLSearchParams();
  for (const name of ["since", "until", "country", "group", "type", "min_killed"]) {
    const v = f.elements[name].value.trim();
    if (v) p.set(name, v);
  }
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p;
}

// Map.

const map = { k: 4, view: null, shapes: null, fitted: false };
const project = (lon, lat) => [(lon + 180) * map.k, (90 - lat) * map.k];
// The Middle East and its neighbours, until there are incidents to fit.
const DEFAULT_VIEW = (() => { const [x, y] = project(20, 45); return [x, y, 60 * 4, 35 * 4]; })();

// Fits the view to points [x, y] with a margin, keeping the map's shape.
function fit(xy) {
  const svg = document.getElementById("map");
  if (!xy.length) return setView(DEFAULT_VIEW);
  // The middle 90% of the points: a few strays do not zoom out to the world.
  const xs = xy.map((p) => p[0]).sort((a, b) => a - b), ys = xy.map((p) => p[1]).sort((a, b) => a - b);
  const q = (v, f) => v[Math.min(v.length - 1, Math.floor(f * v.length))];
  let [x0, x1, y0, y1] = [q(xs, 0.05), q(xs, 0.95), q(ys, 0.05), q(ys, 0.95)];
  const aspect = (svg.clientWidth || 800) / (svg.clientHeight || 430);
  let w = Math.max(x1 - x0, 40) * 1.3, h = Math.max(y1 - y0, 30) * 1.3;
  if (w / h > aspect) h = w / aspect; else w = h * aspect;
  setView([(x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h]);
}

// Marker radius in screen pixels: grows with the log of the toll, so that
// one enormous figure does not cover a region.
const radiusPx = (killed) => 2 + 1.8 * Math.log1p(killed);

function setView(v) {
  map.view = v;
  const svg = document.getElementById("map");
  svg.setAttribute("viewBox", v.map((x) => x.toFixed(2)).join(" "));
  const unit = v[2] / (svg.clientWidth || 800);
  svg.querySelectorAll("#markers circle").forEach((c) => c.setAttribute("r", (radiusPx(+c.dataset.killed) * unit).toFixed(3)));
}

async function drawShapes(svg) {
  if (!map.shapes) map.shapes = await api("/api/map/countries");
  const g = el("g", { id: "land" });
  for (const f of map.shapes.features) {
    let d = "";
    for (const poly of f.geometry.coordinates) {
      for (const ring of poly) {
        ring.forEach(([lon, lat], i) => {
          const [x, y] = project(lon, lat);
          d += (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
        });
        d += "Z";
      }
    }
    g.append(el("path", { d, class: "land", "data-country": f.id }, el("title", {}, f.properties.name)));
  }
  svg.append(g);
}

async function drawMap() {
  const svg = document.getElementById("map");
  if (!svg.querySelector("#land")) await drawShapes(svg);
  svg.querySelector("#markers")?.remove();
  const pts = await api("/api/points?" + filterParams());
  const g = el("g", { id: "markers" });
  // Deadliest drawn last, on top.
  pts.sort((a, b) => a[3] - b[3]);
  for (const [id, lat, lon, killed, type, date, country, place, placeAr] of pts) {
    const [x, y] = project(lon, lat);
    const r = radiusPx(killed) * map.view[2] / (svg.clientWidth || 800);
    const label = `${(TYPES[type] || [type])[0]} · ${date || "undated"} · ${place || country || ""}` +
      (placeAr ? ` (${placeAr})` : "") + ` · ${killed} killed`;
    g.append(el("circle", {
      cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(3), fill: (TYPES[type] || ["", "", "#555"])[2],
      "data-id": id, "data-killed": killed, on: { click: () => { location.hash = "#/incident/" + id; } },
    }, el("title", {}, label)));
  }
  svg.append(g);
  if (!map.fitted) { fit(pts.map((p) => project(p[2], p[1]))); map.fitted = true; } else setView(map.view);
  const countries = new Set(pts.map((p) => p[6]));
  svg.querySelectorAll(".land").forEach((p) => p.classList.toggle("active", countries.has(p.dataset.country)));
  return pts.length;
}

function mapInteractions() {
  const svg = document.getElementById("map");
  setView(DEFAULT_VIEW);
  let drag = null;
  svg.addEventListener("pointerdown", (e) => { drag = [e.clientX, e.clientY, map.view.slice()]; svg.setPointerCapture(e.pointerId); });
  svg.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const s = map.view[2] / svg.clientWidth;
    setView([drag[2][0] - (e.clientX - drag[0]) * s, drag[2][1] - (e.clientY - drag[1]) * s, map.view[2], map.view[3]]);
  });
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const f = e.deltaY > 0 ? 1.2 : 1 / 1.2;
    const rect = svg.getBoundingClientRect();
    const mx = map.view[0] + (e.clientX - rect.left) / rect.width * map.view[2];
    const my = map.view[1] + (e.clientY - rect.top) / rect.height * map.view[3];
    setView([mx - (mx - map.view[0]) * f, my - (my - map.view[1]) * f, map.view[2] * f, map.view[3] * f]);
  }, { passive: false });
}

// Timeline.

async function drawTimeline() {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  // Trends by type, all of them, summed: the server bounds the range to the
  // period the articles cover, so recalled old attacks do not stretch it.
  const t = await api("/api/trends?" + filterParams({ by: "type", period: "month", top: 0 }));
  const rows = t.labels.map((key, i) => ({
    key,
    incidents: t.series.reduce((a, s) => a + s.incidents[i], 0),
    killed: t.series.reduce((a, s) => a + s.killed[i], 0),
  }));
  const W = svg.clientWidth || 600, H = 170, pad = 30;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!rows.length) { svg.append(el("text", { x: 10, y: 20 }, "No dated incidents")); return; }
  const maxN = Math.max(...rows.map((r) => r.incidents)), maxK = Math.max(1, ...rows.map((r) => r.killed));
  const bw = (W - 2 * pad) / rows.length;
  const pts = [];
  rows.forEach((r, i) => {
    const h = (H - 2 * pad) * r.incidents / maxN, x = pad + i * bw;
    svg.append(el("rect", { class: "bar", x: x + 1, y: H - pad - h, width: Math.max(1, bw - 2), height: h },
      el("title", {}, `${r.key}: ${r.incidents} incidents, ${r.killed} killed`)));
    pts.push(`${x + bw / 2},${H - pad - (H - 2 * pad) * r.killed / maxK}`);
    if (rows.length <= 24 || i % Math.ceil(rows.length / 12) === 0) {
      svg.append(el("text", { x: x + bw / 2, y: H - pad + 12, "text-anchor": "middle" }, r.key));
    }
  });
  svg.append(el("polyline", { class: "killed", points: pts.join(" ") }));
  svg.append(el("text", { x: pad, y: 12 }, `incidents per month (bars, max ${maxN}) · الحوادث شهرياً — killed (line, max ${maxK}) · القتلى`));
}

// Lists.

const list = { offset: 0 };

function incidentRow(i) {
  const killed = i.killed && i.killed.best != null
    ? i.killed.best + (i.killed.min !== i.killed.max ? ` (${i.killed.min}–${i.killed.max})` : "") : "–";
  return el("tr", { class: "row", "data-id": i.id, on: { click: () => { location.hash = "#/incident/" + i.id; } } },
    el("td", {}, i.date || "undated"),
    el("td", {}, typeLabel(i.event_type || i.type)),
    el("td", {}, i.place || i.country || "–", i.place_ar ? el("div", { class: "ar muted" }, i.place_ar) : null),
    el("td", {}, killed),
    el("td", {}, (i.perpetrators || []).map((a) => `${a.name} (${a.status})`).join(", ") || "–"),
    el("td", { class: "muted" }, `${i.reports} report${i.reports === 1 ? "" : "s"}`));
}

async function drawList(append) {
  const panel = document.getElementById("panel-list");
  if (!append) { list.offset = 0; panel.replaceChildren(); }
  const rows = await api("/api/incidents?" + filterParams({ limit: 100, offset: list.offset }));
  let table = panel.querySelector("table");
  if (!table) {
    table = el("table", { id: "incident-list" },
      el("thead", {}, el("tr", {}, ["Date", "Type · النوع", "Place · المكان", "Killed", "Perpetrators", "Sources"].map((h) => el("th", {}, h)))),
      el("tbody"));
    panel.append(table);
  }
  rows.forEach((i) => table.tBodies[0].append(incidentRow(i)));
  panel.querySelector(".more")?.remove();
  list.offset += rows.length;
  if (rows.length === 100) panel.append(el("button", { class: "more", on: { click: () => drawList(true) } }, "More"));
  if (!list.offset) panel.append(el("p", { class: "muted" }, "No incident matches the filters."));
  return rows.length;
}

// `YYYY-MM-DD` moved by `n` days.
function shiftDay(day, n) {
  const d = new Date(day + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function drawAlerts() {
  const panel = document.getElementById("panel-alerts");
  panel.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  const ws = await api("/api/alerts?days=60");
  const h = await api("/api/health");
  panel.replaceChildren();
  // Where the archive is thin, a quiet stretch may be one rasd did not read.
  const last = (h.watch && h.watch.coverage && h.watch.coverage.last_day) || "";
  const gaps = ((h.watch && h.watch.coverage && h.watch.coverage.gaps) || []).filter((g) => !last || g.to >= shiftDay(last, -60));
  for (const g of gaps) {
    panel.append(el("p", { class: "gap" },
      `Gap in the archive: ${g.from} to ${g.to} holds ${g.articles} articles against about ${g.normal} normally` +
      (g.sources_missing && g.sources_missing.length ? ` (thin or missing: ${g.sources_missing.join(", ")})` : "") + "."));
  }
  const leads = ws.filter((w) => w.kind === "mass_casualty_lead").reverse();
  const raised = ws.filter((w) => w.kind !== "mass_casualty_lead").reverse();
  if (!raised.length) {
    // Say why: most often the data is too short for the rules' warm-up.
    const why = h.watch && h.watch.why_no_warnings;
    panel.append(el("p", { class: "muted", id: "no-warnings" },
      "No warning in the last 60 days of data" + (why ? ": " + why + "." : ".")));
  }
  // Unconfirmed leads (one report so far) are listed apart, after the
  // raised warnings: for checking, not for briefing.
  const card = (w) =>
    el("div", { class: "warning" },
      el("span", { class: "sev " + w.severity }, w.severity), " ", el("strong", {}, w.kind.replace(/_/g, " ")),
      " ", el("span", { class: "muted" }, w.day + (w.updated ? " · updated " + w.updated : "")),
      w.confirmed === false ? [" ", el("span", { class: "unconfirmed" }, "unconfirmed")] : [],
      el("div", {}, w.message_en),
      el("div", { class: "ar", lang: "ar" }, w.message_ar),
      (w.gaps || []).map((g) => el("div", { class: "gap" },
        `Archive gap in the days this rests on: ${g.from} to ${g.to}, ${g.articles} articles against about ${g.normal}.`)),
      el("div", { class: "muted" }, "incidents: ",
        w.incidents.slice(0, 12).flatMap((id) => [el("a", { href: "#/incident/" + id }, String(id)), " "])));
  for (const w of raised) panel.append(card(w));
  if (leads.length) {
    panel.append(el("h3", { id: "leads" }, "Unconfirmed leads"),
      el("p", { class: "muted" }, "One report so far gives a toll at or above the threshold; not raised as warnings until a second outlet or a later report agrees."));
    for (const w of leads) panel.append(card(w));
  }
  panel.append(el("p", {}, el("a", { href: "/alerts.atom" }, "Subscribe (Atom feed)")));
}

async function drawSearch(q) {
  const panel = document.getElementById("panel-search");
  panel.replaceChildren();
  if (!q) { panel.append(el("p", { class: "muted" }, "Type Arabic words in Search and press Apply.")); return; }
  const res = await api("/api/search?" + filterParams({ q, limit: 30 }));
  panel.append(el("p", { class: "muted" }, `${res.total} articles`));
  for (const r of res.results) {
    const snip = el("p", { class: "ar", lang: "ar" });
    let at = 0;
    const text = r.snippet.text;
    // Highlights are byte ranges of the UTF-8 snippet.
    const bytes = new TextEncoder().encode(text), dec = new TextDecoder();
    for (const [a, b] of r.snippet.highlights) {
      snip.append(dec.decode(bytes.slice(at, a)), el("mark", {}, dec.decode(bytes.slice(a, b))));
      at = b;
    }
    snip.append(dec.decode(bytes.slice(at)));
    panel.append(el("div", { class: "warning" },
      el("div", { class: "ar", lang: "ar" }, el("strong", {}, r.doc.title || r.doc.ext_id)),
      el("div", { class: "muted" }, `${r.doc.source || ""} ${(r.doc.published || "").slice(0, 10)}`),
      snip,
      r.events.map((e) => el("div", {}, el("a", { href: "#/incident/" + e.event.incident }, "incident " + e.event.incident), " ",
        typeLabel(e.event.type), ` ${e.event.date || ""} ${e.event.place || ""}`))));
  }
}

// The desk: warnings with their states. New ones, those waiting longest
// first, are what the page opens on; each can be moved on with a note by
// whoever holds a token (the server records the token's name).

const DESK_STATES = [
  ["new", "New · جديد"], ["acknowledged", "Acknowledged · قيد المتابعة"],
  ["acted", "Acted on · اتُّخذ إجراء"], ["dismissed", "Dismissed · مستبعد"],
];
// The moves each state allows: [state to, label, class].
const DESK_MOVES = {
  new: [["acknowledged", "Acknowledge", ""]],
  acknowledged: [["acted", "Acted on", ""], ["dismissed", "Dismiss", "dismiss"]],
};
const desk = { state: "new", loaded: null };

// A wait as a person reads it.
function waitText(s) {
  if (s == null) return "";
  s = Math.max(0, s);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

async function drawDesk() {
  const d = await api("/api/desk?state=" + encodeURIComponent(desk.state) + "&limit=200");
  desk.loaded = Date.now();
  const badge = document.getElementById("desk-badge");
  badge.textContent = String(d.counts.new || 0);
  badge.hidden = !d.counts.new;
  document.getElementById("desk-states").replaceChildren(...DESK_STATES.map(([s, label]) =>
    el("button", { type: "button", "data-state": s, "aria-pressed": String(s === desk.state),
      on: { click: () => { desk.state = s; drawDesk().catch((e) => status(e.message)); } } },
    `${label} (${d.counts[s] || 0})`)));
  const body = document.getElementById("desk-body");
  body.replaceChildren();
  if (!d.warnings.length) {
    body.append(el("p", { class: "muted", id: "desk-empty" }, desk.state === "new"
      ? "No warning is waiting: every one raised has been acknowledged."
      : "No warning in this state."));
  }
  for (const w of d.warnings) body.append(deskItem(w));
  return d;
}

function deskItem(w) {
  const note = el("input", { type: "text", maxlength: 2000, placeholder: "note · ملاحظة", "aria-label": "note" });
  const error = el("div", { class: "desk-error" });
  const moves = (DESK_MOVES[w.state] || []).map(([to, label, cls]) =>
    el("button", { type: "button", class: cls, "data-to": to, on: { click: () => move(w.id, to, note.value, error) } }, label));
  const waited = w.state === "new"
    ? el("span", { class: "waited", "data-since": w.since, "data-waited": w.waited_s }, "waiting " + waitText(w.waited_s))
    : el("span", { class: "muted" }, `${w.state} by ${w.by} ${waitText(w.waited_s)} ago`);
  return el("div", { class: "desk-item", "data-id": w.id },
    el("span", { class: "sev " + w.severity }, w.severity), " ", el("strong", {}, w.kind.replace(/_/g, " ")), " ",
    el("span", { class: "state" }, w.state), " ", waited, " ",
    el("span", { class: "muted" }, `#${w.id} · raised ${w.raised} · on the desk since ${w.first_seen.replace("T", " ").replace("Z", " UTC")}`),
    el("div", {}, w.message_en),
    el("div", { class: "ar", lang: "ar" }, w.message_ar),
    w.note ? el("div", { class: "muted" }, `${w.by}: `, w.note) : null,
    el("div", { class: "muted" }, "incidents: ",
      w.incidents.slice(0, 12).flatMap((id) => [el("a", { href: "#/incident/" + id }, String(id)), " "])),
    moves.length ? el("div", { class: "actions" }, note, moves) : null,
    error);
}

async function move(id, to, note, errorBox) {
  const token = document.getElementById("desk-token").value.trim();
  errorBox.textContent = "";
  if (!token) { errorBox.textContent = "Give your token above: the desk records who did what."; return; }
  sessionStorage.setItem("rasd-token", token);
  const r = await fetch(`/api/desk/${id}/state`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", authorization: "Bearer " + token },
    body: JSON.stringify(note.trim() ? { state: to, note } : { state: to }),
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) { errorBox.textContent = (body && body.error && body.error.message) || r.statusText; return; }
  status(`Warning ${id}: ${body.change.from} → ${body.change.to} by ${body.change.by}`);
  await drawDesk();
}

// The waits of new warnings count on between reloads of the desk.
function tickDesk() {
  if (!desk.loaded) return;
  const extra = Math.floor((Date.now() - desk.loaded) / 1000);
  document.querySelectorAll("#desk-body .waited").forEach((e) => {
    e.textContent = "waiting " + waitText(+e.dataset.waited + extra);
  });
}

// The live monitor's sources, as `rasd monitor --status-json` last wrote
// them.
async function drawSources() {
  const panel = document.getElementById("panel-sources");
  const s = await api("/api/sources");
  panel.replaceChildren();
  if (!s.configured) {
    panel.append(el("p", { class: "muted", id: "no-sources" },
      "No monitor is connected: start the server with --sources-status FILE, the file `rasd monitor --status-json FILE` writes."));
    return;
  }
  panel.append(el("p", { class: "muted" }, s.updated ? `Updated ${s.updated}` : "The monitor has not finished its first round yet."));
  const when = (t) => (t ? t.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC") : "–");
  const table = el("table", { id: "source-list" },
    el("thead", {}, el("tr", {}, ["Source", "Last fetch", "HTTP", "Items seen / new", "Stored", "Next poll", "Last error"].map((h) => el("th", {}, h)))),
    el("tbody"));
  for (const x of s.sources) {
    table.tBodies[0].append(el("tr", { "data-name": x.name },
      el("td", {}, el("strong", {}, x.name), el("div", { class: "muted" }, `${x.kind} · ${x.target}`)),
      el("td", {}, when(x.last_fetch)),
      el("td", {}, x.last_status == null ? "–" : String(x.last_status)),
      el("td", {}, `${x.items_seen} / ${x.items_new}`),
      el("td", {}, String(x.stored_total)),
      el("td", {}, when(x.next_poll)),
      el("td", { class: x.last_error ? "error" : "muted" }, x.last_error
        ? `${x.last_error}${x.failures > 1 ? ` (${x.failures} failures in a row)` : ""}` : "–")));
  }
  panel.append(table);
}

const SPARKS = "▁▂▃▄▅▆▇█";
function sparkline(values) {
  const max = Math.max(0, ...values);
  return values.map((v) => (v === 0 ? " " : SPARKS[Math.min(7, Math.ceil((v * 7) / max))])).join("");
}

// The trends of the current filters: the server's SVG drawing (warnings
// marked) and a table with sparklines.
async function drawTrends() {
  const body = document.getElementById("trend-body");
  const extra = { by: document.getElementById("trend-by").value, period: document.getElementById("trend-period").value, top: 8 };
  const t = await api("/api/trends?" + filterParams(extra));
  body.replaceChildren();
  if (!t.series.length) { body.append(el("p", { class: "muted" }, "No incident matches.")); return; }
  body.append(el("img", { src: "/api/trends.svg?" + filterParams(extra), alt: "trends", class: "trend-img" }));
  const table = el("table", {}, el("thead", {}, el("tr", {},
    ["", "incidents", "killed", `${t.labels[0]} → ${t.labels[t.labels.length - 1]}`].map((h) => el("th", {}, h)))), el("tbody"));
  for (const s of t.series) {
    table.tBodies[0].append(el("tr", {},
      el("td", {}, s.name, s.name_ar && s.name_ar !== s.name ? el("div", { class: "ar muted" }, s.name_ar) : null),
      el("td", {}, s.incidents.reduce((a, b) => a + b, 0)),
      el("td", {}, s.killed.reduce((a, b) => a + b, 0)),
      el("td", { class: "spark" }, sparkline(s.incidents))));
  }
  body.append(table);
}

function showTab(name, redraw = true) {
  document.querySelectorAll("#tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === name)));
  for (const n of ["desk", "list", "alerts", "trends", "search", "sources"]) document.getElementById("panel-" + n).hidden = n !== name;
  if (name === "desk" && redraw) drawDesk().catch((e) => status(e.message));
  if (name === "sources") drawSources().catch((e) => status(e.message));
  if (name === "alerts" && !document.getElementById("panel-alerts").childElementCount) drawAlerts().catch((e) => status(e.message));
  if (name === "trends") drawTrends().catch((e) => status(e.message));
}

// The incident page.

function highlighted(text, marks) {
  const box = el("div", { class: "text ar", lang: "ar", dir: "rtl" });
  const spans = marks.filter((m) => m.end > m.start).sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  for (const m of spans) {
    if (m.start < at) continue; // nested or overlapping: the outer one shows
    box.append(text.slice(at, m.start));
    box.append(el("mark", { class: m.field, title: `${m.field} · ${FIELD_AR[m.field] || ""}: ${m.rule}` }, text.slice(m.start, m.end)));
    at = m.end;
  }
  box.append(text.slice(at));
  return box;
}

function count(c) {
  if (!c) return "–";
  const q = { at_least: "≥", more_than: ">", about: "~", up_to: "≤", vague: "some " }[c.qualifier] || "";
  return q + (c.value ?? c.best ?? "");
}

async function drawIncident(id) {
  const page = document.getElementById("incident");
  page.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  const d = await api("/api/incidents/" + encodeURIComponent(id));
  const i = d.incident;
  const toll = (t) => !t ? "none reported" : `${count(t)}${t.min !== t.max ? ` (reports say ${t.min}–${t.max})` : ""}`;
  page.replaceChildren(
    el("p", {}, el("a", { href: "#/" }, "← all incidents")),
    el("h2", {}, typeLabel(i.type), ` — ${i.place || (d.country_name && d.country_name[0]) || "unknown place"}`,
      i.place_ar ? [" · ", el("span", { class: "ar", lang: "ar" }, i.place_ar)] : null),
    el("p", {}, d.summary),
    el("dl", { class: "facts" },
      el("dt", {}, "Date · التاريخ"), el("dd", {}, i.date || "undated"),
      el("dt", {}, "Country · البلد"), el("dd", {}, d.country_name ? [d.country_name[0], " · ", el("span", { class: "ar" }, d.country_name[1])] : (i.country || "–")),
      el("dt", {}, "Province"), el("dd", {}, i.admin1 || "–"),
      el("dt", {}, "Killed · القتلى"), el("dd", {}, toll(i.killed), i.killed ? el("div", { class: "muted" }, "best figure: " + i.killed.rule) : null),
      el("dt", {}, "Injured · الجرحى"), el("dd", {}, toll(i.injured)),
      el("dt", {}, "Perpetrators · المنفذون"), el("dd", {}, i.perpetrators.length
        ? i.perpetrators.map((a) => el("div", {}, `${a.name} — ${a.status} · `, el("span", { class: "ar" }, STATUS_AR[a.status] || ""), ` (${a.reports} report${a.reports === 1 ? "" : "s"})`))
        : "none named"),
      el("dt", {}, "Target"), el("dd", {}, i.target_type),
      el("dt", {}, "Sources · المصادر"), el("dd", {}, `${i.reports} report${i.reports === 1 ? "" : "s"} from ${i.outlets.length || 1} outlet${i.outlets.length === 1 ? "" : "s"}`)),
    el("p", { class: "legend" }, el("span", {}, el("mark", {}, "event, place, date")), el("span", {}, el("mark", { class: "killed" }, "killed, injured")),
      el("span", {}, el("mark", { class: "perpetrator" }, "perpetrator"))));
  for (const r of d.reports) {
    const rep = r.report, e = rep.event, doc = rep.doc;
    const url = doc.url && /^https?:\/\//i.test(doc.url) ? doc.url : null;
    page.append(el("article", { class: "report" },
      el("h3", { class: "ar", lang: "ar", dir: "auto" }, doc.title || doc.ext_id),
      el("div", { class: "muted" }, `${doc.source || "unknown outlet"} · ${doc.published || "undated"} · `,
        url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, url) : doc.ext_id),
      el("div", {}, typeLabel(e.type), ` · ${e.date || "undated"} · ${e.place || "–"} · killed ${count(e.killed)} · injured ${count(e.injured)} · `,
        e.perpetrators.map((p) => `${p.name} (${p.status})`).join(", ") || "no perpetrator named"),
      highlighted(r.text, r.highlights)));
  }
}

// Wiring.

async function refresh() {
  const q = document.getElementById("filters").elements.q.value.trim();
  status("Loading…");
  try {
    const [n] = await Promise.all([drawMap(), drawTimeline(), drawList(false), drawSearch(q)]);
    if (q) showTab("search");
    status(`${n} incidents on the map`);
  } catch (e) { status("Error: " + e.message); }
  drawExports();
}

function drawExports() {
  const nav = document.getElementById("exports");
  const p = filterParams();
  nav.replaceChildren("Export: ", ...["acled", "gtd", "geojson", "json", "jsonl"].map((f) => {
    const q = new URLSearchParams(p); q.set("format", f);
    return el("a", { href: "/api/export?" + q, download: "" }, f.toUpperCase());
  }));
}

async function fillSelects() {
  const s = await api("/api/stats?by=country,group");
  const f = document.getElementById("filters");
  for (const r of s.country.filter((r) => r.key.length === 2)) f.elements.country.append(el("option", { value: r.key }, `${r.key} (${r.incidents})`));
  for (const r of s.group.filter((r) => !r.key.startsWith("("))) f.elements.group.append(el("option", { value: r.key }, `${r.key} (${r.incidents})`));
  for (const [t, [en, ar]] of Object.entries(TYPES)) f.elements.type.append(el("option", { value: t }, `${en} · ${ar}`));
}

function route() {
  const m = location.hash.match(/^#\/incident\/(\d+)/);
  document.getElementById("overview").hidden = !!m;
  document.getElementById("incident").hidden = !m;
  if (m) drawIncident(m[1]).catch((e) => { document.getElementById("incident").replaceChildren(el("p", {}, "Error: " + e.message)); });
}

document.addEventListener("DOMContentLoaded", async () => {
  mapInteractions();
  document.getElementById("filters").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  document.getElementById("clear").addEventListener("click", () => { document.getElementById("filters").reset(); refresh(); });
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  window.addEventListener("hashchange", route);
  for (const id of ["trend-by", "trend-period"]) document.getElementById(id).addEventListener("change", () => drawTrends().catch((e) => status(e.message)));
  document.getElementById("desk-token").value = sessionStorage.getItem("rasd-token") || "";
  setInterval(tickDesk, 30000);
  try { await fillSelects(); } catch (e) { status("Error: " + e.message); }
  route();
  await refresh();
  // The page opens on the warnings nobody has acknowledged yet, when there
  // are any.
  try {
    const d = await drawDesk();
    if (d.counts.new) showTab("desk", false);
  } catch (e) { status("Error: " + e.message); }
  document.body.dataset.ready = "true";
});
