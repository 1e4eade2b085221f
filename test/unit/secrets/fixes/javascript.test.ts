import * as assert from "node:assert/strict";
import { secretFixes } from "../../../../src/secrets/fixes";
import { applyEdits } from "../../../../src/shared/text";
import { FAKE } from "../../../fixtures/fakeSecrets";
import {
  allTypeScriptProblems,
  assertDisjoint,
  assertFindingGone,
  fixFor,
  lines,
  scanner,
  typeScriptProblems,
  type Fixed,
} from "../../../support/fixHarness";

const G = FAKE.githubToken;

interface Case {
  name: string;
  file: string;
  text: string;
  which?: number;
  secretName?: string;
}

/** Every case's outputs are compiled together in one TypeScript Program. */
const CASES: Case[] = [
  {
    name: "top-level const",
    file: "/w/top.ts",
    text: lines(`import { readFileSync } from "node:fs";`, ``, `export const githubToken = "${G}";`, ``),
  },
  {
    name: "sync function with a return type",
    file: "/w/sync.ts",
    text: lines(`export function token(): string {`, `  return "${G}";`, `}`, ``),
  },
  {
    name: "arrow in a class field",
    file: "/w/arrowField.ts",
    text: lines(`export class A {`, `  m = (x: number): string => "${G}" + x;`, `}`, ``),
  },
  { name: "class field", file: "/w/field.ts", text: lines(`export class A {`, `  token = "${G}";`, `}`, ``) },
  {
    name: "static method",
    file: "/w/static.ts",
    text: lines(`export class A {`, `  public static load(): { token: string } {`, `    return { token: '${G}' };`, `  }`, `}`, ``),
  },
  { name: "generator method", file: "/w/gen.ts", text: lines(`export const o = {`, `  *items() {`, `    yield "${G}";`, `  },`, `};`, ``) },
  { name: "getter", file: "/w/getter.ts", text: lines(`export const o = {`, `  get token() {`, `    return "${G}";`, `  },`, `};`, ``) },
  {
    name: "constructor",
    file: "/w/ctor.ts",
    text: lines(`export class A {`, `  t: string;`, `  constructor() {`, `    this.t = "${G}";`, `  }`, `}`, ``),
  },
  { name: "parameter default", file: "/w/param.ts", text: lines(`export async function f(t = "${G}") {`, `  return t;`, `}`, ``) },
  {
    name: "already async",
    file: "/w/async.ts",
    text: lines(`export async function f() {`, `  return fetch("https://x", { headers: { Authorization: "Bearer ${G}" } });`, `}`, ``),
  },
  {
    name: "callback inside a function",
    file: "/w/callback.ts",
    text: lines(`export function f(list: string[]) {`, `  return list.map((x) => x + "${G}");`, `}`, ``),
  },
  {
    name: "single-parameter arrow",
    file: "/w/single.ts",
    text: lines(`export function f(): string[] {`, `  return ["a"].map(x => "${G}");`, `}`, ``),
  },
  { name: "generic arrow", file: "/w/generic.ts", text: lines(`export const f = <T,>(x: T): string => String(x) + "${G}";`, ``) },
  { name: "method call on the literal", file: "/w/member.ts", text: lines(`export const t = "${G}".trim();`, ``) },
  {
    name: "basic auth URL with a path",
    file: "/w/url.ts",
    text: lines(`export const url = "https://user:${FAKE.postgresPassword}@example.com/x?q=\`1\`";`, ``),
  },
  { name: "template with a substitution", file: "/w/tpl.ts", text: lines("export const h = (id: string) => `token ${id} " + G + "`;", ``) },
  {
    name: "merge into an existing import",
    file: "/w/merge.ts",
    text: lines(
      `import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";`,
      `import type { X } from "./x";`,
      ``,
      `export const c = new SecretsManagerClient({});`,
      `export const t: X = "${G}";`,
      ``,
    ),
  },
  { name: "namespace", file: "/w/ns.ts", text: lines(`namespace N {`, `  export const t = "${G}";`, `}`, ``) },
  { name: "private key in a template", file: "/w/key.ts", text: lines(`export const key = \`${FAKE.privateKey}`, "`;", ``) },
  { name: "ESM JavaScript", file: "/w/esm.mjs", text: lines(`// config`, `export const token = '${G}';`, ``) },
  {
    name: "CommonJS function",
    file: "/w/cjs.js",
    text: lines(`"use strict";`, `const path = require("path");`, ``, `module.exports = function load() {`, `  return "${G}";`, `};`, ``),
  },
  { name: "CommonJS top level", file: "/w/cjsTop.cjs", text: lines(`const token = "${G}";`, `module.exports = { token };`, ``) },
  {
    name: "JSX attribute and text",
    file: "/w/App.tsx",
    text: lines(
      `"use client";`,
      `export default function App() {`,
      `  return <p title="Don't" data-token="Bearer ${G}">It's me</p>;`,
      `}`,
      ``,
    ),
  },
  {
    name: "JSX text",
    file: "/w/Text.jsx",
    text: lines(`export function T() {`, `  return (`, `    <div>`, `      Token: ${G}`, `    </div>`, `  );`, `}`, ``),
  },
  { name: "chosen name", file: "/w/named.ts", text: lines(`export const x = "${G}";`, ``), secretName: "prod/ci/token" },
  { name: "enum member", file: "/w/enum.ts", text: lines(`export enum Keys {`, `  Token = "${G}",`, `}`, ``) },
  {
    name: "sync caller chain",
    file: "/w/chain.ts",
    text: lines(
      `export function token(): string {`,
      `  return "${G}";`,
      `}`,
      `function header(): string {`,
      `  return "Bearer " + token().trim();`,
      `}`,
      `export function request(): { headers: Record<string, string> } {`,
      `  return { headers: { Authorization: header().toUpperCase() } };`,
      `}`,
      `export const length: number = request().headers.Authorization.length;`,
      ``,
    ),
  },
];

describe("secret fixes: TypeScript and JavaScript", () => {
  const results = new Map<string, Fixed>();
  let problems: Record<string, string[]> = {};

  before(async () => {
    const files: Record<string, string> = {};
    for (const c of CASES) {
      const fixed = await fixFor(c.text, c.file, {
        ...(c.secretName ? { secretName: c.secretName } : {}),
        ...(c.which ? { which: c.which } : {}),
      });
      results.set(c.name, fixed);
      const ext = c.file.slice(c.file.lastIndexOf("."));
      for (const [kind, text] of [
        ["sm", fixed.sm],
        ["ssm", fixed.ssm],
        ["ignore", fixed.ignore],
      ] as const) {
        if (text !== undefined)
          files[`/virtual/${c.name.replace(/\W+/g, "_")}.${kind}${ext === ".mjs" ? ".mts" : ext === ".cjs" ? ".cts" : ext}`] = text;
      }
    }
    problems = typeScriptProblems(files);
  });

  const get = (name: string) => results.get(name)!;
  const titles = (name: string) => get(name).fixes.map((f) => f.title);

  it("compiles every fixed file without syntax or await errors", () => {
    const failing = Object.entries(problems).filter(([, p]) => p.length > 0);
    assert.deepEqual(failing, []);
  });

  it("removes the secret in every lookup and ignore fix, with disjoint edits", async () => {
    for (const c of CASES) {
      const fixed = get(c.name);
      for (const fix of fixed.fixes) {
        assertDisjoint(fix);
        await assertFindingGone(c.text, applyEdits(c.text, fix.edits), c.file, fixed.finding);
      }
    }
  });

  it("offers Secrets Manager, Parameter Store and ignore, in that order", () => {
    assert.deepEqual(titles("top-level const"), [
      "Replace with AWS Secrets Manager lookup",
      "Replace with SSM Parameter Store (SecureString) lookup",
      "Ignore this secret",
    ]);
    assert.equal(get("top-level const").fixes[0].isPreferred, true);
    assert.equal(get("top-level const").fixes[0].secretName, "app/github-token");
    assert.equal(get("top-level const").fixes[1].secretName, "/app/github-token");
  });

  it("uses top-level await at module level, with the import and helper after the imports", () => {
    assert.equal(
      get("top-level const").sm,
      lines(
        `import { readFileSync } from "node:fs";`,
        `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`,
        ``,
        `/** Reads a secret from AWS Secrets Manager (added by Agent Security Hooks). */`,
        `async function getSecret(secretId: string): Promise<string> {`,
        `  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));`,
        "  if (SecretString === undefined) throw new Error(`Secret ${secretId} has no string value`);",
        `  return SecretString;`,
        `}`,
        ``,
        `export const githubToken = await getSecret("app/github-token");`,
        ``,
      ),
    );
    assert.equal(
      get("top-level const").ssm,
      lines(
        `import { readFileSync } from "node:fs";`,
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        ``,
        `/** Reads a SecureString parameter from AWS Systems Manager Parameter Store (added by Agent Security Hooks). */`,
        `async function getParameter(name: string): Promise<string> {`,
        `  const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));`,
        "  if (Parameter?.Value === undefined) throw new Error(`Parameter ${name} has no value`);",
        `  return Parameter.Value;`,
        `}`,
        ``,
        `export const githubToken = await getParameter("/app/github-token");`,
        ``,
      ),
    );
  });

  it("keeps a synchronous function synchronous: the lookup becomes a module constant read when the module loads, and the title says so", () => {
    const fixed = get("sync function with a return type");
    assert.equal(fixed.fixes[0].title, "Replace with AWS Secrets Manager lookup (read once when the module loads)");
    assert.ok(
      fixed.sm!.endsWith(
        lines(
          `const githubToken = await getSecret("app/github-token");`,
          ``,
          `export function token(): string {`,
          `  return githubToken;`,
          `}`,
          ``,
        ),
      ),
      fixed.sm,
    );
    assert.ok(
      fixed.sm!.startsWith(`import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";\n\n/**`),
    );
    assert.ok(!/\basync function token|Promise<string> \{\n {2}return/.test(fixed.sm!));
  });

  it("sync caller chain: no function becomes async, and every caller still type-checks (no promise where a string was)", () => {
    const fixed = get("sync caller chain");
    for (const out of [fixed.sm!, fixed.ssm!]) {
      assert.equal((out.match(/\basync\b/g) ?? []).length, 1, "only the helper is async");
      assert.match(out, /export function token\(\): string \{\n {2}return githubToken;\n\}\nfunction header\(\): string \{/);
      assert.deepEqual(allTypeScriptProblems({ "/virtual/chain.ts": out })["/virtual/chain.ts"], []);
    }
    // Control: the old fix (token made async) breaks its callers, and the check sees it.
    const broken = fixed.sm!.replace(
      "export function token(): string {\n  return githubToken;",
      "export async function token(): Promise<string> {\n  return githubToken;",
    );
    assert.match(allTypeScriptProblems({ "/virtual/broken.ts": broken })["/virtual/broken.ts"].join(), /TS2339/);
  });

  it("hoists lookups out of arrows, methods, generators, callbacks, class fields, getters, constructors, parameter defaults and namespaces", () => {
    const hoisted: Array<[string, RegExp]> = [
      ["arrow in a class field", /\n {2}m = \(x: number\): string => githubToken \+ x;\n/],
      ["static method", /public static load\(\): \{ token: string \} \{\n {4}return \{ token: token2 \};/],
      ["generator method", /\n {2}\*items\(\) \{\n {4}yield githubToken;/],
      ["callback inside a function", /list\.map\(\(x\) => x \+ githubToken\)/],
      ["single-parameter arrow", /return \["a"\]\.map\(x => githubToken\);/],
      ["generic arrow", /export const f = <T,>\(x: T\): string => String\(x\) \+ githubToken;/],
      ["class field", /\n {2}token = token2;\n/],
      ["getter", /get token\(\) \{\n {4}return githubToken;/],
      ["constructor", /this\.t = githubToken;/],
      ["parameter default", /export async function f\(t = githubToken\)/],
      ["namespace", /export const t = githubToken;/],
    ];
    for (const [name, pattern] of hoisted) {
      const sm = get(name).sm!;
      assert.match(sm, pattern, name);
      assert.match(sm, /\nconst \w+ = await getSecret\(/, name);
      assert.equal((sm.match(/\basync\b/g) ?? []).length, name === "parameter default" ? 2 : 1, `${name}: a function was made async`);
    }
  });

  it("offers only ignore where no lookup can go (a string enum member must be a literal)", () => {
    assert.deepEqual(titles("enum member"), ["Ignore this secret"]);
  });

  it("leaves an async function alone", () => {
    const fixed = get("already async");
    assert.equal(fixed.fixes[0].title, "Replace with AWS Secrets Manager lookup");
    assert.match(
      fixed.sm!,
      /export async function f\(\) \{\n {2}return fetch\("https:\/\/x", \{ headers: \{ Authorization: `Bearer \$\{await getSecret\("app\/authorization"\)\}` \} \}\);/,
    );
  });

  it("keeps the rest of a string around the lookup", () => {
    assert.match(get("basic auth URL with a path").sm!, /export const url = `\$\{await getSecret\("app\/url"\)\}\/x\?q=\\`1\\``;/);
    assert.match(get("template with a substitution").sm!, /`token \$\{id\} \$\{githubToken\}`/);
    assert.match(get("method call on the literal").sm!, /export const t = \(await getSecret\("app\/github-token"\)\)\.trim\(\);/);
  });

  it("merges into an existing import from the same module", () => {
    const out = get("merge into an existing import").sm!;
    assert.ok(
      out.startsWith(
        `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";\nimport type { X } from "./x";\n\n/**`,
      ),
    );
    assert.equal(out.split("@aws-sdk/client-secrets-manager").length, 2);
  });

  it("replaces a whole multi-line private key and fences it for ignore", () => {
    const fixed = get("private key in a template");
    assert.equal(fixed.sm!.split("\n").slice(-2).join("\n"), `export const key = await getSecret("app/key");\n`);
    assert.match(fixed.ignore!, /^\/\/ secretlint-disable -- ignored via Agent Security Hooks\nexport const key = `-----BEGIN/);
    assert.match(fixed.ignore!, /-----END PRIVATE KEY-----\n`;\n\/\/ secretlint-enable -- ignored via Agent Security Hooks\n$/);
  });

  it("writes untyped JavaScript, and require() in CommonJS", () => {
    const esm = get("ESM JavaScript").sm!;
    assert.match(
      esm,
      /^\/\/ config\nimport \{ SecretsManagerClient, GetSecretValueCommand \} from '@aws-sdk\/client-secrets-manager';\n\n\/\*\*.*\*\/\nasync function getSecret\(secretId\) \{/,
    );
    assert.match(esm, /export const token = await getSecret\('app\/token'\);/);
    const cjs = get("CommonJS function").sm!;
    assert.ok(cjs.startsWith(lines(`"use strict";`, `const path = require("path");`, ``, `/**`)), cjs);
    assert.match(cjs, /\nfunction getSecretSync\(secretId\) \{\n/);
    assert.match(
      cjs,
      /\nconst githubToken = getSecretSync\("app\/github-token"\);\n\nmodule\.exports = function load\(\) \{\n {2}return githubToken;/,
    );
    assert.ok(!/\bawait [\w(]|\basync \w/.test(cjs), "CommonJS got an await");
    const top = get("CommonJS top level").sm!;
    assert.match(top, /\nconst token = getSecretSync\("app\/token"\);\nmodule\.exports = \{ token \};\n$/);
    assert.match(
      get("CommonJS top level").ssm!,
      /\nfunction getParameterSync\(name: string\): string \{|\nfunction getParameterSync\(name\) \{/,
    );
  });

  it("handles JSX attributes and text, and keeps a directive first", () => {
    const app = get("JSX attribute and text").sm!;
    assert.ok(app.startsWith(`"use client";\nimport { SecretsManagerClient`));
    assert.match(app, /<p title="Don't" data-token=\{`Bearer \$\{dataToken\}`\}>It's me<\/p>/);
    assert.match(app, /export default function App\(\)/);
    assert.match(get("JSX text").sm!, / {6}Token: \{githubToken\}\n/);
  });

  it("writes a braced block comment between JSX children, a line comment elsewhere", () => {
    assert.match(
      get("JSX text").ignore!,
      /\n {4}<div>\n {6}\{\/\* secretlint-disable-next-line -- ignored via Agent Security Hooks \*\/\}\n {6}Token: /,
    );
    assert.match(
      get("JSX attribute and text").ignore!,
      /\n {2}\/\/ secretlint-disable-next-line -- ignored via Agent Security Hooks\n {2}return <p/,
    );
  });

  it("uses a chosen name as given", () => {
    assert.match(get("chosen name").sm!, /export const x = await getSecret\("prod\/ci\/token"\);/);
    assert.match(get("chosen name").ssm!, /export const x = await getParameter\("\/prod\/ci\/token"\);/);
  });

  it("adds the import and helper once when a second secret is fixed", async () => {
    const file = "/w/two.ts";
    const text = lines(
      `import { a } from "./a";`,
      ``,
      `export const first = "${G}";`,
      `export function second() {`,
      `  return "${FAKE.slackToken}";`,
      `}`,
      ``,
    );
    const one = await fixFor(text, file);
    const two = await fixFor(one.sm!, file);
    assert.equal(two.finding.messageId, "SLACK_TOKEN");
    const out = two.sm!;
    assert.equal(out.split("import { SecretsManagerClient").length, 2);
    assert.equal(out.split("async function getSecret").length, 2);
    assert.match(out, /export const first = await getSecret\("app\/first"\);\nexport function second\(\) \{\n {2}return slackToken;/);
    assert.match(out, /\nconst slackToken = await getSecret\("app\/slack-token"\);\n/);
    assert.deepEqual(await scanner.scan(out, file), []);
    assert.deepEqual(typeScriptProblems({ "/virtual/two.ts": out })["/virtual/two.ts"], []);
  });

  it("keeps CRLF line endings and tab indentation", async () => {
    const file = "/w/crlf.ts";
    const text = [`import { a } from "./a";`, ``, `export function f() {`, `\tif (a) {`, `\t\treturn "${G}";`, `\t}`, `}`, ``].join("\r\n");
    const fixed = await fixFor(text, file);
    for (const out of [fixed.sm!, fixed.ssm!, fixed.ignore!]) {
      assert.equal(out.replace(/\r\n/g, "").includes("\n"), false, "a bare LF crept in");
    }
    assert.match(fixed.sm!, /\r\n\tconst \{ SecretString \}/);
    assert.match(fixed.ignore!, /\r\n\t\t\/\/ secretlint-disable-next-line -- ignored via Agent Security Hooks\r\n\t\treturn "/);
    assert.deepEqual(typeScriptProblems({ "/virtual/crlf.ts": fixed.sm! })["/virtual/crlf.ts"], []);
  });

  it("offers only ignore for a secret in a comment", async () => {
    const text = `// token: ${G}\nexport const x = 1;\n`;
    const fixed = await fixFor(text, "/w/comment.ts");
    assert.deepEqual(
      fixed.fixes.map((f) => f.title),
      ["Ignore this secret"],
    );
    assert.deepEqual(await scanner.scan(fixed.ignore!, "/w/comment.ts"), []);
  });

  it("has a type checker that does see await errors (control)", () => {
    const found = typeScriptProblems({
      "/virtual/bad.ts": "export function f() { return await g(); }\nasync function g() {}\n",
      "/virtual/bad2.ts": "class A { x = await 1; }\nexport {};\n",
    });
    assert.match(found["/virtual/bad.ts"].join(), /TS1308/);
    assert.ok(found["/virtual/bad2.ts"].length > 0);
  });

  it("never returns a fix for an unknown language other than ignore", async () => {
    const text = `let token = "${G}"\n`;
    const [finding] = await scanner.scan(text, "/w/a.rb");
    const fixes = secretFixes({ text, languageId: "ruby", filePath: "/w/a.rb", relativePath: "a.rb", finding, namePrefix: "app/" });
    assert.deepEqual(
      fixes.map((f) => f.title),
      ["Ignore this secret"],
    );
    assert.equal(
      applyEdits(text, fixes[0].edits),
      `# secretlint-disable-next-line -- ignored via Agent Security Hooks\nlet token = "${G}"\n`,
    );
  });
});
