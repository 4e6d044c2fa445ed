// Runs the real search client (themes/default/static/search.js) against a built index with a
// fetch that reads files from disk, and reports what a browser would download and how long
// queries take. Usage: node examples/search_bench/harness.mjs DIR   (DIR holds search/)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const engine = require("../../themes/default/static/search.js");
const dir = process.argv[2];
const BASE = "https://bench.invalid/search/manifest.json";

/** A fetch that records every request with its sequential round (1 + the latest round that had
 *  completed when it was issued) and its size raw and gzipped. */
function recorder() {
  const log = [];
  let completed = 0;
  const get = (url, binary) => {
    const path = join(dir, new URL(url).pathname);
    const bytes = readFileSync(path);
    const round = completed + 1;
    log.push({ url, round, raw: bytes.length, gz: gzipSync(bytes).length });
    return new Promise((resolve) => setImmediate(() => {
      completed = Math.max(completed, round);
      resolve(binary ? new Uint8Array(bytes) : bytes.toString("utf8"));
    }));
  };
  return { log, get };
}

/** First query on a cold cache, as the page runs it: search, then the first page of cards. */
async function firstQuery(q) {
  const r = recorder();
  const index = new engine.Index(BASE, r.get);
  const res = await index.search(q);
  const cards = await index.cards(res.ids.slice(0, 10), res.facets);
  const sum = (k) => r.log.reduce((s, e) => s + e[k], 0);
  return { results: res.ids.length, cards: cards.length, requests: r.log.length, rounds: Math.max(...r.log.map((e) => e.round)), raw: sum("raw"), gz: sum("gz"), log: r.log };
}

/** Median and max time of a query once its files are loaded (ranking, filters, sorting). */
async function queryTime(index, q, runs = 41) {
  await index.search(q);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await index.search(q);
    await index.cards(res.ids.slice(0, 10), res.facets);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[runs >> 1], p90: times[Math.floor(runs * 0.9)], max: times[runs - 1] };
}

const kb = (n) => (n / 1024).toFixed(1) + " KB";
const pad = (s, n) => String(s).padEnd(n);

const index = new engine.Index(BASE, recorder().get);
const m = await index.manifest();
const dict = [];
for (let i = 0; i < m.terms.length; i++) dict.push(...(await index.shard(i)));
const words = dict.filter((e) => !e.t.startsWith("~") && /^[a-z]{4,}$/.test(e.t));
const byDf = [...words].sort((a, b) => b.total - a.total);
const common = byDf.slice(0, 3).map((e) => e.t);
const rare = byDf.filter((e) => e.total === 2).slice(0, 2).map((e) => e.t);
const mid = byDf.filter((e) => e.total > 100 && e.total < 400).slice(0, 2).map((e) => e.t);
const facets = await index.facets();
const names = await index.names();
const person = names.people[0][0];
const review = names.reviews[3].slug;
console.log(`client: search.js ${readFileSync(new URL("../../themes/default/static/search.js", import.meta.url)).length} B, ${gzipSync(readFileSync(new URL("../../themes/default/static/search.js", import.meta.url))).length} B gzipped`);
console.log(`dictionary: ${dict.length} terms; most common: ${byDf.slice(0, 3).map((e) => `${e.t} (${e.total} docs, ${e.n} kept)`).join(", ")}`);

const firsts = [
  ["youth forum + status", { q: "youth forum", status: ["in-progress", "ongoing"] }],
  [`${mid[0]} ${mid[1]} + status + overdue`, { q: `${mid[0]} ${mid[1]}`, status: ["in-progress"], overdue: true }],
  [`${common[0]} ${common[1]} (common) + decision`, { q: `${common[0]} ${common[1]}`, decision: ["accepted"] }],
  [`${rare[0]} (rare), no filter`, { q: rare[0] }],
  [`police + review`, { q: "police", review }],
  [`person only`, { q: "", person }],
  [`community + sort by update`, { q: "community", sort: "updated" }],
  [`engag (prefix) + status`, { q: "engag", status: ["in-progress"] }],
  [`comunity yuoth (typos)`, { q: "comunity yuoth" }],
];
console.log("\nfirst query, cold cache (search + first 10 cards)");
console.log(`${pad("query", 44)} ${pad("results", 8)} ${pad("requests", 9)} ${pad("rounds", 7)} ${pad("raw", 10)} gzip`);
let worst = 0;
for (const [label, q] of firsts) {
  const f = await firstQuery(q);
  worst = Math.max(worst, f.gz);
  console.log(`${pad(label, 44)} ${pad(f.results, 8)} ${pad(f.requests, 9)} ${pad(f.rounds, 7)} ${pad(kb(f.raw), 10)} ${kb(f.gz)}`);
  if (process.env.VERBOSE) for (const e of f.log) console.log(`    ${e.round} ${e.url.split("/").pop()} ${e.gz}`);
}
console.log(`largest first query: ${kb(worst)} gzipped`);

const timed = [
  [`${common[0]} (most common word)`, { q: common[0] }],
  [`${common.join(" ")} (3 most common)`, { q: common.join(" ") }],
  [`${common[0]} + status + sort by update`, { q: common[0], status: ["in-progress"], sort: "updated" }],
  [`${mid[0]} (mid)`, { q: mid[0] }],
  [`${rare[0]} (rare)`, { q: rare[0] }],
  ["com (short prefix)", { q: "com" }],
  ["comunity yuoth polise (typos)", { q: "comunity yuoth polise" }],
  ["no words, all documents + status", { q: "", status: ["in-progress", "ongoing"] }],
];
console.log("\nquery time once loaded (search, filters, sort and first 10 cards)");
let slowest = 0;
const warm = new engine.Index(BASE, recorder().get);
for (const [label, q] of timed) {
  const t = await queryTime(warm, q);
  slowest = Math.max(slowest, t.p90);
  const res = await warm.search(q);
  console.log(`${pad(label, 44)} ${pad(res.ids.length + " results", 14)} median ${t.median.toFixed(2)} ms, p90 ${t.p90.toFixed(2)} ms, max ${t.max.toFixed(2)} ms`);
}
console.log(`slowest query (90th percentile): ${slowest.toFixed(2)} ms (${facets.flags.length} documents)`);
