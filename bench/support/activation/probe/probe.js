// Runs inside the extension host as the "tests" of a code-server launch
// (bench/extension.bench.mjs). Reports what VS Code itself measured for each
// extension given in AGENT_SECURITY_PROBE_EXTENSIONS — loading its main module
// and running `activate` — from the performance marks the extension host sets
// (code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/ID, whole
// milliseconds), and the "Activated in" line Agent Security logs.
const vscode = require("vscode");
const { readFile } = require("node:fs/promises");

const MARKER = process.env.AGENT_SECURITY_PROBE_MARKER ?? "";

async function activatedLine() {
  const file = await vscode.commands.executeCommand("agentSecurity.log.show", false);
  for (let i = 0; i < 100; i++) {
    const text = await readFile(file.fsPath, "utf8").catch(() => "");
    const m = /Activated in ([\d.]+) ms/.exec(text);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "Activated in" line in ${file.fsPath}`);
}

exports.run = async function run() {
  const ids = (process.env.AGENT_SECURITY_PROBE_EXTENSIONS ?? "").split(",").filter(Boolean);
  for (const id of ids) {
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`${id} is not installed`);
    await extension.activate();
  }
  const marks = globalThis.MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name) => marks.find((m) => m.name === name)?.startTime;
  const span = (from, to) => (at(from) !== undefined && at(to) !== undefined ? at(to) - at(from) : null);
  const result = {};
  for (const id of ids) {
    result[id] = {
      loadMs: span(`code/extHost/willLoadExtensionCode/${id}`, `code/extHost/didLoadExtensionCode/${id}`),
      activateCallMs: span(`code/extHost/willActivateExtension/${id}`, `code/extHost/didActivateExtension/${id}`),
    };
  }
  const ours = vscode.extensions.getExtension("agent-security.agent-security-hooks");
  result[ours.id].activateBodyMs = await activatedLine();
  // Bundles of ours loaded by now besides dist/extension.js: lazily loaded parts that activation pulled in.
  const dist = require("node:path").join(require("node:fs").realpathSync(ours.extensionPath), "dist");
  result[ours.id].loaded = Object.keys(require.cache)
    .filter((f) => f.startsWith(dist))
    .map((f) => f.slice(dist.length + 1));
  console.log(`${MARKER}${JSON.stringify(result)}`);
};
