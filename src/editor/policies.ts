import { posix } from "node:path";
import * as vscode from "vscode";
import { POLICY_FILES } from "../scan/policyFiles";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import type { SecretFinding } from "../secrets/engine";
import { affectsSetting, setting } from "../settings";
import type { AnalysisWorker } from "../worker/analysisWorker";
import type { Logger } from "./logger";

/**
 * One WorkspacePolicy per workspace folder, loaded on first use and dropped
 * when its configuration files or the exclude setting change.
 */
export class PolicyStore implements vscode.Disposable {
  private readonly loaded = new Map<string, Promise<WorkspacePolicy>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires after a policy was dropped; whoever relies on one should ask again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly logger: Logger,
    private readonly worker: AnalysisWorker,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${POLICY_FILES.join(",")}}`);
    // Policy files count only at the root of a folder, as secretlint reads them.
    const onFile = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && posix.dirname(uri.path) === folder.uri.path) this.reset(folder.uri.toString());
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onFile),
      watcher.onDidChange(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSetting(e, "exclude")) this.reset();
      }),
    );
  }

  /** The policy that governs a document, by its workspace folder. */
  get(uri: vscode.Uri): Promise<WorkspacePolicy> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? "";
    let policy = this.loaded.get(key);
    if (!policy) {
      const exclude = setting("exclude", folder?.uri);
      policy =
        folder && folder.uri.scheme === "file"
          ? WorkspacePolicy.load(folder.uri.fsPath, exclude).then((p) => {
              for (const problem of p.problems) this.logger.warn(`${folder.name}: ${problem}`);
              return p;
            })
          : Promise.resolve(WorkspacePolicy.defaults(exclude));
      this.loaded.set(key, policy);
    }
    return policy;
  }

  /**
   * Secrets in a text under the policy of the folder `uri` belongs to,
   * scanned in the analysis worker under `agentSecurity.scanTimeoutMs`: a
   * scan that takes longer rejects with BudgetExceeded instead of freezing
   * the editor.
   */
  async scanSecrets(uri: vscode.Uri, filePath: string, text: string): Promise<SecretFinding[]> {
    const policy = await this.get(uri);
    if (policy.isExcluded(filePath)) return [];
    const budgetMs = setting("scanTimeoutMs", uri);
    return this.worker.secrets({ root: policy.root, filePath, text }, budgetMs);
  }

  private reset(key?: string): void {
    if (key === undefined) this.loaded.clear();
    else this.loaded.delete(key);
    this.worker.reset();
    this.changed.fire();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
