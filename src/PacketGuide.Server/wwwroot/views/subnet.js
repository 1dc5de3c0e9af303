// A subnet (#/subnet/<cidr>): its utilization and pools (refreshed every 10 s when live) and its current leases,
// 50 a page, filterable by state.
import { h, replace, section, table } from "../dom.js";
import { formatInt } from "../format.js";
import { LEASE_COLUMNS, leaseRow, levelBadge, notice, usageNumbers, utilizationBar } from "../components.js";

const PAGE_SIZE = 50;
const REFRESH_MS = 10000;

export async function renderSubnet(main, ctx, cidr) {
  const { source, signal } = ctx;
  const subnets = await source.subnets(signal);
  const subnet = subnets.find((s) => s.subnet === cidr);
  if (!subnet) {
    replace(main, h("h1", { class: "page-title", tabindex: "-1" }, "Subnet not found"),
      notice(`No subnet ${cidr}`, h("p", null, "The service knows ", subnets.length ? subnets.map((s) => s.subnet).join(", ") : "no subnets", ". ",
        h("a", { href: "#/" }, "Back to the overview"), ".")));
    return;
  }

  const summary = h("div", { class: "subnet-summary" });
  const pools = h("div");
  const leasesBox = h("div", { class: "leases" });
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / subnet"),
    h("h1", { class: "page-title mono", tabindex: "-1" }, cidr),
    h("div", { class: "grid" },
      section("Utilization", { id: "utilization", cls: "span-2" }, summary),
      section("Pools", { id: "pools", cls: "span-2" }, pools),
      section("Leases", { id: "leases", cls: "span-2", note: "Current leases in address order." }, leasesBox)));

  renderSummary(summary, pools, subnet);
  await leasesPager(leasesBox, ctx, cidr);

  if (!source.live) return;
  const every = setInterval(async () => {
    try {
      const fresh = (await source.subnets(signal)).find((s) => s.subnet === cidr);
      if (fresh) renderSummary(summary, pools, fresh);
    } catch (e) {
      ctx.backgroundError(e);
    }
  }, REFRESH_MS);
  signal.addEventListener("abort", () => clearInterval(every), { once: true });
}

function renderSummary(summary, pools, s) {
  replace(summary,
    h("div", { class: "subnet-head" }, levelBadge(s.level),
      h("span", { class: "muted" }, [s.id !== null && s.id !== undefined ? `id ${s.id}` : null, s.sharedNetwork ? `shared network ${s.sharedNetwork}` : null,
        s.configured ? "configured" : "seen in logs, not configured"].filter(Boolean).join(" · "))),
    utilizationBar(s, `Utilization of ${s.subnet}`),
    usageNumbers(s));
  const list = s.pools || [];
  replace(pools, list.length === 0 ? notice("No pools", "The configuration declares no pool for this subnet.")
    : h("ul", { class: "subnets pools", "aria-label": "Pools" }, list.map((p) => h("li", { class: "subnet-row", "data-pool": p.range },
      h("div", { class: "subnet-head" }, h("span", { class: "subnet-name mono" }, p.range), levelBadge(p.level)),
      utilizationBar(p, `Utilization of pool ${p.range}`),
      usageNumbers(p)))));
}

/** The lease table with a state filter and Previous/Next paging (cursors kept so Previous works). */
async function leasesPager(box, ctx, cidr) {
  const cursors = [null];
  let index = 0;
  let state = "";
  const filter = h("select", { id: "lease-state", name: "state" },
    h("option", { value: "" }, "All states"), h("option", { value: "active" }, "Active"), h("option", { value: "declined" }, "Declined"));
  const prev = h("button", { type: "button", class: "secondary" }, "← Previous");
  const next = h("button", { type: "button", class: "secondary" }, "Next →");
  const reload = h("button", { type: "button", class: "secondary" }, "Reload");
  const position = h("span", { class: "muted", "aria-live": "polite" });
  const body = h("div");
  replace(box,
    h("div", { class: "toolbar" }, h("label", { for: "lease-state" }, "Show "), filter, reload),
    body,
    h("div", { class: "pager" }, prev, position, next));

  async function load() {
    const page = await ctx.source.leases({ subnet: cidr, state: state || null, limit: PAGE_SIZE, cursor: cursors[index] }, ctx.signal);
    cursors.length = index + 1;
    if (page.next) cursors.push(page.next);
    replace(body, table(LEASE_COLUMNS, page.items.map(leaseRow), { empty: "No current leases in this subnet.", caption: `Leases of ${cidr}`, cls: "lease-table" }));
    const first = index * PAGE_SIZE + 1;
    position.textContent = page.items.length ? `${formatInt(first)}–${formatInt(first + page.items.length - 1)}` : "";
    prev.disabled = index === 0;
    next.disabled = !page.next;
  }

  const run = (change) => async () => {
    change();
    try { await load(); } catch (e) { ctx.backgroundError(e); }
  };
  prev.addEventListener("click", run(() => { index = Math.max(0, index - 1); }));
  next.addEventListener("click", run(() => { if (cursors[index + 1]) index++; }));
  reload.addEventListener("click", run(() => {}));
  filter.addEventListener("change", run(() => { state = filter.value; cursors.length = 1; index = 0; }));
  await load();
}
