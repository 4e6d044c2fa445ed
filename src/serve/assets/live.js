// scrutiny preview: live reload over Server-Sent Events. Served only by `scrutiny serve`.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-events");
  if (!endpoint || !window.EventSource) return;
  var source = new EventSource(endpoint);
  source.addEventListener("reload", function () {
    window.location.reload();
  });
  source.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("live", String(Date.now()));
      links[i].href = url.toString();
    }
  });
  source.addEventListener("goto", function (e) {
    if (e.data && e.data !== window.location.pathname) window.location.assign(e.data);
    else window.location.reload();
  });
})();
