// The overview's "DNS validation" section, and what the zone page (views/zone.js) shares with it. pguide serve
// validates its DNS zones (serve.dns) every serve.dns.validate-every and on POST api/v1/validations; the section shows
// the zones of the newest run that finished, one row each: status, error and warning counts, how long the zone's
// signatures stay valid, the SOA serial each server answered. A line above says what the latest run is doing; while a
// run is queued or running (or after one failed) the rows stay those of the newest finished run. Live: "Run now"
// starts a run and follows it until it ends, and the overview calls refresh() every 10 s. Every string here came from
// DNS data or the configuration: text only.
import { h, replace, section, table } from "../dom.js";
import { ApiError, AuthRequired, apiKey } from "../api.js";
import { formatDateTime, formatInt, formatRelative, formatSpan, formatTime, toDate, zoneHref } from "../format.js";
import { notice } from "../components.js";

const DAY = 86400;
/** Signatures expiring within this many seconds are a warning (the validator's default --rrsig-warn-days 7). */
export const EXPIRY_WARN = 7 * DAY;
export const EXPIRY_CRITICAL = DAY;
const FINISHED = new Set(["done", "failed"]);
const POLL_MS = 1000;
const FOLLOW_MS = 60000;

const WORST_LEVEL = { error: "critical", warning: "warn", info: "ok" };
const WORST_TEXT = { error: "Error", warning: "Warning", info: "OK" };

/** A zone's or run's status from its worst finding: none or info OK, warning Warning, error Error. */
export function worstBadge(worst) {
  if (worst === null || worst === undefined) return h("span", { class: "badge level-ok" }, "OK");
  const level = Object.hasOwn(WORST_LEVEL, worst) ? WORST_LEVEL[worst] : "unknown";
  return h("span", { class: `badge level-${level}`, title: `worst finding: ${worst}` }, Object.hasOwn(WORST_TEXT, worst) ? WORST_TEXT[worst] : "Unknown");
}

/**
 * How long a zone's first RRSIG stays valid, counted from now: rrsigExpirySeconds was measured when the run finished.
 * { level: "none" (unsigned) | "ok" | "warn" (under 7 days) | "critical" (under a day, or expired), text, at }
 */
export function signatureExpiry(seconds, measuredAt, now) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return { level: "none", text: "unsigned", at: null };
  const measured = toDate(measuredAt);
  const left = seconds - (measured ? Math.max(0, now - measured.getTime()) / 1000 : 0);
  const at = measured ? new Date(measured.getTime() + seconds * 1000) : null;
  if (left < 0) return { level: "critical", text: `expired ${formatSpan(left)} ago`, at };
  return { level: left < EXPIRY_CRITICAL ? "critical" : left < EXPIRY_WARN ? "warn" : "ok", text: `in ${formatSpan(left)}`, at };
}

export function expiryNode(seconds, measuredAt, now) {
  const e = signatureExpiry(seconds, measuredAt, now);
  if (e.level === "none") return h("span", { class: "expiry expiry-none muted", title: "No RRSIG was read: the zone is not signed." }, e.text);
  const title = e.at ? `The first RRSIG ${e.at.getTime() < now ? "expired" : "expires"} ${formatDateTime(e.at)}` : null;
  return h("span", { class: `expiry expiry-${e.level}${e.level === "ok" ? "" : ` badge level-${e.level}`}`, title }, e.text);
}

/** The servers of a run's zone and the serial each answered (a server missing from serials did not answer). */
export function zoneServers(zone) {
  const serials = new Map(Object.entries(zone && zone.serials && typeof zone.serials === "object" ? zone.serials : {}));
  const servers = [...new Set([...(Array.isArray(zone && zone.servers) ? zone.servers.map(String) : []), ...serials.keys()])];
  return servers.map((server) => ({ server, serial: typeof serials.get(server) === "number" ? serials.get(server) : null }));
}

/** "2026112701" for one server, "agree 2026112701" when all answered the same, else each server with its serial. */
function serialsNode(zone) {
  const servers = zoneServers(zone);
  if (servers.length === 0) return h("span", { class: "muted" }, "—");
  const values = servers.map((s) => s.serial);
  if (values.every((v) => v !== null && v === values[0])) {
    return servers.length === 1 ? h("span", { class: "mono" }, String(values[0]))
      : h("span", { class: "serials-agree", title: `${servers.length} servers answer serial ${values[0]}` }, "agree ", h("span", { class: "mono muted" }, String(values[0])));
  }
  const top = Math.max(...values.filter((v) => v !== null));
  return h("ul", { class: "serials", "aria-label": "SOA serial per server" }, servers.map((s) => h("li", null,
    h("span", { class: "mono" }, s.server), " ",
    s.serial === null ? h("span", { class: "badge level-critical" }, "no answer")
      : h("span", { class: s.serial === top ? "mono" : "mono badge level-warn", title: s.serial === top ? null : "differs from the highest serial" }, String(s.serial)))));
}

const timeNode = (value, now) => h("time", { datetime: value, title: formatDateTime(value) }, formatRelative(value, now));

function triggerText(run) {
  if (run.trigger === "schedule") return "scheduled";
  if (run.trigger === "api") return `requested through the API${run.requestedBy ? ` by ${run.requestedBy}` : ""}`;
  return run.trigger ? String(run.trigger) : null;
}

const plural = (n, one, many) => `${formatInt(n)} ${n === 1 ? one : many}`;

/** One line about a run: "Run #3 done 3 min ago · scheduled · 2 zones", "Run #4 running, requested 5 s ago", "Run #4 failed ...: error". */
export function runLine(run, now) {
  const parts = [];
  const id = run.id !== undefined && run.id !== null ? ` #${run.id}` : "";
  if (run.state === "done") parts.push(`Run${id} done `, timeNode(run.finished || run.requested, now));
  else if (run.state === "running") parts.push(`Run${id} running, requested `, timeNode(run.requested, now));
  else if (run.state === "queued") parts.push(`Run${id} queued `, timeNode(run.requested, now));
  else if (run.state === "failed") parts.push(`Run${id} failed `, timeNode(run.finished || run.requested, now));
  else parts.push(`Run${id} `, String(run.state ?? "in an unknown state"));
  const trigger = triggerText(run);
  if (trigger) parts.push(` · ${trigger}`);
  if (run.state === "done" && Array.isArray(run.zones)) parts.push(` · ${plural(run.zones.length, "zone", "zones")}`);
  if (run.state === "failed" && run.error) parts.push(": ", h("span", { class: "run-error" }, String(run.error)));
  return parts;
}

/**
 * The latest run and the one whose zones are shown: the latest when it is done, else the newest done run before it
 * (null when none finished yet). { latest, shown }; latest null: no run yet.
 */
export async function loadRuns(source, signal) {
  const latest = await source.validation(signal);
  if (!latest || latest.state === "done") return { latest, shown: latest };
  const page = await source.validations({ limit: 20 }, signal);
  const shown = ((page && page.items) || []).find((r) => r.state === "done") || null;
  return { latest, shown };
}

const ZONE_COLUMNS = [
  { label: "Zone" }, { label: "Status" }, { label: "Errors", cls: "num" }, { label: "Warnings", cls: "num" },
  { label: "Signatures" }, { label: "SOA serial" }, { label: "Checked", cls: "col-time" },
];

function zoneRow(zone, run, now) {
  const name = String(zone.zone ?? "");
  return {
    attrs: { class: "dns-zone", "data-zone": name },
    cells: [
      h("a", { href: zoneHref(name), class: "mono zone-name" }, name),
      worstBadge(zone.worst),
      h("span", { class: "errors" }, formatInt(zone.errors ?? 0)),
      h("span", { class: "warnings" }, formatInt(zone.warnings ?? 0)),
      expiryNode(zone.rrsigExpirySeconds, run.finished || run.requested, now),
      serialsNode(zone),
      h("time", { datetime: run.finished, title: formatDateTime(run.finished) }, formatTime(run.finished)),
    ],
  };
}

function emptyState(live) {
  return notice(live ? "No DNS validation has run yet" : "No DNS validation in this snapshot",
    h("p", null, "The service validates DNS zones (served vs. declared records, delegation, serials, DNSSEC signatures) when ",
      h("code", null, "serve.dns"), " is configured in pguide.yaml: the zone specs in ", h("code", null, "serve.dns.zones"),
      ", checked every ", h("code", null, "serve.dns.validate-every"), " (5 minutes by default). See docs/serve.md."),
    h("pre", { class: "snippet" }, h("code", null, "serve:\n  dns:\n    zones: [/etc/pguide/zones/]\n    validate-every: 5m")),
    h("p", null, "Meanwhile ", h("code", null, "pguide dns validate"), " runs the same checks from the command line."));
}

/**
 * The section: dnsSection(ctx, runs) → { el, refresh() }. runs as loadRuns() answers, or { error } when it failed
 * (the rest of the overview still shows). The section carries data-run (the run shown) and data-latest.
 */
export function dnsSection(ctx, runs) {
  const { source, signal } = ctx;
  const head = h("p", { class: "dns-run" });
  const body = h("div", { class: "dns-body" });
  const message = h("p", { class: "dns-message", "aria-live": "polite" });
  const button = source.live && source.startValidation ? h("button", { type: "button", class: "secondary", onclick: () => runNow() }, "Run now") : null;
  const el = section("DNS validation", { id: "dns", cls: "span-2", note: "Each zone as the newest finished validation run found it. Click a zone for its findings." },
    h("div", { class: "dns-head" }, head, button), message, body);
  let bodyKey = null;

  function show(state) {
    const now = ctx.now();
    if (state.error) {
      replace(head);
      bodyKey = null;
      delete el.dataset.run;
      delete el.dataset.latest;
      replace(body, notice("Could not read the DNS validation runs", h("p", null, state.error.message || String(state.error))));
      return;
    }
    const { latest, shown } = state;
    if (latest) el.dataset.latest = String(latest.id); else delete el.dataset.latest;
    if (shown) el.dataset.run = String(shown.id); else delete el.dataset.run;
    replace(head, latest && latest === shown ? [worstBadge(shown.worst), " "] : null, latest ? runLine(latest, now) : null);
    // The table is rebuilt only when the runs change (or every 10 minutes, for the expiry times), so a focused link stays.
    const key = JSON.stringify([latest, shown, Math.floor(now / 600000)]);
    if (key === bodyKey) return;
    bodyKey = key;
    if (!latest) { replace(body, emptyState(source.live)); return; }
    if (!shown) { replace(body, notice("No run has finished yet", "The zones show here once the first validation run is done.")); return; }
    const zones = Array.isArray(shown.zones) ? shown.zones : [];
    replace(body,
      shown !== latest ? h("p", { class: "dns-run dns-shown" }, worstBadge(shown.worst), ` Zones as run #${shown.id} found them, finished `, timeNode(shown.finished, now), ".") : null,
      zones.length === 0 ? notice("The run checked no zone", "There is no zone spec in serve.dns.zones and no provider zone to validate.")
        : table(ZONE_COLUMNS, zones.map((z) => zoneRow(z, shown, now)), { caption: "DNS zones, as the newest validation run found them" }));
  }

  // One refresh at a time; one asked for meanwhile runs after it (a run that just ended must show).
  let refreshing = null;
  let again = false;
  async function refresh() {
    if (signal.aborted) return;
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        try {
          show(await loadRuns(source, signal));
        } catch (e) {
          ctx.backgroundError(e);
        }
      } while (again && !signal.aborted);
      refreshing = null;
    })();
    return refreshing;
  }

  const say = (tone, ...parts) => { message.dataset.tone = tone; replace(message, ...parts); };
  const sleep = (ms) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

  async function runNow() {
    button.disabled = true;
    say("info", "Starting a validation run…");
    try {
      let run = await source.startValidation({}, signal);
      const id = run.id;
      const deadline = Date.now() + FOLLOW_MS;
      let seen = null;
      while (!FINISHED.has(run.state) && Date.now() < deadline && !signal.aborted) {
        say("info", `Run #${id} ${run.state === "running" ? "running" : "queued"}…`);
        if (run.state !== seen) { seen = run.state; refresh(); } // the line above the table follows the run too
        await sleep(POLL_MS);
        if (signal.aborted) return;
        run = (await source.validationRun(id, signal)) || run;
      }
      if (run.state === "done") {
        say("info", `Run #${id} done: `, run.worst ? `worst finding ${run.worst}` : "nothing found", ".");
      } else if (run.state === "failed") {
        say("warn", `Run #${id} failed: `, String(run.error ?? "no reason given"));
      } else {
        say("info", `Run #${id} is still ${run.state === "running" ? "running" : "queued"} after ${FOLLOW_MS / 1000} s; it shows here when it ends.`);
      }
      await refresh();
    } catch (e) {
      if (signal.aborted || (e && e.name === "AbortError")) return;
      if (e instanceof AuthRequired) { ctx.backgroundError(e); return; } // reading the run was refused: the key form
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        say("warn", `Starting a run needs an API key with the write scope; ${apiKey() ? "the key in use may only read" : "this tab has no key"}. `,
          h("button", { type: "button", class: "link-button", onclick: () => ctx.askKey("write") }, "Use a write key"));
      } else if (e instanceof ApiError) {
        say("warn", "The service did not start a run: ", e.message);
      } else {
        say("warn", "The service did not answer. Is pguide serve running?");
      }
    } finally {
      button.disabled = false;
    }
  }

  show(runs);
  return { el, refresh };
}

/** loadRuns() for the overview: a failure becomes { error } (the section says so) unless it needs a key or was aborted. */
export async function loadRunsForSection(source, signal) {
  try {
    return await loadRuns(source, signal);
  } catch (e) {
    if (e instanceof AuthRequired || (e && e.name === "AbortError")) throw e;
    return { error: e };
  }
}
