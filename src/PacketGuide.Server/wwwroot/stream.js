// Reads /api/v1/events/stream (server-sent events) with fetch() and a ReadableStream rather than EventSource, so the
// Authorization header can be sent. Reconnects after the server's retry delay (growing while it fails) with
// Last-Event-ID, so the server replays what was missed. Stops when the signal aborts.
import { apiUrl, authHeaders } from "./api.js";

/**
 * openStream({ params, lastEventId, onEvent(event), onState("connecting"|"live"|"retrying"|"stopped", detail), onAuth(), signal })
 * onEvent gets each `event: dhcp` payload parsed as JSON. Returns nothing; abort the signal to stop.
 */
export function openStream({ params = {}, lastEventId = null, onEvent, onState = () => {}, onAuth = () => {}, signal }) {
  let lastId = lastEventId === null || lastEventId === undefined ? null : String(lastEventId);
  let retryMs = 2000;
  let failures = 0;

  const sleep = (ms) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

  async function connectOnce() {
    const headers = authHeaders({ Accept: "text/event-stream" });
    if (lastId !== null) headers["Last-Event-ID"] = lastId;
    onState("connecting");
    const response = await fetch(apiUrl("events/stream", params), { headers, signal, cache: "no-store" });
    if (response.status === 401) return "auth";
    if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
    onState("live");
    failures = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let message = { event: "message", data: [], id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "closed";
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (message.id !== null) lastId = message.id;
          if (message.data.length > 0) dispatch(message.event, message.data.join("\n"));
          message = { event: "message", data: [], id: null };
          continue;
        }
        if (line.startsWith(":")) continue; // comment (keep-alive)
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) text = text.slice(1);
        if (field === "event") message.event = text;
        else if (field === "data") message.data.push(text);
        else if (field === "id" && !text.includes("\0")) message.id = text;
        else if (field === "retry" && /^\d+$/.test(text)) retryMs = Number(text);
      }
    }
  }

  function dispatch(kind, data) {
    if (kind !== "dhcp") return;
    let parsed;
    try { parsed = JSON.parse(data); } catch { return; }
    try { onEvent(parsed); } catch (e) { console.warn("stream handler failed", e); }
  }

  (async () => {
    while (!signal.aborted) {
      let outcome;
      try {
        outcome = await connectOnce();
      } catch (e) {
        if (signal.aborted) break;
        outcome = "error";
        failures++;
      }
      if (outcome === "auth") { onState("stopped", "auth"); onAuth(); return; }
      if (signal.aborted) break;
      const delay = Math.min(retryMs * 2 ** Math.min(failures, 4), 30000);
      onState("retrying", delay);
      await sleep(delay);
    }
    onState("stopped");
  })();
}
