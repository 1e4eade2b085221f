import * as assert from "node:assert/strict";
import { AwsStoreError } from "../../../src/aws/errors";
import type { StoreRequest } from "../../../src/aws/requests";
import { addVersion, createSecret, describeExisting, type Connection } from "../../../src/aws/store";
import { FAKE } from "../../fixtures/fakeSecrets";
import { DroppingProxy, MOTO_INSTALL_HINT, MOTO_REGION, MotoServer } from "../../support/moto";

const VALUE = FAKE.githubToken;

/** Makes the process environment exactly `next` (the SDK reads it on each credential lookup). */
function setEnvironment(next: Record<string, string | undefined>): void {
  for (const key of Object.keys(process.env)) if (!(key in next)) delete process.env[key];
  for (const [key, value] of Object.entries(next)) if (value !== undefined) process.env[key] = value;
}

async function failure(call: () => Promise<unknown>): Promise<AwsStoreError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof AwsStoreError, `expected an AwsStoreError, got ${error}`);
    assert.ok(!error.message.includes(VALUE), "the value is in the error message");
    return error;
  }
  assert.fail("the call succeeded");
}

/**
 * Store in AWS (src/aws/store.ts, the editor's and the CLI's path) through the
 * real SDK against moto, which answers with AWS's own error semantics. The
 * KMS key and throttling cases stay with the fake server (store.test.ts):
 * moto accepts any KMS key id and never throttles.
 */
describe("AWS store against moto", function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let connection: Connection;
  const saved = { ...process.env };
  const secret: StoreRequest = {
    store: "secretsManager",
    name: "app/github-token",
    value: VALUE,
    tags: [{ Key: "team", Value: "payments" }],
    sourcePath: "src/app.ts",
  };
  const parameter: StoreRequest = { ...secret, store: "parameterStore", name: "/app/github-token" };

  before(async () => {
    moto = await MotoServer.start();
    connection = { region: MOTO_REGION, endpoint: moto.endpoint };
  });
  after(async () => {
    await moto?.stop();
    setEnvironment(saved);
  });
  beforeEach(async () => {
    await moto.reset();
    setEnvironment(moto.env());
  });

  it("moto: creates a secret with its description and tags", async () => {
    const result = await createSecret(connection, secret);
    assert.ok(result.kind === "stored");
    assert.match(result.stored.arn!, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/github-token-\w{6}$/);
    assert.equal(result.stored.created, true);
    assert.equal(await moto.secretValue("app/github-token"), VALUE);
    const existing = await describeExisting(connection, secret);
    assert.equal(existing?.ours, true, "the description names Agent Security Hooks");
    assert.equal(existing?.arn, result.stored.arn);
  });

  it("moto: a name that exists is reported, not overwritten; a new version only when asked", async () => {
    await createSecret(connection, { ...secret, value: "the-old-value-of-the-secret" });
    assert.deepEqual(await createSecret(connection, secret), { kind: "exists" });
    assert.equal(await moto.secretValue("app/github-token"), "the-old-value-of-the-secret");
    const stored = await addVersion(connection, secret);
    assert.equal(stored.created, false);
    assert.equal(await moto.secretValue("app/github-token"), VALUE);
    assert.equal((await moto.secretVersions("app/github-token")).length, 2);
  });

  it("moto: a new version of a secret that does not exist says so", async () => {
    const error = await failure(() => addVersion(connection, { ...secret, name: "app/never-created" }));
    assert.equal(error.problem.code, "notFound");
    assert.match(error.message, /app\/never-created no longer exists/);
  });

  it("moto: SSM SecureString parameter, with its KMS key; exists; overwrite only when asked, keeping its tags out", async () => {
    const created = await createSecret(connection, { ...parameter, kmsKeyId: "alias/app-secrets" });
    assert.ok(created.kind === "stored");
    assert.equal(created.stored.version, 1);
    assert.deepEqual(await moto.parameter("/app/github-token"), { value: VALUE, type: "SecureString", version: 1 });
    assert.deepEqual(await createSecret(connection, parameter), { kind: "exists" });
    const again = await addVersion(connection, { ...parameter, value: "a-rotated-value-for-the-test" });
    assert.equal(again.version, 2);
    assert.deepEqual(await moto.parameter("/app/github-token"), {
      value: "a-rotated-value-for-the-test",
      type: "SecureString",
      version: 2,
    });
  });

  it("moto: access denied (moto's IAM mode): names the denied action, for Secrets Manager and Parameter Store", async () => {
    const key = await moto.createIamUser("developer", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "ssm:GetParameter"], Resource: "*" }],
    });
    await moto.enableIamChecks();
    process.env.AWS_ACCESS_KEY_ID = key.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
    const sm = await failure(() => createSecret(connection, secret));
    assert.equal(sm.problem.code, "accessDenied");
    assert.match(sm.message, /may not call secretsmanager:CreateSecret on app\/github-token in us-east-1/);
    const ssm = await failure(() => createSecret(connection, parameter));
    assert.equal(ssm.problem.code, "accessDenied");
    assert.match(ssm.message, /ssm:PutParameter/);
    // A key moto's IAM does not know.
    process.env.AWS_ACCESS_KEY_ID = "AKIDNOTKNOWNTOMOTO00";
    assert.equal((await failure(() => createSecret(connection, secret))).problem.code, "invalidCredentials");
    await moto.disableIamChecks();
    assert.equal(await moto.secretValue("app/github-token"), undefined);
  });

  it("moto: a dropped connection is explained, and the request may have been stored", async () => {
    const proxy = new DroppingProxy(moto.endpoint);
    const endpoint = await proxy.start();
    try {
      const error = await failure(() => createSecret({ ...connection, endpoint }, secret));
      assert.equal(error.problem.code, "connectionDropped");
      assert.match(error.message, /may or may not have been stored/);
    } finally {
      await proxy.stop();
    }
    assert.equal(await moto.secretValue("app/github-token"), VALUE, "moto got the request before the connection dropped");
    assert.deepEqual(await createSecret(connection, secret), { kind: "exists" });
  });

  it("moto: nothing listening at the endpoint", async () => {
    const error = await failure(() => createSecret({ ...connection, endpoint: "http://127.0.0.1:9" }, secret));
    assert.equal(error.problem.code, "endpointUnreachable");
  });
});

describe("moto helper", () => {
  it("moto: without moto_server on PATH the tests fail, saying how to install it (never skipped)", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent-agent-security-test";
    try {
      await assert.rejects(
        MotoServer.start(),
        (error: Error) => error.message === MOTO_INSTALL_HINT && /pip install "moto\[server\]"/.test(error.message),
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
