import * as vscode from "vscode";
import { relativePathOf, scanPathOf, toFixAction } from "../../editor/fixActions";
import type { DocumentAnalyzer, DocumentScans } from "../../editor/documentScans";
import type { Logger } from "../../editor/logger";
import { iamSeverities } from "../../audit/settings";
import { COMMANDS, registerCommand } from "../../commands";
import { setting } from "../../settings";
import { describeError } from "../../shared/errors";
import type { TextEdit } from "../../shared/text";
import { DIAGNOSTIC_SOURCE, toDiagnosticSeverity } from "../../editor/diagnostics";
import type { AnalysisWorker } from "../../worker/analysisWorker";
import { Superseded } from "../../worker/errors";
import type { AssistFix, IamAssistAnswer, IamAssistQuery } from "../assist";
import { groupByLevel, isReadOnly, type CatalogAction } from "../catalog";
import type { IamSeverityMap } from "../checkIds";
import type { IamFinding } from "../checks";
import type { IamCompletionItem } from "../completion";
import { mayContainPolicy } from "../policy";

export const IAM_ANALYZER_ID = "agentSecurity.iam";

/** Reads `agentSecurity.iam.severity`: `{checkId: "error" | "warning" | "info" | "hint" | "off"}`; unknown entries are dropped. */
export function severitySetting(scope: vscode.Uri | undefined): IamSeverityMap {
  return iamSeverities(setting("iam.severity", scope));
}

function isEnabled(document: vscode.TextDocument): boolean {
  return setting("iam.enabled", document.uri);
}

/** Where policies can be: the documents the IAM checks read (see detectFormat), on disk or unsaved. */
export const IAM_DOCUMENTS: vscode.DocumentSelector = [{ scheme: "file" }, { scheme: "untitled" }];

/** Characters after which completion opens by itself: a new string, a service prefix's colon, YAML's single quote. */
export const COMPLETION_TRIGGERS = ['"', ":", "'"];

/**
 * The IAM checks in the editor: diagnostics on documents that hold policy
 * statements, hovers on action strings, completion, quick fixes, and the
 * "Replace with explicit actions…" commands. Every one of them needs the
 * policy parsed, which for a large policy takes most of a second: they are
 * all answered by the analysis worker, which keeps the parse of its last
 * analysis, so the editor's thread never parses a policy. The catalogue is
 * loaded there too, the first time a document passes the cheap content test.
 */
export class IamEditor {
  constructor(
    private readonly worker: AnalysisWorker,
    private readonly logger?: Logger,
  ) {}

  /**
   * Asks the worker about a document's current text. A newer question of the
   * same kind about the same document replaces one still queued (undefined
   * then, as for a failure, which is logged).
   */
  private async ask<Q extends IamAssistQuery>(
    document: vscode.TextDocument,
    query: Q,
    text = document.getText(),
  ): Promise<IamAssistAnswer<Q> | undefined> {
    const budgetMs = setting("scanTimeoutMs", document.uri);
    try {
      return await this.worker.iamAssist(
        { filePath: scanPathOf(document), languageId: document.languageId, text, query },
        budgetMs,
        `${document.uri.toString()} iam-${query.kind}`,
      );
    } catch (error) {
      if (!(error instanceof Superseded))
        this.logger?.warn(`IAM ${query.kind} for ${vscode.workspace.asRelativePath(document.uri)} failed: ${describeError(error)}`);
      return undefined;
    }
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
      const hover = await this.ask(document, { kind: "hover", offset: document.offsetAt(position) }, text);
      if (!hover) return undefined;
      const markdown = new vscode.MarkdownString(hover.markdown);
      return new vscode.Hover(
        markdown,
        new vscode.Range(document.positionAt(hover.offset), document.positionAt(hover.offset + hover.length)),
      );
    },
  };

  readonly completions: vscode.CompletionItemProvider = {
    provideCompletionItems: async (document, position) => {
      if (!isEnabled(document)) return undefined;
      const text = document.getText();
      if (!mayContainPolicy(text)) return undefined;
      const offset = document.offsetAt(position);
      const answer = await this.ask(document, { kind: "complete", offset }, text);
      if (!answer || answer.items.length === 0) return undefined;
      const range = {
        inserting: new vscode.Range(document.positionAt(answer.start), position),
        replacing: new vscode.Range(document.positionAt(answer.start), document.positionAt(Math.max(answer.end, offset))),
      };
      return new vscode.CompletionList(answer.items.map((item) => toCompletionItem(item, range)));
    },
  };

  codeActions(scans: DocumentScans): vscode.CodeActionProvider {
    return {
      provideCodeActions: async (document, range, context) => {
        const record = scans.record<IamFinding>(IAM_ANALYZER_ID, document.uri);
        // Offsets in the record belong to the scanned version; a newer scan is pending otherwise.
        if (!record || record.version !== document.version || record.findings.length === 0) return [];
        const here = record.findings.filter((f) =>
          new vscode.Range(document.positionAt(f.offset), document.positionAt(f.offset + f.length)).intersection(range),
        );
        if (here.length === 0) return [];
        const fixes = await this.ask(document, { kind: "fixes", findings: here, relativePath: relativePathOf(document) });
        if (!fixes || document.version !== record.version) return [];
        const actions: vscode.CodeAction[] = [];
        here.forEach((finding, i) => {
          const findingRange = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
          const diagnostic = context.diagnostics.find(
            (d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.check && d.range.isEqual(findingRange),
          );
          for (const fix of fixes[i] ?? []) actions.push(this.toAction(document, fix, diagnostic));
        });
        return actions;
      },
    };
  }

  /** The explicit-actions fixes ask the user first, so they run as commands; the rest are plain edits. */
  private toAction(document: vscode.TextDocument, fix: AssistFix, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
    const command = fix.notAction
      ? { title: fix.title, command: COMMANDS.iam.replaceNotAction, arguments: [document.uri, fix.notAction.offset] }
      : fix.choose
        ? { title: fix.title, command: COMMANDS.iam.replaceWithActions, arguments: [document.uri, fix.choose.offset] }
        : undefined;
    if (!command) return toFixAction(document, fix, diagnostic);
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    if (diagnostic) action.diagnostics = [diagnostic];
    action.isPreferred = fix.isPreferred;
    action.command = command;
    return action;
  }

  /** The document a command works on, and the offset: the given one, or the cursor's. */
  private async target(
    uri: vscode.Uri | undefined,
    offset: number | undefined,
  ): Promise<{ document: vscode.TextDocument; at: number } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) return undefined;
    const at = offset ?? (editor && editor.document === document ? document.offsetAt(editor.selection.active) : 0);
    return { document, at };
  }

  /** Applies the worker's edits as one undoable edit, unless the document changed since `version`. */
  private async applyEdits(document: vscode.TextDocument, version: number, edits: TextEdit[] | undefined): Promise<boolean> {
    if (document.version !== version) {
      void vscode.window.showWarningMessage("The document changed while choosing; nothing was replaced. Try again.");
      return false;
    }
    if (!edits || edits.length === 0) return false;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
    }
    return vscode.workspace.applyEdit(edit);
  }

  /**
   * Replaces the action string at `offset` (or under the cursor) by explicit
   * actions: `actions` when given (tests, other extensions), otherwise the
   * user's choice from a QuickPick of the expansion grouped by access level
   * with List and Read preselected. One undoable edit; true when applied.
   */
  async replaceWithActions(uri?: vscode.Uri, offset?: number, actions?: readonly string[]): Promise<boolean> {
    const target = await this.target(uri, offset);
    if (!target) {
      void vscode.window.showInformationMessage("Open a policy file and put the cursor on an IAM action first.");
      return false;
    }
    const { document, at } = target;
    const text = document.getText();
    const version = document.version;
    const found = await this.ask(document, { kind: "action-choices", offset: at, within: offset === undefined }, text);
    if (!found) {
      void vscode.window.showInformationMessage("There is no IAM action string at the cursor.");
      return false;
    }
    let chosen = actions;
    if (!chosen) {
      if (found.choices.length === 0) {
        void vscode.window.showInformationMessage(`${found.pattern} matches no action in the IAM catalogue.`);
        return false;
      }
      const services = new Set(found.choices.map((a) => a.service));
      chosen = await pickActions(found.choices, {
        title: `Replace ${found.pattern} with explicit actions${services.size === 1 ? ` (${[...services][0]})` : ""}`,
        placeHolder: `Tick the actions to grant (${found.choices.length}); List and Read are preselected`,
      });
      if (!chosen || chosen.length === 0) return false;
    }
    const edits = await this.ask(document, { kind: "action-edits", offset: found.offset, actions: chosen }, text);
    return this.applyEdits(document, version, edits);
  }

  /**
   * Turns the Allow + NotAction statement whose NotAction is at `offset` (or
   * under the cursor) into Allow + Action with explicit actions: `actions`
   * when given, otherwise the user's choice from the actions the statement
   * grants in the services it is about (its NotAction's own services, its
   * Resource ARNs' and condition keys'), grouped by access level with List
   * and Read preselected. A statement that names no service asks for the
   * services first. One undoable edit; true when applied.
   */
  async replaceNotAction(uri?: vscode.Uri, offset?: number, actions?: readonly string[]): Promise<boolean> {
    const target = await this.target(uri, offset);
    if (!target) {
      void vscode.window.showInformationMessage("Open a policy file and put the cursor on an Allow statement's NotAction first.");
      return false;
    }
    const { document, at } = target;
    const text = document.getText();
    const version = document.version;
    const within = offset === undefined;
    let found = await this.ask(document, { kind: "not-action-choices", offset: at, within }, text);
    if (!found) {
      void vscode.window.showInformationMessage("There is no Allow statement with NotAction at the cursor.");
      return false;
    }
    let chosen = actions;
    if (!chosen) {
      if (found.services.length === 0) {
        const services = await pickServices(found.excluded);
        if (!services || services.length === 0) return false;
        found = await this.ask(document, { kind: "not-action-choices", offset: found.offset, within: false, services }, text);
        if (!found) return false;
      }
      if (found.choices.length === 0) {
        void vscode.window.showInformationMessage(`The NotAction excludes every action of ${found.services.join(", ")}.`);
        return false;
      }
      chosen = await pickActions(found.choices, {
        title: `Replace NotAction ${found.excluded.join(", ")} with the actions it allows in ${found.services.join(", ")}`,
        placeHolder: `Tick the actions to grant (${found.choices.length}); List and Read are preselected`,
      });
      if (!chosen || chosen.length === 0) return false;
    }
    const edits = await this.ask(document, { kind: "not-action-edits", offset: found.offset, actions: chosen }, text);
    return this.applyEdits(document, version, edits);
  }
}

function toCompletionItem(item: IamCompletionItem, range: { inserting: vscode.Range; replacing: vscode.Range }): vscode.CompletionItem {
  const kinds: Record<IamCompletionItem["kind"], vscode.CompletionItemKind> = {
    service: vscode.CompletionItemKind.Module,
    action: vscode.CompletionItemKind.Function,
    "condition-operator": vscode.CompletionItemKind.Operator,
    "condition-key": vscode.CompletionItemKind.Property,
  };
  const completion = new vscode.CompletionItem(item.label, kinds[item.kind]);
  completion.insertText = item.snippet ? new vscode.SnippetString(item.snippet) : item.insertText;
  completion.filterText = item.label;
  completion.range = range;
  completion.detail = item.detail;
  if (item.documentation) completion.documentation = new vscode.MarkdownString(item.documentation);
  if (item.retrigger) completion.command = { title: "Suggest", command: "editor.action.triggerSuggest" };
  return completion;
}

interface ActionItem extends vscode.QuickPickItem {
  action?: string;
}

/** The QuickPick of both explicit-actions commands: actions grouped by access level, List and Read ticked. */
async function pickActions(
  choices: readonly CatalogAction[],
  labels: { title: string; placeHolder: string },
): Promise<string[] | undefined> {
  const items: ActionItem[] = [];
  for (const group of groupByLevel(choices)) {
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
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, matchOnDescription: true, ...labels });
  return picked?.map((i) => i.action).filter((a): a is string => !!a);
}

/** For a NotAction statement that names no service: which services the explicit list should cover. */
async function pickServices(excluded: readonly string[]): Promise<string[] | undefined> {
  const prefix = await vscode.window.showInputBox({
    title: `Allow + NotAction ${excluded.join(", ")} grants every other service's actions`,
    prompt: "Service prefixes to list the allowed actions of, separated by commas or spaces (for example: s3, dynamodb)",
    validateInput: (value) => (/[A-Za-z]/.test(value) ? undefined : "Name at least one service prefix"),
  });
  return prefix?.split(/[\s,]+/).filter(Boolean);
}

export function registerIam(context: vscode.ExtensionContext, scans: DocumentScans, worker: AnalysisWorker, logger?: Logger): IamEditor {
  const iam = new IamEditor(worker, logger);
  scans.register(iam.analyzer);
  const commandArgs = (uri?: unknown, offset?: unknown): [vscode.Uri | undefined, number | undefined] => [
    uri instanceof vscode.Uri ? uri : undefined,
    typeof offset === "number" ? offset : undefined,
  ];
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(IAM_DOCUMENTS, iam.hovers),
    vscode.languages.registerCompletionItemProvider(IAM_DOCUMENTS, iam.completions, ...COMPLETION_TRIGGERS),
    vscode.languages.registerCodeActionsProvider(IAM_DOCUMENTS, iam.codeActions(scans), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    registerCommand(COMMANDS.iam.replaceWithActions, (uri?: unknown, offset?: unknown, actions?: readonly string[]) =>
      iam.replaceWithActions(...commandArgs(uri, offset), actions),
    ),
    registerCommand(COMMANDS.iam.replaceNotAction, (uri?: unknown, offset?: unknown, actions?: readonly string[]) =>
      iam.replaceNotAction(...commandArgs(uri, offset), actions),
    ),
  );
  return iam;
}
