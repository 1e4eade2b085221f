import type { SecretStore } from "../secrets/fixes";

/**
 * Checks of what the user types before anything is sent to AWS, in the words
 * of AWS's own limits. Each returns undefined when the input is fine, or the
 * problem; `warning` problems may be accepted anyway.
 */
export interface InputProblem {
  message: string;
  warning?: boolean;
}

export interface Tag {
  Key: string;
  Value: string;
}

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const PARAMETER_NAME = /^[A-Za-z0-9/_.-]+$/;
const MAX_SECRET_NAME = 512;
const MAX_PARAMETER_NAME = 1011;
const MAX_PARAMETER_DEPTH = 15;

export function checkSecretName(name: string, store: SecretStore): InputProblem | undefined {
  if (name.length === 0) return { message: "A name is required." };
  if (store === "secretsManager") {
    if (name.length > MAX_SECRET_NAME) return { message: `Secrets Manager names have at most ${MAX_SECRET_NAME} characters.` };
    if (!SECRET_NAME.test(name)) return { message: "Secrets Manager names may hold ASCII letters, digits and / _ + = . @ - only." };
    // Secrets Manager appends "-" and six random characters to form the ARN;
    // a name that already ends like that confuses lookups by partial ARN.
    if (/-[A-Za-z0-9]{6}$/.test(name)) {
      return {
        message:
          "Names ending in a hyphen and six characters look like ARN suffixes to AWS; lookups by partial ARN may pick the wrong secret.",
        warning: true,
      };
    }
    return undefined;
  }
  if (name.length > MAX_PARAMETER_NAME) return { message: `Parameter names have at most ${MAX_PARAMETER_NAME} characters.` };
  if (!PARAMETER_NAME.test(name)) return { message: "Parameter names may hold ASCII letters, digits and / _ . - only." };
  if (name.includes("/") && !name.startsWith("/")) return { message: "A parameter name with a path must start with /." };
  if (/^\/?(aws|ssm)/i.test(name)) return { message: 'Parameter names may not begin with "aws" or "ssm".' };
  if (name.endsWith("/") || name.includes("//")) return { message: "Each part of a parameter path needs a name." };
  if (name.split("/").length - 1 > MAX_PARAMETER_DEPTH) return { message: `Parameter paths have at most ${MAX_PARAMETER_DEPTH} levels.` };
  return undefined;
}

const REGION = /^[a-z]{2,}(-[a-z]+)+-\d{1,2}$/;

export function checkRegion(region: string): InputProblem | undefined {
  if (region.length === 0) return { message: "A region is required, e.g. us-east-1." };
  if (!REGION.test(region)) return { message: `"${region}" is not a region name like us-east-1 or eu-central-2.` };
  return undefined;
}

/** A profile name as the AWS CLI accepts it in ~/.aws/config; empty means the default credential chain. */
export function checkProfile(profile: string): InputProblem | undefined {
  if (/[\s[\]]/.test(profile)) return { message: "Profile names have no spaces or brackets." };
  return undefined;
}

const KMS_KEY = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, // key id
  /^mrk-[0-9a-f]{32}$/, // multi-Region key id
  /^alias\/[A-Za-z0-9/_-]{1,250}$/,
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/(mrk-)?[0-9a-f-]+|alias\/[A-Za-z0-9/_-]+)$/,
];

/** Empty means the store's AWS managed key (aws/secretsmanager, aws/ssm). */
export function checkKmsKeyId(keyId: string): InputProblem | undefined {
  if (keyId.length === 0 || KMS_KEY.some((re) => re.test(keyId))) return undefined;
  return { message: "Give a KMS key id, key ARN, alias/name or alias ARN, or leave empty for the AWS managed key." };
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

/** Parses `key=value, key2=value2` (a value may itself contain `=`, none may contain `,`). */
export function parseTags(text: string): { tags: Tag[] } | { problem: InputProblem } {
  const tags: Tag[] = [];
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item.length === 0) continue;
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (key.length === 0 || key.length > 128) return { problem: { message: `Tag keys have 1 to 128 characters ("${item}").` } };
    if (value.length > 256) return { problem: { message: `Tag values have at most 256 characters (tag "${key}").` } };
    if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value)) {
      return { problem: { message: `Tags may hold letters, digits, spaces and _ . : / = + - @ only (tag "${key}").` } };
    }
    if (key.toLowerCase().startsWith("aws:")) return { problem: { message: 'Tag keys starting with "aws:" are reserved for AWS.' } };
    if (tags.some((t) => t.Key === key)) return { problem: { message: `Tag "${key}" is given twice.` } };
    tags.push({ Key: key, Value: value });
  }
  if (tags.length > MAX_TAGS) return { problem: { message: `At most ${MAX_TAGS} tags.` } };
  return { tags };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The endpoint override must not send a secret in clear text across a
 * network: plain http is accepted for this machine only (LocalStack, tests).
 */
export function checkEndpoint(endpoint: string): InputProblem | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { message: `agentSecurity.aws.endpoint is not a URL: "${endpoint}".` };
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && (LOOPBACK.has(url.hostname) || /^127\./.test(url.hostname))) return undefined;
  if (url.protocol === "http:") {
    return {
      message:
        "agentSecurity.aws.endpoint uses plain http to another machine; the secret would cross the network unencrypted. Use https, or http on localhost.",
    };
  }
  return { message: "agentSecurity.aws.endpoint must be an http(s) URL." };
}

/**
 * What a lookup will read back must be exactly what the file meant. Escapes
 * (`\n` in a string literal) mean something different in each language, so a
 * literal holding a backslash is not stored automatically.
 */
export function checkStorableValue(value: string, store: SecretStore): InputProblem | undefined {
  if (value.length === 0) return { message: "The secret is empty." };
  if (value.includes("\\")) {
    return {
      message:
        "The secret's text holds a backslash escape, which each language reads differently; store this one by hand and use the plain lookup fix.",
    };
  }
  // Parameter Store's standard tier holds 4 KB; Secrets Manager 64 KB.
  const limit = store === "parameterStore" ? 4096 : 65536;
  if (Buffer.byteLength(value, "utf8") > limit) {
    return {
      message: `The secret is larger than ${limit / 1024} KB, the most ${store === "parameterStore" ? "a standard SecureString parameter" : "a secret"} holds.`,
    };
  }
  return undefined;
}
