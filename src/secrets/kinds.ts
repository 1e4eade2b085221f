import { GENERIC_KINDS } from "./rules/genericMatch";
import { OUR_RULE_IDS } from "./rules/ids";
import { allProviderPatterns } from "./rules/providers";

/**
 * Human names for secretlint's message ids. secretlint's own messages embed
 * the raw secret, so the scanner never passes them on; it names the kind from
 * this table instead. Ids not listed (from newer rule versions) fall back to a
 * readable form of the id.
 */
const KIND_NAMES: Record<string, string> = {
  AWSAccessKeyID: "AWS access key ID",
  AWSSecretAccessKey: "AWS secret access key",
  AWSAccountID: "AWS account ID",
  GITHUB_TOKEN: "GitHub token",
  PackageJSON_xOauthToken: "GitHub token in package.json",
  GITLAB_PERSONAL_ACCESS_TOKEN: "GitLab personal access token",
  SLACK_TOKEN: "Slack token",
  IncomingWebhook: "Slack incoming webhook URL",
  NPM_ACCESS_TOKEN: "npm access token",
  Npmrc_authToken: "npm auth token",
  BasicAuth: "Basic auth credential in a URL",
  OPENAI_TOKEN: "OpenAI API key",
  ANTHROPIC_API_KEY: "Anthropic API key",
  GROQ_API_KEY: "Groq API key",
  HUGGINGFACE_USER_ACCESS_TOKEN: "Hugging Face access token",
  LINEAR_API_TOKEN: "Linear API key",
  NOTION_INTEGRATION_TOKEN: "Notion integration token",
  PrivateKey: "Private key",
  PrivateKeyJSON: "GCP service account private key (JSON)",
  PrivateKeyP12: "GCP service account private key (P12)",
  SENDGRID_KEY: "SendGrid API key",
  SHOPIFY_KEY: "Shopify API key",
  STRIPE_SECRET_KEY_LIVE: "Stripe live secret key",
  STRIPE_SECRET_KEY_TEST: "Stripe test secret key",
  STRIPE_RESTRICTED_KEY_LIVE: "Stripe live restricted key",
  STRIPE_RESTRICTED_KEY_TEST: "Stripe test restricted key",
  GRAFANA_CLOUD_API_TOKEN: "Grafana Cloud API token",
  GRAFANA_SERVICE_ACCOUNT_TOKEN: "Grafana service account token",
  OPS_TOKEN: "1Password service account token",
  MongoDBConnection: "MongoDB connection string with password",
  MySQLConnection: "MySQL connection string with password",
  PostgreSQLConnection: "PostgreSQL connection string with password",
  HASHICORP_VAULT_SERVICE_TOKEN: "HashiCorp Vault service token",
  HASHICORP_VAULT_BATCH_TOKEN: "HashiCorp Vault batch token",
  HASHICORP_VAULT_RECOVERY_TOKEN: "HashiCorp Vault recovery token",
  VERCEL_PERSONAL_ACCESS_TOKEN: "Vercel personal access token",
  VERCEL_INTEGRATION_TOKEN: "Vercel integration token",
  VERCEL_APP_ACCESS_TOKEN: "Vercel app access token",
  VERCEL_APP_REFRESH_TOKEN: "Vercel app refresh token",
  VERCEL_AI_GATEWAY_API_KEY: "Vercel AI Gateway API key",
  DATABRICKS_PERSONAL_ACCESS_TOKEN: "Databricks personal access token",
  DOCKER_PERSONAL_ACCESS_TOKEN: "Docker personal access token",
  FIGMA_PERSONAL_ACCESS_TOKEN: "Figma personal access token",
  CLOUDFLARE_GLOBAL_API_KEY: "Cloudflare global API key",
  CLOUDFLARE_USER_API_TOKEN: "Cloudflare user API token",
  CLOUDFLARE_ACCOUNT_API_TOKEN: "Cloudflare account API token",
  TAILSCALE_API_KEY: "Tailscale API key",
  TAILSCALE_AUTH_KEY: "Tailscale auth key",
  TAILSCALE_CLIENT_KEY: "Tailscale OAuth client key",
  TAILSCALE_SCIM_KEY: "Tailscale SCIM key",
  TAILSCALE_WEBHOOK_KEY: "Tailscale webhook key",
  TAILSCALE_KEY: "Tailscale key",
};

/** Our own rules' kinds: from the provider tables, and the generic credential rule's. */
const OUR_KINDS = new Map<string, { name: string; docsUrl?: string; severity: "error" | "warning" }>([
  ...allProviderPatterns.map((p) => [p.id, { name: p.name, docsUrl: p.docsUrl, severity: p.severity }] as const),
  ...Object.entries(GENERIC_KINDS).map(([id, name]) => [id, { name, severity: "warning" }] as const),
]);

/** The provider's documentation of a kind of ours; undefined for the preset's, whose rules carry their own. */
export function kindDocsUrl(messageId: string | undefined): string | undefined {
  return messageId ? OUR_KINDS.get(messageId)?.docsUrl : undefined;
}

/** The severity a kind of ours has when the configuration does not set its rule's. */
export function kindSeverity(messageId: string | undefined): "error" | "warning" | undefined {
  return messageId ? OUR_KINDS.get(messageId)?.severity : undefined;
}

export function kindName(messageId: string | undefined, ruleId: string): string {
  // A message id of ours may also be one of the preset's (`TAILSCALE_KEY`): the rule decides whose name it is.
  const ours = messageId && OUR_RULE_IDS.includes(ruleId) ? OUR_KINDS.get(messageId) : undefined;
  if (ours) return ours.name;
  if (messageId && KIND_NAMES[messageId]) return KIND_NAMES[messageId];
  const base = messageId ?? ruleId.replace(/^.*secretlint-rule-/, "");
  const words = base
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A short slug of the kind, used to name secrets when nothing better is at hand. */
export function kindSlug(messageId: string | undefined, ruleId: string): string {
  return kindName(messageId, ruleId)
    .toLowerCase()
    .replace(/\(.*?\)/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
