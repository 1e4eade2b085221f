import * as assert from "node:assert/strict";
import { SecretScanner } from "../../../../src/secrets/engine";
import { kindDocsUrl, kindName, kindSlug } from "../../../../src/secrets/kinds";
import { mightHoldSecret } from "../../../../src/secrets/prefilter";
import { GENERIC_RULE_ID, PROVIDER_RULE_ID } from "../../../../src/secrets/rules/ids";
import { isPlaceholderValue } from "../../../../src/secrets/rules/placeholder";
import { allProviderPatterns } from "../../../../src/secrets/rules/providers";
import { maskSecret } from "../../../../src/shared/mask";
import { FAKE } from "../../../fixtures/fakeSecrets";

const PRESET = "@secretlint/secretlint-rule-preset-recommend";
/** Fakes in documented formats, written for this test. */
const OPENAI_PROJECT_KEY =
  "sk-proj-" + "Qm7vX2pL9rT4wZ8kN3bH6jD1fS5gA0cE".repeat(3) + "T3BlbkFJ" + "yU8iO2pQ4wE6rT9yZ1xC3vB5nM7kL0jH".repeat(2);
const PASSWORD = "Vq7#mLp2zR9w";
const text = `OPENAI_API_KEY=${OPENAI_PROJECT_KEY}\nDB_PASSWORD = "${PASSWORD}"\n`;

const byRule = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);

describe("Agent Security's secretlint rules in the scanner", () => {
  it("run next to the preset by default, with kind, docs, severity and a mask that shows the key's type", async () => {
    const findings = await (await SecretScanner.create()).scan(text, "/w/.env");
    assert.deepEqual(byRule(findings), [PROVIDER_RULE_ID, GENERIC_RULE_ID]);
    const [key, password] = findings;
    assert.equal(key.messageId, "OPENAI_PROJECT_KEY");
    assert.equal(key.kind, "OpenAI project API key");
    assert.equal(key.severity, "error");
    assert.match(key.docsUrl ?? "", /^https:\/\/platform\.openai\.com\//);
    assert.match(key.masked, /^sk-proj-\*+$/);
    assert.equal(text.slice(key.offset, key.offset + key.length), OPENAI_PROJECT_KEY);
    assert.equal(password.kind, "Password");
    assert.equal(password.severity, "warning");
    assert.equal(text.slice(password.offset, password.offset + password.length), PASSWORD);
  });

  it("honour .secretlintrc severity, options.allows, allowMessageIds and disabled", async () => {
    const severity = await SecretScanner.create({
      rules: [{ id: PRESET }, { id: GENERIC_RULE_ID, severity: "error" }, { id: PROVIDER_RULE_ID, severity: "info" }],
    });
    assert.deepEqual(
      (await severity.scan(text, "/w/.env")).map((f) => f.severity),
      ["info", "error"],
    );
    const allows = await SecretScanner.create({
      rules: [
        { id: PRESET },
        { id: PROVIDER_RULE_ID, options: { allows: ["/^sk-proj-Qm7v/"] } },
        { id: GENERIC_RULE_ID, options: { allows: [PASSWORD] } },
      ],
    });
    assert.deepEqual(await allows.scan(text, "/w/.env"), []);
    const messageIds = await SecretScanner.create({
      rules: [{ id: PRESET }, { id: PROVIDER_RULE_ID, allowMessageIds: ["OPENAI_PROJECT_KEY"] }],
    });
    assert.deepEqual(byRule(await messageIds.scan(text, "/w/.env")), [GENERIC_RULE_ID]);
    const disabled = await SecretScanner.create({ rules: [{ id: PRESET }, { id: GENERIC_RULE_ID, disabled: true }] });
    assert.deepEqual(byRule(await disabled.scan(text, "/w/.env")), [PROVIDER_RULE_ID]);
    assert.deepEqual(disabled.problems, []);
  });

  it("leave a configuration that picks single rules as it is", async () => {
    const slackOnly = await SecretScanner.create({ rules: [{ id: "@secretlint/secretlint-rule-slack" }] });
    assert.deepEqual(await slackOnly.scan(text, "/w/.env"), []);
    const ours = await SecretScanner.create({ rules: [{ id: GENERIC_RULE_ID }] });
    assert.deepEqual(byRule(await ours.scan(text, "/w/.env")), [GENERIC_RULE_ID]);
  });

  it("are silenced by secretlint's disable comments", async () => {
    const scanner = await SecretScanner.create();
    const silenced = `OPENAI_API_KEY=${OPENAI_PROJECT_KEY} # secretlint-disable-line\n# secretlint-disable-next-line\nDB_PASSWORD = "${PASSWORD}"\n`;
    assert.deepEqual(await scanner.scan(silenced, "/w/settings.py"), []);
  });

  it("report a value the preset already reports once, by the preset", async () => {
    const findings = await (await SecretScanner.create()).scan(`GITHUB_TOKEN=${FAKE.githubToken}\n`, "/w/.env");
    assert.deepEqual(byRule(findings), ["@secretlint/secretlint-rule-github"]);
  });

  it("drop placeholders for every rule, the preset's included", async () => {
    const placeholders = [
      "token ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "url: mongodb+srv://<user>:<password>@cluster0.example.net/app",
      "STRIPE_SECRET_KEY=sk_live_000000000000000000000000",
      "OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "postgres://app:${POSTGRES_PASSWORD}@db:5432/app",
    ];
    for (const scanner of [
      await SecretScanner.create(),
      await SecretScanner.create({
        rules: [{ id: PRESET }, { id: PROVIDER_RULE_ID, disabled: true }, { id: GENERIC_RULE_ID, disabled: true }],
      }),
    ]) {
      for (const placeholder of placeholders) assert.deepEqual(await scanner.scan(placeholder, "/w/README.md"), [], placeholder);
    }
  });

  it("tells placeholders from secrets by what is left after filler and prefix", () => {
    for (const value of [
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "****",
      "<password>",
      "${DB_PASSWORD}",
      "{{ token }}",
      "AKIA0000000000000000",
      "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXT3BlbkFJXXXX",
    ]) {
      assert.equal(isPlaceholderValue(value), true, value);
    }
    for (const value of [FAKE.githubToken, OPENAI_PROJECT_KEY, PASSWORD, "mongodb+srv://app:Hunter2Pass@cluster0.example.net/app"]) {
      assert.equal(isPlaceholderValue(value), false, value);
    }
  });

  it("reach the prefilter, which still skips ordinary prompts", () => {
    assert.ok(mightHoldSecret(`deploy with ${OPENAI_PROJECT_KEY}`, "/w/prompt"));
    assert.ok(mightHoldSecret(`DB_PASSWORD = "${PASSWORD}"`, "/w/prompt"));
    for (const prompt of [
      "Refactor the login handler to use async/await",
      "Why does the build fail? The error mentions a missing key.",
      "Add a test for the password reset token expiry",
      "Explain the social associate program",
    ]) {
      assert.equal(mightHoldSecret(prompt, "/w/prompt"), false, prompt);
    }
  });

  it("name every kind of the provider tables, with a docs link and a slug for secret names", () => {
    for (const pattern of allProviderPatterns) {
      assert.equal(kindName(pattern.id, PROVIDER_RULE_ID), pattern.name);
      assert.equal(kindDocsUrl(pattern.id), pattern.docsUrl);
      assert.match(kindSlug(pattern.id, PROVIDER_RULE_ID), /^[a-z0-9]+(?:-[a-z0-9]+)*$/, pattern.id);
    }
  });

  it("masks show a token's type prefix, never more than a quarter of it", () => {
    assert.equal(maskSecret(OPENAI_PROJECT_KEY), "sk-proj-" + "*".repeat(16));
    assert.equal(
      maskSecret("github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"),
      "github_pat_" + "*".repeat(16),
    );
    assert.equal(maskSecret(FAKE.githubToken).slice(0, 5), "ghp_*");
    assert.equal(maskSecret("ab-cdefghijklmno"), "ab-c************");
    assert.equal(maskSecret(PASSWORD), "*".repeat(12));
  });
});
