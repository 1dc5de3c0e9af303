// Builds DOM nodes from data without ever parsing markup: every string becomes a text node (textContent), so hostnames,
// MACs and anything else that came from a log stays inert. Attributes go through setAttribute; "style" is refused
// (the Content-Security-Policy forbids inline style attributes; size things with el.style.prop = ... instead).

/**
 * h("a", { href: "#/x", class: "link" }, "text", childNode, [more, children], null)
 * Attribute values null/undefined/false are skipped; true sets an empty attribute. on* keys add event listeners.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "style") throw new Error("dom.h: inline style attributes are blocked by the CSP");
      if (name.startsWith("on") && typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (name === "dataset") {
        Object.assign(el.dataset, value);
      } else {
        el.setAttribute(name, value === true ? "" : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings, numbers, nested arrays; null/undefined/false are skipped). */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A <section> with a heading and an optional note under it. */
export function section(title, { id, note, cls } = {}, ...children) {
  const headingId = id ? `${id}-title` : undefined;
  return h("section", { class: `card ${cls || ""}`.trim(), id, "aria-labelledby": headingId },
    h("h2", { id: headingId }, title),
    note ? h("p", { class: "note" }, note) : null,
    ...children);
}

/** A table: columns [{ label, cls }], rows of cells (nodes or text); an empty list shows `empty` in one row. */
export function table(columns, rows, { empty = "Nothing to show.", caption, cls } = {}) {
  const body = h("tbody");
  if (rows.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: columns.length }, empty)));
  }
  for (const row of rows) {
    const tr = h("tr", row.attrs || null);
    (row.cells || row).forEach((cell, i) => tr.append(h("td", { class: columns[i].cls, "data-label": columns[i].label }, cell)));
    body.append(tr);
  }
  return h("div", { class: "table-wrap" },
    h("table", { class: cls },
      caption ? h("caption", { class: "visually-hidden" }, caption) : null,
      h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col", class: c.cls }, c.label)))),
      body));
}
