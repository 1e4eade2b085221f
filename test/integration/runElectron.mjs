// npm run test:electron — the same bundled suite in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (this one
// cannot: use npm run test:integration, which runs code-server instead).
//
// Env: AGENT_SECURITY_VSCODE_VERSION  VS Code version to download (default "stable")
//      AGENT_SECURITY_VSCODE_EXECUTABLE an installed VS Code to use instead of a download
//      AGENT_SECURITY_IT_GREP         only tests whose title matches
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { runTests } from "@vscode/test-electron";
import { copyWorkspace, prepareSuite, repoRoot } from "./prepare.mjs";

const suite = await prepareSuite();
const workspace = copyWorkspace();
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-ud-"));
let code = 1;
try {
  code = await runTests({
    version: process.env.AGENT_SECURITY_VSCODE_VERSION || "stable",
    vscodeExecutablePath: process.env.AGENT_SECURITY_VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    // Hooks the suite runs check in their own process: a resident scanner would outlive the run.
    extensionTestsEnv: { AGENT_SECURITY_IT_WORKSPACE: workspace.dir, AGENT_SECURITY_RESIDENT: "0" },
    // Only our extension and a fresh profile, as in the code-server run
    // (runTests itself adds --disable-workspace-trust and --skip-welcome).
    launchArgs: [workspace.dir, "--disable-extensions", "--user-data-dir", userDataDir],
  });
} catch (e) {
  console.error(`[electron] FAILED: ${e instanceof Error ? e.message : e}`);
} finally {
  workspace.remove();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
