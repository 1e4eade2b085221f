import * as vscode from "vscode";
import { relativePathOf, scanPathOf, toFixAction } from "../editor/fixActions";
import type { DocumentAnalyzer, DocumentScans } from "../editor/documentScans";
import type { Logger } from "../editor/logger";
import { iamSeverities } from "../audit/settings";
import { COMMANDS, registerCommand } from "../commands";
import { setting } from "../settings";
import { describeError } from "../shared/errors";
import { DIAGNOSTIC_SOURCE, toDiagnosticSeverity } from "../editor/diagnostics";
import { CATALOG_FILE, groupByLevel, isReadOnly, loadIamCatalog, type IamCatalog } from "./catalog";
import type { IamFinding, IamSeverityMap } from "./checks";
import { iamFixes, locateAction, replaceActionEdits, type IamFix } from "./fixes";
import { iamHover } from "./hover";
import { extractPolicies, mayContainPolicy } from "./policy";

export const IAM_ANALYZER_ID = "agentSecurity.iam";

/** Reads `agentSecurity.iam.severity`: `{checkId: "error" | "warning" | "info" | "hint" | "off"}`; unknown entries are dropped. */
export function severitySetting(scope: vscode.Uri | undefined): IamSeverityMap {
  return iamSeverities(setting("iam.severity", scope));
}

function isEnabled(document: vscode.TextDocument): boolean {
  return setting("iam.enabled", document.uri);
}

/**
 * The IAM checks in the editor: diagnostics on documents that hold policy
 * statements, hovers on action strings, quick fixes, and the "Replace with
 * explicit actions…" command. The catalogue is read the first time a
 * document passes the cheap content test, never at activation.
 */
export class IamEditor {
  private catalog: Promise<IamCatalog> | undefined;

  constructor(
    private readonly catalogFile: string,
    private readonly logger?: Logger,
  ) {}

  getCatalog(): Promise<IamCatalog> {
    if (!this.catalog) {
      const started = Date.now();
      this.catalog = loadIamCatalog(this.catalogFile).then(
        (catalog) => {
          this.logger?.info(`IAM catalogue loaded: ${catalog.actionCount} actions of ${catalog.serviceCount} services (iam-data ${catalog.version}) in ${Date.now() - started} ms`);
          return catalog;
        },
        (error: unknown) => {
          this.catalog = undefined;
          this.logger?.error(`IAM catalogue could not be loaded from ${this.catalogFile}: ${describeError(error)}`);
          throw error;
        },
      );
    }
    return this.catalog;
  }

  /** True once the catalogue was asked for (tests check that plain files do not load it). */
  get catalogRequested(): boolean {
    return this.catalog !== undefined;
  }

  /** The checks themselves run in the analysis worker, which loads its own catalogue. */
  readonly analyzer: DocumentAnalyzer<IamFinding> = {
    id: IAM_ANALYZER_ID,
    label: "IAM check",
    isEnabled,
    analyze: async (document, text, { policy, worker }) => {
      if (!mayContainPolicy(text)) return [];
      const filePath = scanPathOf(document);
      if (policy.isExcluded(filePath)) return [];
      return worker.iam({ root: policy.root, filePath, languageId: document.languageId, text, severities: severitySetting(document.uri) });
    },
    toDiagnostic: (finding, document) => {
      const range = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
      const diagnostic = new vscode.Diagnostic(range, finding.message, toDiagnosticSeverity(finding.severity));
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = finding.check;
      if (finding.check === "iam-redundant-action") diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
      return diagnostic;
    },
  };

  readonly hovers: vscode.HoverProvider = {
    provideHover: async (document, position) => {
      if (!isEnabled(document)) return undefined;
      const text = document.getText();
      if (!mayContainPolicy(text)) return undefined;
      const catalog = await this.getCatalog();
      const hover = iamHover(text, document.offsetAt(position), catalog, scanPathOf(document), document.languageId);
      if (!hover) return undefined;
      const markdown = new vscode.MarkdownString(hover.markdown);
      return new vscode.Hover(markdown, new vscode.Range(document.positionAt(hover.offset), document.positionAt(hover.offset + hover.length)));
    },
  };

  codeActions(scans: DocumentScans): vscode.CodeActionProvider {
    return {
      provideCodeActions: async (document, range, context) => {
        const record = scans.record<IamFinding>(IAM_ANALYZER_ID, document.uri);
        // Offsets in the record belong to the scanned version; a newer scan is pending otherwise.
        if (!record || record.version !== document.version || record.findings.length === 0) return [];
        const catalog = await this.getCatalog();
        const text = document.getText();
        const actions: vscode.CodeAction[] = [];
        for (const finding of record.findings) {
          const findingRange = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
          if (!findingRange.intersection(range)) continue;
          const diagnostic = context.diagnostics.find(
            (d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.check && d.range.isEqual(findingRange),
          );
          const fixes = iamFixes({
            text,
            fileName: scanPathOf(document),
            languageId: document.languageId,
            relativePath: relativePathOf(document),
            catalog,
            finding,
          });
          for (const fix of fixes) actions.push(this.toAction(document, fix, diagnostic));
        }
        return actions;
      },
    };
  }

  /** The explicit-actions fix asks the user first, so it runs as a command; the rest are plain edits. */
  private toAction(document: vscode.TextDocument, fix: IamFix, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
    if (!fix.choose) return toFixAction(document, fix, diagnostic);
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    if (diagnostic) action.diagnostics = [diagnostic];
    action.isPreferred = fix.isPreferred;
    action.command = { title: fix.title, command: COMMANDS.iam.replaceWithActions, arguments: [document.uri, fix.choose.offset] };
    return action;
  }

  /**
   * Replaces the action string at `offset` (or under the cursor) by explicit
   * actions: `actions` when given (tests, other extensions), otherwise the
   * user's choice from a QuickPick of the expansion grouped by access level
   * with List and Read preselected. One undoable edit; true when applied.
   */
  async replaceWithActions(uri?: vscode.Uri, offset?: number, actions?: readonly string[]): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) {
      void vscode.window.showInformationMessage("Open a policy file and put the cursor on an IAM action first.");
      return false;
    }
    const text = document.getText();
    const version = document.version;
    const at = offset ?? (editor && editor.document === document ? document.offsetAt(editor.selection.active) : 0);
    const located = locateAction(extractPolicies(text, scanPathOf(document), document.languageId), at, offset === undefined);
    if (!located) {
      void vscode.window.showInformationMessage("There is no IAM action string at the cursor.");
      return false;
    }
    const catalog = await this.getCatalog();
    const pattern = located.item.value;
    const expanded = catalog.expand(pattern);
    let chosen = actions;
    if (!chosen) {
      if (expanded.length === 0) {
        void vscode.window.showInformationMessage(`${pattern} matches no action in the IAM catalogue.`);
        return false;
      }
      chosen = await pickActions(pattern, expanded, catalog);
      if (!chosen || chosen.length === 0) return false;
    }
    if (document.version !== version) {
      void vscode.window.showWarningMessage("The document changed while choosing; nothing was replaced. Try again.");
      return false;
    }
    const edits = replaceActionEdits(text, located.item.contentOffset, chosen, scanPathOf(document), document.languageId);
    if (!edits) return false;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
    }
    return vscode.workspace.applyEdit(edit);
  }
}

interface ActionItem extends vscode.QuickPickItem {
  action?: string;
}

async function pickActions(pattern: string, expanded: ReturnType<IamCatalog["expand"]>, catalog: IamCatalog): Promise<string[] | undefined> {
  const items: ActionItem[] = [];
  const groups = groupByLevel(expanded);
  const oneService = new Set(expanded.map((a) => a.service)).size === 1;
  for (const group of groups) {
    items.push({ label: `${group.level} (${group.actions.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const a of group.actions) {
      const extra = a.levels.length > 1 ? a.levels.join(" + ") : "";
      items.push({
        label: a.full,
        description: [extra, a.wildcardOnly ? 'Resource "*" only' : ""].filter(Boolean).join(" · ") || undefined,
        picked: isReadOnly(a),
        action: a.full,
      });
    }
  }
  const service = oneService ? catalog.serviceName(expanded[0].service) : undefined;
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    matchOnDescription: true,
    title: `Replace ${pattern} with explicit actions${service ? ` (${service})` : ""}`,
    placeHolder: `Tick the actions to grant (${expanded.length}); List and Read are preselected`,
  });
  return picked?.map((i) => i.action).filter((a): a is string => !!a);
}

export function registerIam(context: vscode.ExtensionContext, scans: DocumentScans, logger?: Logger): IamEditor {
  const iam = new IamEditor(context.asAbsolutePath(`dist/${CATALOG_FILE}`), logger);
  scans.register(iam.analyzer);
  const selector: vscode.DocumentSelector = [{ scheme: "file" }, { scheme: "untitled" }];
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(selector, iam.hovers),
    vscode.languages.registerCodeActionsProvider(selector, iam.codeActions(scans), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    registerCommand(COMMANDS.iam.replaceWithActions, (uri?: vscode.Uri, offset?: number, actions?: readonly string[]) =>
      iam.replaceWithActions(uri instanceof vscode.Uri ? uri : undefined, typeof offset === "number" ? offset : undefined, actions),
    ),
  );
  return iam;
}
