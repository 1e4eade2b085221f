import * as vscode from "vscode";
import { addSuppression, PROJECT_FILE, type Suppression } from "../scan/workspacePolicy";

/**
 * Records "ignore this finding" in the folder's project file, for files that
 * cannot carry a comment. One undoable workspace edit; the policy store sees
 * the file change and rescans.
 */
export async function recordSuppression(folderUri: vscode.Uri, suppression: Suppression): Promise<void> {
  const uri = vscode.Uri.joinPath(folderUri, PROJECT_FILE);
  let current: string | undefined;
  try {
    current = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    current = undefined;
  }
  const updated = addSuppression(current, suppression);
  if (updated === current) return;
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), updated);
  } else {
    const document = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end), updated);
  }
  if (await vscode.workspace.applyEdit(edit)) {
    await (await vscode.workspace.openTextDocument(uri)).save();
  }
}
