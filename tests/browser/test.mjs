// End-to-end tests of the built example site in headless Debian Chromium (driven by
// playwright-core; no browser is downloaded). Run through tests/browser/run.sh, which builds
// nothing: it serves public/ (built by `scrutiny build`) under /scrutiny/ on 127.0.0.1.
//
// Environment:
//   SITE_URL   the served site, e.g. http://127.0.0.1:PORT/scrutiny/ (default: serve SITE_DIR here)
//   SITE_DIR   the built site (default: public/ at the repository root)
//   CHROMIUM   the browser binary (default: /usr/bin/chromium)
//   ONLY       run only the tests whose name contains this text
//
// Every test runs even when an earlier one failed; the summary at the end lists each failure and
// the process exits non-zero if there was any.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const SITE_DIR = path.resolve(process.env.SITE_DIR || path.join(REPO, "public"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_PATH = require.resolve("axe-core");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

// ---------------------------------------------------------------- the example site's data

// The site-wide file has a record per recommendation without the long texts (response,
// updates); each review's own file has every field.
const summaries = JSON.parse(fs.readFileSync(path.join(SITE_DIR, "data/recommendations.json"), "utf8"));
if (!Array.isArray(summaries) || summaries.length === 0) throw new Error(`${SITE_DIR}/data/recommendations.json has no records`);
const recs = [...new Set(summaries.map((r) => r.review))].flatMap((review) => JSON.parse(fs.readFileSync(path.join(SITE_DIR, "data", `${review}.json`), "utf8")));
if (recs.length !== summaries.length) throw new Error("the review files hold other records than the site-wide file");
/** Site-relative path of a recommendation, e.g. "safety-in-the-town-centre/recommendations/4/". */
const PREFIX = prefixOf(recs[0].url);
const relOf = (absUrl) => new URL(absUrl).pathname.slice(PREFIX.length);
const rec = (n) => {
  const r = recs.find((x) => String(x.number) === String(n));
  if (!r) throw new Error(`the example site has no recommendation ${n}`);
  return r;
};
const REVIEW = recs[0].review;
const REVIEW_TITLE = recs[0].review_title;
const THEME = rec(12).theme; // "member-engagement"
const THEME_TITLE = rec(12).theme_title;
const STATUS = "in-progress";
const PERSON = "Communications Manager";

function prefixOf(absUrl) {
  // base_url's path: the URL of a recommendation less "<review>/recommendations/<n>/".
  const p = new URL(absUrl).pathname;
  const m = p.match(/[^/]+\/recommendations\/[^/]+\/$/);
  return m ? p.slice(0, m.index) : "/";
}

/** Lowercased words only: compares text across Markdown, entities and typographic quotes. */
function words(s) {
  return ` ${String(s)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’‘'`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;
}

// ---------------------------------------------------------------- the page types

/** Checks run on a page (with or without JavaScript) that prove its main content is there. */
const numbersLinked = (page) =>
  page.$$eval("main a[href*='/recommendations/']", (as) =>
    [...new Set(as.map((a) => (a.getAttribute("href").match(/\/recommendations\/([^/]+)\/$/) || [])[1]).filter(Boolean))],
  );

function expectNumbers(bad, got, want, what) {
  const g = new Set(got.map(String));
  const missing = want.map(String).filter((n) => !g.has(n));
  const extra = [...g].filter((n) => !want.map(String).includes(n));
  if (missing.length) bad.push(`${what}: recommendations not linked: ${missing.join(", ")}`);
  if (extra.length) bad.push(`${what}: recommendations linked that should not be: ${extra.join(", ")}`);
}

const PAGES = [
  {
    name: "home",
    path: "",
    h1: /tracker/i,
    async content(page, bad) {
      const main = await page.innerText("main");
      if (!words(main).includes(words(REVIEW_TITLE))) bad.push(`home: the review "${REVIEW_TITLE}" is not shown`);
      if (!(await page.$(`main a[href$="/${REVIEW}/"]`))) bad.push("home: no link to the review dashboard");
      // The home page lists the first few of every flag's list: everything overdue or awaiting a
      // response in the example, and nothing that carries no flag.
      const linked = (await numbersLinked(page)).map(String);
      const flagged = recs.filter((r) => r.overdue || r.awaiting_response || r.stale || r.no_target_date).map((r) => String(r.number));
      const unflagged = linked.filter((n) => !flagged.includes(n));
      if (unflagged.length) bad.push(`home: recommendations with no flag linked: ${unflagged.join(", ")}`);
      const urgent = recs.filter((r) => r.overdue || r.awaiting_response).map((r) => String(r.number));
      const missing = urgent.filter((n) => !linked.includes(n));
      if (missing.length) bad.push(`home: overdue or awaiting recommendations not linked: ${missing.join(", ")}`);
    },
  },
  {
    name: "review dashboard",
    path: `${REVIEW}/`,
    h1: new RegExp(REVIEW_TITLE, "i"),
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.map((r) => r.number), "review");
      const main = words(await page.innerText("main"));
      for (const r of recs) if (!main.includes(words(r.title))) bad.push(`review: title of ${r.number} ("${r.title}") missing`);
      if (!(await page.$("main svg[role='img'][aria-label]"))) bad.push("review: no progress chart with a text equivalent");
    },
  },
  {
    name: "theme",
    path: `${REVIEW}/themes/${THEME}/`,
    h1: new RegExp(THEME_TITLE, "i"),
    async content(page, bad) {
      const main = words(await page.innerText("main"));
      if (!main.includes(words(rec(12).theme_outcome))) bad.push("theme: its intended outcome is missing");
      expectNumbers(bad, await numbersLinked(page), recs.filter((r) => r.theme === THEME).map((r) => r.number), "theme");
    },
  },
  {
    name: "recommendation",
    path: relOf(rec(4).url),
    h1: /Recommendation 4\b.*Borough Insight/i,
    async content(page, bad) {
      const r = rec(4);
      const main = words(await page.innerText("main"));
      if (!main.includes(words(r.recommendation))) bad.push("recommendation 4: the committee's words are missing");
      if (!main.includes(words(r.response))) bad.push("recommendation 4: the officer response is missing");
      if (!(await page.$("main blockquote"))) bad.push("recommendation 4: the committee's words are not a blockquote");
      if (!(await page.$("main .tag"))) bad.push("recommendation 4: no status tag");
      for (const who of [...r.cabinet_members, ...r.lead_officers]) {
        const a = await page.$(`main a[href*="/people/"]:has-text("${who}")`);
        if (!a) bad.push(`recommendation 4: no link to ${who}'s page`);
      }
      if (!(await page.$("main time[datetime]"))) bad.push("recommendation 4: no <time datetime> for the target date");
      if (!(await page.$("a[rel=prev]")) || !(await page.$("a[rel=next]"))) bad.push("recommendation 4: no previous/next links");
    },
  },
  {
    name: "recommendation (Youth Forum)",
    path: relOf(rec(10).url),
    h1: /Recommendation 10\b.*Youth Forum/i,
    async content(page, bad) {
      const main = words(await page.innerText("main"));
      if (!main.includes(words(rec(10).recommendation))) bad.push("recommendation 10: the committee's words are missing");
    },
  },
  {
    name: "person",
    path: `people/${slug(PERSON)}/`,
    h1: new RegExp(PERSON, "i"),
    async content(page, bad) {
      const owns = recs.filter((r) => r.cabinet_members.includes(PERSON) || r.lead_officers.includes(PERSON)).map((r) => r.number);
      expectNumbers(bad, await numbersLinked(page), owns, "person");
    },
  },
  {
    name: "people",
    path: "people/",
    h1: /people/i,
    async content(page, bad) {
      const main = words(await page.innerText("main"));
      const everyone = new Set(recs.flatMap((r) => [...r.cabinet_members, ...r.lead_officers]));
      for (const who of everyone) if (!main.includes(words(who))) bad.push(`people: ${who} missing`);
    },
  },
  {
    name: "committee report",
    path: `${REVIEW}/report/`,
    h1: /report/i,
    async content(page, bad) {
      const heads = (await page.$eval("main table", (t) => [...t.tHead.rows[t.tHead.rows.length - 1].cells].map((c) => c.textContent.trim()))).join(" · ");
      const want = "Recommendation & intended outcome · Cabinet Member · Financial impact · Officer response · Lead officer · Status";
      if (heads !== want) bad.push(`report: columns are "${heads}", expected "${want}"`);
      const main = words(await page.innerText("main"));
      for (const r of recs) if (!main.includes(words(r.recommendation))) bad.push(`report: the words of recommendation ${r.number} are missing`);
      for (const t of new Set(recs.map((r) => r.theme_outcome))) if (!main.includes(words(t))) bad.push(`report: theme outcome "${t.slice(0, 40)}…" missing`);
      // Each row's first column holds the committee's words and its theme's intended outcome;
      // the status column states the timetable once.
      const rows = await page.$$eval("main table tbody tr", (trs) => trs.map((tr) => ({ id: tr.id, first: tr.cells[0].innerText, status: tr.cells[tr.cells.length - 1].innerText })));
      for (const r of recs) {
        const row = rows.find((x) => x.id === `r${r.number}`);
        if (!row) {
          bad.push(`report: no row for recommendation ${r.number}`);
          continue;
        }
        if (!words(row.first).includes(words(r.recommendation))) bad.push(`report: the first column of row ${r.number} lacks the recommendation`);
        if (r.theme_outcome && !words(row.first).includes(words(r.theme_outcome))) bad.push(`report: the first column of row ${r.number} lacks its theme's intended outcome`);
        const target = (row.status.match(/Target:[^\n]*/) || [""])[0];
        if (r.timetable && words(target).split(words(r.timetable).trim()).length > 2) bad.push(`report: row ${r.number} repeats its timetable: "${target}"`);
      }
    },
  },
  {
    name: "status filter",
    path: `status/${STATUS}/`,
    h1: /in progress/i,
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.filter((r) => r.current_status === STATUS).map((r) => r.number), "status filter");
    },
  },
  {
    name: "review status filter",
    path: `${REVIEW}/status/${STATUS}/`,
    h1: /in progress/i,
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.filter((r) => r.current_status === STATUS).map((r) => r.number), "review status filter");
    },
  },
  {
    name: "overdue",
    path: "overdue/",
    h1: /overdue/i,
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.filter((r) => r.overdue).map((r) => r.number), "overdue");
    },
  },
  {
    name: "awaiting response",
    path: "awaiting-response/",
    h1: /awaiting/i,
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.filter((r) => r.awaiting_response).map((r) => r.number), "awaiting response");
    },
  },
  {
    name: "updates",
    path: "updates/",
    h1: /updates/i,
    async content(page, bad) {
      const withUpdates = recs.filter((r) => r.updates && r.updates.length).map((r) => r.number);
      if (withUpdates.length) expectNumbers(bad, await numbersLinked(page), withUpdates, "updates");
      else if (!/no updates/i.test(await page.innerText("main"))) bad.push("updates: no updates and no message saying so");
    },
  },
  {
    name: "search",
    path: "search/",
    h1: /search/i,
    async content(page, bad, js) {
      if (!(await page.$("main form[method=get] input[name=q]"))) bad.push("search: no GET form with a q field");
      if (!(await page.$("#search-status[role=status]"))) bad.push("search: no role=status message");
      if (js) return;
      // Without JavaScript: the noscript guidance is shown and links every status and review page.
      if (!(await page.getByText(/Search needs JavaScript/i).isVisible().catch(() => false))) bad.push("search: the no-JavaScript guidance is not shown");
      const links = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
      for (const s of new Set(recs.map((r) => r.current_status))) if (!links.some((h) => h.endsWith(`/status/${s}/`))) bad.push(`search: no-JavaScript guidance does not link the "${s}" page`);
      if (!links.some((h) => h.endsWith(`/${REVIEW}/`))) bad.push("search: no-JavaScript guidance does not link the review");
      if (!links.some((h) => h.endsWith("/people/"))) bad.push("search: no-JavaScript guidance does not link the people page");
      if (await page.locator("[data-search-js]:visible").count()) bad.push("search: the script-only selects are shown without JavaScript");
      if (!links.some((h) => h.endsWith("/search/all/"))) bad.push("search: no-JavaScript guidance does not link the list of every recommendation");
      // The guidance comes first, before the form that cannot work.
      const first = await page.evaluate(() => {
        const n = document.querySelector("main noscript"), f = document.querySelector("main form");
        return !!(n && f && n.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      if (!first) bad.push("search: the no-JavaScript guidance does not come before the search form");
    },
  },
  {
    name: "every recommendation",
    path: "search/all/",
    h1: /every recommendation/i,
    async content(page, bad) {
      expectNumbers(bad, await numbersLinked(page), recs.map((r) => r.number), "every recommendation");
    },
  },
  {
    name: "accessibility statement",
    path: "accessibility/",
    h1: /accessibility/i,
    async content(page, bad) {
      if (!/WCAG/i.test(await page.innerText("main"))) bad.push("accessibility statement: does not mention WCAG");
    },
  },
  {
    name: "404",
    path: "no-such-page/",
    status: 404,
    h1: /not found/i,
    async content(page, bad) {
      if (!(await page.$(`main a[href="${PREFIX}"], main a[href="${PREFIX}index.html"]`))) bad.push("404: no link back to the home page");
    },
  },
];

function slug(s) {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// ---------------------------------------------------------------- a small test runner

const results = [];
const only = process.env.ONLY || "";

async function test(name, fn, { always = false } = {}) {
  if (only && !always && !name.includes(only)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name}  (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false, err });
    console.log(`FAIL  ${name}  (${Date.now() - t0} ms)\n${indent(err && err.message ? err.message : String(err))}`);
  }
}

function indent(s) {
  return String(s)
    .split("\n")
    .map((l) => `        ${l}`)
    .join("\n");
}

function fail(bad) {
  if (bad.length) throw new Error(bad.join("\n"));
}

// ---------------------------------------------------------------- browser plumbing

const offsite = new Set(); // every request that was not for 127.0.0.1
const badResponses = []; // same-site responses >= 400 that no test asked for
const jsErrors = []; // uncaught exceptions and console errors
const EXPECTED_404 = "/no-such-page/";

async function newContext(browser, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", ...options });
  ctx.setDefaultTimeout(10_000);
  await ctx.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (/^(https?|wss?):$/.test(u.protocol) && u.hostname !== "127.0.0.1") {
      offsite.add(u.href);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  ctx.on("request", (req) => {
    const u = req.url();
    if (!/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(u)) offsite.add(u);
  });
  ctx.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes(EXPECTED_404)) badResponses.push(`${res.status()} ${res.url()}`);
  });
  ctx.on("weberror", (e) => jsErrors.push(`${e.page() ? e.page().url() : "?"}: ${e.error().message}`));
  ctx.on("console", (m) => {
    if (m.type() !== "error") return;
    const where = m.page() ? m.page().url() : "?";
    if (/Failed to load resource.*404/.test(m.text()) && where.includes(EXPECTED_404)) return;
    jsErrors.push(`${where}: console.error: ${m.text()}`);
  });
  return ctx;
}

async function open(ctx, url, { status = 200, width } = {}) {
  const page = await ctx.newPage();
  if (width) await page.setViewportSize({ width, height: 800 });
  const res = await page.goto(url, { waitUntil: "load" });
  if (!res) throw new Error(`${url}: no response`);
  if (res.status() !== status) throw new Error(`${url}: HTTP ${res.status()}, expected ${status}`);
  return page;
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), summary: (n.failureSummary || "").replace(/\s+/g, " ") })),
      })),
      incomplete: r.incomplete.map((v) => `${v.id}×${v.nodes.length}`),
      passes: r.passes.length,
    };
  }, AXE_TAGS);
}

function describeViolations(where, v) {
  return v
    .map(
      (x) =>
        `${where}: [${x.impact}] ${x.id}: ${x.help} (${x.nodes.length} element${x.nodes.length === 1 ? "" : "s"}; ${x.helpUrl})\n` +
        x.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary}`)
          .join("\n"),
    )
    .join("\n");
}

/** Heading structure, landmarks and language: the parts of WCAG axe leaves to "best practice". */
async function structure(page) {
  return page.evaluate(() => {
    const bad = [];
    const hs = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].filter((h) => !h.closest("noscript"));
    const h1s = hs.filter((h) => h.tagName === "H1");
    if (h1s.length !== 1) bad.push(`${h1s.length} h1 elements (want exactly one)`);
    let prev = 0;
    for (const h of hs) {
      const l = Number(h.tagName[1]);
      if (prev && l > prev + 1) bad.push(`heading level skips from h${prev} to h${l} at "${h.textContent.trim().slice(0, 50)}"`);
      prev = l;
    }
    if (document.querySelectorAll("main").length !== 1) bad.push("not exactly one <main>");
    if (!document.querySelector("header, [role=banner]")) bad.push("no banner landmark");
    if (!document.querySelector("nav, [role=navigation]")) bad.push("no navigation landmark");
    if (!document.documentElement.lang) bad.push("no lang on <html>");
    if (!document.title.trim()) bad.push("empty <title>");
    return { bad, h1: h1s.length ? h1s[0].textContent.replace(/\s+/g, " ").trim() : "", lang: document.documentElement.lang };
  });
}

/** Runs in a page under print media: every tag and flag that prints must show its text in a
 *  colour with a contrast ratio of at least 4.5 against its background (transparent counts as the
 *  paper's white) and against white, since browsers do not print backgrounds by default. */
function printedTags() {
  const parse = (c) => {
    const m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
    return m ? { rgb: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ([r, g, b]) =>
    [r, g, b].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => {
    const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const WHITE = [255, 255, 255];
  const bad = [];
  let checked = 0;
  for (const el of document.querySelectorAll(".tag, .flag, [class*='tag--'], [class*='flag--']")) {
    if (el.classList.contains("swatch")) continue; // a colour key beside a text label: no text of its own
    if (!el.getClientRects().length || getComputedStyle(el).visibility !== "visible") continue; // not printed
    const s = getComputedStyle(el);
    const what = `<${el.tagName.toLowerCase()} class="${el.className}">${el.textContent.trim().slice(0, 30)}`;
    const fg = parse(s.color);
    const bg = parse(s.backgroundColor);
    checked++;
    if (!el.innerText.trim()) bad.push(`${what}: no visible text`);
    if (!fg || !bg) {
      bad.push(`${what}: cannot read colours "${s.color}" on "${s.backgroundColor}"`);
      continue;
    }
    const back = bg.a === 0 ? WHITE : bg.rgb;
    if (fg.a < 1) bad.push(`${what}: translucent text ${s.color}`);
    const onBack = ratio(fg.rgb, back);
    const onWhite = ratio(fg.rgb, WHITE);
    if (fg.rgb.join() === back.join()) bad.push(`${what}: text and background are both ${s.color}`);
    else if (onBack < 4.5) bad.push(`${what}: contrast ${onBack.toFixed(2)} for ${s.color} on ${s.backgroundColor}`);
    else if (onWhite < 4.5) bad.push(`${what}: contrast ${onWhite.toFixed(2)} for ${s.color} on white paper (backgrounds are not printed by default)`);
  }
  return { bad, checked };
}

// ---------------------------------------------------------------- the tests

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`FAIL: Chromium not found at ${CHROMIUM}. Install it: apt-get install -y chromium`);
    process.exit(2);
  }
  let server = null;
  let SITE = process.env.SITE_URL;
  if (!SITE) {
    server = await serve({ root: SITE_DIR, prefix: PREFIX });
    SITE = server.url;
  }
  if (!SITE.endsWith("/")) SITE += "/";
  if (new URL(SITE).pathname !== PREFIX) throw new Error(`SITE_URL ${SITE} is not served under base_url's path ${PREFIX}`);
  const at = (p) => new URL(p, SITE).href;
  console.log(`Testing ${SITE} (${SITE_DIR}) in ${CHROMIUM}`);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "scrutiny-chromium-"));
  // Playwright starts Chromium with a fresh temporary --user-data-dir of its own for launch();
  // TMPDIR points it at ours so nothing is left behind elsewhere.
  process.env.TMPDIR = profile;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  console.log(`Chromium ${browser.version()}, axe-core ${require("axe-core/package.json").version}\n`);
  const js = await newContext(browser);
  const nojs = await newContext(browser, { javaScriptEnabled: false });

  try {
    // -- The built site: every page is linked and every internal link resolves.
    await test("every page is reachable from the home page and every internal link resolves", async () => {
      const bad = [];
      const seen = new Map(); // url -> status
      const queue = [SITE];
      const origin = new URL(SITE).origin;
      while (queue.length) {
        const url = queue.shift();
        if (seen.has(url)) continue;
        const res = await fetch(url, { redirect: "manual" });
        seen.set(url, res.status);
        if (res.status !== 200) {
          bad.push(`${res.status} ${url}`);
          continue;
        }
        if (!(res.headers.get("content-type") || "").startsWith("text/html")) continue;
        const html = await res.text();
        for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
          const raw = m[1].replace(/&amp;/g, "&");
          if (/^(mailto|tel|data|javascript):/i.test(raw) || raw.startsWith("#")) continue;
          const u = new URL(raw, url);
          if (u.origin !== origin) continue; // canonical / og:url / evidence links elsewhere
          if (!u.pathname.startsWith(PREFIX)) {
            bad.push(`${url} links outside the site's path: ${raw}`);
            continue;
          }
          u.hash = "";
          u.search = "";
          if (!seen.has(u.href)) queue.push(u.href);
        }
      }
      const files = [];
      (function walk(dir) {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith(".html")) files.push(path.relative(SITE_DIR, p).split(path.sep).join("/"));
        }
      })(SITE_DIR);
      for (const f of files) {
        if (f === "404.html") continue;
        const u = at(f.replace(/(^|\/)index\.html$/, "$1"));
        if (seen.has(u)) continue;
        // A status page with nothing on it need not be linked (the dashboards link only non-zero counts).
        const st = f.match(/^(?:([^/]+)\/)?status\/([^/]+)\/index\.html$/);
        if (st && !recs.some((r) => r.current_status === st[2] && (!st[1] || r.review === st[1]))) {
          console.log(`        (not linked, and empty, so allowed: ${f})`);
          continue;
        }
        // Likewise a flag's list with nothing on it.
        const flags = {
          overdue: (r) => r.overdue,
          stale: (r) => r.stale,
          "awaiting-response": (r) => r.awaiting_response,
          "no-target-date": (r) => r.no_target_date,
          "no-decision": (r) => r.decision === "not-recorded",
          closed: (r) => r.closed_without_completion,
          withdrawn: (r) => r.withdrawn,
        };
        const fl = f.match(/^(?:([^/]+)\/)?(overdue|stale|awaiting-response|no-target-date|no-decision|closed|withdrawn)\/index\.html$/);
        if (fl && !recs.some((r) => flags[fl[2]](r) && (!fl[1] || r.review === fl[1]))) {
          console.log(`        (not linked, and empty, so allowed: ${f})`);
          continue;
        }
        bad.push(`not linked from any page: ${f}`);
      }
      console.log(`        ${seen.size} URLs fetched, ${files.length} HTML files in ${SITE_DIR}`);
      fail(bad);
    });

    // -- axe-core: zero WCAG 2.2 A/AA violations, at desktop and phone widths.
    for (const width of [1280, 375]) {
      for (const p of [...PAGES, { name: "search results", path: "search/?q=youth", h1: /search/i }]) {
        await test(`axe-core WCAG 2.2 A/AA at ${width}px: ${p.name}`, async () => {
          const page = await open(js, at(p.path), { status: p.status || 200, width });
          try {
            if (p.path.includes("?q=")) await waitForResults(page);
            const r = await runAxe(page);
            if (r.incomplete.length) console.log(`        needs review (not failed): ${r.incomplete.join(", ")}`);
            if (r.violations.length) throw new Error(describeViolations(p.path || "home", r.violations));
          } finally {
            await page.close();
          }
        });
      }
    }

    // -- Without JavaScript every page type shows its content.
    for (const p of PAGES) {
      await test(`no JavaScript: ${p.name} shows its content`, async () => {
        const page = await open(nojs, at(p.path), { status: p.status || 200 });
        try {
          const bad = [];
          const s = await structure(page);
          bad.push(...s.bad.map((b) => `${p.name}: ${b}`));
          if (!p.h1.test(s.h1)) bad.push(`${p.name}: h1 is "${s.h1}", expected ${p.h1}`);
          if (!(await page.locator("main").isVisible())) bad.push(`${p.name}: <main> is not visible`);
          if (p.content) await p.content(page, bad, false);
          fail(bad);
        } finally {
          await page.close();
        }
      });
    }

    // -- Layout: nothing scrolls sideways at 320px (WCAG 1.4.10 reflow).
    for (const p of [...PAGES, { name: "search results", path: "search/?q=police" }]) {
      await test(`320px wide without horizontal scrolling: ${p.name}`, async () => {
        const page = await open(js, at(p.path), { status: p.status || 200, width: 320 });
        try {
          if (p.path.includes("?q=")) await waitForResults(page);
          const r = await page.evaluate(() => {
            const de = document.documentElement;
            const W = de.clientWidth;
            const wide = [];
            if (de.scrollWidth > W + 1) {
              for (const el of document.body.querySelectorAll("*")) {
                const b = el.getBoundingClientRect();
                if (b.width === 0 || b.right <= W + 1) continue;
                let p = el.parentElement;
                let clipped = false;
                for (; p && p !== document.body; p = p.parentElement) {
                  const o = getComputedStyle(p).overflowX;
                  if (o !== "visible") { clipped = true; break; }
                }
                if (clipped) continue;
                const id = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : "");
                wide.push(`${id} (right edge ${Math.round(b.right)}px): "${el.textContent.trim().slice(0, 40)}"`);
              }
            }
            return { scrollWidth: de.scrollWidth, clientWidth: W, wide: wide.slice(0, 6) };
          });
          if (r.scrollWidth > 320 + 1)
            throw new Error(`scrollWidth ${r.scrollWidth}px at a 320px viewport; widest elements:\n  ${r.wide.join("\n  ")}`);
        } finally {
          await page.close();
        }
      });
    }

    // -- Keyboard: the skip link is the first Tab stop and moves focus to #main; focus is visible.
    for (const [ctxName, ctx] of [["JavaScript", js], ["no JavaScript", nojs]]) {
      for (const p of PAGES.filter((x) => ["home", "recommendation", "search", "review dashboard"].includes(x.name))) {
        await test(`keyboard (${ctxName}): skip link is the first Tab stop and focuses #main on ${p.name}`, async () => {
          const page = await open(ctx, at(p.path));
          try {
            const bad = [];
            await page.keyboard.press("Tab");
            const first = await page.evaluate(() => {
              const a = document.activeElement;
              const b = a.getBoundingClientRect();
              return {
                tag: a.tagName,
                cls: a.className,
                href: a.getAttribute("href"),
                text: a.textContent.trim(),
                visible: b.width > 0 && b.height > 0 && b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight,
              };
            });
            if (first.tag !== "A" || first.href !== "#main") bad.push(`first Tab stop is <${first.tag.toLowerCase()} class="${first.cls}" href="${first.href}">${first.text}, not the skip link`);
            else if (!first.visible) bad.push("the skip link is not visible when focused");
            await page.keyboard.press("Enter");
            await page.waitForFunction(() => document.activeElement && document.activeElement.id === "main", null, { timeout: 3000 }).catch(() => {});
            const focused = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
            if (focused !== "main") bad.push(`after the skip link, focus is on ${focused}, not #main`);
            await page.keyboard.press("Tab");
            const inMain = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
            if (!inMain) bad.push("the Tab after the skip link does not land inside <main>");
            fail(bad);
          } finally {
            await page.close();
          }
        });
      }
    }

    for (const p of PAGES.filter((x) => ["home", "recommendation", "review dashboard", "search"].includes(x.name))) {
      await test(`keyboard: every Tab stop has a visible focus indicator on ${p.name}`, async () => {
        const page = await open(js, at(p.path));
        try {
          await page.evaluate(() => {
            window.__sig = (el) => {
              const s = getComputedStyle(el);
              return [s.outlineStyle === "none" || s.outlineWidth === "0px" ? "" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.borderColor, s.transform].join("|");
            };
            window.__stops = [];
          });
          const n = await page.evaluate(() => document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])").length);
          for (let i = 0; i < Math.min(n + 1, 80); i++) {
            await page.keyboard.press("Tab");
            const done = await page.evaluate(() => {
              const el = document.activeElement;
              if (!el || el === document.body) return true;
              if (window.__stops.length && window.__stops[0].el === el) return true; // wrapped round
              window.__stops.push({ el, focused: window.__sig(el) });
              return false;
            });
            if (done) break;
          }
          await page.evaluate(() => document.activeElement && document.activeElement.blur());
          const bad = await page.evaluate(() =>
            window.__stops
              .filter((s) => window.__sig(s.el) === s.focused)
              .map((s) => `<${s.el.tagName.toLowerCase()}${s.el.id ? ` id="${s.el.id}"` : ""}> "${(s.el.textContent || s.el.getAttribute("aria-label") || s.el.name || "").trim().slice(0, 40)}" looks the same focused and unfocused`),
          );
          const count = await page.evaluate(() => window.__stops.length);
          if (count < 3) bad.push(`only ${count} Tab stops found`);
          fail(bad);
        } finally {
          await page.close();
        }
      });
    }

    // -- Print: tags and flags legible in black and white; the committee report a readable paper.
    for (const p of PAGES.filter((x) => ["home", "review dashboard", "recommendation", "committee report"].includes(x.name))) {
      await test(`print: every tag and flag has legible text on ${p.name}`, async () => {
        const page = await open(js, at(p.path));
        try {
          await page.emulateMedia({ media: "print" });
          const r = await page.evaluate(printedTags);
          const bad = r.bad.map((b) => `${p.name}: ${b}`);
          if (r.checked === 0) bad.push(`${p.name}: no tag or flag found to check`);
          console.log(`        ${r.checked} tags and flags checked`);
          fail(bad);
        } finally {
          await page.close();
        }
      });
    }

    await test("print: the committee report has 10pt text, whole rows, repeated headers and named statuses", async () => {
      const page = await open(js, at(`${REVIEW}/report/`));
      try {
        await page.emulateMedia({ media: "print" });
        const r = await page.evaluate(() => {
          const bad = [];
          const table = document.querySelector("main table");
          const px = (el) => parseFloat(getComputedStyle(el).fontSize);
          const cells = [...table.tBodies[0].querySelectorAll("td")];
          const small = cells.filter((td) => px(td) < 13.33);
          if (small.length) bad.push(`${small.length} body cells are smaller than 10pt (13.33px), e.g. ${px(small[0])}px`);
          for (const el of [table, ...cells]) {
            const s = getComputedStyle(el);
            if (s.hyphens === "auto" || s.wordBreak === "break-all" || s.overflowWrap === "anywhere") {
              bad.push(`<${el.tagName.toLowerCase()}> can break words mid-word in print (hyphens ${s.hyphens}, word-break ${s.wordBreak}, overflow-wrap ${s.overflowWrap})`);
              break;
            }
          }
          if (getComputedStyle(table.tHead).display !== "table-header-group") bad.push("the table header is not repeated on each page (thead is not a table-header-group)");
          const running = table.tHead.rows[0];
          if (getComputedStyle(running).display === "none" || !/as of/i.test(running.innerText)) bad.push("the table has no running header with the position date");
          const rows = [...table.tBodies[0].rows];
          const split = rows.filter((tr) => !tr.classList.contains("report__long") && getComputedStyle(tr).breakInside !== "avoid");
          if (split.length) bad.push(`rows that may split across pages: ${split.map((tr) => tr.id).join(", ")}`);
          const forced = [...document.querySelectorAll("main *")].filter((el) => /^(page|always|left|right)$/.test(getComputedStyle(el).breakBefore));
          if (forced.length) bad.push(`forced page breaks before ${forced.length} elements`);
          const statusCol = [...table.tHead.rows[table.tHead.rows.length - 1].cells].findIndex((th) => /status/i.test(th.textContent));
          for (const tr of rows) {
            const td = tr.cells[statusCol];
            const tag = td && td.querySelector(".tag");
            const box = tag && tag.getBoundingClientRect();
            if (!td || !td.innerText.trim()) bad.push(`${tr.id}: the status cell is empty`);
            else if (!tag || !tag.innerText.trim() || box.width === 0 || box.height === 0) bad.push(`${tr.id}: the status cell has no visible status`);
          }
          if (!/position as of/i.test(document.querySelector("main").innerText)) bad.push("the position date is not on the first page");
          return { bad, fontSize: px(cells[0]), rows: rows.length };
        });
        console.log(`        body cells ${r.fontSize}px (${((r.fontSize * 72) / 96).toFixed(1)}pt), ${r.rows} rows`);
        fail(r.bad);
      } finally {
        await page.close();
      }
    });

    await test("print: the committee report as an A4 landscape PDF, numbered and dated on its first page", async () => {
      const page = await open(js, at(`${REVIEW}/report/`));
      try {
        const bad = [];
        const dir = process.env.PRINT_OUT ? path.resolve(process.env.PRINT_OUT) : fs.mkdtempSync(path.join(profile, "print-"));
        fs.mkdirSync(dir, { recursive: true });
        const pdf = path.join(dir, "report.pdf");
        await page.pdf({ path: pdf, format: "A4", landscape: true, printBackground: false });
        const pages = (fs.readFileSync(pdf, "latin1").match(/\/Type\s*\/Page\b/g) || []).length;
        console.log(`        ${pdf}: ${pages} pages`);
        if (pages < 1) bad.push("the PDF has no pages");
        const tool = (name, args) => {
          const r = spawnSync(name, args, { encoding: "utf8" });
          if (r.error && r.error.code === "ENOENT") {
            console.log(`        skipped ${name}: not installed (apt-get install -y poppler-utils)`);
            return null;
          }
          if (r.status !== 0) bad.push(`${name} ${args.join(" ")} failed: ${r.stderr}`);
          return r.stdout;
        };
        const first = tool("pdftotext", ["-f", "1", "-l", "1", "-layout", pdf, "-"]);
        if (first !== null) {
          if (!new RegExp(`Page 1 of ${pages}\\b`).test(first)) bad.push(`page 1 does not say "Page 1 of ${pages}"`);
          const today = await page.$eval("main dd time", (t) => t.textContent.trim()); // "Position as of"
          if (!first.includes(today)) bad.push(`page 1 does not show the position date (${today})`);
          if (!/Recommendation 1\b/.test(first)) bad.push("page 1 has no row of the table");
        }
        if (tool("pdftoppm", ["-f", "1", "-l", "1", "-r", "60", "-singlefile", "-png", pdf, path.join(dir, "report-page-1")]) !== null)
          console.log(`        first page: ${path.join(dir, "report-page-1.png")}`);
        fail(bad);
      } finally {
        await page.close();
      }
    });

    // -- Search: ordinary pages load no search file.
    await test("search: ordinary pages load no search file", async () => {
      const bad = [];
      for (const p of PAGES.filter((x) => x.name !== "search" && x.name !== "404")) {
        const page = await js.newPage();
        const urls = [];
        page.on("request", (r) => urls.push(r.url()));
        await page.goto(at(p.path), { waitUntil: "load" });
        await page.waitForTimeout(50);
        // The index lives in search/ (and the page of every title, search/all/, is itself an ordinary page).
        for (const u of urls) if (u !== at(p.path) && /\/search\/|search\.js/.test(new URL(u).pathname)) bad.push(`${p.name} loaded ${u}`);
        await page.close();
      }
      fail(bad);
    });

    // -- Search: the client.
    await test("search: ?q=youth finds the Youth Forum recommendation, highlighted, with a status message", async () => {
      const page = await open(js, at("search/?q=youth"));
      try {
        const bad = [];
        const { status, results } = await waitForResults(page);
        if (!results.length) fail([`no results; status says "${status}"`]);
        if (results[0].number !== "10") bad.push(`first result is ${results[0].number} ("${results[0].text}"), expected 10 (Youth Forum)`);
        const ten = results.find((r) => r.number === "10");
        if (ten && !ten.marks.some((m) => /youth/i.test(m))) bad.push(`result 10's title has no <mark> on "Youth" (marks: ${JSON.stringify(ten.marks)})`);
        const m = status.match(/^(\d+) results? for ‘youth’/);
        if (!m) bad.push(`status message is "${status}", expected "N result(s) for ‘youth’"`);
        else if (Number(m[1]) !== results.length) bad.push(`status says ${m[1]} results but ${results.length} are listed`);
        if (await page.inputValue("#search-q") !== "youth") bad.push("the search field does not show the query");
        const live = await page.getAttribute("#search-results", "aria-live");
        if (live && live !== "off") bad.push(`#search-results is a live region (aria-live=${live}); only the status message should be`);
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: the header search box on every page submits to the search page", async () => {
      const page = await open(js, at(relOf(rec(4).url)));
      try {
        await page.fill("#header-q", "youth forum");
        await Promise.all([page.waitForURL(/\/search\/\?q=youth(\+|%20)forum/), page.press("#header-q", "Enter")]);
        const { results, status } = await waitForResults(page);
        if (!results.length || results[0].number !== "10") throw new Error(`"youth forum" from the header: first result ${results[0] && results[0].number}, status "${status}"; expected 10`);
      } finally {
        await page.close();
      }
    });

    // Relevance: queries a resident would type, with the results they expect first.
    //   first: the first result; top: these are the first results, in any order;
    //   exactly: these and no others; includes: these are among the results.
    const HOW = { first: "first is", top: "first are", exactly: "finds exactly", includes: "finds" };
    for (const [q, want, how] of [
      ["communications manager", ["3", "4", "8"], "top"], // the lead officer's title, side by side
      ["press office", ["1"], "first"],
      ['"press office"', ["1"], "exactly"], // a quoted phrase is exact
      ["youth forum", ["10"], "first"],
      ["Youth Forum", ["10"], "first"],
      ["my community voice", ["7", "9"], "includes"], // and a passage of their response (below)
      ["My Community Voice", ["5", "7", "9"], "top"],
      ["bystandr", ["11"], "first"], // one deletion
      ["Bystander", ["11"], "first"],
      ["bystander training", ["11"], "first"],
      ["polic", ["1", "5", "6", "7"], "includes"], // prefix of police / policing
      ["engagment", ["12"], "includes"], // one typo from "engagement"
      ["cafe", ["6"], "includes"], // the text says "Café": diacritics are folded
      ["Café", ["6"], "includes"],
      ["Head of Housing", ["9"], "first"], // a lead officer's title
      ["stay connected", ["8"], "first"],
      ["borough insight", ["4"], "first"],
      ["ticket checks", ["6"], "first"],
      ['"youth safety"', ["2"], "exactly"], // 6 has both words apart, in its response: checked on its page
      ["“press office”", ["1"], "exactly"], // curly quotes, as phones type them
      ['"head of housing"', ["9", "14"], "exactly"], // a stop word inside, checked in the page: 13 has "Head of Environment" and "Housing" apart
      ['"contact sheets"', ["9", "6", "7"], "exactly"], // in the committee's words (9) and in responses (6, 7)
    ]) {
      await test(`search: "${q}" → ${HOW[how]} ${want.join(", ")}`, async () => {
        const page = await open(js, at(`search/?q=${encodeURIComponent(q)}`));
        try {
          const { results, status } = await waitForResults(page);
          const got = results.map((r) => r.number);
          const ok =
            how === "first"
              ? got[0] === want[0]
              : how === "top"
                ? want.every((n) => got.slice(0, want.length).includes(n))
                : how === "exactly"
                  ? got.length === want.length && want.every((n) => got.includes(n))
                  : want.every((n) => got.includes(n));
          if (!ok) throw new Error(`got [${got.join(", ")}] (status "${status}")`);
          if (how === "exactly" && !new RegExp(`^${want.length} results? for`).test(status)) throw new Error(`the status says "${status}"`);
          // A quoted query is shown in its own quotes, once: not ‘"press office"’.
          if (/["“”]/.test(q) && !status.includes(`for ${q}`)) throw new Error(`the status says "${status}"`);
          // Where a shown result's text has a word starting with the query's word, it is marked.
          const qw = words(q).trim().split(" ");
          for (const r of results) {
            const shown = words(r.fullText).trim().split(" ");
            if (qw.every((w) => w.length < 3 || shown.some((x) => x.startsWith(w))) && !r.allMarks.length)
              throw new Error(`result ${r.number} contains "${q}" but nothing in it is highlighted with <mark>`);
          }
        } finally {
          await page.close();
        }
      });
    }

    await test('search: a phrase checked in the pages leaves the filters\' counts matching the results ("youth safety")', async () => {
      const page = await open(js, at(`search/?q=${encodeURIComponent('"youth safety"')}`));
      try {
        const { results } = await waitForResults(page);
        // 6 has both words apart in its response: dropped after its page is read, and from
        // the counts beside the filters too.
        const counts = await page.$$eval("input[name=status]", (boxes) =>
          boxes.map((b) => Number(((b.labels[0].querySelector(".search-count") || {}).textContent || "").replace(/[^0-9]/g, "") || 0)),
        );
        const total = counts.reduce((a, b) => a + b, 0);
        if (results.length !== 1 || total !== 1) throw new Error(`${results.length} result(s), status counts ${counts.join(", ")} (sum ${total}); expected 1 and 1`);
      } finally {
        await page.close();
      }
    });

    await test("search: a match in the response shows the best passage of the response, marked and named", async () => {
      const page = await open(js, at(`search/?q=${encodeURIComponent("my community voice")}`));
      try {
        await waitForResults(page);
        const bad = [];
        for (const n of ["7", "9"]) {
          const li = page.locator(`#search-results ol > li:has(a[href$="/recommendations/${n}/"])`);
          const passage = li.locator(".search-result__passage");
          await passage.waitFor({ timeout: 10_000 }).catch(() => bad.push(`result ${n} shows no passage`));
          if (!(await passage.count())) continue;
          const from = (await passage.locator(".search-result__from").textContent()).trim();
          const marks = await passage.locator("mark").allTextContents();
          if (!/response/i.test(from)) bad.push(`result ${n}: the passage is from "${from}", not the response`);
          if (!marks.some((m) => /community/i.test(m)) || !marks.some((m) => /voice/i.test(m))) bad.push(`result ${n}: the passage marks [${marks.join(", ")}]`);
        }
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: no results says so plainly, without contradiction, and offers lists to browse", async () => {
      const page = await open(js, at(`search/?q=${encodeURIComponent("xylophone helicopter")}`));
      try {
        const { status, results } = await waitForResults(page);
        const bad = [];
        if (results.length) bad.push(`${results.length} results shown`);
        if (!/^No results for ‘xylophone helicopter’/.test(status)) bad.push(`the status says "${status}"`);
        if (/some of the words/i.test(status)) bad.push(`the status contradicts itself: "${status}"`);
        const hrefs = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
        for (const want of ["/search/all/", "/people/", `/${REVIEW}/`]) if (!hrefs.some((h) => h.endsWith(want))) bad.push(`no link to ${want} after no results`);
        if (!hrefs.some((h) => /\/status\/[^/]+\/$/.test(h))) bad.push("no link to a status list after no results");
        fail(bad);
      } finally {
        await page.close();
      }
      // A misspelling two letters out finds nothing (typo tolerance is one letter), and the
      // close word from the index is offered as a link that searches for it.
      const p2 = await open(js, at(`search/?q=${encodeURIComponent("bystanderzz")}`));
      try {
        const { results } = await waitForResults(p2);
        const tips = await p2.$$eval("#search-results .search-none p a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
        if (results.length) throw new Error(`${results.length} results for a word two letters out`);
        if (!tips.some(([t, h]) => t === "bystander" && /[?&]q=bystander(&|$)/.test(h))) throw new Error(`"Did you mean" offers ${JSON.stringify(tips)}`);
      } finally {
        await p2.close();
      }
    });

    for (const [width, height] of [[1280, 800], [375, 667]]) {
      await test(`search: at ${width}×${height} the result count and the first result are in the first screen`, async () => {
        const ctx = await newContext(browser, { viewport: { width, height } });
        try {
          const page = await open(ctx, at("search/?q=community"));
          await waitForResults(page);
          const box = await page.evaluate(() => {
            const s = document.getElementById("search-status").getBoundingClientRect();
            const h = document.querySelector("#search-results ol > li h2").getBoundingClientRect();
            return { status: s.bottom, first: h.bottom, scrolled: window.scrollY };
          });
          if (box.scrolled) throw new Error(`the page scrolled by ${box.scrolled}px`);
          if (box.status > height || box.first > height)
            throw new Error(`count ends at ${Math.round(box.status)}px and the first result's title at ${Math.round(box.first)}px (screen ${height}px)`);
        } finally {
          await ctx.close();
        }
      });
    }

    await test("search: ticking a status checkbox filters the results, shows counts and updates the URL", async () => {
      const page = await open(js, at("search/?q=police"));
      try {
        const bad = [];
        const before = await waitForResults(page, { all: true });
        const all = before.results.map((r) => r.number);
        const want = all.filter((n) => rec(n).current_status === "ongoing");
        const other = all.filter((n) => rec(n).current_status !== "ongoing");
        if (!want.length || !other.length) fail([`"police" should find both ongoing and other recommendations; got [${all.join(", ")}]`]);
        const label = await page.textContent("label[for='status-ongoing']");
        const count = (label.match(/\((\d+)\)/) || [])[1];
        if (count !== String(want.length)) bad.push(`the "Ongoing" label says "${label.trim()}", expected a count of ${want.length}`);
        await page.check("#status-ongoing");
        await page.waitForURL(/[?&]status=ongoing/, { timeout: 5000 }).catch(() => bad.push(`the URL was not updated: ${page.url()}`));
        const after = await waitForResults(page, { all: true, changedFrom: before.status });
        expectNumbers(bad, after.results.map((r) => r.number), want, `"police" filtered to Ongoing`);
        if (!/with the chosen filters/.test(after.status)) bad.push(`status message after filtering: "${after.status}"`);
        const tags = await page.$$eval("#search-results ol > li .tag", (ts) => ts.map((t) => t.textContent.trim()));
        if (tags.some((t) => t !== "Ongoing")) bad.push(`filtered results show status tags ${JSON.stringify(tags)}`);
        if (!/[?&]q=police/.test(page.url())) bad.push(`the URL lost the query: ${page.url()}`);
        // A shared URL gives the same results.
        const again = await open(js, page.url());
        const shared = await waitForResults(again, { all: true });
        if (!(await again.isChecked("#status-ongoing"))) bad.push("loading the filtered URL does not tick the checkbox");
        expectNumbers(bad, shared.results.map((r) => r.number), want, "the filtered URL loaded afresh");
        await again.close();
        await page.uncheck("#status-ongoing");
        const cleared = await waitForResults(page, { all: true, changedFrom: after.status });
        if (cleared.results.length !== all.length) bad.push(`unticking gives ${cleared.results.length} results, expected ${all.length}`);
        if (/status=/.test(page.url())) bad.push(`unticking leaves the filter in the URL: ${page.url()}`);
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: filters alone (no words) list the matching recommendations", async () => {
      const page = await open(js, at("search/?status=not-started"));
      try {
        const { results, status } = await waitForResults(page, { all: true });
        const bad = [];
        expectNumbers(bad, results.map((r) => r.number), recs.filter((r) => r.current_status === "not-started").map((r) => r.number), "status=not-started");
        if (!/^\d+ results? for the chosen filters/.test(status)) bad.push(`status message "${status}"`);
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: every result shows the flags its recommendation carries, in its page's words", async () => {
      const statuses = [...new Set(recs.map((r) => r.current_status))];
      const page = await open(js, at("search/?" + statuses.map((st) => "status=" + encodeURIComponent(st)).join("&")));
      try {
        await waitForResults(page, { all: true });
        const shown = await page.$$eval("#search-results ol > li", (lis) =>
          lis.map((li) => ({
            href: li.querySelector("a[href]").getAttribute("href"),
            flags: [...li.querySelectorAll(".flag")].map((f) => [f.className.replace("flag flag--", ""), f.textContent.trim()]),
          })),
        );
        const bad = [];
        if (shown.length !== recs.length) bad.push(`${shown.length} results for ${recs.length} recommendations`);
        for (const res of shown) {
          const r = recs.find((x) => new URL(x.url).pathname === res.href);
          if (!r) { bad.push(`no data record for ${res.href}`); continue; }
          const want = { overdue: r.overdue, stale: r.stale, awaiting: r.awaiting_response, notarget: r.no_target_date };
          for (const [k, v] of Object.entries(want)) {
            if (!!res.flags.find((f) => f[0] === k) !== !!v) bad.push(`${res.href}: ${k} is ${v} in the data but ${v ? "not shown" : "shown"}`);
          }
          // The same words as the recommendation's own page (which leaves "No target date" to its summary).
          const rp = await open(js, at(res.href));
          try {
            const onPage = await rp.$$eval(".status-line .flag", (fs) => fs.map((f) => f.textContent.trim()));
            const inResult = res.flags.filter((f) => f[0] !== "notarget").map((f) => f[1]);
            if (JSON.stringify(onPage) !== JSON.stringify(inResult)) bad.push(`${res.href}: page says ${JSON.stringify(onPage)}, result ${JSON.stringify(inResult)}`);
          } finally {
            await rp.close();
          }
        }
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: the back button restores the previous query and its results", async () => {
      const page = await open(js, at("search/?q=youth"));
      try {
        const bad = [];
        const first = await waitForResults(page);
        // Type a new query as a person would: the results update as they type, then they press Enter.
        await page.click("#search-q", { clickCount: 3 });
        await page.keyboard.type("bystander", { delay: 30 });
        const typed = await waitForResults(page, { changedFrom: first.status });
        if (!/bystander/.test(typed.status)) bad.push(`typing "bystander" gave status "${typed.status}"`);
        await page.keyboard.press("Enter");
        await page.waitForTimeout(400); // let the as-you-type timer fire too
        if (!/[?&]q=bystander/.test(page.url())) bad.push(`after submitting, the URL is ${page.url()}`);
        await page.goBack();
        await page.waitForFunction(() => /[?&]q=youth/.test(location.search), null, { timeout: 3000 }).catch(() => {});
        if (!/[?&]q=youth/.test(page.url())) {
          bad.push(`Back went to ${page.url()}, not the previous query (?q=youth)`);
          fail(bad);
        }
        const back = await waitForResults(page, { changedFrom: typed.status });
        if ((await page.inputValue("#search-q")) !== "youth") bad.push(`after Back the field says "${await page.inputValue("#search-q")}"`);
        if (back.status !== first.status) bad.push(`after Back the status says "${back.status}", expected "${first.status}"`);
        if (!back.results.length || back.results[0].number !== "10") bad.push("after Back the youth results are not shown");
        await page.goForward();
        await page.waitForFunction(() => /[?&]q=bystander/.test(location.search), null, { timeout: 3000 }).catch(() => bad.push(`Forward went to ${page.url()}`));
        fail(bad);
      } finally {
        await page.close();
      }
    });

    await test("search: submitting with Enter straight after typing adds a history entry that Back undoes", async () => {
      const page = await open(js, at("search/?q=youth"));
      try {
        await waitForResults(page);
        await page.fill("#search-q", "bystander");
        await page.press("#search-q", "Enter");
        await page.waitForFunction(() => /[?&]q=bystander/.test(location.search), null, { timeout: 3000 });
        await waitForResults(page, { match: /bystander/ });
        await page.goBack();
        await page.waitForFunction(() => /[?&]q=youth/.test(location.search), null, { timeout: 3000 }).catch(() => {});
        if (!/[?&]q=youth/.test(page.url())) throw new Error(`Back went to ${page.url()}`);
        const back = await waitForResults(page, { match: /youth/ });
        if (!back.results.length || back.results[0].number !== "10") throw new Error("after Back the youth results are not shown");
      } finally {
        await page.close();
      }
    });

    await test("search: sorting by number and 'Show more results'", async () => {
      const page = await open(js, at("search/?status=in-progress&status=ongoing&sort=number"));
      try {
        const bad = [];
        const want = recs.filter((r) => ["in-progress", "ongoing"].includes(r.current_status)).map((r) => String(r.number));
        const firstPage = await waitForResults(page);
        const got = firstPage.results.map((r) => r.number);
        if (want.length > 10) {
          if (got.length !== 10) bad.push(`${got.length} results shown before "Show more", expected 10`);
          const more = page.getByRole("button", { name: /show more/i });
          if (!(await more.isVisible())) fail([...bad, "no 'Show more results' button"]);
          await more.focus();
          await page.keyboard.press("Enter");
          await page.waitForFunction((n) => document.querySelectorAll("#search-results ol > li").length > n, got.length);
          const focusedText = await page.evaluate(() => document.activeElement && document.activeElement.closest("li") && document.activeElement.textContent);
          const eleventh = await page.$$eval("#search-results ol > li a", (as, i) => as[i] && as[i].textContent, 10);
          if (focusedText !== eleventh) bad.push(`after "Show more", focus is on "${focusedText}", not the first new result "${eleventh}"`);
        }
        const all = (await readResults(page)).map((r) => r.number);
        const sorted = [...want].sort((a, b) => Number(a) - Number(b));
        if (all.join(",") !== sorted.join(",")) bad.push(`sorted by number: [${all.join(", ")}], expected [${sorted.join(", ")}]`);
        fail(bad);
      } finally {
        await page.close();
      }
    });

    // -- Whole-run checks.
    await test("no request left 127.0.0.1", async () => {
      if (offsite.size) throw new Error([...offsite].slice(0, 20).join("\n"));
    }, { always: true });
    await test("no JavaScript errors and no failed requests", async () => {
      const bad = [...new Set(jsErrors)].slice(0, 20).concat([...new Set(badResponses)].slice(0, 20));
      fail(bad);
    }, { always: true });
  } finally {
    await js.close().catch(() => {});
    await nojs.close().catch(() => {});
    await browser.close().catch(() => {});
    if (server) await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok);
  console.log(`\n${"=".repeat(70)}`);
  if (failed.length) {
    console.log("FAILED:");
    for (const f of failed) console.log(`  - ${f.name}`);
  }
  console.log(`browser tests: ${results.length - failed.length} passed, ${failed.length} failed`);
  console.log(failed.length ? "FAIL" : "PASS");
  return failed.length ? 1 : 0;
}

// ---------------------------------------------------------------- search helpers

async function readResults(page) {
  return page.$$eval("#search-results ol > li", (lis) =>
    lis.map((li) => {
      const a = li.querySelector("a[href]");
      const href = a ? a.getAttribute("href") : "";
      return {
        href,
        number: (href.match(/\/recommendations\/([^/]+)\/$/) || [])[1] || "",
        text: a ? a.textContent.trim() : "",
        marks: a ? [...a.querySelectorAll("mark")].map((m) => m.textContent) : [],
        allMarks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
        fullText: li.innerText,
      };
    }),
  );
}

/** Waits for the search to settle: a status message (different from `changedFrom`, matching
 *  `match`) and no busy flag; with `all`, presses "Show more results" until every result shows. */
async function waitForResults(page, { changedFrom = null, match = null, all = false } = {}) {
  try {
    await page.waitForFunction(
      ([prev, src]) => {
        const s = document.getElementById("search-status");
        const out = document.getElementById("search-results");
        if (!s || !out || out.getAttribute("aria-busy") === "true") return false;
        const t = s.textContent.trim();
        if (!t || t === prev) return false;
        return !src || new RegExp(src).test(t);
      },
      [changedFrom, match ? match.source : null],
      { timeout: 10_000 },
    );
  } catch {
    const now = await page.evaluate(() => (document.getElementById("search-status") || {}).textContent);
    throw new Error(`the search did not settle on ${page.url()}: status is "${now}"${changedFrom ? ` (was "${changedFrom}")` : ""}${match ? `, wanted ${match}` : ""}`);
  }
  while (all) {
    const more = page.locator("#search-results button", { hasText: /show more/i });
    if (!(await more.count())) break;
    const n = await page.locator("#search-results ol > li").count();
    await more.click();
    await page.waitForFunction((k) => document.querySelectorAll("#search-results ol > li").length > k, n);
  }
  const status = (await page.textContent("#search-status")).trim();
  return { status, results: await readResults(page) };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`\nFAIL: the browser tests could not run: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
