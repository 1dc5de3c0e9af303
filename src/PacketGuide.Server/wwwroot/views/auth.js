// The API key form, shown whenever the API answers 401, and (scope "write", with a Cancel) when an action such as the
// DNS section's "Run now" was refused for want of the write scope. The key is kept in sessionStorage (this tab, until it
// closes) and sent as "Authorization: Bearer pgk_...".
import { h, replace } from "../dom.js";
import { setApiKey } from "../api.js";

export function renderAuth(main, { refused, scope = "read", onDone, onCancel = null }) {
  const write = scope === "write";
  const input = h("input", { id: "api-key", name: "key", type: "password", autocomplete: "off", spellcheck: "false", required: true, placeholder: "pgk_…", "aria-describedby": "api-key-help" });
  const error = h("p", { class: "form-error", role: "alert" }, refused ? "The service refused that key. Check it, or create a new one." : "");
  const form = h("form", { class: "auth-form card", novalidate: true },
    h("h1", { class: "page-title", tabindex: "-1" }, write ? "API key with the write scope needed" : "API key needed"),
    h("p", null, write ? "Starting a DNS validation run needs a key with the write scope; a read key only shows data. The key you give replaces the one this tab uses."
      : "This service asks for an API key before it shows its data."),
    h("div", { id: "api-key-help" },
      h("p", null, write ? "Create a write key on the server with:" : "Create a read-only key on the server with:"),
      h("pre", null, h("code", null, write ? "pguide apikey create --name dashboard-ops --scope write" : "pguide apikey create --name dashboard --scope read")),
      h("p", { class: "note" }, "The key stays in this browser tab only (session storage) and is sent to this service alone.")),
    h("label", { for: "api-key" }, "API key"),
    h("div", { class: "row" }, input, h("button", { type: "submit" }, "Use this key"),
      onCancel ? h("button", { type: "button", class: "secondary", onclick: () => onCancel() }, "Cancel") : null),
    error);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) { error.textContent = "Paste the key that pguide apikey create printed."; input.focus(); return; }
    if (/\s/.test(key)) { error.textContent = "A key has no spaces; paste it as printed."; input.focus(); return; }
    setApiKey(key);
    onDone();
  });
  replace(main, form);
  input.focus();
}
