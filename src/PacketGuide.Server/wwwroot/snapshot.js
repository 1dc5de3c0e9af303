// The static data source for `pguide dashboard export DIR`: the exporter writes snapshot.json beside index.html and adds
// <meta name="pguide-snapshot" content="snapshot.json">. Then everything is read from that file: no API call, no stream.
// It answers the same calls as the live source (api.js), filtering and paging the snapshot's arrays the way the API does.
//   { generatedAt, subnets: [...], leases: [...], events: [...newest first], eventRate: [...], servers: [...],
//     validation: the latest DNS validation run (as GET api/v1/validations lists it) or null/absent,
//     validationReport: the newest finished run with its report (as GET api/v1/validations/{id}), or absent }

export function snapshotLocation() {
  const meta = document.querySelector('meta[name="pguide-snapshot"]');
  const content = meta && meta.getAttribute("content");
  return content ? content.trim() : null;
}

export async function loadSnapshot(location) {
  const response = await fetch(location, { cache: "no-store" });
  if (!response.ok) throw new Error(`${location}: HTTP ${response.status}`);
  const data = await response.json();
  if (!data || typeof data !== "object" || !Array.isArray(data.subnets)) throw new Error(`${location}: not a PacketGuide snapshot`);
  return data;
}

function page(items, query, defaultLimit = 100) {
  const limit = Math.min(Math.max(Number(query.limit) || defaultLimit, 1), 1000);
  const start = Number(query.cursor) || 0;
  const slice = items.slice(start, start + limit);
  return start + limit < items.length ? { items: slice, next: String(start + limit) } : { items: slice };
}

const list = (value) => (Array.isArray(value) ? value : []);
const run = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : null);

export function snapshotSource(data) {
  const leases = list(data.leases);
  const events = list(data.events);
  // The runs the snapshot knows (the latest, and the finished one whose report it holds), newest first.
  const runs = [run(data.validation), run(data.validationReport)].filter(Boolean)
    .map(({ report, ...r }) => r)
    .filter((r, i, all) => all.findIndex((x) => String(x.id) === String(r.id)) === i)
    .sort((a, b) => (Number(b.id) || 0) - (Number(a.id) || 0));
  return {
    live: false,
    generatedAt: data.generatedAt || null,
    subnets: async () => list(data.subnets),
    async leases(query = {}) {
      const items = leases.filter((l) => (!query.subnet || l.subnet === query.subnet) && (!query.mac || l.mac === query.mac)
        && (!query.hostname || l.hostname === query.hostname) && (!query.state || l.state === query.state)
        && (!query.ip || l.address === query.ip));
      return page(items, query);
    },
    lease: async (ip) => leases.find((l) => l.address === ip) || null,
    async events(query = {}) {
      const items = events.filter((e) => (!query.kind || e.kind === query.kind) && (!query.subnet || e.subnet === query.subnet)
        && (!query.mac || e.mac === query.mac));
      return page(items, query);
    },
    rate: async () => list(data.eventRate),
    servers: async () => list(data.servers),
    hosts: async () => ({ items: list(data.hosts) }),
    validation: async () => run(data.validation),
    validations: async (query = {}) => page(runs, query),
    async validationRun(id) {
      const full = run(data.validationReport);
      if (full && String(full.id) === String(id)) return full;
      const latest = run(data.validation);
      return latest && String(latest.id) === String(id) ? latest : null;
    },
  };
}
