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

  // Polling paced by the server: an element with data-poll-seconds and hx-trigger="poll-due" is
  // asked for again after the number of seconds the last answer's X-Poll-Seconds header said
  // (rarely while nothing can change, often while the room is live), else its own attribute.
  var pollTimers = new WeakMap();
  function schedulePoll(el, seconds) {
    if (!el.isConnected || pollTimers.has(el)) { return; }
    var wait = seconds > 0 ? seconds : (parseFloat(el.getAttribute("data-poll-seconds")) || 3);
    pollTimers.set(el, window.setTimeout(function () {
      pollTimers.delete(el);
      if (el.isConnected && window.htmx) { window.htmx.trigger(el, "poll-due"); }
    }, wait * 1000));
  }
  function startPolls(root) {
    if (root.matches && root.matches("[data-poll-seconds]")) { schedulePoll(root, 0); }
    if (root.querySelectorAll) { root.querySelectorAll("[data-poll-seconds]").forEach(function (el) { schedulePoll(el, 0); }); }
  }
  document.addEventListener("DOMContentLoaded", function () { startPolls(document); });
  document.addEventListener("htmx:load", function (event) { startPolls(event.target); });
  document.addEventListener("htmx:afterRequest", function (event) {
    var el = event.detail && event.detail.elt;
    if (!el || !el.hasAttribute || !el.hasAttribute("data-poll-seconds")) { return; }
    var xhr = event.detail.xhr;
    var said = xhr ? parseFloat(xhr.getResponseHeader("X-Poll-Seconds")) : NaN;
    schedulePoll(el, event.detail.failed && !(said > 0) ? 10 : said);
  });

  // When the state poll redraws a phone's panel (the session opened or closed, the timer or the room's
  // activity changed), the page's own messages ("Your vote is counted.") are about what was there
  // before: they go, so that nobody reads them as being about the new activity.
  document.addEventListener("htmx:afterSwap", function (event) {
    var detail = event.detail || {};
    if (!detail.target || detail.target.id !== "panel" || !detail.requestConfig || detail.requestConfig.verb !== "get") { return; }
    document.querySelectorAll(".flashes .flash").forEach(function (el) { el.remove(); });
  });

  // Confirmation for destructive buttons, without inline script.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // Screen readers announce changes to a live region already on the page, not one swapped in whole, and
  // htmx swaps whole fragments. So text marked data-announce is copied into base.html's #announcer,
  // which stays put: when it changed, or when the swap was the person's own action (a second
  // "Thank you" after a second post is news too).
  function announceable() {
    return Array.from(document.querySelectorAll("[data-announce]"))
      .map(function (el) { return el.textContent.replace(/\s+/g, " ").trim(); })
      .filter(Boolean)
      .join(" ");
  }
  var lastAnnounced = "";
  document.addEventListener("DOMContentLoaded", function () { lastAnnounced = announceable(); });
  document.addEventListener("htmx:afterSettle", function (event) {
    var announcer = document.getElementById("announcer");
    var text = announceable();
    var swappedIn = event.target.matches && (event.target.matches("[data-announce]") || event.target.querySelector("[data-announce]"));
    var ownAction = swappedIn && event.detail && event.detail.requestConfig && event.detail.requestConfig.verb !== "get";
    if (!announcer || !text || (text === lastAnnounced && !ownAction)) { return; }
    lastAnnounced = text;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  });

  // A fragment that refreshes itself (the moderation list polls) keeps the person's open <details>
  // open: their ids are noted before htmx swaps and opened again after.
  var openDetails = [];
  document.addEventListener("htmx:beforeSwap", function () {
    openDetails = Array.from(document.querySelectorAll("details[id][open]")).map(function (el) { return el.id; });
  });
  document.addEventListener("htmx:afterSettle", function () {
    openDetails.forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.tagName === "DETAILS") { el.open = true; }
    });
  });

  // Text typed into the statement box and not sent survives a redraw of the panel by the room (the
  // facilitator closed submissions, or moved the room to a poll while someone was typing): put back
  // in the box when the new panel has one, else shown under the panel's message to copy, until it
  // has a box again or the person clears it. Not after the box's own form was sent: that text is in.
  var unsent = "";
  function showUnsent(panel) {
    var shown = document.getElementById("unsent");
    if (shown) { shown.querySelector("textarea").value = unsent; return; }
    var box = document.createElement("div");
    box.id = "unsent";
    box.className = "flash flash-error unsent";
    var say = document.createElement("p");
    say.textContent = "Not sent: what you were typing is below, so you can copy it.";
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "unsent-text";
    label.textContent = "What you were typing (not sent)";
    var text = document.createElement("textarea");
    text.id = "unsent-text";
    text.className = "input textarea";
    text.readOnly = true;
    text.rows = 3;
    text.value = unsent;
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button button-secondary";
    clear.textContent = "Clear it";
    clear.addEventListener("click", function () { unsent = ""; box.remove(); });
    box.append(say, label, text, clear);
    var message = panel.querySelector(".flash-info");
    if (message) { message.after(box); } else { panel.prepend(box); }
  }
  // The text on its way: a redraw that lands while the post is in flight must not keep it as unsent.
  var sending = "";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = document.getElementById("text");
    var form = box && box.closest("form");
    if (form && event.detail && event.detail.elt === form) { sending = box.value.trim(); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var box = document.getElementById("text");
    if (!detail.successful && box && detail.elt === box.closest("form")) { sending = ""; }  // not sent: still unsent
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail || {};
    var box = document.getElementById("text");
    var form = box && box.closest("form");
    if (form && detail.requestConfig && detail.requestConfig.elt === form) {
      // The post's own answer: what was sent is in (or comes back in the form with its error).
      if (unsent.trim() === sending) { unsent = ""; }
      sending = "";
      return;
    }
    if (!box || !box.value.trim() || box.value.trim() === sending) { return; }
    if (detail.target && detail.target.contains(box)) { unsent = box.value; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!unsent) { return; }
    var panel = document.getElementById("panel");
    var box = document.getElementById("text");
    if (box && !box.value.trim()) {
      box.value = unsent;
      unsent = "";
      updateCounter(box);
      var shown = document.getElementById("unsent");
      if (shown) { shown.remove(); }
    } else if (!box && panel) {
      showUnsent(panel);
    }
  });

  // After htmx replaces a form that had errors, move focus to the error summary for screen readers.
  document.addEventListener("htmx:afterSettle", function (event) {
    var summary = event.target.querySelector && event.target.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });

  // The room's timer: the server draws the time left ([data-timer] data-left); this counts it
  // down each second and says "Time is up" to screen readers once, when it reaches nought here
  // (not every second, and not again when a refreshed fragment already says so).
  var lastTimeUp = 0;
  function tickTimers() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      if (!el.dataset.endsAt) {
        el.dataset.endsAt = String(Date.now() + (parseInt(el.getAttribute("data-left"), 10) || 0) * 1000);
        el.dataset.running = el.getAttribute("data-left") === "0" ? "" : "1";
      }
      var left = Math.max(0, Math.ceil((parseInt(el.dataset.endsAt, 10) - Date.now()) / 1000));
      var text = el.querySelector("[data-timer-text]");
      if (!text) { return; }
      if (left > 0) {
        text.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      } else if (el.dataset.running) {
        el.dataset.running = "";
        el.classList.add("timer-done");
        el.firstChild.nodeValue = "";
        text.textContent = "Time is up";
        var announcer = document.getElementById("announcer");
        if (announcer && Date.now() - lastTimeUp > 30000) {
          lastTimeUp = Date.now();
          announcer.textContent = "";
          window.setTimeout(function () { announcer.textContent = "Time is up."; }, 50);
        }
      }
    });
  }
  // Read the time left as soon as the page or a fragment arrives, so that the count starts from
  // when the server drew it rather than up to a second later.
  document.addEventListener("DOMContentLoaded", tickTimers);
  document.addEventListener("htmx:load", tickTimers);
  window.setInterval(tickTimers, 1000);
})();
