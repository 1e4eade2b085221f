import { isMeaningfulName, kebabCase, nameFor } from "./common";
import { configFixer } from "./config";
import { csharpFixer } from "./csharp";
import type { FormatFixer } from "./family";
import { goFixer } from "./go";
import { buildIgnoreFix } from "./ignore";
import { javaFixer } from "./java";
import { javascriptFixer } from "./javascript";
import { pythonFixer } from "./python";
import { terraformFixer } from "./terraform";
import type { FixContext, SecretFix, SecretStore } from "./types";

export type { FixContext, SecretFix, SecretStore } from "./types";
export { isCloudFormation, isServerlessConfig } from "./config";

/**
 * Pure fix generators: no editor API here, so the extension, the CLI and
 * the agent hooks share them, and unit tests run them on plain strings.
 */

const FIXERS: Record<string, FormatFixer> = {
  typescript: javascriptFixer,
  typescriptreact: javascriptFixer,
  javascript: javascriptFixer,
  javascriptreact: javascriptFixer,
  python: pythonFixer,
  java: javaFixer,
  go: goFixer,
  csharp: csharpFixer,
  terraform: terraformFixer,
  // Configuration and templates: the value becomes a reference resolved at deploy time.
  yaml: configFixer,
  json: configFixer,
  jsonc: configFixer,
  dotenv: configFixer,
  properties: configFixer,
  ini: configFixer,
  toml: configFixer,
  xml: configFixer,
  plaintext: configFixer,
};

function fixerFor(ctx: FixContext): FormatFixer | undefined {
  return FIXERS[ctx.languageId];
}

/** All fixes for one secret finding, most useful first: Secrets Manager, Parameter Store, ignore. */
export function secretFixes(ctx: FixContext): SecretFix[] {
  const fixes: SecretFix[] = [];
  const fixer = fixerFor(ctx);
  if (fixer) {
    const sm = lookupFix(ctx, "secretsManager");
    if (sm) fixes.push(sm);
    if (fixer.supportsParameterStore) {
      const ssm = lookupFix(ctx, "parameterStore");
      if (ssm) fixes.push(ssm);
    }
  }
  const ignore = ignoreFix(ctx);
  if (ignore) fixes.push(ignore);
  return fixes;
}

/**
 * One lookup fix for a store, or undefined where the file's format has no
 * lookup at that place (a class field in TypeScript, a comment, an unknown
 * language). `ctx.secretName` names the secret when the user chose one.
 */
export function lookupFix(ctx: FixContext, store: SecretStore): SecretFix | undefined {
  const fixer = fixerFor(ctx);
  if (!fixer) return undefined;
  if (store === "parameterStore" && !fixer.supportsParameterStore) return undefined;
  try {
    return fixer.lookup(ctx, store, suggestSecretName(ctx, store));
  } catch {
    // A text the scanners cannot follow gets no lookup rather than a broken one;
    // "ignore" is still offered.
    return undefined;
  }
}

/** "Ignore this secret": a disable comment, or a project-file suppression where the format has no comments. */
export function ignoreFix(ctx: FixContext): SecretFix | undefined {
  let lines;
  try {
    lines = fixerFor(ctx)?.ignoreLines?.(ctx);
  } catch {
    lines = undefined; // fall back to the line above the finding
  }
  return buildIgnoreFix(ctx, lines);
}

/** The name a lookup would use: `app/github-token` (Secrets Manager) or `/app/github-token` (Parameter Store). */
export function suggestSecretName(ctx: FixContext, store: SecretStore): string {
  let derived: string | undefined;
  if (!ctx.secretName) {
    try {
      derived = fixerFor(ctx)?.derivedName(ctx);
    } catch {
      derived = undefined; // naming is best effort; the kind of secret still names it
    }
    // Never let any part of the secret itself become its name.
    const value = kebabCase(ctx.text.slice(ctx.finding.offset, ctx.finding.offset + ctx.finding.length));
    const kebab = derived ? kebabCase(derived) : "";
    if (
      derived &&
      (!isMeaningfulName(derived) || (kebab.length >= 8 && value.includes(kebab)) || (value.length >= 8 && kebab.includes(value)))
    ) {
      derived = undefined;
    }
  }
  return nameFor(ctx, store, derived);
}

/** File names and extensions to VS Code language ids, for callers without an editor (CLI, hooks). */
const BY_NAME: Record<string, string> = {
  dockerfile: "dockerfile",
  makefile: "makefile",
  ".npmrc": "properties",
  ".gitconfig": "properties",
  ".editorconfig": "properties",
  credentials: "ini",
  config: "ini",
};

const BY_EXTENSION: Record<string, string> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "typescriptreact",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascriptreact",
  py: "python",
  pyw: "python",
  java: "java",
  go: "go",
  cs: "csharp",
  tf: "terraform",
  tfvars: "terraform-vars",
  hcl: "hcl",
  yaml: "yaml",
  yml: "yaml",
  json: "json",
  jsonc: "jsonc",
  json5: "json5",
  properties: "properties",
  env: "dotenv",
  ini: "ini",
  cfg: "ini",
  toml: "toml",
  xml: "xml",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  css: "css",
  scss: "scss",
  less: "less",
  sh: "shellscript",
  bash: "shellscript",
  zsh: "shellscript",
  ps1: "powershell",
  rb: "ruby",
  php: "php",
  rs: "rust",
  c: "c",
  h: "c",
  cpp: "cpp",
  cc: "cpp",
  hpp: "cpp",
  kt: "kotlin",
  kts: "kotlin",
  swift: "swift",
  scala: "scala",
  dart: "dart",
  sql: "sql",
  lua: "lua",
  r: "r",
  pl: "perl",
  txt: "plaintext",
};

export function languageFromPath(filePath: string): string {
  const base = filePath.split(/[\\/]/).pop() ?? filePath;
  const lower = base.toLowerCase();
  // `.env`, `.env.local`, `.env.production`, `prod.env`
  if (lower === ".env" || lower.startsWith(".env.") || lower.endsWith(".env")) return "dotenv";
  if (BY_NAME[lower]) return BY_NAME[lower];
  if (lower.startsWith("dockerfile")) return "dockerfile";
  const dot = lower.lastIndexOf(".");
  const ext = dot > 0 ? lower.slice(dot + 1) : "";
  return BY_EXTENSION[ext] ?? "plaintext";
}
