// Secrets stay secret, inside the real VS Code: what the extension shows and
// writes for the whole fixture corpus (test/fixtures, samples/try-it and this
// workspace) holds none of the planted values: diagnostics, hovers, code
// actions, scan commands, agent alerts, the audit's result, report view
// (state and the webview's HTML) and exports, suppressions it records; and,
// after every suite has run, the log files, the extension's storage (audit
// cache, launcher) and every notification the workbench showed. The CLI and
// hook side is test/unit/secrecy.test.ts.
import * as assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ReportState } from "../../../src/audit/editor/reportState";
import type { AgentAlert } from "../../../src/hooks/editor/agentEdits";
import type { ScanCommandResult } from "../../../src/hooks/editor/scanCommands";
import { mayContainPolicy } from "../../../src/iam/policy";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { corpusFiles, leaksIn, plantedValues } from "../../support/plantedSecrets";
import { applyCodeAction, closeAllEditors, ourDiagnostics, quickFixes, waitForDiagnostics, workspaceRoot } from "./helpers";
import { askWorkbench, canAskWorkbench } from "./workbench";

const EXTENSION_ID = "agent-security.agent-security-hooks";
const repoRoot = () => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
/** Corpus folders outside the workspace, copied into it for the run. */
const COPIED = {
  "test/fixtures": "secrecy-corpus/fixtures",
  "test/integration/workspace-untrusted": "secrecy-corpus/untrusted",
  "samples/try-it": "secrecy-corpus/try-it",
};

let values: Promise<string[]> | undefined;
const planted = () => (values ??= plantedValues(repoRoot()));

/** A value of any shape as text: strings as they are, everything else as JSON. */
function text(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

/** Every file below `dir` (none when it does not exist). */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((entry) => path.join(dir, String(entry)))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
}

/** The log file VS Code writes the output channel to; the user data folder lies above its logs folder. */
async function logFile(): Promise<string> {
  const uri = await vscode.commands.executeCommand<vscode.Uri>("agentSecurity.log.show", false);
  return uri.fsPath;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await probe()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : text(c))).join("\n");
}

function actionText(action: vscode.CodeAction): string {
  const edits = action.edit?.entries().flatMap(([, list]) => list.map((e) => e.newText)) ?? [];
  return text({
    title: action.title,
    disabled: action.disabled?.reason,
    command: action.command?.title,
    arguments: action.command?.arguments,
    edits,
  });
}

/**
 * VS Code keeps at most 50 documents alive that no editor shows; the corpus
 * is opened in batches below that, each scanned before it is looked at.
 */
const BATCH = 40;

/**
 * Runs an editor command on a corpus document. Under load VS Code may let the
 * document go meanwhile (the command then fails with "Illegal argument"): it
 * is opened again and the command retried.
 */
async function onDocument<T>(document: vscode.TextDocument, run: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (document.isClosed) await vscode.workspace.openTextDocument(document.uri);
    try {
      return await run();
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || error.message !== "Illegal argument") throw error;
    }
  }
}

describe("secrets stay secret in the editor, over the whole fixture corpus", function () {
  this.timeout(300_000);
  const root = () => workspaceRoot().fsPath;
  const leaks: string[] = [];
  const check = async (name: string, output: string | Uint8Array) => leaks.push(...leaksIn(name, output, await planted()));
  /** Every text file of the workspace, which holds the whole corpus, with the number of secrets the engine finds in it. */
  const corpus = new Map<string, number>();
  let policy: WorkspacePolicy;

  /**
   * A document of the corpus, open and scanned. An earlier suite's editors may
   * still be closing: a document handed out open can be closed a moment
   * later, and is then opened again.
   */
  async function openScanned(file: string): Promise<vscode.TextDocument> {
    for (let attempt = 1; ; attempt++) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      // From the document: an earlier suite may have left an unsaved fix in it.
      const expected = (await policy.scanSecrets(file, document.getText())).length;
      try {
        if (expected > 0) await waitForDiagnostics(document.uri, (d) => d.length >= expected);
        // IAM findings have no count to wait for: a policy-like file gets a moment to show some.
        else if (mayContainPolicy(document.getText()))
          await waitForDiagnostics(document.uri, (d) => d.length > 0, 3000).catch(() => undefined);
        if (!document.isClosed) return document;
      } catch (error) {
        if (!document.isClosed || attempt >= 3) throw error;
      }
    }
  }

  /** Opens the corpus in batches, each scanned (the waits run side by side) before its documents are handed over one by one. */
  async function eachScanned(use: (document: vscode.TextDocument) => Promise<void>, only = (_file: string) => true): Promise<void> {
    const files = [...corpus.keys()].filter(only);
    for (let i = 0; i < files.length; i += BATCH) {
      for (const document of await Promise.all(files.slice(i, i + BATCH).map(openScanned))) {
        await use(document.isClosed ? await openScanned(document.uri.fsPath) : document);
      }
    }
  }

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    for (const [from, to] of Object.entries(COPIED)) cpSync(path.join(repoRoot(), from), path.join(root(), to), { recursive: true });
    policy = await WorkspacePolicy.defaults();
    for (const file of corpusFiles(root())) {
      const content = readFileSync(file);
      if (content.subarray(0, 8000).includes(0)) continue;
      corpus.set(file, (await policy.scanSecrets(file, content.toString("utf8"))).length);
    }
  });

  after(async () => {
    await closeAllEditors();
    rmSync(path.join(root(), "secrecy-corpus"), { recursive: true, force: true });
    rmSync(path.join(root(), ".agent-security.json"), { force: true });
  });

  afterEach(function () {
    const found = leaks.splice(0);
    if (this.currentTest?.state === "passed") assert.deepEqual(found, [], "raw secret values in what the extension emitted");
  });

  it("diagnostic messages, hovers and code actions (titles, reasons, arguments, edits) hold no planted value", async () => {
    let diagnostics = 0;
    let actions = 0;
    let hovered = 0;
    await eachScanned(async (document) => {
      for (const diagnostic of ourDiagnostics(document.uri)) {
        diagnostics++;
        const where = `${vscode.workspace.asRelativePath(document.uri)}:${diagnostic.range.start.line + 1}`;
        await check(
          `diagnostic ${where}`,
          text({ message: diagnostic.message, code: diagnostic.code, related: diagnostic.relatedInformation?.map((r) => r.message) }),
        );
        const middle = document.positionAt((document.offsetAt(diagnostic.range.start) + document.offsetAt(diagnostic.range.end)) >> 1);
        for (const position of [diagnostic.range.start, middle]) {
          const hovers =
            (await onDocument(document, () =>
              vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position),
            )) ?? [];
          if (hovers.length > 0) hovered++;
          await check(`hover ${where}`, hovers.map(hoverText).join("\n"));
        }
        for (const action of await onDocument(document, () => quickFixes(document.uri, diagnostic.range))) {
          actions++;
          await check(`code action ${where}`, actionText(action));
        }
      }
    });
    assert.ok(diagnostics >= 20, `only ${diagnostics} diagnostics in the corpus`);
    // The IAM findings have hovers of their own: the action's access levels.
    assert.ok(hovered >= 10, `a hover at only ${hovered} places`);
    assert.ok(actions >= diagnostics, `only ${actions} code actions for ${diagnostics} diagnostics`);
  });

  it("the selection scan's result and the agent alerts for the corpus files, which appeared on disk while the editor was open", async () => {
    let found = 0;
    await eachScanned(
      async (document) => {
        await vscode.window.showTextDocument(document);
        const result = await vscode.commands.executeCommand<ScanCommandResult>("agentSecurity.secrets.scanSelection");
        found += result.found.length;
        await check(`scan selection ${vscode.workspace.asRelativePath(document.uri)}`, text(result));
      },
      (file) => corpus.get(file)! > 0,
    );
    assert.ok(found >= 15, `the selection scans found ${found} secrets`);
    const alerts = (await vscode.commands.executeCommand<AgentAlert[]>("agentSecurity.hooks.recentAlerts")) ?? [];
    assert.ok(
      alerts.some((a) => a.file.startsWith("secrecy-corpus/")),
      "the copied corpus raised agent alerts",
    );
    await check("agent alerts", text(alerts));
    await closeAllEditors();
  });

  it("the audit's result, report state, report webview HTML, SARIF and Markdown exports", async () => {
    const result = await vscode.commands.executeCommand("agentSecurity.audit.run");
    await check("audit result", text(result));
    const snapshot = await vscode.commands.executeCommand<{ state: ReportState | undefined }>("agentSecurity.audit.reportState");
    assert.ok(snapshot.state && snapshot.state.rows.length >= 20, "the report lists the corpus's findings");
    await check("report state", text(snapshot));
    const exports = mkdtempSync(path.join(os.tmpdir(), "agent-security-exports-"));
    try {
      for (const format of ["sarif", "markdown"]) {
        const target = vscode.Uri.file(path.join(exports, `report.${format}`));
        await vscode.commands.executeCommand("agentSecurity.audit.export", format, target);
        await check(`${format} export`, readFileSync(target.fsPath));
      }
    } finally {
      rmSync(exports, { recursive: true, force: true });
    }
    if (canAskWorkbench) {
      // Hidden behind editors, the webview has no document to read: bring it to the front, drawn.
      await vscode.commands.executeCommand("agentSecurity.audit.showReport");
      await until("the report to draw every row", async () => {
        const shown = await vscode.commands.executeCommand<{ state?: ReportState; rendered?: { rows: number } }>(
          "agentSecurity.audit.reportState",
        );
        return shown.rendered?.rows === shown.state?.rows.length;
      });
      const frames = await askWorkbench<string[]>("webviews");
      assert.ok(
        frames.some((html) => /ghp_\*+/.test(html)),
        "the report webview shows masked previews",
      );
      for (const [i, html] of frames.entries()) await check(`webview frame ${i}`, html);
    }
  });

  it("the suppressions the Ignore code actions record in .agent-security.json", async () => {
    let recorded = 0;
    await eachScanned(
      async (document) => {
        for (const diagnostic of ourDiagnostics(document.uri)) {
          const ignore = (await quickFixes(document.uri, diagnostic.range)).find((a) => a.title.includes(".agent-security.json"));
          if (!ignore) continue;
          await applyCodeAction(ignore);
          recorded++;
        }
      },
      (file) => file.endsWith(".json"),
    );
    assert.ok(recorded >= 2, `only ${recorded} suppressions recorded`);
    await check(".agent-security.json", readFileSync(path.join(root(), ".agent-security.json")));
  });
});

// Runs once every suite has run: what the whole session wrote and showed.
after(
  "secrets stay secret: the logs, the extension's storage and the notifications of the whole run hold no planted value",
  async function () {
    this.timeout(120_000);
    const values = await planted();
    const leaks: string[] = [];
    const log = await logFile();
    assert.match(readFileSync(log, "utf8"), /Activated in/, "the output channel's log file");
    const userData = log.slice(0, log.lastIndexOf(`${path.sep}logs${path.sep}`));
    const user = path.join(userData, "User");
    const stores = [
      path.join(userData, "logs"),
      path.join(user, "globalStorage", EXTENSION_ID),
      ...(existsSync(path.join(user, "workspaceStorage"))
        ? readdirSync(path.join(user, "workspaceStorage")).map((d) => path.join(user, "workspaceStorage", d, EXTENSION_ID))
        : []),
    ];
    const files = stores.flatMap(filesBelow);
    assert.ok(
      files.some((f) => f.endsWith("audit-cache.json")),
      "the audit cache is among the files checked",
    );
    for (const file of files) leaks.push(...leaksIn(path.relative(userData, file), readFileSync(file), values));
    leaks.push(...leaksIn("agent alerts", text(await vscode.commands.executeCommand("agentSecurity.hooks.recentAlerts")), values));
    if (canAskWorkbench) {
      await vscode.commands.executeCommand("notifications.showList");
      const notifications = await askWorkbench<string[]>("notifications");
      assert.ok(
        notifications.some((n) => n.includes("Agent Security")),
        `the notification center shows ours: ${JSON.stringify(notifications.slice(0, 5))}`,
      );
      leaks.push(...leaksIn("notifications", text(notifications), values));
    }
    assert.deepEqual(leaks, [], "raw secret values in logs, storage or notifications");
  },
);
