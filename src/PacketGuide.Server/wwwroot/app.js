// The dashboard's entry point: theme, data source (the live API, or snapshot.json in an exported copy), header
// search and status, and the hash router that renders one view at a time. Each view gets an AbortSignal that is
// aborted when the route changes, which stops its requests, timers and event stream.
import { ApiError, AuthRequired, apiKey, liveSource, setApiKey } from "./api.js";
import { loadSnapshot, snapshotLocation, snapshotSource } from "./snapshot.js";
import { initTheme } from "./theme.js";
import { initSearch } from "./search.js";
import { parseRoute } from "./router.js";
import { formatDateTime } from "./format.js";
import { h, replace } from "./dom.js";
import { notice } from "./components.js";
import { renderOverview } from "./views/overview.js";
import { renderSubnet } from "./views/subnet.js";
import { renderClient } from "./views/client.js";
import { renderSearch } from "./views/search.js";
import { renderZone } from "./views/zone.js";
import { renderAuth } from "./views/auth.js";

const main = document.getElementById("main");
const status = document.getElementById("status");
const live = document.getElementById("live");
const mode = document.getElementById("mode");
const forget = document.getElementById("forget-key");

let source = null;
let current = null; // AbortController of the view on screen
let firstRender = true;

function setStatus(text, tone = "info") {
  status.textContent = text || "";
  status.dataset.tone = tone;
}

function setLive(state, detail) {
  if (!source || !source.live) return;
  live.hidden = false;
  live.dataset.state = state;
  live.textContent = state === "live" ? "Live" : state === "connecting" ? "Connecting…"
    : state === "retrying" ? `Reconnecting in ${Math.round(detail / 1000)} s` : detail === "auth" ? "Stopped (key needed)" : "Paused";
}

function describe(e) {
  if (e instanceof ApiError) return `${e.message}${e.fields.length ? ` (${e.fields.join("; ")})` : ""}`;
  if (e && e.name === "TypeError") return "The service did not answer. Is pguide serve running?";
  return e && e.message ? e.message : String(e);
}

/** The API key form; scope "write" when an action needs more than the key in use may do (it comes back on cancel). */
function showAuth(refused, scope = "read") {
  if (current) current.abort();
  current = new AbortController();
  live.hidden = true;
  renderAuth(main, { refused, scope, onDone: () => { updateForget(); render(); }, onCancel: scope === "read" ? null : () => render() });
}

function updateForget() {
  forget.hidden = !(source && source.live && apiKey());
}

const viewContext = (signal) => ({
  source,
  signal,
  now: () => (source.live ? Date.now() : new Date(source.generatedAt || Date.now()).getTime()),
  setStatus,
  setLive: (state, detail) => { if (!signal.aborted) setLive(state, detail); },
  onAuth: () => { if (!signal.aborted) showAuth(apiKey() !== null); },
  askKey: (scope) => { if (!signal.aborted) showAuth(false, scope); },
  backgroundError(e) {
    if (signal.aborted || (e && e.name === "AbortError")) return;
    if (e instanceof AuthRequired) showAuth(e.refused);
    else setStatus(`Could not refresh: ${describe(e)}`, "warn");
  },
});

async function render() {
  if (current) current.abort();
  const controller = new AbortController();
  current = controller;
  const route = parseRoute(location.hash);
  const ctx = viewContext(controller.signal);
  if (source.live) { live.hidden = true; }
  try {
    if (route.view === "overview") await renderOverview(main, ctx);
    else if (route.view === "subnet") await renderSubnet(main, ctx, route.arg);
    else if (route.view === "client") await renderClient(main, ctx, route.arg);
    else if (route.view === "search") await renderSearch(main, ctx, route.arg);
    else if (route.view === "zone") await renderZone(main, ctx, route.arg);
    else replace(main, h("h1", { class: "page-title", tabindex: "-1" }, "Page not found"),
      notice("There is no such page", h("p", null, h("a", { href: "#/" }, "Go to the overview"), ".")));
    document.title = `${main.querySelector("h1") ? main.querySelector("h1").textContent : "Overview"} · PacketGuide`;
    if (!firstRender && !controller.signal.aborted) {
      const heading = main.querySelector("h1");
      if (heading) heading.focus({ preventScroll: false });
    }
    firstRender = false;
  } catch (e) {
    if (controller.signal.aborted || (e && e.name === "AbortError")) return;
    if (e instanceof AuthRequired) { showAuth(e.refused); return; }
    replace(main, h("h1", { class: "page-title", tabindex: "-1" }, "Something went wrong"),
      notice("The dashboard could not load this page", h("p", null, describe(e)),
        h("p", null, h("button", { type: "button", onclick: () => render() }, "Try again"))));
  }
}

async function start() {
  initTheme(document.getElementById("theme-toggle"));
  const location_ = snapshotLocation();
  if (location_) {
    try {
      const data = await loadSnapshot(location_);
      source = snapshotSource(data);
    } catch (e) {
      replace(main, notice("Could not read the snapshot", h("p", null, describe(e)),
        h("p", null, "An exported dashboard must be opened through a web server (for example: python3 -m http.server in its directory), not as a file.")));
      return;
    }
    mode.hidden = false;
    mode.textContent = `Snapshot of ${formatDateTime(source.generatedAt)}`;
    document.body.classList.add("snapshot");
  } else {
    source = liveSource();
  }
  forget.addEventListener("click", () => { setApiKey(null); updateForget(); showAuth(false); });
  updateForget();
  initSearch(document.getElementById("search"), document.getElementById("search-input"), {
    source: () => source,
    setStatus,
    searchError(e) {
      if (e instanceof AuthRequired) showAuth(e.refused);
      else setStatus(`Search failed: ${describe(e)}`, "warn");
    },
  });
  window.addEventListener("hashchange", () => { setStatus(""); render(); });
  await render();
}

start();
