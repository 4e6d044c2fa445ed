// The preview's browser editor: the forms work without this. It moves focus to the error
// summary after a refused save (as GOV.UK's pattern does), and asks before leaving a form
// with unsaved typing.
(function () {
  var summary = document.querySelector("[data-scrutiny-errors]");
  if (summary) summary.focus();
  var form = document.querySelector(".scrutiny-editor form");
  if (!form) return;
  var dirty = false, sending = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { sending = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !sending) { e.preventDefault(); e.returnValue = ""; }
  });
})();
