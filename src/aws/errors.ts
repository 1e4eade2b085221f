import type { SecretStore } from "../secrets/fixes";
import { redact } from "../shared/mask";
import { kmsActions, requiredActions, type StoreOperation } from "./requests";

/** Kinds of failure, each with its own advice. */
export type AwsProblemCode =
  | "cancelled"
  | "noCredentials"
  | "expiredCredentials"
  | "invalidCredentials"
  | "clockSkew"
  | "accessDenied"
  | "kmsKey"
  | "exists"
  | "notFound"
  | "scheduledForDeletion"
  | "invalidRequest"
  | "limitExceeded"
  | "throttled"
  | "endpointUnreachable"
  | "dns"
  | "connectionDropped"
  | "timeout"
  | "tls"
  | "serviceError"
  | "unexpected"
  // Found before any request is sent:
  | "untrusted"
  | "badOptions"
  | "badInput"
  | "endpoint"
  | "moved"
  | "notStorable"
  | "noLookup";

/** A failure in words a developer understands, with what to check. Never holds the secret's value. */
export interface AwsProblem {
  code: AwsProblemCode;
  /** What went wrong and what to check, one paragraph. */
  message: string;
  /** Whether an extension setting (region, profile, endpoint, KMS key) is a likely fix. */
  settingsMayHelp: boolean;
  /** AWS's name for the error, when it is a plain identifier (for the log). */
  awsError?: string;
  requestId?: string;
}

export class AwsStoreError extends Error {
  constructor(readonly problem: AwsProblem) {
    super(problem.message);
    this.name = "AwsStoreError";
  }
}

export interface AwsCallContext {
  store: SecretStore;
  operation: StoreOperation;
  name: string;
  region: string;
  profile?: string;
  endpoint?: string;
  kmsKeyId?: string;
  tagged: boolean;
  /** Only to scrub it from anything that might quote it. */
  secretValue: string;
}

const SERVICE: Record<SecretStore, string> = { secretsManager: "AWS Secrets Manager", parameterStore: "SSM Parameter Store" };

/** Error fields read here; the SDK's own message is used only for classification, never shown. */
interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

/**
 * Maps whatever the SDK threw to an AwsProblem. AWS error messages can quote
 * request parameters (a ValidationException may quote the value), so messages
 * are built here from the error's name and our own context, and only a few
 * facts are pulled out of AWS's text (the IAM action it names). `redact`
 * scrubs the value from the result in case it got in anyway.
 */
export function mapAwsError(error: unknown, ctx: AwsCallContext): AwsProblem {
  const problem = classify(error, ctx);
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const name = identifier(e.name);
  const requestId =
    typeof e.$metadata?.requestId === "string" && /^[\w-]{1,100}$/.test(e.$metadata.requestId) ? e.$metadata.requestId : undefined;
  const result: AwsProblem = {
    ...problem,
    message: redact(problem.message, [ctx.secretValue]),
    ...(name && name !== "Error" ? { awsError: name } : {}),
    ...(requestId ? { requestId } : {}),
  };
  return result;
}

type Classified = Pick<AwsProblem, "code" | "message" | "settingsMayHelp">;

function classify(error: unknown, ctx: AwsCallContext): Classified {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const name = identifier(e.name) ?? "";
  const code = identifier(e.code) ?? "";
  const text = typeof e.message === "string" ? e.message : "";
  const service = SERVICE[ctx.store];
  const where = ctx.endpoint ? `the endpoint ${ctx.endpoint}` : `${service} in ${ctx.region}`;
  const profile = ctx.profile ? `profile "${ctx.profile}"` : "the default credential chain";
  const problem = (c: AwsProblemCode, message: string, settingsMayHelp = false): Classified => ({ code: c, message, settingsMayHelp });

  if (name === "AbortError")
    return problem(
      "cancelled",
      "Cancelled. The request may still have reached AWS; running the fix again tells you if the name now exists.",
    );

  // Credentials: resolved on this machine before any request is sent.
  if (name === "CredentialsProviderError" || name === "TokenProviderError" || name === "ProviderError") {
    if (/sso/i.test(text) && /expired|refresh|invalid/i.test(text)) {
      return problem(
        "expiredCredentials",
        `The AWS SSO session of ${profile} has expired. Run "aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ""}" and try again.`,
      );
    }
    return problem(
      "noCredentials",
      `No AWS credentials were found for ${profile}. Check that the profile exists in ~/.aws/config or ~/.aws/credentials and is signed in ("aws sso login" or "aws configure"), or set agentSecurity.aws.profile.`,
      true,
    );
  }
  if (name === "ExpiredTokenException" || name === "ExpiredToken" || name === "TokenRefreshRequired") {
    return problem(
      "expiredCredentials",
      `The AWS session token of ${profile} has expired. Refresh your credentials ("aws sso login", or new temporary keys) and try again.`,
    );
  }
  if (name === "UnrecognizedClientException" || name === "InvalidClientTokenId") {
    return problem(
      "invalidCredentials",
      `AWS does not recognise the access key of ${profile}: it may be deleted, deactivated, or meant for another partition. Check the keys in your AWS configuration.`,
      true,
    );
  }
  if (name === "InvalidSignatureException" || name === "SignatureDoesNotMatch") {
    return problem(
      "invalidCredentials",
      `AWS rejected the request signature: the secret access key of ${profile} does not match its key id, or this computer's clock is off.`,
      true,
    );
  }
  if (name === "RequestExpired" || name === "RequestTimeTooSkewed") {
    return problem(
      "clockSkew",
      "AWS rejected the request as too old: this computer's clock is off by more than five minutes. Correct the time and try again.",
    );
  }

  if (name === "AccessDeniedException" || name === "AccessDenied") {
    const action = /perform: ([a-z0-9-]+:[A-Za-z]+)/.exec(text)?.[1];
    // Secrets Manager says "Access to KMS is not allowed"; IAM names a kms: action or key ARN.
    if (action?.startsWith("kms:") || /\bKMS\b|:kms:/.test(text)) {
      return problem(
        "kmsKey",
        `Access denied to the KMS key ${ctx.kmsKeyId ?? "that encrypts this secret"}: your identity needs ${kmsActions(ctx.store).join(" and ")} on it, and the key policy must allow that. Check the key in ${ctx.region}, or choose another key.`,
        true,
      );
    }
    const actions = action ? [action] : requiredActions(ctx.store, ctx.operation, ctx.tagged);
    return problem(
      "accessDenied",
      `Access denied: the identity of ${profile} may not call ${actions.join(" and ")} on ${ctx.name} in ${ctx.region}. Ask for that permission; the README's "Store a secret in AWS" section has a least-privilege policy.`,
      true,
    );
  }
  if (
    name === "EncryptionFailure" ||
    name === "InvalidKeyId" ||
    name === "KMSNotFoundException" ||
    name === "KMSInvalidStateException" ||
    name === "KMSDisabledException" ||
    (name === "ResourceNotFoundException" && ctx.operation === "create" && ctx.kmsKeyId)
  ) {
    return problem(
      "kmsKey",
      `${service} could not encrypt with the KMS key ${ctx.kmsKeyId ?? "(AWS managed)"}: check that it exists in ${ctx.region}, is enabled, and that your identity may use it (${kmsActions(ctx.store).join(", ")}). Leave the key empty to use the AWS managed key.`,
      true,
    );
  }
  if (name === "ResourceExistsException" || name === "ParameterAlreadyExists") {
    return problem("exists", `${ctx.name} already exists in ${where}.`);
  }
  if (name === "InvalidRequestException" && /deletion|deleted/i.test(text)) {
    return problem(
      "scheduledForDeletion",
      `A secret named ${ctx.name} is scheduled for deletion in ${ctx.region}. Restore it ("aws secretsmanager restore-secret --secret-id ${ctx.name}") or choose another name.`,
    );
  }
  if (name === "ResourceNotFoundException" || name === "ParameterNotFound") {
    return problem(
      "notFound",
      `${ctx.name} no longer exists in ${where}; it may have been deleted meanwhile. Run the fix again to create it.`,
    );
  }
  if (
    name === "ThrottlingException" ||
    name === "TooManyRequestsException" ||
    name === "TooManyUpdates" ||
    name === "RequestLimitExceeded" ||
    name === "Throttling"
  ) {
    return problem("throttled", `${service} is throttling requests from your account in ${ctx.region}. Wait a moment and try again.`);
  }
  if (
    name === "LimitExceededException" ||
    name === "TooManyTagsError" ||
    name === "ParameterLimitExceeded" ||
    name === "ParameterMaxVersionLimitExceeded" ||
    name === "ServiceQuotaExceededException"
  ) {
    return problem(
      "limitExceeded",
      `${service} refused: a quota of your account is reached (${name}). ${ctx.store === "parameterStore" ? "A parameter keeps at most 100 versions; " : ""}Check the service quotas in ${ctx.region}.`,
    );
  }
  if (
    /^(ValidationException|InvalidParameterException|InvalidRequestException|InvalidParameterValue|ParameterPatternMismatchException|HierarchyLevelLimitExceededException|HierarchyTypeMismatchException|UnsupportedParameterType|MalformedPolicyDocumentException|PreconditionNotMetException|SerializationException)$/.test(
      name,
    )
  ) {
    const limits = ctx.store === "parameterStore" ? "a SecureString of at most 4 KB" : "a value of at most 64 KB";
    return problem(
      "invalidRequest",
      `${service} rejected the request (${name}). Check the name, the tags and the KMS key, and that the secret is ${limits}.`,
      true,
    );
  }

  // The network: Node's socket errors, as the SDK passes them on.
  const net = code || name;
  if (net === "ECONNREFUSED") {
    return problem(
      "endpointUnreachable",
      `Nothing answered at ${where}${ctx.endpoint ? "" : ` (${hostOf(ctx)})`}. Check agentSecurity.aws.endpoint, your VPN and proxy.`,
      true,
    );
  }
  if (net === "ENOTFOUND" || net === "EAI_AGAIN") {
    return problem(
      "dns",
      `Could not find the host ${hostOf(ctx)}. Check that the region "${ctx.region}" is spelled right and enabled for your account${ctx.endpoint ? ", and agentSecurity.aws.endpoint" : ""}, and that this computer has network access (DNS, VPN, proxy).`,
      true,
    );
  }
  if (net === "ECONNRESET" || net === "EPIPE" || /socket hang up/i.test(text)) {
    return problem(
      "connectionDropped",
      `The connection to ${where} dropped before an answer came. The secret may or may not have been stored; running the fix again tells you if the name now exists.`,
    );
  }
  if (net === "ETIMEDOUT" || net === "ESOCKETTIMEDOUT" || name === "TimeoutError" || name === "RequestTimeout") {
    return problem(
      "timeout",
      `${where} did not answer in time. Check your network, VPN and proxy${ctx.endpoint ? ", and agentSecurity.aws.endpoint" : ""}, then try again.`,
      Boolean(ctx.endpoint),
    );
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(net)) {
    return problem(
      "tls",
      `The TLS certificate of ${hostOf(ctx)} is not trusted (${net}). Behind a corporate proxy, point NODE_EXTRA_CA_CERTS at its certificate.`,
    );
  }
  if (e.$fault === "server" || /^(InternalServiceError|InternalServerError|InternalFailure|ServiceUnavailable)$/.test(name)) {
    return problem("serviceError", `${service} had an internal error in ${ctx.region}${name ? ` (${name})` : ""}. Try again in a moment.`);
  }
  const status = typeof e.$metadata?.httpStatusCode === "number" ? ` (HTTP ${e.$metadata.httpStatusCode})` : "";
  const what = name && name !== "Error" ? name : code || "an unknown error";
  return problem(
    "unexpected",
    `${service} call failed with ${what}${status}.${ctx.endpoint ? ` Check that ${ctx.endpoint} is an AWS-compatible endpoint.` : ""} The Agent Security log has details.`,
    Boolean(ctx.endpoint),
  );
}

/** A plain identifier (error names and codes); anything else is not repeated. */
function identifier(value: unknown): string | undefined {
  return typeof value === "string" && /^[A-Za-z][\w.]{0,80}$/.test(value) ? value : undefined;
}

function hostOf(ctx: AwsCallContext): string {
  if (ctx.endpoint) {
    try {
      return new URL(ctx.endpoint).host;
    } catch {
      return ctx.endpoint;
    }
  }
  const service = ctx.store === "secretsManager" ? "secretsmanager" : "ssm";
  return `${service}.${ctx.region}.amazonaws.com`;
}
