// scrutiny preview: live reload over Server-Sent Events. Served only by `scrutiny serve`.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-events");
  if (!endpoint || !window.EventSource) return;
  function connect() {
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
    // The browser retries a dropped stream by itself, but gives up on a refusal (the server
    // has too many streams open: 503): try again a little later.
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) window.setTimeout(connect, 10000);
    });
  }
  connect();
})();
