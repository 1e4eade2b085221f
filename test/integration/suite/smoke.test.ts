import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "agent-security.agent-security-hooks";

describe("smoke", () => {
  it("loads and activates the extension", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it("opens the fixture workspace", async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    // The launchers copy test/integration/workspace to a temp dir and pass its path.
    const expected = process.env.AGENT_SECURITY_IT_WORKSPACE;
    assert.ok(expected, "AGENT_SECURITY_IT_WORKSPACE is not set by the launcher");
    assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(expected));
    const marker = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folders[0].uri, ".fixture-workspace"));
    assert.match(Buffer.from(marker).toString("utf8"), /agent-security integration fixture/);
  });
});
