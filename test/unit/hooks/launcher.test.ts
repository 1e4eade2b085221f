import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { hookCommand, launcherPath, launcherScript, shellQuote, writeLauncher } from "../../../src/hooks/install/launcher";
import { FAKE } from "../../fixtures/fakeSecrets";
import { tempRoot } from "../../support/hookFixtures";

describe("hook launcher", function () {
  this.timeout(30_000);

  it("quotes paths for the shell only when needed", () => {
    assert.equal(shellQuote("/home/dev/bin/agent-security"), "/home/dev/bin/agent-security");
    assert.equal(shellQuote("/home/dev/My Files/it's"), "'/home/dev/My Files/it'\\''s'");
  });

  it("runs the CLI it points at, through the hook command written into configurations", () => {
    const { root, cleanup } = tempRoot();
    try {
      // A stand-in for dist/cli.js that runs the TypeScript CLI.
      const cli = path.join(root, "dist with space", "cli.js");
      mkdirSync(path.dirname(cli), { recursive: true });
      const main = JSON.stringify(path.resolve("src/cli/main.ts"));
      writeFileSync(
        cli,
        `const r = require("node:child_process").spawnSync(process.execPath, ["--import", "tsx", ${main}, ...process.argv.slice(2)], { stdio: "inherit", cwd: ${JSON.stringify(process.cwd())} });\nprocess.exit(r.status);\n`,
      );
      const storage = path.join(root, "global storage");
      const launcher = launcherPath(storage, "linux");
      mkdirSync(path.dirname(launcher), { recursive: true });
      writeFileSync(
        launcher,
        launcherScript({ cliPath: cli, editorExecutable: process.execPath, cacheDir: path.join(storage, "cache"), platform: "linux" }),
      );
      chmodSync(launcher, 0o755);
      const line = hookCommand(launcher, "linux").line("--agent claude");
      const payload = JSON.stringify({
        hook_event_name: "UserPromptSubmit",
        prompt: `token ${FAKE.githubToken}`,
        session_id: "s",
        cwd: root,
      });
      const result = spawnSync("/bin/sh", ["-c", line], { input: payload, encoding: "utf8", cwd: root });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /GitHub token \(ghp_\*+\)/);
    } finally {
      cleanup();
    }
  });

  it("is written when hooks are installed, and on start only refreshed where it exists", async () => {
    const { root, cleanup } = tempRoot();
    try {
      const file = path.join(root, "home", ".agent-security", "bin", "agent-security");
      const script = (cliPath: string) =>
        launcherScript({ cliPath, editorExecutable: "/usr/bin/code", cacheDir: path.join(root, "cache"), platform: "linux" });
      // Starting the extension on a machine whose hooks never needed a launcher.
      assert.equal(await writeLauncher(file, script("/ext/1.0.0/dist/cli.js"), false, "linux"), "absent");
      assert.ok(!existsSync(path.join(root, "home")), "no launcher and no folder for it");
      // Installing hooks.
      assert.equal(await writeLauncher(file, script("/ext/1.0.0/dist/cli.js"), true, "linux"), "written");
      assert.equal(statSync(file).mode & 0o111, 0o111, "executable");
      assert.equal(await writeLauncher(file, script("/ext/1.0.0/dist/cli.js"), false, "linux"), "unchanged");
      // The extension updated: the next start points the launcher at the new version.
      assert.equal(await writeLauncher(file, script("/ext/1.1.0/dist/cli.js"), false, "linux"), "written");
      assert.match(readFileSync(file, "utf8"), /\/ext\/1\.1\.0\/dist\/cli\.js/);
    } finally {
      cleanup();
    }
  });
});
