// End-to-end test of rasd's web UI in headless Chromium.
//
// Ingests the shipped example articles and one article full of markup,
// starts `rasd serve`, then loads the page, checks the map, list and
// timeline, filters, opens an incident, checks its evidence highlights,
// checks that the markup article's text is shown as text and runs nothing,
// checks that no request leaves the machine, and takes screenshots.
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
execFileSync(bin, ["ingest", "--db", db, join(repo, "examples"), join(dir, "hostile.jsonl")], { stdio: "pipe" });

const server = spawn(bin, ["serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
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
