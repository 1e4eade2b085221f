import * as vscode from "vscode";
import type { DocumentScans } from "../../editor/documentScans";
import type { Logger } from "../../editor/logger";
import type { SecretFinding } from "../../secrets/engine";
import type { SecretFix, SecretStore } from "../../secrets/fixes";
import { COMMANDS, registerCommand } from "../../commands";
import { storeSecretInAws, type SecretRef } from "./storeCommand";

export const STORE_ACTION_TITLES: Record<SecretStore, string> = {
  secretsManager: "Store in AWS Secrets Manager and replace",
  parameterStore: "Store in SSM Parameter Store and replace",
};

/**
 * "Store in AWS … and replace" for a secret whose format has a lookup for
 * that store (`lookups`: the lookup fixes already made for it). The action
 * carries only where the finding is and its fingerprint; the command reads
 * the value from the buffer when it runs.
 */
export function storeInAwsActions(
  document: vscode.TextDocument,
  finding: SecretFinding,
  diagnostic: vscode.Diagnostic | undefined,
  lookups: readonly SecretFix[],
): vscode.CodeAction[] {
  const ref: SecretRef = {
    offset: finding.offset,
    length: finding.length,
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    kind: finding.kind,
  };
  return lookups.flatMap(({ store }) => {
    if (!store) return [];
    const action = new vscode.CodeAction(STORE_ACTION_TITLES[store], vscode.CodeActionKind.QuickFix);
    if (diagnostic) action.diagnostics = [diagnostic];
    if (!vscode.workspace.isTrusted) {
      action.disabled = { reason: "AWS actions are off in untrusted workspaces: trust this workspace to store secrets in AWS." };
    }
    action.command = { title: action.title, command: COMMANDS.aws.storeSecret, arguments: [document.uri, ref, store] };
    return [action];
  });
}

export function registerAws(context: vscode.ExtensionContext, scans: DocumentScans, logger: Logger): void {
  context.subscriptions.push(
    registerCommand(COMMANDS.aws.storeSecret, (uri: vscode.Uri, ref: SecretRef, store: SecretStore, options?: unknown) =>
      storeSecretInAws({ scans, logger }, uri, ref, store, options),
    ),
  );
}
