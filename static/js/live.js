// Live evenings: count the phase timer down between updates, and poll for the state when live
// updates (server-sent events) fail, until they flow again.
(function () {
  "use strict";

  function clock(seconds) {
    var sign = seconds < 0 ? "\u2212" : "";
    var whole = Math.abs(seconds);
    var rest = whole % 60;
    return sign + Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  window.setInterval(function () {
    document.querySelectorAll(".timer[data-running='1']").forEach(function (timer) {
      var left = parseInt(timer.dataset.remaining, 10) - 1;
      timer.dataset.remaining = String(left);
      timer.textContent = clock(left);
      timer.classList.toggle("over", left < 0);
    });
  }, 1000);

  var polling = null;

  function say(state) {
    var line = document.getElementById("connection");
    if (line) { line.textContent = line.dataset[state] || ""; }
    document.body.dataset.live = state;
  }

  function poll() {
    document.querySelectorAll("[data-poll]").forEach(function (screen) {
      htmx.ajax("GET", screen.dataset.poll, { target: screen.dataset.pollTarget, swap: "innerHTML" });
    });
    document.querySelectorAll("[hx-trigger*='live-poll']").forEach(function (part) {
      htmx.trigger(part, "live-poll");
    });
  }

  function startPolling() {
    if (polling) { return; }
    var screen = document.querySelector("[data-poll-seconds]");
    var seconds = screen ? parseInt(screen.dataset.pollSeconds, 10) || 3 : 3;
    say("polling");
    poll();
    polling = window.setInterval(poll, seconds * 1000);
  }

  function stopPolling() {
    if (polling) { window.clearInterval(polling); polling = null; }
    say("live");
  }

  document.addEventListener("htmx:sseError", startPolling);
  document.addEventListener("htmx:sseOpen", stopPolling);
  // The server says its broker (Redis) is away: messages will not come, the database still
  // answers.
  document.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail.type === "down") { startPolling(); }
    else if (event.detail.type === "state" && polling) { stopPolling(); }
  });
})();
