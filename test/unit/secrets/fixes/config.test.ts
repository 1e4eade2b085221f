import * as assert from "node:assert/strict";
import { isCloudFormation, isServerlessConfig } from "../../../../src/secrets/fixes";
import { applyEdits } from "../../../../src/shared/text";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { assertDisjoint, assertFindingGone, fixFor, lines, parseYaml, scanner } from "../../../support/fixHarness";

const G = FAKE.githubToken;
const indentKey = (indent: string) =>
  FAKE.privateKey
    .split("\n")
    .map((l) => indent + l)
    .join("\n");

/** Applies every fix, checks the secret is gone, and parses YAML/JSON outputs. */
async function fixAll(text: string, file: string, which = 0) {
  const fixed = await fixFor(text, file, { which });
  for (const fix of fixed.fixes) {
    assertDisjoint(fix);
    const out = applyEdits(text, fix.edits);
    if (fix.edits.length > 0) await assertFindingGone(text, out, file, fixed.finding);
    if (/\.ya?ml$/.test(file)) parseYaml(out);
    if (/\.json$/.test(file)) JSON.parse(out);
  }
  return fixed;
}

const template = lines(
  `AWSTemplateFormatVersion: "2010-09-09"`,
  `Transform: AWS::Serverless-2016-10-31`,
  `Resources:`,
  `  Fn:`,
  `    Type: AWS::Serverless::Function`,
  `    Properties:`,
  `      Environment:`,
  `        Variables:`,
  `          GITHUB_TOKEN: ${G}`,
  `          AUTH: 'Bearer ${G}'`,
  `          URL: !Sub "https://\${Host}/?token=${G}"`,
  `  Task:`,
  `    Type: AWS::ECS::TaskDefinition`,
  `    Properties:`,
  `      ContainerDefinitions:`,
  `        - Name: app`,
  `          Environment:`,
  `            - Name: SLACK_TOKEN`,
  `              Value: ${FAKE.slackToken}`,
  `  Cert:`,
  `    Type: Custom::Cert`,
  `    Properties:`,
  `      Key: |`,
  indentKey("        "),
  `      Other: !Ref Thing`,
  ``,
);

describe("secret fixes: CloudFormation, Serverless and configuration files", () => {
  it("detects CloudFormation and SAM by content, and Serverless by name", () => {
    assert.equal(isCloudFormation(template), true);
    assert.equal(isCloudFormation(`Resources:\n  B:\n    Type: AWS::S3::Bucket\n`), true);
    assert.equal(isCloudFormation(`{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`), true);
    assert.equal(isCloudFormation(`apiVersion: v1\nkind: Secret\n`), false);
    assert.equal(isServerlessConfig("/w/svc/serverless.yml"), true);
    assert.equal(isServerlessConfig("/w/svc/not-serverless.yml"), false);
  });

  it("writes a quoted dynamic reference for a plain scalar in a template", async () => {
    const fixed = await fixAll(template, "/w/template.yaml", 0);
    const out = fixed.sm!;
    assert.match(out, /\n {10}GITHUB_TOKEN: "\{\{resolve:secretsmanager:app\/github-token\}\}"\n/);
    const parsed = parseYaml(out) as Array<{ Resources: { Fn: { Properties: { Environment: { Variables: Record<string, unknown> } } } } }>;
    assert.equal(parsed[0].Resources.Fn.Properties.Environment.Variables.GITHUB_TOKEN, "{{resolve:secretsmanager:app/github-token}}");
    assert.match(fixed.ssm!, /GITHUB_TOKEN: "\{\{resolve:ssm-secure:\/app\/github-token\}\}"/);
    assert.equal(
      fixed.ignore,
      template.replace(
        `          GITHUB_TOKEN:`,
        `          # secretlint-disable-next-line -- ignored via Agent Security Hooks\n          GITHUB_TOKEN:`,
      ),
    );
  });

  it("keeps the rest of quoted and !Sub strings", async () => {
    const auth = await fixAll(template, "/w/template.yaml", 1);
    assert.match(auth.sm!, /AUTH: 'Bearer \{\{resolve:secretsmanager:app\/auth\}\}'/);
    const sub = await fixAll(template, "/w/template.yaml", 2);
    assert.match(sub.sm!, /URL: !Sub "https:\/\/\$\{Host\}\/\?token=\{\{resolve:secretsmanager:app\/url\}\}"/);
  });

  it("names an ECS environment value after its Name", async () => {
    const fixed = await fixAll(template, "/w/template.yaml", 3);
    assert.equal(fixed.finding.messageId, "SLACK_TOKEN");
    assert.match(fixed.sm!, /- Name: SLACK_TOKEN\n {14}Value: "\{\{resolve:secretsmanager:app\/slack-token\}\}"/);
  });

  it("replaces a block scalar whole, and puts ignore comments around its key", async () => {
    const fixed = await fixAll(template, "/w/template.yaml", 4);
    assert.equal(fixed.finding.messageId, "PrivateKey");
    assert.match(fixed.sm!, /\n {6}Key: "\{\{resolve:secretsmanager:app\/key\}\}"\n {6}Other: !Ref Thing\n$/);
    assert.match(fixed.ignore!, /\n {6}# secretlint-disable -- ignored via Agent Security Hooks\n {6}Key: \|\n/);
    assert.match(
      fixed.ignore!,
      /-----END PRIVATE KEY-----\n {6}# secretlint-enable -- ignored via Agent Security Hooks\n {6}Other: !Ref Thing\n$/,
    );
  });

  it("writes a template in JSON with the reference in the string", async () => {
    const text = `{\n  "Resources": {\n    "Db": {\n      "Type": "AWS::RDS::DBInstance",\n      "Properties": { "MasterUserPassword": "${G}" }\n    }\n  }\n}\n`;
    const fixed = await fixAll(text, "/w/template.json");
    assert.equal(fixed.sm, text.replace(G, "{{resolve:secretsmanager:app/master-user-password}}"));
    assert.equal(fixed.ssm, text.replace(G, "{{resolve:ssm-secure:/app/master-user-password}}"));
  });

  it("uses Serverless variables in serverless.yml", async () => {
    const text = lines(
      `service: api`,
      `provider:`,
      `  environment:`,
      `    GITHUB_TOKEN: ${G}`,
      `    LIST: [a, Bearer ${FAKE.slackToken}]`,
      ``,
    );
    const first = await fixAll(text, "/w/serverless.yml", 0);
    assert.match(first.sm!, /\n {4}GITHUB_TOKEN: \$\{ssm:\/aws\/reference\/secretsmanager\/app\/github-token\}\n/);
    assert.match(first.ssm!, /\n {4}GITHUB_TOKEN: \$\{ssm:\/app\/github-token\}\n/);
    const second = await fixAll(text, "/w/serverless.yml", 1);
    assert.match(second.sm!, /LIST: \[a, "Bearer \$\{ssm:\/aws\/reference\/secretsmanager\/app\/list\}"\]/);
  });

  it("puts a dynamic-reference placeholder in plain YAML, quoting where YAML needs it", async () => {
    const text = lines(`db:`, `  url: ${FAKE.postgresUrl}`, `flow: {token: ${G}}`, `---`, `second: "x ${FAKE.slackToken}"`, ``);
    const url = await fixAll(text, "/w/app.yaml", 0);
    assert.match(url.sm!, /\n {2}url: "\{\{resolve:secretsmanager:app\/url\}\}"\n/);
    const flow = await fixAll(text, "/w/app.yaml", 1);
    assert.match(flow.sm!, /\nflow: \{token: "\{\{resolve:secretsmanager:app\/token\}\}"\}\n/);
    const second = await fixAll(text, "/w/app.yaml", 2);
    assert.match(second.sm!, /\nsecond: "x \{\{resolve:secretsmanager:app\/second\}\}"\n/);
  });

  it("keeps YAML CRLF and the key's indentation", async () => {
    const text = `a:\r\n  b:\r\n    token: ${G}\r\n`;
    const fixed = await fixAll(text, "/w/crlf.yml");
    assert.equal(fixed.sm, `a:\r\n  b:\r\n    token: "{{resolve:secretsmanager:app/token}}"\r\n`);
    assert.equal(
      fixed.ignore,
      `a:\r\n  b:\r\n    # secretlint-disable-next-line -- ignored via Agent Security Hooks\r\n    token: ${G}\r\n`,
    );
  });

  it("ignores in JSON through the project file, not an edit", async () => {
    const text = `{\n  "github": { "token": "${G}" }\n}\n`;
    const fixed = await fixAll(text, "/w/config.json");
    assert.match(fixed.sm!, /"token": "\{\{resolve:secretsmanager:app\/token\}\}"/);
    const ignore = fixed.fixes.find((f) => !f.store)!;
    assert.deepEqual(ignore.edits, []);
    assert.deepEqual(ignore.suppression, {
      file: "config.json",
      check: "@secretlint/secretlint-rule-github",
      fingerprint: fixed.finding.fingerprint,
    });
  });

  it("replaces a JSON private key string whole", async () => {
    const text = `{"private_key": "${FAKE.privateKey.replace(/\n/g, "\\n")}\\n", "n": 1}\n`;
    const fixed = await fixAll(text, "/w/sa.json");
    assert.equal(fixed.sm, `{"private_key": "{{resolve:secretsmanager:app/private-key}}", "n": 1}\n`);
  });

  it("writes the placeholder in .env and .properties files", async () => {
    const env = lines(`# settings`, `GITHUB_TOKEN=${G}`, `SLACK_TOKEN="${FAKE.slackToken}"`, ``);
    const a = await fixAll(env, "/w/.env.local", 0);
    assert.equal(a.sm, env.replace(G, "{{resolve:secretsmanager:app/github-token}}"));
    assert.equal(
      a.ignore,
      env.replace("GITHUB_TOKEN=", "# secretlint-disable-next-line -- ignored via Agent Security Hooks\nGITHUB_TOKEN="),
    );
    const b = await fixAll(env, "/w/.env.local", 1);
    assert.equal(b.ssm, env.replace(FAKE.slackToken, "{{resolve:ssm-secure:/app/slack-token}}"));
    const props = lines(`api.key=${G}`, `slack.token: ${FAKE.slackToken}`, ``);
    assert.equal((await fixAll(props, "/w/app.properties", 0)).sm, props.replace(G, "{{resolve:secretsmanager:app/api-key}}"));
    assert.equal(
      (await fixAll(props, "/w/app.properties", 1)).sm,
      props.replace(FAKE.slackToken, "{{resolve:secretsmanager:app/slack-token}}"),
    );
  });

  it("puts the placeholder in other text, and ignores it through the project file", async () => {
    const text = `notes\ntoken ${G}\n`;
    const fixed = await fixAll(text, "/w/notes.txt");
    assert.equal(fixed.sm, `notes\ntoken {{resolve:secretsmanager:app/token}}\n`);
    const ignore = fixed.fixes.find((f) => !f.store)!;
    assert.deepEqual(ignore.edits, []);
    assert.equal(ignore.suppression?.file, "notes.txt");
    assert.deepEqual(await scanner.scan(fixed.sm, "/w/notes.txt"), []);
  });
});
