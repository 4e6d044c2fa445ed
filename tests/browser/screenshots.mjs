// Screenshots of the built example site for the README and docs/screenshots/ (run by
// scripts/screenshots.sh, which builds and serves the site). Full-page PNGs of the home, review
// and recommendation pages at 375px and 1280px; overview.png: the desktop home page and the
// phone recommendation page side by side; report-print.png: the first page of the committee
// report printed to an A4 landscape PDF (needs pdftoppm: apt-get install -y poppler-utils).
//
// Environment: SITE_URL (the served site, required), OUT (default docs/screenshots),
// CHROMIUM (default /usr/bin/chromium), ONLY (make only the files whose name contains this text).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const SITE = process.env.SITE_URL;
const OUT = path.resolve(process.env.OUT || "docs/screenshots");
const ONLY = process.env.ONLY || "";
const wanted = (name) => name.includes(ONLY);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!SITE) throw new Error("SITE_URL is not set (run scripts/screenshots.sh)");

const PAGES = [
  { name: "home", path: "" },
  { name: "review", path: "safety-in-the-town-centre/" },
  { name: "recommendation", path: "safety-in-the-town-centre/recommendations/4/" },
];
const WIDTHS = [375, 1280];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "scrutiny-shots-"));
process.env.TMPDIR = profile; // playwright's temporary --user-data-dir goes here
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars", "--font-render-hinting=none"],
});
fs.mkdirSync(OUT, { recursive: true });
const offsite = [];

async function shoot(url, width, file, { fullPage = true, height = 900 } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: "en-GB", reducedMotion: "reduce" });
  await ctx.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname !== "127.0.0.1" && /^https?:$/.test(u.protocol)) {
      offsite.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await ctx.newPage();
  const res = await page.goto(url, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`${url}: HTTP ${res && res.status()}`);
  await page.setViewportSize({ width, height }); // headless windows can start at another size
  await page.evaluate(() => document.fonts && document.fonts.ready);
  const buf = await page.screenshot({ path: file, fullPage, animations: "disabled", caret: "hide" });
  await ctx.close();
  console.log(`${path.relative(process.cwd(), file)}  ${width}px  ${(buf.length / 1024).toFixed(0)} KB`);
  return buf;
}

/** The first page of `rel` printed as the browser prints it (A4 landscape, no backgrounds), as a
 *  60 dpi PNG. */
async function printed(rel, file) {
  const ctx = await browser.newContext({ locale: "en-GB" });
  const page = await ctx.newPage();
  const res = await page.goto(new URL(rel, SITE).href, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`${rel}: HTTP ${res && res.status()}`);
  const pdf = path.join(profile, "print.pdf");
  await page.pdf({ path: pdf, format: "A4", landscape: true, printBackground: false });
  await ctx.close();
  const r = spawnSync("pdftoppm", ["-f", "1", "-l", "1", "-r", "60", "-singlefile", "-png", pdf, file.replace(/\.png$/, "")], { encoding: "utf8" });
  if (r.error && r.error.code === "ENOENT") return console.log(`skipped ${path.relative(process.cwd(), file)}: pdftoppm is not installed (apt-get install -y poppler-utils)`);
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  console.log(`${path.relative(process.cwd(), file)}  A4 landscape, page 1  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
}

try {
  for (const p of PAGES)
    for (const w of WIDTHS) if (wanted(`${p.name}-${w}.png`)) await shoot(new URL(p.path, SITE).href, w, path.join(OUT, `${p.name}-${w}.png`));
  if (wanted("report-print.png")) await printed("safety-in-the-town-centre/report/", path.join(OUT, "report-print.png"));

  // overview.png: the first screenful of the home page on a desktop beside a recommendation on a phone.
  if (wanted("overview.png")) {
    const desk = await shoot(new URL("", SITE).href, 1280, path.join(profile, "desk.png"), { fullPage: false, height: 860 });
    const phone = await shoot(new URL(PAGES[2].path, SITE).href, 375, path.join(profile, "phone.png"), { fullPage: false, height: 760 });
    // 48px gaps; the desktop image has a 1px border, the phone a 10px frame.
    const ctx = await browser.newContext({ viewport: { width: 48 + 1282 + 48 + 395 + 48, height: 48 + 862 + 48 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    const img = (b) => `data:image/png;base64,${b.toString("base64")}`;
    await page.setContent(`<!DOCTYPE html><html lang="en"><head><style>
      html,body{margin:0;background:#dee0e2}
      .row{display:flex;gap:48px;align-items:flex-start;padding:48px}
      img{display:block;box-shadow:0 2px 12px rgba(11,12,12,.25);border:1px solid #b1b4b6}
      .phone{border-radius:18px;border:10px solid #0b0c0c;margin-top:50px}
      </style></head><body><div class="row"><img src="${img(desk)}" width="1280" height="860" alt="">
      <img class="phone" src="${img(phone)}" width="375" height="760" alt=""></div></body></html>`);
    await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
    await page.screenshot({ path: path.join(OUT, "overview.png"), fullPage: true });
    await ctx.close();
    console.log(`${path.relative(process.cwd(), path.join(OUT, "overview.png"))}  composite`);
  }
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (offsite.length) {
  console.error(`FAIL: the pages asked for something off this machine: ${offsite.join(", ")}`);
  process.exit(1);
}
