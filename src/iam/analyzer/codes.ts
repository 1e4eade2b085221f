/**
 * IAM Access Analyzer's policy validation issue codes that the local checks
 * reproduce, with the finding type AWS gives each (Access Analyzer "policy
 * check reference"). A check id is the issue code in kebab case behind
 * `iam-`, except where an older least-privilege check already reports the
 * same thing (ALIASES).
 */
export type FindingType = "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";

export const ACCESS_ANALYZER_CODES = {
  // Errors: a part of the policy does not work.
  ARN_ACCOUNT_NOT_ALLOWED: "ERROR",
  ARN_REGION_NOT_ALLOWED: "ERROR",
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: "ERROR",
  EMPTY_VARIABLE: "ERROR",
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: "ERROR",
  INVALID_ACTION: "ERROR",
  INVALID_ARN_ACCOUNT: "ERROR",
  INVALID_ARN_PREFIX: "ERROR",
  INVALID_ARN_REGION: "ERROR",
  INVALID_ARN_SERVICE_CASE: "ERROR",
  INVALID_CONDITION_KEY_FORMAT: "ERROR",
  INVALID_CONDITION_MULTIPLE_BOOLEAN: "ERROR",
  INVALID_CONDITION_OPERATOR: "ERROR",
  INVALID_EFFECT: "ERROR",
  INVALID_GLOBAL_CONDITION_KEY: "ERROR",
  INVALID_PARTITION: "ERROR",
  INVALID_POLICY_ELEMENT: "ERROR",
  INVALID_PRINCIPAL_FORMAT: "ERROR",
  INVALID_PRINCIPAL_KEY: "ERROR",
  INVALID_REGION: "ERROR",
  INVALID_SERVICE: "ERROR",
  INVALID_SERVICE_CONDITION_KEY: "ERROR",
  INVALID_SERVICE_IN_ACTION: "ERROR",
  INVALID_VARIABLE_FOR_OPERATOR: "ERROR",
  INVALID_VERSION: "ERROR",
  INVALID_VPC_FORMAT: "ERROR",
  INVALID_VPCE_FORMAT: "ERROR",
  MISSING_ACTION: "ERROR",
  MISSING_ARN_FIELD: "ERROR",
  MISSING_ARN_REGION: "ERROR",
  MISSING_BRACE_IN_VARIABLE: "ERROR",
  MISSING_EFFECT: "ERROR",
  MISSING_QUALIFIER: "ERROR",
  MISSING_RESOURCE: "ERROR",
  MISSING_TAG_KEY_IN_CONDITION: "ERROR",
  NULL_WITH_IF_EXISTS: "ERROR",
  PRIVATE_IP_ADDRESS: "ERROR",
  PRIVATE_NOT_IP_ADDRESS: "ERROR",
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: "ERROR",
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: "ERROR",
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: "ERROR",
  UNSUPPORTED_ELEMENT_COMBINATION: "ERROR",
  UNSUPPORTED_GLOBAL_CONDITION_KEY: "ERROR",
  UNSUPPORTED_SID: "ERROR",
  UNIQUE_SIDS_REQUIRED: "ERROR",
  UNSUPPORTED_SPACE_IN_VARIABLE: "ERROR",
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: "ERROR",
  VARIABLE_UNSUPPORTED_IN_VERSION: "ERROR",
  // General warnings: the policy probably does not do what was meant.
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: "WARNING",
  CREATE_SLR_WITH_NOT_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "WARNING",
  INVALID_DATE_VALUE: "WARNING",
  INVALID_ROLE_REFERENCE: "WARNING",
  INVALID_USER_REFERENCE: "WARNING",
  MISSING_VERSION: "WARNING",
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: "WARNING",
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: "WARNING",
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: "WARNING",
  TYPE_MISMATCH: "WARNING",
  TYPE_MISMATCH_BOOLEAN: "WARNING",
  TYPE_MISMATCH_DATE: "WARNING",
  TYPE_MISMATCH_IP_RANGE: "WARNING",
  TYPE_MISMATCH_NUMBER: "WARNING",
  TYPE_MISMATCH_STRING: "WARNING",
  UNIQUE_SIDS_RECOMMENDED: "WARNING",
  WILDCARD_WITHOUT_LIKE_OPERATOR: "WARNING",
  // Security warnings: the policy allows more than it seems to.
  ALLOW_WITH_NOT_PRINCIPAL: "SECURITY_WARNING",
  DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: "SECURITY_WARNING",
  DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: "SECURITY_WARNING",
  FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY: "SECURITY_WARNING",
  MISSING_PAIRED_CONDITION_KEYS: "SECURITY_WARNING",
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_NOT_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "SECURITY_WARNING",
  STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS: "SECURITY_WARNING",
  // Suggestions: style that does not change access.
  ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: "SUGGESTION",
  ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: "SUGGESTION",
  EMPTY_ARRAY_ACTION: "SUGGESTION",
  EMPTY_ARRAY_CONDITION: "SUGGESTION",
  EMPTY_ARRAY_CONDITION_FOR_ALL_VALUES: "SUGGESTION",
  EMPTY_ARRAY_CONDITION_FOR_ANY_VALUE: "SUGGESTION",
  EMPTY_ARRAY_CONDITION_IF_EXISTS: "SUGGESTION",
  EMPTY_ARRAY_PRINCIPAL: "SUGGESTION",
  EMPTY_ARRAY_RESOURCE: "SUGGESTION",
  EMPTY_OBJECT_CONDITION: "SUGGESTION",
  EMPTY_OBJECT_PRINCIPAL: "SUGGESTION",
  EMPTY_SID_VALUE: "SUGGESTION",
  IMPROVE_IP_RANGE: "SUGGESTION",
  NULL_WITH_QUALIFIER: "SUGGESTION",
  PRIVATE_IP_ADDRESS_SUBSET: "SUGGESTION",
  PRIVATE_NOT_IP_ADDRESS_SUBSET: "SUGGESTION",
  REDUNDANT_ACTION: "SUGGESTION",
  REDUNDANT_CONDITION_VALUE_NUM: "SUGGESTION",
  REDUNDANT_RESOURCE: "SUGGESTION",
  REDUNDANT_STATEMENT: "SUGGESTION",
  WILDCARD_IN_SERVICE_NAME: "SUGGESTION",
} as const satisfies Record<string, FindingType>;

export type AccessAnalyzerCode = keyof typeof ACCESS_ANALYZER_CODES;

/**
 * Issue codes reported under a least-privilege check that existed before
 * (same subject, one diagnostic). iam-passrole-star-resource also carries
 * PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE for the wildcards it reports
 * (`iam:*`, `iam:Pass*`); `Action: "*"` has that code's own check.
 */
const ALIASES: Partial<Record<AccessAnalyzerCode, string>> = {
  INVALID_ACTION: "iam-unknown-action",
  INVALID_SERVICE_IN_ACTION: "iam-unknown-action",
  REDUNDANT_ACTION: "iam-redundant-action",
  PASS_ROLE_WITH_STAR_IN_RESOURCE: "iam-passrole-star-resource",
};

/** `iam-type-mismatch` for TYPE_MISMATCH. */
export function checkIdOf(code: AccessAnalyzerCode): string {
  return ALIASES[code] ?? `iam-${code.toLowerCase().replace(/_/g, "-")}`;
}

/** The check ids of the codes that have their own check (not an alias). */
export const ACCESS_ANALYZER_CHECK_IDS: readonly string[] = (Object.keys(ACCESS_ANALYZER_CODES) as AccessAnalyzerCode[])
  .filter((c) => !ALIASES[c])
  .map(checkIdOf);

/** Issue codes behind each check id (several for the aliased least-privilege checks). */
export function codesOfCheck(check: string): AccessAnalyzerCode[] {
  return (Object.keys(ACCESS_ANALYZER_CODES) as AccessAnalyzerCode[]).filter((c) => checkIdOf(c) === check);
}

/** `Type mismatch` for TYPE_MISMATCH: the title Access Analyzer's reference gives the check. */
export function titleOf(code: AccessAnalyzerCode): string {
  const words = code.toLowerCase().split("_");
  const upper = new Set(["arn", "slr", "ip", "vpc", "vpce", "sid", "sids"]);
  return words
    .map((w, i) => (upper.has(w) ? (w === "sids" ? "Sids" : w === "sid" ? "Sid" : w.toUpperCase()) : i === 0 ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ")
    .replace(/\bnotprincipal\b/, "NotPrincipal")
    .replace(/\bnot IP address\b/, "NotIpAddress")
    .replace(/\bnot (action|resource|principal)\b/g, (_, w: string) => `Not${w[0].toUpperCase()}${w.slice(1)}`)
    .replace(/\bfor (all|any) values?\b/i, (m) => (/all/i.test(m) ? "ForAllValues" : "ForAnyValue"))
    .replace(/\bif exists\b/, "IfExists");
}
