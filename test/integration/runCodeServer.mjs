// npm run test:integration — runs the integration suite in a real VS Code
// extension host: code-server (VS Code 1.100) driven by headless Chromium.
//
// Env: AGENT_SECURITY_IT_TIMEOUT_MS   limit for the run once code-server is installed and
//                                     the suite built (default 600000 = 10 min)
//      AGENT_SECURITY_IT_GREP         only tests whose title matches
//      AGENT_SECURITY_IT_VERBOSE=1    also print code-server's own output
//      AGENT_SECURITY_CODE_SERVER_DIR where code-server is installed (see scripts/setup-code-server.mjs)
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureCodeServer } from "../../scripts/setup-code-server.mjs";
import { launchCodeServer } from "./codeServer.mjs";
import { answerPageRequest, PAGE_REQUEST } from "./pageRequests.mjs";
import { copyWorkspace, parseSummary, prepareSuite, repoRoot, summaryLine } from "./prepare.mjs";

const timeoutMs = Number(process.env.AGENT_SECURITY_IT_TIMEOUT_MS) || 600_000;
const verbose = process.env.AGENT_SECURITY_IT_VERBOSE === "1";
const started = Date.now();

const LOG_MARKER = "[suite] ";
// The full log (workbench, extension host, code-server) of the latest run.
const logPath = path.join(repoRoot, "test-results", "integration.log");
fs.mkdirSync(path.dirname(logPath), { recursive: true });
// Written synchronously: process.exit() would drop a stream's pending writes.
const logFd = fs.openSync(logPath, "w");
let logOpen = true;
const logFile = {
  write: (text) => logOpen && fs.writeSync(logFd, text),
  close: () => {
    logOpen = false;
    fs.closeSync(logFd);
  },
};

let summary;
let session;
let workspace;
let launching;
let cleaningUp;

function cleanup() {
  cleaningUp ??= (async () => {
    // A launch still under way is awaited (it has time limits of its own), then stopped.
    await launching?.catch(() => {});
    await session?.stop();
    workspace?.remove();
  })();
  return cleaningUp;
}

async function screenshotOnFailure(reason) {
  const page = (await launching?.catch(() => undefined))?.page;
  if (!page) return;
  const out = path.join(repoRoot, "test-results", `integration-${reason}-${new Date().toISOString().replace(/[:.]/g, "-")}.png`);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, timeout: 10_000 });
    console.log(`[integration] screenshot of the workbench: ${path.relative(repoRoot, out)}`);
  } catch (e) {
    console.log(`[integration] no screenshot: ${e.message}`);
  }
}

let finishing = false;
async function finish(code, reason) {
  // Once only: after a timeout, stopping the server also ends the awaited run.
  if (finishing) return;
  finishing = true;
  if (code !== 0) {
    await screenshotOnFailure(reason);
    console.log(`[integration] full log: ${path.relative(repoRoot, logPath)}`);
  }
  await cleanup();
  logFile.close();
  console.log(`[integration] done in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(summaryLine(summary));
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    console.log(`[integration] ${sig}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

let timer;
try {
  // Installing code-server (first run only) and building come before the clock starts.
  await ensureCodeServer();
  const suite = await prepareSuite();
  timer = setTimeout(() => {
    console.log(`[integration] FAILED: overall timeout of ${timeoutMs / 1000} s reached`);
    finish(1, "timeout");
  }, timeoutMs);
  workspace = copyWorkspace();
  launching = launchCodeServer({
    workspace: workspace.dir,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    env: { AGENT_SECURITY_IT_WORKSPACE: workspace.dir, AGENT_SECURITY_IT_LOG_MARKER: LOG_MARKER, AGENT_SECURITY_IT_PAGE_REQUESTS: "1" },
    // Lines the suite marked (extension host console: mocha and the tests) go to
    // stdout; the workbench's own chatter only to the log file, or with VERBOSE.
    onTestLog: (text, level) => {
      if (text.startsWith(LOG_MARKER + PAGE_REQUEST)) {
        const request = text.slice(LOG_MARKER.length + PAGE_REQUEST.length);
        void launching.then((s) => answerPageRequest(s.page, request));
      } else if (text.startsWith(LOG_MARKER)) {
        text = text.slice(LOG_MARKER.length);
        const parsed = parseSummary(text);
        if (parsed) summary = parsed;
        else console.log(text);
      } else if (verbose) console.log(`[workbench ${level}] ${text}`);
      logFile.write(`${text}\n`);
    },
    onServerLog: (line) => {
      if (verbose) console.log(`[code-server] ${line}`);
      logFile.write(`[code-server] ${line}\n`);
    },
  });
  session = await launching;
  console.log(`[integration] workbench: ${session.url.split("?")[0]}  workspace: ${workspace.dir}`);
  const code = await Promise.race([
    session.testsDone,
    session.exited.then((c) => Promise.reject(new Error(`code-server exited during the run (${c})`))),
  ]);
  clearTimeout(timer);
  if (code !== 0) console.log(`[integration] FAILED: the suite exited with code ${code}`);
  await finish(code === 0 && summary && summary.failures === 0 ? 0 : code || 1, "failure");
} catch (e) {
  clearTimeout(timer);
  if (!finishing) console.error(`[integration] FAILED: ${e.stack || e.message}`);
  await finish(1, "error");
}
