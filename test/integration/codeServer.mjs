// Starts a real VS Code (code-server) on loopback and drives it with Debian's
// Chromium through playwright-core. Shared by the integration test runner, the
// screenshot helper and anything else that needs the real workbench.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM, codeServerEntry, ensureCodeServer } from "../../scripts/setup-code-server.mjs";

// Without the background-networking flags Chromium keeps dialling Google hosts
// that this closed network refuses; --no-sandbox because we run as root.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

// Quiet, deterministic workbench: no welcome page, no update or telemetry pings.
const DEFAULT_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "chat.commandCenter.enabled": false,
  // TypeScript's syntax server only: the tests need no type information, and a
  // full TypeScript server, once other tests opened large generated files, can
  // keep every hover or code action request on a TypeScript file waiting for
  // a minute and more (all providers answer these requests).
  "typescript.tsserver.useSyntaxServer": "always",
};

// Workspace trust on, and the folder left untrusted (Restricted Mode): no folder
// is trusted in a fresh user data folder, and with the start-up prompt off the
// workbench opens in Restricted Mode instead of waiting on its modal dialog
// (which a headless run could never answer); files from outside the folder
// open without asking either.
const UNTRUSTED_SETTINGS = {
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "security.workspace.trust.untrustedFiles": "open",
};

/** A free TCP port on 127.0.0.1 (the OS picks one; we release it right away). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Folder URI as the workbench in the browser sees files on the server. */
function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join("/")}`;
}

/**
 * Starts code-server, and unless `browser: false`, a headless Chromium page on it.
 *
 * @param {object} opts
 * @param {string} [opts.workspace]                folder to open
 * @param {string} [opts.extensionDevelopmentPath] extension folder loaded as under F5
 * @param {string} [opts.extensionTestsPath]       module exporting run(); its result ends `testsDone`
 * @param {object} [opts.settings]                 user settings (merged over quiet defaults)
 * @param {Record<string,string>} [opts.env]       extra env for the server and so the extension host
 * @param {number} [opts.port]                     default: a free port
 * @param {string} [opts.extensionsDir]            default: a fresh empty temp dir
 * @param {string} [opts.installExtension]         extension folder to link into extensionsDir:
 *                                                 loads as an installed extension for any page
 * @param {boolean} [opts.untrusted]               workspace trust on and the folder untrusted (default: trust off)
 * @param {boolean} [opts.browser]                 launch Chromium (default true)
 * @param {(text: string, level: string) => void} [opts.onTestLog] gets the workbench log during a test run (codeAutomationLog)
 * @param {(line: string) => void} [opts.onServerLog] gets code-server's own output
 * @param {{width:number,height:number}} [opts.viewport]
 * @returns {Promise<{url: string, port: number, page?: import("playwright-core").Page,
 *   browser?: import("playwright-core").Browser, testsDone: Promise<number>,
 *   exited: Promise<number|string>, userDataDir: string,
 *   stop: () => Promise<void>}>}
 */
export async function launchCodeServer(opts = {}) {
  const dir = await ensureCodeServer({ quiet: true });
  const port = opts.port ?? (await freePort());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-cs-"));
  const userDataDir = path.join(tmp, "user-data");
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, "extensions");
  fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (opts.installExtension) {
    // A folder named publisher.name-version in the extensions dir is what a VSIX
    // install leaves; a symlink to the repo makes the current build load.
    const pkg = JSON.parse(fs.readFileSync(path.join(opts.installExtension, "package.json"), "utf8"));
    fs.symlinkSync(path.resolve(opts.installExtension), path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  }
  fs.writeFileSync(
    path.join(userDataDir, "User", "settings.json"),
    JSON.stringify(
      { ...DEFAULT_SETTINGS, ...(opts.untrusted ? UNTRUSTED_SETTINGS : { "security.workspace.trust.enabled": false }), ...opts.settings },
      null,
      2,
    ),
  );
  // An explicit config file keeps code-server away from ~/.config/code-server.
  const config = path.join(tmp, "config.yaml");
  fs.writeFileSync(config, "auth: none\n");

  const args = [
    codeServerEntry(dir),
    "--config",
    config,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    ...(opts.untrusted ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    "--disable-proxy",
    "--ignore-last-opened",
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
  ];
  if (opts.workspace) args.push(opts.workspace);

  // Own process group (detached) so stop() can end code-server's whole tree:
  // it forks a child server, which forks the extension host.
  const server = spawn(process.execPath, args, {
    cwd: tmp,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...opts.env, PORT: String(port) },
  });
  let serverExited = false;
  const exited = new Promise((resolve) =>
    server.on("exit", (code, signal) => {
      serverExited = true;
      resolve(code ?? signal);
    }),
  );

  let browser;
  let stopping;
  // Idempotent: every caller waits for the same, complete shutdown.
  const stop = () =>
    (stopping ??= (async () => {
      await browser?.close().catch(() => {});
      await killGroup(server, () => serverExited);
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    })());

  try {
    await waitForListening(server, opts.onServerLog);
  } catch (e) {
    await stop();
    throw e;
  }

  let url = `http://127.0.0.1:${port}/`;
  const query = [];
  if (opts.workspace) query.push(`folder=${path.resolve(opts.workspace).split(path.sep).map(encodeURIComponent).join("/")}`);
  const payload = [["skipWelcome", "true"]];
  if (opts.extensionDevelopmentPath)
    payload.push(["extensionDevelopmentPath", remoteUri(port, path.resolve(opts.extensionDevelopmentPath))]);
  if (opts.extensionTestsPath) payload.push(["extensionTestsPath", remoteUri(port, path.resolve(opts.extensionTestsPath))]);
  query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  url += `?${query.join("&")}`;

  let resolveTests;
  const testsDone = new Promise((r) => (resolveTests = r));
  if (opts.browser === false) return { url, port, testsDone, exited, userDataDir, stop };

  let page;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    page = await context.newPage();
    // The workbench calls these when it runs extension tests from the command
    // line (as @vscode/test-web does): the log lines and the run's exit code.
    // Both carry the workbench's whole log, extension host console included.
    await page.exposeFunction("codeAutomationLog", (level, args) => {
      opts.onTestLog?.(Array.isArray(args) ? format(...args) : String(args), level);
    });
    await page.exposeFunction("codeAutomationExit", (code) => resolveTests(Number(code)));
    await page.goto(url);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, page, browser, testsDone, exited, userDataDir, stop };
}

/** Resolves when code-server prints that it listens; rejects if it exits first. */
function waitForListening(server, onLog, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    let output = "";
    let ready = false;
    const timer = setTimeout(() => fail(new Error(`code-server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (e) => {
      clearTimeout(timer);
      reject(new Error(`${e.message}\n--- code-server output ---\n${output.slice(-4000)}`));
    };
    const onData = (chunk) => {
      const text = chunk.toString();
      if (!ready) output += text;
      for (const line of text.split("\n")) if (line.trim()) onLog?.(line);
      if (!ready && output.includes("HTTP server listening")) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code, signal) => {
      if (!ready) fail(new Error(`code-server exited early (${code ?? signal})`));
    });
  });
}

/** SIGTERM to the process group, SIGKILL after 5 s if anything is left. */
async function killGroup(child, exited) {
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false; // group already gone
    }
  };
  if (!signal("SIGTERM")) return;
  for (let i = 0; i < 50 && !exited(); i++) await new Promise((r) => setTimeout(r, 100));
  signal("SIGKILL"); // also reaches grandchildren that outlived the server
}
