import * as assert from "node:assert/strict";
import { AwsStoreError } from "../../../src/aws/errors";
import { loadAwsSdk } from "../../../src/aws/loadSdk";
import type { StoreRequest } from "../../../src/aws/requests";
import { addVersion, createSecret, describeExisting, type Connection } from "../../../src/aws/store";
import { FAKE } from "../../fixtures/fakeSecrets";
import { FakeAwsServer } from "../../support/fakeAws";
import { FAKE_AWS, useFakeAwsConfig } from "../../support/fakeAwsConfig";

const VALUE = FAKE.githubToken;

/** Runs `call` and returns the AwsStoreError it must throw. */
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

describe("AWS store: through the real SDK against a local server", function () {
  const server = new FakeAwsServer();
  let restore: () => void;
  let endpoint: string;
  let viaProfile: Connection;
  let viaEnvironment: Connection;
  const secret: StoreRequest = {
    store: "secretsManager",
    name: "app/github-token",
    value: VALUE,
    tags: [{ Key: "team", Value: "payments" }],
    kmsKeyId: "alias/app",
    sourcePath: "src/app.ts",
  };
  const parameter: StoreRequest = { ...secret, store: "parameterStore", name: "/app/github-token" };

  before(async () => {
    restore = useFakeAwsConfig();
    endpoint = await server.start();
    viaProfile = { region: "us-east-1", profile: FAKE_AWS.profile, endpoint };
    viaEnvironment = { region: "eu-central-1", endpoint };
  });
  after(async () => {
    await server.stop();
    restore();
  });
  beforeEach(() => server.reset());

  it("creates a secret: a signed JSON 1.1 request with name, value, key, tags and description", async () => {
    const result = await createSecret(viaProfile, secret);
    assert.equal(result.kind, "stored");
    assert.ok(result.kind === "stored");
    assert.match(result.stored.arn!, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/github-token-/);
    assert.ok(result.stored.versionId);
    assert.equal(result.stored.created, true);
    const [request] = server.requests;
    assert.equal(server.requests.length, 1);
    assert.equal(request.service, "secretsmanager");
    assert.equal(request.operation, "CreateSecret");
    assert.equal(request.contentType, "application/x-amz-json-1.1");
    assert.equal(request.signed, true);
    assert.equal(request.accessKeyId, FAKE_AWS.accessKeyId);
    assert.equal(request.region, "us-east-1");
    assert.equal(request.signedService, "secretsmanager");
    assert.equal(request.name, "app/github-token");
    assert.equal(request.value, VALUE);
    assert.equal(request.kmsKeyId, "alias/app");
    assert.deepEqual(request.tags, [{ Key: "team", Value: "payments" }]);
    assert.match(request.description!, /Agent Security Hooks/);
  });

  it("uses the default credential chain (environment keys) when no profile is given", async () => {
    const restoreEnv = useFakeAwsConfig({ staticKeys: true });
    try {
      await createSecret(viaEnvironment, { ...secret, kmsKeyId: undefined, tags: [] });
    } finally {
      restoreEnv();
    }
    const [request] = server.requests;
    assert.equal(request.accessKeyId, FAKE_AWS.accessKeyId);
    assert.equal(request.region, "eu-central-1");
    assert.equal(request.kmsKeyId, undefined);
    assert.equal(request.tags, undefined);
  });

  it("reports a taken name instead of overwriting, describes it, and adds a version only when asked", async () => {
    server.seedSecret("app/github-token");
    assert.deepEqual(await createSecret(viaProfile, secret), { kind: "exists" });
    const existing = await describeExisting(viaProfile, secret);
    assert.equal(existing?.ours, false);
    assert.equal(existing?.lastChanged?.toISOString(), "2024-01-15T09:30:00.000Z");
    const stored = await addVersion(viaProfile, secret);
    assert.equal(stored.created, false);
    assert.match(stored.arn!, /app\/github-token/);
    assert.deepEqual(
      server.requests.map((r) => r.operation),
      ["CreateSecret", "DescribeSecret", "PutSecretValue"],
    );
    const put = server.requests[2];
    assert.equal(put.value, VALUE);
    assert.deepEqual(put.body, { SecretId: "app/github-token", SecretString: VALUE, ClientRequestToken: put.body.ClientRequestToken });
  });

  it("creates a SecureString parameter, and overwrites only when asked, without tags", async () => {
    const created = await createSecret(viaProfile, parameter);
    assert.ok(created.kind === "stored");
    assert.equal(created.stored.version, 1);
    assert.deepEqual(await createSecret(viaProfile, parameter), { kind: "exists" });
    assert.equal(await describeExisting(viaProfile, parameter), undefined);
    const again = await addVersion(viaProfile, parameter);
    assert.equal(again.version, 2);
    const [first, second, third] = server.requests;
    assert.equal(first.service, "ssm");
    assert.equal(first.signedService, "ssm");
    assert.equal(first.operation, "PutParameter");
    assert.equal(first.body.Type, "SecureString");
    assert.equal(first.kmsKeyId, "alias/app");
    assert.equal(first.overwrite, false);
    assert.deepEqual(first.tags, [{ Key: "team", Value: "payments" }]);
    assert.equal(second.overwrite, false);
    assert.equal(third.overwrite, true);
    assert.equal(third.tags, undefined);
    assert.equal(third.value, VALUE);
  });

  it("access denied: names the denied action", async () => {
    server.mode = "accessDenied";
    const error = await failure(() => createSecret(viaProfile, secret));
    assert.equal(error.problem.code, "accessDenied");
    assert.match(error.message, /secretsmanager:CreateSecret/);
    const ssm = await failure(() => createSecret(viaProfile, parameter));
    assert.match(ssm.message, /ssm:PutParameter/);
  });

  it("dropped connection: the request was tried and the failure is explained", async () => {
    server.mode = "drop";
    const error = await failure(() => createSecret(viaProfile, secret));
    assert.equal(error.problem.code, "connectionDropped");
    assert.ok(server.requests.length >= 1);
  });

  it("KMS key not found, expired token, throttling, quoted value, server fault", async () => {
    const cases: Array<[typeof server.mode, string]> = [
      ["kmsKeyNotFound", "kmsKey"],
      ["expiredToken", "expiredCredentials"],
      ["validationQuotingValue", "invalidRequest"],
      ["internalError", "serviceError"],
    ];
    for (const [mode, code] of cases) {
      server.mode = mode;
      assert.equal((await failure(() => createSecret(viaProfile, secret))).problem.code, code, mode);
    }
    server.mode = "throttle";
    assert.equal((await failure(() => createSecret(viaProfile, parameter))).problem.code, "throttled");
  });

  it("nothing listening at the endpoint", async () => {
    const error = await failure(() => createSecret({ ...viaProfile, endpoint: "http://127.0.0.1:9" }, secret));
    assert.equal(error.problem.code, "endpointUnreachable");
  });

  it("no credentials for an unknown profile, without sending anything", async () => {
    const error = await failure(() => createSecret({ ...viaProfile, profile: "no-such-profile" }, secret));
    assert.equal(error.problem.code, "noCredentials");
    assert.match(error.message, /no-such-profile/);
    assert.equal(server.requests.length, 0);
  });

  it("reads profiles and the profile's region afresh from the AWS config files", async () => {
    const sdk = await loadAwsSdk();
    assert.deepEqual(await sdk.listProfiles(), [FAKE_AWS.profile]);
    assert.equal(await sdk.defaultRegion(FAKE_AWS.profile), FAKE_AWS.profileRegion);
    assert.equal(await sdk.defaultRegion(undefined), undefined);
    process.env.AWS_REGION = "ap-south-1";
    try {
      assert.equal(await sdk.defaultRegion(FAKE_AWS.profile), "ap-south-1");
    } finally {
      delete process.env.AWS_REGION;
    }
  });
});
