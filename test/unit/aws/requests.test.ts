import * as assert from "node:assert/strict";
import {
  createSecretInput,
  description,
  describeSecretInput,
  putParameterInput,
  putSecretValueInput,
  requiredActions,
  type StoreRequest,
} from "../../../src/aws/requests";
import { FAKE } from "../../fixtures/fakeSecrets";

const base: StoreRequest = {
  store: "secretsManager",
  name: "app/github-token",
  value: FAKE.githubToken,
  tags: [{ Key: "team", Value: "payments" }],
  sourcePath: "src/app.ts",
};

describe("AWS store: request building", () => {
  it("creates a secret with name, value, description, key and tags", () => {
    assert.deepEqual(createSecretInput({ ...base, kmsKeyId: "alias/app" }), {
      Name: "app/github-token",
      SecretString: FAKE.githubToken,
      Description: "Moved out of source code from src/app.ts by Agent Security Hooks.",
      KmsKeyId: "alias/app",
      Tags: [{ Key: "team", Value: "payments" }],
    });
  });

  it("leaves out the KMS key and tags when none are chosen", () => {
    const input = createSecretInput({ ...base, tags: [], sourcePath: undefined });
    assert.deepEqual(Object.keys(input).sort(), ["Description", "Name", "SecretString"]);
    assert.equal(input.Description, "Moved out of source code by Agent Security Hooks.");
  });

  it("adds a version to an existing secret by name, touching nothing else", () => {
    assert.deepEqual(putSecretValueInput(base), { SecretId: "app/github-token", SecretString: FAKE.githubToken });
    assert.deepEqual(describeSecretInput("app/github-token"), { SecretId: "app/github-token" });
  });

  it("creates a SecureString parameter without overwriting", () => {
    assert.deepEqual(putParameterInput({ ...base, store: "parameterStore", name: "/app/github-token", kmsKeyId: "alias/app" }, false), {
      Name: "/app/github-token",
      Value: FAKE.githubToken,
      Type: "SecureString",
      Description: "Moved out of source code from src/app.ts by Agent Security Hooks.",
      KeyId: "alias/app",
      Overwrite: false,
      Tags: [{ Key: "team", Value: "payments" }],
    });
  });

  it("overwrites a parameter only when asked, and then without tags (AWS refuses both together)", () => {
    const input = putParameterInput({ ...base, store: "parameterStore", name: "/app/github-token" }, true);
    assert.equal(input.Overwrite, true);
    assert.equal(input.Tags, undefined);
    assert.equal(input.Type, "SecureString");
    assert.equal(input.KeyId, undefined);
  });

  it("keeps descriptions within AWS's limits and free of the value", () => {
    const long = description({ sourcePath: "x/".repeat(1000) });
    assert.ok(long.length <= 1024);
    assert.ok(!createSecretInput(base).Description!.includes(FAKE.githubToken));
  });

  it("names the IAM actions each call needs", () => {
    assert.deepEqual(requiredActions("secretsManager", "create", true), ["secretsmanager:CreateSecret", "secretsmanager:TagResource"]);
    assert.deepEqual(requiredActions("secretsManager", "create", false), ["secretsmanager:CreateSecret"]);
    assert.deepEqual(requiredActions("secretsManager", "addVersion", true), ["secretsmanager:PutSecretValue"]);
    assert.deepEqual(requiredActions("secretsManager", "describe", false), ["secretsmanager:DescribeSecret"]);
    assert.deepEqual(requiredActions("parameterStore", "create", true), ["ssm:PutParameter", "ssm:AddTagsToResource"]);
    assert.deepEqual(requiredActions("parameterStore", "addVersion", true), ["ssm:PutParameter"]);
  });
});
