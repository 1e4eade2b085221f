import * as assert from "node:assert/strict";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { fixAndParseAll, fixFor, lines, scanner, syntaxErrors, type Fixed } from "../../../support/fixHarness";

const G = FAKE.githubToken;

const CASES = {
  memberConst: {
    file: "/w/Config.cs",
    text: lines(
      `using System;`,
      ``,
      `namespace App`,
      `{`,
      `    public class Config`,
      `    {`,
      `        public const string GithubToken = "${G}";`,
      `    }`,
      `}`,
      ``,
    ),
  },
  localConst: {
    file: "/w/Local.cs",
    text: lines(
      `namespace App;`,
      ``,
      `class Local`,
      `{`,
      `    void Run()`,
      `    {`,
      `        const string token = "${G}";`,
      `        System.Console.WriteLine(token);`,
      `    }`,
      `}`,
      ``,
    ),
  },
  partial: { file: "/w/Partial.cs", text: lines(`class P`, `{`, `    string H() => "Bearer ${G} {id}";`, `}`, ``) },
  verbatim: { file: "/w/Verbatim.cs", text: lines(`class V`, `{`, `    string H = @"token ""${G}""";`, `}`, ``) },
  interpolated: { file: "/w/Interp.cs", text: lines(`class I`, `{`, `    string H(int id) => $"{id}: ${G}";`, `}`, ``) },
};

describe("secret fixes: C#", () => {
  let results: Map<string, Fixed>;
  before(async () => {
    results = await fixAndParseAll("csharp", CASES);
  });
  const get = (name: keyof typeof CASES) => results.get(name)!;

  it("parses every output with tree-sitter-c-sharp and removes the secret (checked in before)", async () => {
    assert.equal(results.size, Object.keys(CASES).length);
    assert.notDeepEqual(await syntaxErrors("csharp", "class A { string s = ; }"), [], "control");
  });

  it("adds usings once and turns a member const into static readonly", () => {
    assert.equal(
      get("memberConst").sm,
      lines(
        `using System;`,
        `using Amazon.SecretsManager;`,
        `using Amazon.SecretsManager.Model;`,
        ``,
        `namespace App`,
        `{`,
        `    public class Config`,
        `    {`,
        `        public static readonly string GithubToken = new AmazonSecretsManagerClient().GetSecretValueAsync(new GetSecretValueRequest { SecretId = "app/github-token" }).GetAwaiter().GetResult().SecretString;`,
        `    }`,
        `}`,
        ``,
      ),
    );
    assert.match(
      get("memberConst").ssm!,
      /^using System;\nusing Amazon\.SimpleSystemsManagement;\nusing Amazon\.SimpleSystemsManagement\.Model;\n/,
    );
    assert.match(
      get("memberConst").ssm!,
      /new AmazonSimpleSystemsManagementClient\(\)\.GetParameterAsync\(new GetParameterRequest \{ Name = "\/app\/github-token", WithDecryption = true \}\)\.GetAwaiter\(\)\.GetResult\(\)\.Parameter\.Value;/,
    );
  });

  it("drops const from a local, and starts a file without usings with them", () => {
    assert.match(get("localConst").sm!, /^using Amazon\.SecretsManager;\nusing Amazon\.SecretsManager\.Model;\n\nnamespace App;/);
    assert.match(get("localConst").sm!, /\n {8}string token = new AmazonSecretsManagerClient\(\)/);
  });

  it("interpolates around a partial secret, doubling braces", () => {
    assert.match(
      get("partial").sm!,
      /=> \$"Bearer \{new AmazonSecretsManagerClient\(\)[^}]*\}\)\.GetAwaiter\(\)\.GetResult\(\)\.SecretString\} \{\{id\}\}";/,
    );
    assert.match(get("verbatim").sm!, /string H = \(@"token """ \+ new AmazonSecretsManagerClient\(\)[^;]*\.SecretString \+ @""""\);/);
    assert.match(get("interpolated").sm!, /=> \$"\{id\}: \{new AmazonSecretsManagerClient\(\)/);
  });

  it("adds usings once when a second secret is fixed, and keeps CRLF", async () => {
    const text = lines(
      `using System;`,
      ``,
      `class T`,
      `{`,
      `    string A = "${G}";`,
      `    string B = "${FAKE.slackToken}";`,
      `}`,
      ``,
    ).replace(/\n/g, "\r\n");
    const one = await fixFor(text, "/w/T.cs");
    const two = await fixFor(one.sm!, "/w/T.cs");
    const out = two.sm!;
    assert.equal(out.replace(/\r\n/g, "").includes("\n"), false);
    assert.equal(out.split("using Amazon.SecretsManager;").length, 2);
    assert.deepEqual(await syntaxErrors("csharp", out), []);
    assert.deepEqual(await scanner.scan(out, "/w/T.cs"), []);
  });
});
