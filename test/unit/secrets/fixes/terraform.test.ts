import * as assert from "node:assert/strict";
import { FAKE } from "../../../fixtures/fakeSecrets";
import { fixAndParseAll, fixFor, lines, scanner, syntaxErrors, type Fixed } from "../../../support/fixHarness";

const G = FAKE.githubToken;

const CASES = {
  lambda: {
    file: "/w/main.tf",
    text: lines(
      `provider "aws" {`,
      `  region = "eu-west-1"`,
      `}`,
      ``,
      `resource "aws_lambda_function" "api" {`,
      `  function_name = "api"`,
      `  environment {`,
      `    variables = {`,
      `      GITHUB_TOKEN = "${G}"`,
      `    }`,
      `  }`,
      `}`,
      ``,
    ),
  },
  partial: {
    file: "/w/headers.tf",
    text: lines(`locals {`, `  auth_header = "Bearer ${G} for \${var.env}"`, `}`, ``),
  },
  heredoc: {
    file: "/w/key.tf",
    text: lines(
      `resource "tls_cert_request" "c" {`,
      `  private_key_pem = <<-EOT`,
      ...FAKE.privateKey.split("\n").map((l) => `    ${l}`),
      `  EOT`,
      `}`,
      ``,
    ),
  },
  existingData: {
    file: "/w/reuse.tf",
    text: lines(
      `data "aws_secretsmanager_secret_version" "password" {`,
      `  secret_id = "legacy/password"`,
      `}`,
      ``,
      `resource "aws_db_instance" "db" {`,
      `  password = "${G}"`,
      `}`,
      ``,
    ),
  },
};

describe("secret fixes: Terraform", () => {
  let results: Map<string, Fixed>;
  before(async () => {
    results = await fixAndParseAll("hcl", CASES);
  });
  const get = (name: keyof typeof CASES) => results.get(name)!;

  it("parses every output with tree-sitter-hcl and removes the secret (checked in before)", async () => {
    assert.equal(results.size, Object.keys(CASES).length);
    assert.notDeepEqual(await syntaxErrors("hcl", `a = "\${b"\n`), [], "control");
  });

  it("adds a data source before the resource and references it", () => {
    assert.equal(
      get("lambda").sm,
      lines(
        `provider "aws" {`,
        `  region = "eu-west-1"`,
        `}`,
        ``,
        `data "aws_secretsmanager_secret_version" "github_token" {`,
        `  secret_id = "app/github-token"`,
        `}`,
        ``,
        `resource "aws_lambda_function" "api" {`,
        `  function_name = "api"`,
        `  environment {`,
        `    variables = {`,
        `      GITHUB_TOKEN = data.aws_secretsmanager_secret_version.github_token.secret_string`,
        `    }`,
        `  }`,
        `}`,
        ``,
      ),
    );
    assert.match(
      get("lambda").ssm!,
      /data "aws_ssm_parameter" "github_token" \{\n {2}name {12}= "\/app\/github-token"\n {2}with_decryption = true\n\}\n\nresource[\s\S]*GITHUB_TOKEN = data\.aws_ssm_parameter\.github_token\.value\n/,
    );
  });

  it("interpolates inside a larger string and replaces a heredoc whole", () => {
    assert.match(
      get("partial").sm!,
      /auth_header = "Bearer \$\{data\.aws_secretsmanager_secret_version\.auth_header\.secret_string\} for \$\{var\.env\}"/,
    );
    assert.match(
      get("partial").sm!,
      /^data "aws_secretsmanager_secret_version" "auth_header" \{\n {2}secret_id = "app\/auth-header"\n\}\n\nlocals \{/,
    );
    assert.match(
      get("heredoc").sm!,
      /\n {2}private_key_pem = data\.aws_secretsmanager_secret_version\.private_key_pem\.secret_string\n\}\n$/,
    );
    assert.match(get("heredoc").ignore!, /\n {2}# secretlint-disable -- ignored via Agent Security Hooks\n {2}private_key_pem = <<-EOT\n/);
    assert.match(get("heredoc").ignore!, /\n {2}EOT\n {2}# secretlint-enable -- ignored via Agent Security Hooks\n\}\n$/);
  });

  it("never clashes with an existing data source of another secret", () => {
    const out = get("existingData").sm!;
    assert.match(
      out,
      /data "aws_secretsmanager_secret_version" "password_2" \{\n {2}secret_id = "app\/password"\n\}\n\nresource "aws_db_instance" "db" \{\n {2}password = data\.aws_secretsmanager_secret_version\.password_2\.secret_string\n/,
    );
  });

  it("reuses the data source when the same secret is fixed twice, and keeps CRLF", async () => {
    const text = lines(`resource "a" "b" {`, `  token = "${G}"`, `}`, ``, `resource "a" "c" {`, `  token = "${G}"`, `}`, ``).replace(
      /\n/g,
      "\r\n",
    );
    const one = await fixFor(text, "/w/two.tf");
    const two = await fixFor(one.sm!, "/w/two.tf");
    const out = two.sm!;
    assert.equal(out.replace(/\r\n/g, "").includes("\n"), false);
    assert.equal(out.split(`data "aws_secretsmanager_secret_version" "token"`).length, 2);
    assert.equal(out.split("token = data.aws_secretsmanager_secret_version.token.secret_string").length, 3);
    assert.deepEqual(await syntaxErrors("hcl", out), []);
    assert.deepEqual(await scanner.scan(out, "/w/two.tf"), []);
  });
});
