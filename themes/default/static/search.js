/* scrutiny search client: reads the sharded index under search/ (format: docs/search.md).
   The engine (words, stemming, decoding, ranking, filters) is plain functions, exported under
   node for tests; the page part runs only in a browser, on the search page. */
(function () {
  "use strict";

  /* ---- Words: mirrors src/search/text.rs ---- */
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  /* Folded, lowercased words of `text` (not stop-filtered or stemmed). */
  function words(text, fold) {
    var out = [], w = "";
    for (var ch of text) {
      var f = ch.length > 1 ? " " : (fold[ch] !== undefined ? fold[ch] : ch).toLowerCase();
      for (var c of f) {
        if (c.length === 1 && WORD.test(c)) w += c;
        else if (w) { out.push(w); w = ""; }
      }
    }
    if (w) out.push(w);
    return out;
  }

  function utf8len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; }
    return n;
  }

  function keep(w, m) {
    var single = w.length === 1 && !/[0-9]/.test(w);
    return !single && utf8len(w) <= m.max_word && m.stopSet.indexOf(" " + w + " ") < 0;
  }

  /* Porter's steps 1a, 1b, 1c, 5a and 5b: the same rules as `stem` in text.rs. */
  function vowel(w, i) {
    var c = w[i];
    return "aeiou".indexOf(c) >= 0 || (c === "y" && i > 0 && !vowel(w, i - 1));
  }
  function measure(w, n) {
    var m = 0, prev = false;
    for (var i = 0; i < n; i++) { var v = vowel(w, i); if (prev && !v) m++; prev = v; }
    return m;
  }
  function hasVowel(w, n) { for (var i = 0; i < n; i++) if (vowel(w, i)) return true; return false; }
  function cvc(w, n) {
    return n >= 3 && !vowel(w, n - 1) && vowel(w, n - 2) && !vowel(w, n - 3) && "wxy".indexOf(w[n - 1]) < 0;
  }
  function ends(w, s) { return w.slice(-s.length) === s; }
  function stem(w) {
    if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (ends(w, "s") && !ends(w, "ss")) w = w.slice(0, -1);
    var fix = false;
    if (ends(w, "eed")) { if (measure(w, w.length - 3) > 0) w = w.slice(0, -1); }
    else if (ends(w, "ed") && hasVowel(w, w.length - 2)) { w = w.slice(0, -2); fix = true; }
    else if (ends(w, "ing") && hasVowel(w, w.length - 3)) { w = w.slice(0, -3); fix = true; }
    if (fix) {
      var n = w.length;
      if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
      else if (n >= 2 && w[n - 1] === w[n - 2] && !vowel(w, n - 1) && "lsz".indexOf(w[n - 1]) < 0) w = w.slice(0, -1);
      else if (measure(w, n) === 1 && cvc(w, n)) w += "e";
    }
    if (ends(w, "y") && hasVowel(w, w.length - 1)) w = w.slice(0, -1) + "i";
    if (ends(w, "e")) {
      var k = measure(w, w.length - 1);
      if (k > 1 || (k === 1 && !cvc(w, w.length - 1))) w = w.slice(0, -1);
    }
    if (ends(w, "ll") && measure(w, w.length) > 1) w = w.slice(0, -1);
    return w;
  }

  /* Query terms: stems of the words worth searching for, without repeats. */
  function terms(text, m) {
    var out = [];
    words(text, m.fold).forEach(function (w) {
      var s = keep(w, m) && stem(w);
      if (s && out.indexOf(s) < 0) out.push(s);
    });
    return out;
  }

  /* ---- Bytes ---- */
  function Reader(bytes) { this.b = bytes; this.p = 0; }
  Reader.prototype.int = function () {
    var v = 0, mul = 1, x;
    do { x = this.b[this.p++]; v += (x & 127) * mul; mul *= 128; } while (x >= 128);
    return v;
  };
  Reader.prototype.str = function () {
    var n = this.int(), s = new TextDecoder().decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  };
  Reader.prototype.pairs = function () {
    var out = [];
    for (var n = this.int(); n > 0; n--) out.push([this.str(), this.str()]);
    return out;
  };

  function termShard(bytes) {
    var r = new Reader(bytes), list = [], prev = "";
    for (var n = r.int(); n > 0; n--) {
      var t = prev.slice(0, r.int()) + r.str();
      list.push({ t: t, n: r.int(), total: r.int(), len: r.int() });
      prev = t;
    }
    list.forEach(function (e) { e.bytes = bytes.subarray(r.p, r.p + e.len); r.p += e.len; e.total = e.total || e.n; });
    return list;
  }

  /* Call f(id, flags) for each posting: varints (gap << 5 | flags). */
  function postings(e, f) {
    var r = new Reader(e.bytes), id = -1;
    while (r.p < e.bytes.length) { var v = r.int(); id += 1 + Math.floor(v / 32); f(id, v % 32); }
  }

  function facetsFile(bytes) {
    var r = new Reader(bytes), n = r.int(), f = { statuses: r.pairs(), decisions: r.pairs(), starts: [] };
    for (var k = r.int(), s = 0; k > 0; k--) f.starts.push(s += r.int());
    f.flags = bytes.subarray(r.p, r.p + n);
    f.theme = bytes.subarray(r.p + n, r.p + 2 * n);
    f.review = new Uint32Array(n);
    f.starts.forEach(function (s, i) { f.review.fill(i, s); });
    return f;
  }

  function namesFile(bytes) {
    var r = new Reader(bytes), reviews = [];
    for (var n = r.int(); n > 0; n--) reviews.push({ slug: r.str(), title: r.str(), themes: r.pairs() });
    return { reviews: reviews, people: r.pairs() };
  }

  function sortFile(bytes) {
    var r = new Reader(bytes), out = [];
    while (r.p < bytes.length) out.push(r.int());
    return out;
  }

  /* One edit apart (insert, delete, substitute or swap two neighbours)? */
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  /* ---- Index: `get(url, binary)` returns a promise of a Uint8Array or of text ---- */
  function Index(manifestUrl, get) {
    this.url = manifestUrl;
    this.get = get || function (url, binary) {
      return fetch(url).then(function (res) {
        if (!res.ok) throw new Error(url + ": " + res.status);
        return binary ? res.arrayBuffer().then(gunzip) : res.text();
      });
    };
    this.memo = {};
  }

  /* Shards may be served pre-compressed: undo gzip when the server did not. */
  function gunzip(buf) {
    var b = new Uint8Array(buf);
    if (b[0] !== 0x1f || b[1] !== 0x8b || typeof DecompressionStream === "undefined") return b;
    var s = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(s).arrayBuffer().then(function (x) { return new Uint8Array(x); });
  }

  Index.prototype.load = function (key, name, decode) {
    var self = this;
    if (!this.memo[key]) {
      this.memo[key] = this.get(new URL(name, this.url).href, !!decode.bin).then(function (d) { return decode(d, self.m); });
      this.memo[key].catch(function () { delete self.memo[key]; });
    }
    return this.memo[key];
  };

  Index.prototype.manifest = function () {
    var self = this;
    return this.load("m", this.url, function (text) {
      var m = JSON.parse(text);
      if (m.version !== 1) throw new Error("search index version " + m.version);
      m.stopSet = " " + m.stop.join(" ") + " ";
      m.fw = [];
      for (var f = 0; f < 32; f++) m.fw.push(m.weights.reduce(function (s, w, i) { return s + (f >> i & 1 ? w : 0); }, 0));
      return (self.m = m);
    });
  };

  function bin(f) { f.bin = true; return f; }
  function json(t) { return JSON.parse(t); }
  Index.prototype.facets = function () { return this.load("f", "f-" + this.m.facets + ".bin", bin(facetsFile)); };
  Index.prototype.names = function () { return this.load("n", "n-" + this.m.names + ".bin", bin(namesFile)); };
  Index.prototype.sortKeys = function () { return this.load("s", "s-" + this.m.sort + ".bin", bin(sortFile)); };
  Index.prototype.shard = function (i) { return this.load("t" + i, "t-" + this.m.terms[i][1] + ".bin", bin(termShard)); };
  Index.prototype.cardShard = function (i) {
    return this.load("c" + i, "c-" + this.m.cards.hash + "-" + i + ".json", json);
  };

  /* The term shard that would hold `t`, and the next one when `t`'s prefix runs into it. */
  Index.prototype.shardsFor = function (t, prefix) {
    var list = this.m.terms, lo = 0, hi = list.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (list[mid][0] <= t) lo = mid; else hi = mid - 1; }
    return prefix && lo + 1 < list.length && list[lo + 1][0].indexOf(t) === 0 ? [lo, lo + 1] : [lo];
  };

  /* Search. q = {q, status: [], decision: [], overdue, review, theme, person, sort}.
     Resolves to {ids (ranked), terms (matched, for highlighting), counts, words, fuzzy, any}.
     Fetches, all at once: the facets, the term shards of the query's words (and of the person),
     the names for a review filter, the sort keys to sort by last update. */
  Index.prototype.search = function (q) {
    var self = this;
    return this.manifest().then(function (m) {
      var qt = terms(q.q || "", m), need = [self.facets()], wanted = {};
      qt.forEach(function (t) { self.shardsFor(t, t.length >= 3).forEach(function (i) { wanted[i] = 1; }); });
      var person = q.person ? "~" + q.person : "";
      if (person) self.shardsFor(person).forEach(function (i) { wanted[i] = 1; });
      var shards = Object.keys(wanted).map(Number);
      shards.forEach(function (i) { need.push(self.shard(i)); });
      need.push(q.review || q.theme ? self.names() : null, q.sort === "updated" ? self.sortKeys() : null);
      return Promise.all(need).then(function (got) {
        var dict = [].concat.apply([], got.slice(1, 1 + shards.length));
        // A word found nowhere may be misspelt: look for one-edit matches in the neighbouring
        // shards too (one more round of requests, only then).
        var more = [];
        qt.forEach(function (t) {
          var i = self.shardsFor(t)[0];
          if (t.length >= 4 && !dict.some(function (e) { return e.t.indexOf(t) === 0 || near(t, e.t); }))
            [i - 1, i + 1].forEach(function (j) { if (j >= 0 && j < m.terms.length && !wanted[j]) { wanted[j] = 1; more.push(j); } });
        });
        return Promise.all(more.map(function (j) { return self.shard(j); })).then(function (extra) {
          return [got, dict.concat.apply(dict, extra)];
        });
      }).then(function (x) {
        var got = x[0], dict = x[1];
        var res = rank(m, qt, dict, got[0], got[1 + shards.length], got[2 + shards.length], q, person);
        res.tooCommon = !qt.length && words(q.q || "", m.fold).length > 0;
        if (res.tooCommon) res.ids = [];
        return res;
      });
    });
  };

  function rank(m, qt, dict, f, names, keys, q, person) {
    var N = m.docs, total = new Float64Array(N), hits = new Uint8Array(N), required = 0;
    var res = { terms: {}, words: qt, fuzzy: false, any: false };
    qt.forEach(function (t) {
      var exact = null, vars = [];
      dict.forEach(function (e) {
        if (e.t === t) exact = e;
        else if (t.length >= 3 && e.t.indexOf(t) === 0 && e.t[0] !== "~") vars.push([e, 0.6]);
      });
      // Longer words starting with the query ("engage" → "engagement"): the 40 most frequent.
      vars = vars.sort(function (a, b) { return b[0].total - a[0].total; }).slice(0, 40);
      if (exact) vars.push([exact, 1]);
      if (!vars.length && t.length >= 4) {
        dict.forEach(function (e) { if (near(t, e.t)) vars.push([e, 0.5]); });
        res.fuzzy = res.fuzzy || vars.length > 0;
      }
      var ws = new Float64Array(N), req = !(exact && exact.total > exact.n);
      if (!req) res.capped = true;
      vars.forEach(function (v) {
        var e = v[0], w = v[1] * Math.log(1 + N / e.total);
        res.terms[e.t] = 1;
        postings(e, function (id, fl) { var s = w * m.fw[fl]; if (s > ws[id]) ws[id] = s; });
      });
      if (req) required++;
      for (var i = 0; i < N; i++) if (ws[i] > 0) { total[i] += ws[i]; if (req) hits[i]++; }
    });
    var cand = [];
    if (!qt.length) for (var i = 0; i < N; i++) cand.push(i);
    else {
      for (i = 0; i < N; i++) if (required ? hits[i] === required : total[i] > 0) cand.push(i);
      if (!cand.length && required > 1) {
        res.any = true;
        for (i = 0; i < N; i++) if (total[i] > 0) cand.push(i);
      }
    }
    // Filters: AND across kinds, OR within one; each count ignores its own kind's filter.
    var inReview = null, theme = 0, owned = null;
    if (names && q.review) {
      var ri = names.reviews.findIndex(function (r) { return r.slug === q.review; });
      inReview = ri;
      if (ri >= 0 && q.theme) theme = 1 + names.reviews[ri].themes.findIndex(function (t) { return t[0] === q.theme; });
    }
    if (person) {
      owned = new Uint8Array(N);
      dict.forEach(function (e) { if (e.t === person) postings(e, function (id) { owned[id] = 1; }); });
    }
    var st = f.statuses.map(function (s) { return q.status && q.status.indexOf(s[0]) >= 0; });
    var de = f.decisions.map(function (d) { return q.decision && q.decision.indexOf(d[0]) >= 0; });
    var anySt = st.indexOf(true) >= 0, anyDe = de.indexOf(true) >= 0;
    var cs = f.statuses.map(function () { return 0; }), cd = f.decisions.map(function () { return 0; }), co = 0;
    var ids = cand.filter(function (id) {
      var fl = f.flags[id], s = fl & 7, d = (fl >> 3) & 7, od = (fl >> 6) & 1;
      var other = (inReview === null || f.review[id] === inReview) && (!theme || f.theme[id] === theme) && (!owned || owned[id]);
      var okS = !anySt || st[s], okD = !anyDe || de[d], okO = !q.overdue || od;
      if (!other) return false;
      if (okD && okO) cs[s]++;
      if (okS && okO) cd[d]++;
      if (okS && okD && od) co++;
      return okS && okD && okO;
    });
    if (q.sort === "updated" && keys) ids.sort(function (a, b) { return keys[b] - keys[a] || a - b; });
    else if (q.sort !== "number" && qt.length) ids.sort(function (a, b) { return total[b] - total[a] || a - b; });
    res.ids = ids;
    res.counts = { status: keyed(f.statuses, cs), decision: keyed(f.decisions, cd), overdue: co };
    res.facets = f;
    return res;
  }

  function keyed(pairs, n) {
    var o = {};
    pairs.forEach(function (p, i) { o[p[0]] = n[i]; });
    return o;
  }

  /* Cards of `ids`, fetched by shard: [{id, number, title, url, summary, updated, review, status, overdue}]. */
  Index.prototype.cards = function (ids, f) {
    var self = this, per = this.m.cards.per;
    return Promise.all(ids.map(function (id) {
      return self.cardShard(Math.floor(id / per)).then(function (rows) {
        var c = rows[id % per], fl = f.flags[id];
        return { id: id, number: c[0], title: c[1], url: c[2], summary: c[3], updated: c[4], review: c[5],
          status: f.statuses[fl & 7], overdue: !!(fl & 64) };
      });
    }));
  };

  var engine = { words: words, stem: stem, terms: terms, near: near, Index: Index };
  if (typeof module === "object" && module.exports) module.exports = engine;
  if (typeof document === "undefined") return;

  /* ---- The page ---- */
  var form = document.querySelector("form.search-form"), out = document.getElementById("search-results");
  var say = document.getElementById("search-status");
  if (!form || !out || !say || !form.dataset.manifest) return;
  var index = new Index(new URL(form.dataset.manifest, location.href).href), PAGE = 10, shown = [], seq = 0;
  var extra = form.querySelector("[data-search-js]");
  if (extra) extra.hidden = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function query() {
    var d = new FormData(form);
    return { q: (d.get("q") || "").trim(), status: d.getAll("status"), decision: d.getAll("decision"),
      overdue: !!d.get("overdue"), review: d.get("review") || "", theme: d.get("theme") || "",
      person: d.get("person") || "", sort: d.get("sort") || "relevance" };
  }

  function toUrl() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v && !(k === "sort" && v === "relevance")) p.append(k, v); });
    var s = p.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  function fromUrl() {
    var p = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name) return;
      if (e.type === "checkbox") e.checked = p.getAll(e.name).indexOf(e.value) >= 0;
      else if (e.tagName === "SELECT") {
        var v = p.get(e.name) || "";
        if (v && !e.querySelector('option[value="' + CSS.escape(v) + '"]')) e.add(new Option(v, v));
        e.value = v || (e.options[0] ? e.options[0].value : "");
      } else if (e.type !== "submit" && e.type !== "button") e.value = p.get(e.name) || "";
    });
  }

  /* Fill the review, theme and person lists from the names file (on demand). */
  function fillNames() {
    return index.manifest().then(function () { return index.names(); }).then(function (n) {
      var r = form.elements.review, t = form.elements.theme, p = form.elements.person;
      if (r && !r.dataset.filled) fill(r, n.reviews.map(function (x) { return [x.slug, x.title]; }));
      if (p && !p.dataset.filled) fill(p, n.people);
      if (t) {
        var rv = n.reviews.find(function (x) { return x.slug === (r && r.value); });
        fill(t, rv ? rv.themes : []);
        t.disabled = !rv || !rv.themes.length;
      }
    });
  }
  function fill(sel, pairs) {
    var v = sel.value;
    sel.length = 1;
    pairs.forEach(function (x) { sel.add(new Option(x[1], x[0])); });
    sel.value = v;
    if (sel.value !== v) sel.value = "";
    sel.dataset.filled = "1";
  }

  /* Marks the words of `text` whose stems matched. */
  function marked(parent, text, matched, m) {
    text.split(/([^\p{L}\p{N}’']+)/u).forEach(function (part) {
      var w = words(part, m.fold)[0];
      var hit = w && matched[stem(w)];
      parent.append(hit ? el("mark", "", part) : part);
    });
    return parent;
  }

  function card(c, res) {
    var li = el("li", "search-result"), h = el("h2", "search-result__title"), a = el("a");
    a.href = c.url;
    marked(a, "Recommendation " + c.number + ": " + c.title, res.terms, index.m);
    h.append(a);
    var meta = el("p", "search-result__meta");
    meta.append(el("strong", "tag tag--" + c.status[0], c.status[1]), " ");
    if (c.overdue) meta.append(el("strong", "flag flag--overdue", "Overdue"), " ");
    meta.append(c.review + (c.updated ? " · Last update " + c.updated : ""));
    li.append(h, meta, marked(el("p", "search-result__summary"), c.summary, res.terms, index.m));
    return li;
  }

  /* "(12)" after each filter's label: how many results choosing it would give. */
  function counts(res) {
    var c = res.counts;
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var n = box.name === "overdue" ? c.overdue : (c[box.name] || {})[box.value];
      var label = box.labels && box.labels[0];
      if (!label || n === undefined) return;
      var span = label.querySelector(".search-count") || label.appendChild(el("span", "search-count"));
      span.textContent = " (" + n + ")";
    });
  }

  function message(res, q) {
    var n = res.ids.length, what = n === 1 ? "1 result" : n.toLocaleString("en-GB") + " results";
    var filtered = q.status.length || q.decision.length || q.overdue || q.review || q.person;
    if (res.tooCommon) return "No results: ‘" + q.q + "’ is too common to search for. Try a more specific word.";
    if (!res.words.length) return what + (filtered ? " for the chosen filters" : "");
    return what + " for ‘" + q.q + "’" + (filtered ? " with the chosen filters" : "") +
      (res.any ? " (containing some of the words)" : "") + (res.fuzzy ? " (including close spellings)" : "") +
      (res.capped ? " (for very common words, only the best matches)" : "");
  }

  /* Append the next page of results to `list`; resolves to its first item. */
  function page(res, list) {
    var next = res.ids.slice(shown.length, shown.length + PAGE);
    return index.cards(next, res.facets).then(function (cards) {
      shown = shown.concat(next);
      var items = cards.map(function (c) { return card(c, res); });
      list.append.apply(list, items);
      return items[0];
    });
  }

  function moreButton(res, list) {
    var btn = el("button", "button search-more", "Show more results");
    btn.type = "button";
    btn.addEventListener("click", function () {
      page(res, list).then(function (first) {
        if (shown.length >= res.ids.length) btn.remove();
        if (first) first.querySelector("a").focus();
      });
    });
    return btn;
  }

  function run(push) {
    var my = ++seq, e = form.elements;
    // A new history entry only when the URL really changes, so Back goes to the previous search.
    var here = location.pathname + location.search, next = toUrl();
    if (push === true && next !== here) history.pushState(null, "", next);
    else if (push !== undefined) history.replaceState(null, "", next);
    // Review, theme and person filters need the names file (to enable and fill the lists).
    var named = (e.review && e.review.value) || (e.person && e.person.value);
    (named ? fillNames() : Promise.resolve()).catch(function () {}).then(function () {
      var q = query();
      if (my !== seq) return;
      if (!q.q && !q.status.length && !q.decision.length && !q.overdue && !q.review && !q.person) {
        out.replaceChildren();
        say.textContent = "";
        return;
      }
      out.setAttribute("aria-busy", "true");
      return index.search(q).then(function (res) {
        if (my !== seq) return;
        shown = [];
        var list = el("ol", "search-results__list");
        return page(res, list).then(function () {
          if (my !== seq) return;
          out.replaceChildren(list);
          if (shown.length < res.ids.length) out.append(moreButton(res, list));
          counts(res);
          say.textContent = message(res, q);
        });
      }).catch(function () {
        say.textContent = "Search is not available just now. Please try again, or browse by status or person.";
      }).then(function () { out.removeAttribute("aria-busy"); });
    });
  }

  // The first change after a load, a submit or Back starts a new history entry; later
  // keystrokes of the same search only update it.
  var timer = 0, fresh = true;
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(fresh); fresh = true; });
  form.addEventListener("input", function (e) {
    if (e.target.name === "review" && form.elements.theme) form.elements.theme.value = "";
    clearTimeout(timer);
    timer = setTimeout(function () { run(fresh); fresh = false; }, e.target.type === "search" ? 200 : 0);
  });
  form.addEventListener("change", function (e) {
    if (e.target.name === "review") fillNames().catch(function () {});
  });
  ["focusin", "pointerdown"].forEach(function (ev) {
    form.addEventListener(ev, function (e) { if (e.target.tagName === "SELECT" && e.target.name !== "sort") fillNames().catch(function () {}); });
  });
  window.addEventListener("popstate", function () { fromUrl(); fresh = true; run(); });
  fromUrl();
  run();
})();
