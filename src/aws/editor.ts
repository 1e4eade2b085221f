import * as vscode from "vscode";
import type { DocumentScans } from "../editor/documentScans";
import type { Logger } from "../editor/logger";
import { lookupFix, type SecretStore } from "../secrets/fixes";
import { fixContextFor, secretsAt } from "../secrets/editor";
import { STORE_SECRET_COMMAND, storeSecretInAws, type SecretRef } from "./storeCommand";

export const STORE_ACTION_TITLES: Record<SecretStore, string> = {
  secretsManager: "Store in AWS Secrets Manager and replace",
  parameterStore: "Store in SSM Parameter Store and replace",
};

/**
 * "Store in AWS … and replace" on every secret diagnostic that has a lookup
 * fix. The action carries only where the finding is and its fingerprint; the
 * command reads the value from the buffer when it runs.
 */
class StoreInAwsActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly scans: DocumentScans) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const { finding, diagnostic } of secretsAt(this.scans, document, range, context)) {
      const fixContext = fixContextFor(document, finding);
      for (const store of ["secretsManager", "parameterStore"] as const) {
        if (!lookupFix(fixContext, store)) continue;
        const action = new vscode.CodeAction(STORE_ACTION_TITLES[store], vscode.CodeActionKind.QuickFix);
        if (diagnostic) action.diagnostics = [diagnostic];
        if (!vscode.workspace.isTrusted) {
          action.disabled = { reason: "AWS actions are off in untrusted workspaces: trust this workspace to store secrets in AWS." };
        }
        const ref: SecretRef = {
          offset: finding.offset,
          length: finding.length,
          fingerprint: finding.fingerprint,
          ruleId: finding.ruleId,
          messageId: finding.messageId,
          kind: finding.kind,
        };
        action.command = { title: action.title, command: STORE_SECRET_COMMAND, arguments: [document.uri, ref, store] };
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerAwsStore(context: vscode.ExtensionContext, scans: DocumentScans, logger: Logger): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ scheme: "file" }, { scheme: "untitled" }], new StoreInAwsActions(scans), {
      providedCodeActionKinds: StoreInAwsActions.kinds,
    }),
    vscode.commands.registerCommand(STORE_SECRET_COMMAND, (uri: vscode.Uri, ref: SecretRef, store: SecretStore, options?: unknown) =>
      storeSecretInAws({ scans, logger }, uri, ref, store, options),
    ),
  );
}
