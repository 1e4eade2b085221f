import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Credentials the fake AWS server accepts; obviously not real ones. */
export const FAKE_AWS = {
  profile: "agent-security-test",
  accessKeyId: "AKIDAGENTSECURITYTEST",
  secretAccessKey: "fake-secret-access-key-for-tests",
  /** The region the profile's config names. */
  profileRegion: "eu-west-3",
} as const;

const VARIABLES = [
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
  "AWS_PROFILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
] as const;

/**
 * Points the AWS SDK of this process at a temporary ~/.aws with one profile,
 * `FAKE_AWS.profile`, and keeps the machine's own AWS configuration and
 * environment out. The SDK reads these variables on each credential lookup
 * (the extension asks it to skip its file cache), so setting them inside the
 * VS Code extension host at test time works like starting it with them.
 * `staticKeys` also sets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, for the
 * default credential chain. Returns a function that restores everything.
 */
export function useFakeAwsConfig(options: { staticKeys?: boolean } = {}): () => void {
  const saved = new Map<string, string | undefined>(VARIABLES.map((v) => [v, process.env[v]]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-aws-"));
  const credentials = path.join(dir, "credentials");
  const config = path.join(dir, "config");
  fs.writeFileSync(
    credentials,
    `[${FAKE_AWS.profile}]\naws_access_key_id = ${FAKE_AWS.accessKeyId}\naws_secret_access_key = ${FAKE_AWS.secretAccessKey}\n`,
  );
  fs.writeFileSync(config, `[profile ${FAKE_AWS.profile}]\nregion = ${FAKE_AWS.profileRegion}\n`);
  for (const v of VARIABLES) delete process.env[v];
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  process.env.AWS_CONFIG_FILE = config;
  // No instance-metadata lookups from tests when no credentials are found.
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  if (options.staticKeys) {
    process.env.AWS_ACCESS_KEY_ID = FAKE_AWS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_AWS.secretAccessKey;
  }
  return () => {
    for (const [v, value] of saved) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
