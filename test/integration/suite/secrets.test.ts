import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { FAKE } from "../../fixtures/fakeSecrets";
import { applyCodeAction, closeAllEditors, fixtureUri, openFixture, ourDiagnostics, quickFixes, waitForDiagnostics } from "./helpers";

/** The range of the first occurrence of `value` in a document. */
function rangeOf(document: vscode.TextDocument, value: string): vscode.Range {
  const offset = document.getText().indexOf(value);
  assert.ok(offset >= 0, `${value.slice(0, 4)}… not in ${document.fileName}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + value.length));
}

async function fixAndExpect(file: string, secret: string, title: RegExp): Promise<vscode.TextDocument> {
  const { document } = await openFixture(file);
  const target = rangeOf(document, secret);
  const [diagnostic] = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.range.isEqual(target)));
  assert.ok(diagnostic.range.isEqual(target));
  const fixes = await quickFixes(document.uri, target);
  const fix = fixes.find((a) => title.test(a.title));
  assert.ok(fix, `no fix matching ${title} among ${JSON.stringify(fixes.map((a) => a.title))}`);
  await applyCodeAction(fix);
  await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.range.start.line === target.start.line));
  assert.ok(!document.getText().includes(secret), "the secret is still in the document");
  return document;
}

describe("secrets in the editor", () => {
  afterEach(closeAllEditors);

  it("squiggles each planted secret at its exact range, with kind and masked value", async () => {
    const cases: Array<[string, string, string]> = [
      ["secrets/app.ts", FAKE.githubToken, "GitHub token"],
      ["secrets/.env", FAKE.awsSecretAccessKey, "AWS secret access key"],
      ["secrets/config.yaml", FAKE.slackToken, "Slack token"],
      ["secrets/config.yaml", FAKE.postgresUrl, "PostgreSQL connection string"],
      ["secrets/deploy_key.pem", FAKE.privateKey, "Private key"],
      ["secrets/db.py", FAKE.postgresUrl, "PostgreSQL connection string"],
    ];
    for (const [file, secret, kind] of cases) {
      const document = await vscode.workspace.openTextDocument(fixtureUri(file));
      const expected = rangeOf(document, secret);
      const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.range.isEqual(expected)));
      const diagnostic = diagnostics.find((d) => d.range.isEqual(expected))!;
      assert.match(diagnostic.message, new RegExp(`^${kind}`));
      assert.match(diagnostic.message, /AWS Secrets Manager/);
      assert.ok(!diagnostic.message.includes(secret), "raw secret in the diagnostic message");
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.match(code.value, /^@secretlint\/secretlint-rule-/);
      assert.match(code.target.toString(), /^https:\/\/github\.com\/secretlint\//);
    }
  });

  it("leaves clean files alone and clears diagnostics on close", async () => {
    const { document } = await openFixture("secrets/clean.ts");
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(ourDiagnostics(document.uri), []);
    const app = await openFixture("secrets/app.ts");
    await waitForDiagnostics(app.document.uri, (ds) => ds.length === 1);
    await closeAllEditors();
  });

  it("squiggles secrets typed into an untitled document", async () => {
    const document = await vscode.workspace.openTextDocument({ language: "python", content: "x = 1\n" });
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), `token = "${FAKE.githubToken}"\n`));
    const [diagnostic] = await waitForDiagnostics(document.uri, (ds) => ds.length === 1);
    assert.equal(diagnostic.range.start.line, 1);
    assert.equal(diagnostic.range.start.character, 9);
  });

  it("replaces a TypeScript literal by a Secrets Manager lookup", async () => {
    const document = await fixAndExpect("secrets/app.ts", FAKE.githubToken, /^Replace with AWS Secrets Manager/);
    const text = document.getText();
    assert.match(text, /from "@aws-sdk\/client-secrets-manager"/);
    assert.match(text, /getSecret\("app\/github-token"\)/);
  });

  it("replaces a Python literal by a Parameter Store lookup", async () => {
    const document = await fixAndExpect("secrets/db.py", FAKE.postgresUrl, /^Replace with SSM Parameter Store/);
    assert.match(document.getText(), /import boto3/);
    assert.match(document.getText(), /get_parameter\("\/app\/database-url"\)/);
  });

  it("replaces a YAML config value by a dynamic reference", async () => {
    const document = await fixAndExpect("secrets/config.yaml", FAKE.slackToken, /^Replace with AWS Secrets Manager/);
    assert.match(document.getText(), /token: .*\{\{resolve:secretsmanager:app\/token\}\}/);
  });

  it("ignores a secret in a .env file with a disable comment", async () => {
    const { document } = await openFixture("secrets/.env");
    const target = rangeOf(document, FAKE.awsSecretAccessKey);
    await waitForDiagnostics(document.uri, (ds) => ds.length === 1);
    const fix = (await quickFixes(document.uri, target)).find((a) => /Ignore/.test(a.title));
    assert.ok(fix);
    await applyCodeAction(fix);
    await waitForDiagnostics(document.uri, (ds) => ds.length === 0);
    assert.match(document.lineAt(target.start.line).text, /^# secretlint-disable-next-line/);
  });

  it("ignores a secret in JSON through the project file", async () => {
    const { document } = await openFixture("secrets/credentials.json");
    const target = rangeOf(document, FAKE.githubToken);
    await waitForDiagnostics(document.uri, (ds) => ds.length === 1);
    const fix = (await quickFixes(document.uri, target)).find((a) => /Ignore/.test(a.title));
    assert.ok(fix);
    await applyCodeAction(fix);
    await waitForDiagnostics(document.uri, (ds) => ds.length === 0);
    assert.ok(document.getText().includes(FAKE.githubToken), "the JSON file itself is left as it was");
    const project = Buffer.from(await vscode.workspace.fs.readFile(fixtureUri(".agent-security.json"))).toString("utf8");
    const entry = JSON.parse(project).ignore[0];
    assert.equal(entry.file, "secrets/credentials.json");
    assert.equal(entry.check, "@secretlint/secretlint-rule-github");
    assert.match(entry.fingerprint, /^sha256:[0-9a-f]{32}$/);
    assert.ok(!project.includes(FAKE.githubToken));
  });

  it("turns scanning off and on with agentSecurity.secrets.enabled", async () => {
    const { document } = await openFixture("secrets/app.ts");
    await waitForDiagnostics(document.uri, (ds) => ds.length === 1);
    const settings = vscode.workspace.getConfiguration("agentSecurity");
    await settings.update("secrets.enabled", false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(document.uri, (ds) => ds.length === 0);
    } finally {
      await settings.update("secrets.enabled", undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(document.uri, (ds) => ds.length === 1);
  });
});
