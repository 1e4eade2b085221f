// Restricted Mode: the folder (a copy of test/integration/workspace-untrusted)
// is opened with workspace trust on and not trusted. Scanning works as ever;
// nothing that acts for the workspace does: no agent hooks are installed, no
// request reaches AWS (the SDK is not even loaded), the workspace's
// agentSecurity.aws.* settings are ignored, and no rule code the workspace
// provides is ever loaded.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { FakeAwsServer } from "../../../support/fakeAws";
import { FAKE_AWS, useFakeAwsConfig } from "../../../support/fakeAwsConfig";
import { fingerprint } from "../../../../src/shared/mask";
import { fixtureUri, openFixture, quickFixes, waitForDiagnostics, workspaceRoot } from "../helpers";

const EXTENSION_ID = "agent-security.agent-security-hooks";
const STORE_TITLES = /^Store in (AWS Secrets Manager|SSM Parameter Store) and replace$/;
const MARKER = "RULE-CODE-WAS-LOADED";

/** Whether the SDK bundle (dist/aws.js) has been loaded into this extension host. */
const sdkLoaded = () => Object.keys(require.cache).some((file) => /[\\/]dist[\\/]aws\.js$/.test(file));

/** The planted token's diagnostic in secrets/app.ts, once the scan has made it. */
async function tokenDiagnostic(): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const { document } = await openFixture("secrets/app.ts");
  const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.some((x) => /^GitHub token/.test(x.message)));
  return { document, diagnostic };
}

describe("Restricted Mode (workspace trust on, this folder not trusted)", () => {
  const root = () => workspaceRoot().fsPath;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    assert.equal(vscode.workspace.isTrusted, false, "the launcher should open this folder untrusted");
  });

  it("still scans: the planted token is squiggled, masked", async () => {
    const { diagnostic } = await tokenDiagnostic();
    assert.match(diagnostic.message, /^GitHub token hardcoded \(ghp_\*+\)/);
    assert.ok(!diagnostic.message.includes(FAKE.githubToken));
  });

  it("offers no enabled store-in-AWS code action; the plain lookup fixes stay", async () => {
    const { document, diagnostic } = await tokenDiagnostic();
    const actions = await quickFixes(document.uri, diagnostic.range);
    // The extension marks them disabled, with the reason; VS Code leaves disabled actions out of this API's answer.
    for (const action of actions.filter((a) => STORE_TITLES.test(a.title)))
      assert.match(action.disabled?.reason ?? "", /untrusted workspace/);
    assert.ok(
      actions.some((a) => /^Replace with AWS Secrets Manager lookup/.test(a.title) && !a.disabled),
      JSON.stringify(actions.map((a) => a.title)),
    );
  });

  it("ignores the workspace's agentSecurity.aws.* settings", () => {
    const settings = vscode.workspace.getConfiguration("agentSecurity", workspaceRoot());
    // The folder sets all four (.vscode/settings.json); untrusted, they read as the defaults.
    assert.match(readFileSync(path.join(root(), ".vscode", "settings.json"), "utf8"), /workspace-chosen-profile/);
    for (const key of ["aws.region", "aws.profile", "aws.kmsKeyId", "aws.endpoint"]) assert.equal(settings.get(key), "", key);
  });

  it("refuses to store in AWS even when the user's settings point at an endpoint: no SDK, no request", async () => {
    const server = new FakeAwsServer();
    const restoreEnvironment = useFakeAwsConfig();
    const user = vscode.workspace.getConfiguration("agentSecurity");
    try {
      await user.update("aws.endpoint", await server.start(), vscode.ConfigurationTarget.Global);
      await user.update("aws.profile", FAKE_AWS.profile, vscode.ConfigurationTarget.Global);
      const { document, diagnostic } = await tokenDiagnostic();
      // What the code action would pass, had it been enabled: where the finding is, never its value.
      const value = document.getText(diagnostic.range);
      const ref = {
        offset: document.offsetAt(diagnostic.range.start),
        length: value.length,
        fingerprint: fingerprint(value),
        ruleId: "@secretlint/secretlint-rule-github",
        messageId: "GITHUB_TOKEN",
        kind: "GitHub token",
      };
      for (const store of ["secretsManager", "parameterStore"]) {
        const result = await vscode.commands.executeCommand<{ outcome: string; code?: string }>(
          "agentSecurity.aws.storeSecret",
          document.uri,
          ref,
          store,
          { region: "us-east-1" },
        );
        assert.deepEqual([result.outcome, result.code], ["failed", "untrusted"], store);
      }
      assert.equal(server.requests.length, 0, "a request reached AWS");
      assert.equal(sdkLoaded(), false, "the AWS SDK was loaded");
      assert.ok(document.getText().includes(FAKE.githubToken), "the document is unchanged");
    } finally {
      await user.update("aws.endpoint", undefined, vscode.ConfigurationTarget.Global);
      await user.update("aws.profile", undefined, vscode.ConfigurationTarget.Global);
      await server.stop();
      restoreEnvironment();
    }
  });

  it("refuses to install or remove agent hooks and writes no hook configuration", async () => {
    const agents = ["claude", "cursor", "copilot", "kiro", "kiro-cli", "gemini", "codex", "windsurf", "cline"];
    assert.equal(await vscode.commands.executeCommand("agentSecurity.hooks.install", agents, workspaceRoot()), undefined);
    assert.equal(await vscode.commands.executeCommand("agentSecurity.hooks.remove", agents, workspaceRoot()), undefined);
    for (const file of [
      ".claude/settings.json",
      ".cursor/hooks.json",
      ".github/hooks/agent-security.json",
      ".kiro",
      ".gemini",
      ".codex",
      ".windsurf",
      ".clinerules",
    ]) {
      assert.equal(existsSync(path.join(root(), file)), false, `${file} was written`);
    }
  });

  it("never loads rule code the workspace provides, named by .secretlintrc.json as a path or a package", async () => {
    // A package secretlint itself would resolve, added now: git keeps no node_modules in the fixture.
    const pkg = path.join(root(), "node_modules", "secretlint-rule-workspace-evil");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "secretlint-rule-workspace-evil", main: "index.js" }));
    writeFileSync(
      path.join(pkg, "index.js"),
      `require("node:fs").writeFileSync(${JSON.stringify(path.join(root(), MARKER))}, "node_modules\\n");\n`,
    );
    // Touching the configuration makes the extension load the folder's policy again, with the package there.
    const rc = fixtureUri(".secretlintrc.json");
    await vscode.workspace.fs.writeFile(rc, await vscode.workspace.fs.readFile(rc));
    const { document } = await openFixture("secrets/app.ts");
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount, 0), `export const slack = "${FAKE.slackToken}";\n`);
    await vscode.workspace.applyEdit(edit);
    await waitForDiagnostics(document.uri, (d) => d.some((x) => /^Slack token/.test(x.message)));
    assert.equal(
      existsSync(path.join(root(), MARKER)),
      false,
      `workspace code ran: ${existsSync(path.join(root(), MARKER)) ? readFileSync(path.join(root(), MARKER), "utf8") : ""}`,
    );
    const log = (await vscode.commands.executeCommand<vscode.Uri>("agentSecurity.log.show", false)).fsPath;
    const text = readFileSync(log, "utf8");
    for (const id of ["./rules/evil-rule.js", "secretlint-rule-workspace-evil"])
      assert.match(text, new RegExp(`rule ${id.replace(/[.*/]/g, "\\$&")} is not bundled`));
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });
});
