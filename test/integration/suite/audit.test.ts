import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ReportState } from "../../../src/audit/editor/reportState";
import type { AuditResult } from "../../../src/audit/types";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { closeAllEditors, fixtureUri, ourDiagnostics, waitForDiagnostics, workspaceRoot } from "./helpers";

interface ReportSnapshot {
  state: ReportState | undefined;
  rendered: { rows: number; shown: number } | undefined;
  open: boolean;
}

const audit = () => vscode.commands.executeCommand<AuditResult | undefined>("agentSecurity.audit.run");
const reportSnapshot = () => vscode.commands.executeCommand<ReportSnapshot>("agentSecurity.audit.reportState");

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The report as the webview drew it: state posted and every row rendered. */
function renderedReport(expectRows: number): Promise<ReportSnapshot> {
  return until(`the report to show ${expectRows} rows`, async () => {
    const snapshot = await reportSnapshot();
    return snapshot.state?.status !== "running" && snapshot.rendered?.rows === expectRows ? snapshot : undefined;
  });
}

/** The extension's own CLI, run on the same folder: `agent-security audit DIR --format json`. */
function cliAudit(dir: string): Promise<{ code: number; json: { findings: unknown[] } }> {
  const extension = vscode.extensions.getExtension("agent-security.agent-security-hooks")!;
  const cli = path.join(extension.extensionPath, "dist", "cli.js");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, "audit", dir, "--format", "json"],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, maxBuffer: 1 << 26 },
      (error, stdout) => {
        const code = typeof error?.code === "number" ? error.code : 0;
        if (error && code !== 1) return reject(error);
        resolve({ code, json: JSON.parse(stdout) });
      },
    );
  });
}

describe("workspace audit", () => {
  const root = () => workspaceRoot().fsPath;
  const bulk = () => path.join(root(), "audit-bulk");

  before(() => {
    // Files the audit must leave out or skip, made here so that git does not ignore them in this repository.
    mkdirSync(path.join(root(), "audit", "generated"), { recursive: true });
    writeFileSync(path.join(root(), "audit", "generated", "token.ts"), `export const t = "${FAKE.githubToken}";\n`);
    writeFileSync(path.join(root(), "audit", "debug.log"), `token ${FAKE.slackToken}\n`);
    writeFileSync(path.join(root(), "audit", "huge.txt"), `${"x".repeat(2100 * 1024)}\n${FAKE.githubToken}\n`);
  });
  after(async () => {
    rmSync(bulk(), { recursive: true, force: true });
    await closeAllEditors();
  });

  it("audits every folder, honouring .gitignore negations, and puts unopened files' findings in Problems", async () => {
    const result = await audit();
    assert.ok(result, "the command returns the audit result");
    assert.equal(result.cancelled, false);
    const files = result.findings.map((f) => f.file);
    for (const expected of ["audit/src/settings.ts", "audit/deploy/credentials.ini", "audit/keep.log", "secrets/app.ts"]) {
      assert.ok(files.includes(expected), `${expected} missing from ${JSON.stringify(files)}`);
    }
    for (const ignored of ["audit/generated/token.ts", "audit/debug.log", "audit/huge.txt"]) assert.ok(!files.includes(ignored), ignored);
    // The IAM checks run through the same audit.
    assert.ok(result.findings.some((f) => f.analyzer === "iam" && f.file.startsWith("iam/") && f.checkId === "iam-service-wildcard"));
    assert.ok(result.summary.skipped.binary >= 1, "logo.png skipped as binary");
    assert.equal(result.summary.skipped["too-large"], 1, "huge.txt skipped by size");
    assert.ok(result.summary.ignored >= 2, "generated/ and debug.log ignored");
    for (const raw of RAW_VALUES) assert.ok(!JSON.stringify(result).includes(raw), "raw secret in the result");

    const settingsUri = fixtureUri("audit/src/settings.ts");
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === settingsUri.toString()), "settings.ts is not open");
    const [diagnostic, ...more] = ourDiagnostics(settingsUri);
    assert.equal(more.length, 0);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character],
      [3, 16, 16 + FAKE.githubToken.length],
    );
    assert.match(diagnostic.message, /^GitHub token hardcoded \(ghp_\*+\)/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);

    // Opened, the file is scanned live; the audit's copy steps aside so nothing shows twice.
    const document = await vscode.workspace.openTextDocument(settingsUri);
    await vscode.window.showTextDocument(document);
    const live = await waitForDiagnostics(settingsUri, (ds) => ds.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ourDiagnostics(settingsUri).length, 1, `doubled diagnostics: ${JSON.stringify(live.map((d) => d.message))}`);
    await closeAllEditors();
  });

  it("shows totals and a row per finding in the report view, masked, and keeps it across hide and show", async () => {
    const result = (await audit())!;
    const { state, rendered } = await renderedReport(result.findings.length);
    assert.ok(state && rendered);
    assert.equal(state.status, "done");
    assert.equal(rendered.shown, result.findings.length);
    assert.match(state.summary, new RegExp(`^${result.findings.length} findings \\(\\d+ errors?, `));
    assert.equal(
      state.bySeverity.reduce((sum, [, n]) => sum + n, 0),
      result.findings.length,
    );
    assert.deepEqual(state.bySeverity.map(([s]) => s).slice(0, 2), ["error", "warning"]);
    assert.ok(state.byKind.some(([k]) => k === "GitHub token"));
    const row = state.rows.find((r) => r.file === "audit/src/settings.ts")!;
    assert.equal(row.line, 4);
    assert.equal(row.kind, "GitHub token");
    assert.equal(row.checkId, "@secretlint/secretlint-rule-github");
    assert.equal(row.preview, 'githubToken: "ghp_****************",');
    for (const raw of RAW_VALUES) assert.ok(!JSON.stringify(state).includes(raw), "raw secret posted to the webview");

    // Hidden behind an editor and shown again: the page is the same one, still drawn.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixtureUri("audit/docs/clean.md")));
    await vscode.commands.executeCommand("agentSecurity.audit.showReport");
    const again = await renderedReport(result.findings.length);
    assert.equal(again.open, true);
    assert.equal(again.rendered?.shown, result.findings.length);
  });

  it("jumps from a report row to the finding's location", async () => {
    const { state } = await reportSnapshot();
    const row = state!.rows.find((r) => r.file === "audit/deploy/credentials.ini")!;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>("agentSecurity.audit.openFinding", row.id);
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.equal(editor.document.uri.fsPath, fixtureUri("audit/deploy/credentials.ini").fsPath);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [row.line - 1, row.column - 1]);
    assert.ok(
      editor.document
        .lineAt(row.line - 1)
        .text.slice(row.column - 1)
        .startsWith(FAKE.awsSecretAccessKey.slice(0, 4)),
    );
    await closeAllEditors();
  });

  it("exports the report as SARIF 2.1.0 and Markdown, masked", async () => {
    const result = (await audit())!;
    const sarifUri = vscode.Uri.file(path.join(root(), "..", "audit.sarif"));
    const markdownUri = vscode.Uri.file(path.join(root(), "..", "audit.md"));
    assert.equal(
      (await vscode.commands.executeCommand<vscode.Uri>("agentSecurity.audit.export", "sarif", sarifUri))?.fsPath,
      sarifUri.fsPath,
    );
    await vscode.commands.executeCommand("agentSecurity.audit.export", "markdown", markdownUri);
    const sarifText = Buffer.from(await vscode.workspace.fs.readFile(sarifUri)).toString("utf8");
    const markdown = Buffer.from(await vscode.workspace.fs.readFile(markdownUri)).toString("utf8");
    const sarif = JSON.parse(sarifText);
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0].results.length, result.findings.length);
    assert.match(markdown, new RegExp(`^# Agent Security workspace audit\\n\\n${result.findings.length} findings`));
    for (const raw of RAW_VALUES) assert.ok(!sarifText.includes(raw) && !markdown.includes(raw), "raw secret in an export");
  });

  it("re-scans only changed files and updates the report", async () => {
    writeFileSync(fixtureUri("audit/docs/clean.md").fsPath, `# Notes\n\nslack: ${FAKE.slackToken}\n`);
    const result = (await audit())!;
    assert.equal(result.summary.scanned, 1, "only the changed file is read and analysed");
    assert.ok(result.summary.cached > 5);
    assert.ok(result.findings.some((f) => f.file === "audit/docs/clean.md" && f.kind === "Slack token"));
    const { state } = await renderedReport(result.findings.length);
    assert.ok(state!.rows.some((r) => r.file === "audit/docs/clean.md"));
  });

  it("applies the preferred quick fix from the report where one exists", async () => {
    const result = (await audit())!;
    const id = result.findings.findIndex((f) => f.file === "audit/src/settings.ts");
    const applied = await vscode.commands.executeCommand<boolean>("agentSecurity.audit.applyFix", id);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fixtureUri("audit/src/settings.ts").fsPath)!;
    assert.ok(document, "the finding's file is opened");
    const { state } = await reportSnapshot();
    const row = state!.rows.find((r) => r.id === id)!;
    assert.equal(applied, true, "a TypeScript secret has a preferred fix");
    assert.ok(!document.getText().includes(FAKE.githubToken), "the fix removed the secret");
    assert.match(document.getText(), /SecretsManager|getSecret/);
    assert.equal(row.fixed, true);
    // The fix is an unsaved edit, as a quick fix from the editor would be.
    assert.equal(document.isDirty, true);
    await closeAllEditors();
  });

  it("finds the same as the CLI on the same folder", async () => {
    const result = (await audit())!;
    const cli = await cliAudit(root());
    assert.equal(cli.code, 1);
    assert.deepEqual(cli.json.findings, JSON.parse(JSON.stringify(result.findings)));
  });

  it("stops when cancelled, keeping the findings made so far", async () => {
    mkdirSync(bulk(), { recursive: true });
    const filler = "export const value = 1;\n".repeat(400);
    for (let i = 0; i < 3000; i++)
      writeFileSync(path.join(bulk(), `m${i}.ts`), `export const token${i} = "${FAKE.githubToken}";\n${filler}`);
    const running = audit();
    await until("the audit to start scanning", async () => {
      const { state } = await reportSnapshot();
      return state?.status === "running" && state.progress?.phase === "scanning" && state.progress.done > 0 ? true : undefined;
    });
    await vscode.commands.executeCommand("agentSecurity.audit.cancel");
    const result = (await running)!;
    assert.equal(result.cancelled, true);
    const bulkFindings = result.findings.filter((f) => f.file.startsWith("audit-bulk/"));
    assert.ok(bulkFindings.length > 0 && bulkFindings.length < 3000, `${bulkFindings.length} of 3000 bulk files reported`);
    const { state } = await renderedReport(result.findings.length);
    assert.equal(state!.status, "cancelled");
    const first = fixtureUri(bulkFindings[0].file);
    assert.equal(ourDiagnostics(first).length, 1, "findings made before the cancel are in Problems");
  });
});
