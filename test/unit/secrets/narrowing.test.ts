import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { SecretLintCoreConfig, SecretLintCoreResult } from "@secretlint/types";
import { decodeText } from "../../../src/scan/fileText";
import { resolveSecretlintConfig } from "../../../src/secrets/config";
import { NarrowedConfigs } from "../../../src/secrets/narrow";
import { PROVIDER_RULE_ID } from "../../../src/secrets/rules/ids";
import { loadSecretlint, type Secretlint } from "../../../src/secrets/secretlint";
import { FAKE } from "../../fixtures/fakeSecrets";
import { SAMPLES } from "../../fixtures/secretSamples";

const REPO = path.join(__dirname, "..", "..", "..");
const PRESET = "@secretlint/secretlint-rule-preset-recommend";

/** Configurations as users write them, resolved the way the scanner does. */
const SECRETLINTRCS: Record<string, unknown> = {
  "recommended preset": { rules: [{ id: PRESET }] },
  "preset with every option kind": {
    rules: [
      {
        id: PRESET,
        rules: [
          { id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } },
          { id: "@secretlint/secretlint-rule-github", options: { allows: ["/ghp_wWPw/"] } },
          { id: "@secretlint/secretlint-rule-slack", severity: "warning" },
          { id: "@secretlint/secretlint-rule-database-connection-string", allowMessageIds: ["MongoDBConnection"] },
        ],
      },
    ],
  },
  "single rules without the preset": {
    rules: [{ id: "secretlint-rule-github" }, { id: "basicauth" }, { id: "@secretlint/secretlint-rule-privatekey", severity: "info" }],
  },
  "disabled preset and one rule": { rules: [{ id: PRESET, disabled: true }, { id: "@secretlint/secretlint-rule-npm" }] },
  // secretlint throws on every scan: narrowing must not hide that.
  "a rule named twice": { rules: [{ id: PRESET }, { id: "@secretlint/secretlint-rule-github" }] },
};

/** Every sample alone and in company, quoted, in JSON, with disable comments; and the repository's own files. */
function corpus(): Array<{ name: string; text: string; filePath: string }> {
  const texts: Array<{ name: string; text: string; filePath: string }> = [];
  const add = (name: string, text: string, filePath = "/w/file.txt") => texts.push({ name, text, filePath });
  const all = Object.values(SAMPLES);
  for (const [name, sample] of Object.entries(SAMPLES)) {
    add(name, `config:\n  value: ${sample}\n`);
    add(`${name} quoted in code`, `const value = "${sample}";\n`, "/w/src/config.ts");
    add(`${name} in JSON`, JSON.stringify({ value: sample, other: "x" }, null, 2), "/w/settings.json");
    add(`${name} after a disable comment`, `// secretlint-disable-next-line\nconst a = "${sample}";\nconst b = "${sample}";\n`, "/w/a.js");
  }
  add("every sample", all.join("\n"));
  // The rules match these URLs case-insensitively.
  for (const name of ["slackWebhook", "mongodb", "mysql", "postgres", "basicAuth"])
    add(`${name} in capitals`, `url = ${SAMPLES[name].replace(/^[a-z+]+:\/\/[^/]*/i, (m) => m.toUpperCase())}\n`);
  add("jdbc URL", "jdbc:MySQLx://root:S3cretPw9@db.internal:3306/shop\n");
  add("every sample in package.json", JSON.stringify({ name: "x", repository: { url: all.join(" ") } }), "/w/package.json");
  add("npmrc", `//registry.npmjs.org/:_authToken=${"a1b2c3d4".repeat(5)}\n`, "/w/.npmrc");
  add("private key in a PEM file", FAKE.privateKey, "/w/deploy_key.pem");
  add("escaped JSON", '{"private_key": "-----BEGIN\\u0020PRIVATE KEY-----"}', "/w/sa.json");
  add("a .p12 file name", "\u0000binary", "/w/key.p12");
  add("empty", "");
  add("byte order mark", `\uFEFF${SAMPLES.github}`);
  // Real files: code, docs and fixtures with URLs, escapes and near-misses.
  for (const dir of ["src", "test/fixtures", "test/integration/workspace", "docs", "samples"]) {
    for (const file of filesUnder(path.join(REPO, dir))) {
      const text = decodeText(readFileSync(file));
      if (text !== undefined) add(path.relative(REPO, file), text, file);
    }
  }
  return texts;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return e.isFile() && statSync(p).size < 512 * 1024 ? [p] : [];
  });
}

async function lint(
  secretlint: Secretlint,
  config: SecretLintCoreConfig,
  text: string,
  filePath: string,
): Promise<SecretLintCoreResult["messages"] | string> {
  try {
    const result = await secretlint.lintSource({
      source: { filePath, content: text, contentType: "text" },
      options: { config, noPhysicFilePath: true },
    });
    return result.messages;
  } catch (error) {
    return `throws: ${(error as Error).message}`;
  }
}

describe("rule narrowing", function () {
  this.timeout(120_000);
  let secretlint: Secretlint;
  const texts = corpus();
  before(async () => {
    secretlint = await loadSecretlint();
  });

  for (const [label, secretlintrc] of Object.entries(SECRETLINTRCS)) {
    it(`reports exactly what the whole configuration reports: ${label}`, async () => {
      const { config } = resolveSecretlintConfig(secretlintrc, secretlint);
      // With the exact tests of our rules, as the scanner narrows.
      const narrowed = new NarrowedConfigs(config, secretlint.ourRuleExactTests);
      let skipped = 0;
      let reported = 0;
      for (const { name, text, filePath } of texts) {
        const whole = await lint(secretlint, config, text, filePath);
        const only = narrowed.configFor(text, filePath);
        if (!only) skipped++;
        const part = only ? await lint(secretlint, only, text, filePath) : [];
        assert.deepEqual(part, whole, `${label}: ${name}`);
        if (Array.isArray(whole) && whole.length > 0) reported++;
      }
      if (label !== "a rule named twice") {
        assert.ok(skipped >= 100, `${label}: only ${skipped} of ${texts.length} texts skip secretlint`);
        assert.ok(reported > 10 || label === "disabled preset and one rule", `${label}: the corpus holds findings (${reported})`);
      }
    });
  }

  it("runs only the rules whose anchors the text holds, with disable comments always", () => {
    const { config } = resolveSecretlintConfig({ rules: [{ id: PRESET }] }, secretlint);
    const only = new NarrowedConfigs(config).configFor(`token ${FAKE.githubToken}`, "/w/a.txt")!;
    const registered: string[] = [];
    only.rules[0].rule.create(
      { sharedOptions: {}, registerRule: (rule: { meta: { id: string } }) => registered.push(rule.meta.id) } as never,
      {},
    );
    assert.deepEqual(registered, ["@secretlint/secretlint-rule-github", "@secretlint/secretlint-rule-filter-comments"]);
    assert.equal(new NarrowedConfigs(config).configFor("const x = 1;\n", "/w/a.ts"), undefined);
  });

  it("leaves out the provider rule where its anchors and keywords occur but none of its patterns match", () => {
    const { config } = resolveSecretlintConfig({}, secretlint);
    const text = "const storage = patch(re_render, ociConfig);\n";
    const ids = (c: SecretLintCoreConfig | undefined) => c?.rules.map((entry) => entry.id);
    assert.ok(
      ids(new NarrowedConfigs(config).configFor(text, "/w/a.ts"))?.includes(PROVIDER_RULE_ID),
      "the quick test lets the text through",
    );
    assert.equal(new NarrowedConfigs(config, secretlint.ourRuleExactTests).configFor(text, "/w/a.ts"), undefined);
  });
});
