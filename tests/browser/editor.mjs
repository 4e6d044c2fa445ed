// The preview's browser editor in headless Debian Chromium, as a communications officer uses it:
// open the preview, follow "Add a progress update" (and the other three), fill the form, save.
// Each saved file must be byte for byte what the command line writes for the same input; bad
// input shows the error summary (focused, with zero axe violations) and leaves the file as it
// was; a form posted from another origin and a file changed on disk after the form was opened
// are refused; the forms work with JavaScript off and reflow at 320px.
//
//   cargo build --release && node tests/browser/editor.mjs
//
// Runs `scrutiny serve` on two fresh copies of the example site (one edited in the browser, one
// by the command line). Environment: BIN (default target/release/scrutiny), CHROMIUM (default
// /usr/bin/chromium), SHOTS (a folder: also save the update form at 375px and 1280px there, as
// docs/screenshots/editor-update-*.png), ONLY (run only tests whose name contains this text).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const BIN = path.resolve(process.env.BIN || path.join(REPO, "target/release/scrutiny"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SHOTS ? path.resolve(process.env.SHOTS) : "";
const ONLY = process.env.ONLY || "";
const AXE_PATH = require.resolve("axe-core");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const TODAY = "2026-11-26";
const REVIEW = "safety-in-the-town-centre";
const REC_PAGE = `${REVIEW}/recommendations/3/`;
const REC_FILE = `content/${REVIEW}/recommendations/03-communications-plan-to-members.md`;

if (!fs.existsSync(BIN)) throw new Error(`${BIN} not found: run cargo build --release first`);

// ---------------------------------------------------------------- sites and the preview

/** A fresh copy of the example site (site.yaml, content/, themes/) in a temporary folder. */
function exampleCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scrutiny-editor-"));
  fs.copyFileSync(path.join(REPO, "site.yaml"), path.join(dir, "site.yaml"));
  for (const sub of ["content", "themes"]) {
    if (fs.existsSync(path.join(REPO, sub))) fs.cpSync(path.join(REPO, sub), path.join(dir, sub), { recursive: true });
  }
  return dir;
}

const read = (site, rel) => fs.readFileSync(path.join(site, rel), "utf8");

/** Run the command line on `site`; fails the test on a non-zero exit. */
function cli(site, args) {
  const r = spawnSync(BIN, ["--root", site, "--today", TODAY, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scrutiny ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** `scrutiny serve` on `site`; resolves once it prints its address. */
async function preview(site, extra = []) {
  const port = await freePort();
  const child = spawn(BIN, ["--root", site, "--today", TODAY, "serve", "--port", String(port), ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60000);
    const look = () => {
      const m = out.match(/Serving .* at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", look);
    child.on("exit", (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
  });
  return { url: url.endsWith("/") ? url : `${url}/`, stop: () => child.kill("SIGTERM"), log: () => out };
}

// ---------------------------------------------------------------- the browser

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars", "--font-render-hinting=none"],
});
console.log(`Chromium ${browser.version()}, axe-core ${require("axe-core/package.json").version}, ${BIN}\n`);

const failures = [];
async function test(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures.push(`${name}: ${e.stack || e}`);
    console.log(`FAIL ${name}\n     ${String(e.message || e).split("\n").join("\n     ")}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function newPage({ width = 1280, javaScript = true } = {}) {
  const ctx = await browser.newContext({
    viewport: { width, height: 900 },
    javaScriptEnabled: javaScript,
    locale: "en-GB",
    reducedMotion: "reduce",
    deviceScaleFactor: 1,
  });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, ctx, errors };
}

async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
  }, AXE_TAGS);
}

async function noAxeViolations(page, where) {
  const v = await axe(page);
  assert(v.length === 0, `axe-core on ${where}:\n${v.join("\n")}`);
}

/** From a page of the preview, follow the editor bar's link named `label`. */
async function openForm(page, base, from, label) {
  await page.goto(base + from, { waitUntil: "load" });
  const link = page.locator(".scrutiny-editbar a", { hasText: label });
  assert((await link.count()) === 1, `"${label}" is not in the editor bar of ${from}`);
  await Promise.all([page.waitForLoadState("load"), link.click()]);
  await page.waitForSelector(".scrutiny-editor form");
}

/** Fill each field (by the form field's name); a select takes the option's value. Every field
 * filled must have a visible label. */
async function fill(page, fields) {
  for (const [name, value] of fields) {
    const control = page.locator(`#f-${name}`);
    assert((await control.count()) === 1, `the form has no field ${name}`);
    const label = await control.evaluate((el) => (el.labels && el.labels[0] ? el.labels[0].innerText.trim() : ""));
    assert(label !== "", `the field ${name} has no label`);
    const tag = await control.evaluate((el) => el.tagName);
    if (tag === "SELECT") await control.selectOption(value);
    else await control.fill(value);
  }
}

/** Press the form's submit button; returns the response of the POST (before any redirect is followed). */
async function save(page) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator(".scrutiny-editor .scrutiny-actions button[type=submit]").click(),
  ]);
  await page.waitForLoadState("load");
  return res;
}

async function assertSavedBanner(page, file) {
  await page.waitForSelector(".scrutiny-saved");
  const banner = await page.locator(".scrutiny-saved").innerText();
  assert(banner.includes("Saved") && banner.includes(file), `the banner names ${file}:\n${banner}`);
}

// ---------------------------------------------------------------- the tests

const web = exampleCopy();
const byCli = exampleCopy();
// The edited copy is a git repository (when git is installed), so the banner offers a commit.
const inGit = spawnSync("git", ["init", "-q", web]).status === 0;
const server = await preview(web);
const base = server.url;

await test("update form: saves the bytes `scrutiny update` writes, and the page shows it", async () => {
  const { page, ctx, errors } = await newPage();
  await openForm(page, base, REC_PAGE, "Add a progress update");
  await noAxeViolations(page, "the update form at 1280px");
  await fill(page, [
    ["note", "Circulated to all Members on 20 November.\n\nA second paragraph."],
    ["date", "2026-11-20"],
    ["status", "in-progress"],
    ["decision", "partially-accepted"],
    ["due", "2027-03"],
    ["reason", "The plan is being rewritten"],
    ["links", "Members' bulletin = https://example.org/bulletin.pdf"],
  ]);
  const res = await save(page);
  assert(res.status() === 303, `the save answered ${res.status()}`);
  await assertSavedBanner(page, REC_FILE);
  if (inGit) {
    const commit = await page.locator(".scrutiny-saved .scrutiny-commit").innerText();
    assert(commit.includes(`git add '${REC_FILE}'`) && commit.includes("git commit -m '"), `the banner offers a commit:\n${commit}`);
    const log = spawnSync("git", ["-C", web, "log", "--oneline"], { encoding: "utf8" });
    assert(log.status !== 0 || log.stdout.trim() === "", "nothing was committed");
  }
  assert(page.url().startsWith(base + REC_PAGE), `back on the recommendation page, not ${page.url()}`);
  assert((await page.locator("main").innerText()).includes("Circulated to all Members on 20 November."), "the page shows the update");
  await noAxeViolations(page, "the page with the saved banner");
  cli(byCli, [
    "update", `${REVIEW}/3`,
    "--note", "Circulated to all Members on 20 November.\n\nA second paragraph.",
    "--date", "2026-11-20", "--status", "in-progress", "--decision", "partially-accepted", "--due", "2027-03",
    "--reason", "The plan is being rewritten",
    "--link", "Members' bulletin=https://example.org/bulletin.pdf",
  ]);
  assert(read(web, REC_FILE) === read(byCli, REC_FILE), `the browser's file differs from the command line's:\n${read(web, REC_FILE)}`);
  assert(errors.length === 0, errors.join("\n"));
  await ctx.close();
});

await test("edit form: changes only the edited keys, as `scrutiny edit` does", async () => {
  const { page, ctx, errors } = await newPage();
  await openForm(page, base, REC_PAGE, "Edit this recommendation");
  await noAxeViolations(page, "the edit form");
  const title = page.locator("#f-title");
  assert((await title.inputValue()) === "Circulate the Communications Plan to Members", "the form holds the file's values");
  await fill(page, [
    ["title", "Circulate the Communications Plan"],
    ["lead_officers", "Communications Manager\nHead of Housing and Community Services"],
  ]);
  const res = await save(page);
  assert(res.status() === 303, `the save answered ${res.status()}`);
  await assertSavedBanner(page, REC_FILE);
  assert((await page.locator("h1").innerText()).includes("Circulate the Communications Plan"), "the page has the new title");
  cli(byCli, [
    "edit", `${REVIEW}/3`, "--title", "Circulate the Communications Plan",
    "--lead-officer", "Communications Manager", "--lead-officer", "Head of Housing and Community Services",
  ]);
  assert(read(web, REC_FILE) === read(byCli, REC_FILE), `the browser's file differs from the command line's:\n${read(web, REC_FILE)}`);
  assert(errors.length === 0, errors.join("\n"));
  await ctx.close();
});

await test("new recommendation form (JavaScript off): writes what `scrutiny new recommendation` writes", async () => {
  const { page, ctx } = await newPage({ javaScript: false });
  await openForm(page, base, `${REVIEW}/`, "Add a recommendation");
  await fill(page, [
    ["title", "Lighting survey"],
    ["number", "16"],
    ["recommendation", "That the council surveys street lighting in the town centre."],
    ["lead_officers", "Head of Regeneration"],
    ["decision", "accepted"],
    ["response", "Agreed; the survey is planned for spring."],
    ["due", "2027-04"],
    ["financial_impact", "Within existing budgets"],
  ]);
  const res = await save(page);
  assert(res.status() === 303, `the save answered ${res.status()}`);
  const file = `content/${REVIEW}/recommendations/16-lighting-survey.md`;
  await assertSavedBanner(page, file);
  assert(page.url().startsWith(`${base}${REVIEW}/recommendations/16/`), `on the new page, not ${page.url()}`);
  cli(byCli, [
    "new", "recommendation", REVIEW, "Lighting survey", "--number", "16",
    "--text", "That the council surveys street lighting in the town centre.",
    "--lead-officer", "Head of Regeneration", "--decision", "accepted",
    "--response", "Agreed; the survey is planned for spring.", "--due", "2027-04",
    "--financial-impact", "Within existing budgets",
  ]);
  assert(read(web, file) === read(byCli, file), `the browser's file differs from the command line's:\n${read(web, file)}`);
  await ctx.close();
});

await test("new review form: writes what `scrutiny new review` writes", async () => {
  const { page, ctx, errors } = await newPage({ width: 375 });
  await openForm(page, base, "", "Add a review");
  await noAxeViolations(page, "the new review form at 375px");
  await fill(page, [
    ["title", "Parking enforcement"],
    ["committee", "Overview and Scrutiny Committee"],
    ["date", "2026-10"],
    ["reported_to", "Cabinet"],
  ]);
  const res = await save(page);
  assert(res.status() === 303, `the save answered ${res.status()}`);
  const file = "content/parking-enforcement/_review.md";
  await assertSavedBanner(page, file);
  cli(byCli, ["new", "review", "Parking enforcement", "--committee", "Overview and Scrutiny Committee", "--date", "2026-10", "--reported-to", "Cabinet"]);
  assert(read(web, file) === read(byCli, file), `the browser's file differs from the command line's:\n${read(web, file)}`);
  assert(errors.length === 0, errors.join("\n"));
  await ctx.close();
});

await test("bad input: the error summary is focused, links to each field, passes axe, and nothing is written", async () => {
  const before = read(web, REC_FILE);
  const { page, ctx, errors } = await newPage({ width: 375 });
  await openForm(page, base, REC_PAGE, "Add a progress update");
  await fill(page, [
    ["note", "   "],
    ["status", "in-progress"],
    ["due", "2027-13"],
  ]);
  const res = await save(page);
  assert(res.status() === 400, `a refused save answers 400, not ${res.status()}`);
  assert((await page.title()).startsWith("Error: "), `the title says there is an error: ${await page.title()}`);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.innerText);
  assert(focused && focused.includes("There is a problem"), `the error summary has focus (focused: ${focused})`);
  const links = await page.locator("[data-scrutiny-errors] a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const id of ["#f-note", "#f-due"]) assert(links.includes(id), `the summary links to ${id} (${links.join(", ")})`);
  await page.locator("[data-scrutiny-errors] a[href='#f-due']").click();
  assert(await page.evaluate(() => document.activeElement.id === "f-due"), "its link moves to the field");
  assert((await page.locator("#f-due").inputValue()) === "2027-13", "what was typed is kept");
  await noAxeViolations(page, "the form with errors at 375px");
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert(!wide, "the form with errors scrolls sideways at 375px");
  assert(read(web, REC_FILE) === before, "the file is byte-identical");
  assert(errors.length === 0, errors.join("\n"));
  await ctx.close();
});

await test("each form reflows at 320px and is reached by keyboard from the editor bar", async () => {
  const { page, ctx } = await newPage({ width: 320 });
  for (const [from, label] of [[REC_PAGE, "Add a progress update"], [REC_PAGE, "Edit this recommendation"], [`${REVIEW}/`, "Add a recommendation"], ["", "Add a review"]]) {
    await openForm(page, base, from, label);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert(!wide, `"${label}" scrolls sideways at 320px`);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll(".scrutiny-editor input:not([type=hidden]), .scrutiny-editor textarea, .scrutiny-editor select")]
        .filter((el) => !el.labels || el.labels.length === 0)
        .map((el) => el.name),
    );
    assert(unlabelled.length === 0, `"${label}": fields with no label: ${unlabelled.join(", ")}`);
  }
  // The editor bar's first link is reached with Tab, after the skip link and the header.
  await page.goto(base + REC_PAGE, { waitUntil: "load" });
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.closest(".scrutiny-editbar") !== null);
  }
  assert(reached, "the editor bar is reached with the Tab key");
  await ctx.close();
});

await test("a file changed on disk after the form was opened is not overwritten", async () => {
  const { page, ctx } = await newPage();
  await openForm(page, base, REC_PAGE, "Add a progress update");
  const file = path.join(web, REC_FILE);
  const edited = fs.readFileSync(file, "utf8").replace(/^title: .*$/m, "title: Changed in another editor");
  fs.writeFileSync(file, edited);
  await fill(page, [["note", "Typed in the form."]]);
  const res = await save(page);
  assert(res.status() === 409, `the save answered ${res.status()}, not 409`);
  const text = await page.locator("main").innerText();
  assert(text.includes("changed after the form was opened"), `the page says why:\n${text}`);
  assert((await page.locator("#f-note").inputValue()) === "Typed in the form.", "what was typed is kept");
  assert(fs.readFileSync(file, "utf8") === edited, "the other edit stands");
  await ctx.close();
});

await test("a form posted from a page of another origin is refused and writes nothing", async () => {
  const before = read(web, REC_FILE);
  const { page, ctx } = await newPage();
  // The token is taken from the real form, so only the origin is wrong.
  await openForm(page, base, REC_PAGE, "Add a progress update");
  const token = await page.locator("input[name=token]").inputValue();
  const action = await page.locator(".scrutiny-editor form").getAttribute("action");
  const target = new URL(action || "", page.url()).href;
  const other = fs.mkdtempSync(path.join(os.tmpdir(), "scrutiny-other-"));
  fs.writeFileSync(path.join(other, "index.html"), "<!doctype html><title>Elsewhere</title><p>Another site</p>");
  const elsewhere = await serve({ root: other, prefix: "/", port: 0 });
  try {
    await page.goto(elsewhere.url, { waitUntil: "load" });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.evaluate(([target, token]) => {
        const f = document.createElement("form");
        f.method = "post";
        f.action = target;
        for (const [k, v] of [["token", token], ["note", "Posted from another site."]]) {
          const i = document.createElement("input");
          i.type = "hidden";
          i.name = k;
          i.value = v;
          f.append(i);
        }
        document.body.append(f);
        f.submit();
      }, [target, token]),
    ]);
    assert(res.status() === 403, `a cross-origin post answered ${res.status()}`);
  } finally {
    await elsewhere.close();
  }
  assert(read(web, REC_FILE) === before, "nothing was written");
  await ctx.close();
});

if (SHOTS) {
  await test("screenshots of the update form", async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const shotSite = exampleCopy();
    const shotServer = await preview(shotSite);
    try {
      for (const width of [375, 1280]) {
        const { page, ctx } = await newPage({ width });
        await openForm(page, shotServer.url, REC_PAGE, "Add a progress update");
        const file = path.join(SHOTS, `editor-update-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`     wrote ${path.relative(REPO, file)}`);
        await ctx.close();
      }
    } finally {
      shotServer.stop();
      fs.rmSync(shotSite, { recursive: true, force: true });
    }
  });
}

server.stop();
const readOnly = await preview(exampleCopy(), ["--read-only"]);
await test("--read-only: no editor bar, and the forms answer 404", async () => {
  const { page, ctx } = await newPage();
  await page.goto(readOnly.url + REC_PAGE, { waitUntil: "load" });
  assert((await page.locator(".scrutiny-editbar").count()) === 0, "no editor bar");
  const res = await page.goto(`${readOnly.url}__scrutiny/edit/update/${REC_PAGE}`);
  assert(res.status() === 404, `the form answered ${res.status()}`);
  await ctx.close();
});
readOnly.stop();
await browser.close();
for (const dir of [web, byCli]) fs.rmSync(dir, { recursive: true, force: true });

console.log(`\n${failures.length ? `${failures.length} FAILED` : "all passed"}`);
for (const f of failures) console.log(`\nFAIL ${f}`);
process.exit(failures.length ? 1 : 0);
