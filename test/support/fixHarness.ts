import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { Language, Parser } from "@vscode/tree-sitter-wasm";
import { SecretScanner, type SecretFinding } from "../../src/secrets/engine";
import { languageFromPath, secretFixes, type FixContext, type SecretFix } from "../../src/secrets/fixes";
import { applyEdits } from "../../src/shared/text";
import { RAW_VALUES } from "../fixtures/fakeSecrets";

const ready = SecretScanner.create();

/** The engine with the recommended preset, created once for all fix tests. */
export const scanner = {
  scan: async (text: string, filePath: string): Promise<SecretFinding[]> => (await ready).scan(text, filePath),
};

export interface Fixed {
  ctx: FixContext;
  finding: SecretFinding;
  fixes: SecretFix[];
  /** Text after the Secrets Manager fix, the Parameter Store fix, the ignore fix (undefined when not offered). */
  sm?: string;
  ssm?: string;
  ignore?: string;
}

/** Scans a text and runs the fix generators on its `which`-th finding. */
export async function fixFor(
  text: string,
  filePath: string,
  options: { which?: number; languageId?: string; secretName?: string; namePrefix?: string } = {},
): Promise<Fixed> {
  const findings = await scanner.scan(text, filePath);
  const finding = findings[options.which ?? 0];
  assert.ok(finding, `no finding in ${filePath}`);
  const ctx: FixContext = {
    text,
    languageId: options.languageId ?? languageFromPath(filePath),
    filePath,
    relativePath: filePath.replace(/^\/w\//, ""),
    finding,
    namePrefix: options.namePrefix ?? "app/",
    ...(options.secretName ? { secretName: options.secretName } : {}),
  };
  const fixes = secretFixes(ctx);
  assertNoLeak(fixes);
  const result: Fixed = { ctx, finding, fixes };
  for (const fix of fixes) {
    const out = applyEdits(text, fix.edits);
    if (fix.store === "secretsManager") result.sm = out;
    else if (fix.store === "parameterStore") result.ssm = out;
    else result.ignore = out;
  }
  return result;
}

/** No fix carries a raw secret in its title, name, or any inserted text. */
export function assertNoLeak(fixes: SecretFix[]): void {
  const serialised = JSON.stringify(
    fixes.map((f) => ({ title: f.title, name: f.secretName, texts: f.edits.map((e) => e.newText), suppression: f.suppression })),
  );
  for (const raw of RAW_VALUES) assert.ok(!serialised.includes(raw), `a fix carries a raw secret (${raw.slice(0, 4)}…)`);
}

/** Edits never overlap and never share an offset. */
export function assertDisjoint(fix: SecretFix): void {
  const sorted = [...fix.edits].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(sorted[i - 1].offset + sorted[i - 1].length <= sorted[i].offset, "overlapping edits");
    assert.notEqual(sorted[i - 1].offset, sorted[i].offset, "two edits at one offset");
  }
}

/** After a fix, the engine reports that secret one time fewer (other secrets may stay). */
export async function assertFindingGone(before: string, after: string, filePath: string, finding: SecretFinding): Promise<void> {
  const count = async (text: string) =>
    (await scanner.scan(text, filePath)).filter((f) => f.fingerprint === finding.fingerprint && f.ruleId === finding.ruleId).length;
  assert.equal(await count(after), (await count(before)) - 1, "the secret is still reported after the fix");
}

/** No finding left at all. */
export async function assertClean(after: string, filePath: string): Promise<void> {
  const again = await scanner.scan(after, filePath);
  assert.deepEqual(
    again.map((f) => `${f.messageId}@${f.range.start.line}`),
    [],
  );
}

// --- TypeScript ------------------------------------------------------------

/** Codes of errors about `await`/`async` placement and top-level await. */
export const AWAIT_CODES = new Set([1308, 1375, 1378, 1103, 1064, 2524, 1042, 1089, 1163, 1320, 1432, 18037, 18038]);

/**
 * Compiles many virtual files in one Program (module esnext, target es2022)
 * and returns, per file, its syntactic diagnostics and its await-related
 * semantic ones.
 */
export function typeScriptProblems(files: Record<string, string>): Record<string, string[]> {
  return compileProblems(files, (d) => AWAIT_CODES.has(d.code));
}

/**
 * Every type error, not only await placement, except modules the virtual
 * files cannot resolve (the AWS SDK): what a caller of changed code would see.
 */
export function allTypeScriptProblems(files: Record<string, string>): Record<string, string[]> {
  return compileProblems(files, (d) => d.code !== 2307);
}

function compileProblems(files: Record<string, string>, semantic: (d: ts.Diagnostic) => boolean): Record<string, string[]> {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const original = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
  host.getSourceFile = (name, lang, ...rest) =>
    name in files ? ts.createSourceFile(name, files[name], lang, true) : original.getSourceFile.call(host, name, lang, ...rest);
  host.fileExists = (name) => name in files || original.fileExists.call(host, name);
  host.readFile = (name) => (name in files ? files[name] : original.readFile.call(host, name));
  const program = ts.createProgram(Object.keys(files), options, host);
  const result: Record<string, string[]> = {};
  for (const name of Object.keys(files)) {
    const sf = program.getSourceFile(name)!;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf).filter(semantic)];
    result[name] = diags.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  }
  return result;
}

// --- Python ---------------------------------------------------------------

/** Runs `py_compile` on each text in one python3 process; returns the error per name (empty when it compiles). */
export function pythonProblems(files: Record<string, string>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asf-py-"));
  try {
    const names = Object.keys(files);
    const paths = names.map((n, i) => {
      const p = path.join(dir, `f${i}.py`);
      fs.writeFileSync(p, files[n]);
      return p;
    });
    const script = [
      "import json, py_compile, sys",
      "out = []",
      "for p in sys.argv[1:]:",
      "    try:",
      "        py_compile.compile(p, doraise=True)",
      "        out.append('')",
      "    except py_compile.PyCompileError as e:",
      "        out.append(str(e.msg))",
      "print(json.dumps(out))",
    ].join("\n");
    const output = JSON.parse(execFileSync("python3", ["-c", script, ...paths], { encoding: "utf8" })) as string[];
    return Object.fromEntries(names.map((n, i) => [n, output[i]]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- tree-sitter (Java, Go, C#, HCL) --------------------------------------

// The runtime and the Java/Go/C# grammars come from @vscode/tree-sitter-wasm,
// HCL's from @tree-sitter-grammars/tree-sitter-hcl; all load from disk.

const GRAMMARS: Record<string, string> = {
  java: require.resolve("@vscode/tree-sitter-wasm/wasm/tree-sitter-java.wasm"),
  go: require.resolve("@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm"),
  csharp: require.resolve("@vscode/tree-sitter-wasm/wasm/tree-sitter-c-sharp.wasm"),
  hcl: path.join(path.dirname(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/package.json")), "tree-sitter-hcl.wasm"),
};

let initialised: Promise<void> | undefined;
const parsers = new Map<string, Parser>();

export async function treeSitter(language: keyof typeof GRAMMARS): Promise<Parser> {
  initialised ??= Parser.init();
  await initialised;
  let parser = parsers.get(language);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(await Language.load(fs.readFileSync(GRAMMARS[language])));
    parsers.set(language, parser);
  }
  return parser;
}

/** ERROR and MISSING nodes of a parse, as `type@line:col` strings. */
export async function syntaxErrors(language: keyof typeof GRAMMARS, text: string): Promise<string[]> {
  const parser = await treeSitter(language);
  const tree = parser.parse(text)!;
  const problems: string[] = [];
  const cursor = tree.walk();
  const visit = (): void => {
    const node = cursor.currentNode;
    if (node.type === "ERROR" || node.isMissing)
      problems.push(`${node.isMissing ? "MISSING " : ""}${node.type}@${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
    if (cursor.gotoFirstChild()) {
      do visit();
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  visit();
  tree.delete();
  return problems;
}

// --- YAML with CloudFormation tags ----------------------------------------

const INTRINSICS = [
  "Ref",
  "Sub",
  "GetAtt",
  "Join",
  "If",
  "Equals",
  "Select",
  "Split",
  "FindInMap",
  "ImportValue",
  "Base64",
  "Cidr",
  "GetAZs",
  "And",
  "Or",
  "Not",
  "Condition",
  "Transform",
];

const CFN_TAGS: YAML.Tags = INTRINSICS.flatMap((name) => {
  const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: name === "GetAtt" ? value.split(".") : value }) },
    { tag: `!${name}`, collection: "seq" as const, resolve: (value: YAML.YAMLSeq) => ({ [key]: value.toJSON() }) },
    { tag: `!${name}`, collection: "map" as const, resolve: (value: YAML.YAMLMap) => ({ [key]: value.toJSON() }) },
  ] as YAML.Tags;
});

/** Parses YAML (CloudFormation tags allowed) and fails on any error or unknown tag. */
export function parseYaml(text: string): unknown {
  const docs = YAML.parseAllDocuments(text, { customTags: CFN_TAGS, strict: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    assert.deepEqual(
      [...doc.errors, ...doc.warnings].map((e) => e.message),
      [],
    );
  }
  return list.map((d) => d.toJS());
}

export function lines(...parts: string[]): string {
  return parts.join("\n");
}

/**
 * Runs the fixes on each case, then checks every output: no tree-sitter
 * ERROR/MISSING node, the secret gone, edits disjoint, no raw value.
 */
export async function fixAndParseAll(
  language: "java" | "go" | "csharp" | "hcl",
  cases: Record<string, { file: string; text: string }>,
): Promise<Map<string, Fixed>> {
  const results = new Map<string, Fixed>();
  for (const [name, c] of Object.entries(cases)) {
    const fixed = await fixFor(c.text, c.file);
    results.set(name, fixed);
    assert.deepEqual(await syntaxErrors(language, c.text), [], `${name}: the input itself does not parse`);
    for (const fix of fixed.fixes) {
      assertDisjoint(fix);
      const out = applyEdits(c.text, fix.edits);
      assert.deepEqual(await syntaxErrors(language, out), [], `${name} / ${fix.title}:\n${out}`);
      await assertFindingGone(c.text, out, c.file, fixed.finding);
    }
  }
  return results;
}
