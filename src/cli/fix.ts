import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import { AwsStoreError, type AwsProblem } from "../aws/errors";
import { checkEndpoint, checkKmsKeyId, checkSecretName, checkStorableValue } from "../aws/inputs";
import { loadAwsSdk } from "../aws/loadSdk";
import type { StoreRequest } from "../aws/requests";
import { addVersion, createSecret, type Connection, type StoredSecret } from "../aws/store";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import type { SecretFinding } from "../secrets/engine";
import { languageFromPath, lookupFix, suggestSecretName, type FixContext, type SecretStore } from "../secrets/fixes";
import { redact } from "../shared/mask";
import { settingDefaults } from "../shared/settingDefaults";
import { applyEdits } from "../shared/text";
import { describeError } from "../shared/errors";
import { AnalysisWorker } from "../worker/analysisWorker";
import { parseScanTimeout, withinScanBudget, WORKER_FILE } from "./budget";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security fix [options] FILE...

Replaces each hardcoded secret in FILE... by a lookup of AWS Secrets Manager
(or SSM Parameter Store), in the file's language: the editor's quick fix.

  --store secretsmanager|ssm  store each value in AWS first (CreateSecret, or
                              PutParameter as SecureString); a file is rewritten
                              only after AWS confirms. Without --store the files
                              get Secrets Manager lookups and nothing is stored.
  --name NAME                 the name of the one secret found
  --name-prefix PREFIX        prefix of the names derived from variable names
                              (default app/: app/github-token, /app/github-token)
  --kms-key-id KEY            customer managed KMS key id, ARN or alias
                              (default: the AWS managed key)
  --add-version               when a name exists, store the value as its new
                              version (default: leave it, the secret is not fixed)
  --dry-run                   change nothing and call no AWS API: print the
                              changes as a unified diff, secrets masked
  --scan-timeout MS           the longest one scan of a file may take (default
                              ${settingDefaults().scanTimeoutMs}); a file whose scan takes longer is
                              named and left unchanged

AWS access uses the SDK's standard environment: the credential chain,
AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL.

Exit codes: 0 every secret was fixed (or none found); 1 some could not be
fixed, each named; 2 bad usage, a file that cannot be read or whose scan takes
longer than --scan-timeout, or an AWS error.
`;

const STORES: Record<string, SecretStore> = { secretsmanager: "secretsManager", ssm: "parameterStore" };
const SERVICE: Record<SecretStore, string> = { secretsManager: "Secrets Manager", parameterStore: "SSM Parameter Store" };
/** The SDK's service-specific endpoint variables, before AWS_ENDPOINT_URL. */
const ENDPOINT_VARIABLES: Record<SecretStore, string> = {
  secretsManager: "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  parameterStore: "AWS_ENDPOINT_URL_SSM",
};
const MAX_FILE_BYTES = 10 * 1024 * 1024;

interface Options {
  store: SecretStore;
  /** Whether values go to AWS (--store without --dry-run). */
  storing: boolean;
  storeGiven: boolean;
  name?: string;
  namePrefix: string;
  kmsKeyId?: string;
  addVersion: boolean;
  dryRun: boolean;
  scanTimeoutMs: number;
}

/** A file as read: its text without a BOM, and whether it had one (kept when writing back). */
interface SourceFile {
  arg: string;
  absolute: string;
  text: string;
  bom: boolean;
  findings: SecretFinding[];
}

/** A file's secrets, or undefined when the scan ran past --scan-timeout (and said so on stderr). */
type Scan = (source: SourceFile, text: string) => Promise<SecretFinding[] | undefined>;

class UsageError extends Error {}

/** Stops the run after an AWS error: the rest is left as it is. */
class AwsFailure extends Error {
  constructor(readonly problem: AwsProblem) {
    super(problem.message);
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`agent-security fix: ${line}\n`);

export async function run(args: string[]): Promise<number> {
  let parsed: { options: Options; files: string[] } | "help";
  try {
    parsed = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(error.message);
    process.stderr.write(HELP);
    return EXIT.usage;
  }
  if (parsed === "help") {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const { options, files } = parsed;

  const policy = await WorkspacePolicy.load(process.cwd());
  for (const problem of policy.problems) err(problem);

  // Scans run in the analysis worker, which is stopped when one takes longer than the budget.
  const worker = new AnalysisWorker(WORKER_FILE, {});
  const scan: Scan = (source, text) =>
    withinScanBudget(
      source.arg,
      (text) => process.stderr.write(`agent-security fix: ${text}`),
      worker.secrets({ root: process.cwd(), filePath: source.absolute, text }, options.scanTimeoutMs),
    );
  try {
    return await fixFiles(files, options, policy, scan);
  } finally {
    worker.dispose();
  }
}

async function fixFiles(files: string[], options: Options, policy: WorkspacePolicy, scan: Scan): Promise<number> {
  const sources: SourceFile[] = [];
  /** A file that could not be read, or whose scan ran past the budget: named, left as it is, exit 2. */
  let unchecked = false;
  const seen = new Set<string>();
  for (const arg of files) {
    // A file named twice is fixed once: a second pass would start from its old text.
    if (seen.has(path.resolve(arg))) continue;
    seen.add(path.resolve(arg));
    const read = await readSource(arg);
    if (typeof read === "string") {
      err(`${arg}: ${read}`);
      unchecked = true;
      continue;
    }
    const findings = await scan(read, read.text);
    if (!findings) {
      unchecked = true;
      continue;
    }
    read.findings = findings;
    sources.push(read);
  }
  const distinct = new Set(sources.flatMap((s) => s.findings.map((f) => f.fingerprint)));
  if (options.name && distinct.size > 1) {
    err(`--name names one secret, and ${distinct.size} different ones were found; use --name-prefix, or fix one file at a time`);
    return EXIT.usage;
  }

  let connection: Connection | undefined;
  if (options.storing && distinct.size > 0) {
    const setup = await awsConnection(options.store);
    if (typeof setup === "string") {
      err(setup);
      return EXIT.usage;
    }
    connection = setup;
  }

  const fixes = new FixRun(options, policy, scan, connection);
  let awsFailed = false;
  for (const source of sources) {
    try {
      await fixes.fixFile(source);
    } catch (error) {
      if (!(error instanceof AwsFailure)) throw error;
      awsFailed = true;
      break;
    }
  }
  fixes.summary(sources.length);
  if (unchecked || awsFailed || fixes.writeFailed || fixes.rescanTimedOut) return EXIT.usage;
  return fixes.notFixed > 0 ? EXIT.findings : EXIT.ok;
}

function parseOptions(args: string[]): { options: Options; files: string[] } | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        store: { type: "string" },
        name: { type: "string" },
        "name-prefix": { type: "string" },
        "kms-key-id": { type: "string" },
        "add-version": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        "scan-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help";
  if (parsed.positionals.length === 0) throw new UsageError("no FILE given");
  const storeName = v.store?.toLowerCase();
  if (storeName !== undefined && !(storeName in STORES)) throw new UsageError(`--store must be secretsmanager or ssm, not "${v.store}"`);
  const store = storeName ? STORES[storeName] : "secretsManager";
  if (v.name !== undefined && v["name-prefix"] !== undefined) throw new UsageError("give --name or --name-prefix, not both");
  if (!storeName && (v["kms-key-id"] !== undefined || v["add-version"]))
    throw new UsageError("--kms-key-id and --add-version need --store");
  const name = v.name?.trim();
  if (name !== undefined) {
    const problem = checkSecretName(name, store);
    if (problem && !problem.warning) throw new UsageError(`--name: ${problem.message}`);
  }
  const kmsKeyId = v["kms-key-id"]?.trim() || undefined;
  const badKey = kmsKeyId ? checkKmsKeyId(kmsKeyId) : undefined;
  if (badKey) throw new UsageError(`--kms-key-id: ${badKey.message}`);
  const scanTimeoutMs = parseScanTimeout(v["scan-timeout"]);
  if (typeof scanTimeoutMs !== "number") throw new UsageError(scanTimeoutMs.error);
  return {
    files: parsed.positionals,
    options: {
      store,
      storeGiven: storeName !== undefined,
      storing: storeName !== undefined && !v["dry-run"],
      ...(name ? { name } : {}),
      namePrefix: v["name-prefix"] ?? "app/",
      ...(kmsKeyId ? { kmsKeyId } : {}),
      addVersion: v["add-version"] ?? false,
      dryRun: v["dry-run"] ?? false,
      scanTimeoutMs,
    },
  };
}

/**
 * Reads a file that can be rewritten without loss: UTF-8 (a BOM is kept),
 * not binary, not huge. Anything else is a message.
 */
async function readSource(arg: string): Promise<SourceFile | string> {
  const absolute = path.resolve(arg);
  let bytes: Buffer;
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) return "cannot read: not a file";
    if (stat.size > MAX_FILE_BYTES) return `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;
    bytes = await fs.readFile(absolute);
  } catch (error) {
    return `cannot read: ${describeError(error)}`;
  }
  if (bytes.includes(0)) return "skipped: binary or UTF-16 content, which fixes do not rewrite";
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    return "skipped: not valid UTF-8, so it cannot be rewritten without changing other text";
  }
  return { arg, absolute, text, bom, findings: [] };
}

/** Region, profile and endpoint from the SDK's standard environment, checked before anything is sent. */
async function awsConnection(store: SecretStore): Promise<Connection | string> {
  const variable = [ENDPOINT_VARIABLES[store], "AWS_ENDPOINT_URL"].find((name) => process.env[name]?.trim());
  const endpoint = variable ? process.env[variable]!.trim() : undefined;
  if (endpoint) {
    const bad = checkEndpoint(endpoint);
    if (bad) return bad.message.replace("agentSecurity.aws.endpoint", variable!);
  }
  const profile = process.env.AWS_PROFILE?.trim() || undefined;
  let region: string | undefined;
  try {
    const sdk = await loadAwsSdk();
    region = await sdk.defaultRegion(profile);
  } catch (error) {
    return `cannot read the AWS configuration: ${describeError(error)}`;
  }
  if (!region)
    return `no AWS region: set AWS_REGION, or a region for ${profile ? `profile "${profile}"` : "the default profile"} in ~/.aws/config`;
  return { region, ...(profile ? { profile } : {}), ...(endpoint ? { endpoint } : {}) };
}

/** The fixes of one run, across files: names used, values stored, what was left. */
class FixRun {
  notFixed = 0;
  fixed = 0;
  writeFailed = false;
  /** A file's scan after a fix ran past --scan-timeout: that file was left unchanged. */
  rescanTimedOut = false;
  /** Value fingerprint → the name it was stored or looked up under in this run. */
  private readonly names = new Map<string, string>();
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly options: Options,
    private readonly policy: WorkspacePolicy,
    private readonly scan: Scan,
    private readonly connection: Connection | undefined,
  ) {}

  /**
   * Fixes one file's secrets one at a time, rescanning after each (a fix
   * adds an import and a helper, so the offsets of the others move), and
   * writes the file once. After an AWS error, the fixes AWS confirmed are
   * still written, and the AwsFailure goes on to stop the run. A rescan that
   * runs past --scan-timeout leaves the file unchanged: what is left in it is
   * not known.
   */
  async fixFile(source: SourceFile): Promise<void> {
    const original = source.text;
    const languageId = languageFromPath(source.absolute);
    let text = original;
    /** Per value: how many of its occurrences were dealt with (fixed or left). */
    const handled = new Map<string, number>();
    const left = new Map<string, number>();
    const values = new Set<string>(source.findings.map((f) => original.slice(f.offset, f.offset + f.length)));
    let failure: AwsFailure | undefined;
    let fixedHere = 0;
    let storedHere = false;
    for (let guard = 0; guard <= source.findings.length; guard++) {
      const findings = guard === 0 ? source.findings : await this.scan(source, text);
      if (!findings) {
        this.rescanTimedOut = true;
        this.fixed -= fixedHere;
        this.notFixed += fixedHere;
        err(
          `${source.arg}: left unchanged${storedHere ? "; the secrets above are stored in AWS, so run the fix again with --add-version" : ""}`,
        );
        return;
      }
      const next = nextFinding(findings, left);
      if (!next) break;
      const occurrence = handled.get(next.fingerprint) ?? 0;
      handled.set(next.fingerprint, occurrence + 1);
      // Where it was in the file as given: the same occurrence of the same value.
      const where = source.findings.filter((f) => f.fingerprint === next.fingerprint)[occurrence] ?? next;
      const label = `${source.arg}:${where.range.start.line + 1}:${where.range.start.character + 1} ${where.kind} ${where.masked}`;
      const leave = (reason: string) => {
        left.set(next.fingerprint, (left.get(next.fingerprint) ?? 0) + 1);
        this.notFixed++;
        out(`${label}: not fixed: ${reason}`);
      };
      let result: { text: string; name: string; stored?: StoredSecret } | string;
      try {
        result = await this.fixOne(text, next, languageId, source);
      } catch (error) {
        if (!(error instanceof AwsFailure)) throw error;
        const p = error.problem;
        out(`${label}: not fixed: AWS error`);
        err(`${p.message}${p.awsError ? ` (${p.awsError}${p.requestId ? `, request id ${p.requestId}` : ""})` : ""}`);
        failure = error;
        break;
      }
      if (typeof result === "string") {
        leave(result);
        continue;
      }
      const count = (t: string, value: string) => t.split(value).length - 1;
      const value = text.slice(next.offset, next.offset + next.length);
      if (count(result.text, value) >= count(text, value)) {
        leave("the lookup would not remove it");
        continue;
      }
      text = result.text;
      this.fixed++;
      fixedHere++;
      storedHere ||= result.stored !== undefined;
      out(`${label}: ${this.describe(result.name, result.stored)}`);
    }
    if (text !== original) {
      if (this.options.dryRun) {
        const masked = (t: string) => redact(t, [...values]);
        // git's form (a/ and b/ paths, no "Index:" banner), which `git apply` and review tools read.
        const patch = createTwoFilesPatch(`a/${source.arg}`, `b/${source.arg}`, masked(original), masked(text)).replace(/^=+\r?\n/, "");
        process.stdout.write(patch);
      } else {
        try {
          await fs.writeFile(source.absolute, (source.bom ? "\uFEFF" : "") + text, "utf8");
        } catch (error) {
          this.writeFailed = true;
          err(
            `${source.arg}: cannot write: ${describeError(error)}${this.options.storing ? "; the secrets above are stored in AWS, so run the fix again with --add-version" : ""}`,
          );
        }
      }
    }
    if (failure) throw failure;
  }

  /** The text with one secret replaced by its lookup, after storing it; or why it is left as it is. */
  private async fixOne(
    text: string,
    finding: SecretFinding,
    languageId: string,
    source: SourceFile,
  ): Promise<{ text: string; name: string; stored?: StoredSecret } | string> {
    const { store } = this.options;
    const value = text.slice(finding.offset, finding.offset + finding.length);
    const ctx: FixContext = {
      text,
      languageId,
      filePath: source.absolute,
      relativePath: this.policy.relative(source.absolute),
      finding,
      namePrefix: this.options.namePrefix,
    };
    let name = this.options.name ?? this.names.get(finding.fingerprint);
    const reused = name !== undefined && this.names.has(finding.fingerprint);
    if (name === undefined) name = this.unusedName(suggestSecretName(ctx, store));
    const fix = lookupFix({ ...ctx, secretName: name }, store);
    if (!fix)
      return `no ${SERVICE[store]} lookup for a secret at this place in a ${languageId} file (agent-security scan lists it; the editor offers "ignore")`;
    // The name as the lookup writes it (a Secrets Manager name loses a leading /): what must be stored.
    name = fix.secretName ?? name;
    if (this.options.storeGiven) {
      const notStorable = checkStorableValue(value, store);
      if (notStorable) return notStorable.message;
    }
    let stored: StoredSecret | undefined;
    if (this.options.storing && !reused) {
      const outcome = await this.store({
        store,
        name,
        value,
        tags: [],
        ...(this.options.kmsKeyId ? { kmsKeyId: this.options.kmsKeyId } : {}),
        ...(ctx.relativePath ? { sourcePath: ctx.relativePath } : {}),
      });
      if (typeof outcome === "string") return outcome;
      stored = outcome;
    }
    this.names.set(finding.fingerprint, name);
    this.usedNames.add(name);
    return { text: applyEdits(text, fix.edits), name, ...(stored ? { stored } : {}) };
  }

  /** Creates the secret; a taken name gets a new version only with --add-version. */
  private async store(request: StoreRequest): Promise<StoredSecret | string> {
    const connection = this.connection!;
    try {
      const created = await createSecret(connection, request);
      if (created.kind === "stored") return created.stored;
      if (!this.options.addVersion) {
        return `${request.name} already exists in ${SERVICE[request.store]} (${connection.region}) and was left as it is: --add-version stores this value as its new version, --name or --name-prefix choose another name`;
      }
      return await addVersion(connection, request);
    } catch (error) {
      if (error instanceof AwsStoreError) throw new AwsFailure(forTheCommandLine(error.problem));
      throw error;
    }
  }

  /** A derived name not yet given to another value in this run (two files' `token` are two secrets). */
  private unusedName(name: string): string {
    let candidate = name;
    for (let n = 2; this.usedNames.has(candidate); n++) candidate = `${name}-${n}`;
    return candidate;
  }

  private describe(name: string, stored: StoredSecret | undefined): string {
    const service = SERVICE[this.options.store];
    if (stored) {
      const id = stored.arn ?? `version ${stored.version ?? "?"}`;
      return `${stored.created ? "stored in" : "stored as a new version of"} ${service} as ${name} (${stored.region}, ${id}); replaced by its lookup`;
    }
    if (this.options.dryRun) return `would be ${this.options.storeGiven ? "stored in" : "looked up from"} ${service} as ${name}`;
    if (this.options.storing) return `replaced by the ${service} lookup of ${name}, stored earlier in this run`;
    return `replaced by the ${service} lookup of ${name} (not stored: put the value there before the program runs)`;
  }

  summary(fileCount: number): void {
    if (this.fixed + this.notFixed === 0) {
      out(`No secrets found in ${fileCount} file${fileCount === 1 ? "" : "s"}.`);
      return;
    }
    const verb = this.options.dryRun ? "would be fixed" : "fixed";
    out(`${this.fixed} secret${this.fixed === 1 ? "" : "s"} ${verb}, ${this.notFixed} not fixed.`);
  }
}

/** The next finding not left alone earlier (the first `left` occurrences of each value stay in the text). */
function nextFinding(findings: SecretFinding[], left: Map<string, number>): SecretFinding | undefined {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n >= (left.get(f.fingerprint) ?? 0)) return f;
  }
  return undefined;
}

/** The editor's advice names its settings; on the command line the same things are environment variables. */
function forTheCommandLine(problem: AwsProblem): AwsProblem {
  const message = problem.message
    .replace(/agentSecurity\.aws\.endpoint/g, "AWS_ENDPOINT_URL")
    .replace(/agentSecurity\.aws\.profile/g, "AWS_PROFILE")
    .replace(/ The Agent Security log has details\./g, "");
  return { ...problem, message };
}
