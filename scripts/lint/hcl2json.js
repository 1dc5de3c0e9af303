// Parses each file named on the command line with @cdktf/hcl2json (see hcl2json.sh).
"use strict";
const fs = require("node:fs");
const { parse } = require("@cdktf/hcl2json");

async function main(files) {
  const parsed = {};
  let failed = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: cannot read: ${e.message}`);
      return 2;
    }
    try {
      parsed[file] = await parse(file, text);
    } catch (e) {
      failed++;
      console.error(`${file}: ${e && e.message ? e.message : e}`);
    }
  }
  if (failed > 0) {
    return 1;
  }
  process.stdout.write(JSON.stringify(parsed) + "\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(`hcl2json: ${e && e.stack ? e.stack : e}`); process.exitCode = 2; });
