import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { FAKE } from "../../fixtures/fakeSecrets";
import { removeTree, tempTree, writeTree } from "../../support/tempTree";

/** Code that leaves a marker file in the workspace when anything loads it. */
const evil = (name: string) =>
  `require("node:fs").writeFileSync(require("node:path").join(${JSON.stringify("__ROOT__")}, "LOADED-${name}"), "");\n` +
  `module.exports = { meta: { id: ${JSON.stringify(name)} }, create: () => ({}), creator: { meta: { id: ${JSON.stringify(name)} }, create: () => ({}) } };\n`;

/**
 * A workspace whose configuration names rule code it provides itself, in
 * every form secretlint itself would resolve: a package in node_modules, a
 * relative or absolute path, a preset, a configuration file that is code.
 */
function hostileWorkspace(config: Record<string, string>): string {
  const root = tempTree({});
  const files: Record<string, string> = {
    "node_modules/secretlint-rule-evil/package.json": JSON.stringify({ name: "secretlint-rule-evil", main: "index.js" }),
    "node_modules/secretlint-rule-evil/index.js": evil("package"),
    "node_modules/@evil/secretlint-rule-preset-evil/package.json": JSON.stringify({
      name: "@evil/secretlint-rule-preset-evil",
      main: "index.js",
    }),
    "node_modules/@evil/secretlint-rule-preset-evil/index.js": evil("preset"),
    "rules/evil.js": evil("relative"),
    "rules/absolute.js": evil("absolute"),
    ".secretlintrc.js": evil("config-js"),
    ...config,
  };
  const rootPath = root.split(path.sep).join("/");
  writeTree(root, Object.fromEntries(Object.entries(files).map(([file, text]) => [file, text.split("__ROOT__").join(rootPath)])));
  return root;
}

const loaded = (root: string) =>
  ["package", "preset", "relative", "absolute", "config-js", "yaml"].filter((name) => existsSync(path.join(root, `LOADED-${name}`)));

describe("workspace rule code is never loaded (the rules are the extension's own)", () => {
  it("ignores rules a .secretlintrc.json names by package, path or preset, with a problem for each, and keeps scanning", async () => {
    const root = hostileWorkspace({
      ".secretlintrc.json": JSON.stringify({
        rules: [
          { id: "@secretlint/secretlint-rule-preset-recommend" },
          { id: "secretlint-rule-evil" },
          { id: "evil" },
          { id: "./rules/evil.js" },
          { id: "__ROOT__/rules/absolute.js" },
          { id: "@evil/secretlint-rule-preset-evil", rules: [{ id: "secretlint-rule-evil" }] },
        ],
      }),
    });
    try {
      const policy = await WorkspacePolicy.load(root);
      const findings = await policy.scanSecrets(path.join(root, "app.ts"), `export const token = "${FAKE.githubToken}";\n`);
      assert.deepEqual(loaded(root), []);
      assert.deepEqual(
        findings.map((f) => f.kind),
        ["GitHub token"],
      );
      for (const id of ["secretlint-rule-evil", "evil", "./rules/evil.js", "rules/absolute.js", "@evil/secretlint-rule-preset-evil"]) {
        assert.ok(
          policy.problems.some((p) => p.includes(id) && /not bundled/.test(p)),
          `no problem names ${id}: ${JSON.stringify(policy.problems)}`,
        );
      }
    } finally {
      removeTree(root);
    }
  });

  it("never runs a configuration that is code (.secretlintrc.js), nor a YAML one's tags", async () => {
    const configs: Record<string, string>[] = [
      {},
      {
        ".secretlintrc.yaml": `rules:\n  - id: "@secretlint/secretlint-rule-preset-recommend"\n  - id: !!js/function "function () { require('fs').writeFileSync('__ROOT__/LOADED-yaml', '') }"\n`,
      },
    ];
    for (const config of configs) {
      const root = hostileWorkspace(config);
      try {
        const policy = await WorkspacePolicy.load(root);
        const findings = await policy.scanSecrets(path.join(root, "app.ts"), `export const token = "${FAKE.githubToken}";\n`);
        assert.deepEqual(loaded(root), []);
        assert.equal(findings.length, 1, "the recommended preset still applies");
      } finally {
        removeTree(root);
      }
    }
  });
});
