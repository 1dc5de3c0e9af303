// The overview's "DNS validation" section. The service has no API for it yet (source.dnsValidations() answers null), so
// it shows an empty state that says how to get results. Once an API exists, the source returns an array of
//   { zone, status: "ok"|"warning"|"error", findings, checkedAt }
// and this renders it as a table with no other change.
import { h, section, table } from "../dom.js";
import { formatInt } from "../format.js";
import { notice } from "../components.js";

const STATUS = { ok: "ok", warning: "warn", error: "critical" };

export function dnsSection(validations) {
  if (!Array.isArray(validations) || validations.length === 0) {
    return section("DNS validation", { id: "dns" },
      notice("No DNS validations configured",
        h("p", null, "When the service runs DNS validations, each zone's latest result (served vs. declared records, delegation, DNSSEC) will show here. ",
          "Until then, run ", h("code", null, "pguide dns validate"), " from the command line for an HTML report.")));
  }
  const rows = validations.map((v) => [
    h("span", { class: "mono" }, String(v.zone ?? "")),
    h("span", { class: `badge level-${STATUS[v.status] || "unknown"}` }, String(v.status ?? "unknown")),
    formatInt(v.findings),
    h("time", { datetime: v.checkedAt }, String(v.checkedAt ?? "")),
  ]);
  return section("DNS validation", { id: "dns" },
    table([{ label: "Zone" }, { label: "Status" }, { label: "Findings" }, { label: "Checked" }], rows, { caption: "DNS validation results" }));
}
