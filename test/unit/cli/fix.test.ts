import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { builtCli } from "../../support/dist";
import { FakeAwsServer } from "../../support/fakeAws";
import { SLOW_SECRETLINTRC } from "../../support/slowRules";

/*
 * `agent-security fix` without AWS (usage, --dry-run, secrets it cannot fix,
 * files it cannot read) and with the fake server for the fault moto cannot
 * produce (a KMS key that does not exist). The runs against moto are in
 * fix.moto.test.ts.
 */

const G = FAKE.githubToken;

function fixCli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_"))) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), "fix", ...args], {
      cwd,
      env: { ...clean, AWS_EC2_METADATA_DISABLED: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-fix-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function assertNoRawValue(text: string): void {
  for (const raw of RAW_VALUES) assert.ok(!text.includes(raw), `raw secret in the output (${raw.slice(0, 4)}…)`);
}

describe("agent-security fix (command line)", function () {
  this.timeout(60_000);

  it("--dry-run prints a unified diff with masked values, names each change, and changes nothing", async () => {
    const app = `import { a } from "./a";\n\nexport function token(): string {\n  return "${G}";\n}\n`;
    const dir = folder({ "app.ts": app, "db.py": `URL = "${FAKE.postgresUrl}"\n` });
    const r = await fixCli(dir, ["--dry-run", "--store", "secretsmanager", "app.ts", "db.py"]);
    assert.equal(r.status, 0, r.stderr);
    assertNoRawValue(r.stdout + r.stderr);
    assert.match(r.stdout, /^app\.ts:4:11 GitHub token ghp_\*+: would be stored in Secrets Manager as app\/github-token$/m);
    assert.match(r.stdout, /^--- a\/app\.ts\n\+\+\+ b\/app\.ts\n@@ /m);
    assert.match(r.stdout, /^-  return "ghp_\*+";$/m);
    assert.match(r.stdout, /^\+const githubToken = await getSecret\("app\/github-token"\);$/m);
    assert.match(r.stdout, /^\+  return githubToken;$/m);
    assert.match(r.stdout, /^--- a\/db\.py$/m);
    assert.match(r.stdout, /^2 secrets would be fixed, 0 not fixed\.$/m);
    assert.equal(fs.readFileSync(path.join(dir, "app.ts"), "utf8"), app);
  });

  it("without --store: rewrites with Secrets Manager lookups and says nothing was stored", async () => {
    const dir = folder({ "config.mjs": `export const token = "${G}";\n` });
    const r = await fixCli(dir, ["config.mjs"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /replaced by the Secrets Manager lookup of app\/token \(not stored: put the value there before the program runs\)/,
    );
    assert.match(fs.readFileSync(path.join(dir, "config.mjs"), "utf8"), /export const token = await getSecret\("app\/token"\);/);
  });

  it("exit 1 and each secret named when some cannot be fixed; the others are", async () => {
    const text = `// old token: ${G}\nexport const slack = "${FAKE.slackToken}";\n`;
    const dir = folder({ "mixed.ts": text, "notes.rb": `TOKEN = "${G}"\n` });
    const r = await fixCli(dir, ["mixed.ts", "notes.rb"]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assertNoRawValue(r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^mixed\.ts:1:15 GitHub token ghp_\*+: not fixed: no Secrets Manager lookup for a secret at this place in a typescript file/m,
    );
    assert.match(
      r.stdout,
      /^notes\.rb:1:10 GitHub token ghp_\*+: not fixed: no Secrets Manager lookup for a secret at this place in a ruby file/m,
    );
    assert.match(r.stdout, /^mixed\.ts:2:23 Slack token xoxb\*+: replaced by/m);
    assert.match(r.stdout, /^1 secret fixed, 2 not fixed\.$/m);
    const after = fs.readFileSync(path.join(dir, "mixed.ts"), "utf8");
    assert.ok(after.includes(`// old token: ${G}`), "the comment was changed");
    assert.ok(!after.includes(FAKE.slackToken));
  });

  it("exit 0 with no secrets; exit 2 for usage errors and unreadable files", async () => {
    const dir = folder({
      "clean.ts": "export const x = 1;\n",
      "two.py": `A = "${G}"\nB = "${FAKE.slackToken}"\n`,
      "bin.dat": Buffer.from([0x41, 0, 0x42]),
    });
    const clean = await fixCli(dir, ["clean.ts"]);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /No secrets found in 1 file\./);
    const cases: Array<[string[], RegExp]> = [
      [[], /no FILE given/],
      [["--store", "dynamodb", "clean.ts"], /--store must be secretsmanager or ssm/],
      [["--name", "a", "--name-prefix", "b/", "clean.ts"], /--name or --name-prefix, not both/],
      [["--add-version", "clean.ts"], /need --store/],
      [["--store", "ssm", "--name", "/aws/reserved", "clean.ts"], /--name: Parameter names may not begin with "aws" or "ssm"/],
      [["--store", "secretsmanager", "--kms-key-id", "my key", "clean.ts"], /--kms-key-id: Give a KMS key id/],
      [["--name", "app/one", "two.py"], /--name names one secret, and 2 different ones were found/],
      [["missing.ts"], /missing\.ts: cannot read/],
      [["bin.dat"], /bin\.dat: skipped: binary/],
    ];
    for (const [args, message] of cases) {
      const r = await fixCli(dir, args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, args.join(" "));
    }
    assert.equal(fs.readFileSync(path.join(dir, "two.py"), "utf8"), `A = "${G}"\nB = "${FAKE.slackToken}"\n`);
  });

  it("names a file whose scan runs past --scan-timeout, leaves it unchanged, exits 2 and fixes the others", async () => {
    // The folder's own allow pattern makes every GitHub token take forever to check; Slack tokens are quick.
    const slow = `const token = "${G}";\n`;
    const other = `SLACK = "${FAKE.slackToken}"\n`;
    const secretlintrc = { rules: [...SLOW_SECRETLINTRC.rules, { id: "@secretlint/secretlint-rule-slack" }] };
    const dir = folder({ "slow.ts": slow, "other.py": other, ".secretlintrc.json": JSON.stringify(secretlintrc) });
    const r = await fixCli(dir, ["--scan-timeout", "500", "slow.ts", "other.py"]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stderr, "agent-security fix: slow.ts: cannot check: took longer than 500 ms (--scan-timeout)\n");
    assert.match(r.stdout, /^other\.py:1:10 Slack token xoxb\*+: replaced by the Secrets Manager lookup of app\/slack/m);
    assert.equal(fs.readFileSync(path.join(dir, "slow.ts"), "utf8"), slow);
    assert.notEqual(fs.readFileSync(path.join(dir, "other.py"), "utf8"), other);
    assertNoRawValue(r.stdout + r.stderr);
    const zero = await fixCli(dir, ["--scan-timeout", "0", "slow.ts"]);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /--scan-timeout must be a positive number of milliseconds/);
  });

  it("exit 2 before any request without a region, or with plain http to another machine", async () => {
    const dir = folder({ "app.py": `TOKEN = "${G}"\n` });
    const noRegion = await fixCli(dir, ["--store", "secretsmanager", "app.py"], {
      AWS_CONFIG_FILE: "/nonexistent/config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    });
    assert.equal(noRegion.status, 2);
    assert.match(noRegion.stderr, /no AWS region: set AWS_REGION/);
    const plain = await fixCli(dir, ["--store", "ssm", "app.py"], { AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: "http://192.0.2.10:4566" });
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /AWS_ENDPOINT_URL uses plain http to another machine/);
    assert.equal(fs.readFileSync(path.join(dir, "app.py"), "utf8"), `TOKEN = "${G}"\n`);
  });

  describe("with the fake AWS server (faults moto does not produce)", () => {
    const server = new FakeAwsServer();
    let endpoint: string;
    before(async () => {
      endpoint = await server.start();
    });
    after(async () => server.stop());
    beforeEach(() => server.reset());
    const env = () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "AKIDFAKEFORTESTS0000",
      AWS_SECRET_ACCESS_KEY: "fake",
    });

    it("a KMS key that does not exist: exit 2, the key named, the file untouched", async () => {
      server.mode = "kmsKeyNotFound";
      const dir = folder({ "app.py": `TOKEN = "${G}"\n` });
      const r = await fixCli(dir, ["--store", "secretsmanager", "--kms-key-id", "alias/missing", "app.py"], env());
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /could not encrypt with the KMS key alias\/missing: check that it exists in eu-west-1/);
      assert.equal(server.requests[0].kmsKeyId, "alias/missing");
      assert.equal(fs.readFileSync(path.join(dir, "app.py"), "utf8"), `TOKEN = "${G}"\n`);
    });

    it("an AWS message quoting the value is never repeated; after an AWS error the run stops", async () => {
      server.mode = "validationQuotingValue";
      const dir = folder({ "a.py": `TOKEN = "${G}"\n`, "b.py": `SLACK = "${FAKE.slackToken}"\n` });
      const r = await fixCli(dir, ["--store", "secretsmanager", "a.py", "b.py"], env());
      assert.equal(r.status, 2);
      assertNoRawValue(r.stdout + r.stderr);
      assert.match(r.stderr, /Secrets Manager rejected the request \(ValidationException\)/);
      assert.equal(server.requests.length, 1, "the second file was still sent");
    });
  });
});
