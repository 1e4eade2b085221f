// Installs code-server (a complete VS Code: workbench, remote extension host and
// built-in extensions) from the npm registry, so integration tests and `npm start`
// run against a real VS Code on machines that cannot download desktop VS Code.
// Recipe: shared/real-vscode.md. Idempotent: a marker file makes later runs instant.
//
//   node scripts/setup-code-server.mjs        (npm run setup:vscode)
//   AGENT_SECURITY_CODE_SERVER_DIR=/some/cache/dir overrides the install location.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CODE_SERVER_VERSION = "4.100.3";
export const CHROMIUM = "/usr/bin/chromium";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MARKER = ".agent-security-setup-complete";

export function codeServerDir() {
  return path.resolve(
    process.env.AGENT_SECURITY_CODE_SERVER_DIR || path.join(repoRoot, ".vscode-test", `code-server-${CODE_SERVER_VERSION}`),
  );
}

/** Path of code-server's Node entry point inside an install directory. */
export function codeServerEntry(dir = codeServerDir()) {
  return path.join(dir, "node_modules", "code-server", "out", "node", "entry.js");
}

const log = (msg) => console.log(`[setup:vscode] ${msg}`);

function which(cmd) {
  for (const p of (process.env.PATH || "").split(path.delimiter)) {
    const f = path.join(p, cmd);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {}
  }
  return undefined;
}

function run(cmd, args, cwd, { allowFail = false } = {}) {
  log(`$ ${[cmd, ...args].join(" ")}   (in ${cwd})`);
  // A step allowed to fail is run quietly: its expected error is pages of noise.
  const stdio = allowFail ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"];
  const r = spawnSync(cmd, args, { cwd, stdio, env: npmEnv(), encoding: "utf8" });
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${r.status ?? r.signal}`);
  }
  return r.status === 0;
}

// npm reads these npm_config_* variables when we are started from an npm script;
// they point at the repo's own project and must not leak into installs elsewhere.
function npmEnv() {
  const env = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  for (const k of ["npm_config_prefix", "npm_config_local_prefix", "npm_package_json", "INIT_CWD"]) delete env[k];
  return env;
}

/** Debian's chromium and ripgrep: apt-installed when missing and we are root. */
function ensureSystemPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push("chromium");
  if (!which("rg")) missing.push("ripgrep");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing ${missing.join(", ")}: run  sudo apt-get install -y ${missing.join(" ")}`);
  }
  log(`installing Debian packages: ${missing.join(" ")}`);
  run("apt-get", ["update"], "/");
  run("apt-get", ["install", "-y", ...missing], "/");
}

// Several worktrees may share one install directory: a lock directory (mkdir is
// atomic) holding the owner's pid serialises setups; a dead owner's lock is taken over.
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {}
      if (pid && !isAlive(pid)) {
        log(`removing stale lock of dead process ${pid}`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`another setup (pid ${pid || "?"}) is running; waiting for it`);
      waited = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

function install(dir) {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  // Without its own package.json npm would walk up and install into the repo.
  const pkg = path.join(dir, "package.json");
  if (!fs.existsSync(pkg)) {
    fs.writeFileSync(pkg, JSON.stringify({ name: "agent-security-code-server", private: true }, null, 2) + "\n");
  }
  // code-server's own postinstall refuses root and @vscode/ripgrep's downloads a
  // binary, so every install skips scripts and the native modules are rebuilt below.
  run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", `code-server@${CODE_SERVER_VERSION}`], dir);

  const vscodeDir = path.join(dir, "node_modules", "code-server", "lib", "vscode");
  run("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], vscodeDir);
  // One at a time: a failing package would stop a combined rebuild. kerberos is
  // left out (needs libkrb5-dev, unused); node-pty (terminals) fails after building
  // pty.node and the tests don't need terminals, so its failure is tolerated.
  for (const mod of ["@vscode/spdlog", "@vscode/deviceid", "native-watchdog", "@parcel/watcher"]) {
    run("npm", ["rebuild", mod], vscodeDir);
  }
  if (!run("npm", ["rebuild", "node-pty"], vscodeDir, { allowFail: true })) {
    log("node-pty rebuild reported an error (expected; integrated terminals may not work)");
  }
  // The server loads modules from node_modules.asar in packaged builds.
  const asar = path.join(vscodeDir, "node_modules.asar");
  fs.rmSync(asar, { force: true });
  fs.symlinkSync("node_modules", asar);

  // Search (Ctrl+P, find in files) runs rg: use Debian's instead of the download.
  const rgDir = path.join(vscodeDir, "node_modules", "@vscode", "ripgrep", "bin");
  fs.mkdirSync(rgDir, { recursive: true });
  fs.rmSync(path.join(rgDir, "rg"), { force: true });
  fs.symlinkSync(which("rg"), path.join(rgDir, "rg"));

  run("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], path.join(vscodeDir, "extensions"));
  // argon2 is loaded at start-up by code-server's password auth module.
  run("npm", ["rebuild", "argon2"], dir);

  if (!fs.existsSync(codeServerEntry(dir))) throw new Error(`code-server entry missing: ${codeServerEntry(dir)}`);
  fs.writeFileSync(
    path.join(dir, MARKER),
    JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, at: new Date().toISOString() }) + "\n",
  );
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function isComplete(dir) {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8"));
    return m.version === CODE_SERVER_VERSION && fs.existsSync(codeServerEntry(dir));
  } catch {
    return false;
  }
}

/** Makes sure code-server, chromium and rg are ready; returns the install directory. */
export async function ensureCodeServer({ quiet = false } = {}) {
  ensureSystemPackages();
  const dir = codeServerDir();
  if (!isComplete(dir)) {
    await withLock(dir, () => {
      // Another process may have finished the install while we waited for the lock.
      if (!isComplete(dir)) {
        log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (a minute or more, ~300 MB)`);
        install(dir);
      } else log(`code-server ${CODE_SERVER_VERSION} ready in ${dir} (installed by the other setup)`);
    });
  } else if (!quiet) {
    log(`code-server ${CODE_SERVER_VERSION} ready in ${dir}`);
  }
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  ensureCodeServer().catch((e) => {
    console.error(`[setup:vscode] ${e.message}`);
    process.exit(1);
  });
}
