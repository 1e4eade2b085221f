import { readdir, readFile } from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import * as jsonc from "jsonc-parser";
import { SecretScanner, type SecretFinding } from "../secrets/engine";
import type { Span } from "../secrets/incremental";
import { mightHoldSecret } from "../secrets/prefilter";
import { POLICY_FILES, PROJECT_FILE, SECRETLINT_CONFIG_FILES, SECRETLINT_IGNORE_FILE } from "./policyFiles";
import { relativeTo } from "./relativePath";

export { POLICY_FILES, PROJECT_FILE } from "./policyFiles";

/** One "ignore this finding" recorded in the project file. */
export interface Suppression {
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** Rule or check id the suppression is scoped to. */
  check: string;
  /** Fingerprint of the finding (never the raw value). */
  fingerprint: string;
  reason?: string;
}

/**
 * What one workspace folder says about scanning: its secretlint configuration
 * and ignore file, the user's exclude globs, and recorded suppressions. Built
 * once per folder and shared by the editor, the audit and the CLI, so that all
 * three agree on what is a finding.
 */
export class WorkspacePolicy {
  /** Compiled once: an audit asks for every file and folder of the workspace. */
  private readonly relativePath: (filePath: string) => string | undefined;

  private constructor(
    readonly root: string,
    readonly secretScanner: SecretScanner,
    /** Undefined when the folder has no `.secretlintignore` rules. */
    private readonly secretlintIgnore: Ignore | undefined,
    /** The exclude globs as one test (see excludeGlobs.ts). */
    private readonly excludedByGlob: (target: string) => boolean,
    readonly suppressions: readonly Suppression[],
    /** Problems with the configuration files, in words for the user. */
    readonly problems: readonly string[],
  ) {
    this.relativePath = root ? relativeTo(root) : () => undefined;
  }

  static async load(root: string, exclude: readonly string[] = []): Promise<WorkspacePolicy> {
    const problems: string[] = [];
    // One listing of the folder instead of a failed open per policy file most folders do not have.
    const present = await policyFilesIn(root);
    const readPresent = (name: string) => (present.has(name) ? readOptional(path.join(root, name)) : undefined);
    let secretlintrc: unknown;
    let configName: string | undefined;
    for (const name of SECRETLINT_CONFIG_FILES) {
      const text = await readPresent(name);
      if (text === undefined) continue;
      configName = name;
      const parsed = await parseConfigText(name, text);
      if (parsed.error) problems.push(`${name}: ${parsed.error}; using the recommended preset`);
      else secretlintrc = parsed.value;
      break;
    }
    const scanner = await SecretScanner.create(secretlintrc);
    problems.push(...scanner.problems.map((p) => `${configName}: ${p}`));
    const ignoreText = await readPresent(SECRETLINT_IGNORE_FILE);
    const secretlintIgnore = ignoreText?.trim() ? ignore().add(ignoreText) : undefined;
    const suppressions = parseSuppressions(await readPresent(PROJECT_FILE), problems);
    return new WorkspacePolicy(root, scanner, secretlintIgnore, await excludeTestFor(exclude), suppressions, problems);
  }

  /** A policy for files outside any workspace folder: defaults only. */
  static async defaults(exclude: readonly string[] = []): Promise<WorkspacePolicy> {
    return new WorkspacePolicy("", await SecretScanner.create(), undefined, await excludeTestFor(exclude), [], []);
  }

  /** The path relative to this folder, or undefined when the file lies outside it. */
  relative(filePath: string): string | undefined {
    return this.relativePath(filePath);
  }

  /**
   * True when `.secretlintignore` or the exclude globs leave this file out.
   * Globs match the workspace-relative path, or the absolute path of a file
   * outside every folder.
   */
  isExcluded(filePath: string): boolean {
    const rel = this.relative(filePath);
    if (rel !== undefined && this.secretlintIgnore?.ignores(rel)) return true;
    const target = rel ?? filePath.split(path.sep).join("/");
    return this.excludedByGlob(target);
  }

  /** False when no bundled rule could report in the text (secrets/prefilter.ts), as for most files: no scan needed. */
  mayHoldSecret(filePath: string, text: string): boolean {
    return mightHoldSecret(text, filePath);
  }

  /**
   * Secrets in one file's text, after exclusions and recorded suppressions;
   * only within `region` when one is given (see secrets/incremental.ts).
   */
  async scanSecrets(filePath: string, text: string, region?: Span): Promise<SecretFinding[]> {
    if (this.isExcluded(filePath)) return [];
    const rel = this.relative(filePath);
    const findings = region
      ? await this.secretScanner.scanRegion(text, filePath, region.start, region.end)
      : await this.secretScanner.scan(text, filePath);
    return findings.filter((f) => !this.isSuppressed(rel, f.ruleId, f.fingerprint));
  }

  isSuppressed(relPath: string | undefined, check: string, fingerprint: string): boolean {
    return this.suppressions.some((s) => s.fingerprint === fingerprint && s.check === check && s.file === relPath);
  }
}

/** Minimatch loads only for globs: a hook, which has none, starts without it. */
async function excludeTestFor(exclude: readonly string[]): Promise<(target: string) => boolean> {
  return exclude.length > 0 ? (await import("./excludeGlobs")).excludeTest(exclude) : () => false;
}

// The callback API: the first use of `fs.promises` loads a module of its own,
// about a millisecond of a hook's start-up.
function readOptional(file: string): Promise<string | undefined> {
  return new Promise((resolve) => readFile(file, "utf8", (error, text) => resolve(error ? undefined : text)));
}

/**
 * Which of POLICY_FILES the folder holds, by the names git and editors show;
 * on case-insensitive file systems matched as the file system would. A folder
 * that cannot be listed is asked for each file, as if all were there.
 */
function policyFilesIn(root: string): Promise<Set<string>> {
  const foldCase = process.platform === "win32" || process.platform === "darwin";
  const key = (name: string) => (foldCase ? name.toLowerCase() : name);
  return new Promise((resolve) =>
    readdir(root, (error, entries) => {
      if (error) return resolve(new Set(POLICY_FILES));
      const names = new Set(entries.map(key));
      resolve(new Set(POLICY_FILES.filter((name) => names.has(key(name)))));
    }),
  );
}

async function parseConfigText(name: string, text: string): Promise<{ value?: unknown; error?: string }> {
  if (name.endsWith(".yaml") || name.endsWith(".yml")) {
    // The YAML parser is large and few folders configure secretlint in YAML: it loads only for them.
    const YAML = await import("yaml");
    try {
      const doc = YAML.parseDocument(text);
      if (doc.errors.length > 0) return { error: `not valid YAML (${doc.errors[0].message.split("\n")[0]})` };
      return { value: doc.toJS() };
    } catch (error) {
      if (error instanceof RangeError) return { error: "nested too deeply to read" };
      throw error;
    }
  }
  return parseJsonc(text);
}

/** JSON with comments; a text nested deeper than the parser's stack is an error in words, not a crash. */
function parseJsonc(text: string): { value?: unknown; error?: string } {
  const errors: jsonc.ParseError[] = [];
  let value: unknown;
  try {
    value = jsonc.parse(text, errors, { allowTrailingComma: true });
  } catch (error) {
    if (error instanceof RangeError) return { error: "nested too deeply to read" };
    throw error;
  }
  if (errors.length > 0) return { error: `not valid JSON (${jsonc.printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})` };
  return { value };
}

function parseSuppressions(text: string | undefined, problems: string[]): Suppression[] {
  if (text === undefined) return [];
  const parsed = parseJsonc(text);
  if (parsed.error) {
    problems.push(`${PROJECT_FILE}: ${parsed.error}; its suppressions are not applied`);
    return [];
  }
  const value = parsed.value as { ignore?: unknown } | undefined;
  const list: unknown[] = Array.isArray(value?.ignore) ? value.ignore : [];
  return list.filter((s): s is Suppression => {
    const fields = s as { [K in keyof Suppression]?: unknown } | null;
    return !!fields && typeof fields.file === "string" && typeof fields.check === "string" && typeof fields.fingerprint === "string";
  });
}

/**
 * The new text of the project file with one more suppression, keeping the
 * user's formatting and comments. Adding one that exists changes nothing.
 */
export function addSuppression(projectFileText: string | undefined, suppression: Suppression): string {
  const text = projectFileText && projectFileText.trim() ? projectFileText : "{}\n";
  const existing = parseSuppressions(text, []);
  if (existing.some((s) => s.file === suppression.file && s.check === suppression.check && s.fingerprint === suppression.fingerprint)) {
    return text;
  }
  const edits = jsonc.modify(text, ["ignore", -1], suppression, {
    isArrayInsertion: true,
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" },
  });
  return jsonc.applyEdits(text, edits);
}
