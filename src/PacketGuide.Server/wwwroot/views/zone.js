// A DNS zone (#/dns/<zone>): what the newest finished DNS validation run found in it (its report, from
// api/v1/validations/{id}): status, signatures, each server's SOA serial, lag and latency; the findings grouped by
// severity, errors first (check, server, subject, message); and every check of the catalogue with its status. Live:
// every 10 s it looks whether a newer run finished, and shows that one. Zone names, servers, subjects and messages come
// from DNS data: text only.
import { h, replace, section, table } from "../dom.js";
import { formatDateTime, formatInt } from "../format.js";
import { notice } from "../components.js";
import { expiryNode, loadRuns, runLine, worstBadge, zoneServers } from "./dns.js";

const REFRESH_MS = 10000;
const plural = (n, one, many) => `${formatInt(n)} ${n === 1 ? one : many}`;
const SEVERITIES = [
  { id: "error", title: "Errors", level: "critical" },
  { id: "warning", title: "Warnings", level: "warn" },
  { id: "info", title: "Notes (info)", level: "ok" },
];
const OTHER = { id: "other", title: "Other", level: "unknown" };

/** Zone names compare as DNS does: case-insensitive, with or without the final dot. */
const sameZone = (a, b) => String(a).toLowerCase().replace(/\.$/, "") === String(b).toLowerCase().replace(/\.$/, "");

export async function renderZone(main, ctx, zone) {
  const { source, signal } = ctx;
  let shownId = await draw(main, ctx, zone, await loadRuns(source, signal));
  if (!source.live) return;
  const every = setInterval(async () => {
    try {
      const runs = await loadRuns(source, signal);
      const id = runs.shown ? runs.shown.id : null;
      if (id !== shownId && !signal.aborted) shownId = await draw(main, ctx, zone, runs);
    } catch (e) {
      ctx.backgroundError(e);
    }
  }, REFRESH_MS);
  signal.addEventListener("abort", () => clearInterval(every), { once: true });
}

/** Renders the page for the run shown; answers that run's id (null when there is none). */
async function draw(main, ctx, zone, { latest, shown }) {
  const page = (...content) => replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / DNS zone"),
    h("h1", { class: "page-title mono", tabindex: "-1" }, zone),
    ...content);
  const back = h("a", { href: "#/" }, "Back to the overview");
  if (!shown) {
    page(notice(latest ? "No DNS validation run has finished yet" : "No DNS validation has run yet",
      latest ? h("p", null, runLine(latest, ctx.now()), ". ", back, ".")
        : h("p", null, "The service validates DNS zones when serve.dns is configured in pguide.yaml (docs/serve.md). ", back, ".")));
    return null;
  }
  const run = await ctx.source.validationRun(shown.id, ctx.signal);
  const report = run && run.report && typeof run.report === "object" ? run.report : null;
  if (!report) {
    page(notice(`The report of run #${shown.id} is not available`, h("p", null, "The service answered the run without its report. ", back, ".")));
    return shown.id;
  }
  const zones = Array.isArray(report.zones) ? report.zones : [];
  const found = zones.find((z) => sameZone(z.zone, zone));
  if (!found) {
    page(notice(`Run #${shown.id} did not check ${zone}`,
      h("p", null, zones.length ? `It checked ${zones.map((z) => String(z.zone)).join(", ")}. ` : "It checked no zone. ", back, ".")));
    return shown.id;
  }
  const summary = (Array.isArray(run.zones) ? run.zones : []).find((z) => sameZone(z.zone, zone)) || {};
  const findings = Array.isArray(found.findings) ? found.findings : [];
  const checks = Array.isArray(found.checks) ? found.checks : [];
  const now = ctx.now();

  page(
    h("div", { class: "grid" },
      section("Summary", { id: "zone-summary", cls: "span-2" },
        h("p", { class: "dns-run" }, worstBadge(zoneWorst(found, summary)), " ", runLine(run, now),
          latest && latest.id !== run.id ? h("span", { class: "muted" }, " · newer: ", runLine(latest, now)) : null),
        facts(found, summary, run, now),
        serverTable(found, summary)),
      section("Findings", { id: "findings", cls: "span-2", note: "Grouped by severity, errors first." }, findingGroups(findings)),
      section("Checks", { id: "checks", cls: "span-2", note: "Every check of the catalogue: passed (nothing at warning or above), failed, or skipped (not run for this zone)." },
        table(CHECK_COLUMNS, checks.map(checkRow), { empty: "The report lists no checks.", caption: `Checks of ${zone}` }))));
  const findingsSection = main.querySelector("#findings");
  if (findingsSection) {
    findingsSection.dataset.run = String(run.id);
    findingsSection.dataset.count = String(findings.length);
  }
  return shown.id;
}

/** The zone's worst severity: as the run's zone summary says, else from the report's counts (null: nothing found). */
function zoneWorst(found, summary) {
  if (summary.worst !== undefined) return summary.worst;
  const counts = found.counts && typeof found.counts === "object" ? found.counts : {};
  return counts.error > 0 ? "error" : counts.warning > 0 ? "warning" : counts.info > 0 ? "info" : null;
}

function facts(found, summary, run, now) {
  const counts = found.counts && typeof found.counts === "object" ? found.counts : { error: summary.errors, warning: summary.warnings, info: summary.infos };
  const items = [
    ["Findings", `${plural(counts.error ?? 0, "error", "errors")}, ${plural(counts.warning ?? 0, "warning", "warnings")}, ${formatInt(counts.info ?? 0)} info`],
    ["Signatures", expiryNode(found.rrsigExpirySeconds ?? summary.rrsigExpirySeconds, run.finished || run.requested, now)],
    ["Checked", h("time", { datetime: run.finished, title: formatDateTime(run.finished) }, formatDateTime(run.finished || run.requested))],
  ];
  return h("dl", { class: "facts" }, items.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

const SERVER_COLUMNS = [
  { label: "Server" }, { label: "SOA serial", cls: "num" }, { label: "Serial lag", cls: "num" }, { label: "Latency", cls: "num" },
];

function serverTable(found, summary) {
  const lag = new Map(Object.entries(found.serialLag && typeof found.serialLag === "object" ? found.serialLag : {}));
  const latency = new Map(Object.entries(found.latencyMs && typeof found.latencyMs === "object" ? found.latencyMs : {}));
  const serials = new Map(zoneServers(summary).map((s) => [s.server, s.serial]));
  const servers = [...new Set([...(Array.isArray(found.servers) ? found.servers.map(String) : []), ...serials.keys(), ...lag.keys()])];
  const number = (v, suffix = "") => (typeof v === "number" ? `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })}${suffix}` : null);
  const rows = servers.map((server) => {
    const behind = lag.get(server);
    return {
      attrs: { class: "dns-server", "data-server": server },
      cells: [
        h("span", { class: "mono" }, server),
        typeof serials.get(server) === "number" ? h("span", { class: "mono" }, String(serials.get(server))) : h("span", { class: "muted" }, "—"),
        typeof behind === "number" && behind > 0 ? h("span", { class: "badge level-warn", title: "serial steps behind the highest" }, formatInt(behind))
          : number(behind) ?? h("span", { class: "muted" }, "—"),
        number(latency.get(server), " ms") ?? h("span", { class: "muted" }, "—"),
      ],
    };
  });
  return table(SERVER_COLUMNS, rows, { empty: "The report names no server.", caption: "Servers asked" });
}

const FINDING_COLUMNS = [{ label: "Check" }, { label: "Server" }, { label: "Subject" }, { label: "Message" }];

function findingGroups(findings) {
  if (findings.length === 0) return notice("No findings", "Every check that ran found nothing to report in this zone.");
  const groups = new Map();
  for (const f of findings) {
    const severity = SEVERITIES.find((s) => s.id === f.severity) || OTHER;
    if (!groups.has(severity)) groups.set(severity, []);
    groups.get(severity).push(f);
  }
  return [...SEVERITIES, OTHER].filter((s) => groups.has(s)).map((s) => {
    const list = groups.get(s);
    return h("div", { class: "finding-group", "data-severity": s.id },
      h("h3", null, h("span", { class: `badge level-${s.level}` }, formatInt(list.length)), ` ${s.title}`),
      table(FINDING_COLUMNS, list.map((f) => ({
        attrs: { class: `finding severity-${s.id}`, "data-check": String(f.check ?? "") },
        cells: [
          h("span", { class: "mono" }, String(f.check ?? "")),
          f.server ? h("span", { class: "mono" }, String(f.server)) : h("span", { class: "muted" }, "—"),
          f.subject ? h("span", { class: "mono" }, String(f.subject)) : h("span", { class: "muted" }, "—"),
          s === OTHER ? `${String(f.severity)}: ${String(f.message ?? "")}` : String(f.message ?? ""),
        ],
      })), { caption: `${s.title}: findings` }));
  });
}

const CHECK_COLUMNS = [{ label: "Check" }, { label: "Group" }, { label: "Status" }, { label: "Findings", cls: "num" }];

function checkRow(c) {
  const level = c.status === "passed" ? "ok" : c.status === "failed" ? (c.worst === "error" ? "critical" : "warn") : "unknown";
  return {
    attrs: { class: `check check-${c.status === "passed" || c.status === "failed" || c.status === "skipped" ? c.status : "other"}`, "data-check": String(c.id ?? "") },
    cells: [
      h("span", { class: "mono" }, String(c.id ?? "")),
      String(c.group ?? ""),
      h("span", { class: `badge level-${level}`, title: c.worst ? `worst finding: ${c.worst}` : null }, c.status === "skipped" ? "skipped (not run)" : String(c.status ?? "unknown")),
      formatInt(c.findings ?? 0),
    ],
  };
}
