// The extension as users get it: the VSIX that `npm run package` makes, its
// size, and what loading and activating its production build costs in a real
// VS Code (code-server, headless Chromium), next to an empty extension loaded
// in the same window as the baseline.
//   AGENT_SECURITY_BENCH_ACTIVATION_RUNS=N   VS Code launches, the median is shown (default 5)
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { codeServerDir } from "../scripts/setup-code-server.mjs";
import { launchCodeServer } from "../test/integration/codeServer.mjs";
import { median } from "./support/startup.mjs";
import { packageExtension } from "./support/vsix.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ACTIVATION = path.join(root, "bench", "support", "activation");
const RUNS = Number(process.env.AGENT_SECURITY_BENCH_ACTIVATION_RUNS) || 5;
const OURS = "agent-security.agent-security-hooks";
const EMPTY = "agent-security-bench.empty-extension";
const MARKER = "[activation-probe] ";
/** Aims from issue 7. */
const ACTIVATION_TARGET_MS = 30;
const VSIX_TARGET_BYTES = 3 * 1024 * 1024;

/** The VS Code inside the code-server install the launches use. */
function vscodeVersion() {
  return JSON.parse(readFileSync(path.join(codeServerDir(), "node_modules", "code-server", "lib", "vscode", "package.json"), "utf8"))
    .version;
}

/** One VS Code launch: the probe's measurements of both extensions. */
async function measureOnce(extensionDir) {
  const tmp = mkdtempSync(path.join(tmpdir(), "agent-security-activation-"));
  const extensionsDir = path.join(tmp, "extensions");
  const workspace = path.join(tmp, "try-it");
  mkdirSync(extensionsDir);
  cpSync(path.join(root, "samples", "try-it"), workspace, { recursive: true });
  // Linked into the extensions folder under publisher.name-version, as a VSIX install leaves it.
  for (const dir of [extensionDir, path.join(ACTIVATION, "empty")]) {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    symlinkSync(dir, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  }
  let report;
  let session;
  try {
    session = await launchCodeServer({
      workspace,
      extensionsDir,
      extensionDevelopmentPath: path.join(ACTIVATION, "probe"),
      extensionTestsPath: path.join(ACTIVATION, "probe", "probe.js"),
      env: { AGENT_SECURITY_PROBE_EXTENSIONS: `${OURS},${EMPTY}`, AGENT_SECURITY_PROBE_MARKER: MARKER },
      onTestLog: (text) => {
        if (text.startsWith(MARKER)) report = JSON.parse(text.slice(MARKER.length));
      },
    });
    const code = await Promise.race([session.testsDone, new Promise((r) => setTimeout(() => r("timeout"), 120_000))]);
    if (code !== 0 || !report) throw new Error(`the activation probe failed (${code}); see bench/support/activation/probe/probe.js`);
    return report;
  } finally {
    await session?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function activationTable(extensionDir) {
  return async () => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(extensionDir));
    const ms = (id, key) => median(runs.map((r) => r[id][key]));
    const ours = { load: ms(OURS, "loadMs"), call: ms(OURS, "activateCallMs"), body: ms(OURS, "activateBodyMs") };
    const empty = { load: ms(EMPTY, "loadMs"), call: ms(EMPTY, "activateCallMs") };
    const total = median(runs.map((r) => r[OURS].loadMs + r[OURS].activateCallMs));
    const emptyTotal = median(runs.map((r) => r[EMPTY].loadMs + r[EMPTY].activateCallMs));
    const aim = (value) => `${value <= ACTIVATION_TARGET_MS ? "ok" : "over"} (<${ACTIVATION_TARGET_MS} ms)`;
    return {
      title: `Extension activation in VS Code ${vscodeVersion()} (code-server), production build (median of ${RUNS} launches)`,
      columns: ["measure", "Agent Security", "empty extension (baseline)", "aim"],
      rows: [
        ["load dist/extension.js (require)", `${ours.load} ms`, `${empty.load} ms`, ""],
        ["activate() as VS Code times it", `${ours.call} ms`, `${empty.call} ms`, ""],
        ["activate() body, timed inside (hrtime)", `${ours.body.toFixed(1)} ms`, "", aim(ours.body)],
        ["load + activate", `${total} ms`, `${emptyTotal} ms`, aim(total)],
      ],
      notes: [
        `lazily loaded bundles that activation pulled in: ${[...new Set(runs.flatMap((r) => r[OURS].loaded))].filter((f) => f !== "extension.js").join(", ") || "none"}`,
        "load and activate() from the extension host's own performance marks (whole milliseconds); the body from the extension's \"Activated in\" log line",
        "work that activate() starts but does not wait for (first scans, loading secretlint) runs later and is not counted",
      ],
      summary: [["extension load + activate (VS Code)", `${total} ms`, `empty extension ${emptyTotal} ms`, aim(total)]],
    };
  };
}

function vsixTable(pkg) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  const unpacked = pkg.entries.reduce((n, e) => n + e.bytes, 0);
  const largest = [...pkg.entries].sort((a, b) => b.bytes - a.bytes).slice(0, 6);
  const aim = `${pkg.bytes <= VSIX_TARGET_BYTES ? "ok" : "over"} (<3 MB)`;
  return {
    title: "VSIX (npm run package)",
    columns: ["file", "size", "share of unpacked", "aim"],
    rows: [
      ["agent-security-hooks.vsix", kb(pkg.bytes), `${((100 * pkg.bytes) / unpacked).toFixed(0)}% (compressed)`, aim],
      ...largest.map((e) => [e.path.replace(/^extension\//, ""), kb(e.bytes), `${((100 * e.bytes) / unpacked).toFixed(0)}%`, ""]),
    ],
    notes: [`${pkg.entries.length} files, ${kb(unpacked)} unpacked`],
    summary: [["VSIX size", kb(pkg.bytes), `3 MB aim: ${(pkg.bytes / VSIX_TARGET_BYTES).toFixed(2)}×`, aim]],
  };
}

export async function run() {
  const pkg = packageExtension();
  try {
    return [vsixTable(pkg), await activationTable(pkg.dir)()];
  } finally {
    pkg.cleanup();
  }
}
