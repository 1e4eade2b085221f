// Everything that touches the AWS SDK. esbuild.mjs bundles this file on its
// own, as dist/aws.js, and the extension requires it on the first AWS action
// (see loadSdk.ts): activation never pays for the SDK.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { Readable } from "node:stream";

export { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
export { PutParameterCommand } from "@aws-sdk/client-ssm";
export { SecretsManagerClient, SSMClient };

/** Where requests go and as whom. */
export interface Connection {
  region: string;
  /** A profile of ~/.aws/config or ~/.aws/credentials; undefined for the default credential chain. */
  profile?: string;
  /** Endpoint override (LocalStack, tests); undefined for AWS itself. */
  endpoint?: string;
}

function clientConfig(connection: Connection) {
  return {
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    // The SDK caches ~/.aws files for the life of the process; an editor runs
    // for days, through `aws sso login` and key rotations, so read them afresh.
    credentials: defaultProvider({ ...(connection.profile ? { profile: connection.profile } : {}), ignoreCache: true }),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
}

export function secretsManagerClient(connection: Connection): SecretsManagerClient {
  const client = new SecretsManagerClient(clientConfig(connection));
  client.middlewareStack.add(xmlErrorsAsJson, XML_ERRORS);
  return client;
}

export function ssmClient(connection: Connection): SSMClient {
  const client = new SSMClient(clientConfig(connection));
  client.middlewareStack.add(xmlErrorsAsJson, XML_ERRORS);
  return client;
}

/** Inside the SDK's deserializer, so it sees the raw answer before it is parsed. */
const XML_ERRORS = { step: "deserialize", priority: "low", name: "agentSecurityXmlErrors" } as const;

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * AWS answers errors of these JSON services in JSON. Some AWS-compatible
 * endpoints do not: moto's IAM checks (and proxies in front of emulators)
 * answer "access denied" or "invalid key" in XML, which the SDK cannot read
 * and reports as a SyntaxError, hiding what went wrong. This hands the SDK
 * the JSON error AWS would have sent, with the code and message of the XML.
 */
function xmlErrorsAsJson<Args, Output>(next: (args: Args) => Promise<Output>): (args: Args) => Promise<Output> {
  return async (args) => {
    const result = await next(args);
    const response = (result as { response?: RawResponse }).response;
    const type = response?.headers?.["content-type"] ?? "";
    if (!response || (response.statusCode ?? 0) < 400 || /json/i.test(type) || !(response.body instanceof Readable)) return result;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    const text = Buffer.concat(chunks).toString("utf8");
    const code = /<Code>\s*([A-Za-z][\w.]{0,80})\s*<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]{0,2000})<\/Message>/.exec(text)?.[1] ?? "";
    const body = code ? JSON.stringify({ __type: code, message: unescapeXml(message) }) : text;
    if (code) response.headers = { ...response.headers, "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code };
    response.body = Readable.from([Buffer.from(body, "utf8")]);
    return result;
  };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name] ?? "");
}

/** Profile names of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
export async function listProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return [...new Set([...Object.keys(credentialsFile), ...Object.keys(configFile)])].sort();
}

/**
 * The region the AWS CLI would use: AWS_REGION, AWS_DEFAULT_REGION, then the
 * profile's `region` in ~/.aws/config.
 */
export async function defaultRegion(profile: string | undefined): Promise<string | undefined> {
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[profile || process.env.AWS_PROFILE || "default"]?.region || undefined;
}
