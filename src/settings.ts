import * as vscode from "vscode";

/**
 * Every `agentSecurity.*` setting, with the type package.json declares. The
 * defaults live in package.json only: VS Code returns them for an unset
 * setting, so no code repeats them (a unit test checks that package.json and
 * this table agree).
 */
export interface Settings {
  "secrets.enabled": boolean;
  exclude: string[];
  scanDelayMs: number;
  maxFileSizeKB: number;
  scanTimeoutMs: number;
  secretNamePrefix: string;
  "iam.enabled": boolean;
  /** Check id → level; read as it is written, so that a stray entry can be dropped with a reason. */
  "iam.severity": Record<string, unknown>;
  "agentEdits.minLines": number;
  "agentEdits.watchFiles": boolean;
  "aws.endpoint": string;
  "aws.kmsKeyId": string;
  "aws.profile": string;
  "aws.region": string;
}

export type SettingKey = keyof Settings;

/**
 * Each setting's scope, as package.json declares it. A `resource` setting is
 * read for a file or folder (the workspace folder's value wins); a `machine`
 * one only from the user's settings, so a workspace cannot redirect where
 * secrets are sent.
 */
export const SETTING_SCOPES: Record<SettingKey, "resource" | "machine"> = {
  "secrets.enabled": "resource",
  exclude: "resource",
  scanDelayMs: "resource",
  maxFileSizeKB: "resource",
  scanTimeoutMs: "resource",
  secretNamePrefix: "resource",
  "iam.enabled": "resource",
  "iam.severity": "resource",
  "agentEdits.minLines": "resource",
  "agentEdits.watchFiles": "resource",
  "aws.endpoint": "machine",
  "aws.kmsKeyId": "resource",
  "aws.profile": "resource",
  "aws.region": "resource",
};

const SECTION = "agentSecurity";

/**
 * A setting's value for `resource` (a document or folder URI; none for the
 * window's value). A machine-scoped setting ignores it.
 */
export function setting<K extends SettingKey>(key: K, resource?: vscode.Uri): Settings[K] {
  const scope = SETTING_SCOPES[key] === "machine" ? undefined : resource;
  // Every key is contributed with a default, so get() never returns undefined.
  return vscode.workspace.getConfiguration(SECTION, scope).get<Settings[K]>(key)!;
}

/** True when a configuration change touches the setting, or any of ours without a key. */
export function affectsSetting(event: vscode.ConfigurationChangeEvent, key?: SettingKey, resource?: vscode.Uri): boolean {
  return event.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION, resource);
}

/** The section "Open Settings" filters on, for a group such as `aws`. */
export function settingsQuery(group: string): string {
  return `${SECTION}.${group}`;
}
