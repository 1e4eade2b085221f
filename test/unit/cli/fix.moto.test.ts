import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { builtCli, ROOT } from "../../support/dist";
import { DroppingProxy, MotoServer } from "../../support/moto";

/*
 * `agent-security fix --store …` end to end against moto: the bundled CLI
 * stores each planted secret, rewrites the programs, and the programs then
 * run (python3 with boto3, node with the AWS SDK for JavaScript) against the
 * same moto and print what the literal held. Proves the fixes keep programs
 * working, not only parsing.
 */

const G = FAKE.githubToken;
const SLACK = FAKE.slackToken;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; asynchronously, so that a proxy in this process keeps serving it. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function assertNoRawValue(text: string, where: string): void {
  for (const raw of RAW_VALUES) assert.ok(!text.includes(raw), `${where} holds a raw secret (${raw.slice(0, 4)}…)`);
}

/** A project folder whose programs find this repository's node_modules (AWS SDK, tsx). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-fix-"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const PYTHON = [
  `"""A small program with planted secrets."""`,
  `import json`,
  ``,
  `GITHUB_TOKEN = "${G}"`,
  `SETTINGS = json.loads('{"channel": "ops", "slack_token": "${SLACK}"}')`,
  ``,
  ``,
  `def main():`,
  `    print(GITHUB_TOKEN)`,
  `    print(SETTINGS["slack_token"])`,
  ``,
  ``,
  `main()`,
  ``,
].join("\n");

/** An ES module whose secret sits in a synchronous function two callers deep. */
const ESM = [
  `function token() {`,
  `  return "${G}";`,
  `}`,
  `function header() {`,
  `  return "Bearer " + token().trim();`,
  `}`,
  `export function request() {`,
  `  return { headers: { Authorization: header() } };`,
  `}`,
  `console.log(request().headers.Authorization.slice("Bearer ".length));`,
  ``,
].join("\n");

/** CommonJS: no top-level await, the same synchronous caller chain. */
const CJS = [
  `"use strict";`,
  `const os = require("node:os");`,
  ``,
  `function slackToken() {`,
  `  return "${SLACK}";`,
  `}`,
  `function message() {`,
  `  return [slackToken(), os.EOL.length].join(" ");`,
  `}`,
  `module.exports = { message };`,
  `console.log(message().split(" ")[0]);`,
  ``,
].join("\n");

/** TypeScript with a typed synchronous function, an async one and a module-level constant. */
const TS = [
  `const apiToken: string = "${G}";`,
  ``,
  `export function authorization(): string {`,
  `  return "token ${SLACK}";`,
  `}`,
  `export async function both(): Promise<string[]> {`,
  `  return [apiToken, authorization().slice(6)];`,
  `}`,
  `console.log((await both()).join("\\n"));`,
  ``,
].join("\n");

describe("agent-security fix --store against moto (end to end: the fixed programs run)", function () {
  this.timeout(180_000);
  let moto: MotoServer;
  let cli: string;

  before(async () => {
    cli = builtCli();
    moto = await MotoServer.start();
  });
  after(async () => moto?.stop());
  beforeEach(async () => moto.reset());

  const fix = (dir: string, args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [cli, "fix", ...args], dir, moto.env(env));

  it("moto: Python, ES module, CommonJS and TypeScript programs print the original values after fix --store secretsmanager", async () => {
    const dir = project({ "app.py": PYTHON, "esm.mjs": ESM, "legacy.cjs": CJS, "main.ts": TS, "package.json": `{ "type": "module" }\n` });
    const result = await fix(dir, ["--store", "secretsmanager", "app.py", "esm.mjs", "legacy.cjs", "main.ts"]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assertNoRawValue(result.stdout + result.stderr, "the output");
    assert.match(
      result.stdout,
      /^app\.py:4:17 GitHub token ghp_\*+: stored in Secrets Manager as app\/github-token \(us-east-1, arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/github-token-\w+\); replaced by its lookup$/m,
    );
    assert.match(result.stdout, /^6 secrets fixed, 0 not fixed\.$/m);

    for (const file of ["app.py", "esm.mjs", "legacy.cjs", "main.ts"]) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      assertNoRawValue(text, file);
    }
    // Each file's value went to moto under its own name (app/github-token was taken by app.py first).
    assert.equal(await moto.secretValue("app/github-token"), G);
    assert.equal(await moto.secretValue("app/slack-token"), SLACK);

    const env = moto.env();
    const python = await run("python3", ["app.py"], dir, env);
    assert.equal(python.status, 0, python.stderr);
    assert.equal(python.stdout, `${G}\n${SLACK}\n`);

    const esm = await run(process.execPath, ["esm.mjs"], dir, env);
    assert.equal(esm.status, 0, esm.stderr);
    assert.equal(esm.stdout, `${G}\n`);
    assert.match(
      fs.readFileSync(path.join(dir, "esm.mjs"), "utf8"),
      /^function token\(\) \{\n {2}return githubToken;\n\}$/m,
      "token() stays synchronous",
    );

    const cjs = await run(process.execPath, ["legacy.cjs"], dir, env);
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.equal(cjs.stdout, `${SLACK}\n`);

    const ts = await run(process.execPath, ["--import", "tsx", "main.ts"], dir, env);
    assert.equal(ts.status, 0, ts.stderr);
    assert.equal(ts.stdout, `${G}\n${SLACK}\n`);
  });

  it("moto: an existing name is never overwritten: exit 1 and the file untouched, until --add-version writes a new version", async () => {
    const dir = project({ "first.py": `TOKEN = "${G}"\n`, "second.py": `TOKEN = "${SLACK}"\n` });
    assert.equal((await fix(dir, ["--store", "secretsmanager", "--name", "app/token", "first.py"])).status, 0);

    const refused = await fix(dir, ["--store", "secretsmanager", "--name", "app/token", "second.py"]);
    assert.equal(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(
      refused.stdout,
      /second\.py:1:10 Slack token xoxb\*+: not fixed: app\/token already exists in Secrets Manager \(us-east-1\) and was left as it is: --add-version/,
    );
    assert.equal(fs.readFileSync(path.join(dir, "second.py"), "utf8"), `TOKEN = "${SLACK}"\n`);
    assert.equal(await moto.secretValue("app/token"), G);

    const added = await fix(dir, ["--store", "secretsmanager", "--name", "app/token", "--add-version", "second.py"]);
    assert.equal(added.status, 0, added.stdout + added.stderr);
    assert.match(added.stdout, /stored as a new version of Secrets Manager as app\/token/);
    assert.equal(await moto.secretValue("app/token"), SLACK);
    assert.equal((await moto.secretVersions("app/token")).length, 2);
    assert.match(fs.readFileSync(path.join(dir, "second.py"), "utf8"), /TOKEN = get_secret\("app\/token"\)/);
  });

  it("moto: --store ssm stores a SecureString parameter, and the fixed Python program reads it", async () => {
    const dir = project({ "db.py": `import os\n\nURL = "${FAKE.postgresUrl}"\nprint(URL)\n` });
    const result = await fix(dir, ["--store", "ssm", "--name-prefix", "billing/", "--kms-key-id", "alias/aws/ssm", "db.py"]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const parameter = await moto.parameter("/billing/url");
    assert.equal(parameter?.type, "SecureString");
    const stored = parameter.value;
    assert.ok(FAKE.postgresUrl.includes(stored), "the stored value is the literal's secret part");
    const text = fs.readFileSync(path.join(dir, "db.py"), "utf8");
    assertNoRawValue(text, "db.py");
    assert.match(text, /get_parameter\("\/billing\/url"\)/);
    const program = await run("python3", ["db.py"], dir, moto.env());
    assert.equal(program.status, 0, program.stderr);
    assert.equal(program.stdout, `${FAKE.postgresUrl}\n`);
  });

  it("moto: access denied in moto's IAM mode: exit 2, the denied action named, nothing changed or stored", async () => {
    const key = await moto.createIamUser("developer", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "secretsmanager:DescribeSecret", Resource: "*" }],
    });
    await moto.enableIamChecks();
    const dir = project({ "app.py": `TOKEN = "${G}"\n` });
    const denied = await fix(dir, ["--store", "secretsmanager", "app.py"], {
      AWS_ACCESS_KEY_ID: key.accessKeyId,
      AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    });
    assert.equal(denied.status, 2, denied.stdout + denied.stderr);
    assert.match(
      denied.stderr,
      /Access denied: the identity of the default credential chain may not call secretsmanager:CreateSecret on app\/token in us-east-1/,
    );
    assert.match(denied.stderr, /\(AccessDenied/);
    assertNoRawValue(denied.stdout + denied.stderr, "the output");
    assert.equal(fs.readFileSync(path.join(dir, "app.py"), "utf8"), `TOKEN = "${G}"\n`);

    const unknown = await fix(dir, ["--store", "secretsmanager", "app.py"], {
      AWS_ACCESS_KEY_ID: "AKIDNOTKNOWNTOMOTO00",
      AWS_SECRET_ACCESS_KEY: "x",
    });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /AWS does not recognise the access key/);
    await moto.disableIamChecks();
    assert.equal(await moto.secretValue("app/token"), undefined);
  });

  it("moto: a dropped connection: exit 2 and the file untouched; the request did reach AWS, as the message warns", async () => {
    const proxy = new DroppingProxy(moto.endpoint);
    const via = await proxy.start();
    try {
      const dir = project({ "app.py": `TOKEN = "${G}"\n` });
      const dropped = await fix(dir, ["--store", "secretsmanager", "app.py"], { AWS_ENDPOINT_URL: via });
      assert.equal(dropped.status, 2, dropped.stdout + dropped.stderr);
      assert.match(dropped.stderr, /dropped before an answer came\. The secret may or may not have been stored/);
      assert.ok(proxy.forwarded >= 1);
      assert.equal(fs.readFileSync(path.join(dir, "app.py"), "utf8"), `TOKEN = "${G}"\n`);
      const again = await fix(dir, ["--store", "secretsmanager", "app.py"]);
      assert.equal(again.status, 1);
      assert.match(again.stdout, /app\/token already exists/);
    } finally {
      await proxy.stop();
    }
  });
});
