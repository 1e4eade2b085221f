// npm run test:integration — runs the integration suites in a real VS Code
// extension host: code-server (VS Code 1.100) driven by headless Chromium.
// Two passes, each in a fresh VS Code: the main suite (suite/**, workspace
// trust off, on a copy of workspace/), then the Restricted Mode suite
// (suite/untrusted/**, workspace trust on and the folder untrusted, on a copy
// of workspace-untrusted/).
//
// Env: AGENT_SECURITY_IT_TIMEOUT_MS   limit for the run once code-server is installed and
//                                     the suites built (default 600000 = 10 min)
//      AGENT_SECURITY_IT_GREP         only tests whose title matches
//      AGENT_SECURITY_IT_SUITE        only this pass: main or untrusted
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

const PASSES = [
  { suite: "main", workspace: path.join(repoRoot, "test", "integration", "workspace"), untrusted: false },
  { suite: "untrusted", workspace: path.join(repoRoot, "test", "integration", "workspace-untrusted"), untrusted: true },
].filter((p) => !process.env.AGENT_SECURITY_IT_SUITE || p.suite === process.env.AGENT_SECURITY_IT_SUITE);

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

/** The pass under way: its launch, its session once started, its workspace copy, its summary line. */
let current;

function cleanup() {
  const pass = current;
  pass.cleaningUp ??= (async () => {
    // A launch still under way is awaited (it has time limits of its own), then stopped.
    await pass.launching?.catch(() => {});
    await pass.session?.stop();
    pass.workspace?.remove();
  })();
  return pass.cleaningUp;
}

async function screenshotOnFailure(reason) {
  const page = (await current?.launching?.catch(() => undefined))?.page;
  if (!page) return;
  const out = path.join(
    repoRoot,
    "test-results",
    `integration-${current.suite}-${reason}-${new Date().toISOString().replace(/[:.]/g, "-")}.png`,
  );
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, timeout: 10_000 });
    console.log(`[integration] screenshot of the workbench: ${path.relative(repoRoot, out)}`);
  } catch (e) {
    console.log(`[integration] no screenshot: ${e.message}`);
  }
}

const summaries = [];
let finishing = false;
/** Ends the run; a pass still under way (timeout, error) gets a screenshot and its summary first. */
async function finish(code, reason) {
  // Once only: after a timeout, stopping the server also ends the awaited run.
  if (finishing) return;
  finishing = true;
  if (current && !current.done) {
    if (code !== 0) await screenshotOnFailure(reason);
    await cleanup();
    summaries.push(current.summary);
  }
  if (code !== 0) console.log(`[integration] full log: ${path.relative(repoRoot, logPath)}`);
  logFile.close();
  console.log(`[integration] done in ${Math.round((Date.now() - started) / 1000)} s`);
  if (PASSES.length > 1)
    for (const [i, s] of summaries.entries()) console.log(summaryLine(s).replace(/^integration/, `integration (${PASSES[i].suite})`));
  console.log(summaryLine(combined(summaries)));
  process.exit(code);
}

/** One summary for all passes; none when a pass gave none (it did not finish). */
function combined(list) {
  if (list.length === 0 || list.some((s) => !s)) return undefined;
  return list.reduce((a, b) => ({ passes: a.passes + b.passes, failures: a.failures + b.failures, pending: a.pending + b.pending }));
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    console.log(`[integration] ${sig}: stopping`);
    (current ? cleanup() : Promise.resolve()).finally(() => process.exit(130));
  });
}

/** Runs one suite in a fresh VS Code; resolves with the suite's exit code. */
async function runPass(pass, entry) {
  current = { ...pass, summary: undefined };
  current.workspace = copyWorkspace(pass.workspace);
  logFile.write(`\n===== ${pass.suite} suite${pass.untrusted ? " (workspace trust on, folder untrusted)" : ""} =====\n`);
  current.launching = launchCodeServer({
    workspace: current.workspace.dir,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: entry,
    untrusted: pass.untrusted,
    env: {
      AGENT_SECURITY_IT_WORKSPACE: current.workspace.dir,
      AGENT_SECURITY_IT_LOG_MARKER: LOG_MARKER,
      AGENT_SECURITY_IT_PAGE_REQUESTS: "1",
      // Hooks the suite runs check in their own process: a resident scanner would outlive the run.
      AGENT_SECURITY_RESIDENT: "0",
    },
    // Lines the suite marked (extension host console: mocha and the tests) go to
    // stdout; the workbench's own chatter only to the log file, or with VERBOSE.
    onTestLog: (text, level) => {
      if (text.startsWith(LOG_MARKER + PAGE_REQUEST)) {
        const request = text.slice(LOG_MARKER.length + PAGE_REQUEST.length);
        void current.launching.then((s) => answerPageRequest(s.page, request));
      } else if (text.startsWith(LOG_MARKER)) {
        text = text.slice(LOG_MARKER.length);
        const parsed = parseSummary(text);
        if (parsed) current.summary = parsed;
        else console.log(text);
      } else if (verbose) console.log(`[workbench ${level}] ${text}`);
      logFile.write(`${text}\n`);
    },
    onServerLog: (line) => {
      if (verbose) console.log(`[code-server] ${line}`);
      logFile.write(`[code-server] ${line}\n`);
    },
  });
  current.session = await current.launching;
  console.log(
    `[integration] ${pass.suite} suite, workbench: ${current.session.url.split("?")[0]}  workspace: ${current.workspace.dir}${pass.untrusted ? "  (Restricted Mode)" : ""}`,
  );
  const code = await Promise.race([
    current.session.testsDone,
    current.session.exited.then((c) => Promise.reject(new Error(`code-server exited during the run (${c})`))),
  ]);
  if (code !== 0) console.log(`[integration] FAILED: the ${pass.suite} suite exited with code ${code}`);
  return code === 0 && current.summary && current.summary.failures === 0 ? 0 : code || 1;
}

let timer;
try {
  // Installing code-server (first run only) and building come before the clock starts.
  await ensureCodeServer();
  const entries = [];
  for (const pass of PASSES) entries.push(await prepareSuite(pass.suite));
  timer = setTimeout(() => {
    console.log(`[integration] FAILED: overall timeout of ${timeoutMs / 1000} s reached`);
    finish(1, "timeout");
  }, timeoutMs);
  // Every pass runs, also after a failing one: the run fails at the end.
  let failed = 0;
  for (const [i, pass] of PASSES.entries()) {
    const code = await runPass(pass, entries[i]).catch((e) => {
      console.error(`[integration] FAILED: the ${pass.suite} suite: ${e.stack || e.message}`);
      return 1;
    });
    if (code !== 0) {
      failed = code;
      await screenshotOnFailure("failure");
    }
    await cleanup();
    summaries.push(current.summary);
    current.done = true;
  }
  clearTimeout(timer);
  await finish(failed, "failure");
} catch (e) {
  clearTimeout(timer);
  if (!finishing) console.error(`[integration] FAILED: ${e.stack || e.message}`);
  await finish(1, "error");
}
