import * as vscode from "vscode";
import { COMMANDS } from "../commands";
import type { Suppression } from "../scan/workspacePolicy";
import type { FixContext } from "../secrets/fixes";
import { setting } from "../settings";
import type { TextEdit } from "../shared/text";

/** What the pure fix generators of every check produce. */
export interface FixLike {
  title: string;
  edits: readonly TextEdit[];
  suppression?: Suppression;
  isPreferred?: boolean;
}

/** The path the scanners see for a document: its file path, or its URI for untitled ones. */
export function scanPathOf(document: vscode.TextDocument): string {
  return document.uri.scheme === "file" ? document.uri.fsPath : document.uri.toString();
}

/** Workspace-relative path with forward slashes, or undefined outside every folder. */
export function relativePathOf(document: vscode.TextDocument): string | undefined {
  return vscode.workspace.getWorkspaceFolder(document.uri) ? vscode.workspace.asRelativePath(document.uri, false) : undefined;
}

/**
 * A quick fix for a generated fix: its edits as one undoable workspace edit,
 * or, for files without comments, a command recording the suppression in the
 * folder's project file.
 */
export function toFixAction(document: vscode.TextDocument, fix: FixLike, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  action.isPreferred = fix.isPreferred;
  if (fix.suppression) {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) {
      action.disabled = { reason: "Files outside a workspace folder have no project file to record the suppression in." };
    } else {
      action.command = { title: fix.title, command: COMMANDS.findings.recordSuppression, arguments: [folder.uri, fix.suppression] };
    }
    return action;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
  }
  action.edit = edit;
  return action;
}

/** The fix generators' view of a finding in a document (`text`: the document's text, if already read). */
export function fixContextFor(document: vscode.TextDocument, finding: FixContext["finding"], text = document.getText()): FixContext {
  return {
    text,
    languageId: document.languageId,
    filePath: scanPathOf(document),
    relativePath: relativePathOf(document),
    finding,
    namePrefix: setting("secretNamePrefix", document.uri),
  };
}
