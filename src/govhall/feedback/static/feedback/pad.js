/* Evaluator pad (评价器): shows the window's clerk; when a service there finishes it asks for a
   rating (bad ratings ask why), thanks the person and goes back to idle. It asks the server
   for the window's state every POLL_MS; a rating nobody gives is dropped after IDLE_AFTER_MS. */
"use strict";

(() => {
  const config = JSON.parse(document.getElementById("pad-config").textContent);
  const POLL_MS = 2000;
  const IDLE_AFTER_MS = 60000;
  const THANKS_MS = 4000;
  const byId = (id) => document.getElementById(id);
  const screens = ["pad-idle", "pad-rate", "pad-reasons", "pad-done"];
  const form = byId("rating-form");

  let screen = "pad-idle";
  let ticket = null;
  let shownPhoto = null;
  let idleTimer = null;
  let doneTimer = null;
  const finished = new Set();

  function show(name) {
    screen = name;
    for (const id of screens) byId(id).hidden = id !== name;
  }

  function backToIdle() {
    if (ticket) finished.add(ticket.ticket_id);
    ticket = null;
    clearTimeout(idleTimer);
    clearTimeout(doneTimer);
    form.reset();
    byId("pad-message").textContent = "";
    show("pad-idle");
  }

  function stillThere() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(backToIdle, IDLE_AFTER_MS);
  }

  function renderIdle(state) {
    const status = byId("pad-status");
    status.textContent = state.status_text;
    status.className = `pad-status ${state.status}`;
    const clerk = state.clerk;
    byId("clerk-card").hidden = !clerk;
    if (!clerk) return;
    byId("clerk-name").textContent = clerk.name;
    byId("clerk-number").textContent = clerk.staff_number;
    byId("clerk-department").textContent = clerk.department;
    const photo = byId("clerk-photo");
    const wanted = clerk.has_photo ? `${config.photo_url}?staff=${encodeURIComponent(clerk.staff_number)}` : null;
    if (wanted !== shownPhoto) {
      shownPhoto = wanted;
      if (wanted) photo.src = wanted;
      else photo.removeAttribute("src");
    }
    photo.hidden = !wanted;
    byId("clerk-silhouette").style.display = wanted ? "none" : "";
  }

  function askForRating(pending) {
    ticket = pending;
    byId("pad-rate-ticket").textContent = config.labels.ticket.replace("%(number)s", pending.number);
    form.reset();
    form.elements.ticket.value = pending.ticket_id;
    byId("pad-message").textContent = "";
    show("pad-rate");
    stillThere();
  }

  async function poll() {
    try {
      const response = await fetch(config.state_url, { cache: "no-store", credentials: "same-origin" });
      if (response.status === 403) window.location.reload();  // the device was switched off or its session ended
      if (response.ok) {
        const state = await response.json();
        renderIdle(state);
        const pending = state.pending;
        if (screen === "pad-idle" && pending && !finished.has(pending.ticket_id)) askForRating(pending);
      }
    } catch (error) {
      /* The next poll tries again; the idle screen keeps showing the last known state. */
    }
    setTimeout(poll, POLL_MS);
  }

  function thank(text) {
    if (ticket) finished.add(ticket.ticket_id);
    byId("pad-message").textContent = "";
    byId("pad-done-text").textContent = text;
    show("pad-done");
    clearTimeout(idleTimer);
    doneTimer = setTimeout(backToIdle, THANKS_MS);
  }

  async function submit() {
    const response = await fetch(config.rate_url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const result = await response.json();
    if (response.ok || result.code === "already_rated" || result.code === "not_rateable") {
      thank(result.detail);
    } else {
      byId("pad-message").textContent = result.detail;
    }
  }

  document.querySelectorAll(".levels button").forEach((button) => {
    button.addEventListener("click", () => {
      form.elements.level.value = button.dataset.level;
      stillThere();
      if ("bad" in button.dataset) show("pad-reasons");
      else submit().catch(() => { byId("pad-message").textContent = config.labels.offline; });
    });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    stillThere();
    submit().catch(() => { byId("pad-message").textContent = config.labels.offline; });
  });
  form.addEventListener("change", stillThere);
  byId("reasons-back").addEventListener("click", () => { show("pad-rate"); stillThere(); });

  show("pad-idle");
  poll();
})();
