import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { FAKE } from "../../fixtures/fakeSecrets";
import { ROOT } from "../../support/dist";
import { cleanEnv, installPackedCli, type PackedCli } from "../../support/packedCli";
import { removeTree, tempTree, writeTree } from "../../support/tempTree";

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  types?: string[];
  pass_filenames?: boolean;
}

const HOOKS: HookDefinition[] = parse(readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8"));
const hook = (id: string) => HOOKS.find((h) => h.id === id)!;

describe("pre-commit hooks (.pre-commit-hooks.yaml)", function () {
  this.timeout(180_000);

  let packed: PackedCli;
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: repo,
      encoding: "utf8",
    });

  before(() => {
    // pre-commit installs a node hook repository by packing it and installing the tarball globally into the hook's environment.
    packed = installPackedCli();
    repo = tempTree({
      "README.md": "# app\n",
      "deploy/policy.json": JSON.stringify(
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
        null,
        2,
      ),
    });
    git("init", "--quiet");
    git("add", ".");
    git("commit", "--quiet", "-m", "start");
  });
  after(() => {
    packed?.dispose();
    if (repo) removeTree(repo);
  });

  /**
   * Runs a hook the way pre-commit does: its entry, split on spaces, followed
   * by the staged files (added, copied, modified or renamed), from the
   * repository's root, with the hook environment's bin folder first on PATH.
   */
  function runHook(id: string) {
    const { entry, language, pass_filenames } = hook(id);
    assert.equal(language, "node");
    const staged = git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").split("\0").filter(Boolean);
    const [command, ...entryArgs] = entry.split(" ");
    const env = cleanEnv({ PATH: `${packed.binDir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin` });
    const result = spawnSync(command, [...entryArgs, ...(pass_filenames === false ? [] : staged)], {
      cwd: repo,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    const output = result.stdout + result.stderr;
    assert.ok(!output.includes(FAKE.githubToken) && !output.includes(FAKE.awsSecretAccessKey), "the hook printed a raw secret");
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("declares a secrets hook and an IAM hook on text files, both running the agent-security bin", () => {
    assert.deepEqual(
      HOOKS.map((h) => h.id),
      ["agent-security-secrets", "agent-security-iam"],
    );
    for (const h of HOOKS) {
      assert.match(h.entry, /^agent-security (scan|iam)$/);
      assert.deepEqual(h.types, ["text"]);
    }
  });

  it("secrets: fails on a staged secret, masked, and names only staged files", () => {
    writeTree(repo, {
      "src/config.ts": `export const token = "${FAKE.githubToken}";\n`,
      "notes/unstaged.env": `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecretAccessKey}\n`,
    });
    git("add", "src/config.ts");
    const result = runHook("agent-security-secrets");
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^src\/config\.ts:1:\d+ GitHub token ghp_\*+\n$/);
    git("reset", "--quiet");
    removeTree(path.join(repo, "notes"));
  });

  it("secrets: passes when the staged files are clean", () => {
    writeTree(repo, { "src/config.ts": 'export const token = process.env.GITHUB_TOKEN ?? "";\n' });
    git("add", "src/config.ts");
    const result = runHook("agent-security-secrets");
    assert.deepEqual(result, { status: 0, stdout: "", stderr: "" });
    git("commit", "--quiet", "-m", "config");
  });

  it("IAM: fails on a staged service wildcard, passes the files that hold no policy", () => {
    writeTree(repo, {
      "deploy/policy.json": JSON.stringify(
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
        null,
        2,
      ),
      "README.md": "# app\n\nThe deploy role's Statement grants the Action it needs.\n",
    });
    git("add", "deploy/policy.json", "README.md");
    const result = runHook("agent-security-iam");
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^deploy\/policy\.json:\d+:\d+ iam-service-wildcard /m);
    assert.doesNotMatch(result.stdout, /README\.md/);
  });
});
