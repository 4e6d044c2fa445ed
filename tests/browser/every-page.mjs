// Every page of any built site, in headless Debian Chromium: zero axe-core WCAG 2.2 A/AA
// violations at desktop and phone widths, no horizontal scrolling at 320px, and every internal
// link and redirect resolving. test.mjs knows the example site's content; this knows none, so it
// checks the sites made from other councils' plans (tests/fixtures/councils/) as residents get them.
//
//   SITE_DIR=/path/to/public node tests/browser/every-page.mjs
//
// Serves SITE_DIR under the path of its base_url (read from data/index.json's records), as a host
// would. Environment: SITE_DIR (required), CHROMIUM (default /usr/bin/chromium).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const SITE_DIR = path.resolve(process.env.SITE_DIR || "");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_PATH = require.resolve("axe-core");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function htmlFiles(dir, rel = "") {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) return htmlFiles(dir, r);
    return e.name.endsWith(".html") ? [r.split(path.sep).join("/")] : [];
  });
}

const recs = JSON.parse(fs.readFileSync(path.join(SITE_DIR, "data/recommendations.json"), "utf8"));
const first = new URL(recs[0].url).pathname;
const prefix = first.slice(0, first.match(/[^/]+\/recommendations\/[^/]+\/$/).index);
const { url: base, close } = await serve({ root: SITE_DIR, prefix, port: 0 });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const failures = [];
let checked = 0;
const files = htmlFiles(SITE_DIR).filter((f) => f !== "404.html");
for (const f of files) {
  const html = fs.readFileSync(path.join(SITE_DIR, f), "utf8");
  const address = base + f.replace(/(^|\/)index\.html$/, "$1");
  const refresh = html.match(/<meta http-equiv="refresh" content="0; url=([^"]+)">/);
  if (refresh) {
    // An earlier address: it must send readers to a page that exists.
    const target = new URL(refresh[1], address);
    const res = await fetch(target);
    if (res.status !== 200) failures.push(`${f}: redirects to ${target.pathname}, which answers ${res.status}`);
    continue;
  }
  for (const width of [1280, 375, 320]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const res = await page.goto(address, { waitUntil: "load" });
    if (!res || res.status() !== 200) failures.push(`${f}: status ${res && res.status()}`);
    if (width === 320) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      if (wide) failures.push(`${f}: scrolls sideways at 320px`);
    } else {
      await page.addScriptTag({ path: AXE_PATH });
      const v = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((x) => `${x.id} (${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
      }, AXE_TAGS);
      for (const x of v) failures.push(`${f} at ${width}px: ${x}`);
    }
    if (width === 1280) {
      const links = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href));
      for (const l of links) {
        if (!l.startsWith(base)) continue;
        const u = new URL(l);
        u.hash = "";
        const r = await fetch(u);
        if (r.status !== 200) failures.push(`${f}: link to ${u.pathname} answers ${r.status}`);
      }
    }
    for (const e of errors) failures.push(`${f}: JavaScript error ${e}`);
    await ctx.close();
  }
  checked++;
}
await browser.close();
await close();
for (const x of failures) console.log(`FAIL ${x}`);
console.log(`every page of ${SITE_DIR}: ${checked} pages, ${files.length - checked} redirects, ${failures.length} problems`);
process.exit(failures.length ? 1 : 0);
