// Start-up benchmarks: each row is a command run many times in a fresh
// process, reported as its median wall time and as a ratio to `node -e 0`
// measured in the same run (interleaved, so machine load affects both alike).
// Rows come from bench/*.bench.mjs files, each exporting `rows`:
//   { name, argv: [...args after node], stdin?, env?, target? }
// `target` is the ratio a row aims at; rows above it are marked, never failed
// (speed targets live here, not in tests). Usage:
//   node bench/run.mjs [--runs N] [--filter TEXT]
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const { values } = parseArgs({ options: { runs: { type: "string", default: "31" }, filter: { type: "string", default: "" } } });
const runs = Number(values.runs);
const WARMUP = 3;

const files = readdirSync(here).filter((f) => f.endsWith(".bench.mjs")).sort();
const rows = [];
for (const file of files) {
  const mod = await import(pathToFileURL(path.join(here, file)).href);
  for (const row of await mod.rows) if (row.name.includes(values.filter)) rows.push(row);
}
const baseline = { name: "node -e 0 (baseline)", argv: ["-e", "0"] };

function once(row) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, row.argv, {
    cwd: row.cwd ?? root,
    input: row.stdin ?? "",
    env: { ...process.env, ...row.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (row.expectExit !== undefined && result.status !== row.expectExit) {
    throw new Error(`${row.name}: exit ${result.status}, expected ${row.expectExit}\n${result.stderr}`);
  }
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const all = [baseline, ...rows];
for (const row of all) for (let i = 0; i < WARMUP; i++) once(row);
const times = new Map(all.map((r) => [r, []]));
for (let i = 0; i < runs; i++) for (const row of all) times.get(row).push(once(row));

const base = median(times.get(baseline));
console.log(`${runs} runs each after ${WARMUP} warm-up runs, node ${process.version}, ${process.platform}/${process.arch}\n`);
console.log(`${"row".padEnd(46)} ${"median".padStart(9)} ${"ratio".padStart(7)}  target`);
for (const row of all) {
  const m = median(times.get(row));
  const ratio = m / base;
  const target = row.target ? `${ratio <= row.target ? "ok" : "over"} (≤${row.target}×)` : "";
  console.log(`${row.name.padEnd(46)} ${m.toFixed(1).padStart(7)}ms ${ratio.toFixed(2).padStart(6)}×  ${target}`);
}
