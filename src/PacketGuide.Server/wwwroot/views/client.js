// A client (#/client/<mac>): what the inventory says about it, its current leases, and its DHCP events newest first
// ("Load older" pages back). Live: its events arrive through the stream (filtered by MAC) and refresh its leases.
import { h, replace, section, table } from "../dom.js";
import { parseMac } from "../format.js";
import { CLIENT_EVENT_COLUMNS, LEASE_COLUMNS, eventRow, leaseRow, liveTable, notice, rememberSubnets } from "../components.js";
import { openStream } from "../stream.js";

const PAGE_SIZE = 50;
const LEASE_KINDS = new Set(["ack", "release", "decline", "expire"]);

export async function renderClient(main, ctx, rawMac) {
  const { source, signal } = ctx;
  const mac = parseMac(rawMac);
  if (!mac) {
    replace(main, h("h1", { class: "page-title", tabindex: "-1" }, "Not a MAC address"),
      notice(`“${rawMac}” is not a MAC address`, "Client pages are addressed by MAC, such as 02:00:00:00:01:07."));
    return;
  }

  const [leases, events, hosts, subnets] = await Promise.all([
    source.leases({ mac, limit: 100 }, signal), source.events({ mac, limit: PAGE_SIZE }, signal),
    source.hosts({ q: mac }, signal).catch(() => ({ items: [] })), source.subnets(signal),
  ]);
  rememberSubnets(subnets);

  const about = h("div", { class: "about" });
  const leaseBox = h("div");
  const history = liveTable(CLIENT_EVENT_COLUMNS, events.items.map((e) => eventRow(e, { withMac: false })), {
    empty: "No events recorded for this MAC.", max: 5000, caption: `Events of ${mac}` });
  const more = h("button", { type: "button", class: "secondary", hidden: !events.next }, "Load older events");

  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / client"),
    h("h1", { class: "page-title mono", tabindex: "-1" }, mac),
    h("div", { class: "grid" },
      section("About this client", { id: "about", cls: "span-2" }, about),
      section("Current leases", { id: "client-leases", cls: "span-2" }, leaseBox),
      section("History", { id: "history", cls: "span-2", note: "DHCP events of this MAC, newest first." }, history.el, h("div", { class: "pager" }, more))));

  const seen = { hostnames: new Set(), addresses: new Set() };
  const note = (e) => { if (e.hostname) seen.hostnames.add(e.hostname); if (e.address) seen.addresses.add(e.address); };
  events.items.forEach(note);
  leases.items.forEach(note);
  renderAbout(about, hosts.items.filter((x) => x.mac === mac), seen);
  renderLeases(leaseBox, leases.items, mac);

  let cursor = events.next;
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await source.events({ mac, limit: PAGE_SIZE, cursor }, signal);
      for (const e of page.items) {
        note(e);
        history.append(eventRow(e, { withMac: false }));
      }
      cursor = page.next;
      more.hidden = !cursor;
      renderAbout(about, hosts.items.filter((x) => x.mac === mac), seen);
    } catch (e) {
      ctx.backgroundError(e);
    } finally {
      more.disabled = false;
    }
  });

  if (!source.live) return;
  // Resume after the newest event loaded (0 when there was none: then the stream sends everything since).
  let lastSeq = Math.max(0, ...events.items.map((e) => e.seq));
  openStream({
    signal,
    params: { mac },
    lastEventId: lastSeq,
    onState: ctx.setLive,
    onAuth: ctx.onAuth,
    async onEvent(e) {
      if (typeof e.seq === "number") {
        if (e.seq <= lastSeq) return;
        lastSeq = e.seq;
      }
      history.prepend(eventRow(e, { withMac: false }));
      note(e);
      renderAbout(about, hosts.items.filter((x) => x.mac === mac), seen);
      if (LEASE_KINDS.has(e.kind)) {
        try { renderLeases(leaseBox, (await source.leases({ mac, limit: 100 }, signal)).items, mac); } catch (err) { ctx.backgroundError(err); }
      }
    },
  });
}

function renderLeases(box, leases, mac) {
  replace(box, table(LEASE_COLUMNS, leases.map(leaseRow), { empty: `${mac} holds no lease now.`, caption: `Current leases of ${mac}` }));
}

function renderAbout(box, hosts, seen) {
  const list = (set) => (set.size ? [...set].sort().join(", ") : "none seen");
  const items = [
    ["Host names seen", list(seen.hostnames)],
    ["Addresses seen", list(seen.addresses)],
  ];
  for (const host of hosts) {
    items.push(["Inventory name", host.name], ["Owner", host.owner || "—"], ["Notes", host.notes || "—"]);
  }
  if (hosts.length === 0) items.push(["Inventory", "not in the host inventory"]);
  replace(box, h("dl", { class: "facts" }, items.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
}
