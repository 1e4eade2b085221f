import * as assert from "node:assert/strict";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { fixAndParseAll, fixFor, lines, scanner, syntaxErrors, type Fixed } from "../../../support/fixHarness";

const G = FAKE.githubToken;

const CASES = {
  field: {
    file: "/w/Config.java",
    text: lines(
      `package com.example;`,
      ``,
      `import java.util.Map;`,
      ``,
      `public class Config {`,
      `    private static final String API_KEY = "${G}";`,
      `}`,
      ``,
    ),
  },
  partial: {
    file: "/w/Client.java",
    text: lines(
      `package com.example;`,
      ``,
      `class Client {`,
      `    String header() {`,
      `        return "Bearer ${G} 100%".trim();`,
      `    }`,
      `}`,
      ``,
    ),
  },
  textBlock: {
    file: "/w/Block.java",
    text: lines(`class Block {`, `    String json = """`, `        {"token": "${G}", "rate": "5%"}`, `        """;`, `}`, ``),
  },
  wildcard: {
    file: "/w/Wild.java",
    text: lines(
      `import software.amazon.awssdk.services.secretsmanager.*;`,
      ``,
      `class Wild {`,
      `    void f(java.util.Properties props) {`,
      `        props.put("api.key", "${G}");`,
      `    }`,
      `}`,
      ``,
    ),
  },
  privateKey: {
    file: "/w/Key.java",
    text: lines(
      `package k;`,
      ``,
      `class Key {`,
      `    static final String PEM = """`,
      ...FAKE.privateKey.split("\n").map((l) => `        ${l}`),
      `        """;`,
      `}`,
      ``,
    ),
  },
};

describe("secret fixes: Java", () => {
  let results: Map<string, Fixed>;
  before(async () => {
    results = await fixAndParseAll("java", CASES);
  });
  const get = (name: keyof typeof CASES) => results.get(name)!;

  it("parses every output with tree-sitter-java and removes the secret (checked in before)", async () => {
    assert.equal(results.size, Object.keys(CASES).length);
    assert.notDeepEqual(await syntaxErrors("java", "class A { String s = ; }"), [], "control");
  });

  it("replaces the literal inline and imports the two SDK classes after the imports", () => {
    assert.equal(
      get("field").sm,
      lines(
        `package com.example;`,
        ``,
        `import java.util.Map;`,
        `import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;`,
        `import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;`,
        ``,
        `public class Config {`,
        `    private static final String API_KEY = SecretsManagerClient.create().getSecretValue(GetSecretValueRequest.builder().secretId("app/api-key").build()).secretString();`,
        `}`,
        ``,
      ),
    );
    assert.match(
      get("field").ssm!,
      /import software\.amazon\.awssdk\.services\.ssm\.SsmClient;\nimport software\.amazon\.awssdk\.services\.ssm\.model\.GetParameterRequest;\n/,
    );
    assert.match(
      get("field").ssm!,
      /API_KEY = SsmClient\.create\(\)\.getParameter\(GetParameterRequest\.builder\(\)\.name\("\/app\/api-key"\)\.withDecryption\(true\)\.build\(\)\)\.parameter\(\)\.value\(\);/,
    );
  });

  it("imports after the package statement when there are no imports", () => {
    assert.match(
      get("partial").sm!,
      /^package com\.example;\n\nimport software\.amazon\.awssdk\.services\.secretsmanager\.SecretsManagerClient;\nimport software\.amazon\.awssdk\.services\.secretsmanager\.model\.GetSecretValueRequest;\n\nclass Client \{/,
    );
  });

  it("concatenates around a partial secret, in parentheses before a method call", () => {
    assert.match(
      get("partial").sm!,
      /return \("Bearer " \+ SecretsManagerClient\.create\(\)[^;]*\.secretString\(\) \+ " 100%"\)\.trim\(\);/,
    );
  });

  it("keeps a text block and fills it with formatted()", () => {
    assert.match(
      get("textBlock").sm!,
      /String json = """\n {8}\{"token": "%s", "rate": "5%%"\}\n {8}"""\.formatted\(SecretsManagerClient\.create\(\)[^;]*\.secretString\(\)\);/,
    );
  });

  it("respects a wildcard import and names the secret after the property key", () => {
    const out = get("wildcard").sm!;
    assert.ok(!out.includes("import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;"));
    assert.match(out, /import software\.amazon\.awssdk\.services\.secretsmanager\.model\.GetSecretValueRequest;/);
    assert.match(out, /props\.put\("api\.key", SecretsManagerClient[^;]*secretId\("app\/api-key"\)/);
  });

  it("replaces a private key text block whole, and fences it for ignore", () => {
    assert.match(get("privateKey").sm!, /static final String PEM = SecretsManagerClient[^;]*secretId\("app\/pem"\)[^;]*;\n\}\n$/);
    assert.match(
      get("privateKey").ignore!,
      /\n {4}\/\/ secretlint-disable -- ignored via Agent Security Hooks\n {4}static final String PEM = """\n/,
    );
    assert.match(get("privateKey").ignore!, /\n {8}"""; *\n {4}\/\/ secretlint-enable -- ignored via Agent Security Hooks\n\}\n$/);
  });

  it("imports once when a second secret is fixed, and keeps CRLF", async () => {
    const text = lines(`package a;`, ``, `class T {`, `    String a = "${G}";`, `    String b = "${FAKE.slackToken}";`, `}`, ``).replace(
      /\n/g,
      "\r\n",
    );
    const one = await fixFor(text, "/w/T.java");
    const two = await fixFor(one.sm!, "/w/T.java");
    const out = two.sm!;
    assert.equal(out.replace(/\r\n/g, "").includes("\n"), false);
    assert.equal(out.split("import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;").length, 2);
    assert.deepEqual(await syntaxErrors("java", out), []);
    assert.deepEqual(await scanner.scan(out, "/w/T.java"), []);
  });
});
