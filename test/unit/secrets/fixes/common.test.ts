import * as assert from "node:assert/strict";
import { kebabCase, nameBefore, normalizeEdits, normalizeName } from "../../../../src/secrets/fixes/common";
import { ignoreFix, languageFromPath, lookupFix, secretFixes, suggestSecretName, type FixContext } from "../../../../src/secrets/fixes";
import { addSuppression } from "../../../../src/scan/workspacePolicy";
import { applyEdits } from "../../../../src/shared/text";
import { FAKE, RAW_VALUES } from "../../../fixtures/fakeSecrets";
import { fixFor, scanner } from "../../../support/fixHarness";

const G = FAKE.githubToken;

async function context(text: string, filePath: string, extra: Partial<FixContext> = {}): Promise<FixContext> {
  const [finding] = await scanner.scan(text, filePath);
  assert.ok(finding, "no finding");
  return {
    text,
    filePath,
    languageId: languageFromPath(filePath),
    relativePath: filePath.replace(/^\/w\//, ""),
    finding,
    namePrefix: "app/",
    ...extra,
  };
}

describe("secret fixes: names, languages, ignore comments", () => {
  it("maps file names to VS Code language ids", () => {
    const expected: Record<string, string> = {
      "/w/.env": "dotenv",
      "/w/.env.local": "dotenv",
      "/w/prod.env": "dotenv",
      "/w/main.tf": "terraform",
      "/w/a.properties": "properties",
      "/w/a.yaml": "yaml",
      "/w/a.yml": "yaml",
      "/w/a.json": "json",
      "/w/a.ts": "typescript",
      "/w/a.tsx": "typescriptreact",
      "/w/a.js": "javascript",
      "/w/a.jsx": "javascriptreact",
      "/w/a.mjs": "javascript",
      "/w/a.cjs": "javascript",
      "/w/a.py": "python",
      "C:\\w\\A.java": "java",
      "/w/main.go": "go",
      "/w/A.cs": "csharp",
      "/w/Dockerfile": "dockerfile",
      "/w/README": "plaintext",
    };
    for (const [file, id] of Object.entries(expected)) assert.equal(languageFromPath(file), id, file);
  });

  it("kebab-cases names and keeps store names valid", () => {
    assert.equal(kebabCase("githubToken"), "github-token");
    assert.equal(kebabCase("GITHUB_TOKEN"), "github-token");
    assert.equal(kebabCase("api.key"), "api-key");
    assert.equal(kebabCase("APIKey"), "api-key");
    assert.equal(kebabCase("db_password"), "db-password");
    assert.equal(normalizeName("app/github-token", "parameterStore"), "/app/github-token");
    assert.equal(normalizeName("/app/x", "secretsManager"), "app/x");
    assert.equal(normalizeName("my secret!", "secretsManager"), "my-secret-");
    assert.equal(normalizeName("a@b", "parameterStore"), "/a-b");
  });

  it("reads the name a literal is assigned to", () => {
    const at = (before: string) => nameBefore(before + '"x"', before.length);
    assert.equal(at("const githubToken = "), "githubToken");
    assert.equal(at("const githubToken: string = "), "githubToken");
    assert.equal(at("GITHUB_TOKEN="), "GITHUB_TOKEN");
    assert.equal(at("  password: "), "password");
    assert.equal(at('  "password": '), "password");
    assert.equal(at("db_password = "), "db_password");
    assert.equal(at('props.put("api.key", '), "api.key");
    assert.equal(at("client(api_key="), "api_key");
    assert.equal(at("token := "), "token");
    assert.equal(at('config["api_key"] = '), "api_key");
    assert.equal(at("const t = process.env.GITHUB_TOKEN ?? "), "GITHUB_TOKEN");
    assert.equal(at("return "), undefined);
    assert.equal(at("x = "), undefined, "too short to mean anything");
    assert.equal(at("value: "), undefined, "too generic");
  });

  it("never takes another secret on the line for a name", async () => {
    const text = `pair = ["${FAKE.slackToken}", "${G}"]\n`;
    const findings = await scanner.scan(text, "/w/a.py");
    const second = findings.find((f) => f.messageId === "GITHUB_TOKEN")!;
    const ctx: FixContext = { text, filePath: "/w/a.py", languageId: "python", finding: second, namePrefix: "app/" };
    assert.equal(suggestSecretName(ctx, "secretsManager"), "app/github-token");
  });

  it("prefixes derived names, honours a chosen name, and falls back to the kind", async () => {
    const ctx = await context(`const githubToken = "${G}";\n`, "/w/a.ts");
    assert.equal(suggestSecretName(ctx, "secretsManager"), "app/github-token");
    assert.equal(suggestSecretName(ctx, "parameterStore"), "/app/github-token");
    assert.equal(suggestSecretName({ ...ctx, namePrefix: "" }, "secretsManager"), "github-token");
    assert.equal(suggestSecretName({ ...ctx, namePrefix: "prod/api/" }, "parameterStore"), "/prod/api/github-token");
    assert.equal(suggestSecretName({ ...ctx, secretName: "team/ci" }, "secretsManager"), "team/ci");
    const bare = await context(`f("${G}");\n`, "/w/b.ts");
    assert.equal(suggestSecretName(bare, "secretsManager"), "app/github-token");
    const fix = lookupFix({ ...ctx, secretName: "chosen/name" }, "secretsManager")!;
    assert.equal(fix.secretName, "chosen/name");
    assert.match(applyEdits(ctx.text, fix.edits), /await getSecret\("chosen\/name"\)/);
  });

  it("joins insertions at one offset and refuses overlaps", () => {
    assert.deepEqual(
      normalizeEdits([
        { offset: 3, length: 0, newText: "a" },
        { offset: 3, length: 0, newText: "b" },
        { offset: 3, length: 2, newText: "c" },
      ]),
      [{ offset: 3, length: 2, newText: "abc" }],
    );
    assert.throws(() =>
      normalizeEdits([
        { offset: 0, length: 5, newText: "" },
        { offset: 2, length: 1, newText: "" },
      ]),
    );
  });

  it("writes disable comments that secretlint honours in every comment syntax", async () => {
    const cases: Array<[string, string, string]> = [
      ["/w/a.sql", `SELECT 1;\n  -- note\n  SELECT '${G}';\n`, `  -- secretlint-disable-next-line -- ignored via Agent Security Hooks\n`],
      [
        "/w/a.html",
        `<div>\n\t<meta content="${G}">\n</div>\n`,
        `\t<!-- secretlint-disable-next-line -- ignored via Agent Security Hooks -->\n`,
      ],
      ["/w/a.md", `# Notes\n\nToken: ${G}\n`, `<!-- secretlint-disable-next-line -- ignored via Agent Security Hooks -->\n`],
      ["/w/a.css", `.a {\n  --token: "${G}";\n}\n`, `  /* secretlint-disable-next-line -- ignored via Agent Security Hooks */\n`],
      [
        "/w/a.ini",
        `[default]\naws_secret_access_key = ${FAKE.awsSecretAccessKey}\n`,
        `; secretlint-disable-next-line -- ignored via Agent Security Hooks\n`,
      ],
      ["/w/a.sh", `export TOKEN=${G}\n`, `# secretlint-disable-next-line -- ignored via Agent Security Hooks\n`],
      ["/w/a.rs", `fn main() {\n    let t = "${G}";\n}\n`, `    // secretlint-disable-next-line -- ignored via Agent Security Hooks\n`],
    ];
    for (const [file, text, comment] of cases) {
      const ctx = await context(text, file);
      const fix = ignoreFix(ctx)!;
      const out = applyEdits(text, fix.edits);
      assert.ok(out.includes(comment), `${file}:\n${out}`);
      assert.deepEqual(await scanner.scan(out, file), [], file);
    }
  });

  it("needs the -- in a block comment directive (the secretlint quirk it works around)", async () => {
    const text = `.a {\n  /* secretlint-disable-next-line */\n  --token: "${G}";\n}\n`;
    assert.equal((await scanner.scan(text, "/w/a.css")).length, 1, "without --, ' */' is read as a rule id");
  });

  it("fences a multi-line private key with disable and enable, in CRLF files too", async () => {
    const text = `# keys\r\nkey:\r\n${FAKE.privateKey.replace(/\n/g, "\r\n")}\r\nnext\r\n`;
    const fixed = await fixFor(text, "/w/keys.txt", { languageId: "shellscript" });
    const out = fixed.ignore!;
    assert.ok(
      out.startsWith(`# keys\r\nkey:\r\n# secretlint-disable -- ignored via Agent Security Hooks\r\n-----BEGIN PRIVATE KEY-----\r\n`),
    );
    assert.ok(out.endsWith(`-----END PRIVATE KEY-----\r\n# secretlint-enable -- ignored via Agent Security Hooks\r\nnext\r\n`));
    assert.deepEqual(await scanner.scan(out, "/w/keys.txt"), []);
  });

  it("writes a suppression the project file accepts for files without comments", async () => {
    const ctx = await context(`{"token": "${G}"}\n`, "/w/cfg/app.json");
    const fix = ignoreFix(ctx)!;
    assert.deepEqual(fix.edits, []);
    const project = addSuppression(undefined, fix.suppression!);
    assert.deepEqual(JSON.parse(project), {
      ignore: [{ file: "cfg/app.json", check: "@secretlint/secretlint-rule-github", fingerprint: ctx.finding.fingerprint }],
    });
    assert.equal(ignoreFix({ ...ctx, relativePath: undefined }), undefined, "no workspace, no project file");
  });

  it("never puts a raw secret in a title, a name or inserted text, for any format", async () => {
    const samples: Array<[string, string]> = [
      ["/w/a.ts", `const a = "Bearer ${G}";\n`],
      ["/w/a.py", `a = f"{x} ${FAKE.slackToken}"\n`],
      ["/w/A.java", `class A { String a = "${FAKE.postgresUrl}"; }\n`],
      ["/w/a.go", `package a\nvar a = "${G}"\n`],
      ["/w/A.cs", `class A { string a = "${G}"; }\n`],
      ["/w/a.tf", `locals {\n  a = "${G}"\n}\n`],
      ["/w/a.yaml", `a: ${G}\n`],
      ["/w/.env", `A=${G}\n`],
      ["/w/a.pem", FAKE.privateKey + "\n"],
    ];
    for (const [file, text] of samples) {
      const ctx = await context(text, file);
      const fixes = secretFixes(ctx);
      assert.ok(fixes.length >= 1, file);
      const all = JSON.stringify(fixes.map((f) => [f.title, f.secretName, f.edits.map((e) => e.newText), f.suppression]));
      for (const raw of RAW_VALUES) assert.ok(!all.includes(raw), `${file} leaks ${raw.slice(0, 4)}…`);
    }
  });
});
