// Screenshots of the change record (`history: git`) for docs/screenshots/, from the site
// scripts/history-demo.sh makes (run by scripts/history-screenshots.sh, which builds and serves
// it): a recommendation page with its "Changes to this record" (the difference opened) at 375px
// and 1280px, and the review's Recent changes page at 1280px.
//
// Environment: SITE_URL (the served site, required), OUT (default docs/screenshots),
// CHROMIUM (default /usr/bin/chromium).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const SITE = process.env.SITE_URL;
const OUT = path.resolve(process.env.OUT || "docs/screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!SITE) throw new Error("SITE_URL is not set (run scripts/history-screenshots.sh)");

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "scrutiny-shots-"));
process.env.TMPDIR = profile;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--hide-scrollbars", "--font-render-hinting=none"],
});
fs.mkdirSync(OUT, { recursive: true });

async function shoot(rel, width, name, { section = false } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, locale: "en-GB", reducedMotion: "reduce" });
  const page = await ctx.newPage();
  const res = await page.goto(new URL(rel, SITE).href, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`${rel}: HTTP ${res && res.status()}`);
  // Every difference shown, as a reader who opened them sees it.
  await page.evaluate(() => document.querySelectorAll("details.diff").forEach((d) => (d.open = true)));
  const file = path.join(OUT, name);
  if (section) {
    // From the response to the end of the change record: what the record adds to the page.
    const box = await page.evaluate(() => {
      const top = document.querySelector("h2#changes").previousElementSibling.closest("*");
      const start = [...document.querySelectorAll("h2")].find((h) => h.textContent.trim() === "Updates");
      const end = [...document.querySelectorAll("h2")].find((h) => h.textContent.trim() === "Follow and reuse");
      const a = (start || top).getBoundingClientRect();
      const b = end.getBoundingClientRect();
      return { y: a.top + window.scrollY - 16, height: b.top - a.top + 8 };
    });
    await page.screenshot({ path: file, clip: { x: 0, y: box.y, width, height: box.height }, fullPage: true, animations: "disabled", caret: "hide" });
  } else {
    await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
  }
  await ctx.close();
  console.log(`${path.relative(process.cwd(), file)}  ${width}px`);
}

await shoot("safety-in-the-town-centre/recommendations/4/", 1280, "recommendation-changes-1280.png", { section: true });
await shoot("safety-in-the-town-centre/recommendations/4/", 375, "recommendation-changes-375.png", { section: true });
await shoot("safety-in-the-town-centre/changes/", 1280, "recent-changes-1280.png");
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
