import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { applyCodeAction, closeAllEditors, fixtureUri, ourDiagnostics, quickFixes, waitForDiagnostics } from "./helpers";

/** Fakes in the documented formats, written for this test: only Agent Security's own rules know them. */
const OPENAI_PROJECT_KEY = "sk-proj-" + "Qm7vX2pL9rT4wZ8kN3bH6jD1fS5gA0cE".repeat(3) + "xY4";
const DB_PASSWORD = "Vq7#mLp2zR9w";

describe("Agent Security's secret rules in the editor", () => {
  // Written for this test and removed after it, so that other suites (the audit's) see the workspace as it was.
  const file = fixtureUri("secrets/openaiClient.ts");
  before(async () => {
    const source = `import OpenAI from "openai";\n\nconst DB_PASSWORD = "${DB_PASSWORD}";\n\nexport const client = new OpenAI({ apiKey: "${OPENAI_PROJECT_KEY}" });\n`;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(source));
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(file);
  });

  function rangeOf(document: vscode.TextDocument, value: string): vscode.Range {
    const offset = document.getText().indexOf(value);
    assert.ok(offset >= 0);
    return new vscode.Range(document.positionAt(offset), document.positionAt(offset + value.length));
  }

  it("squiggles an OpenAI project key and a generic DB_PASSWORD, and replaces both by Secrets Manager lookups", async () => {
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const key = rangeOf(document, OPENAI_PROJECT_KEY);
    const password = rangeOf(document, DB_PASSWORD);
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (ds) => ds.some((d) => d.range.isEqual(key)) && ds.some((d) => d.range.isEqual(password)),
    );
    const keyDiagnostic = diagnostics.find((d) => d.range.isEqual(key))!;
    const passwordDiagnostic = diagnostics.find((d) => d.range.isEqual(password))!;
    assert.match(keyDiagnostic.message, /^OpenAI project API key hardcoded \(sk-proj-\*+\)/);
    assert.equal(keyDiagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal((keyDiagnostic.code as { value: string }).value, "@agent-security/secretlint-rule-providers");
    assert.match(passwordDiagnostic.message, /^Password hardcoded \(\*+\)/);
    assert.equal(passwordDiagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal((passwordDiagnostic.code as { value: string }).value, "@agent-security/secretlint-rule-generic-credential");
    for (const d of diagnostics) assert.ok(!d.message.includes(OPENAI_PROJECT_KEY) && !d.message.includes(DB_PASSWORD));

    for (const [secret, name] of [
      [OPENAI_PROJECT_KEY, /getSecret\("app\/[a-z0-9-]+"\)/],
      [DB_PASSWORD, /getSecret\("app\/db-password"\)/],
    ] as const) {
      const target = rangeOf(document, secret);
      const fix = (await quickFixes(document.uri, target)).find((a) => /^Replace with AWS Secrets Manager/.test(a.title));
      assert.ok(fix, "no Secrets Manager fix");
      await applyCodeAction(fix);
      await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.range.start.line === target.start.line));
      assert.ok(!document.getText().includes(secret), "the secret is still in the document");
      assert.match(document.getText(), name);
    }
    assert.match(document.getText(), /from "@aws-sdk\/client-secrets-manager"/);
    assert.deepEqual(ourDiagnostics(document.uri), []);
  });
});
