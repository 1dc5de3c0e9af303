// Pieces the views share: utilization bars, level and kind badges, links to clients and subnets, event and lease tables.
import { h, table } from "./dom.js";
import { clientHref, formatInt, formatPercent, formatTime, formatDateTime, subnetHref } from "./format.js";

// The service's default thresholds (serve.utilization.warn/critical); a subnet that carries its own (warnAt,
// criticalAt) wins. The colour always follows the level the API computed.
export const DEFAULT_WARN = 0.8;
export const DEFAULT_CRITICAL = 0.9;
const LEVELS = new Set(["ok", "warn", "critical"]);
const levelOf = (level) => (LEVELS.has(level) ? level : "unknown");
const LEVEL_TEXT = { ok: "OK", warn: "Warning", critical: "Critical", unknown: "Unknown" };

export const levelBadge = (level) => h("span", { class: `badge level-${levelOf(level)}` }, LEVEL_TEXT[levelOf(level)]);

/** A horizontal bar for a subnet or pool: fill coloured by level, ticks at the warn and critical thresholds. */
export function utilizationBar(item, label) {
  const ratio = typeof item.utilization === "number" ? Math.min(Math.max(item.utilization, 0), 1) : null;
  const warn = typeof item.warnAt === "number" ? item.warnAt : DEFAULT_WARN;
  const critical = typeof item.criticalAt === "number" ? item.criticalAt : DEFAULT_CRITICAL;
  const fill = h("span", { class: `bar-fill fill-${levelOf(item.level)}` });
  fill.style.width = `${ratio === null ? 0 : ratio * 100}%`;
  const warnTick = h("span", { class: "bar-tick tick-warn", title: `warning at ${formatPercent(warn)}` });
  warnTick.style.left = `${warn * 100}%`;
  const criticalTick = h("span", { class: "bar-tick tick-critical", title: `critical at ${formatPercent(critical)}` });
  criticalTick.style.left = `${critical * 100}%`;
  return h("div", {
    class: "bar", role: "meter", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": 100,
    "aria-valuenow": ratio === null ? null : Math.round(ratio * 1000) / 10,
    "aria-valuetext": `${formatPercent(item.utilization)} used (${formatInt(item.assigned)} of ${formatInt(item.total)}), ${LEVEL_TEXT[levelOf(item.level)]}`,
  }, fill, warnTick, criticalTick);
}

/**
 * "16 / 763 assigned · 2 of them declined · 2.1 %" with the numbers in their own elements (the check script reads
 * them). Assigned counts declined addresses too, as Kea does.
 */
export function usageNumbers(item) {
  return h("p", { class: "usage" },
    h("span", { class: "assigned" }, formatInt(item.assigned)), " / ", h("span", { class: "total" }, formatInt(item.total)),
    " assigned",
    item.declined ? h("span", { class: "declined" }, ` · ${formatInt(item.declined)} of them declined`) : null,
    " · ", h("span", { class: "percent" }, formatPercent(item.utilization)));
}

export const kindBadge = (kind) => h("span", { class: `kind kind-text-${String(kind).replace(/[^a-z-]/g, "")}` }, kind);

export const macLink = (mac) => (mac ? h("a", { href: clientHref(mac), class: "mono" }, mac) : h("span", { class: "muted" }, "—"));

// Events name their subnet as the log did: a CIDR, or (Kea's allocation failures) the subnet's numeric id. The views
// remember the subnets they load, so an id can be shown and linked as its CIDR.
const subnetById = new Map();
export function rememberSubnets(subnets) {
  for (const s of subnets || []) if (s.id !== null && s.id !== undefined) subnetById.set(String(s.id), s.subnet);
}

export function subnetLink(subnet) {
  if (!subnet) return h("span", { class: "muted" }, "—");
  const cidr = /^\d+$/.test(subnet) ? subnetById.get(subnet) : subnet;
  if (!cidr) return h("span", { class: "mono", title: "subnet id" }, `id ${subnet}`);
  return h("a", { href: subnetHref(cidr), class: "mono", title: cidr === subnet ? null : `subnet id ${subnet}` }, cidr);
}

const text = (value, cls) => (value ? h("span", { class: cls }, value) : h("span", { class: "muted" }, "—"));

const timeCell = (value) => h("time", { datetime: value, title: formatDateTime(value) }, formatTime(value));

export const EVENT_COLUMNS = [
  { label: "Time", cls: "col-time" }, { label: "Kind" }, { label: "Address", cls: "mono" }, { label: "MAC" },
  { label: "Host name" }, { label: "Subnet" }, { label: "Server" },
];

/** The event columns of one client's history: its MAC goes without saying. */
export const CLIENT_EVENT_COLUMNS = EVENT_COLUMNS.filter((c) => c.label !== "MAC");

export function eventRow(e, { withMac = true } = {}) {
  return {
    attrs: { "data-seq": e.seq, class: `event kind-row-${String(e.kind).replace(/[^a-z-]/g, "")}` },
    cells: [timeCell(e.time), kindBadge(e.kind), text(e.address, "mono"), withMac ? macLink(e.mac) : null,
      text(e.hostname), subnetLink(e.subnet), text(e.server)].filter((c) => c !== null),
  };
}

export const LEASE_COLUMNS = [
  { label: "Address", cls: "mono" }, { label: "State" }, { label: "MAC" }, { label: "Host name" },
  { label: "Subnet" }, { label: "Starts", cls: "col-time" }, { label: "Expires", cls: "col-time" }, { label: "Server" },
];

export function leaseRow(l) {
  return {
    attrs: { class: `lease lease-${l.state === "declined" ? "declined" : "active"}` },
    cells: [h("span", { class: "mono" }, l.prefixLength ? `${l.address}/${l.prefixLength}` : l.address),
      h("span", { class: `badge state-${l.state === "declined" ? "declined" : "active"}` }, l.state), macLink(l.mac), text(l.hostname),
      subnetLink(l.subnet), timeCell(l.starts), timeCell(l.expires), text(l.server)],
  };
}

/** A message block for errors and empty states. */
export const notice = (title, ...body) => h("div", { class: "notice" }, h("p", { class: "notice-title" }, title), ...body.map((b) => (typeof b === "string" ? h("p", null, b) : b)));

/** A table that new rows are prepended to (newest first), keeping at most `max` rows. */
export function liveTable(columns, rows, { empty, max = 20, caption } = {}) {
  const wrap = table(columns, rows.slice(0, max), { empty, caption });
  const body = wrap.querySelector("tbody");
  const toRow = (row) => {
    const placeholder = body.querySelector("tr.empty");
    if (placeholder) placeholder.remove();
    const tr = h("tr", row.attrs || null);
    row.cells.forEach((cell, i) => tr.append(h("td", { class: columns[i].cls, "data-label": columns[i].label }, cell)));
    return tr;
  };
  return {
    el: wrap,
    /** A new row on top, highlighted briefly; the oldest drops off past max. */
    prepend(row) {
      const tr = toRow(row);
      tr.classList.add("fresh");
      body.prepend(tr);
      while (body.rows.length > max) body.lastElementChild.remove();
    },
    /** An older row at the bottom (paging back). */
    append(row) {
      body.append(toRow(row));
    },
  };
}
