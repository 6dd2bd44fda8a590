// The projector's wall and themes view fit the screen, whatever the count (issue 10).
//
// Fit first: the type steps down, in sizes relative to the screen's height, as statements arrive,
// until everything fits or the smallest readable size is reached. Then pages: the items are cut
// into screens that turn by themselves every data-page-seconds, with "Page 2 of 4" and a pause and
// a next button for the facilitator (keyboard: Space pauses, arrows turn).
//
// It works on whatever the poll put on the page: it watches the area for new children, so it does
// not care how (or how often) the server answers. Items are the [data-fit-item] children of the
// [data-fit] list: "flow" lists (statements) run in columns; "grid" lists (themes) are cut into
// equal cells whose own statements are clipped with "+ 3 more".
(function () {
  "use strict";

  // Type sizes as % of the viewport height, largest first; the last is the readable minimum.
  var FLOW_STEPS = [5, 4.5, 4, 3.6, 3.2, 2.9, 2.6, 2.4, 2.2];
  var GRID_STEPS = [3.6, 3.2, 2.9, 2.6, 2.4, 2.2];
  var EPSILON = 0.5;

  function inside(outer, rect) {
    return rect.top >= outer.top - EPSILON && rect.left >= outer.left - EPSILON &&
      rect.bottom <= outer.bottom + EPSILON && rect.right <= outer.right + EPSILON;
  }

  function itemsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) { return el.hasAttribute("data-fit-item"); });
  }

  function show(items, from, to) {
    items.forEach(function (item, index) { item.hidden = index < from || index >= to; });
  }

  function setFont(list, vh) {
    list.style.fontSize = (window.innerHeight * vh / 100).toFixed(1) + "px";
  }

  // How many items from `from` on fit inside the list, the others being laid out after them.
  function fittingFrom(list, items, from) {
    show(items, from, items.length);
    var box = list.getBoundingClientRect();
    var count = 0;
    for (var i = from; i < items.length; i++) {
      if (!inside(box, items[i].getBoundingClientRect())) { break; }
      count++;
    }
    return count;
  }

  function cutIntoPages(list, items, pageOf) {
    var pages = [];
    var from = 0;
    while (from < items.length) {
      var count = Math.max(1, pageOf(from));
      pages.push([from, Math.min(items.length, from + count)]);
      from += count;
    }
    return pages;
  }

  function layoutFlow(list, items) {
    for (var s = 0; s < FLOW_STEPS.length; s++) {
      setFont(list, FLOW_STEPS[s]);
      if (fittingFrom(list, items, 0) === items.length) { return [[0, items.length]]; }
    }
    return cutIntoPages(list, items, function (from) { return fittingFrom(list, items, from); });
  }

  // Themes: the largest type at which every theme gets a cell of at least 14 x 9 em (its name and a
  // few statements); else pages of as many such cells as fit.
  var CELL_WIDTH = 14;
  var CELL_HEIGHT = 9;
  function gridShape(count, width, height, font, gap) {
    var minWidth = CELL_WIDTH * font;
    var minHeight = CELL_HEIGHT * font;
    var maxColumns = Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
    var best = null;
    for (var columns = 1; columns <= Math.min(count, maxColumns); columns++) {
      var rows = Math.ceil(count / columns);
      var cellWidth = (width - (columns - 1) * gap) / columns;
      var cellHeight = (height - (rows - 1) * gap) / rows;
      if (cellHeight < minHeight) { continue; }
      var score = Math.min(cellWidth / (22 * font), cellHeight / (12 * font));
      if (!best || score > best.score) { best = {columns: columns, rows: rows, score: score}; }
    }
    return best;
  }

  function layoutGrid(list, items) {
    var gap = parseFloat(window.getComputedStyle(list).rowGap) || 0;
    var box = list.getBoundingClientRect();
    var shape = null;
    for (var s = 0; s < GRID_STEPS.length && !shape; s++) {
      setFont(list, GRID_STEPS[s]);
      shape = gridShape(items.length, box.width, box.height, parseFloat(list.style.fontSize), gap);
    }
    var perPage = items.length;
    if (!shape) {
      var font = parseFloat(list.style.fontSize);
      var columns = Math.max(1, Math.floor((box.width + gap) / (CELL_WIDTH * font + gap)));
      var rows = Math.max(1, Math.floor((box.height + gap) / (CELL_HEIGHT * font + gap)));
      shape = {columns: columns, rows: rows};
      perPage = columns * rows;
    }
    list.style.gridTemplateColumns = "repeat(" + shape.columns + ", minmax(0, 1fr))";
    list.style.gridTemplateRows = "repeat(" + shape.rows + ", minmax(0, 1fr))";
    return cutIntoPages(list, items, function () { return perPage; });
  }

  // Inside a theme's cell: the statements that fit, then "+ 3 more" for the rest. The first
  // statement always shows, cut to the lines there is room for (a two-line theme name had left
  // a card with only "+ 5 more" under it).
  function clipStatements(item) {
    var inner = item.querySelector("[data-fit-clip]");
    var more = item.querySelector("[data-fit-more]");
    if (!inner || !more) { return; }
    var lines = Array.prototype.slice.call(inner.children);
    lines.forEach(function (line) { line.hidden = false; line.style.webkitLineClamp = ""; });
    more.hidden = true;
    for (var attempt = 0; attempt < 2; attempt++) {
      var box = inner.getBoundingClientRect();
      var shown = 0;
      while (shown < lines.length && !lines[shown].hidden && inside(box, lines[shown].getBoundingClientRect())) { shown++; }
      if (shown === lines.length) { return; }
      if (shown === 0 && lines.length) {
        var first = lines[0];
        var height = parseFloat(getComputedStyle(first).lineHeight) || first.getBoundingClientRect().height / 3;
        var room = box.bottom - first.getBoundingClientRect().top;
        first.style.webkitLineClamp = String(Math.max(1, Math.floor(room / height)));
        shown = 1;
      }
      for (var i = shown; i < lines.length; i++) { lines[i].hidden = true; }
      more.hidden = false;
      more.textContent = "+ " + (lines.length - shown) + " more";
    }
  }

  function Wall(root) {
    this.root = root;
    this.seconds = Math.max(0.05, parseFloat(root.getAttribute("data-page-seconds")) || 12);
    this.pager = root.querySelector("[data-pager]");
    this.status = root.querySelector("[data-page-status]");
    this.pauseButton = root.querySelector("[data-page-pause]");
    this.area = root.querySelector("[data-fit-area]") || root;
    this.pages = [[0, 0]];
    this.page = 0;
    this.paused = false;
    this.timer = null;
    this.anchor = null;
    root.classList.add("wall-fitted");
    this.wire();
    this.layout();
  }

  Wall.prototype.list = function () { return this.area.querySelector("[data-fit]"); };

  Wall.prototype.layout = function () {
    var list = this.list();
    if (!list) { return; }
    var items = itemsOf(list);
    var kind = list.getAttribute("data-fit");
    this.pages = items.length ? (kind === "grid" ? layoutGrid(list, items) : layoutFlow(list, items)) : [[0, 0]];
    this.page = 0;
    var kept = false;
    if (this.anchor) {
      var index = items.findIndex(function (item) { return item.getAttribute("data-id") === this.anchor; }, this);
      for (var p = 0; p < this.pages.length && index >= 0; p++) {
        if (index >= this.pages[p][0] && index < this.pages[p][1]) { this.page = p; kept = true; break; }
      }
    }
    // A poll that brings news must not restart the page's time, or a busy room would freeze the wall.
    this.showPage(kept && this.timer !== null);
    if (this.observer) { this.observer.takeRecords(); }  // our own changes are not news
  };

  Wall.prototype.showPage = function (keepTimer) {
    var list = this.list();
    if (!list) { return; }
    var items = itemsOf(list);
    var range = this.pages[this.page] || [0, items.length];
    show(items, range[0], range[1]);
    if (list.getAttribute("data-fit") === "grid") {
      for (var i = range[0]; i < range[1]; i++) { clipStatements(items[i]); }
    }
    this.anchor = items[range[0]] ? items[range[0]].getAttribute("data-id") : null;
    var several = this.pages.length > 1;
    if (this.pager) { this.pager.hidden = !several; }
    if (this.status) { this.status.textContent = "Page " + (this.page + 1) + " of " + this.pages.length; }
    this.root.setAttribute("data-page", String(this.page + 1));
    this.root.setAttribute("data-pages", String(this.pages.length));
    if (!keepTimer) { this.schedule(); }
    if (this.observer) { this.observer.takeRecords(); }
  };

  Wall.prototype.schedule = function () {
    window.clearTimeout(this.timer);
    this.timer = null;
    if (this.paused || this.pages.length < 2) { return; }
    var self = this;
    this.timer = window.setTimeout(function () { self.turn(1); }, this.seconds * 1000);
  };

  Wall.prototype.turn = function (step) {
    this.page = (this.page + step + this.pages.length) % this.pages.length;
    this.showPage();
  };

  Wall.prototype.togglePause = function () {
    this.paused = !this.paused;
    if (this.pauseButton) {
      this.pauseButton.setAttribute("aria-pressed", String(this.paused));
      this.pauseButton.textContent = this.paused ? "Resume" : "Pause";
    }
    this.root.classList.toggle("wall-paused", this.paused);
    this.schedule();
  };

  Wall.prototype.wire = function () {
    var self = this;
    var pending = null;
    function later() {
      if (pending) { return; }
      pending = window.requestAnimationFrame(function () { pending = null; self.layout(); });
    }
    this.observer = new MutationObserver(later);
    this.observer.observe(this.area, {childList: true, subtree: true});
    window.addEventListener("resize", later);
    this.root.addEventListener("click", function (event) {
      if (event.target.closest("[data-page-pause]")) { self.togglePause(); }
      if (event.target.closest("[data-page-next]")) { self.turn(1); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var typing = event.target.closest && event.target.closest("button, a, input, select, textarea");
      if (typing) { return; }
      if (event.key === "ArrowRight" || event.key === "PageDown") { self.turn(1); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { self.turn(-1); event.preventDefault(); }
      if (event.key === " " || event.key === "p") { self.togglePause(); event.preventDefault(); }
    });
  };

  // The join address on one line where it can be: the type steps down to fit the panel, but
  // not below 1.5rem nor 3.2 % of the screen's height; a host name too long for that keeps its size and breaks after a dot, in
  // balanced lines. "127.0.0." above "1:5091" is misread from the back of the room.
  function fitOneLine(el) {
    el.style.fontSize = "";
    el.style.whiteSpace = "nowrap";
    var overflow = el.scrollWidth / Math.max(1, el.clientWidth);
    if (overflow > 1) {
      var size = parseFloat(window.getComputedStyle(el).fontSize);
      // still read from the back: 1.5rem, and 3.2 % of the screen's height (a venue's "192.168.100.23:5000" on one line at 1366 x 768)
      var smallest = Math.max(1.5 * parseFloat(window.getComputedStyle(document.documentElement).fontSize), 0.032 * window.innerHeight);
      var fitted = Math.floor(size / overflow);
      if (fitted >= smallest) { el.style.fontSize = fitted + "px"; }
    }
    el.style.whiteSpace = "";
  }

  function fitAddresses() {
    document.querySelectorAll("[data-fit-line]").forEach(fitOneLine);
  }

  function start() {
    document.querySelectorAll("[data-wall]").forEach(function (root) { root.wall = new Wall(root); });
    fitAddresses();
    window.addEventListener("resize", fitAddresses);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
