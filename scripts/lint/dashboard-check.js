// Drives the dashboard of a running `pguide serve` (read API open, as with --demo) in headless Chromium (Debian's,
// through playwright-core; see dashboard-check.sh) and prints one JSON summary on stdout:
//   { ok, base, checks: [{ name, ok, detail? }], failed: [names], subnets: [{ subnet, shown, api }], liveEvents,
//     dns: { latest: { id, state } | null, run: id shown | null, zones: [{ zone, api: { errors, warnings }, shown }],
//            shown: [zone names on the page], zonePage: { zone, run, findings: { shown, api }, checks: { shown, api } } | null },
//     consoleErrors, pageErrors, failedRequests, screenshots: [paths], snapshot: { ..., dns: {...} }, auth: {...} }
// With a DNS validation run in the API, the zone page of its first zone is checked and shot too (dashboard-dns.png).
// Every page is watched for console errors, uncaught exceptions and failed requests (a view aborting its own API
// requests when the route changes is expected and not counted). Exit 0 when every check passed, 1 otherwise.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const checks = [];
const consoleErrors = [];
const pageErrors = [];
const failedRequests = [];
const screenshots = [];

function check(name, ok, detail) {
  checks.push(detail === undefined ? { name, ok: !!ok } : { name, ok: !!ok, detail });
  return !!ok;
}

const digits = (text) => (text === null || text === undefined ? null : Number(String(text).replace(/[^0-9]/g, "")));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs attempt() until it returns { ok: true, ... } or the tries run out (live data moves while the page catches up). */
async function eventually(attempt, tries = 10, delayMs = 500) {
  let last = null;
  for (let i = 0; i < tries; i++) {
    last = await attempt();
    if (last.ok) return last;
    await sleep(delayMs);
  }
  return last;
}

/** Keeps the latest successful JSON answer the page got from an API path (with a query parameter, when given). */
function lastAnswer(page, pathEnd, param) {
  const last = { value: null };
  page.on("response", async (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith(pathEnd) && (!param || url.searchParams.has(param)) && r.ok()) {
      try { last.value = await r.json(); } catch { /* page navigated away */ }
    }
  });
  return last;
}

const leaseText = (l) => (l.prefixLength ? `${l.address}/${l.prefixLength}` : l.address);

async function api(base, pathAndQuery) {
  const response = await fetch(new URL(pathAndQuery, base));
  if (!response.ok) throw new Error(`${pathAndQuery}: HTTP ${response.status}`);
  return response.json();
}

/** Watches one page: console errors, page errors and failed requests go to the summary, tagged with the step. */
function watch(page, step, { allowNotFound = () => false } = {}) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (allowNotFound(text, m.location())) return;
    consoleErrors.push(`${step.name}: ${text}`);
  });
  page.on("pageerror", (e) => pageErrors.push(`${step.name}: ${e && e.stack ? e.stack.split("\n")[0] : e}`));
  page.on("requestfailed", (r) => {
    const error = r.failure() ? r.failure().errorText : "failed";
    // A view aborts its own in-flight API calls and its event stream when the route changes, and the page's stream
    // is cut when the page closes.
    if (error === "net::ERR_ABORTED" && new URL(r.url()).pathname.includes("/api/v1/")) return;
    failedRequests.push(`${step.name}: ${r.method()} ${r.url()} ${error}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !allowNotFound(`status of ${r.status()}`, { url: r.url() })) failedRequests.push(`${step.name}: ${r.status()} ${r.url()}`);
  });
}

/** The subnet rows as shown: [{ subnet, assigned, total }], read from the DOM. */
const shownSubnets = (page, selector = "#subnets .subnet-row") => page.$$eval(selector, (rows) => rows.map((r) => ({
  subnet: r.dataset.subnet || r.dataset.pool,
  assigned: r.querySelector(".usage .assigned") && r.querySelector(".usage .assigned").textContent,
  total: r.querySelector(".usage .total") && r.querySelector(".usage .total").textContent,
  level: r.querySelector(".bar-fill") && r.querySelector(".bar-fill").className,
  width: r.querySelector(".bar-fill") && r.querySelector(".bar-fill").style.width,
})));

/**
 * Compares the numbers shown with the last /api/v1/subnets answer the page itself received (the live page refreshes
 * every 10 s, so a fresh fetch from here could be newer than what is drawn); retries while the page catches up.
 */
async function compareSubnets(page, lastAnswer, pick, selector) {
  let result = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const shown = await shownSubnets(page, selector);
    const expected = pick(lastAnswer.value || []);
    result = expected.map((s) => {
      const row = shown.find((r) => r.subnet === (s.subnet || s.range));
      return {
        subnet: s.subnet || s.range,
        shown: row ? { assigned: digits(row.assigned), total: digits(row.total) } : null,
        api: { assigned: s.assigned, total: s.total },
        level: s.level,
        fill: row ? row.level : null,
        width: row ? row.width : null,
      };
    });
    const same = result.length === shown.length && result.every((r) => r.shown && r.shown.assigned === r.api.assigned && r.shown.total === r.api.total
      && r.fill.includes(`fill-${r.level}`));
    if (same && result.length > 0) return { ok: true, rows: result };
    await sleep(500);
  }
  return { ok: false, rows: result };
}

function recordSubnetAnswers(page) {
  const last = { value: null };
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname.endsWith("/api/v1/subnets") && r.ok()) {
      try { last.value = await r.json(); } catch { /* page navigated away */ }
    }
  });
  return last;
}

async function shoot(page, dir, name, fullPage = true) {
  await page.evaluate(() => { document.activeElement && document.activeElement.blur && document.activeElement.blur(); window.scrollTo(0, 0); });
  const file = path.join(dir, `dashboard-${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: "disabled" }); // the new-row highlight ends at once
  screenshots.push(file);
}

async function searchFor(page, text) {
  const input = page.locator("#search-input");
  await input.fill(text);
  await input.press("Enter");
}

/**
 * The overview's DNS validation section. With a run in /api/v1/validations?limit=1, the section must show the zones of
 * a finished run no older than the newest finished one at the start (the latest when it is done; while a run is queued
 * or running, the one before), each with that run's error and warning counts as the API has them. Runs finish while this
 * looks (the page refreshes every 10 s), so it retries for 15 s. With no run, the section shows its empty state.
 */
async function dnsSection(page, base) {
  const newestDone = async () => {
    const first = (await api(base, "/api/v1/validations?limit=1")).items[0] || null;
    if (!first || first.state === "done") return { latest: first, done: first };
    return { latest: first, done: (await api(base, "/api/v1/validations?limit=20")).items.find((r) => r.state === "done") || null };
  };
  const start = await newestDone();
  if (!start.latest) {
    const text = await page.textContent("#dns");
    check("overview: DNS validation shows its empty state (no run yet)", text.includes("No DNS validation") && (await page.$$("#dns tr.dns-zone")).length === 0, text.slice(0, 200));
    return { latest: null, run: null, zones: [], shown: [] };
  }
  const result = await eventually(async () => {
    const onPage = await page.$eval("#dns", (el) => ({
      run: el.dataset.run || null,
      latest: el.dataset.latest || null,
      rows: [...el.querySelectorAll("tr.dns-zone")].map((r) => ({
        zone: r.dataset.zone,
        errors: r.querySelector(".errors") && r.querySelector(".errors").textContent,
        warnings: r.querySelector(".warnings") && r.querySelector(".warnings").textContent,
      })),
    }));
    const run = onPage.run ? await api(base, `/api/v1/validations/${encodeURIComponent(onPage.run)}`) : null;
    const zones = ((run && run.zones) || []).map((z) => {
      const row = onPage.rows.find((r) => r.zone === z.zone);
      return { zone: z.zone, api: { errors: z.errors ?? 0, warnings: z.warnings ?? 0 }, shown: row ? { errors: digits(row.errors), warnings: digits(row.warnings) } : null };
    });
    const ok = onPage.latest !== null
      && (start.done === null ? onPage.run === null || run.state === "done" : run !== null && run.state === "done" && run.id >= start.done.id)
      && onPage.rows.length === zones.length
      && zones.every((z) => z.shown && z.shown.errors === z.api.errors && z.shown.warnings === z.api.warnings);
    return { ok, latest: { id: start.latest.id, state: start.latest.state }, run: run ? run.id : null, zones, shown: onPage.rows.map((r) => r.zone) };
  }, 30, 500);
  check("overview: DNS validation shows each zone of the newest finished run with the API's error and warning counts", result.ok, result);
  check("overview: DNS validation offers 'Run now'", await page.isVisible("#dns .dns-head button"));
  const { ok, ...summary } = result;
  return summary;
}

async function overview(browser, base, dir) {
  const step = { name: "overview" };
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", colorScheme: "light", deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Searching an IP that has no lease gets a 404 from /api/v1/leases/{ip}, which Chromium logs: expected there only.
  watch(page, step, { allowNotFound: (text, where) => step.name.startsWith("search") && /404/.test(text) && /\/api\/v1\/leases\/[^/?]+$/.test(where.url || "") });
  const subnetAnswer = recordSubnetAnswers(page);
  const leaseAnswer = lastAnswer(page, "/api/v1/leases", "subnet");
  const clientLeaseAnswer = lastAnswer(page, "/api/v1/leases", "mac");
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs++; d.dismiss().catch(() => {}); });

  await page.goto(new URL("/", base).href, { waitUntil: "load" });
  await page.waitForSelector("#subnets .subnet-row", { timeout: 15000 });
  await page.waitForSelector("#rate canvas", { timeout: 15000 });

  const apiSubnets = await api(base, "/api/v1/subnets");
  const compared = await compareSubnets(page, subnetAnswer, (s) => s);
  check("overview: each subnet's assigned/total equals /api/v1/subnets", compared.ok, compared.rows);
  check("overview: totals equal a fresh /api/v1/subnets", apiSubnets.every((s) => compared.rows && compared.rows.some((r) => r.subnet === s.subnet && r.shown && r.shown.total === s.total)));
  const summary = { subnets: compared.rows };

  const servers = await api(base, "/api/v1/servers");
  const shownServers = await page.$$eval("#servers tbody tr[data-server]", (rows) => rows.map((r) => ({ name: r.dataset.server, status: r.cells[2].textContent })));
  check("overview: servers listed as /api/v1/servers", shownServers.length === servers.length && servers.every((s) => shownServers.some((x) => x.name === s.name && x.status === s.status)), { shownServers });
  const problemKinds = ["nak", "decline", "allocation-failed"];
  const problems = await eventually(async () => {
    const apiProblems = (await Promise.all(problemKinds.map((k) => api(base, `/api/v1/events?kind=${k}&limit=20`)))).flatMap((p) => p.items);
    const shownProblems = await page.$$eval("#problems tbody tr[data-seq]", (rows) => rows.map((r) => ({ seq: Number(r.dataset.seq), kind: r.cells[1].textContent })));
    const newest = Math.max(0, ...apiProblems.map((e) => e.seq));
    const ok = shownProblems.length === Math.min(20, apiProblems.length)
      && shownProblems.every((p, i) => problemKinds.includes(p.kind) && (i === 0 || shownProblems[i - 1].seq > p.seq))
      && shownProblems.every((p) => apiProblems.some((e) => e.seq === p.seq && e.kind === p.kind) || p.seq > newest);
    return { ok, shown: shownProblems.length, api: apiProblems.length };
  });
  check("overview: the problem table lists NAKs, declines and allocation failures, newest first, as the API has them", problems.ok, problems);
  summary.dns = await dnsSection(page, base);

  const legend = await page.$$eval("#rate .chart-legend li[data-kind]", (items) => items.map((li) => li.dataset.kind));
  check("overview: chart legend names kinds", legend.length > 0, { legend });

  // Live: the stream connects and new events arrive in the feed.
  const liveState = await page.waitForSelector('#live[data-state="live"]', { timeout: 15000 }).then(() => true, () => false);
  check("overview: event stream connected", liveState);
  const before = await page.$eval("#feed tbody tr[data-seq]", (tr) => Number(tr.dataset.seq)).catch(() => 0);
  const arrived = await page.waitForFunction((seq) => {
    const first = document.querySelector("#feed tbody tr[data-seq]");
    return first && Number(first.dataset.seq) > seq ? Number(first.dataset.seq) : false;
  }, before, { timeout: 15000 }).then((h) => h.jsonValue(), () => null);
  summary.liveEvents = arrived ? arrived - before : 0;
  check("overview: live events appear in the feed", arrived !== null, { before, newest: arrived });
  const feedRows = await page.$$eval("#feed tbody tr[data-seq]", (rows) => rows.map((r) => Number(r.dataset.seq)));
  check("overview: feed is newest first without duplicates", feedRows.every((s, i) => i === 0 || feedRows[i - 1] > s), { feedRows });

  // Keyboard: "/" focuses the search box.
  await page.locator("body").click({ position: { x: 5, y: 400 } });
  await page.keyboard.press("/");
  check("keyboard: '/' focuses the search box", await page.evaluate(() => document.activeElement && document.activeElement.id === "search-input"));
  await page.keyboard.press("Escape");
  await page.locator("#main").focus();

  // Accessibility basics: every form control has a label; images have alt text.
  const unlabelled = await page.$$eval("input, select", (els) => els.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.outerHTML));
  check("a11y: every input has a label", unlabelled.length === 0, { unlabelled });
  check("a11y: every image has alt text", (await page.$$eval("img", (imgs) => imgs.filter((i) => !i.hasAttribute("alt")).length)) === 0);

  await shoot(page, dir, "overview-light");

  // Dark theme via the toggle, remembered in localStorage; then back.
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click("#theme-toggle");
  await page.waitForTimeout(300);
  const dark = await page.evaluate(() => ({ theme: document.documentElement.dataset.theme, bg: getComputedStyle(document.body).backgroundColor, stored: localStorage.getItem("pguide.theme") }));
  check("theme: toggle switches to dark and stores it", dark.theme === "dark" && dark.stored === "dark" && dark.bg !== lightBg, { lightBg, dark });
  // Sampled twice: an element caught in the middle of being re-rendered (the chart legend is rebuilt for the new theme,
  // feed rows keep arriving) once read as unreadable; only what stays so counts.
  const sampleUnreadable = () => page.$$eval("body *", (els) => els.filter((e) => e.childElementCount === 0 && e.textContent.trim() !== ""
    && getComputedStyle(e).color === getComputedStyle(e).backgroundColor).map((e) => `${e.tagName}.${e.className}: ${e.textContent} (${getComputedStyle(e).color})`));
  const firstSample = await sampleUnreadable();
  await page.waitForTimeout(800);
  const unreadable = (await sampleUnreadable()).filter((u) => firstSample.includes(u));
  check("theme: no text drawn in its own background colour (dark)", unreadable.length === 0, { unreadable, firstSample: firstSample.length });
  await shoot(page, dir, "overview-dark");
  await page.click("#theme-toggle");
  const back = await page.evaluate(() => ({ theme: document.documentElement.dataset.theme || null, stored: localStorage.getItem("pguide.theme") }));
  check("theme: toggling back follows the system (light) again", back.theme === null && back.stored === null, back);

  // Subnet page: reached by its link; pools and leases as the API has them.
  step.name = "subnet";
  const first = apiSubnets.find((s) => s.assigned > 0) || apiSubnets[0];
  await page.click(`#subnets .subnet-row[data-subnet="${first.subnet}"] a.subnet-name`);
  await page.waitForSelector("#leases table", { timeout: 15000 });
  check("subnet: URL is #/subnet/<cidr>", decodeURIComponent(new URL(page.url()).hash) === `#/subnet/${first.subnet}`, page.url());
  check("subnet: heading names the subnet", (await page.textContent("h1")) === first.subnet);
  const pools = await compareSubnets(page, subnetAnswer, (all) => ((all.find((s) => s.subnet === first.subnet) || {}).pools || []), "#pools .subnet-row");
  check("subnet: each pool's assigned/total equals the API's", pools.ok, pools.rows);
  // The lease table equals the page the API answered (leases come and go in the demo, so a later fetch may differ).
  const leaseRows = await page.$$eval("#leases tbody tr.lease", (rows) => rows.map((r) => r.cells[0].textContent));
  const leasesApi = leaseAnswer.value || { items: [] };
  check("subnet: lease table shows the page of the subnet's leases the API returned", leaseRows.length > 0
    && JSON.stringify(leaseRows) === JSON.stringify(leasesApi.items.map(leaseText)) && leasesApi.items.every((l) => l.subnet === first.subnet),
    { shown: leaseRows.length, api: leasesApi.items.length });
  await shoot(page, dir, "subnet");

  // Client page: reached from a lease's MAC link; its leases and events as the API has them.
  step.name = "client";
  const macLink = page.locator("#leases tbody tr.lease a[href^='#/client/']").first();
  const mac = (await macLink.textContent()).trim();
  await macLink.click();
  await page.waitForSelector("#history table", { timeout: 15000 });
  check("client: heading is the MAC", (await page.textContent("h1")) === mac, mac);
  const history = await eventually(async () => {
    const clientEvents = await api(base, `/api/v1/events?mac=${encodeURIComponent(mac)}&limit=50`);
    const shownEvents = await page.$$eval("#history tbody tr[data-seq]", (rows) => rows.map((r) => Number(r.dataset.seq)));
    const ok = shownEvents.length > 0 && shownEvents.every((s, i) => i === 0 || shownEvents[i - 1] > s)
      && clientEvents.items.every((e) => shownEvents.includes(e.seq) || e.seq > shownEvents[0]);
    return { ok, shown: shownEvents.length, api: clientEvents.items.length };
  });
  check("client: history lists the MAC's events newest first, as the API has them", history.ok, history);
  // The client's leases as the page's own request got them (a demo client may be released a moment later).
  const clientLeases = await eventually(async () => {
    const shown = await page.$$eval("#client-leases tbody tr.lease", (rows) => rows.map((r) => r.cells[0].textContent));
    const answered = (clientLeaseAnswer.value || { items: [] }).items;
    return { ok: JSON.stringify(shown) === JSON.stringify(answered.map(leaseText)) && answered.every((l) => l.mac === mac), shown, api: answered.map(leaseText) };
  });
  check("client: current leases equal /api/v1/leases?mac=", clientLeases.ok, clientLeases);
  await shoot(page, dir, "client");

  // DNS zone page: reached from its row in the overview's DNS section; its findings as the API's report has them.
  summary.dns.zonePage = null;
  if (summary.dns.shown.length > 0) {
    step.name = "dns-zone";
    await page.goto(new URL("/#/", base).href);
    const row = await page.waitForSelector("#dns tr.dns-zone", { timeout: 15000 });
    const zone = await row.getAttribute("data-zone");
    await page.click("#dns tr.dns-zone a.zone-name");
    const loaded = await page.waitForSelector("#checks table", { timeout: 15000 }).then(() => true, () => false);
    check("dns: a zone's row opens #/dns/<zone>, headed by the zone", loaded && decodeURIComponent(new URL(page.url()).hash) === `#/dns/${zone}`
      && (await page.textContent("h1")) === zone, { url: page.url(), zone });
    const shown = await page.$eval("#findings", (el) => ({ run: el.dataset.run || null, findings: el.querySelectorAll("tr.finding").length }))
      .catch(() => ({ run: null, findings: null }));
    const checksShown = await page.$$eval("#checks tbody tr.check", (rows) => rows.length);
    const report = shown.run ? (await api(base, `/api/v1/validations/${encodeURIComponent(shown.run)}`)).report : null;
    const reportZone = report && Array.isArray(report.zones) ? report.zones.find((z) => z.zone === zone) : null;
    const zonePage = {
      zone, run: shown.run === null ? null : Number(shown.run),
      findings: { shown: shown.findings, api: reportZone ? reportZone.findings.length : null },
      checks: { shown: checksShown, api: reportZone ? reportZone.checks.length : null },
    };
    summary.dns.zonePage = zonePage;
    check("dns: the zone page is of the run the overview showed, or a newer one", zonePage.run !== null && zonePage.run >= summary.dns.run, zonePage);
    check("dns: the zone page lists as many findings as the API's report has for the zone", reportZone !== null && zonePage.findings.shown === zonePage.findings.api, zonePage);
    check("dns: the zone page lists every check of the report", reportZone !== null && zonePage.checks.shown === zonePage.checks.api, zonePage);
    await shoot(page, dir, "dns");
  }

  // Search box.
  step.name = "search";
  await page.goto(new URL("/#/", base).href);
  await page.waitForSelector("#subnets .subnet-row");
  const upper = mac.toUpperCase().replace(/:/g, "-");
  await searchFor(page, upper);
  const toClient = await page.waitForFunction((m) => decodeURIComponent(location.hash) === `#/client/${m}` && document.querySelector("h1") && document.querySelector("h1").textContent === m, mac, { timeout: 10000 }).then(() => true, () => false);
  check("search: a MAC (any notation) opens its client page", toClient, { typed: upper, url: page.url() });

  // An IP with a lease: the demo releases some leases every cycle, so pick again if the one picked went away.
  const byIp = await eventually(async () => {
    const leases = (await api(base, "/api/v1/leases?state=active&limit=1000")).items.filter((l) => l.mac);
    const lease = leases[leases.length - 1];
    if (!lease) return { ok: false, reason: "no active lease" };
    await searchFor(page, lease.address);
    const ok = await page.waitForFunction((m) => decodeURIComponent(location.hash) === `#/client/${m}` && document.querySelector("h1") && document.querySelector("h1").textContent === m, lease.mac, { timeout: 5000 }).then(() => true, () => false);
    return { ok, ip: lease.address, mac: lease.mac };
  }, 3, 0);
  check("search: an IP with a lease opens the client holding it", byIp.ok, byIp);

  step.name = "search-ip-without-lease";
  const freeIp = await unleasedAddress(base);
  await searchFor(page, freeIp);
  const noLease = await page.waitForFunction(() => document.querySelector("#status").textContent, null, { timeout: 10000 }).then((h) => h.jsonValue(), () => "");
  check("search: an IP without a lease says so", /no current lease/i.test(noLease), { ip: freeIp, status: noLease });
  await page.waitForTimeout(300);

  step.name = "search";
  const hostile = "<img src=x onerror=alert(1)> ';--";
  await searchFor(page, hostile);
  const bad = await page.waitForFunction(() => /not a MAC address/.test(document.querySelector("#status").textContent) && document.querySelector("#status").textContent, null, { timeout: 5000 }).then((h) => h.jsonValue(), () => "");
  check("search: bad input gets a friendly message, as text", bad.includes(hostile) && (await page.$$eval("#status *", (e) => e.length)) === 0, { status: bad });

  await searchFor(page, "no-such-host.example");
  const noHost = await page.waitForSelector("#matches tr.empty", { timeout: 10000 }).then((e) => e.textContent(), () => "");
  check("search: an unknown host name shows an empty result", /No current lease has the host name/.test(noHost), noHost);
  check("no dialogs opened", dialogs === 0, dialogs);

  // Unknown routes and subnets are pages, not errors.
  await page.goto(new URL("/#/subnet/10.99.0.0%2F24", base).href);
  check("subnet: an unknown subnet says so", await page.waitForSelector("text=No subnet 10.99.0.0/24", { timeout: 10000 }).then(() => true, () => false));
  await page.goto(new URL("/#/client/not-a-mac", base).href);
  check("client: a malformed MAC says so", await page.waitForSelector("text=is not a MAC address", { timeout: 10000 }).then(() => true, () => false));
  await context.close();
  return summary;
}

async function unleasedAddress(base) {
  const subnets = await api(base, "/api/v1/subnets");
  for (const s of subnets) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.\d+\/(\d+)$/.exec(s.subnet);
    if (!m) continue;
    for (let last = 254; last > 200; last--) {
      const ip = `${m[1]}.${m[2]}.${m[3]}.${last}`;
      const page = await api(base, `/api/v1/leases?ip=${ip}`);
      if (page.items.length === 0) return ip;
    }
  }
  return "192.0.2.1";
}

async function narrow(browser, base, dir) {
  const step = { name: "overview-375" };
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "en-US", colorScheme: "light", deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  watch(page, step);
  await page.goto(new URL("/", base).href, { waitUntil: "load" });
  await page.waitForSelector("#subnets .subnet-row", { timeout: 15000 });
  await page.waitForSelector("#rate canvas", { timeout: 15000 });
  await page.waitForTimeout(3000);
  const overflow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  check("375 px: no horizontal scrolling", overflow.scrollWidth <= overflow.clientWidth, overflow);
  await shoot(page, dir, "overview-375");
  await context.close();
}

/** The API key form: the API is made to answer 401 until the page sends the key typed into the form. */
async function auth(browser, base) {
  const step = { name: "auth" };
  const key = "pgk_dashboardcheck_0123456789";
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: "en-US" });
  const sent = [];
  await context.route((url) => url.pathname.startsWith("/api/v1/"), (route) => {
    const authorization = route.request().headers().authorization || null;
    sent.push({ path: new URL(route.request().url()).pathname, authorization });
    if (authorization !== `Bearer ${key}`) {
      return route.fulfill({ status: 401, contentType: "application/problem+json", headers: { "WWW-Authenticate": 'Bearer realm="pguide"' }, body: JSON.stringify({ title: "Unauthorized", status: 401 }) });
    }
    return route.continue();
  });
  const page = await context.newPage();
  // The simulated 401s before the key is given are expected.
  watch(page, step, { allowNotFound: (text) => /\b401\b/.test(text) && !sent.some((s) => s.authorization) });
  await page.goto(new URL("/", base).href, { waitUntil: "load" });
  const form = await page.waitForSelector("form.auth-form", { timeout: 10000 }).then(() => true, () => false);
  const explains = form && (await page.textContent("form.auth-form")).includes("pguide apikey create --name dashboard --scope read");
  check("auth: a 401 shows the API key form, explaining how to get a key", form && explains);
  if (form) {
    await page.fill("#api-key", key);
    await page.press("#api-key", "Enter");
    const loaded = await page.waitForSelector("#subnets .subnet-row", { timeout: 15000 }).then(() => true, () => false);
    await page.waitForSelector('#live[data-state="live"]', { timeout: 15000 }).catch(() => {});
    const stored = await page.evaluate(() => sessionStorage.getItem("pguide.apiKey"));
    const streamWithKey = sent.some((s) => s.path.endsWith("/events/stream") && s.authorization === `Bearer ${key}`);
    check("auth: the key is kept in sessionStorage and sent as Bearer, the stream included", loaded && stored === key && streamWithKey,
      { loaded, stored: stored === key, streamWithKey });
    check("auth: 'Forget API key' is offered", await page.isVisible("#forget-key"));
  }
  await context.close();
  return { requests: sent.length, withKey: sent.filter((s) => s.authorization).length };
}

/**
 * Static mode: the exported layout (index.html with the pguide-snapshot meta tag, ui/*, snapshot.json) served under
 * /export/ from this script, with a snapshot made from the API. The page must show it and ask the API nothing.
 */
async function snapshot(browser, base, dir) {
  const step = { name: "snapshot" };
  const leases = [];
  for (let cursor = null, n = 0; n < 50; n++) {
    const page = await api(base, `/api/v1/leases?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    leases.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  const data = {
    generatedAt: new Date().toISOString(),
    subnets: await api(base, "/api/v1/subnets"),
    leases,
    events: (await api(base, "/api/v1/events?limit=1000")).items,
    eventRate: await api(base, "/api/v1/events/rate?minutes=60"),
    servers: await api(base, "/api/v1/servers"),
  };
  // Log fields are hostile input: a host name and a server name that would run script if set as markup, on a lease and
  // a decline of their own; and a plain host name for the search. The page runs with its CSP bypassed, so only
  // escaping keeps them inert.
  const hostile = '<img src=x onerror="window.__pguideXss=true">"><script>window.__pguideXss=true</script>';
  const top = Math.max(0, ...data.events.map((e) => e.seq));
  const sample = data.leases[0] || { subnet: data.subnets[0].subnet, starts: data.generatedAt, expires: data.generatedAt };
  data.leases.push({ ...sample, address: "10.77.3.200", state: "active", mac: "02:00:00:00:66:66", hostname: hostile, server: hostile },
    { ...sample, address: "10.77.3.201", state: "active", mac: "02:00:00:00:66:67", hostname: "printer-3", server: sample.server || "kea-dhcp4" });
  data.events.unshift({ seq: top + 1, time: data.generatedAt, server: hostile, kind: "decline", address: "10.77.3.200", mac: "02:00:00:00:66:66", hostname: hostile });
  // DNS validation as `pguide dashboard export` writes it: `validation` the latest run (here still running), and
  // `validationReport` the newest finished one with its report. Zone, server and finding texts are hostile too.
  const dnsZone = `evil${hostile}.example.`;
  const finishedAt = new Date(Date.parse(data.generatedAt) - 60000).toISOString();
  const doneRun = {
    id: 7, trigger: "schedule", state: "done", requested: new Date(Date.parse(finishedAt) - 1200).toISOString(), finished: finishedAt, worst: "error",
    zones: [{ zone: dnsZone, servers: [hostile], worst: "error", errors: 1, warnings: 1, infos: 0, rrsigExpirySeconds: 3 * 86400, serials: { [hostile]: 2026112701 } }],
  };
  data.validation = { id: 8, trigger: "api", requestedBy: hostile, state: "running", requested: data.generatedAt };
  data.validationReport = {
    ...doneRun,
    report: {
      version: 1, started: doneRun.requested, durationSeconds: 1.2, queries: 12, worst: "error", counts: { error: 1, warning: 1, info: 0 },
      zones: [{
        zone: dnsZone, servers: [hostile], rrsigExpirySeconds: 3 * 86400, serialLag: { [hostile]: 0 }, latencyMs: { [hostile]: 0.4 },
        counts: { error: 1, warning: 1, info: 0 },
        checks: [
          { id: "soa-serial", group: "consistency", status: "failed", worst: "error", findings: 1 },
          { id: "ttl-bounds", group: "policy", status: "failed", worst: "warning", findings: 1 },
          { id: "denial", group: "dnssec", status: "skipped", worst: null, findings: 0 },
        ],
        findings: [
          { check: "soa-serial", severity: "error", zone: dnsZone, server: hostile, subject: hostile, message: hostile },
          { check: "ttl-bounds", severity: "warning", zone: dnsZone, server: null, subject: `www.${dnsZone} A`, message: "TTL 5 is below 60 s" },
        ],
      }],
    },
  };
  const html = await (await fetch(new URL("/", base))).text();
  const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
  const exported = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n<meta name="pguide-snapshot" content="snapshot.json">`);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", colorScheme: "dark", bypassCSP: true });
  await context.addInitScript(() => { window.__pguideXss = false; });
  const apiCalls = [];
  await context.route((url) => url.pathname.startsWith("/export/") || url.pathname.startsWith("/api/"), async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith("/api/")) { apiCalls.push(url.pathname); return route.abort(); }
    const rest = url.pathname.slice("/export/".length);
    if (rest === "" || rest === "index.html") return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": csp }, body: exported });
    if (rest === "snapshot.json") return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(data) });
    const response = await fetch(new URL(`/${rest}`, base));
    return route.fulfill({ status: response.status, contentType: response.headers.get("content-type") || "application/octet-stream", body: Buffer.from(await response.arrayBuffer()) });
  });
  const page = await context.newPage();
  watch(page, step);
  await page.goto(new URL("/export/", base).href, { waitUntil: "load" });
  await page.waitForSelector("#subnets .subnet-row", { timeout: 15000 });
  await page.waitForSelector("#rate canvas", { timeout: 15000 });
  const mode = await page.textContent("#mode");
  check("snapshot: header says 'Snapshot of <time>'", /^Snapshot of \S/.test(mode) && (await page.isVisible("#mode")), mode);
  const shown = await shownSubnets(page);
  check("snapshot: subnets equal the snapshot's", shown.length === data.subnets.length && data.subnets.every((s) => shown.some((r) => r.subnet === s.subnet
    && digits(r.assigned) === s.assigned && digits(r.total) === s.total)), shown);
  const legend = await page.$$eval("#rate .chart-legend li[data-kind]", (items) => Object.fromEntries(items.map((li) => [li.dataset.kind, li.querySelector("strong").textContent])));
  const expected = {};
  for (const r of data.eventRate) expected[r.kind] = (expected[r.kind] || 0) + r.count;
  check("snapshot: chart totals per kind equal eventRate", Object.keys(expected).length > 0 && Object.entries(expected).every(([k, n]) => digits(legend[k]) === n), { legend, expected });
  const hostileShown = await page.$$eval("#problems tbody tr[data-seq]", (rows, seq) => rows.filter((r) => Number(r.dataset.seq) === seq).map((r) => [r.cells[4].textContent, r.cells[6].textContent]), top + 1);
  check("snapshot: hostile host and server names show as text", hostileShown.length === 1 && hostileShown[0][0] === hostile && hostileShown[0][1] === hostile, hostileShown);
  // DNS: the finished run's zone (the latest run is still running), its name as text; no "Run now" without a service.
  const dnsRows = await page.$$eval("#dns tr.dns-zone", (rows) => rows.map((r) => ({ zone: r.dataset.zone, link: r.querySelector("a.zone-name").textContent,
    errors: r.querySelector(".errors").textContent, warnings: r.querySelector(".warnings").textContent })));
  const dnsState = await page.$eval("#dns", (el) => ({ run: el.dataset.run || null, latest: el.dataset.latest || null, buttons: el.querySelectorAll("button").length }));
  check("snapshot: DNS validation shows the finished run's zones from the snapshot, names as text", dnsRows.length === 1 && dnsRows[0].zone === dnsZone
    && dnsRows[0].link === dnsZone && digits(dnsRows[0].errors) === 1 && digits(dnsRows[0].warnings) === 1 && dnsState.run === "7" && dnsState.latest === "8", { dnsRows, dnsState });
  check("snapshot: no 'Run now' in the DNS section", dnsState.buttons === 0, dnsState);
  await page.click("#dns tr.dns-zone a.zone-name");
  const zoneLoaded = await page.waitForSelector("#checks table", { timeout: 10000 }).then(() => true, () => false);
  const zonePage = zoneLoaded ? await page.evaluate(() => ({
    heading: document.querySelector("h1").textContent,
    findings: document.querySelectorAll("#findings tr.finding").length,
    checks: document.querySelectorAll("#checks tbody tr.check").length,
    text: document.querySelector("#findings").textContent,
  })) : null;
  check("snapshot: the DNS zone page shows the report's findings and checks, hostile texts as text", zonePage !== null && zonePage.heading === dnsZone
    && zonePage.findings === 2 && zonePage.checks === 3 && zonePage.text.includes(hostile), zonePage && { ...zonePage, text: undefined });
  await page.goto(new URL("/export/#/client/02:00:00:00:66:66", base).href);
  await page.waitForSelector("#history tbody tr[data-seq]", { timeout: 10000 });
  check("snapshot: hostile names stay text on the client page", (await page.textContent("#about")).includes(hostile) && (await page.textContent("#client-leases")).includes(hostile));
  await searchFor(page, "printer-3");
  const byName = await page.waitForFunction(() => decodeURIComponent(location.hash) === "#/client/02:00:00:00:66:67", null, { timeout: 10000 }).then(() => true, () => false);
  check("search: a host name held by one lease opens its client", byName, page.url());
  const injected = await page.evaluate(() => ({ xss: window.__pguideXss === true, images: document.querySelectorAll("main img").length, scripts: document.querySelectorAll("main script").length }));
  check("snapshot: no markup from the data ran or was inserted", !injected.xss && injected.images === 0 && injected.scripts === 0, injected);
  const mac = (data.leases.find((l) => l.mac) || {}).mac;
  if (mac) {
    await page.goto(new URL(`/export/#/client/${encodeURIComponent(mac)}`, base).href);
    await page.waitForSelector("#history table", { timeout: 10000 });
    const rows = await page.$$eval("#history tbody tr[data-seq]", (r) => r.length);
    const inSnapshot = data.events.filter((e) => e.mac === mac).length;
    check("snapshot: client history comes from the snapshot", rows === Math.min(inSnapshot, 50), { rows, inSnapshot });
  }
  check("snapshot: nothing from the data ran, across all pages", !(await page.evaluate(() => window.__pguideXss === true)));
  check("snapshot: no API request and no stream", apiCalls.length === 0, apiCalls);
  check("snapshot: no live indicator", !(await page.isVisible("#live")));
  await context.close();
  return { generatedAt: data.generatedAt, leases: data.leases.length, events: data.events.length, apiCalls: apiCalls.length,
    dns: { zones: dnsRows.length, run: dnsState.run, findings: zonePage ? zonePage.findings : null } };
}

async function main(args) {
  const [base, dir] = args;
  if (!base || !dir) {
    console.error("usage: dashboard-check.sh BASE_URL SCREENSHOT_DIR");
    return 2;
  }
  fs.mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      // Anything but loopback (which bypasses a proxy by default) goes to a closed port: only the service is reachable.
      "--disable-sync", "--disable-default-apps", "--log-level=3", "--proxy-server=127.0.0.1:9"],
  });
  const result = { base };
  try {
    Object.assign(result, await overview(browser, base, dir));
    await narrow(browser, base, dir);
    result.auth = await auth(browser, base);
    result.snapshot = await snapshot(browser, base, dir);
  } catch (e) {
    check("the check ran to the end", false, String(e && e.stack ? e.stack : e));
  } finally {
    await browser.close();
  }
  check("no console errors", consoleErrors.length === 0);
  check("no page errors", pageErrors.length === 0);
  check("no failed requests", failedRequests.length === 0);
  const failed = checks.filter((c) => !c.ok).map((c) => c.name);
  console.log(JSON.stringify({ ok: failed.length === 0, ...result, failed, checks, consoleErrors, pageErrors, failedRequests, screenshots }, null, 1));
  return failed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(`dashboard-check: ${e && e.stack ? e.stack : e}`); process.exitCode = 3; });
