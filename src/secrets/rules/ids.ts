/** Ids of the secretlint rules this extension adds next to the recommended preset. */
export const PROVIDER_RULE_ID = "@agent-security/secretlint-rule-providers";
export const GENERIC_RULE_ID = "@agent-security/secretlint-rule-generic-credential";
export const OUR_RULE_IDS: readonly string[] = [PROVIDER_RULE_ID, GENERIC_RULE_ID];
/** Where the README documents the rules; each message id has its own anchor there. */
export const RULES_DOCS_URL = "https://github.com/agent-security/agent-security-hooks#detected-secrets";
