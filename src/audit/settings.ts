import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as jsonc from "jsonc-parser";
import { isIamCheckId, type IamSeverityMap } from "../iam/checkIds";
import { settingDefaults } from "../shared/settingDefaults";
import { isSeverity } from "../shared/severity";
import type { AnalyzerSettings } from "./analyzers";

/**
 * VS Code's defaults of `files.exclude` and `search.exclude`, which the
 * editor's audit honours; the CLI starts from them too, so that both leave out
 * the same files.
 */
export const FILES_EXCLUDE_DEFAULT: Readonly<Record<string, boolean>> = {
  "**/.git": true,
  "**/.svn": true,
  "**/.hg": true,
  "**/.DS_Store": true,
  "**/Thumbs.db": true,
};
export const SEARCH_EXCLUDE_DEFAULT: Readonly<Record<string, boolean>> = {
  "**/node_modules": true,
  "**/bower_components": true,
  "**/*.code-search": true,
};

/**
 * The globs switched on in a `files.exclude`-style object. Entries with a
 * `when` condition (exclude `*.js` next to a `*.ts`) are left to the editor.
 */
export function enabledGlobs(excludes: unknown): string[] {
  if (!excludes || typeof excludes !== "object") return [];
  return Object.entries(excludes)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** `files.exclude` and `search.exclude` together, each merged over its default as VS Code does. */
export function editorExcludeGlobs(filesExclude: unknown, searchExclude: unknown): string[] {
  const merge = (defaults: object, value: unknown) => ({ ...defaults, ...(value && typeof value === "object" ? value : {}) });
  const globs = [
    ...enabledGlobs(merge(FILES_EXCLUDE_DEFAULT, filesExclude)),
    ...enabledGlobs(merge(SEARCH_EXCLUDE_DEFAULT, searchExclude)),
  ];
  return [...new Set(globs)];
}

export interface FolderSettings {
  exclude: readonly string[];
  excludeGlobs: string[];
  analyzers: AnalyzerSettings;
  maxFileSizeKB?: number;
  scanTimeoutMs?: number;
}

/** `agentSecurity.iam.severity` as the editor reads it: known checks with a known level only. */
export function iamSeverities(raw: unknown): IamSeverityMap {
  const map: IamSeverityMap = {};
  if (!raw || typeof raw !== "object") return map;
  for (const [check, value] of Object.entries(raw as Record<string, unknown>)) {
    if (isIamCheckId(check) && (value === "off" || isSeverity(value))) map[check] = value;
  }
  return map;
}

/** The audit-relevant settings of a folder's `.vscode/settings.json`, as the CLI reads them (defaults where absent). */
export async function readFolderSettings(root: string): Promise<FolderSettings> {
  let settings: Record<string, unknown> = {};
  try {
    const parsed: unknown = jsonc.parse(await fs.readFile(path.join(root, ".vscode", "settings.json"), "utf8"), [], {
      allowTrailingComma: true,
    });
    if (parsed && typeof parsed === "object") settings = parsed as Record<string, unknown>;
  } catch {
    // No settings file: the defaults apply.
  }
  const exclude = settings["agentSecurity.exclude"];
  const maxKb = settings["agentSecurity.maxFileSizeKB"];
  const timeoutMs = settings["agentSecurity.scanTimeoutMs"];
  return {
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === "string") : settingDefaults().exclude,
    excludeGlobs: editorExcludeGlobs(settings["files.exclude"], settings["search.exclude"]),
    analyzers: {
      secrets: settings["agentSecurity.secrets.enabled"] !== false,
      iam: settings["agentSecurity.iam.enabled"] !== false,
      iamSeverities: iamSeverities(settings["agentSecurity.iam.severity"]),
    },
    ...(typeof maxKb === "number" && maxKb > 0 ? { maxFileSizeKB: maxKb } : {}),
    ...(typeof timeoutMs === "number" && timeoutMs > 0 ? { scanTimeoutMs: timeoutMs } : {}),
  };
}
