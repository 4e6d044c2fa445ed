/* scrutiny default theme: optional enhancement only. Every page works without it.
   Makes the columns of recommendation tables sortable with real buttons and aria-sort, and
   opens a folded list of earlier changes when the address points into it (a browser that
   does not open it itself would otherwise show nothing). */
(function () {
  "use strict";
  if (!document.querySelector || !("from" in Array)) return;
  var collator = window.Intl ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" }) : null;
  function key(row, i) {
    var cell = row.cells[i];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1; // blanks (no target date) last
    if (b === "") return -1;
    return collator ? collator.compare(a, b) : (a < b ? -1 : 1);
  }
  Array.from(document.querySelectorAll("table.js-sortable")).forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2 || !table.tHead) return;
    var heads = Array.from(table.tHead.rows[0].cells);
    var original = Array.from(body.rows);
    heads.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var rows = original.slice().sort(function (a, b) {
          var c = compare(key(a, i), key(b, i));
          if (dir === "descending" && key(a, i) !== "" && key(b, i) !== "") c = -c;
          return c || original.indexOf(a) - original.indexOf(b);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
(function () {
  "use strict";
  if (!document.getElementById || !window.addEventListener) return;
  function reveal() {
    var id;
    // A hand-typed fragment may hold a stray "%": take it as it is written.
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = location.hash.slice(1); }
    var el = id && document.getElementById(id);
    if (!el) return;
    var opened = false;
    for (var p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; opened = true; }
    }
    if (opened) el.scrollIntoView();
  }
  reveal();
  window.addEventListener("hashchange", reveal);
})();
