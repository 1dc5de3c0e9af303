// The live data source: the service's REST API under api/v1 (relative, so a reverse proxy may mount the service under a
// path). Sends the API key from sessionStorage as a Bearer token when there is one; a 401 becomes AuthRequired, which
// the app answers with the key form. Errors are RFC 7807 problem+json: ApiError carries the problem's title/detail.

const KEY_STORAGE = "pguide.apiKey";

export class AuthRequired extends Error {
  constructor(refused) {
    super(refused ? "The API refused the key." : "The API needs a key.");
    this.name = "AuthRequired";
    this.refused = refused;
  }
}

export class ApiError extends Error {
  constructor(status, problem, path) {
    const fields = problem && problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`) : [];
    super((problem && (problem.detail || problem.title)) || `HTTP ${status} from ${path}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.fields = fields;
  }
}

export function apiKey() {
  try { return sessionStorage.getItem(KEY_STORAGE) || null; } catch { return null; }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lasts until reload */ }
}

/** Headers every API call carries (the stream uses them too). */
export function authHeaders(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

export function apiUrl(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.set(name, String(value));
  }
  const qs = query.toString();
  return `api/v1/${path}${qs ? `?${qs}` : ""}`;
}

export async function getJson(path, params, signal) {
  const url = apiUrl(path, params);
  const response = await fetch(url, { headers: authHeaders({ Accept: "application/json" }), signal, cache: "no-store" });
  if (response.status === 401) throw new AuthRequired(apiKey() !== null);
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem, url);
  }
  return response.json();
}

/**
 * POSTs a JSON body; answers { value: the parsed answer (null without one), location: the Location header }. Every
 * refusal is an ApiError, 401 included: a write refused does not mean the read views need another key (the caller
 * decides what to say; see views/dns.js "Run now").
 */
export async function postJson(path, body, signal) {
  const url = apiUrl(path);
  const response = await fetch(url, {
    method: "POST", headers: authHeaders({ Accept: "application/json", "Content-Type": "application/json" }),
    body: JSON.stringify(body ?? {}), signal, cache: "no-store",
  });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem, url);
  }
  let value = null;
  try { value = await response.json(); } catch { /* no body */ }
  return { value, location: response.headers.get("Location") };
}

/** The data source the views read, backed by the API. */
export function liveSource() {
  return {
    live: true,
    subnets: (signal) => getJson("subnets", null, signal),
    leases: (query, signal) => getJson("leases", query, signal),
    async lease(ip, signal) {
      try {
        return await getJson(`leases/${encodeURIComponent(ip)}`, null, signal);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    events: (query, signal) => getJson("events", query, signal),
    rate: (minutes, signal) => getJson("events/rate", { minutes }, signal),
    servers: (signal) => getJson("servers", null, signal),
    hosts: (query, signal) => getJson("hosts", query, signal),
    // DNS validation runs (newest first). validation(): the latest run or null (none yet); validationRun(id): one run
    // with its report (absent while queued or running, or when it failed), null if there is no such run.
    async validation(signal) {
      const page = await getJson("validations", { limit: 1 }, signal);
      return (page && Array.isArray(page.items) && page.items[0]) || null;
    },
    validations: (query, signal) => getJson("validations", query, signal),
    async validationRun(id, signal) {
      try {
        return await getJson(`validations/${encodeURIComponent(id)}`, null, signal);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    /** Starts a run (needs the write scope): the queued run, its id taken from the Location header if the body lacks it. */
    async startValidation(body, signal) {
      const { value, location } = await postJson("validations", body || {}, signal);
      const run = value && typeof value === "object" ? value : {};
      if (run.id === undefined && location) run.id = location.replace(/\/+$/, "").split("/").pop();
      return run;
    },
  };
}
