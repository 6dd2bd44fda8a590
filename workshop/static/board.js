// Drag and drop on the themes board, as a progressive enhancement: dropping a statement on a
// theme fills in that statement's own "Move to…" form and submits it, exactly as the buttons do.
(function () {
  "use strict";

  var dragged = null;

  function dropTarget(event) {
    return event.target.closest && event.target.closest("[data-drop-target]");
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-statement]");
    if (!item) { return; }
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-statement"));
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
    var id = dragged.getAttribute("data-statement");
    var form = document.getElementById("move-" + id);
    var select = form && form.querySelector("select[name=target]");
    var value = target.getAttribute("data-drop-target");
    if (!select || select.value === value) { return; }
    select.value = value;
    form.requestSubmit();
  });
})();
