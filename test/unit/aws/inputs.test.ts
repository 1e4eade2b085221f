import * as assert from "node:assert/strict";
import {
  checkEndpoint,
  checkKmsKeyId,
  checkProfile,
  checkRegion,
  checkSecretName,
  checkStorableValue,
  parseTags,
} from "../../../src/aws/inputs";
import { relocateValue } from "../../../src/aws/literal";
import { readStoreOptions } from "../../../src/aws/options";
import { FAKE } from "../../fixtures/fakeSecrets";

describe("AWS store: input checks", () => {
  it("accepts Secrets Manager names AWS accepts and refuses the others", () => {
    for (const ok of ["app/github-token", "prod/db+url=x.y@z", "a"]) assert.equal(checkSecretName(ok, "secretsManager"), undefined, ok);
    for (const bad of ["", "with space", "ümlaut", "a".repeat(513), "semi;colon"])
      assert.ok(checkSecretName(bad, "secretsManager") && !checkSecretName(bad, "secretsManager")!.warning, bad);
    // Ends like an ARN suffix: a warning the user may accept.
    assert.equal(checkSecretName("app/stripe-secret", "secretsManager")?.warning, true);
  });

  it("accepts Parameter Store names AWS accepts and refuses the others", () => {
    for (const ok of ["/app/github-token", "plain_name", "/a/b.c-d_e"]) assert.equal(checkSecretName(ok, "parameterStore"), undefined, ok);
    const bad = ["", "app/x", "/aws/x", "ssm-thing", "/app/x/", "/a//b", "/app/x+y", `/${"a/".repeat(15)}b`];
    for (const name of bad) assert.ok(checkSecretName(name, "parameterStore"), name);
  });

  it("checks regions, profiles and KMS keys", () => {
    for (const ok of ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-5", "cn-north-1"])
      assert.equal(checkRegion(ok), undefined, ok);
    for (const bad of ["", "US-EAST-1", "us-east", "useast1", "us-east-1.amazonaws.com"]) assert.ok(checkRegion(bad), bad);
    assert.equal(checkProfile(""), undefined);
    assert.equal(checkProfile("dev-admin"), undefined);
    assert.ok(checkProfile("my profile"));
    for (const ok of [
      "",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "mrk-1234abcd12ab34cd56ef1234567890ab",
      "alias/app-secrets",
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:us-east-1:123456789012:alias/app-secrets",
      "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
    ]) {
      assert.equal(checkKmsKeyId(ok), undefined, ok);
    }
    for (const bad of ["my-key", "alias/", "arn:aws:kms:us-east-1:123:key/x", "arn:aws:s3:::bucket"]) assert.ok(checkKmsKeyId(bad), bad);
  });

  it("parses tags as key=value pairs", () => {
    assert.deepEqual(parseTags(""), { tags: [] });
    assert.deepEqual(parseTags(" team = payments , env=prod, note=a=b ,"), {
      tags: [
        { Key: "team", Value: "payments" },
        { Key: "env", Value: "prod" },
        { Key: "note", Value: "a=b" },
      ],
    });
    assert.deepEqual(parseTags("flag"), { tags: [{ Key: "flag", Value: "" }] });
    for (const bad of [
      "=x",
      "a=1,a=2",
      "aws:reserved=1",
      "k=v;w",
      `${"k".repeat(129)}=v`,
      `k=${"v".repeat(257)}`,
      Array.from({ length: 51 }, (_, i) => `k${i}=v`).join(","),
    ]) {
      assert.ok("problem" in parseTags(bad), bad);
    }
  });

  it("sends secrets over plain http to this machine only", () => {
    for (const ok of ["https://secretsmanager.example.com", "http://127.0.0.1:4566", "http://localhost:4566", "http://[::1]:8080"])
      assert.equal(checkEndpoint(ok), undefined, ok);
    assert.match(checkEndpoint("http://localstack:4566")!.message, /unencrypted/);
    assert.ok(checkEndpoint("ftp://127.0.0.1"));
    assert.ok(checkEndpoint("not a url"));
  });

  it("stores only values that read back the same as in the file", () => {
    assert.equal(checkStorableValue(FAKE.githubToken, "secretsManager"), undefined);
    assert.equal(checkStorableValue(FAKE.privateKey, "parameterStore"), undefined);
    assert.match(checkStorableValue("line1\\nline2", "secretsManager")!.message, /backslash/);
    assert.ok(checkStorableValue("", "secretsManager"));
    assert.match(checkStorableValue("x".repeat(4097), "parameterStore")!.message, /4 KB/);
    assert.equal(checkStorableValue("x".repeat(4097), "secretsManager"), undefined);
    assert.match(checkStorableValue("x".repeat(65537), "secretsManager")!.message, /64 KB/);
  });

  it("finds the literal again after edits, nearest to where it was", () => {
    const v = FAKE.githubToken;
    assert.equal(relocateValue(`a = "${v}"`, v, 5), 5);
    assert.equal(relocateValue(`// new line\na = "${v}"`, v, 5), 17);
    const twice = `x="${v}"\n${"y".repeat(50)}\nz="${v}"`;
    assert.equal(relocateValue(twice, v, 70), twice.lastIndexOf(v));
    assert.equal(relocateValue(twice, v, 40), 3);
    assert.equal(relocateValue("a = process.env.TOKEN", v, 5), undefined);
  });

  it("reads the store command's options argument strictly", () => {
    assert.deepEqual(readStoreOptions({ secretName: " app/x ", onExists: "newVersion" }), { secretName: "app/x", onExists: "newVersion" });
    assert.deepEqual(readStoreOptions({}), {});
    assert.match(readStoreOptions({ onExists: "overwrite" }) as string, /onExists/);
    assert.match(readStoreOptions({ region: 1 }) as string, /must be a string/);
    assert.match(readStoreOptions({ value: "x" }) as string, /Unknown option "value"/);
    assert.match(readStoreOptions(null) as string, /object/);
  });
});
