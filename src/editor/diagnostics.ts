import * as vscode from "vscode";
import type { Severity } from "../shared/severity";

/** The `source` of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = "Agent Security";

export function toDiagnosticSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case "error":
      return vscode.DiagnosticSeverity.Error;
    case "warning":
      return vscode.DiagnosticSeverity.Warning;
    case "info":
      return vscode.DiagnosticSeverity.Information;
    case "hint":
      return vscode.DiagnosticSeverity.Hint;
  }
}
