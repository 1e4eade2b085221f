// npm run bench: runs every bench/*.bench.mjs in turn and prints its tables.
// A bench module exports
//   async function run({ filter }) → [{ title, columns: [...], rows: [[...]], notes?: [...], summary?: [[...]] }]
// and measures whatever baseline it compares against in the same run, so that
// machine load affects both sides alike. Targets are printed, never enforced
// (speed targets live here, not in tests). Each table's `summary` rows —
// [figure, measured, against its baseline, aim] — are printed again at the end
// in one table.
//   node bench/run.mjs [--filter TEXT]     only modules whose file name contains TEXT
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { availableParallelism, cpus } from "node:os";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { filter: { type: "string", default: "" } } });

/** Right-aligns numbers, left-aligns text, in columns as wide as their widest cell. */
function printTable({ title, columns, rows, notes = [] }) {
  const cells = [columns, ...rows].map((row) => row.map((c) => String(c)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const numeric = columns.map((_, i) =>
    rows.every((r) => typeof r[i] === "number" || /^[\d.,×%<>≤≥ -]+(ms|s|KB|MB|MB\/s|files\/s|×)?$/.test(String(r[i]))),
  );
  const line = (r) => r.map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  console.log(`\n${title}\n`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
  for (const note of notes) console.log(`  ${note}`);
}

console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"})`,
);
const summary = [];
for (const file of readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .sort()) {
  if (!file.includes(values.filter)) continue;
  const mod = await import(pathToFileURL(path.join(here, file)).href);
  if (typeof mod.run !== "function") continue;
  for (const table of await mod.run({ filter: values.filter })) {
    printTable(table);
    summary.push(...(table.summary ?? []));
  }
}
if (summary.length > 0) {
  printTable({
    title: "Summary: each figure against its baseline, measured in this run",
    columns: ["figure", "measured", "baseline (same run)", "aim"],
    rows: summary,
  });
}
