// Agora's few htmx hooks and the "select words, raise a position" helper. No inline scripts:
// the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Show the short text of a failed htmx request in the flash area instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var flash = document.getElementById("flash");
    if (!flash) { return; }
    var message = document.createElement("p");
    message.className = "flash flash-error";
    message.textContent = event.detail.xhr.responseText || flash.dataset.failed;
    flash.replaceChildren(message);
  });

  // Read the outcome of an in-place change aloud: routes send it with HX-Trigger "announce".
  // Emptied first, so that the same words said twice are read twice.
  document.addEventListener("announce", function (event) {
    var region = document.getElementById("announcer");
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = event.detail.value; }, 50);
  });

  // A swap replaces the control that was used, and focus would fall back to <body>. A control
  // (a rating or stance button) that comes back in the new content gets focus again, found by
  // its name and value; a "Show more" link that the next page replaces hands focus to the
  // first thing it brought in.
  var FOCUSABLE = "button, a[href], input:not([type=hidden]), select, textarea, summary";
  var focused = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    focused = null;
    if (!target || !active || active === document.body || !target.contains(active)) { return; }
    focused = {
      region: target.id,
      before: target.previousElementSibling,
      parent: target.parentElement,
      tag: active.tagName,
      name: active.getAttribute("name"),
      value: active.getAttribute("value"),
    };
  });

  function successor(was) {
    var region = was.region && document.getElementById(was.region);
    if (region) {
      var same = Array.prototype.find.call(region.querySelectorAll(was.tag), function (control) {
        return control.getAttribute("name") === was.name && control.getAttribute("value") === was.value;
      });
      return same || region.querySelector(FOCUSABLE);
    }
    var first = was.before ? was.before.nextElementSibling : was.parent && was.parent.firstElementChild;
    if (!first) { return null; }
    return first.matches(FOCUSABLE) ? first : first.querySelector(FOCUSABLE);
  }

  document.addEventListener("htmx:afterSettle", function () {
    var was = focused;
    focused = null;
    if (!was || (document.activeElement && document.activeElement !== document.body)) { return; }
    var next = successor(was);
    if (next) { next.focus(); }
  });

  function passageOf(node) {
    var element = node && node.nodeType === 1 ? node : node && node.parentElement;
    return element ? element.closest("[data-passage]") : null;
  }

  // Turn the current selection into (passage number, quoted words) pairs, one per passage.
  function selectedQuotes() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return []; }
    var range = selection.getRangeAt(0);
    var quotes = [];
    document.querySelectorAll("[data-passage] .passage-text").forEach(function (text) {
      if (!range.intersectsNode(text)) { return; }
      var part = document.createRange();
      part.selectNodeContents(text);
      if (text.contains(range.startContainer)) { part.setStart(range.startContainer, range.startOffset); }
      if (text.contains(range.endContainer)) { part.setEnd(range.endContainer, range.endOffset); }
      var words = part.toString().replace(/\s+/g, " ").trim();
      if (words) { quotes.push([passageOf(text).dataset.passage, words]); }
    });
    return quotes;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "raise-position") { return; }
    var quotes = selectedQuotes();
    if (quotes.length === 0) { return; }
    event.preventDefault();
    event.stopPropagation();
    var params = new URLSearchParams();
    quotes.slice(0, 3).forEach(function (pair) {
      params.append("passage", pair[0]);
      params.append("quote", pair[1]);
    });
    window.location.assign(form.action + "?" + params.toString());
  }, true);
})();
