// The header search box: a MAC opens its client page; an IP address opens the client holding its lease (or says none
// does); anything that looks like a host name lists the leases with that name. Anything else gets a message.
import { isHostname, isIPv4, isIPv6, parseMac, clientHref } from "./format.js";
import { go } from "./router.js";

export function initSearch(form, input, ctx) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q === "") { ctx.setStatus("Type a MAC address (02:00:00:00:01:07), an IP address (10.77.1.6) or a host name.", "info"); input.focus(); return; }
    const mac = parseMac(q);
    if (mac) { ctx.setStatus(""); go(clientHref(mac)); return; }
    if (isIPv4(q) || isIPv6(q)) {
      try {
        const lease = await ctx.source().lease(q);
        if (!lease) { ctx.setStatus(`No current lease for ${q}.`, "warn"); return; }
        if (!lease.mac) { ctx.setStatus(`${q} is leased${lease.clientId ? ` to client id ${lease.clientId}` : ""}, with no MAC address to show a client page for.`, "info"); return; }
        ctx.setStatus("");
        go(clientHref(lease.mac));
      } catch (e) {
        ctx.searchError(e);
      }
      return;
    }
    if (isHostname(q)) {
      try {
        const page = await ctx.source().leases({ hostname: q, limit: 2 });
        if (page.items.length === 1 && page.items[0].mac) { ctx.setStatus(""); go(clientHref(page.items[0].mac)); return; }
        ctx.setStatus("");
        go(`#/search/${encodeURIComponent(q)}`);
      } catch (e) {
        ctx.searchError(e);
      }
      return;
    }
    ctx.setStatus(`“${q.length > 60 ? `${q.slice(0, 60)}…` : q}” is not a MAC address, an IP address or a host name.`, "warn");
    input.focus();
  });

  // "/" jumps to the search box from anywhere but a text field; Escape clears it.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t && t.isContentEditable)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { input.value = ""; ctx.setStatus(""); }
  });
}
