// Opens a local HTML file in headless Chromium (Debian's, driven by playwright-core; see render-html.sh), takes a
// full-page screenshot and prints what the page shows as one JSON object on stdout:
//   { title, headings, zoneNames, findingRows: [{cls, cells}], xss, scripts, images, unreadable, styled, dialogs, requests, pageErrors, console }
// xss is true when anything set window.__pguideXss (hostile test content does, if a script from it ever runs).
// requests lists every URL the page asked for besides itself; each is aborted, and any other traffic Chromium starts
// goes to a proxy on a closed loopback port, so nothing leaves the machine.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { chromium } = require("playwright-core");

async function main(args) {
  const bypassCsp = args.includes("--bypass-csp");
  const [htmlFile, screenshot] = args.filter((a) => !a.startsWith("--"));
  if (!htmlFile || !screenshot) {
    console.error("usage: render-html.sh [--bypass-csp] PAGE.html SCREENSHOT.png");
    return 2;
  }
  if (!fs.existsSync(htmlFile)) {
    console.error(`render-html: ${htmlFile}: no such file`);
    return 2;
  }

  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-default-apps", "--log-level=3", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"],
  });
  try {
    const context = await browser.newContext({ bypassCSP: bypassCsp, viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 });
    const pageUrl = pathToFileURL(path.resolve(htmlFile)).href;
    const requests = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("request", (r) => { if (r.url() !== pageUrl && !requests.includes(r.url())) requests.push(r.url()); });
    let dialogs = 0;
    page.on("dialog", (d) => { dialogs++; d.dismiss().catch(() => {}); });
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    const consoleMessages = [];
    page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    await page.addInitScript(() => { window.__pguideXss = false; });

    await page.goto(pageUrl, { waitUntil: "load" });
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshot, fullPage: true });

    const shown = await page.evaluate(() => ({
      title: document.title,
      headings: [...document.querySelectorAll("h2")].map((h) => h.textContent),
      zoneNames: [...document.querySelectorAll("h2 .zone-name")].map((h) => h.textContent),
      findingRows: [...document.querySelectorAll("tr.finding")].map((tr) => ({ cls: tr.className, cells: [...tr.cells].map((td) => td.textContent) })),
      xss: window.__pguideXss === true,
      scripts: document.scripts.length,
      images: document.images.length,
      // Text drawn in its own background colour (a CSS rule that wins over another) is unreadable though present.
      unreadable: [...document.querySelectorAll("body *")].filter((e) => e.childElementCount === 0 && e.textContent.trim() !== ""
        && getComputedStyle(e).color === getComputedStyle(e).backgroundColor).map((e) => e.textContent),
      styled: getComputedStyle(document.querySelector("section.zone") || document.body).borderTopLeftRadius,
    }));
    console.log(JSON.stringify({ ...shown, dialogs, requests, pageErrors, console: consoleMessages }));
    return 0;
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(`render-html: ${e && e.stack ? e.stack : e}`); process.exitCode = 3; });
