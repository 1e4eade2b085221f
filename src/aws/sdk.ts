// Everything that touches the AWS SDK. esbuild.mjs bundles this file on its
// own, as dist/aws.js, and the extension requires it on the first AWS action
// (see loadSdk.ts): activation never pays for the SDK.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";

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
  return new SecretsManagerClient(clientConfig(connection));
}

export function ssmClient(connection: Connection): SSMClient {
  return new SSMClient(clientConfig(connection));
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
