// fast-check generators of small programs and configuration files, each with
// one planted fake secret among ordinary statements, in every format the fix
// generators handle. The surroundings vary (imports, comments, functions,
// classes, quoting, position, line endings) so that a fix is tried in many
// places the hand-written fix tests do not name.
import fc from "fast-check";
import { FAKE } from "../fixtures/fakeSecrets";

export interface Program {
  file: string;
  text: string;
}

/** Values detected wherever they stand (no key name needed), fit into any quoted string. */
const SECRET = fc.constantFrom(FAKE.githubToken, FAKE.slackToken, FAKE.postgresUrl);
/** The private key's lines, each with `indent` before it. */
const pem = (indent: string) =>
  FAKE.privateKey
    .split("\n")
    .map((line) => indent + line)
    .join("\n");
const NAME = fc.constantFrom("token", "apiKey", "github_token", "slackToken", "db_url", "value", "auth");

/**
 * A program: `head`, then fillers with the secret's statement at a random
 * place, then `tail`; joined by `\n` or, sometimes, `\r\n`.
 */
function program(
  file: string,
  parts: {
    head?: fc.Arbitrary<string[]>;
    fillers: fc.Arbitrary<string>[];
    secret: fc.Arbitrary<string>;
    tail?: string[];
    indent?: string;
    crlf?: boolean;
  },
): fc.Arbitrary<Program> {
  return fc
    .record({
      head: parts.head ?? fc.constant([] as string[]),
      fillers: fc.array(fc.oneof(...parts.fillers), { maxLength: 6 }),
      secret: parts.secret,
      at: fc.nat(),
      crlf: parts.crlf === false ? fc.constant(false) : fc.boolean(),
    })
    .map(({ head, fillers, secret, at, crlf }) => {
      const body = [...fillers];
      body.splice(at % (body.length + 1), 0, secret);
      const indented = body.map((statement) =>
        statement
          .split("\n")
          .map((l) => (l ? (parts.indent ?? "") + l : l))
          .join("\n"),
      );
      const text = [...head, ...indented, ...(parts.tail ?? []), ""].join("\n");
      return { file, text: crlf ? text.replace(/\n/g, "\r\n") : text };
    });
}

const quote = fc.constantFrom('"', "'");
let counter = 0;
/** Distinct names where a language refuses duplicates. */
const unique = (prefix: string) => fc.constant(null).map(() => `${prefix}${++counter}`);

export const typescript: fc.Arbitrary<Program> = fc.constantFrom("/w/gen.ts", "/w/gen.mts", "/w/gen.js").chain((file) =>
  program(file, {
    head: fc.subarray([`import { readFileSync } from "node:fs";`, `// generated`]),
    fillers: [
      unique("n").map((n) => `export const ${n} = 1;`),
      fc.constant("// a comment with a 'quote'"),
      unique("f").map((f) => `export function ${f}(a) {\n  return a * 2;\n}`),
      unique("C").map((c) => `export class ${c} {\n  m() {\n    return [1, 2].map((x) => x + 1);\n  }\n}`),
      fc.constant(""),
    ],
    secret: fc.oneof(
      fc.tuple(NAME, quote, SECRET).map(([n, q, s]) => `export const ${n} = ${q}${s}${q};`),
      fc.tuple(NAME, quote, SECRET).map(([n, q, s]) => `export function get_${n}() {\n  return ${q}${s}${q};\n}`),
      fc.tuple(NAME, SECRET).map(([n, s]) => `export const config = { ${n}: "${s}", retries: 3 };`),
      SECRET.map((s) => `export async function call() {\n  return fetch("https://x", { headers: { Authorization: "Bearer ${s}" } });\n}`),
      SECRET.map((s) => "export const header = (id) => `" + s + " ${id}`;"),
      fc.constant("export const key = `" + FAKE.privateKey + "\n`;"),
    ),
  }),
);

export const python: fc.Arbitrary<Program> = program("/w/gen.py", {
  head: fc.subarray([`"""Module."""`, "import os", "from typing import Any"]),
  fillers: [
    unique("n").map((n) => `${n} = 1`),
    fc.constant("# a comment"),
    unique("f").map((f) => `def ${f}(a):\n    return a * 2`),
    unique("K").map((k) => `class ${k}:\n    x = [1, 2]`),
    fc.constant(""),
  ],
  secret: fc.oneof(
    fc.tuple(NAME, quote, SECRET).map(([n, q, s]) => `${n.toUpperCase()} = ${q}${s}${q}`),
    fc.tuple(quote, SECRET).map(([q, s]) => `def load():\n    return ${q}${s}${q}`),
    SECRET.map((s) => `client = dict(api_key="${s}")`),
    fc.tuple(NAME, SECRET).map(([n, s]) => `CONFIG = {"${n}": "${s}", "retries": 3}`),
    fc.constant(`KEY = """${FAKE.privateKey}\n"""`),
    fc.constant(`aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`),
  ),
});

export const go: fc.Arbitrary<Program> = program("/w/gen.go", {
  head: fc.constantFrom(
    ["package app", ""],
    ["package main", "", `import "fmt"`, "", "var _ = fmt.Sprint"],
    ["package app", "", "import (", '\t"fmt"', '\t"os"', ")", "", "var _ = fmt.Sprint", "var _ = os.Getenv"],
  ),
  fillers: [
    unique("n").map((n) => `var ${n} = 1`),
    fc.constant("// a comment"),
    unique("f").map((f) => `func ${f}(a int) int {\n\treturn a * 2\n}`),
    unique("T").map((t) => `type ${t} struct{ A string }`),
  ],
  secret: fc.oneof(
    fc.tuple(NAME, SECRET).map(([n, s]) => `const ${n} = "${s}"`),
    fc.tuple(NAME, SECRET).map(([n, s]) => `var ${n} = \`${s}\``),
    SECRET.map((s) => `func header() string {\n\treturn "Bearer ${s}"\n}`),
  ),
});

export const java: fc.Arbitrary<Program> = program("/w/Gen.java", {
  head: fc.subarray(["package com.example;", "import java.util.Map;"]).map((h) => [...h, "public class Gen {"]),
  fillers: [
    unique("n").map((n) => `int ${n} = 1;`),
    fc.constant("// a comment"),
    unique("m").map((m) => `int ${m}(int a) {\n    return a * 2;\n}`),
  ],
  secret: fc.oneof(
    fc.tuple(NAME, SECRET).map(([n, s]) => `private static final String ${n.toUpperCase()} = "${s}";`),
    SECRET.map((s) => `String header() {\n    return "Bearer ${s}";\n}`),
    fc.tuple(NAME, SECRET).map(([n, s]) => `String ${n} = "${s}";`),
  ),
  indent: "    ",
  tail: ["}"],
});

export const csharp: fc.Arbitrary<Program> = program("/w/Gen.cs", {
  head: fc.constantFrom(["class Gen", "{"], ["using System;", "", "namespace App;", "", "class Gen", "{"]),
  fillers: [unique("n").map((n) => `int n${n} = 1;`), fc.constant("// a comment"), unique("M").map((m) => `int ${m}(int a) => a * 2;`)],
  secret: fc.oneof(
    fc.tuple(NAME, SECRET).map(([n, s]) => `public const string ${n.toUpperCase()} = "${s}";`),
    SECRET.map((s) => `string Header() => "Bearer ${s}";`),
    fc.tuple(NAME, SECRET).map(([n, s]) => `static readonly string ${n} = "${s}";`),
  ),
  indent: "    ",
  tail: ["}"],
});

export const terraform: fc.Arbitrary<Program> = program("/w/gen.tf", {
  fillers: [
    unique("a").map((a) => `variable "${a}" {}`),
    fc.constant("# a comment"),
    unique("n").map((n) => `locals {\n  ${n} = 1\n}`),
    unique("r").map((r) => `resource "null_resource" "${r}" {}`),
  ],
  secret: fc.oneof(
    fc.tuple(NAME, SECRET).map(([n, s]) => `locals {\n  ${n} = "${s}"\n}`),
    fc.tuple(unique("r"), SECRET).map(([r, s]) => `resource "aws_thing" "${r}" {\n  token = "${s}"\n}`),
    fc.tuple(unique("v"), SECRET).map(([v, s]) => `variable "${v}" {\n  default = "${s}"\n}`),
    unique("c").map((c) => `resource "tls_cert_request" "${c}" {\n  private_key_pem = <<-EOT\n${pem("    ")}\n  EOT\n}`),
  ),
});

export const yaml: fc.Arbitrary<Program> = program("/w/gen.yaml", {
  fillers: [unique("name").map((k) => `${k}: app`), fc.constant("# a comment"), unique("list").map((k) => `${k}:\n  - a\n  - b`)],
  secret: fc.oneof(
    fc.tuple(unique("k"), SECRET).map(([k, s]) => `${k}: ${s}`),
    fc.tuple(unique("k"), quote, SECRET).map(([k, q, s]) => `${k}: ${q}${s}${q}`),
    fc.tuple(unique("env"), NAME, SECRET).map(([e, n, s]) => `${e}:\n  ${n.toUpperCase()}: ${s}`),
    fc.tuple(unique("items"), SECRET).map(([k, s]) => `${k}:\n  - first\n  - ${s}`),
    unique("key").map((k) => `${k}: |\n${pem("  ")}`),
  ),
});

export const json: fc.Arbitrary<Program> = fc
  .tuple(
    fc.array(
      fc.oneof(
        unique("a").map((k) => `"${k}": 1`),
        unique("o").map((k) => `"${k}": {"x": [1, 2]}`),
      ),
      { maxLength: 4 },
    ),
    NAME,
    SECRET,
    fc.nat(),
  )
  .map(([fillers, n, s, at]) => {
    const entries = [...fillers];
    entries.splice(at % (entries.length + 1), 0, `"${n}": "${s}"`);
    return { file: "/w/gen.json", text: `{\n  ${entries.join(",\n  ")}\n}\n` };
  });

export const dotenv: fc.Arbitrary<Program> = program("/w/.env", {
  fillers: [unique("NAME").map((k) => `${k}=app`), fc.constant("# a comment"), fc.constant("")],
  secret: fc.oneof(
    fc.tuple(NAME, fc.constantFrom("", '"'), SECRET).map(([n, q, s]) => `${n.toUpperCase()}=${q}${s}${q}`),
    fc.constant(`AWS_SECRET_ACCESS_KEY=${FAKE.awsSecretAccessKey}`),
  ),
});
