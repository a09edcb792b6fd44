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
    message.textContent = event.detail.xhr.responseText || "Something went wrong.";
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

  // A swap replaces the button that was pressed, and focus would fall back to <body>. Note which
  // control had focus (by its name and value) and give focus to its successor in the new
  // content, or to the new content's first control when that one is gone (a "Clear" button).
  var focused = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    focused = null;
    if (!target || !target.id || !active || active === document.body || !target.contains(active)) {
      return;
    }
    focused = {
      region: target.id,
      tag: active.tagName,
      name: active.getAttribute("name"),
      value: active.getAttribute("value"),
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!focused) { return; }
    var region = document.getElementById(focused.region);
    var was = focused;
    focused = null;
    if (!region || region.contains(document.activeElement)) { return; }
    var same = Array.prototype.find.call(
      region.querySelectorAll(was.tag),
      function (control) {
        return control.getAttribute("name") === was.name && control.getAttribute("value") === was.value;
      }
    );
    var next = same || region.querySelector("button, a[href], input:not([type=hidden]), select, textarea");
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
