// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  function updateCounter(textarea) {
    var counter = document.querySelector('[data-counter-for="' + textarea.id + '"]');
    var limit = parseInt(textarea.getAttribute("data-limit"), 10);
    if (!counter || !limit) { return; }
    var used = Array.from(textarea.value.trim()).length;
    var left = limit - used;
    counter.textContent = left >= 0
      ? left + " of " + limit + " characters left"
      : "Too long by " + (-left) + " characters (limit " + limit + ")";
    counter.classList.toggle("counter-over", left < 0);
  }

  function wire(root) {
    root.querySelectorAll("textarea[data-limit]").forEach(function (textarea) {
      if (textarea.dataset.wired) { return; }
      textarea.dataset.wired = "1";
      textarea.addEventListener("input", function () { updateCounter(textarea); });
      updateCounter(textarea);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
  document.addEventListener("htmx:load", function (event) { wire(event.target); });

  // Confirmation for destructive buttons, without inline script.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // After htmx replaces a form that had errors, move focus to the error summary for screen readers.
  document.addEventListener("htmx:afterSettle", function (event) {
    var summary = event.target.querySelector && event.target.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
