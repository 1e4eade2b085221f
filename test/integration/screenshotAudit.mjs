// The audit report view in a real workbench, for the README:
//   npm run build && node test/integration/screenshotAudit.mjs [--out media/audit-report.png]
// Opens a copy of the fixture workspace, runs "Agent Security: Audit
// Workspace" from the Command Palette as a person would, and shows the
// Problems panel under the report.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { launchCodeServer } from "./codeServer.mjs";
import { fixtureWorkspace, repoRoot } from "./prepare.mjs";

const { values: a } = parseArgs({
  options: {
    out: { type: "string", default: path.join(repoRoot, "media", "audit-report.png") },
    theme: { type: "string", default: "Default Light Modern" },
  },
});

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-shot-")));
const workspace = path.join(tmp, "workspace");
fs.cpSync(fixtureWorkspace, workspace, { recursive: true });

const session = await launchCodeServer({
  workspace,
  installExtension: repoRoot,
  settings: { "workbench.colorTheme": a.theme, "window.commandCenter": false },
  viewport: { width: 1400, height: 1200 },
});
const { page } = session;
try {
  await page.locator(".explorer-folders-view").waitFor({ timeout: 60_000 });
  // The status bar item appears once the extension is active.
  await page.locator('[id="agent-security.agent-security-hooks.agentSecurity.status"]').waitFor({ timeout: 60_000 });
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("Agent Security: Audit Workspace");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "Audit Workspace" }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press("Enter");
  const frame = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  await frame.locator("table.findings tbody tr").first().waitFor({ timeout: 60_000 });
  await page.keyboard.press("Control+Shift+M");
  await page.waitForTimeout(2500);
  await page
    .locator(".notifications-toasts .codicon-notifications-clear")
    .click({ timeout: 2000 })
    .catch(() => {});
  fs.mkdirSync(path.dirname(path.resolve(a.out)), { recursive: true });
  await page.screenshot({ path: a.out });
  console.log(`screenshot: ${a.out}`);
} catch (e) {
  await page.screenshot({ path: path.join(repoRoot, "test-results", "audit-screenshot-failure.png") }).catch(() => {});
  console.error(`screenshot failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await session.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
