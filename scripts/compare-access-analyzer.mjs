// Compares `agent-security iam --format json` with IAM Access Analyzer's own
// findings, as (policy, issue code) pairs: how many of Access Analyzer's pairs
// the local checks reproduce, and how many pairs they add.
//
//   node scripts/compare-access-analyzer.mjs POLICY_DIR FINDINGS_DIR [--list]
//
// POLICY_DIR holds one policy document per `NAME.json`. FINDINGS_DIR holds
// Access Analyzer's answer for it as `NAME.json`: ValidatePolicy's `findings`
// array (or the whole response); a policy without a file had no finding.
// Reads only local files; run `npm run build` first.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const [policyDir, findingsDir] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const list = process.argv.includes("--list");
if (!policyDir || !findingsDir) {
  console.error("usage: node scripts/compare-access-analyzer.mjs POLICY_DIR FINDINGS_DIR [--list]");
  process.exit(2);
}
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
const names = readdirSync(policyDir)
  .filter((n) => n.endsWith(".json"))
  .sort();

/** Local (policy, code) pairs, from the CLI run over the policies in batches. */
const ours = new Map(names.map((n) => [n, new Set()]));
for (let i = 0; i < names.length; i += 200) {
  const batch = names.slice(i, i + 200);
  let out;
  try {
    out = execFileSync(process.execPath, [cli, "iam", "--format", "json", "--scan-timeout", "60000", ...batch], {
      cwd: policyDir,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
  } catch (error) {
    // Exit 1 means findings; the JSON is on stdout all the same.
    if (typeof error.stdout !== "string" || !error.stdout.startsWith("[")) throw error;
    out = error.stdout;
  }
  for (const f of JSON.parse(out)) if (f.accessAnalyzerCode) ours.get(f.file)?.add(f.accessAnalyzerCode);
}

let reproduced = 0;
let missed = 0;
let extra = 0;
const perCode = new Map();
const count = (code, key) => {
  const c = perCode.get(code) ?? { reproduced: 0, missed: 0, extra: 0 };
  c[key]++;
  perCode.set(code, c);
};
for (const name of names) {
  const file = path.join(findingsDir, name);
  const answer = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : [];
  const theirs = new Set((Array.isArray(answer) ? answer : (answer.findings ?? [])).map((f) => f.issueCode));
  const mine = ours.get(name);
  for (const code of mine) {
    if (theirs.has(code)) (reproduced++, count(code, "reproduced"));
    else (extra++, count(code, "extra"), list && console.log(`extra   ${name} ${code}`));
  }
  for (const code of theirs) if (!mine.has(code)) (missed++, count(code, "missed"), list && console.log(`missed  ${name} ${code}`));
}
const total = reproduced + missed;
const pct = (n) => (total === 0 ? "-" : `${((100 * n) / total).toFixed(1)}%`);
console.log(
  `${names.length} policies; Access Analyzer (policy, code) pairs: ${total}; reproduced ${reproduced} (${pct(reproduced)}); missed ${missed}; extra ${extra} (${pct(extra)} of Access Analyzer's)`,
);
for (const [code, c] of [...perCode].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${code.padEnd(62)} reproduced ${c.reproduced}  missed ${c.missed}  extra ${c.extra}`);
}
