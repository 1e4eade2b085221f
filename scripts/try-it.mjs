// npm start — opens the extension in a real VS Code (code-server) in your
// browser, on a copy of samples/try-it with planted FAKE secrets.
//
//   npm start                 then open the printed URL; Ctrl-C stops it
//   PORT=9000 npm start       another port (default 8080); binds 127.0.0.1 only
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { launchCodeServer } from "../test/integration/codeServer.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const port = Number(process.env.PORT) || 8080;

if (!fs.existsSync(path.join(repoRoot, pkg.main))) {
  console.error(`${pkg.main} is missing: run  npm run build  first (npm start does).`);
  process.exit(1);
}

// A copy, so that trying the quick fixes never edits the samples in the repo.
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-try-")));
const workspace = path.join(tmp, "try-it");
fs.cpSync(path.join(repoRoot, "samples", "try-it"), workspace, { recursive: true });

let launching;
let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  // Ctrl-C during start-up: let the launch finish so that its server is stopped too.
  const session = await launching?.catch(() => undefined);
  await session?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

let session;
try {
  launching = launchCodeServer({
    workspace,
    // Installed (linked into the extensions folder) rather than passed as a
    // development path in the URL: it loads for anyone who opens the plain URL.
    installExtension: repoRoot,
    port,
    browser: false,
    onServerLog: process.env.AGENT_SECURITY_VERBOSE === "1" ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  session = await launching;
} catch (e) {
  console.error(e.message);
  await shutdown(1);
}

console.log(`
Agent Security Hooks ${pkg.version} is running in VS Code (code-server) with a sample workspace:

    http://127.0.0.1:${port}/?folder=${workspace.split("/").map(encodeURIComponent).join("/")}

Open that URL in a browser on this machine (from elsewhere: ssh -L ${port}:127.0.0.1:${port} ...).
Sample files with FAKE secrets: src/github.ts, .env, config/database.yaml, iam/deploy-policy.json.
Ctrl-C stops the server.
`);

const code = await session.exited;
if (!shuttingDown) {
  console.error(`code-server stopped by itself (${code})`);
  await shutdown(1);
}
