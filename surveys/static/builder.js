// Drag and drop to reorder a section's questions, where the browser supports it.
// Without JavaScript the "Move up" and "Move down" buttons do the same, one step at a time.
(function () {
  "use strict";
  var dragged = null;

  function submitOrder(list) {
    var form = document.querySelector('[data-reorder-form="' + list.getAttribute("data-reorder") + '"]');
    if (!form) { return; }
    var keys = Array.from(list.querySelectorAll("[data-key]")).map(function (item) { return item.getAttribute("data-key"); });
    form.querySelector('input[name="order"]').value = keys.join(",");
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-reorder] > [draggable=true]");
    if (!item) { return; }
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-key"));
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var over = event.target.closest && event.target.closest("[data-reorder] > [draggable=true]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) { event.preventDefault(); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var list = dragged.parentNode;
    dragged.classList.remove("dragging");
    dragged = null;
    submitOrder(list);
  });
})();
