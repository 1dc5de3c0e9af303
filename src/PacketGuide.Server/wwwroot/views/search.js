// Host name search results (#/search/<name>): current leases whose host name is exactly the name searched.
import { h, replace, section, table } from "../dom.js";
import { LEASE_COLUMNS, leaseRow } from "../components.js";

export async function renderSearch(main, ctx, name) {
  const page = await ctx.source.leases({ hostname: name, limit: 100 }, ctx.signal);
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / search"),
    h("h1", { class: "page-title", tabindex: "-1" }, "Host name ", h("span", { class: "mono" }, `“${name}”`)),
    section("Matching leases", { id: "matches", note: "Current leases whose host name is exactly this name." },
      table(LEASE_COLUMNS, page.items.map(leaseRow), { empty: `No current lease has the host name “${name}”.`, caption: "Matching leases" }),
      page.next ? h("p", { class: "note" }, "Showing the first 100 matches.") : null));
}
