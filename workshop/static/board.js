// The themes board's progressive enhancements. Drag and drop: dropping a statement on a theme
// points the board's one move form at that statement and submits it, exactly as its "Move…" menu
// does. Focus: after htmx redraws the board, focus goes back to the statement or theme the
// facilitator was working on, and into a move menu when one is loaded, so the keyboard never
// falls back to the top of the page.
(function () {
  "use strict";

  var dragged = null;

  function dropTarget(event) {
    return event.target.closest && event.target.closest("[data-drop-target]");
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest(".board-statement");
    if (!item) { return; }
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    dragged = null;
    document.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var target = dropTarget(event);
    if (!target || !dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var target = dropTarget(event);
    if (target && !target.contains(event.relatedTarget)) { target.classList.remove("is-drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var target = dropTarget(event);
    if (!target || !dragged) { return; }
    event.preventDefault();
    target.classList.remove("is-drop-target");
    var form = document.querySelector("[data-move-form]");
    var value = target.getAttribute("data-drop-target");
    var home = dragged.closest("[data-drop-target]");
    if (!form || (home && home.getAttribute("data-drop-target") === value)) { return; }
    var link = dragged.querySelector(".move-link");
    if (!link) { return; }
    var url = link.getAttribute("href");
    form.setAttribute("action", url);
    form.querySelector("input[name=target]").value = value;
    if (window.htmx) {
      window.htmx.ajax("POST", url, {source: form, target: "#board", swap: "outerHTML"});
    } else {
      form.submit();
    }
  });

  // "Move…" opens the statement's menu inside its card (the link itself opens it as a page).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#board .move-link");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href"), {source: link, target: link, swap: "outerHTML"});
  });

  var workingOn = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var place = event.target.closest && event.target.closest("#board .board-statement, #board .theme-column");
    if (place && place.id) { workingOn = place.id; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var menu = document.querySelector("#board [data-autofocus]");
    if (menu) {
      menu.removeAttribute("data-autofocus");
      menu.focus();
      return;
    }
    if (!workingOn || document.querySelector("#board .error-summary")) { return; }
    var place = document.getElementById(workingOn);
    workingOn = null;
    var first = place && place.querySelector("a[href], input:not([type=hidden]), button, summary");
    if (first && !place.contains(document.activeElement)) { first.focus(); }
  });
})();
