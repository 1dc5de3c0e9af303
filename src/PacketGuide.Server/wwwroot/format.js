// Formatting and input recognition. Numbers use the reader's locale; times are shown in the browser's time zone.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dateTime = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export const formatInt = (n) => (n === null || n === undefined || Number.isNaN(Number(n)) ? "—" : integer.format(n));

export const formatPercent = (ratio) => (ratio === null || ratio === undefined ? "—" : percent.format(ratio));

/** A time of today as 14:05:09, of another day with its date. */
export function formatTime(value) {
  const d = toDate(value);
  if (!d) return "—";
  const now = new Date();
  return d.toDateString() === now.toDateString() ? timeOnly.format(d) : dateTime.format(d);
}

export const formatDateTime = (value) => { const d = toDate(value); return d ? dateTime.format(d) : "—"; };

export const formatHourMinute = (unixSeconds) => hourMinute.format(new Date(unixSeconds * 1000));

/** "12 s ago", "5 min ago", "in 40 min", "3 h ago", else the date. */
export function formatRelative(value, now = Date.now()) {
  const d = toDate(value);
  if (!d) return "never";
  const seconds = Math.round((now - d.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  let text;
  if (s < 5) return "just now";
  if (s < 90) text = `${s} s`;
  else if (s < 90 * 60) text = `${Math.round(s / 60)} min`;
  else if (s < 36 * 3600) text = `${Math.round(s / 3600)} h`;
  else return formatDateTime(d);
  return future ? `in ${text}` : `${text} ago`;
}

/** A length of time, rounded to the unit that reads best: "45 s", "12 min", "5 h", "13 d" (days rounded down). */
export function formatSpan(seconds) {
  const s = Math.abs(Number(seconds));
  if (!Number.isFinite(s)) return "—";
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 120 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

export function toDate(value) {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** aa:bb:cc:dd:ee:ff from aa:bb:.., aa-bb-.., aabb.ccdd.eeff or aabbccddeeff (any case); null if not a MAC. */
export function parseMac(text) {
  const t = String(text).trim();
  let hex = null;
  if (/^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$/i.test(t)) hex = t.replace(/[:-]/g, "");
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(t)) hex = t.replace(/\./g, "");
  else if (/^[0-9a-f]{12}$/i.test(t)) hex = t;
  return hex ? hex.toLowerCase().match(/../g).join(":") : null;
}

export function isIPv4(text) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return !!m && m.slice(1).every((p) => Number(p) <= 255 && (p === "0" || !p.startsWith("0")));
}

export function isIPv6(text) {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** A DNS-style host name (letters, digits, hyphen, underscore; dot-separated labels of at most 63). */
export function isHostname(text) {
  const t = text.endsWith(".") ? text.slice(0, -1) : text;
  if (t.length === 0 || t.length > 253) return false;
  return t.split(".").every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
}

/** The hash route of a subnet, a client or a DNS zone. */
export const subnetHref = (cidr) => `#/subnet/${encodeURIComponent(cidr)}`;
export const clientHref = (mac) => `#/client/${encodeURIComponent(mac)}`;
export const zoneHref = (zone) => `#/dns/${encodeURIComponent(zone)}`;
