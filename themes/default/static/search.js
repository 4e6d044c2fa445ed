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
    return parse(text, m).terms;
  }

  /* The query: its terms (stems, without repeats), the kept words in order with their word
     positions (`seq`, for adjacency) and each quoted phrase as such a sequence. Positions
     count every word, stop words included, as the index does. */
  function parse(text, m) {
    var out = { terms: [], seq: [], phrases: [] }, at = 0;
    // Straight or curly quotes (phones and Macs type “ ”).
    text.split(/["“”„]/).forEach(function (part, i) {
      var phrase = [];
      words(part, m.fold).forEach(function (w) {
        var s = keep(w, m) && stem(w);
        if (s) {
          if (out.terms.indexOf(s) < 0) out.terms.push(s);
          out.seq.push({ t: s, at: at });
        }
        phrase.push({ w: w, t: s || "", at: at });
        at++;
      });
      // Odd parts were inside quotes; a phrase needs two words, one of them worth searching.
      if (i % 2 === 1 && phrase.length > 1 && phrase.some(function (x) { return x.t; })) out.phrases.push(phrase);
    });
    return out;
  }

  /* Does the word list `ws` (folded words of a text) contain `phrase` (stop words literally,
     other words by stem)? Returns the index of its first word, or -1. */
  function findPhrase(ws, phrase) {
    outer: for (var i = 0; i + phrase.length <= ws.length; i++) {
      for (var k = 0; k < phrase.length; k++) {
        var p = phrase[k], w = ws[i + k];
        if (p.t ? stem(w) !== p.t : w !== p.w) continue outer;
      }
      return i;
    }
    return -1;
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

  /* Call f(id, flags, positions) for each posting: varints (gap << 5 | flags), then for each
     positioned field in the flags a count and the word positions (as differences). Positions
     are given as field * 65536 + position, or null. */
  function postings(e, f, m) {
    var r = new Reader(e.bytes), id = -1, P = m.positioned;
    while (r.p < e.bytes.length) {
      var v = r.int(), fl = v % 32, pos = null;
      id += 1 + Math.floor(v / 32);
      for (var k = 0; k < P.length; k++) {
        if (!(fl >> P[k] & 1)) continue;
        for (var n = r.int(), p = 0; n > 0; n--) { p += r.int(); (pos || (pos = [])).push(P[k] * 65536 + p); }
      }
      f(id, fl, pos);
    }
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

  /* Edit distance of two short words, stopping early past `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        low = Math.min(low, cur[j]);
      }
      if (low > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  /* Terms of the loaded shards close to a query term that found nothing (same first letter;
     one edit for a short word, two for a longer one), the most used first: what a "Did you
     mean" can offer. */
  function suggest(qt, dict) {
    var out = [];
    qt.forEach(function (t) {
      if (dict.some(function (e) { return e.t === t; })) return;
      var max = t.length < 6 ? 1 : 2;
      dict.filter(function (e) { return e.t[0] === t[0] && e.t !== t && distance(t, e.t, max) <= max; })
        .sort(function (a, b) { return b.total - a.total; }).slice(0, 3)
        .forEach(function (e) { if (out.indexOf(e.t) < 0) out.push(e.t); });
    });
    return out.slice(0, 5);
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
      if (m.version !== 3) throw new Error("search index version " + m.version);
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
    return this.load("c" + i, "c-" + this.m.cards.hashes[i] + "-" + i + ".json", json);
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
      var pq = parse(q.q || "", m), qt = pq.terms, need = [self.facets()], wanted = {};
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
        var res = rank(m, pq, dict, got[0], got[1 + shards.length], got[2 + shards.length], q, person);
        res.tooCommon = !qt.length && words(q.q || "", m.fold).length > 0;
        if (res.tooCommon) res.ids = [];
        if (!res.ids.length && qt.length) res.near = suggest(qt, dict);
        return res;
      });
    });
  };

  /* Where two query words stand side by side in a positioned field (title, the committee's
     words, people): `a` and `b` are position lists (field * 65536 + position), `gap` how far
     apart the words are in the query. */
  function adjacent(a, b, gap) {
    if (!a || !b) return false;
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i] + gap) >= 0) return true;
    return false;
  }

  /* A quoted phrase in a document: every word at its place after the first, in one field. */
  function chained(pos, phrase) {
    var kept = phrase.filter(function (x) { return x.t; });
    var first = pos[kept[0].t];
    if (!first) return false;
    return first.some(function (p) {
      return kept.every(function (x) { var l = pos[x.t]; return l && l.indexOf(p + x.at - kept[0].at) >= 0; });
    });
  }

  var LONG = 4 | 8; // response, updates: the fields without positions (manifest `positioned`: 0, 1, 4)

  function rank(m, pq, dict, f, names, keys, q, person) {
    var qt = pq.terms, N = m.docs, total = new Float64Array(N), hits = new Uint8Array(N), required = 0;
    var res = { terms: {}, words: qt, fuzzy: false, any: false, maybe: [], phrases: pq.phrases };
    // Per query term: the fields it matched in (flags) and its positions, by document.
    var fields = qt.map(function () { return new Uint8Array(N); }), pos = qt.map(function () { return {}; });
    // Positions of the exact word only (not of longer words or close spellings): for phrases.
    var exactPos = qt.map(function () { return {}; });
    res.matched = new Uint8Array(N);
    qt.forEach(function (t, ti) {
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
      var ws = new Float64Array(N), req = !(exact && exact.total > exact.n), fl = fields[ti], ps = pos[ti], xs = exactPos[ti];
      if (!req) res.capped = true;
      vars.forEach(function (v) {
        var e = v[0], w = v[1] * Math.log(1 + N / e.total);
        res.terms[e.t] = 1;
        postings(e, function (id, flags, at) {
          var s = w * m.fw[flags];
          if (s > ws[id]) ws[id] = s;
          fl[id] |= flags;
          if (at) ps[id] = ps[id] ? ps[id].concat(at) : at;
          if (at && e === exact) xs[id] = at;
        }, m);
      });
      if (req) required++;
      for (var i = 0; i < N; i++) if (ws[i] > 0) { total[i] += ws[i]; res.matched[i] |= fl[i]; if (req) hits[i]++; }
    });
    var cand = [];
    if (!qt.length) for (var i = 0; i < N; i++) cand.push(i);
    else {
      for (i = 0; i < N; i++) if (required ? hits[i] === required : total[i] > 0) cand.push(i);
      if (!cand.length && required > 1 && !pq.phrases.length) {
        for (i = 0; i < N; i++) if (total[i] > 0) cand.push(i);
        res.any = cand.length > 0;
      }
    }
    // Words side by side rank above words apart: each pair of neighbouring query words found
    // next to each other in a positioned field adds to the score, and words in one field
    // (any field) add a little. A quoted phrase must be there: in a positioned field it is
    // checked here; in the response or updates only the page can tell (`maybe`).
    var seq = pq.seq, pairs = [];
    for (var k = 0; k + 1 < seq.length; k++) {
      var a = qt.indexOf(seq[k].t), b = qt.indexOf(seq[k + 1].t);
      if (a !== b) pairs.push([a, b, seq[k + 1].at - seq[k].at]);
    }
    var maybe = {};
    cand = cand.filter(function (id) {
      var byTerm = {};
      qt.forEach(function (t, ti) { byTerm[t] = exactPos[ti][id]; });
      for (var p = 0; p < pq.phrases.length; p++) {
        // The index cannot see stop words: a phrase with one ("head of housing") is checked
        // in the page even when its other words stand in place.
        var stops = pq.phrases[p].some(function (x) { return !x.t; });
        if (!stops && chained(byTerm, pq.phrases[p])) continue;
        var kept = pq.phrases[p].filter(function (x) { return x.t; });
        var common = kept.reduce(function (c, x) { return c & fields[qt.indexOf(x.t)][id]; }, stops ? 31 : LONG);
        if (!common) return false;
        maybe[id] = 1;
      }
      if (qt.length > 1) {
        var adj = 0, shared = 31;
        pairs.forEach(function (pr) { if (adjacent(pos[pr[0]][id], pos[pr[1]][id], pr[2])) adj++; });
        qt.forEach(function (t, ti) { shared &= fields[ti][id]; });
        total[id] *= 1 + (pairs.length ? 2 * adj / pairs.length : 0) + (shared ? 0.25 : 0);
      }
      // A phrase not yet seen side by side ranks after those that were.
      if (maybe[id]) total[id] *= 0.5;
      return true;
    });
    res.maybe = cand.filter(function (id) { return maybe[id]; });
    // Filters: AND across kinds, OR within one; each count ignores its own kind's filter.
    var inReview = null, theme = 0, owned = null;
    if (names && q.review) {
      var ri = names.reviews.findIndex(function (r) { return r.slug === q.review; });
      inReview = ri;
      if (ri >= 0 && q.theme) theme = 1 + names.reviews[ri].themes.findIndex(function (t) { return t[0] === q.theme; });
    }
    if (person) {
      owned = new Uint8Array(N);
      dict.forEach(function (e) { if (e.t === person) postings(e, function (id) { owned[id] = 1; }, m); });
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

  /* Cards of `ids`, fetched by shard: [{id, number, title, url, summary, updated, review, flags,
     status, overdue}]; flags are [style, phrase] pairs, in the pages' words. */
  Index.prototype.cards = function (ids, f) {
    var self = this, per = this.m.cards.per;
    return Promise.all(ids.map(function (id) {
      return self.cardShard(Math.floor(id / per)).then(function (rows) {
        var c = rows[id % per], fl = f.flags[id];
        return { id: id, number: c[0], title: c[1], url: c[2], summary: c[3], updated: c[4], review: c[5],
          flags: c[6] || [], status: f.statuses[fl & 7], overdue: !!(fl & 64) };
      });
    }));
  };

  /* The text of a recommendation's page by field, for phrases in the response and updates
     and for the passage shown under a result: [{field, label, text}]. Only in a browser. */
  Index.prototype.pageText = function (url) {
    var self = this;
    if (!this.memo["p" + url]) {
      this.memo["p" + url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        return Array.prototype.map.call(doc.querySelectorAll("[data-search-field]"), function (e) {
          return { field: e.dataset.searchField, label: e.dataset.searchLabel || "", text: e.textContent.replace(/\s+/g, " ").trim() };
        });
      });
      this.memo["p" + url].catch(function () { delete self.memo["p" + url]; });
    }
    return this.memo["p" + url];
  };

  var FIELD_WEIGHT = { recommendation: 5, people: 6, response: 2, update: 1.5 };

  /* The passage of a page's fields that best matches the query: the sentence with the most
     matched words (a quoted phrase or words side by side count double), heavier fields first
     on a tie. `skip` names fields the result already shows. */
  function bestPassage(fields, res, m, skip) {
    var best = null;
    fields.forEach(function (fd) {
      if (skip[fd.field]) return;
      (fd.text.match(/[^.!?;:]+[.!?;:]*/g) || []).forEach(function (sentence) {
        sentence = sentence.trim();
        var ws = words(sentence, m.fold), n = 0, seen = {}, near = 0;
        ws.forEach(function (w, i) {
          var st = stem(w);
          if (!res.terms[st]) return;
          if (!seen[st]) n++;
          seen[st] = 1;
          if (i > 0 && res.terms[stem(ws[i - 1])] && stem(ws[i - 1]) !== st) near++;
        });
        if (!n) return;
        res.phrases.forEach(function (ph) { if (findPhrase(ws, ph) >= 0) near += ph.length; });
        var score = n * 10 + near * 10 + FIELD_WEIGHT[fd.field];
        if (!best || score > best.score) best = { score: score, field: fd.field, label: fd.label, text: sentence };
      });
    });
    return best;
  }

  /* Cut `text` to about `max` characters around its first matched word. */
  function around(text, res, m, max) {
    if (text.length <= max) return text;
    var parts = text.split(/([^\p{L}\p{N}’']+)/u), at = 0, first = -1;
    for (var i = 0; i < parts.length; i++) {
      var w = words(parts[i], m.fold)[0];
      if (w && res.terms[stem(w)]) { first = at; break; }
      at += parts[i].length;
    }
    var from = first > max / 2 ? text.lastIndexOf(" ", first - 60) + 1 : 0;
    var cut = text.slice(from, from + max), end = cut.lastIndexOf(" ");
    if (from + max < text.length && end > max / 2) cut = cut.slice(0, end);
    return (from > 0 ? "…" : "") + cut + (from + cut.length < text.length ? "…" : "");
  }

  var engine = { words: words, stem: stem, terms: terms, parse: parse, findPhrase: findPhrase, bestPassage: bestPassage,
    around: around, near: near, distance: distance, suggest: suggest, Index: Index };
  if (typeof module === "object" && module.exports) module.exports = engine;
  if (typeof document === "undefined") return;

  /* ---- The page ---- */
  var form = document.querySelector("form.search-form"), out = document.getElementById("search-results");
  var say = document.getElementById("search-status");
  if (!form || !out || !say || !form.dataset.manifest) return;
  var index = new Index(new URL(form.dataset.manifest, location.href).href), PAGE = 10, shown = [], seq = 0;
  var area = form.closest(".search-layout") || form, filters = form.querySelector(".search-filters");
  document.querySelectorAll("[data-search-js]").forEach(function (x) { x.hidden = false; });

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
    c.flags.forEach(function (g) { meta.append(el("strong", "flag flag--" + g[0], g[1]), " "); });
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

  /* The query as the resident typed it, in quotes unless it has its own: ‘youth forum’, but
     "youth forum" as typed, not ‘"youth forum"’. */
  function said(text) {
    return /["“”„]/.test(text) ? text : "‘" + text + "’";
  }

  function message(res, q) {
    var n = res.ids.length, what = (res.approx ? "About " : "") + (n === 1 ? "1 result" : n.toLocaleString("en-GB") + " results");
    var filtered = q.status.length || q.decision.length || q.overdue || q.review || q.person;
    if (res.tooCommon) return "No results: " + said(q.q) + " is too common to search for. Try a more specific word.";
    if (!res.words.length) return (n ? what : "No results") + (filtered ? " for the chosen filters" : "");
    if (!n) return "No results for " + said(q.q) + (filtered ? " with the chosen filters" : "") + ".";
    return what + " for " + said(q.q) + (filtered ? " with the chosen filters" : "") +
      (res.any ? " (none has every word: these have some of them)" : "") + (res.fuzzy ? " (including close spellings)" : "") +
      (res.capped ? " (for very common words, only the best matches)" : "");
  }

  /* Under each result whose words matched outside what the result shows (the response, an
     update, a person, or the committee's words past the summary), the best passage of that
     field, with its name. The page is fetched once the results are drawn. */
  function passages(cards, items, res) {
    cards.forEach(function (c, i) {
      var fl = res.matched ? res.matched[c.id] : 0, li = items[i];
      var summaryHit = !!li.querySelector(".search-result__summary mark");
      if (!res.words.length || !(fl & (4 | 8 | 16) || (fl & 2 && !summaryHit))) return;
      index.pageText(c.url).then(function (fields) {
        var best = bestPassage(fields, res, index.m, summaryHit ? { recommendation: 1 } : {});
        if (!best || !li.isConnected) return;
        var p = el("p", "search-result__passage");
        p.append(el("span", "search-result__from", best.label + ": "));
        li.append(marked(p, around(best.text, res, index.m, 220), res.terms, index.m));
      }).catch(function () {});
    });
  }

  /* A quoted phrase matched only in the response or updates (where the index keeps no word
     positions) is checked in the pages of up to 30 such results, best first; the rest are
     kept and the count says "About". */
  function verify(res) {
    var set = {};
    res.maybe.forEach(function (id) { set[id] = 1; });
    var maybe = res.ids.filter(function (id) { return set[id]; }); // in rank order
    if (!maybe.length) return Promise.resolve();
    var check = maybe.slice(0, 30);
    res.approx = maybe.length > check.length;
    return index.cards(check, res.facets).then(function (cards) {
      return Promise.all(cards.map(function (c) {
        return index.pageText(c.url).then(function (fields) {
          var ws = fields.map(function (fd) { return words(fd.text, index.m.fold); });
          return res.phrases.every(function (ph) { return ws.some(function (w) { return findPhrase(w, ph) >= 0; }); });
        }, function () { return true; });
      })).then(function (ok) {
        var drop = {}, f = res.facets, c = res.counts;
        check.forEach(function (id, i) {
          if (ok[i]) return;
          drop[id] = 1;
          // It passed every filter, so it was counted under its status, its decision and,
          // if late, overdue: the filters' counts lose it too.
          var fl = f.flags[id];
          c.status[f.statuses[fl & 7][0]]--;
          c.decision[f.decisions[(fl >> 3) & 7][0]]--;
          if (fl & 64) c.overdue--;
        });
        res.ids = res.ids.filter(function (id) { return !drop[id]; });
      });
    });
  }

  /* With no results: close terms from the index (words one or two letters apart), then the
     site's lists, which work without searching. */
  function noResults(res, q) {
    var box = el("div", "search-none"), tips = [];
    (res.near || []).forEach(function (t) {
      var a = el("a", "", t);
      var p = new URLSearchParams(location.search);
      p.set("q", t);
      a.href = location.pathname + "?" + p.toString();
      tips.push(a);
    });
    if (tips.length) {
      var p = el("p", "", "Did you mean: ");
      tips.forEach(function (a, i) { p.append(i ? ", " : "", a); });
      p.append("?");
      box.append(p);
    }
    var help = document.getElementById("search-browse");
    if (help) {
      var copy = help.cloneNode(true);
      copy.removeAttribute("id");
      copy.hidden = false;
      box.append(copy);
    }
    return box;
  }

  /* Append the next page of results to `list`; resolves to its first item. */
  function page(res, list) {
    var next = res.ids.slice(shown.length, shown.length + PAGE);
    return index.cards(next, res.facets).then(function (cards) {
      shown = shown.concat(next);
      var items = cards.map(function (c) { return card(c, res); });
      list.append.apply(list, items);
      passages(cards, items, res);
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
        if (my !== seq) return res; // a newer search is on its way: fetch no pages for this one
        return verify(res).then(function () { return res; });
      }).then(function (res) {
        if (my !== seq) return;
        shown = [];
        var list = el("ol", "search-results__list");
        return page(res, list).then(function () {
          if (my !== seq) return;
          out.replaceChildren(res.ids.length ? list : noResults(res, q));
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
  area.addEventListener("input", function (e) {
    if (e.target.name === "review" && form.elements.theme) form.elements.theme.value = "";
    clearTimeout(timer);
    timer = setTimeout(function () { run(fresh); fresh = false; }, e.target.type === "search" ? 200 : 0);
  });
  area.addEventListener("change", function (e) {
    if (e.target.name === "review") fillNames().catch(function () {});
  });
  ["focusin", "pointerdown"].forEach(function (ev) {
    form.addEventListener(ev, function (e) { if (e.target.tagName === "SELECT" && e.target.name !== "sort") fillNames().catch(function () {}); });
  });
  window.addEventListener("popstate", function () { fromUrl(); fresh = true; run(); });
  fromUrl();
  // On a narrow screen the filters fold away behind "Filter and sort" (so the first results
  // are in the first screen), unless the address chose some.
  if (filters && window.matchMedia("(max-width: 47.99em)").matches) {
    var q0 = query();
    filters.open = !!(q0.status.length || q0.decision.length || q0.overdue || q0.review || q0.person || q0.sort !== "relevance");
  }
  run();
})();
