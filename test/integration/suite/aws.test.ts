import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { FAKE } from "../../fixtures/fakeSecrets";
import { FakeAwsServer } from "../../support/fakeAws";
import { FAKE_AWS, useFakeAwsConfig } from "../../support/fakeAwsConfig";
import { DroppingProxy, MotoServer } from "../../support/moto";
import { closeAllEditors, openFixture, quickFixes, waitForDiagnostics } from "./helpers";

/*
 * "Store in AWS … and replace" end to end in the real extension host, against
 * moto (the AWS emulator, `moto_server` on a free 127.0.0.1 port, started and
 * stopped here; missing, the tests fail and say how to install it), and a
 * fake AWS for what moto cannot do: hold an answer while the test edits the
 * document, refuse a KMS key. This code runs in the extension host, so the
 * servers are started by the same process as the extension. The extension
 * finds it through agentSecurity.aws.endpoint, and its credentials through
 * agentSecurity.aws.profile: the profile lives in a temporary ~/.aws whose
 * files AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE point at. Those are set
 * in this process's environment before the first AWS action; the SDK reads
 * them on every credential lookup, exactly as for a user who started VS Code
 * with them, so the extension needs no test-only setting.
 */

const EXTENSION_ID = "agent-security.agent-security-hooks";
const SM_TITLE = "Store in AWS Secrets Manager and replace";
const SSM_TITLE = "Store in SSM Parameter Store and replace";

interface StoreResult {
  outcome: "stored" | "cancelled" | "failed";
  code?: string;
  message?: string;
  arn?: string;
  version?: number;
  created?: boolean;
  replaced?: boolean;
}

function rangeOf(document: vscode.TextDocument, value: string): vscode.Range {
  const offset = document.getText().indexOf(value);
  assert.ok(offset >= 0, `${value.slice(0, 4)}… not in ${document.fileName}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + value.length));
}

/** Whether the SDK bundle (dist/aws.js) has been loaded into this extension host. */
function sdkLoaded(): boolean {
  return Object.keys(require.cache).some((file) => /[\\/]dist[\\/]aws\.js$/.test(file));
}

/** The quick fixes on a planted secret, once its diagnostic is there. */
async function fixesOn(file: string, secret: string): Promise<{ document: vscode.TextDocument; fixes: vscode.CodeAction[] }> {
  const { document } = await openFixture(file);
  const target = rangeOf(document, secret);
  await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.range.isEqual(target)));
  // A revert by the previous test leaves its diagnostics up until the rescan
  // of the reverted text lands; until then the providers have nothing to offer.
  for (let attempt = 1; ; attempt++) {
    const fixes = await quickFixes(document.uri, target);
    if (fixes.some((f) => f.title === SM_TITLE) || attempt === 50) return { document, fixes };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function find(fixes: vscode.CodeAction[], title: string | RegExp): vscode.CodeAction {
  const fix = fixes.find((a) => (typeof title === "string" ? a.title === title : title.test(a.title)));
  assert.ok(fix, `no "${title}" among ${JSON.stringify(fixes.map((a) => a.title))}`);
  return fix;
}

/** Runs a store action's command as the lightbulb would, plus the options that replace the input boxes. */
async function runStore(action: vscode.CodeAction, options: Record<string, string>): Promise<StoreResult> {
  assert.ok(action.command, `"${action.title}" has no command`);
  assert.equal(action.command.arguments?.length, 3, "the code action passes no options");
  return await vscode.commands.executeCommand<StoreResult>(action.command.command, ...action.command.arguments, options);
}

/** The text the plain lookup fix would produce: what the store action must produce too. */
function textAfter(document: vscode.TextDocument, plainFix: vscode.CodeAction): string {
  const edits = plainFix.edit?.get(document.uri) ?? [];
  assert.ok(edits.length > 0, `"${plainFix.title}" has no edit`);
  let text = document.getText();
  for (const e of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
    text = text.slice(0, document.offsetAt(e.range.start)) + e.newText + text.slice(document.offsetAt(e.range.end));
  }
  return text;
}

/**
 * Reverts every document a store left changed, then closes the editors.
 * closeAllEditors reverts only the active editor; under load another one can
 * be active, and the next test would open the changed text.
 */
async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === "file")) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.files.revert");
  }
  await closeAllEditors();
}

function assertUntouched(document: vscode.TextDocument, original: string, result: StoreResult): void {
  assert.equal(document.getText(), original, "the document changed");
  assert.equal(document.isDirty, false, "the document is dirty");
  assert.ok(!result.message?.includes(FAKE.githubToken), "the value is in the error message");
}

describe("store a secret in AWS against moto (real extension host, moto on 127.0.0.1)", () => {
  let moto: MotoServer;
  const settings = () => vscode.workspace.getConfiguration("agentSecurity");
  let restoreEnvironment: (() => void) | undefined;

  before(async function () {
    this.timeout(60_000);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    restoreEnvironment = useFakeAwsConfig();
    moto = await MotoServer.start();
    // The endpoint is a machine-scoped setting: only user settings may set it.
    await settings().update("aws.endpoint", moto.endpoint, vscode.ConfigurationTarget.Global);
    await settings().update("aws.profile", FAKE_AWS.profile, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update("aws.endpoint", undefined, vscode.ConfigurationTarget.Global);
    await settings().update("aws.profile", undefined, vscode.ConfigurationTarget.Global);
    await moto?.stop();
    restoreEnvironment?.();
  });

  beforeEach(async () => moto.reset());
  afterEach(revertAndCloseAll);

  it("moto: stores in Secrets Manager, then replaces the literal exactly as the plain fix, as one undoable edit; the SDK loads only now", async () => {
    assert.equal(sdkLoaded(), false, "the AWS SDK was loaded before any AWS action");
    const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
    find(fixes, SSM_TITLE);
    const expected = textAfter(document, find(fixes, /^Replace with AWS Secrets Manager lookup/));
    const original = document.getText();

    const result = await runStore(find(fixes, SM_TITLE), {
      region: "us-east-1",
      kmsKeyId: "alias/app-secrets",
      tags: "team=payments, env=dev",
    });

    assert.equal(result.outcome, "stored", result.message);
    assert.match(result.arn!, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/github-token-\w{6}$/);
    assert.equal(result.replaced, true);
    assert.equal(sdkLoaded(), true);
    assert.equal(await moto.secretValue("app/github-token"), FAKE.githubToken);
    assert.equal(document.getText(), expected);
    assert.ok(!document.getText().includes(FAKE.githubToken));
    await vscode.commands.executeCommand("undo");
    assert.equal(document.getText(), original, "one undo does not restore the document");
  });

  it("moto: stores a SecureString in Parameter Store under a chosen name, in the profile's region", async () => {
    const { document, fixes } = await fixesOn("secrets/db.py", FAKE.postgresUrl);
    const result = await runStore(find(fixes, SSM_TITLE), { secretName: "/billing/database-url" });
    assert.equal(result.outcome, "stored", result.message);
    assert.equal(result.version, 1);
    const parameter = await moto.parameter("/billing/database-url", FAKE_AWS.profileRegion);
    assert.equal(parameter?.type, "SecureString");
    assert.ok(parameter && FAKE.postgresUrl.includes(parameter.value));
    assert.match(document.getText(), /get_parameter\("\/billing\/database-url"\)/);
    assert.ok(!document.getText().includes(FAKE.postgresPassword));
  });

  it("moto: an existing name is left alone on cancel, and gets a new version only when told to", async () => {
    const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
    const original = document.getText();
    assert.equal((await runStore(find(fixes, SM_TITLE), { region: "us-east-1" })).outcome, "stored");
    await vscode.commands.executeCommand("undo");
    assert.equal(document.getText(), original);

    const again = await fixesOn("secrets/app.ts", FAKE.githubToken);
    const cancelled = await runStore(find(again.fixes, SM_TITLE), { region: "us-east-1", onExists: "cancel" });
    assert.equal(cancelled.outcome, "cancelled");
    assertUntouched(again.document, original, cancelled);

    const added = await runStore(find(again.fixes, SM_TITLE), { region: "us-east-1", onExists: "newVersion" });
    assert.equal(added.outcome, "stored", added.message);
    assert.equal(added.created, false);
    assert.equal((await moto.secretVersions("app/github-token")).length, 2);
    assert.match(again.document.getText(), /getSecret\("app\/github-token"\)/);
  });

  it("moto: access denied in moto's IAM mode leaves the document untouched and names the action", async () => {
    const key = await moto.createIamUser("developer", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "secretsmanager:DescribeSecret", Resource: "*" }],
    });
    const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE!;
    const saved = fs.readFileSync(credentials, "utf8");
    // The profile now holds the IAM user's key; the SDK reads the file afresh for each action.
    fs.writeFileSync(
      credentials,
      `[${FAKE_AWS.profile}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
    );
    await moto.enableIamChecks();
    try {
      const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
      const original = document.getText();
      const result = await runStore(find(fixes, SM_TITLE), { region: "us-east-1" });
      assert.equal(result.outcome, "failed");
      assert.equal(result.code, "accessDenied");
      assert.match(result.message!, /secretsmanager:CreateSecret/);
      assertUntouched(document, original, result);
    } finally {
      await moto.disableIamChecks();
      fs.writeFileSync(credentials, saved);
    }
    assert.equal(await moto.secretValue("app/github-token"), undefined);
  });

  it("moto: a dropped connection leaves the document untouched", async () => {
    const proxy = new DroppingProxy(moto.endpoint);
    await settings().update("aws.endpoint", await proxy.start(), vscode.ConfigurationTarget.Global);
    try {
      const { document, fixes } = await fixesOn("secrets/db.py", FAKE.postgresUrl);
      const original = document.getText();
      const result = await runStore(find(fixes, SSM_TITLE), {});
      assert.equal(result.outcome, "failed");
      assert.equal(result.code, "connectionDropped");
      assertUntouched(document, original, result);
    } finally {
      await settings().update("aws.endpoint", moto.endpoint, vscode.ConfigurationTarget.Global);
      await proxy.stop();
    }
  });
});

describe("store a secret in AWS (real extension host, fake AWS on 127.0.0.1): races and faults moto cannot produce", () => {
  const server = new FakeAwsServer();
  const settings = () => vscode.workspace.getConfiguration("agentSecurity");
  let restoreEnvironment: (() => void) | undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    restoreEnvironment = useFakeAwsConfig();
    const endpoint = await server.start();
    // The endpoint is a machine-scoped setting: only user settings may set it.
    await settings().update("aws.endpoint", endpoint, vscode.ConfigurationTarget.Global);
    await settings().update("aws.profile", FAKE_AWS.profile, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update("aws.endpoint", undefined, vscode.ConfigurationTarget.Global);
    await settings().update("aws.profile", undefined, vscode.ConfigurationTarget.Global);
    await server.stop();
    restoreEnvironment?.();
  });

  beforeEach(() => server.reset());
  afterEach(revertAndCloseAll);

  it("a KMS key AWS cannot find leaves the document untouched (moto accepts any key)", async () => {
    server.mode = "kmsKeyNotFound";
    const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
    const original = document.getText();
    const result = await runStore(find(fixes, SM_TITLE), { region: "us-east-1", kmsKeyId: "alias/missing" });
    assert.equal(result.outcome, "failed");
    assert.equal(result.code, "kmsKey");
    assert.match(result.message!, /alias\/missing/);
    assertUntouched(document, original, result);
  });

  it("stores but leaves the text alone when the literal disappeared while AWS was asked", async () => {
    const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
    const edited = document.getText().replace(FAKE.githubToken, "process.env.GITHUB_TOKEN");
    server.beforeAnswer = async () => {
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((b) => b.replace(whole, edited));
    };
    const result = await runStore(find(fixes, SM_TITLE), { region: "us-east-1" });
    assert.equal(result.outcome, "stored");
    assert.equal(result.replaced, false);
    assert.equal(document.getText(), edited);
  });

  it("finds the literal again when lines were added above it while AWS was asked", async () => {
    const { document, fixes } = await fixesOn("secrets/app.ts", FAKE.githubToken);
    server.beforeAnswer = async () => {
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), "// a line typed meanwhile\n// and another\n"));
    };
    const result = await runStore(find(fixes, SM_TITLE), { region: "us-east-1" });
    assert.equal(result.outcome, "stored", result.message);
    assert.equal(result.replaced, true);
    const text = document.getText();
    assert.ok(text.includes("// a line typed meanwhile\n// and another\n"));
    assert.ok(!text.includes(FAKE.githubToken));
    assert.match(text, /getSecret\("app\/github-token"\)/);
  });
});
