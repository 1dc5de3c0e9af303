// The overview (#/): subnet utilization, events per minute, recent problems (NAK, decline, allocation failure), the
// live event feed, DHCP servers and DNS validation (views/dns.js). Live: the event stream feeds the tables and the chart;
// subnets, servers and the DNS validation runs refresh every 10 s, subnets and servers also shortly after any event that
// changes a lease (the stream carries no DNS events).
import { h, replace, section, table } from "../dom.js";
import { formatInt, formatRelative, formatDateTime, subnetHref } from "../format.js";
import { EVENT_COLUMNS, eventRow, levelBadge, liveTable, notice, rememberSubnets, usageNumbers, utilizationBar } from "../components.js";
import { createRateChart, currentMinute } from "../chart.js";
import { dnsSection, loadRunsForSection } from "./dns.js";
import { openStream } from "../stream.js";

const PROBLEM_KINDS = ["nak", "decline", "allocation-failed"];
const LEASE_KINDS = new Set(["ack", "release", "decline", "expire"]);
const REFRESH_MS = 10000;

export async function renderOverview(main, ctx) {
  const { source, signal } = ctx;
  // Order matters for the live updates: the stream resumes after the newest event of `recent`, so the rate is read
  // before it (no event counted twice in the chart) and the problem lists after it (none missed; the ones newer than
  // `recent` come again through the stream and are skipped by seq).
  const [subnets, rate, servers, runs] = await Promise.all([
    source.subnets(signal), source.rate(60, signal), source.servers(signal), loadRunsForSection(source, signal),
  ]);
  const recent = await source.events({ limit: 15 }, signal);
  const problemLists = await Promise.all(PROBLEM_KINDS.map((kind) => source.events({ kind, limit: 20 }, signal)));
  const problems = problemLists.flatMap((p) => p.items).sort(newestFirst).slice(0, 20);
  rememberSubnets(subnets);

  const subnetList = h("ul", { class: "subnets", "aria-label": "Subnets" });
  const serverBox = h("div");
  const chartBox = h("div", { class: "chart" });
  const problemTable = liveTable(EVENT_COLUMNS, problems.map((e) => eventRow(e)), {
    empty: "No NAKs, declines or allocation failures recorded.", max: 20, caption: "Recent NAKs, declines and allocation failures" });
  const feed = liveTable(EVENT_COLUMNS, recent.items.map((e) => eventRow(e)), {
    empty: ctx.source.live ? "Waiting for events…" : "No events in the snapshot.", max: 15, caption: "Latest events" });
  const dns = dnsSection(ctx, runs);

  replace(main,
    h("h1", { class: "page-title", tabindex: "-1" }, "Overview"),
    h("div", { class: "grid" },
      section("Subnet utilization", { id: "subnets", cls: "span-2", note: "Assigned addresses of each subnet's pools. Ticks mark the warning and critical thresholds." }, subnetList),
      section("Events per minute", { id: "rate", cls: "span-2", note: "DHCP events of the last 60 minutes by kind (stacked)." }, chartBox),
      section("Recent NAKs, declines and allocation failures", { id: "problems", cls: "span-2" }, problemTable.el),
      section("Latest events", { id: "feed", cls: "span-2", note: ctx.source.live ? "Newest first, as they arrive." : null }, feed.el),
      section("Servers", { id: "servers", cls: "span-2" }, serverBox),
      dns.el));

  renderSubnets(subnetList, subnets);
  renderServers(serverBox, servers, ctx.now());
  const end = ctx.source.live ? currentMinute() : Math.floor(ctx.now() / 60000) * 60;
  const chart = createRateChart(chartBox, { rate, endMinute: end });
  signal.addEventListener("abort", () => chart.destroy(), { once: true });
  if (!ctx.source.live) return;

  let latestServers = servers;
  let refreshing = false;
  let refreshTimer = null;
  async function refresh() {
    if (refreshing || signal.aborted) return;
    refreshing = true;
    try {
      const [s, v] = await Promise.all([source.subnets(signal), source.servers(signal)]);
      rememberSubnets(s);
      renderSubnets(subnetList, s);
      latestServers = v;
    } catch (e) {
      ctx.backgroundError(e);
    } finally {
      refreshing = false;
    }
    renderServers(serverBox, latestServers, ctx.now());
    chart.advance(currentMinute());
  }
  // The DNS runs refresh on their own (a failure there leaves the subnets alone), at the same cadence.
  const every = setInterval(() => { refresh(); dns.refresh(); }, REFRESH_MS);
  signal.addEventListener("abort", () => { clearInterval(every); clearTimeout(refreshTimer); }, { once: true });

  // Resume after the newest event loaded (0 when there was none: then the stream sends everything since).
  let lastSeq = Math.max(0, ...recent.items.map((e) => e.seq));
  const shownAhead = new Set(problems.filter((e) => e.seq > lastSeq).map((e) => e.seq));
  openStream({
    signal,
    lastEventId: lastSeq,
    onState: ctx.setLive,
    onAuth: ctx.onAuth,
    onEvent(e) {
      if (typeof e.seq === "number") {
        if (e.seq <= lastSeq) return;
        lastSeq = e.seq;
      }
      feed.prepend(eventRow(e));
      if (PROBLEM_KINDS.includes(e.kind) && !shownAhead.delete(e.seq)) problemTable.prepend(eventRow(e));
      chart.bump(e);
      if (LEASE_KINDS.has(e.kind) && refreshTimer === null) {
        refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 1500);
      }
    },
  });
}

const newestFirst = (a, b) => (b.seq ?? 0) - (a.seq ?? 0) || String(b.time).localeCompare(String(a.time));

function renderSubnets(list, subnets) {
  if (subnets.length === 0) {
    replace(list, h("li", null, notice("No subnets yet", "Subnets appear once the DHCP configuration is loaded (serve.dhcp.config) or the logs mention one.")));
    return;
  }
  const rows = subnets.map((s) => {
    const key = JSON.stringify(s);
    const existing = [...list.children].find((li) => li.dataset.subnet === s.subnet);
    if (existing && existing.dataset.key === key) return existing;
    const li = h("li", { class: "subnet-row", "data-subnet": s.subnet, "data-key": key },
      h("div", { class: "subnet-head" },
        h("a", { href: subnetHref(s.subnet), class: "subnet-name mono" }, s.subnet),
        levelBadge(s.level),
        s.sharedNetwork ? h("span", { class: "muted" }, `shared network ${s.sharedNetwork}`) : null,
        s.configured ? null : h("span", { class: "muted" }, "seen in logs, not configured")),
      utilizationBar(s, `Utilization of ${s.subnet}`),
      usageNumbers(s));
    return li;
  });
  list.replaceChildren(...rows);
}

function renderServers(box, servers, now) {
  if (servers.length === 0) {
    replace(box, notice("No servers seen yet", "A DHCP server appears here once the pipeline reads an event from its log."));
    return;
  }
  replace(box, table([{ label: "Name" }, { label: "Kind" }, { label: "Status" }, { label: "Last seen" }, { label: "Events since start", cls: "num" }],
    servers.map((s) => ({
      attrs: { "data-server": s.name },
      cells: [h("span", { class: "mono" }, s.name), s.kind,
        h("span", { class: `badge status-${s.status === "active" ? "active" : "quiet"}` }, s.status),
        h("time", { datetime: s.lastSeen, title: formatDateTime(s.lastSeen) }, formatRelative(s.lastSeen, now)),
        formatInt(s.events)],
    })), { caption: "DHCP servers" }));
}
