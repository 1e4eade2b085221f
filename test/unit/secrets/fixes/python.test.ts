import * as assert from "node:assert/strict";
import { applyEdits } from "../../../../src/shared/text";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { assertDisjoint, assertFindingGone, fixFor, lines, pythonProblems, scanner, type Fixed } from "../../../support/fixHarness";

const G = FAKE.githubToken;

const CASES: Record<string, string> = {
  header: lines(
    `"""Settings."""`,
    `from __future__ import annotations`,
    ``,
    `import os`,
    `from typing import (`,
    `    Any,`,
    `)`,
    ``,
    `GITHUB_TOKEN = "${G}"`,
    ``,
  ),
  partial: lines(
    `import requests`,
    ``,
    `def call():`,
    `    return requests.get("https://x", headers={"Authorization": "Bearer ${G} {x}"})`,
    ``,
  ),
  bare: lines(`token = '${G}'`, `print(token)`, ``),
  existingImport: lines(`import boto3`, ``, `client = boto3.client("s3")`, `db_password = "${FAKE.postgresUrl}"`, ``),
  keyword: lines(`import slack`, ``, `client = slack.Client(api_key="${G}")`, ``),
  envDefault: lines(`import os`, ``, `token = os.environ.get("GITHUB_TOKEN", "${G}")`, ``),
  bytes: lines(`HEADER = b"token ${G}"`, ``),
  privateKey: lines(`KEY = """${FAKE.privateKey}`, `"""`, ``),
  continuation: lines(`x = \\`, `    "${G}"`, ``),
  implicitConcat: lines(`URL = ("https://api.example.com/?token="`, `       "${G}")`, ``),
  classBody: lines(`class Config:`, `\tdef token(self):`, `\t\tif True:`, `\t\t\treturn "${G}"`, ``),
};

describe("secret fixes: Python", () => {
  const results = new Map<string, Fixed>();
  let compiled: Record<string, string> = {};

  before(async () => {
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(CASES)) {
      const fixed = await fixFor(text, `/w/${name}.py`);
      results.set(name, fixed);
      for (const [kind, out] of [
        ["sm", fixed.sm],
        ["ssm", fixed.ssm],
        ["ignore", fixed.ignore],
      ] as const) {
        if (out !== undefined) files[`${name}.${kind}`] = out;
      }
    }
    compiled = pythonProblems(files);
  });

  const get = (name: string) => results.get(name)!;

  it("compiles every fixed file with py_compile", () => {
    assert.ok(Object.keys(compiled).length >= 30);
    assert.deepEqual(
      Object.entries(compiled).filter(([, e]) => e),
      [],
    );
  });

  it("has a compiler that rejects bad code (control)", () => {
    assert.notEqual(pythonProblems({ bad: `x = f"{'a' 'b'"\n` }).bad, "");
  });

  it("removes the secret, with disjoint edits, in every fix", async () => {
    for (const [name, text] of Object.entries(CASES)) {
      for (const fix of get(name).fixes) {
        assertDisjoint(fix);
        await assertFindingGone(text, applyEdits(text, fix.edits), `/w/${name}.py`, get(name).finding);
      }
    }
  });

  it("puts import boto3 after the docstring, __future__ and imports, and the helper after it", () => {
    assert.equal(
      get("header").sm,
      lines(
        `"""Settings."""`,
        `from __future__ import annotations`,
        ``,
        `import os`,
        `from typing import (`,
        `    Any,`,
        `)`,
        `import boto3`,
        ``,
        ``,
        `def get_secret(secret_id):`,
        `    """Reads a secret from AWS Secrets Manager (added by Agent Security Hooks)."""`,
        `    return boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]`,
        ``,
        ``,
        `GITHUB_TOKEN = get_secret("app/github-token")`,
        ``,
      ),
    );
    assert.match(
      get("header").ssm!,
      /\ndef get_parameter\(name\):\n {4}""".*"""\n {4}return boto3\.client\("ssm"\)\.get_parameter\(Name=name, WithDecryption=True\)\["Parameter"\]\["Value"\]\n\n\nGITHUB_TOKEN = get_parameter\("\/app\/github-token"\)\n/,
    );
  });

  it("keeps the rest of a string in an f-string, braces doubled", () => {
    assert.match(get("partial").sm!, /headers=\{"Authorization": f"Bearer \{get_secret\('app\/authorization'\)\} \{\{x\}\}"\}\)/);
  });

  it("starts a file without imports with the import, in the file's quote style", () => {
    assert.equal(
      get("bare").sm,
      lines(
        `import boto3`,
        ``,
        ``,
        `def get_secret(secret_id):`,
        `    '''Reads a secret from AWS Secrets Manager (added by Agent Security Hooks).'''`,
        `    return boto3.client('secretsmanager').get_secret_value(SecretId=secret_id)['SecretString']`,
        ``,
        ``,
        `token = get_secret('app/token')`,
        `print(token)`,
        ``,
      ),
    );
  });

  it("does not import boto3 twice", () => {
    const out = get("existingImport").sm!;
    assert.equal(out.split("import boto3").length, 2);
    assert.match(out, /^import boto3\n\n\ndef get_secret/);
    assert.match(out, /db_password = get_secret\("app\/db-password"\)/);
  });

  it("names secrets after keyword arguments and environment variable defaults", () => {
    assert.match(get("keyword").sm!, /slack\.Client\(api_key=get_secret\("app\/api-key"\)\)/);
    assert.match(get("envDefault").sm!, /os\.environ\.get\("GITHUB_TOKEN", get_secret\("app\/github-token"\)\)/);
  });

  it("concatenates for bytes, which have no f-strings", () => {
    assert.match(get("bytes").sm!, /HEADER = \(b"token " \+ get_secret\("app\/header"\)\.encode\(\)\)/);
  });

  it("replaces a triple-quoted private key whole and fences it for ignore", () => {
    assert.match(get("privateKey").sm!, /\nKEY = get_secret\("app\/key"\)\n$/);
    assert.match(get("privateKey").ignore!, /^# secretlint-disable -- ignored via Agent Security Hooks\nKEY = """-----BEGIN/);
    assert.match(get("privateKey").ignore!, /\n"""\n# secretlint-enable -- ignored via Agent Security Hooks\n$/);
  });

  it("keeps implicit string concatenation valid", () => {
    assert.match(get("implicitConcat").sm!, /\n {7}f"\{get_secret\('app\/github-token'\)\}"\)\n$/);
  });

  it("keeps a comment out of a backslash continuation", () => {
    assert.equal(
      get("continuation").ignore,
      lines(
        `# secretlint-disable -- ignored via Agent Security Hooks`,
        `x = \\`,
        `    "${G}"`,
        `# secretlint-enable -- ignored via Agent Security Hooks`,
        ``,
      ),
    );
  });

  it("indents the helper and the comment with the file's tabs", () => {
    assert.match(get("classBody").sm!, /\ndef get_secret\(secret_id\):\n\t""".*"""\n\treturn boto3/);
    assert.match(get("classBody").ignore!, /\n\t\t\t# secretlint-disable-next-line -- ignored via Agent Security Hooks\n\t\t\treturn "/);
  });

  it("keeps CRLF line endings", async () => {
    const text = CASES.header.replace(/\n/g, "\r\n");
    const fixed = await fixFor(text, "/w/crlf.py");
    for (const out of [fixed.sm!, fixed.ssm!, fixed.ignore!]) assert.equal(out.replace(/\r\n/g, "").includes("\n"), false);
    assert.equal(fixed.sm, get("header").sm!.replace(/\n/g, "\r\n"));
  });

  it("adds the import and helper once when a second secret is fixed", async () => {
    const text = lines(`import os`, ``, `A = "${G}"`, `B = "${FAKE.slackToken}"`, ``);
    const one = await fixFor(text, "/w/two.py");
    const two = await fixFor(one.sm!, "/w/two.py");
    assert.equal(two.sm!.split("import boto3").length, 2);
    assert.equal(two.sm!.split("def get_secret").length, 2);
    assert.match(two.sm!, /\nA = get_secret\("app\/github-token"\)\nB = get_secret\("app\/slack-token"\)\n$/);
    assert.deepEqual(await scanner.scan(two.sm!, "/w/two.py"), []);
    assert.deepEqual(Object.values(pythonProblems({ two: two.sm! })), [""]);
    // Both stores in one file: each helper once.
    const mixed = await fixFor(one.sm!, "/w/two.py");
    const both = applyEdits(one.sm!, mixed.fixes.find((f) => f.store === "parameterStore")!.edits);
    assert.equal(both.split("import boto3").length, 2);
    assert.equal(both.split("def get_secret").length, 2);
    assert.equal(both.split("def get_parameter").length, 2);
    assert.deepEqual(Object.values(pythonProblems({ both })), [""]);
  });
});
