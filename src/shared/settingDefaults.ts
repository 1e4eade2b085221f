// The defaults of the agentSecurity.* settings for code that runs without
// VS Code (the CLI's audit reads a folder's .vscode/settings.json itself).
// They are declared once, in package.json; the bundle takes them from there.
// A function rather than a constant, so that bundles which never call it
// (the extension's) leave package.json out.
import { contributes } from "../../package.json";

export function settingDefaults(): { exclude: readonly string[]; maxFileSizeKB: number; scanTimeoutMs: number } {
  const properties = Object.assign({}, ...contributes.configuration.map((category) => category.properties)) as Record<
    string,
    { default?: unknown }
  >;
  return {
    exclude: properties["agentSecurity.exclude"].default as string[],
    maxFileSizeKB: properties["agentSecurity.maxFileSizeKB"].default as number,
    scanTimeoutMs: properties["agentSecurity.scanTimeoutMs"].default as number,
  };
}
