import * as assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect, type Server } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildInvocation, parseHookArgs } from "../../../src/hooks/invocation";
import { residentAddress, type ResidentAddress } from "../../../src/hooks/resident/address";
import { askResidentScanner, daemonListens } from "../../../src/hooks/resident/client";
import type { ResidentRequest } from "../../../src/hooks/resident/protocol";
import { runHook } from "../../../src/hooks/run";
import type { HookInvocation } from "../../../src/hooks/types";
import { FAKE } from "../../fixtures/fakeSecrets";
import { builtCli } from "../../support/dist";
import { fixtureNames, materializeFixture, tempRoot } from "../../support/hookFixtures";

const CLEAN_CODE = "export const timeoutMs = 3000;\n";
const CODE_WITH_TOKEN = `const token = "${FAKE.githubToken}";\n`;
const PROMPT_WITH_TOKEN = JSON.stringify({
  hook_event_name: "UserPromptSubmit",
  prompt: `use ${FAKE.githubToken}`,
  session_id: "s",
  cwd: ".",
});

const socketDirectory = () => mkdtempSync(path.join(tmpdir(), "agent-security-resident-"));
const sockets = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".sock"));

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  for (const start = Date.now(); !(await condition());) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The hook as agents run it, with the resident scanner on and its sockets in `dir`. */
function hookProcess(cli: string, stdin: string, dir: string, args: string[] = [], idleMs = 20_000) {
  const env = {
    ...process.env,
    AGENT_SECURITY_RESIDENT: "1",
    AGENT_SECURITY_RESIDENT_DIR: dir,
    AGENT_SECURITY_RESIDENT_IDLE_MS: String(idleMs),
  };
  const result = spawnSync(process.execPath, [cli, "hook", ...args], { input: stdin, encoding: "utf8", env, cwd: tmpdir() });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The built daemon, started by the test on the address for `dir` (the hook would start it detached). */
function startDaemon(dir: string): { address: ResidentAddress; daemon: ChildProcess } {
  const address = residentAddress({ AGENT_SECURITY_RESIDENT_DIR: dir }, path.join(path.dirname(builtCli()), "hookDaemon.js"));
  assert.ok(address, "a private socket directory gives an address");
  // In "/", as the hook starts it: a path the daemon resolved against its own folder would show.
  const daemon = spawn(process.execPath, [address.daemonFile, address.socket], { stdio: "ignore", cwd: "/" });
  return { address, daemon };
}

const requestOf = (invocation: HookInvocation, args: readonly string[]): ResidentRequest => {
  const parsed = parseHookArgs(args);
  if ("error" in parsed) throw new Error(parsed.error);
  const { agent, failClosed, maxFileBytes, timeoutMs } = parsed.options;
  return { invocation, options: { agent, failClosed, maxFileBytes, timeoutMs } };
};

/** A Unix socket server in place of the daemon, for faults a real daemon does not make. */
function fakeDaemon(socketPath: string, onConnection: (socket: import("node:net").Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer({ allowHalfOpen: true }, onConnection);
    server.listen(socketPath, () => resolve(server));
  });
}

describe("resident scanner (the hook asks a daemon first)", function () {
  this.timeout(120_000);
  let dir: string;
  let running: { address: ResidentAddress; daemon: ChildProcess };

  before(async () => {
    dir = socketDirectory();
    running = startDaemon(dir);
    await until(() => sockets(dir).length === 1, "the daemon listens");
  });

  after(() => {
    running.daemon.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers every documented agent payload, clean or with a secret, exactly as the hook's own process does", async () => {
    for (const name of fixtureNames()) {
      for (const content of [CLEAN_CODE, CODE_WITH_TOKEN]) {
        const { root, cleanup } = tempRoot();
        try {
          const fixture = materializeFixture(name, content, root);
          const args = parseHookArgs(fixture.args);
          if ("error" in args) throw new Error(args.error);
          const invocation = buildInvocation(args, fixture.env, { text: fixture.stdin }, root);
          const inProcess = await runHook(invocation, args.options);
          const resident = await askResidentScanner(running.address, requestOf(invocation, fixture.args));
          assert.deepEqual(resident, inProcess, `${name}, ${content === CLEAN_CODE ? "clean" : "with a token"}`);
        } finally {
          cleanup();
        }
      }
    }
  });

  it("reads each request's folder policy afresh: a .secretlintignore written between two writes applies to the second", async () => {
    const { root, cleanup } = tempRoot();
    try {
      const file = path.join(root, "src", "config.ts");
      const payload = {
        hook_event_name: "PreToolUse",
        session_id: "s",
        cwd: root,
        tool_name: "Write",
        tool_input: { file_path: file, content: CODE_WITH_TOKEN },
      };
      const ask = () => askResidentScanner(running.address, requestOf({ payload, env: {}, files: [], cwd: root }, ["--agent", "claude"]));
      assert.equal((await ask())?.exitCode, 2);
      writeFileSync(path.join(root, ".secretlintignore"), "src/config.ts\n");
      assert.deepEqual(await ask(), { exitCode: 0, stdout: "", stderr: "" });
    } finally {
      cleanup();
    }
  });

  it("agent-security doctor says whether it is running", () => {
    const doctor = (socketDir: string, resident = "1") =>
      spawnSync(process.execPath, [builtCli(), "doctor", "--dir", socketDir], {
        encoding: "utf8",
        env: { ...process.env, AGENT_SECURITY_RESIDENT: resident, AGENT_SECURITY_RESIDENT_DIR: socketDir },
      }).stdout;
    assert.match(doctor(dir), new RegExp(`^Resident scanner: running \\(${running.address.socket}\\)\\.$`, "m"));
    const idle = socketDirectory();
    try {
      assert.match(doctor(idle), /^Resident scanner: not running; the next hook starts it/m);
      assert.match(doctor(idle, "0"), /^Resident scanner: not used here/m);
    } finally {
      rmSync(idle, { recursive: true, force: true });
    }
  });

  it("gives no answer to what is not a request, and keeps serving", async () => {
    const answer = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      const socket = connect(running.address.socket, () => socket.end("GET / HTTP/1.0\r\n\r\n"));
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
    assert.equal(answer, "");
    const reply = await askResidentScanner(
      running.address,
      requestOf({ payload: JSON.parse(PROMPT_WITH_TOKEN), env: {}, files: [], cwd: tmpdir() }, []),
    );
    assert.equal(reply?.exitCode, 2);
  });

  it("a hook process is answered by the daemon it started, even once the in-process engine is gone; the daemon stops when idle", async () => {
    const copy = mkdtempSync(path.join(tmpdir(), "agent-security-dist-"));
    const sockets2 = socketDirectory();
    try {
      cpSync(path.dirname(builtCli()), copy, { recursive: true, filter: (f) => !/\.(map|cache)$/.test(f) });
      const cli = path.join(copy, "cli.js");
      const first = hookProcess(cli, PROMPT_WITH_TOKEN, sockets2, [], 3000);
      assert.equal(first.exitCode, 2, first.stderr);
      await until(() => sockets(sockets2).length === 1, "the first hook starts the daemon");
      // The daemon has loaded the scanner by the time it answers a prompt with a secret.
      await until(() => hookProcess(cli, PROMPT_WITH_TOKEN, sockets2, [], 3000).exitCode === 2, "the daemon answers");
      rmSync(path.join(copy, "scanner.js"));
      assert.deepEqual(hookProcess(cli, PROMPT_WITH_TOKEN, sockets2, [], 3000), first);
      // Without the daemon, the same hook cannot check any more: the answer above was the daemon's.
      const alone = hookProcess(cli, PROMPT_WITH_TOKEN, sockets2, ["--no-resident"]);
      assert.equal(alone.exitCode, 0);
      assert.match(alone.stderr, /could not run/);
      await until(() => sockets(sockets2).length === 0, "the idle daemon stops and removes its socket");
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(sockets2, { recursive: true, force: true });
    }
  });

  it("never uses a socket directory that others can enter, and checks in its own process instead", () => {
    const open = socketDirectory();
    try {
      chmodSync(open, 0o755);
      assert.equal(residentAddress({ AGENT_SECURITY_RESIDENT_DIR: open }, path.join(path.dirname(builtCli()), "hookDaemon.js")), undefined);
      const reply = hookProcess(builtCli(), PROMPT_WITH_TOKEN, open);
      assert.equal(reply.exitCode, 2);
      assert.deepEqual(readdirSync(open), []);
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });

  it("is off with AGENT_SECURITY_RESIDENT=0, and when the daemon is not built (running from source)", () => {
    const daemonFile = path.join(path.dirname(builtCli()), "hookDaemon.js");
    assert.equal(residentAddress({ AGENT_SECURITY_RESIDENT: "0", AGENT_SECURITY_RESIDENT_DIR: dir }, daemonFile), undefined);
    assert.equal(residentAddress({ AGENT_SECURITY_RESIDENT_DIR: dir }, path.join(dir, "missing.js")), undefined);
  });

  it("takes over a stale socket file that a killed daemon left behind", async () => {
    const stale = socketDirectory();
    const { address, daemon } = startDaemon(stale);
    const probe = {
      invocation: { payload: JSON.parse(PROMPT_WITH_TOKEN), env: {}, files: [], cwd: tmpdir() },
      options: { failClosed: false, maxFileBytes: 1024 },
    };
    await until(() => sockets(stale).length === 1, "the daemon listens");
    await until(async () => (await askResidentScanner(address, probe)) !== undefined, "the daemon answers");
    daemon.kill("SIGKILL");
    // Probed without asking: a client that finds no daemon starts one, and this test starts its own.
    await until(async () => !(await daemonListens(address.socket)), "the killed daemon is gone");
    assert.deepEqual(sockets(stale), [path.basename(address.socket)], "a killed daemon leaves its socket file");
    const successor = startDaemon(stale);
    try {
      await until(() => daemonListens(address.socket), "a new daemon listens on the same path");
      assert.equal((await askResidentScanner(address, probe))?.exitCode, 2);
    } finally {
      successor.daemon.kill();
      rmSync(stale, { recursive: true, force: true });
    }
  });

  it("falls back when the daemon breaks off or does not answer in time", async () => {
    const faults = socketDirectory();
    const address = { socket: path.join(faults, "hook.sock"), daemonFile: path.join(faults, "never-started.js") };
    const request: ResidentRequest = {
      invocation: { payload: {}, env: {}, files: [], cwd: tmpdir() },
      options: { failClosed: false, maxFileBytes: 1024, timeoutMs: 100 },
    };
    try {
      const dropping = await fakeDaemon(address.socket, (socket) => socket.destroy());
      assert.equal(await askResidentScanner(address, request), undefined);
      await new Promise((resolve) => dropping.close(resolve));
      const silent = await fakeDaemon(address.socket, () => undefined);
      assert.equal(await askResidentScanner(address, request), undefined);
      silent.close();
      const garbled = await fakeDaemon(address.socket, (socket) => socket.on("data", () => socket.end('{"exitCode": "2"}')));
      assert.equal(await askResidentScanner(address, request), undefined);
      garbled.close();
    } finally {
      rmSync(faults, { recursive: true, force: true });
    }
  });

  it("keeps nothing on disk but its socket", () => {
    assert.deepEqual(readdirSync(dir), sockets(dir));
    for (const file of readdirSync(dir)) assert.ok(lstatSync(path.join(dir, file)).isSocket());
  });
});
