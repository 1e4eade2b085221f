import * as path from "node:path";
import { parseArgs } from "node:util";
import { readFileText } from "../scan/fileText";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import { settingDefaults } from "../shared/settingDefaults";
import { AnalysisWorker } from "../worker/analysisWorker";
import { parseScanTimeout, withinScanBudget, WORKER_FILE } from "./budget";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security scan [--max-file-size KB] [--scan-timeout MS] FILE...

Prints each hardcoded secret as  path:line:col kind masked-preview
and exits 1 when a secret is found, 0 when none, 2 when a file cannot be read
or its scan takes longer than --scan-timeout (default ${settingDefaults().scanTimeoutMs} ms).
Configuration (.secretlintrc.json, .secretlintignore, .agent-security.json) is
read from the current directory.
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "max-file-size": { type: "string", default: "10240" },
        "scan-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`agent-security scan: ${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const maxKb = Number(parsed.values["max-file-size"]);
  const timeoutMs = parseScanTimeout(parsed.values["scan-timeout"]);
  if (parsed.positionals.length === 0 || !Number.isFinite(maxKb) || maxKb <= 0 || typeof timeoutMs !== "number") {
    process.stderr.write(HELP);
    return EXIT.usage;
  }
  const policy = await WorkspacePolicy.load(process.cwd());
  for (const problem of policy.problems) process.stderr.write(`agent-security: ${problem}\n`);

  // Scans run in the analysis worker, which is stopped when one takes longer than the budget.
  const worker = new AnalysisWorker(WORKER_FILE, {});
  try {
    return await scanFiles(parsed.positionals, maxKb * 1024, timeoutMs, worker);
  } finally {
    worker.dispose();
  }
}

async function scanFiles(files: string[], maxBytes: number, timeoutMs: number, worker: AnalysisWorker): Promise<number> {
  const stderr = (text: string) => process.stderr.write(text);
  let found = false;
  let unreadable = false;
  for (const file of files) {
    const absolute = path.resolve(file);
    const content = await readFileText(absolute, maxBytes);
    if (!content.ok) {
      if (content.reason === "unreadable" || content.reason === "not-a-file") {
        unreadable = true;
        process.stderr.write(`${file}: cannot read: ${content.message}\n`);
      } else {
        process.stderr.write(`${file}: skipped: ${content.message}\n`);
      }
      continue;
    }
    const findings = await withinScanBudget(
      file,
      stderr,
      worker.secrets({ root: process.cwd(), filePath: absolute, text: content.text }, timeoutMs),
    );
    if (!findings) unreadable = true;
    for (const f of findings ?? []) {
      found = true;
      process.stdout.write(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.kind} ${f.masked}\n`);
    }
  }
  return unreadable ? EXIT.usage : found ? EXIT.findings : EXIT.ok;
}
