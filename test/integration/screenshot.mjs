// Screenshots of the extension in a real VS Code (code-server + headless
// Chromium), for the README and for checking by eye what a person sees.
//
//   node test/integration/screenshot.mjs --open src/github.ts --line 2 --column 24 \
//        --keys "Control+K Control+I" --out media/hover.png
//
// Options:
//   --workspace DIR   folder to open, copied to a temp dir first (default samples/try-it)
//   --open PATH       file to open (Ctrl+P), relative to the workspace
//   --line N --column N   cursor position (Ctrl+G)
//   --keys "K1,K2"    keys pressed after that, in order, e.g. "Control+." for quick fixes;
//                     a chord is written with a space: "Control+K Control+I" (hover)
//   --type TEXT       text typed after the keys
//   --command TEXT    runs a Command Palette command by its title first (F1)
//   --settings JSON   user settings, e.g. '{"workbench.colorTheme":"Default Dark Modern"}'
//   --wait MS         pause before the screenshot (default 2500: diagnostics and menus settle)
//   --width/--height  viewport (default 1400x900)
//   --out FILE        PNG to write (default test-results/screenshot.png)
// Build first (npm run build): the extension loads from dist/.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { launchCodeServer } from "./codeServer.mjs";
import { repoRoot } from "./prepare.mjs";

const { values: a } = parseArgs({
  options: {
    workspace: { type: "string", default: path.join(repoRoot, "samples", "try-it") },
    open: { type: "string" },
    line: { type: "string" },
    column: { type: "string" },
    keys: { type: "string" },
    type: { type: "string" },
    command: { type: "string" },
    settings: { type: "string" },
    wait: { type: "string", default: "2500" },
    width: { type: "string", default: "1400" },
    height: { type: "string", default: "900" },
    out: { type: "string", default: path.join(repoRoot, "test-results", "screenshot.png") },
  },
});

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-shot-")));
const workspace = path.join(tmp, path.basename(path.resolve(a.workspace)));
fs.cpSync(a.workspace, workspace, { recursive: true });

const session = await launchCodeServer({
  workspace,
  installExtension: repoRoot,
  settings: a.settings ? JSON.parse(a.settings) : {},
  viewport: { width: Number(a.width), height: Number(a.height) },
});
const { page } = session;
const pause = (ms) => page.waitForTimeout(ms);

/** Presses keys written as "Control+P" or a chord "Control+K Control+I". */
async function press(spec) {
  for (const key of spec.trim().split(/\s+/)) await page.keyboard.press(key);
}

async function quickInput(openKey, text) {
  await press(openKey);
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type(text);
  await pause(800); // results are computed as one types
  await page.keyboard.press("Enter");
}

try {
  // The explorer shows the folder once the workbench has restored it.
  await page.locator(".explorer-folders-view").waitFor({ timeout: 60_000 });
  await pause(1500);
  if (a.command) {
    await quickInput("F1", a.command);
    await pause(1000);
  }
  if (a.open) {
    await quickInput("Control+P", a.open);
    const name = path.basename(a.open);
    await page.locator(`.tabs-container .tab.active:has-text("${name}")`).waitFor({ timeout: 15_000 });
    // Focus moves to the editor; let language features and the extension react.
    await pause(1500);
  }
  if (a.line) {
    await quickInput("Control+G", `${a.line}${a.column ? `:${a.column}` : ""}`);
    await pause(300);
  }
  for (const k of a.keys ? a.keys.split(",") : []) {
    await press(k);
    await pause(700);
  }
  if (a.type) await page.keyboard.type(a.type);
  await pause(Number(a.wait));
  fs.mkdirSync(path.dirname(path.resolve(a.out)), { recursive: true });
  await page.screenshot({ path: a.out });
  console.log(`screenshot: ${a.out}`);
} catch (e) {
  console.error(`screenshot failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await session.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
