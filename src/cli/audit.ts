import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runAudit, type AuditFolder } from "../audit/engine";
import { toJson } from "../audit/report/json";
import { describeFindings } from "../audit/report/summary";
import { toText } from "../audit/report/text";
import { readFolderSettings } from "../audit/settings";
import { CATALOG_FILE } from "../iam/catalog";
import type { AuditProgress, AuditResult } from "../audit/types";
import { describeFsError } from "../scan/fileText";
import { describeError } from "../shared/errors";
import { settingDefaults } from "../shared/settingDefaults";
import { atLeast, type Severity } from "../shared/severity";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security audit [DIR...] [options]

Audits every file of each DIR (default: the current directory) for hardcoded
secrets and over-broad IAM policies, with the editor's rules: .gitignore files,
.secretlintignore, and the agentSecurity.*, files.exclude and search.exclude
settings in DIR/.vscode/settings.json.

options:
  --format text|json|sarif   report format (default text)
  --fail-on error|warning|info
                             exit 1 when a finding is at least this severe (default warning)
  --output FILE              write the report to FILE instead of standard output
  --checks secrets,iam       which checks to run (default: those the settings enable, both by default)
  --exclude GLOB             leave out files matching GLOB (repeatable; adds to agentSecurity.exclude)
  --max-file-size KB         skip larger files (default: agentSecurity.maxFileSizeKB or ${settingDefaults().maxFileSizeKB})
  --scan-timeout MS          skip a file whose analysis takes longer (default: agentSecurity.scanTimeoutMs or ${settingDefaults().scanTimeoutMs})
  --cache-dir DIR            keep results in DIR; the next audit re-scans only changed files
  --workers N                worker threads (default: one fewer than the cores
                             while files are listed, one more after if it pays)

Exit codes: 0 nothing at or above the threshold, 1 findings, 2 bad usage or an I/O error.
`;

const FORMATS = ["text", "json", "sarif"] as const;
const THRESHOLDS: readonly Severity[] = ["error", "warning", "info"];
const CHECKS = ["secrets", "iam"];

/** Where the command writes and what it runs; the product passes the process's own. */
export interface AuditIo {
  stdout: Pick<NodeJS.WriteStream, "write">;
  stderr: Pick<NodeJS.WriteStream, "write" | "isTTY">;
  cwd: string;
  workerFile: string;
  iamCatalogFile: string;
  toolVersion: string;
}

declare const VERSION: string;

export function run(args: string[]): Promise<number> {
  return audit(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    workerFile: path.join(__dirname, "auditWorker.js"),
    iamCatalogFile: path.join(__dirname, CATALOG_FILE),
    toolVersion: VERSION,
  });
}

export async function audit(args: string[], io: AuditIo): Promise<number> {
  const usageError = (message: string) => {
    io.stderr.write(`agent-security audit: ${message}\n${HELP}`);
    return EXIT.usage;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        "fail-on": { type: "string", default: "warning" },
        output: { type: "string" },
        exclude: { type: "string", multiple: true, default: [] },
        checks: { type: "string" },
        "max-file-size": { type: "string" },
        "scan-timeout": { type: "string" },
        "cache-dir": { type: "string" },
        workers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) return usageError(`unknown format '${values.format}'`);
  const failOn = values["fail-on"] as Severity;
  if (!THRESHOLDS.includes(failOn)) return usageError(`--fail-on must be one of ${THRESHOLDS.join(", ")}`);
  const maxKb = values["max-file-size"] === undefined ? undefined : Number(values["max-file-size"]);
  if (maxKb !== undefined && !(maxKb > 0)) return usageError("--max-file-size must be a positive number of kilobytes");
  const timeoutMs = values["scan-timeout"] === undefined ? undefined : Number(values["scan-timeout"]);
  if (timeoutMs !== undefined && !(timeoutMs > 0)) return usageError("--scan-timeout must be a positive number of milliseconds");
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) return usageError("--workers must be a positive whole number");

  const checks = values.checks?.split(",").map((c) => c.trim());
  if (checks && (checks.length === 0 || checks.some((c) => !CHECKS.includes(c))))
    return usageError(`--checks takes a list of ${CHECKS.join(", ")}`);

  const dirs = parsed.positionals.length > 0 ? parsed.positionals : ["."];
  const folders: AuditFolder[] = [];
  let maxFileSizeKB = maxKb;
  let scanTimeoutMs = timeoutMs;
  for (const dir of dirs) {
    const root = path.resolve(io.cwd, dir);
    try {
      if (!(await fs.stat(root)).isDirectory()) return usageError(`${dir} is not a directory`);
    } catch (error) {
      io.stderr.write(`agent-security audit: cannot read ${dir}: ${describeFsError(error)}\n`);
      return EXIT.usage;
    }
    const settings = await readFolderSettings(root);
    maxFileSizeKB ??= settings.maxFileSizeKB;
    scanTimeoutMs ??= settings.scanTimeoutMs;
    const analyzers = checks
      ? { ...settings.analyzers, secrets: checks.includes("secrets"), iam: checks.includes("iam") }
      : settings.analyzers;
    folders.push({ root, exclude: [...settings.exclude, ...values.exclude], excludeGlobs: settings.excludeGlobs, analyzers });
  }

  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr) : undefined;
  let result: AuditResult;
  try {
    result = await runAudit({
      folders,
      maxBytes: (maxFileSizeKB ?? settingDefaults().maxFileSizeKB) * 1024,
      fileTimeoutMs: scanTimeoutMs ?? settingDefaults().scanTimeoutMs,
      toolVersion: io.toolVersion,
      workerFile: io.workerFile,
      iamCatalogFile: io.iamCatalogFile,
      blockingWalk: true,
      ...(values["cache-dir"] ? { cacheFile: path.resolve(io.cwd, values["cache-dir"], "audit-cache.json") } : {}),
      ...(workers ? { workers } : {}),
      onProgress: (p) => progress?.show(p),
    });
  } catch (error) {
    const described = (error as NodeJS.ErrnoException).code ? describeFsError(error) : describeError(error);
    io.stderr.write(`agent-security audit: ${described}\n`);
    return EXIT.usage;
  } finally {
    progress?.clear();
  }

  const report =
    format === "json"
      ? toJson(result, io.toolVersion)
      : format === "sarif"
        ? // Loaded only for SARIF: its fingerprints load node:crypto, which the CLI would otherwise load before it starts its workers.
          JSON.stringify((await import("../audit/report/sarif")).toSarif(result, io.toolVersion), null, 2) + "\n"
        : toText(result, (f) => path.relative(io.cwd, path.join(f.root, f.file)) || f.file);
  if (values.output) {
    const output = path.resolve(io.cwd, values.output);
    try {
      await fs.writeFile(output, report);
    } catch (error) {
      io.stderr.write(`agent-security audit: cannot write ${values.output}: ${describeFsError(error)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`${describeFindings(result.findings)}; report written to ${values.output}\n`);
  } else {
    io.stdout.write(report);
  }
  if (format !== "text") for (const problem of result.problems) io.stderr.write(`agent-security audit: ${problem}\n`);
  return result.findings.some((f) => atLeast(f.severity, failOn)) ? EXIT.findings : EXIT.ok;
}

/** One line on a terminal's standard error, rewritten in place. */
class ProgressLine {
  private shown = false;

  constructor(private readonly out: Pick<NodeJS.WriteStream, "write">) {}

  show(p: AuditProgress): void {
    const where = p.folder ? ` · ${p.folder}` : "";
    const text = p.phase === "listing" ? `audit: listing files… ${p.total} found${where}` : `audit: ${p.done}/${p.total} files${where}`;
    this.out.write(`\r\x1b[K${text.slice(0, 100)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.out.write("\r\x1b[K");
    this.shown = false;
  }
}
