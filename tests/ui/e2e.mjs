// End-to-end test of rasd's web UI in headless Chromium.
//
// Ingests the shipped example articles and one article full of markup,
// starts `rasd serve`, then loads the page, checks the map, list and
// timeline, filters, opens an incident, checks its evidence highlights,
// checks that the markup article's text is shown as text and runs nothing,
// checks that no request leaves the machine, checks the sources panel,
// opens on a warning waiting on the desk and acknowledges it with a named
// token, and takes screenshots.
//
// RASD_BIN: the rasd binary. SCREENSHOTS: folder for the screenshots.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const bin = process.env.RASD_BIN;
const shots = process.env.SCREENSHOTS || mkdtempSync(join(tmpdir(), "rasd-shots-"));
if (!bin) throw new Error("set RASD_BIN to the rasd binary");

function check(cond, what) {
  if (!cond) throw new Error("FAILED: " + what);
  console.log("ok - " + what);
}

const dir = mkdtempSync(join(tmpdir(), "rasd-ui-"));
const db = join(dir, "ui.db");
// An article written for this test: a real-looking report whose text and
// title carry markup that must never run.
const hostile = {
  id: "hostile-1", url: "https://hostile.example/1", source: "hostile",
  published: "2018-05-09T08:00:00+03:00",
  title: "<script>window.__xss = 1</script> انفجار في الموصل",
  text: "قتل 6 أشخاص أمس في انفجار عبوة ناسفة في سوق بمدينة الموصل \"><img src=x onerror=\"window.__xss=2\"> <script>window.__xss=3</script> بحسب الشرطة.",
};
writeFileSync(join(dir, "hostile.jsonl"), JSON.stringify(hostile) + "\n");
// Two people of the desk, each with a token of their own.
const TOKEN = "amal-token-0123456789";
writeFileSync(join(dir, "tokens"), `# the desk\namal ${TOKEN}\nomar omar-token-0123456789\n`);
// What \`rasd monitor --status-json\` writes: one source well, one failing.
writeFileSync(join(dir, "sources.json"), JSON.stringify({
  updated: "2018-05-10T09:05:00Z",
  sources: [
    { name: "wire", kind: "feed", target: "https://wire.example/rss", last_fetch: "2018-05-10T09:00:00Z", last_status: 200,
      items_seen: 12, items_new: 3, stored_total: 40, next_poll: "2018-05-10T09:15:00Z", failures: 0, last_error: null },
    { name: "daily", kind: "listing", target: "https://daily.example/news", last_fetch: "2018-05-10T09:01:00Z", last_status: 503,
      items_seen: 0, items_new: 0, stored_total: 7, next_poll: "2018-05-10T09:05:00Z", failures: 3, last_error: "HTTP 503 Service Unavailable" },
  ],
}));
execFileSync(bin, ["ingest", "--db", db, join(repo, "examples"), join(dir, "hostile.jsonl")], { stdio: "pipe" });

const server = spawn(bin, ["serve", "--db", db, "--port", "0", "--tokens", join(dir, "tokens"),
  "--sources-status", join(dir, "sources.json")], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/[^\s/]+\//);
    if (m) resolve(m[0]);
  });
  server.on("exit", (c) => reject(new Error("rasd serve exited with " + c)));
  setTimeout(() => reject(new Error("rasd serve did not start: " + out)), 20000);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const outside = [];
  const errors = [];
  let dialogs = 0;
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") { outside.push(u.href); return route.abort(); }
    return route.continue();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("dialog", (d) => { dialogs += 1; d.dismiss(); });

  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  check(await page.locator("#map path.land").count() > 100, "the map draws country shapes from shipped data");
  check(await page.locator("#map circle").count() === 6, "one marker per placed incident");
  check(await page.locator("#incident-list tbody tr").count() === 6, "the list shows every incident");
  check(await page.locator("#timeline rect.bar").count() >= 1, "the timeline has bars");

  await page.selectOption("select[name=country]", "SO");
  await page.click("#apply");
  await page.waitForFunction(() => document.querySelectorAll("#incident-list tbody tr").length === 1);
  check((await page.locator("#incident-list tbody tr").innerText()).includes("Mogadishu"), "filtering by country narrows the list");
  check(await page.locator("#map circle").count() === 1, "filtering narrows the map");
  await page.click("#clear");
  await page.waitForFunction(() => document.querySelectorAll("#incident-list tbody tr").length === 6);

  // The page opens on the desk when warnings wait; the list is a tab away.
  await page.locator("#tabs button[data-tab=list]").click();
  await page.locator("#incident-list tbody tr", { hasText: "4 reports" }).click();
  await page.waitForSelector("#incident .report");
  check(await page.locator("#incident .report").count() === 4, "the incident page shows every source");
  check(await page.locator("#incident .report mark").count() >= 8, "evidence is highlighted in the sources' text");
  const killedMark = await page.locator("#incident .report mark.killed").first().innerText();
  check(/19|12|17|سبعة عشر/.test(killedMark), "a killed figure is highlighted in the text");
  check((await page.locator("#incident h2").innerText()).includes("تفجير"), "types carry Arabic labels");
  check(await page.locator("#incident .text[dir=rtl]").count() === 4, "sources are shown right to left");
  check(await page.locator("#overview").isHidden(), "the incident page replaces the overview");
  await page.screenshot({ path: join(shots, "incident.png"), fullPage: true });

  await page.goto(url + "#/");
  await page.waitForSelector("body[data-ready=true]");
  await page.locator("#tabs button[data-tab=alerts]").click();
  await page.waitForSelector("#no-warnings, #panel-alerts .warning");
  check(await page.locator("#panel-alerts .warning").count() > 0 ||
    (await page.locator("#no-warnings").innerText()).includes("days of steady coverage"), "an empty Warnings tab says why");
  await page.screenshot({ path: join(shots, "overview.png"), fullPage: false });
  await page.locator("#tabs button[data-tab=trends]").click();
  await page.waitForSelector("#trend-body table");
  check((await page.locator("#trend-body").innerText()).includes("أفغانستان") || (await page.locator("#trend-body").innerText()).includes("Islamic State"), "trends show series with their names");
  await page.waitForFunction(() => { const i = document.querySelector("#trend-body img"); return i && i.complete && i.naturalWidth > 0; });
  check(true, "the trends picture loads");

  // The markup article.
  await page.locator("#tabs button[data-tab=list]").click();
  await page.locator("#incident-list tbody tr", { hasText: "Mosul" }).click();
  await page.waitForSelector("#incident .report");
  const shown = await page.locator("#incident .report").innerText();
  check(shown.includes("<script>window.__xss=3</script>") && shown.includes("onerror"), "article markup is shown as text");
  check(await page.locator("#incident img").count() === 0, "no element is made from article text");
  check(await page.evaluate(() => window.__xss === undefined), "no script from an article runs");

  // The sources panel: what the monitor last wrote, per source.
  await page.goto(url + "#/");
  await page.waitForSelector("body[data-ready=true]");
  await page.locator("#tabs button[data-tab=sources]").click();
  await page.waitForSelector("#source-list tbody tr");
  const wire = await page.locator("#source-list tr[data-name=wire]").innerText();
  check(wire.includes("200") && wire.includes("12 / 3") && wire.includes("2018-05-10 09:15:00 UTC"), "the sources panel shows last status, items seen / new and next poll");
  const daily = await page.locator("#source-list tr[data-name=daily]").innerText();
  check(daily.includes("503") && daily.includes("HTTP 503 Service Unavailable") && daily.includes("3 failures"), "the sources panel shows the last error");

  // The desk: a mass-casualty report arrives; the page opens on it.
  const massacre = {
    id: "desk-1", url: "https://desk.example/1", source: "wakala", published: "2018-05-10T09:00:00+03:00",
    title: "مقتل 60 شخصا في تفجير انتحاري بسوق في بغداد",
    text: "بغداد - قتل 60 شخصا وأصيب أكثر من 100 آخرين في تفجير انتحاري استهدف سوقا شعبيا في حي الشعلة ببغداد صباح الخميس، بحسب مصادر أمنية.",
  };
  const posted = await fetch(url + "api/documents", {
    method: "POST", headers: { authorization: "Bearer " + TOKEN, "content-type": "application/json" }, body: JSON.stringify(massacre),
  });
  check(posted.ok, "a named token posts an article");
  // A fresh load (the address is the same, so \`goto\` would only move
  // within the page).
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  check(await page.locator("#panel-desk").isVisible(), "the page opens on the desk when a warning waits");
  check(await page.locator("#desk-states button[data-state=new][aria-pressed=true]").count() === 1, "the desk opens on new warnings");
  const items = page.locator("#desk-body .desk-item");
  check(await items.count() >= 1, "new warnings are listed");
  const waits = await page.locator("#desk-body .waited").evaluateAll((es) => es.map((e) => +e.dataset.waited));
  check(waits.every((w, i) => i === 0 || waits[i - 1] >= w), "the longest waiting come first");
  const target = items.filter({ hasText: "mass casualty" }).first();
  check(/waiting \d+ (s|min)/.test(await target.innerText()), "each new warning shows how long it has waited");
  check(await target.locator("a[href^='#/incident/']").count() >= 1, "a warning on the desk links to its incidents");
  const id = await target.getAttribute("data-id");
  await target.locator("button[data-to=acknowledged]").click();
  await page.waitForFunction((id) => document.querySelector(`.desk-item[data-id="${id}"] .desk-error`).textContent.length > 0, id);
  check((await target.locator(".desk-error").innerText()).includes("token"), "acknowledging without a token says why it cannot");
  await page.fill("#desk-token", TOKEN);
  await target.locator("input").fill("called the Baghdad office");
  await target.locator("button[data-to=acknowledged]").click();
  await page.waitForFunction((id) => !document.querySelector(`#desk-body .desk-item[data-id="${id}"]`), id);
  const trail = await (await fetch(url + "api/desk/" + id)).json();
  check(trail.entry.state === "acknowledged" && trail.entry.by === "amal" && trail.entry.note === "called the Baghdad office" &&
    trail.trail.length === 2, "acknowledging records the token's name, the time and the note");
  await page.locator("#desk-states button[data-state=acknowledged]").click();
  await page.waitForSelector(`#desk-body .desk-item[data-id="${id}"] button[data-to=acted]`);
  check(true, "an acknowledged warning waits under Acknowledged, to be acted on or dismissed");
  await page.screenshot({ path: join(shots, "desk.png"), fullPage: false });
  const again = await fetch(url + `api/desk/${id}/state`, {
    method: "POST", headers: { authorization: "Bearer " + TOKEN, "content-type": "application/json" }, body: JSON.stringify({ state: "acknowledged" }),
  });
  check(again.status === 409 && (await again.json()).error.message.includes("already acknowledged"), "a move the states do not allow is a 409 saying why");

  check(dialogs === 0, "no dialog opened");
  check(outside.length === 0, "no request leaves the machine: " + outside.join(", "));
  check(errors.length === 0, "no error in the page: " + errors.join(" | "));
  console.log("screenshots in " + shots);
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser.close();
  server.kill();
}
process.exit(failed ? 1 : 0);
