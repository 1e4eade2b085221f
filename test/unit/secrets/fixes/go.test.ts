import * as assert from "node:assert/strict";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { fixAndParseAll, fixFor, lines, scanner, syntaxErrors, type Fixed } from "../../../support/fixHarness";

const G = FAKE.githubToken;

const CASES = {
  constGroupImports: {
    file: "/w/main.go",
    text: lines(
      `package main`,
      ``,
      `import (`,
      `\t"fmt"`,
      `)`,
      ``,
      `const githubToken = "${G}"`,
      ``,
      `func main() {`,
      `\tfmt.Println(githubToken)`,
      `}`,
      ``,
    ),
  },
  singleImport: {
    file: "/w/single.go",
    text: lines(`package main`, ``, `import "fmt"`, ``, `func main() {`, `\tfmt.Println("Bearer ${G}")`, `}`, ``),
  },
  noImports: { file: "/w/none.go", text: lines(`package app`, ``, `var Token = \`${G}\``, ``) },
  iotaGroup: { file: "/w/iota.go", text: lines(`package app`, ``, `const (`, `\tA = iota`, `\tB`, `\tApiKey = "${G}"`, `)`, ``) },
  simpleGroup: { file: "/w/group.go", text: lines(`package app`, ``, `const (`, `\tName = "x"`, `\tApiKey string = "${G}"`, `)`, ``) },
  rawPartial: { file: "/w/raw.go", text: lines(`package app`, ``, `func h() string {`, `\treturn \`token ${G} end\``, `}`, ``) },
  nameClash: {
    file: "/w/clash.go",
    text: lines(
      `package app`,
      ``,
      `import (`,
      `\t"context"`,
      ``,
      `\t"example.com/app/config"`,
      `)`,
      ``,
      `var _ = config.X`,
      `var _ = context.TODO`,
      ``,
      `var cfg = struct{ Token string }{Token: "${G}"}`,
      ``,
    ),
  },
};

describe("secret fixes: Go", () => {
  let results: Map<string, Fixed>;
  before(async () => {
    results = await fixAndParseAll("go", CASES);
  });
  const get = (name: keyof typeof CASES) => results.get(name)!;

  it("parses every output with tree-sitter-go and removes the secret (checked in before)", async () => {
    assert.equal(results.size, Object.keys(CASES).length);
    assert.notDeepEqual(await syntaxErrors("go", "package a\nfunc f( {\n"), [], "control: a broken file has errors");
  });

  it("merges imports into the block, adds the helper once, and turns const into var", () => {
    assert.equal(
      get("constGroupImports").sm,
      lines(
        `package main`,
        ``,
        `import (`,
        `\t"fmt"`,
        `\t"context"`,
        `\t"github.com/aws/aws-sdk-go-v2/aws"`,
        `\t"github.com/aws/aws-sdk-go-v2/config"`,
        `\t"github.com/aws/aws-sdk-go-v2/service/secretsmanager"`,
        `)`,
        ``,
        `// getSecret reads a secret from AWS Secrets Manager (added by Agent Security Hooks).`,
        `// It panics on failure, as the constant it replaced could not fail.`,
        `func getSecret(secretID string) string {`,
        `\tcfg, err := config.LoadDefaultConfig(context.Background())`,
        `\tif err != nil {`,
        `\t\tpanic(err)`,
        `\t}`,
        `\tout, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretID)})`,
        `\tif err != nil {`,
        `\t\tpanic(err)`,
        `\t}`,
        `\treturn aws.ToString(out.SecretString)`,
        `}`,
        ``,
        `var githubToken = getSecret("app/github-token")`,
        ``,
        `func main() {`,
        `\tfmt.Println(githubToken)`,
        `}`,
        ``,
      ),
    );
    const ssm = get("constGroupImports").ssm!;
    assert.match(ssm, /\t"github.com\/aws\/aws-sdk-go-v2\/service\/ssm"\n\)/);
    assert.match(
      ssm,
      /ssm\.NewFromConfig\(cfg\)\.GetParameter\(context\.Background\(\), &ssm\.GetParameterInput\{Name: aws\.String\(name\), WithDecryption: aws\.Bool\(true\)\}\)/,
    );
    assert.match(ssm, /\nvar githubToken = getParameter\("\/app\/github-token"\)\n/);
  });

  it("turns a one-line import into the group and concatenates around a partial secret", () => {
    const out = get("singleImport").sm!;
    assert.match(out, /^package main\n\nimport \(\n\t"fmt"\n\t"context"\n/);
    assert.match(out, /fmt\.Println\("Bearer " \+ getSecret\("app\/github-token"\)\)/);
    assert.match(get("rawPartial").sm!, /return `token ` \+ getSecret\("app\/github-token"\) \+ ` end`/);
  });

  it("adds an import block after the package clause when there is none", () => {
    assert.match(
      get("noImports").sm!,
      /^package app\n\nimport \(\n\t"context"\n[\s\S]*\n\)\n\n\/\/ getSecret[\s\S]*\n\}\n\nvar Token = getSecret\("app\/token"\)\n$/,
    );
  });

  it("moves a spec out of an iota group, and switches a plain group to var", () => {
    assert.match(get("iotaGroup").sm!, /const \(\n\tA = iota\n\tB\n\)\n\nvar ApiKey = getSecret\("app\/api-key"\)\n$/);
    assert.match(get("simpleGroup").sm!, /var \(\n\tName = "x"\n\tApiKey string = getSecret\("app\/api-key"\)\n\)/);
  });

  it("aliases an SDK package whose name is taken and reuses existing imports", () => {
    const out = get("nameClash").sm!;
    assert.match(
      out,
      /import \(\n\t"context"\n\n\t"example.com\/app\/config"\n\t"github.com\/aws\/aws-sdk-go-v2\/aws"\n\tawsconfig "github.com\/aws\/aws-sdk-go-v2\/config"\n/,
    );
    assert.match(out, /cfg, err := awsconfig\.LoadDefaultConfig\(context\.Background\(\)\)/);
    assert.equal(out.split(`"context"`).length, 2);
    assert.match(out, /\{Token: getSecret\("app\/token"\)\}/);
  });

  it("adds imports and helper once when a second secret is fixed, and keeps CRLF", async () => {
    const text = lines(
      `package main`,
      ``,
      `import "fmt"`,
      ``,
      `const a = "${G}"`,
      `const b = "${FAKE.slackToken}"`,
      ``,
      `func main() { fmt.Println(a, b) }`,
      ``,
    ).replace(/\n/g, "\r\n");
    const one = await fixFor(text, "/w/two.go");
    const two = await fixFor(one.sm!, "/w/two.go");
    const out = two.sm!;
    assert.equal(out.replace(/\r\n/g, "").includes("\n"), false);
    assert.equal(out.split("func getSecret").length, 2);
    assert.equal(out.split(`"github.com/aws/aws-sdk-go-v2/config"`).length, 2);
    assert.match(out, /var a = getSecret\("app\/github-token"\)\r\nvar b = getSecret\("app\/slack-token"\)/);
    assert.deepEqual(await syntaxErrors("go", out), []);
    assert.deepEqual(await scanner.scan(out, "/w/two.go"), []);
  });
});
