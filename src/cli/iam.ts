import * as path from "node:path";
import { parseArgs } from "node:util";
import { CATALOG_FILE, loadIamCatalog } from "../iam/catalog";
import { IAM_CHECK_IDS, isIamCheckId, type IamSeverityMap } from "../iam/checkIds";
import { readFileText } from "../scan/fileText";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import { isSeverity } from "../shared/severity";
import { describeError } from "../shared/errors";
import { settingDefaults } from "../shared/settingDefaults";
import { AnalysisWorker } from "../worker/analysisWorker";
import { parseScanTimeout, withinScanBudget, WORKER_FILE } from "./budget";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security iam [--severity CHECK=LEVEL]... [--format text|json] [--max-file-size KB] [--scan-timeout MS] FILE...

Checks IAM policy statements in JSON and YAML policy documents, CloudFormation
and SAM templates, Serverless Framework files and Terraform, and prints each
finding as  path:line:col check-id message
A finding that reproduces an IAM Access Analyzer check names its issue code
at the end of the message: (Access Analyzer: PASS_ROLE_WITH_STAR_IN_RESOURCE).
--format json prints one JSON array instead, a finding an object with file,
line, column, endLine, endColumn (1-based), check, accessAnalyzerCode (or
null), severity and message.
Exits 1 when an error or warning is found, 0 when none (info and hint findings
are printed but do not fail), 2 when a file cannot be read or its check takes
longer than --scan-timeout (default ${settingDefaults().scanTimeoutMs} ms).

--severity CHECK=LEVEL  overrides a check's severity: error, warning, info,
                        hint or off (repeatable). Checks:
                        ${IAM_CHECK_IDS.join(", ")}
Suppressions in .agent-security.json and the exclude globs are read from the
current directory.
`;

export interface IamCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where the catalogue index is; next to the CLI bundle by default. */
  catalogFile?: string;
  cwd?: string;
  /** The analysis worker the checks run in; dist/scanWorker.js by default. */
  workerFile?: string;
}

const processIo: IamCliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export async function run(args: string[], io: IamCliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        severity: { type: "string", multiple: true, default: [] },
        "max-file-size": { type: "string", default: "10240" },
        "scan-timeout": { type: "string" },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.stderr(`agent-security iam: ${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const maxKb = Number(parsed.values["max-file-size"]);
  const timeoutMs = parseScanTimeout(parsed.values["scan-timeout"]);
  const format = parsed.values.format;
  if (
    parsed.positionals.length === 0 ||
    !Number.isFinite(maxKb) ||
    maxKb <= 0 ||
    typeof timeoutMs !== "number" ||
    (format !== "text" && format !== "json")
  ) {
    io.stderr(HELP);
    return EXIT.usage;
  }
  const severities: IamSeverityMap = {};
  for (const spec of parsed.values.severity ?? []) {
    const [check, level] = spec.split("=");
    if (!isIamCheckId(check) || !(level === "off" || isSeverity(level))) {
      io.stderr(
        `agent-security iam: --severity ${spec}: expected CHECK=error|warning|info|hint|off with CHECK one of ${IAM_CHECK_IDS.join(", ")}\n`,
      );
      return EXIT.usage;
    }
    severities[check] = level;
  }

  const catalogFile = io.catalogFile ?? path.join(__dirname, CATALOG_FILE);
  try {
    await loadIamCatalog(catalogFile);
  } catch (error) {
    io.stderr(`agent-security iam: cannot read the IAM catalogue ${catalogFile} (${describeError(error)}); build it with npm run build\n`);
    return EXIT.usage;
  }
  const cwd = io.cwd ?? process.cwd();
  const policy = await WorkspacePolicy.load(cwd);
  for (const problem of policy.problems) io.stderr(`agent-security: ${problem}\n`);

  // Checks run in the analysis worker, which is stopped when one takes longer than the budget.
  const worker = new AnalysisWorker(io.workerFile ?? WORKER_FILE, { iamCatalogFile: catalogFile });
  try {
    return await checkFiles(parsed.positionals, {
      cwd,
      maxBytes: maxKb * 1024,
      timeoutMs,
      severities,
      worker,
      io,
      json: format === "json",
    });
  } finally {
    worker.dispose();
  }
}

interface CheckRun {
  cwd: string;
  maxBytes: number;
  timeoutMs: number;
  severities: IamSeverityMap;
  worker: AnalysisWorker;
  io: IamCliIo;
  /** One JSON array on stdout instead of a line per finding. */
  json: boolean;
}

/** A finding in `--format json`: what comparing with Access Analyzer's own output needs. */
interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  check: string;
  accessAnalyzerCode: string | null;
  severity: string;
  message: string;
}

async function checkFiles(files: string[], { cwd, maxBytes, timeoutMs, severities, worker, io, json }: CheckRun): Promise<number> {
  let failing = false;
  let unreadable = false;
  const collected: JsonFinding[] = [];
  for (const file of files) {
    const absolute = path.resolve(cwd, file);
    const content = await readFileText(absolute, maxBytes);
    if (!content.ok) {
      if (content.reason === "unreadable" || content.reason === "not-a-file") {
        unreadable = true;
        io.stderr(`${file}: cannot read: ${content.message}\n`);
      } else {
        io.stderr(`${file}: skipped: ${content.message}\n`);
      }
      continue;
    }
    // Exclusions and suppressions of the folder apply in the worker, as in the editor.
    const findings = await withinScanBudget(
      file,
      io.stderr,
      worker.iam({ root: cwd, filePath: absolute, text: content.text, severities }, timeoutMs),
    );
    if (!findings) unreadable = true;
    for (const f of findings ?? []) {
      if (f.severity === "error" || f.severity === "warning") failing = true;
      const line = f.range.start.line + 1;
      const column = f.range.start.character + 1;
      if (json) {
        const end = { endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
        collected.push({
          file,
          line,
          column,
          ...end,
          check: f.check,
          accessAnalyzerCode: f.code ?? null,
          severity: f.severity,
          message: f.message,
        });
      } else {
        io.stdout(`${file}:${line}:${column} ${f.check} ${f.message}\n`);
      }
    }
  }
  if (json) io.stdout(`${JSON.stringify(collected, null, 2)}\n`);
  return unreadable ? EXIT.usage : failing ? EXIT.findings : EXIT.ok;
}
