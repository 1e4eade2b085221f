// Typing in a large file: the re-scan after a one-character edit in a
// 10,000-line file, through the editor's incremental path
// (src/secrets/incremental.ts: the edited lines and their neighbourhood), against
// a full `lintSource` of the same text with secretlint's recommended preset, in
// the same process, interleaved.
//   AGENT_SECURITY_BENCH_EDITOR_RUNS=N   edits measured, the median is shown (default 41)
import * as esbuild from "esbuild";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./support/startup.mjs";

const RUNS = Number(process.env.AGENT_SECURITY_BENCH_EDITOR_RUNS) || 41;
const LINES = 10_000;
const FILE = "/bench/src/service.ts";
/** Aim from issue 7: at most 0.2× a full lintSource. */
const TARGET = 0.2;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** bench/support/editorScan.ts bundled as the extension's bundles are (CommonJS, Node 20). */
async function loadEditorScan() {
  const outfile = path.join(root, ".bench", "editorScan.cjs");
  await esbuild.build({
    entryPoints: [path.join(root, "bench", "support", "editorScan.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  return createRequire(import.meta.url)(outfile);
}

/** TypeScript-like source of `lines` lines with a few planted fake secrets spread through it. */
function source(lines) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`export function handler${i}(event: { id: string; count: number }): string {`);
    out.push(`  const label = \`item-\${event.id}-${i}\`; // ${"lorem ipsum dolor sit amet ".repeat(2)}`);
    out.push(`  return event.count > ${i % 97} ? label.toUpperCase() : label;`);
    out.push("}");
    if (i % 800 === 400) out.push(`export const token${i} = "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";`);
  }
  return out.slice(0, lines).join("\n") + "\n";
}

async function time(run) {
  const started = process.hrtime.bigint();
  const result = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

export async function run() {
  const { WorkspacePolicy, loadSecretlint, defaultSecretlintConfig, LineIndex, ...incremental } = await loadEditorScan();
  const secretlint = await loadSecretlint();
  const config = defaultSecretlintConfig(secretlint);
  const policy = await WorkspacePolicy.defaults();

  const text = source(LINES);
  const previous = await policy.scanSecrets(FILE, text);
  if (previous.length === 0) throw new Error("the generated file should hold planted secrets");

  /** The baseline: what a plain secretlint run costs on the whole text. */
  const fullLint = () => secretlint.lintSource({ source: { filePath: FILE, content: text, contentType: "text" }, options: { config, noPhysicFilePath: true } });

  /** One typed character at a line start near the middle, and the text after it with the line index the editor keeps for it. */
  const typed = (i) => {
    const at = text.indexOf("\n", Math.floor(text.length / 2) + i * 37) + 1;
    const edited = text.slice(0, at) + "x" + text.slice(at);
    return { edited, edit: { offset: at, removed: 0, inserted: 1 }, lines: new LineIndex(edited) };
  };

  /** The re-scan after that edit, as secrets/editor.ts does it when typing (document.positionAt is `lines`). */
  const rescanAfterEdit = async ({ edited, edit, lines }) => {
    const change = { dirty: incremental.mapDirtySpan(undefined, edit), previous: incremental.mapFindings(previous, edit) };
    if (incremental.needsFullScan(edited)) throw new Error("the generated file should take the incremental path");
    const window = incremental.rescanWindow(edited, change.dirty, change.previous);
    const fresh = await policy.scanSecrets(FILE, edited, window);
    return incremental.mergeFindings(change.previous, window, fresh, (offset) => lines.positionAt(offset));
  };

  const samples = { full: [], policyFull: [], incremental: [] };
  const linted = await fullLint();
  if (linted.messages.length !== previous.length) throw new Error(`lintSource found ${linted.messages.length} secrets, the workspace policy ${previous.length}`);
  for (let i = 0; i < 3; i++) {
    await fullLint();
    await rescanAfterEdit(typed(i));
  }
  for (let i = 0; i < RUNS; i++) {
    samples.full.push((await time(fullLint)).ms);
    samples.policyFull.push((await time(() => policy.scanSecrets(FILE, text))).ms);
    const edit = typed(i);
    const { ms, result } = await time(() => rescanAfterEdit(edit));
    if (result.length !== previous.length) throw new Error(`the incremental re-scan found ${result.length} secrets, the full scan ${previous.length}`);
    samples.incremental.push(ms);
  }
  const ms = (key) => median(samples[key]);
  const vsFull = (key) => ms(key) / ms("full");
  const aim = `${vsFull("incremental") <= TARGET ? "ok" : "over"} (≤${TARGET}×)`;
  const row = (name, key, rowAim = "") => [name, `${ms(key).toFixed(1)} ms`, `${vsFull(key).toFixed(2)}×`, rowAim];
  return [
    {
      title: `Editor: re-scan after typing one character in a ${LINES.toLocaleString("en-US")}-line file (median of ${RUNS})`,
      columns: ["scan", "median", "vs full lintSource", "aim"],
      rows: [
        row("secretlint lintSource, whole text (baseline)", "full"),
        row("full scan through the workspace policy (open, save)", "policyFull"),
        row("incremental re-scan after the edit (editor, typing)", "incremental", aim),
      ],
      notes: [
        `${(text.length / 1024).toFixed(0)} KB of TypeScript with ${previous.length} planted secrets; the edit inserts one character at a line start near the middle`,
        "incremental: the edited line ±120 lines re-scanned, earlier findings elsewhere kept and moved (src/secrets/incremental.ts), in this process",
      ],
      summary: [["re-scan after a one-character edit, 10,000 lines", `${ms("incremental").toFixed(1)} ms`, `full lintSource ${ms("full").toFixed(1)} ms: ${vsFull("incremental").toFixed(2)}×`, aim]],
    },
  ];
}
