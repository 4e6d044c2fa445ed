// The search client (themes/default/static/search.js) on an index built by the Rust writer from
// the example site: decoding, words and stemming agree with Rust, ranking spot checks, filters,
// counts and the fetch plan. Run by `cargo test --lib search` (which builds the fixture), or:
//   SEARCH_FIXTURE=public node --test src/search/client.test.mjs   (after `scrutiny build`)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const engine = require("../../themes/default/static/search.js");
const dir = process.env.SEARCH_FIXTURE || "public";
const BASE = "https://example.invalid/scrutiny/search/manifest.json";

function open() {
  const log = [];
  let completed = 0;
  const get = (url, binary) => {
    const path = join(dir, new URL(url).pathname.replace(/^\/scrutiny\//, "/"));
    const round = completed + 1;
    log.push({ url, round });
    const bytes = readFileSync(path);
    return new Promise((resolve) => setImmediate(() => {
      completed = Math.max(completed, round);
      resolve(binary ? new Uint8Array(bytes) : bytes.toString("utf8"));
    }));
  };
  return { index: new engine.Index(BASE, get), log };
}

async function numbers(q) {
  const { index } = open();
  const res = await index.search(q);
  const cards = await index.cards(res.ids, res.facets);
  return cards.map((c) => c.number);
}

test("words and stems agree with the Rust side", async () => {
  const { index } = open();
  const m = await index.manifest();
  assert.deepEqual(engine.words("Siân O’Neill's Café-bar, £15,000 (2024)", m.fold), ["sian", "oneills", "cafe", "bar", "15", "000", "2024"]);
  assert.deepEqual(engine.words("Straße ÆTHER", m.fold), ["strasse", "aether"]);
  assert.deepEqual(engine.terms("The Youth Forum and a Member of it: 5 x", m), ["youth", "forum", "member", "5"]);
  const cases = {
    engaging: "engag", engaged: "engag", engage: "engag", engagement: "engagement", police: "polic",
    policing: "polic", policies: "polici", policy: "polici", communities: "communiti", forums: "forum",
    hoping: "hope", planning: "plan", controlling: "control", agreed: "agre", used: "us", meetings: "meet",
  };
  for (const [w, s] of Object.entries(cases)) assert.equal(engine.stem(w), s, w);
  assert.ok(engine.near("yuoth", "youth") && engine.near("polic", "polis") && engine.near("forum", "forums"));
  assert.ok(!engine.near("police", "policy1") && !engine.near("abc", "abc"));
});

test("the client splits and stems every word of the site as Rust does", { skip: !existsSync(join(dir, "agreement.json")) }, async () => {
  const { index } = open();
  const m = await index.manifest();
  const a = JSON.parse(readFileSync(join(dir, "agreement.json"), "utf8"));
  for (const [text, words] of a.texts) assert.deepEqual(engine.words(text, m.fold), words, text);
  for (const [w, s, keep] of a.stems) {
    assert.equal(engine.stem(w), s, w);
    assert.equal(engine.terms(w, m).length > 0, keep, `keep ${w}`);
  }
  assert.ok(a.stems.length > 300);
});

test("every term shard decodes into a sorted dictionary", async () => {
  const { index } = open();
  const m = await index.manifest();
  let prev = "";
  for (let i = 0; i < m.terms.length; i++) {
    const shard = await index.shard(i);
    assert.equal(shard[0].t, m.terms[i][0]);
    for (const e of shard) {
      assert.ok(e.t > prev, `${e.t} after ${prev}`);
      prev = e.t;
    }
  }
});

test("relevance spot checks on the example site", async () => {
  assert.equal((await numbers({ q: "Youth Forum" }))[0], "10");
  assert.deepEqual((await numbers({ q: "My Community Voice" })).slice(0, 3).sort(), ["5", "7", "9"]);
  assert.equal((await numbers({ q: "Bystander" }))[0], "11");
  assert.equal((await numbers({ q: "bystandr" }))[0], "11", "one typo");
  assert.ok((await numbers({ q: "engage" })).length > 0, "prefix: engage finds engagement");
});

test("filters narrow the results and counts ignore their own filter", async () => {
  const { index } = open();
  const all = await index.search({ q: "police" });
  assert.ok(all.ids.length > 1);
  const statuses = Object.keys(all.counts.status);
  const some = statuses.find((s) => all.counts.status[s] > 0);
  const filtered = await index.search({ q: "police", status: [some] });
  assert.equal(filtered.ids.length, all.counts.status[some]);
  assert.deepEqual(filtered.counts.status, all.counts.status, "status counts ignore the status filter");
  const none = await index.search({ q: "", status: [], decision: [] });
  assert.equal(none.ids.length, 15, "no words and no filters: every document");
  const byNumber = await index.search({ q: "police", sort: "number" });
  assert.deepEqual(byNumber.ids, [...byNumber.ids].sort((a, b) => a - b));
  const updated = await index.search({ q: "police", sort: "updated" });
  assert.equal(updated.ids.length, all.ids.length);
});

test("review, theme and person filters use the names and person terms", async () => {
  const { index } = open();
  const names = await (await index.manifest(), index.names());
  const review = names.reviews[0];
  const theme = review.themes.find((t) => t[0] === "member-engagement");
  const res = await index.search({ q: "", review: review.slug, theme: theme[0] });
  const cards = await index.cards(res.ids, res.facets);
  assert.ok(cards.map((c) => c.number).includes("10"));
  const person = names.people.find((p) => /housing and health/i.test(p[1]));
  const owned = await index.search({ q: "youth", person: person[0] });
  assert.ok(owned.ids.length >= 1);
  const nobody = await index.search({ q: "youth", person: "nobody-at-all" });
  assert.equal(nobody.ids.length, 0);
});

test("a first query takes three rounds of requests", async () => {
  const { index, log } = open();
  const res = await index.search({ q: "youth forum", status: ["in-progress"] });
  await index.cards(res.ids.slice(0, 10), res.facets);
  assert.equal(Math.max(...log.map((e) => e.round)), 3);
  assert.ok(log[0].url.endsWith("manifest.json"));
  assert.ok(log.every((e) => !/\/n-|\/s-/.test(e.url)), "names and sort keys only when needed");
});

test("stop words alone give no results and say why", async () => {
  const { index } = open();
  const res = await index.search({ q: "the and of" });
  assert.equal(res.ids.length, 0);
  assert.ok(res.tooCommon);
});
