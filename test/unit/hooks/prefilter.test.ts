import * as assert from "node:assert/strict";
import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { mightHoldSecret, RULE_ANCHORS } from "../../../src/hooks/prefilter";
import { SecretScanner } from "../../../src/secrets/engine";
import { FAKE } from "../../fixtures/fakeSecrets";

/** Deterministic filler of a character class, so samples are the same every run. */
function fill(chars: string, length: number, seed: number): string {
  let out = "";
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += chars[x % chars.length];
  }
  return out;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const DIGITS = "0123456789";

/** One format-valid fake per bundled rule's pattern, written from the rule's own regular expressions. */
const SAMPLES: Record<string, string> = {
  awsSecret: `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`,
  awsSecretJson: `{"AWS_SECRET_ACCESS_KEY": "${FAKE.awsSecretAccessKey}"}`,
  privateKey: FAKE.privateKey,
  npm: `npm_${fill(ALNUM, 36, 1)}`,
  npmrc: `//registry.npmjs.org/:_authToken=${fill(HEX, 36, 2)}`,
  basicAuth: "https://deploy:Xk29fjQ81az@example.com/repo.git",
  slack: FAKE.slackToken,
  slackWebhook: `https://hooks.slack.com/services/T${fill(ALNUM, 8, 3)}/B${fill(ALNUM, 8, 4)}/${fill(ALNUM, 24, 5)}`,
  sendgrid: `SG.${fill(ALNUM, 22, 6)}.${fill(ALNUM, 43, 7)}`,
  shopify: `shpat_${fill(HEX, 32, 8)}`,
  stripe: `sk_live_${fill(ALNUM, 24, 9)}`,
  github: FAKE.githubToken,
  githubFineGrained: `github_pat_${fill(ALNUM, 82, 10)}`,
  gitlab: `glpat-${fill(ALNUM, 20, 11)}`,
  grafanaCloud: `glc_${fill(ALNUM, 40, 12)}`,
  grafanaServiceAccount: `glsa_${fill(ALNUM, 32, 13)}_${fill(HEX, 8, 14)}`,
  openai: `sk-${fill(ALNUM, 20, 15)}T3BlbkFJ${fill(ALNUM, 20, 16)}`,
  anthropic: `sk-ant-api03-${fill(ALNUM, 93, 17)}AA`,
  groq: `gsk_${fill(ALNUM, 52, 18)}`,
  huggingface: `hf_${fill("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34, 19)}`,
  linear: `lin_api_${fill(ALNUM, 40, 20)}`,
  notion: `ntn_${fill(DIGITS, 11, 21)}${fill(ALNUM, 35, 22)}`,
  postgres: FAKE.postgresUrl,
  mongodb: "mongodb+srv://admin:Hunter2Pass@cluster0.example.net/app",
  mysql: "mysql://root:S3cretPw9@db.internal:3306/shop",
  vault: `hvs.${fill(ALNUM, 95, 23)}`,
  vercel: `vcp_${fill(ALNUM, 24, 24)}`,
  databricks: `dapi${fill(HEX, 32, 25)}`,
  docker: `dckr_pat_${fill(ALNUM, 27, 26)}`,
  figma: `figd_${fill(ALNUM, 40, 27)}`,
  tailscale: `tskey-api-${fill(ALNUM, 16, 28)}-${fill(ALNUM, 30, 29)}`,
  lowercaseAwsSecret: `secret_access_key: "${fill(LOWER, 40, 30)}"`,
};

/** Ordinary prompts that should not cost a secretlint load. */
const CLEAN = [
  "Refactor the login handler in src/auth.ts to use async/await",
  "Why does the build fail on Windows? The error mentions the account page and a missing key.",
  "Add a unit test for parseConfig that covers an empty file",
  "Rename getUserById to findUser across the project and update the docs",
];

describe("secret prefilter", () => {
  let scanner: SecretScanner;
  before(async () => {
    scanner = await SecretScanner.create({
      rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }] }],
    });
  });

  it("knows an anchor for every rule of the bundled preset", () => {
    const ids = rules.map((r) => r.meta.id).sort();
    assert.deepEqual(Object.keys(RULE_ANCHORS).sort(), ids);
    for (const id of ids) {
      if (id !== "@secretlint/secretlint-rule-filter-comments") assert.ok(RULE_ANCHORS[id].length > 0, `${id} has no anchor`);
    }
  });

  for (const [name, sample] of Object.entries(SAMPLES)) {
    it(`lets ${name} through to secretlint when secretlint reports it`, async () => {
      const text = `config:\n  value: ${sample}\n`;
      const findings = await scanner.scan(text, "/w/settings.txt");
      if (findings.length > 0) assert.ok(mightHoldSecret(text, "/w/settings.txt"), `${name} would be skipped`);
    });
  }

  it("has samples secretlint really reports for nearly every rule", async () => {
    let reported = 0;
    for (const sample of Object.values(SAMPLES)) if ((await scanner.scan(`x: ${sample}\n`, "/w/a.txt")).length > 0) reported++;
    assert.ok(reported >= Object.keys(SAMPLES).length - 3, `only ${reported} samples are reported`);
  });

  it("passes AWS account IDs and access key IDs, found only with enableIDScanRule", async () => {
    for (const text of ["aws_account_id = 123456789012", "key AKIAQYLPMN5HHHFPZAM2"]) {
      assert.ok((await scanner.scan(text, "/w/a.txt")).length > 0);
      assert.ok(mightHoldSecret(text, "/w/a.txt"));
    }
  });

  it("skips ordinary prompts", () => {
    for (const prompt of CLEAN) assert.equal(mightHoldSecret(prompt, "/w/prompt"), false, prompt);
  });

  it("always scans .p12 files, whose rule looks at the file itself", () => {
    assert.ok(mightHoldSecret("binary", "/w/key.P12"));
  });
});
