/* Kiosk screens: clock, full screen, return home when idle, on-screen keypads, ID-card reads,
   one tap = one number, and the ticket screen's print and countdown. No dependencies. */
(function () {
  "use strict";
  var body = document.body;
  var home = body.dataset.homeUrl || "/";

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function startClock() {
    var clock = document.querySelector("[data-clock]");
    if (!clock) { return; }
    var tick = function () {
      clock.textContent = new Date().toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
    };
    tick();
    setInterval(tick, 10000);
  }

  function fullScreenButton() {
    var button = document.querySelector("[data-fullscreen]");
    if (!button || !document.documentElement.requestFullscreen) { if (button) { button.hidden = true; } return; }
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
  }

  function idleReturn() {
    var seconds = Number(body.dataset.idleSeconds || 0);
    if (!seconds) { return; }
    var timer = 0;
    var reset = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { window.location.assign(home); }, seconds * 1000);
    };
    ["pointerdown", "keydown", "input"].forEach(function (name) { document.addEventListener(name, reset, true); });
    reset();
  }

  function keypads() {
    var current = document.querySelector("[data-keypad-field]");
    var mark = function (field) {
      each("[data-keypad-field]", function (other) { other.classList.toggle("active", other === field); });
    };
    if (current) { mark(current); }
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches("[data-keypad-field]")) { current = event.target; mark(current); }
    });
    document.addEventListener("click", function (event) {
      var key = event.target.closest ? event.target.closest("[data-key]") : null;
      if (!key || !current) { return; }
      var value = current.value;
      var pressed = key.dataset.key;
      if (pressed === "back") { value = value.slice(0, -1); }
      else if (pressed === "clear") { value = ""; }
      else if (!current.maxLength || current.maxLength < 0 || value.length < current.maxLength) { value += pressed; }
      current.value = value;
      current.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function cardReads() {
    var form = document.querySelector("form[data-card-read-url]");
    var field = document.querySelector("[data-card-field]");
    var note = document.querySelector("[data-card-note]");
    if (!form || !field) { return; }
    var url = form.dataset.cardReadUrl;
    var busy = false;
    setInterval(function () {
      if (busy) { return; }
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { id_number: null }; })
        .then(function (data) {
          if (data.id_number) {
            field.value = data.id_number;
            field.dispatchEvent(new Event("input", { bubbles: true }));
            if (note) { note.hidden = false; }
          }
        })
        .catch(function () { return null; })
        .then(function () { busy = false; });
    }, 1000);
  }

  function oneTapOneNumber() {
    each("form.kiosk-take", function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("[data-take]");
        if (!button) { return; }
        setTimeout(function () {
          button.disabled = true;
          button.textContent = button.dataset.busyLabel || button.textContent;
        }, 0);
      });
    });
  }

  function ticketScreen() {
    var countdown = document.querySelector("[data-countdown]");
    each("[data-print]", function (button) { button.addEventListener("click", function () { window.print(); }); });
    if (document.querySelector("[data-autoprint]")) { window.print(); }
    if (!countdown) { return; }
    var left = Number(countdown.dataset.countdown);
    setInterval(function () {
      left -= 1;
      countdown.textContent = String(Math.max(left, 0));
      if (left <= 0) { window.location.assign(home); }
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startClock();
    fullScreenButton();
    idleReturn();
    keypads();
    cardReads();
    oneTapOneNumber();
    ticketScreen();
  });
})();
