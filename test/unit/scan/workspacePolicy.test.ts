import * as assert from "node:assert/strict";
import * as path from "node:path";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { fingerprint } from "../../../src/shared/mask";
import { FAKE } from "../../fixtures/fakeSecrets";
import { removeTree, tempTree } from "../../support/tempTree";

const GITHUB_ONLY_YAML = "rules:\n  - id: '@secretlint/secretlint-rule-github'\n";
const SLACK_ONLY_JSON = JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-slack" }] });
const TEXT = `a = "${FAKE.githubToken}"\nb = "${FAKE.slackToken}"\n`;

describe("workspace policy files", () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  async function load(files: Record<string, string>) {
    const root = tempTree(files);
    roots.push(root);
    const policy = await WorkspacePolicy.load(root);
    const kinds = (await policy.scanSecrets(path.join(root, "a.txt"), TEXT)).map((f) => f.kind);
    return { root, policy, kinds };
  }

  it("uses the recommended preset when the folder has no policy files", async () => {
    const { policy, kinds } = await load({ "a.txt": "" });
    assert.deepEqual(kinds, ["GitHub token", "Slack token"]);
    assert.deepEqual(policy.problems, []);
  });

  it("reads a YAML configuration (its parser loads only then), and the first configuration by precedence", async () => {
    assert.deepEqual((await load({ ".secretlintrc.yaml": GITHUB_ONLY_YAML })).kinds, ["GitHub token"]);
    assert.deepEqual((await load({ ".secretlintrc.yml": GITHUB_ONLY_YAML })).kinds, ["GitHub token"]);
    assert.deepEqual((await load({ ".secretlintrc": SLACK_ONLY_JSON, ".secretlintrc.yml": GITHUB_ONLY_YAML })).kinds, ["Slack token"]);
    assert.deepEqual((await load({ ".secretlintrc.json": SLACK_ONLY_JSON, ".secretlintrc": GITHUB_ONLY_YAML })).kinds, ["Slack token"]);
    const broken = await load({ ".secretlintrc.yml": "rules: [\n" });
    assert.match(broken.policy.problems[0], /^\.secretlintrc\.yml: not valid YAML/);
    assert.deepEqual(broken.kinds, ["GitHub token", "Slack token"]);
  });

  it("reads configuration and project files nested too deeply for the parser as a problem, keeping the defaults", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const json = await load({ ".secretlintrc.json": deep, ".agent-security.json": deep });
    assert.deepEqual(json.policy.problems, [
      ".secretlintrc.json: nested too deeply to read; using the recommended preset",
      ".agent-security.json: nested too deeply to read; its suppressions are not applied",
    ]);
    assert.deepEqual(json.kinds, ["GitHub token", "Slack token"]);
    const yaml = await load({ ".secretlintrc.yaml": "a:\n".repeat(1) + "[".repeat(100_000) });
    assert.deepEqual(yaml.kinds, ["GitHub token", "Slack token"]);
  });

  it("reads .secretlintignore and the project file's suppressions", async () => {
    const suppression = { file: "a.txt", check: "@secretlint/secretlint-rule-github", fingerprint: fingerprint(FAKE.githubToken) };
    const { root, policy, kinds } = await load({
      ".secretlintignore": "ignored/\n",
      ".agent-security.json": JSON.stringify({ ignore: [suppression] }),
    });
    assert.ok(policy.isExcluded(path.join(root, "ignored", "x.ts")));
    assert.deepEqual(kinds, ["Slack token"]);
  });

  it("falls back to the defaults when the folder cannot be listed", async () => {
    const { root } = await load({ "file.txt": "" });
    const policy = await WorkspacePolicy.load(path.join(root, "file.txt"));
    assert.deepEqual(policy.problems, []);
    assert.equal((await policy.scanSecrets("/elsewhere/a.txt", TEXT)).length, 2);
  });
});
