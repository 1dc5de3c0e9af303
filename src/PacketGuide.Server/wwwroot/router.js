// Hash routes: #/ (overview), #/subnet/<cidr>, #/client/<mac>, #/search/<host name>, #/dns/<zone>. Each segment is
// URI-encoded.

export function parseRoute(hash) {
  const path = (hash || "").replace(/^#\/?/, "");
  const [name, ...rest] = path.split("/");
  let arg = rest.join("/");
  try { arg = decodeURIComponent(arg); } catch { /* a malformed escape: use it as typed */ }
  if (name === "subnet" && arg) return { view: "subnet", arg };
  if (name === "client" && arg) return { view: "client", arg };
  if (name === "search" && arg) return { view: "search", arg };
  if (name === "dns" && arg) return { view: "zone", arg };
  if (name === "") return { view: "overview" };
  return { view: "unknown", arg: path };
}

export const go = (hash) => {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
};
