import * as vscode from "vscode";

/**
 * The extension's output channel. Callers pass only masked values: nothing
 * written here may contain a raw secret.
 */
export type Logger = Pick<vscode.LogOutputChannel, "info" | "warn" | "error" | "debug" | "show">;

export function createLogger(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel("Agent Security", { log: true });
}
