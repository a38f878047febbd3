/* Hall board and window screen: load a snapshot, then follow the hall feed (Server-Sent Events).

   The server ends each stream after ~25 s with an "end" event and the board reopens it at once
   from the last event id; after an error the browser reconnects by itself with Last-Event-ID,
   and if it gives up the board starts over (snapshot, then feed). Calls newer than the shown
   snapshot are kept and laid over it, so a slow snapshot never hides a call. */
"use strict";

(() => {
  const root = document.querySelector("[data-display]");
  const config = JSON.parse(document.getElementById("display-config").textContent);
  const kind = root.dataset.display;
  const voice = window.GovhallVoice;
  const SPEAK_WITHIN_MS = 60000;
  const REFRESH_GAP_MS = 800;
  const VOICE_KEY = `govhall-voice-${config.code}`;

  let snapshot = null;
  let lastEventId = 0;
  let liveCalls = [];
  let clockOffset = 0;
  let source = null;
  let offlineTimer = null;
  let restartTimer = null;
  let restartDelay = 1000;
  let voiceOn = false;

  const serverNow = () => Date.now() + clockOffset;
  const byId = (id) => document.getElementById(id);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* "请 A012 号到 5 号窗口办理" with the ticket number set apart. */
  function callLine(call, target) {
    const at = call.text.indexOf(call.ticket);
    target.replaceChildren();
    if (at < 0) {
      target.textContent = call.text;
      return target;
    }
    target.append(call.text.slice(0, at), element("span", "number", call.ticket), call.text.slice(at + call.ticket.length));
    return target;
  }

  /* --- connection indicator ---------------------------------------------------------------- */
  function connectionLost() {
    if (offlineTimer === null) offlineTimer = setTimeout(() => { byId("offline").hidden = false; }, 2500);
  }

  function connectionBack() {
    clearTimeout(offlineTimer);
    offlineTimer = null;
    byId("offline").hidden = true;
  }

  /* --- rendering --------------------------------------------------------------------------- */
  function newerCalls() {
    return liveCalls.filter((call) => call.id > snapshot.last_event_id);
  }

  function renderBoard(fresh) {
    const calls = [];
    const seen = new Set();
    for (const call of [...newerCalls(), ...snapshot.calls]) {
      if (seen.has(call.ticket)) continue;
      seen.add(call.ticket);
      calls.push(call);
    }
    const latest = byId("latest-call");
    if (calls.length) {
      callLine(calls[0], latest);
      if (fresh) {
        latest.classList.remove("fresh");
        void latest.offsetWidth;
        latest.classList.add("fresh");
      }
    }
    byId("calls").replaceChildren(...calls.slice(1, 8).map((call) => callLine(call, element("li"))));

    const current = new Map(snapshot.windows.map((window) => [window.number, { ...window }]));
    for (const call of newerCalls().reverse()) {
      const window = current.get(call.window);
      if (window) Object.assign(window, { ticket: call.ticket, status: window.status === "paused" ? "paused" : "serving" });
    }
    const grid = byId("windows");
    grid.dataset.size = current.size > 24 ? "xl" : current.size > 12 ? "l" : "";
    grid.replaceChildren(...[...current.values()].map((window) => {
      const tile = element("li", `window-tile ${window.status}${window.ticket && window.status === "paused" ? " serving-paused" : ""}`);
      tile.dataset.window = window.number;
      tile.title = window.name;
      tile.append(
        element("span", "window-no", config.labels.window.replace("%(number)s", window.number)),
        element("span", "window-now", window.ticket || window.status_text),
      );
      return tile;
    }));
    byId("no-windows").hidden = current.size > 0;
    byId("queues").replaceChildren(...snapshot.queues.map((queue) => {
      const item = element("li");
      item.dataset.queue = queue.prefix;
      item.append(element("span", "prefix", queue.prefix), element("span", "name", queue.name), element("span", "count", String(queue.waiting)));
      return item;
    }));
  }

  function renderScreen(fresh) {
    const newest = newerCalls()[0];
    const ticket = byId("screen-ticket");
    ticket.textContent = (newest ? newest.ticket : snapshot.ticket) || "—";
    if (fresh) {
      ticket.classList.remove("fresh");
      void ticket.offsetWidth;
      ticket.classList.add("fresh");
    }
    byId("screen-window-number").textContent = snapshot.window.number;
    byId("screen-window-name").textContent = snapshot.window.name;
    const clerk = snapshot.clerk;
    byId("screen-clerk").textContent = clerk ? config.labels.clerk.replace("%(name)s", clerk.name).replace("%(staff_number)s", clerk.staff_number) : "";
    const status = byId("screen-status");
    status.className = `status-badge ${snapshot.status}`;
    status.textContent = snapshot.status_text;
  }

  function render(fresh = false) {
    if (!snapshot) return;
    if (kind === "window_screen") renderScreen(fresh);
    else renderBoard(fresh);
  }

  /* --- clock ------------------------------------------------------------------------------- */
  const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || "zh-CN", { month: "long", day: "numeric", weekday: "long" });
  const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || "zh-CN", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function tick() {
    const now = new Date(serverNow());
    byId("clock-time").textContent = timeFormat.format(now);
    const date = byId("clock-date");
    if (date) date.textContent = dateFormat.format(now);
  }

  /* --- snapshot ---------------------------------------------------------------------------- */
  let refreshing = false;
  let refreshAgain = false;
  let refreshTimer = null;

  async function loadSnapshot() {
    const response = await fetch(config.snapshot_url, { cache: "no-store", credentials: "same-origin" });
    if (response.status === 403) window.location.reload();  // the device was switched off or its session ended
    if (!response.ok) throw new Error(`snapshot ${response.status}`);
    const data = await response.json();
    clockOffset = Date.parse(data.now) - Date.now();
    snapshot = data;
    liveCalls = liveCalls.filter((call) => call.id > data.last_event_id);
    render();
    return data;
  }

  /* Changes only need a fresh snapshot; many changes in a row cause one refresh. */
  function refreshSoon() {
    if (refreshing) { refreshAgain = true; return; }
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      refreshing = true;
      try {
        await loadSnapshot();
      } catch (error) {
        connectionLost();
      } finally {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshSoon(); }
      }
    }, REFRESH_GAP_MS);
  }

  /* --- feed -------------------------------------------------------------------------------- */
  function onCall(event) {
    const call = JSON.parse(event.data);
    lastEventId = Math.max(lastEventId, call.id);
    liveCalls = [call, ...liveCalls.filter((known) => known.ticket !== call.ticket)].slice(0, 20);
    render(true);
    if (voiceOn && serverNow() - Date.parse(call.at) < SPEAK_WITHIN_MS) voice.announce(call.phrase);
    refreshSoon();
  }

  function onChange(event) {
    lastEventId = Math.max(lastEventId, JSON.parse(event.data).id);
    refreshSoon();
  }

  function openFeed(after) {
    if (source) source.close();
    let failed = false;
    const feed = new EventSource(`${config.stream_url}?after=${after}`);
    source = feed;
    feed.addEventListener("open", () => {
      connectionBack();
      restartDelay = 1000;
      if (failed) refreshSoon();
    });
    feed.addEventListener("call", onCall);
    feed.addEventListener("change", onChange);
    feed.addEventListener("reset", (event) => {
      lastEventId = JSON.parse(event.data).id;
      refreshSoon();
    });
    feed.addEventListener("end", (event) => {
      lastEventId = Math.max(lastEventId, JSON.parse(event.data).id);
      openFeed(lastEventId);
    });
    feed.addEventListener("error", () => {
      failed = true;
      connectionLost();
      if (feed.readyState === EventSource.CLOSED) restartLater();
    });
  }

  function restartLater() {
    if (source) source.close();
    source = null;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(start, restartDelay);
    restartDelay = Math.min(restartDelay * 2, 15000);
  }

  async function start() {
    try {
      const data = await loadSnapshot();
      // Coming back after a drop, resume where the feed stopped so missed calls are still said.
      if (!lastEventId) lastEventId = data.last_event_id;
      openFeed(lastEventId);
    } catch (error) {
      connectionLost();
      restartLater();
    }
  }

  /* --- voice ------------------------------------------------------------------------------- */
  function setUpVoice() {
    const overlay = byId("voice-unlock");
    const toggle = byId("voice-toggle");
    if (!config.voice.enabled || !overlay || !voice) return;
    voice.setVolume(config.voice.volume);
    voiceOn = localStorage.getItem(VOICE_KEY) !== "off";
    const show = () => {
      toggle.setAttribute("aria-pressed", String(voiceOn));
      toggle.textContent = voiceOn ? toggle.dataset.on : toggle.dataset.off;
      overlay.hidden = !voiceOn || voice.unlocked;
    };
    overlay.addEventListener("click", () => { voice.unlock(); show(); });
    toggle.addEventListener("click", () => {
      voiceOn = !voiceOn;
      localStorage.setItem(VOICE_KEY, voiceOn ? "on" : "off");
      if (voiceOn) voice.unlock();
      else voice.silence();
      show();
    });
    show();
  }

  setUpVoice();
  tick();
  setInterval(tick, 1000);
  start();
})();
