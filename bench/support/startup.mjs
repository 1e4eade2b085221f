// Start-up timing: each row is a command run many times in a fresh process,
// reported as its median wall time and as a ratio to `node -e 0` measured in
// the same run, interleaved so that machine load affects both alike.
//   row: { name, argv: [...args after node], stdin?, env?, cwd?, expectExit?, target? }
// `target` is the ratio a row aims at; rows above it are marked, never failed.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const WARMUP = 3;

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

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Measures the rows against `node -e 0` and returns a bench table; rows with a target are also summary rows. */
export function startupTable(title, rows, runs = Number(process.env.AGENT_SECURITY_BENCH_RUNS ?? 31)) {
  const baseline = { name: "node -e 0 (baseline)", argv: ["-e", "0"] };
  const all = [baseline, ...rows];
  for (const row of all) for (let i = 0; i < WARMUP; i++) once(row);
  const times = new Map(all.map((r) => [r, []]));
  for (let i = 0; i < runs; i++) for (const row of all) times.get(row).push(once(row));
  const base = median(times.get(baseline));
  const measured = all.map((row) => {
    const ratio = median(times.get(row)) / base;
    const target = row.target ? `${ratio <= row.target ? "ok" : "over"} (≤${row.target}×)` : "";
    return { row, ms: median(times.get(row)), ratio, target };
  });
  return {
    title,
    columns: ["row", "median", "vs node -e 0", "target"],
    rows: measured.map(({ row, ms, ratio, target }) => [row.name, `${ms.toFixed(1)}ms`, `${ratio.toFixed(2)}×`, target]),
    notes: [`median of ${runs} runs each after ${WARMUP} warm-up runs`],
    summary: measured
      .filter(({ target }) => target)
      .map(({ row, ms, ratio, target }) => [
        row.name,
        `${ms.toFixed(1)} ms`,
        `node -e 0 ${base.toFixed(1)} ms: ${ratio.toFixed(2)}×`,
        target,
      ]),
  };
}
