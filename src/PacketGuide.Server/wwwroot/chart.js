// Events per minute by kind for the last hour: stacked bars drawn with uPlot (vendor/uplot, MIT). The canvas has a
// text twin: a legend with each kind's total for the hour (the readable, accessible summary) and a line that reads out
// the minute under the pointer. bump() counts a live event into its minute; advance() moves the window to the current
// minute. Colours come from the theme's CSS variables (--kind-*), so the chart is rebuilt when the theme changes.
import uPlot from "./vendor/uplot/uPlot.esm.js";
import { h, replace } from "./dom.js";
import { formatHourMinute, formatInt } from "./format.js";
import { onThemeChange } from "./theme.js";

export const KIND_ORDER = ["discover", "offer", "request", "ack", "nak", "decline", "release", "expire", "inform", "allocation-failed"];

const css = (name, fallback) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
const minuteOf = (time) => Math.floor(new Date(time).getTime() / 60000) * 60;

export function createRateChart(container, { rate, endMinute, minutes = 60 }) {
  const counts = new Map(); // minute -> Map(kind -> count)
  const kinds = new Set();
  let end = endMinute;
  let plot = null;

  for (const r of rate || []) add(r.minute, r.kind, r.count);

  const canvasBox = h("div", { class: "chart-canvas", role: "img" });
  const readout = h("p", { class: "chart-readout", "aria-hidden": "true" }, "\u00a0");
  const legend = h("ul", { class: "chart-legend", "aria-label": "Events per kind in the last hour" });
  replace(container, canvasBox, readout, legend);

  function add(minute, kind, count) {
    if (!counts.has(minute)) counts.set(minute, new Map());
    const m = counts.get(minute);
    m.set(kind, (m.get(kind) || 0) + count);
    kinds.add(kind);
  }

  const orderedKinds = () => [...kinds].sort((a, b) => rank(a) - rank(b));
  const rank = (kind) => { const i = KIND_ORDER.indexOf(kind); return i < 0 ? KIND_ORDER.length : i; };
  const xs = () => Array.from({ length: minutes }, (_, i) => end - (minutes - 1 - i) * 60);
  const raw = (kind, x) => (counts.get(x) && counts.get(x).get(kind)) || 0;

  // Stacked: series i is the sum of kinds 0..i; the tallest is drawn first so each kind shows as its own band.
  function data() {
    const x = xs();
    const ks = orderedKinds();
    const stacked = [];
    let running = x.map(() => 0);
    for (const k of ks) {
      running = running.map((v, i) => v + raw(k, x[i]));
      stacked.push(running);
    }
    return [x, ...stacked.reverse()];
  }

  function build() {
    if (plot) plot.destroy();
    const ks = orderedKinds();
    const axis = { stroke: css("--muted", "#666"), grid: { stroke: css("--grid", "#ddd"), width: 1 }, ticks: { stroke: css("--grid", "#ddd"), width: 1 } };
    const series = [{}, ...[...ks].reverse().map((k) => ({
      label: k,
      fill: css(`--kind-${k}`, "#888"),
      stroke: css(`--kind-${k}`, "#888"),
      width: 0,
      paths: uPlot.paths.bars({ size: [0.85, 24], gap: 1 }),
      points: { show: false },
    }))];
    const width = Math.max(canvasBox.clientWidth || container.clientWidth || 600, 240);
    plot = new uPlot({
      width,
      height: width < 500 ? 180 : 220,
      legend: { show: false },
      padding: [12, 28, 0, 0], // room for the last time label at the right edge
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      axes: [
        { ...axis, values: (u, splits) => splits.map((s) => formatHourMinute(s)), space: 60 },
        { ...axis, size: 44, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
      ],
      series,
      hooks: { setCursor: [(u) => showMinute(u.cursor.idx)] },
    }, data(), canvasBox);
    renderLegend();
  }

  function showMinute(idx) {
    if (idx === null || idx === undefined) { readout.textContent = "\u00a0"; return; }
    const x = xs()[idx];
    const parts = orderedKinds().map((k) => [k, raw(k, x)]).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatInt(n)}`);
    readout.textContent = `${formatHourMinute(x)}: ${parts.length ? parts.join(", ") : "no events"}`;
  }

  function renderLegend() {
    const x = xs();
    const ks = orderedKinds();
    let all = 0;
    const items = ks.map((k) => {
      const total = x.reduce((sum, m) => sum + raw(k, m), 0);
      all += total;
      return h("li", { "data-kind": k }, h("span", { class: `swatch kind-${k}`, "aria-hidden": "true" }), `${k} `, h("strong", null, formatInt(total)));
    });
    replace(legend, ks.length ? items : h("li", { class: "muted" }, "No events in the last hour."));
    canvasBox.setAttribute("aria-label", `Events per minute, last ${minutes} minutes: ${formatInt(all)} events in all` +
      (ks.length ? ` (${ks.map((k) => `${k} ${formatInt(x.reduce((s, m) => s + raw(k, m), 0))}`).join(", ")})` : ""));
  }

  function redraw(newKind) {
    if (newKind) build();
    else { plot.setData(data()); renderLegend(); }
  }

  build();
  const unsubscribe = onThemeChange(() => build());
  const resize = new ResizeObserver(() => {
    const w = Math.max(canvasBox.clientWidth, 240);
    if (plot && Math.abs(plot.width - w) > 2) plot.setSize({ width: w, height: w < 500 ? 180 : 220 });
  });
  resize.observe(canvasBox);

  return {
    /** Counts one live event into its minute (moving the window forward if the event is newer). */
    bump(event) {
      const minute = minuteOf(event.time);
      if (Number.isNaN(minute) || minute <= end - minutes * 60) return;
      const newKind = !kinds.has(event.kind);
      add(minute, event.kind, 1);
      if (minute > end) end = minute;
      redraw(newKind);
    },
    /** Moves the window so that it ends at the given minute (no-op if it already does). */
    advance(minute) {
      if (minute <= end) return;
      end = minute;
      for (const m of counts.keys()) if (m <= end - minutes * 60) counts.delete(m);
      redraw(false);
    },
    destroy() {
      unsubscribe();
      resize.disconnect();
      if (plot) plot.destroy();
    },
  };
}

export const currentMinute = () => Math.floor(Date.now() / 60000) * 60;
