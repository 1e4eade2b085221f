import * as assert from "node:assert/strict";
import { EncryptionFailure, InvalidRequestException, ResourceExistsException } from "@aws-sdk/client-secrets-manager";
import { InvalidKeyId, ParameterAlreadyExists } from "@aws-sdk/client-ssm";
import { mapAwsError, type AwsCallContext } from "../../../src/aws/errors";
import { FAKE } from "../../fixtures/fakeSecrets";

const VALUE = FAKE.githubToken;

const ctx: AwsCallContext = {
  store: "secretsManager",
  operation: "create",
  name: "app/github-token",
  region: "eu-west-1",
  profile: "dev",
  tagged: false,
  secretValue: VALUE,
};

/** An error shaped as the SDK throws them: a name, a fault, metadata, and AWS's message. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400, requestId: "req-1" }, ...extra });
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 3 } });
}

describe("AWS store: error mapping", () => {
  it("no credentials: names the profile and how to sign in", () => {
    const p = mapAwsError(sdkError("CredentialsProviderError", "Could not load credentials from any providers"), ctx);
    assert.equal(p.code, "noCredentials");
    assert.match(p.message, /profile "dev"/);
    assert.match(p.message, /aws sso login|aws configure/);
    assert.equal(p.settingsMayHelp, true);
    const chain = mapAwsError(sdkError("CredentialsProviderError", "Could not load credentials from any providers"), {
      ...ctx,
      profile: undefined,
    });
    assert.match(chain.message, /default credential chain/);
  });

  it("expired SSO session and expired session token", () => {
    const sso = mapAwsError(
      sdkError("CredentialsProviderError", "The SSO session associated with this profile has expired or is otherwise invalid."),
      ctx,
    );
    assert.equal(sso.code, "expiredCredentials");
    assert.match(sso.message, /aws sso login --profile dev/);
    const token = mapAwsError(sdkError("ExpiredTokenException", "The security token included in the request is expired"), ctx);
    assert.equal(token.code, "expiredCredentials");
    assert.match(token.message, /expired/);
  });

  it("unknown keys, bad signatures and clock skew", () => {
    assert.equal(
      mapAwsError(sdkError("UnrecognizedClientException", "The security token included in the request is invalid."), ctx).code,
      "invalidCredentials",
    );
    assert.match(mapAwsError(sdkError("InvalidSignatureException", "sig"), ctx).message, /clock/);
    assert.equal(mapAwsError(sdkError("RequestExpired", "too old"), ctx).code, "clockSkew");
  });

  it("access denied: the IAM action AWS names, or the ones the call needs", () => {
    const named = mapAwsError(
      sdkError(
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: secretsmanager:CreateSecret on resource: app/github-token because no identity-based policy allows the secretsmanager:CreateSecret action",
      ),
      ctx,
    );
    assert.equal(named.code, "accessDenied");
    assert.match(named.message, /may not call secretsmanager:CreateSecret on app\/github-token in eu-west-1/);
    assert.match(named.message, /least-privilege policy/);
    const unnamed = mapAwsError(sdkError("AccessDeniedException", "Access denied"), {
      ...ctx,
      store: "parameterStore",
      name: "/app/x",
      tagged: true,
    });
    assert.match(unnamed.message, /ssm:PutParameter and ssm:AddTagsToResource/);
  });

  it("KMS: key not found, not usable, or not allowed", () => {
    const withKey = { ...ctx, kmsKeyId: "alias/app" };
    const notFound = mapAwsError(
      new EncryptionFailure({ message: "Secrets Manager can't find the specified encryption key.", $metadata: {} }),
      withKey,
    );
    assert.equal(notFound.code, "kmsKey");
    assert.match(notFound.message, /alias\/app/);
    assert.match(notFound.message, /kms:GenerateDataKey, kms:Decrypt/);
    const ssm = mapAwsError(new InvalidKeyId({ message: "Invalid keyId alias/app", $metadata: {} }), {
      ...withKey,
      store: "parameterStore",
    });
    assert.equal(ssm.code, "kmsKey");
    assert.match(ssm.message, /kms:Encrypt/);
    const denied = mapAwsError(sdkError("AccessDeniedException", "Access to KMS is not allowed"), withKey);
    assert.equal(denied.code, "kmsKey");
    assert.match(denied.message, /Access denied to the KMS key alias\/app/);
    // A resource named like "kms" is not a KMS problem.
    const named = mapAwsError(
      sdkError(
        "AccessDeniedException",
        "User: u is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:eu-west-1:1:parameter/app/kms-key",
      ),
      { ...ctx, store: "parameterStore" },
    );
    assert.equal(named.code, "accessDenied");
  });

  it("name taken, scheduled for deletion, gone", () => {
    assert.equal(mapAwsError(new ResourceExistsException({ message: "exists", $metadata: {} }), ctx).code, "exists");
    assert.equal(mapAwsError(new ParameterAlreadyExists({ message: "exists", $metadata: {} }), ctx).code, "exists");
    const deleting = mapAwsError(
      new InvalidRequestException({
        message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
        $metadata: {},
      }),
      ctx,
    );
    assert.equal(deleting.code, "scheduledForDeletion");
    assert.match(deleting.message, /restore-secret --secret-id app\/github-token/);
    assert.equal(mapAwsError(sdkError("ResourceNotFoundException", "gone"), { ...ctx, operation: "addVersion" }).code, "notFound");
  });

  it("throttling and quotas", () => {
    assert.equal(mapAwsError(sdkError("ThrottlingException", "Rate exceeded"), ctx).code, "throttled");
    assert.equal(mapAwsError(sdkError("TooManyUpdates", "slow down"), ctx).code, "throttled");
    assert.match(
      mapAwsError(sdkError("ParameterMaxVersionLimitExceeded", "max"), { ...ctx, store: "parameterStore" }).message,
      /100 versions/,
    );
  });

  it("wrong region or host: DNS failure names the host and the region", () => {
    const p = mapAwsError(nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND secretsmanager.eu-wset-1.amazonaws.com"), {
      ...ctx,
      region: "eu-wset-1",
    });
    assert.equal(p.code, "dns");
    assert.match(p.message, /secretsmanager\.eu-wset-1\.amazonaws\.com/);
    assert.match(p.message, /region "eu-wset-1"/);
  });

  it("endpoint unreachable, connection dropped, timeout, TLS", () => {
    const refused = mapAwsError(nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:4566"), {
      ...ctx,
      endpoint: "http://127.0.0.1:4566",
    });
    assert.equal(refused.code, "endpointUnreachable");
    assert.match(refused.message, /http:\/\/127\.0\.0\.1:4566/);
    assert.match(refused.message, /agentSecurity\.aws\.endpoint/);
    // What the SDK throws when the server closes the socket: name TimeoutError, code ECONNRESET.
    const dropped = mapAwsError(Object.assign(nodeError("ECONNRESET", "socket hang up"), { name: "TimeoutError" }), ctx);
    assert.equal(dropped.code, "connectionDropped");
    assert.match(dropped.message, /may or may not have been stored/);
    assert.equal(mapAwsError(nodeError("ETIMEDOUT", "connect ETIMEDOUT"), ctx).code, "timeout");
    assert.equal(mapAwsError(nodeError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"), ctx).code, "tls");
  });

  it("cancellation and server faults", () => {
    assert.equal(mapAwsError(sdkError("AbortError", "Request aborted"), ctx).code, "cancelled");
    assert.equal(mapAwsError(sdkError("InternalServiceError", "boom", { $fault: "server" }), ctx).code, "serviceError");
  });

  it("never repeats AWS's message, which may quote the value", () => {
    const quoting = sdkError(
      "ValidationException",
      `1 validation error detected: Value '${VALUE}' at 'secretString' failed to satisfy constraint`,
    );
    const p = mapAwsError(quoting, ctx);
    assert.equal(p.code, "invalidRequest");
    assert.ok(!p.message.includes(VALUE));
    assert.ok(!p.message.includes("validation error detected"));
    const odd = mapAwsError(sdkError("SomethingNew", `weird ${VALUE}`), ctx);
    assert.equal(odd.code, "unexpected");
    assert.match(odd.message, /SomethingNew \(HTTP 400\)/);
    assert.ok(!odd.message.includes(VALUE));
    // A name that is no plain identifier is not repeated either.
    assert.ok(!mapAwsError(sdkError(`Bad ${VALUE}`, "x"), ctx).message.includes(VALUE));
  });

  it("scrubs the value even from text built from context", () => {
    // A user who typed the value as the secret's name still does not see it echoed.
    const p = mapAwsError(sdkError("AccessDeniedException", "denied"), { ...ctx, name: VALUE });
    assert.ok(!p.message.includes(VALUE));
    assert.match(p.message, /ghp_\*+/);
  });

  it("keeps AWS's error name and request id for the log", () => {
    const p = mapAwsError(sdkError("ThrottlingException", "Rate exceeded"), ctx);
    assert.equal(p.awsError, "ThrottlingException");
    assert.equal(p.requestId, "req-1");
    assert.equal(mapAwsError(nodeError("ECONNRESET", "x"), ctx).awsError, undefined);
  });
});
