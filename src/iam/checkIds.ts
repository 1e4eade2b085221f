import type { Severity } from "../shared/severity";
import { ACCESS_ANALYZER_CODES, checkIdOf, titleOf, type AccessAnalyzerCode, type FindingType } from "./analyzer/codes";

// The IAM checks' ids, titles and default severities, apart from the checks
// themselves: reading the settings needs these, and must not load the policy
// parsers (YAML, HCL) to have them.

/** `TYPE_MISMATCH` → `type-mismatch`. */
type Kebab<S extends string> = S extends `${infer A}_${infer B}` ? `${Lowercase<A>}-${Kebab<B>}` : Lowercase<S>;

type AliasedCode = "INVALID_ACTION" | "INVALID_SERVICE_IN_ACTION" | "REDUNDANT_ACTION" | "PASS_ROLE_WITH_STAR_IN_RESOURCE";

/** The checks that reproduce an Access Analyzer issue code of their own (`iam-type-mismatch`). */
export type AccessAnalyzerCheckId = `iam-${Kebab<Exclude<AccessAnalyzerCode, AliasedCode>>}`;

export type IamCheckId =
  | "iam-action-star"
  | "iam-service-wildcard"
  | "iam-partial-wildcard"
  | "iam-not-action-allow"
  | "iam-not-resource-allow"
  | "iam-passrole-star-resource"
  | "iam-unknown-action"
  | "iam-redundant-action"
  | AccessAnalyzerCheckId;

export interface IamCheckInfo {
  /** Default severity; `iam-partial-wildcard` is raised to warning when it reaches Write or Permissions management. */
  severity: Severity;
  title: string;
}

/** Access Analyzer's finding types as editor severities: its suggestions change no access, so they are info. */
const SEVERITY_OF_TYPE: Record<FindingType, Severity> = {
  ERROR: "error",
  SECURITY_WARNING: "warning",
  WARNING: "warning",
  SUGGESTION: "info",
};

/** Default severity of an Access Analyzer issue code. */
export function severityOfCode(code: AccessAnalyzerCode): Severity {
  return SEVERITY_OF_TYPE[ACCESS_ANALYZER_CODES[code]];
}

const LEAST_PRIVILEGE_CHECKS = {
  "iam-action-star": { severity: "error", title: 'Action "*" in an Allow statement' },
  "iam-service-wildcard": { severity: "warning", title: "Service-wide wildcard (s3:*)" },
  "iam-partial-wildcard": { severity: "info", title: "Partial wildcard (s3:Get*, *Object)" },
  "iam-not-action-allow": { severity: "warning", title: "NotAction with Effect Allow" },
  "iam-passrole-star-resource": { severity: "warning", title: 'iam:PassRole with Resource "*"' },
  "iam-unknown-action": { severity: "error", title: "Unknown service or action" },
  "iam-redundant-action": { severity: "hint", title: "Action already covered by a wildcard" },
  "iam-not-resource-allow": { severity: "warning", title: "NotResource with Effect Allow" },
} satisfies Record<string, IamCheckInfo>;

function accessAnalyzerChecks(): Record<AccessAnalyzerCheckId, IamCheckInfo> {
  const out: Partial<Record<string, IamCheckInfo>> = {};
  for (const code of Object.keys(ACCESS_ANALYZER_CODES) as AccessAnalyzerCode[]) {
    const id = checkIdOf(code);
    if (id in LEAST_PRIVILEGE_CHECKS) continue;
    out[id] = { severity: severityOfCode(code), title: titleOf(code) };
  }
  return out as Record<AccessAnalyzerCheckId, IamCheckInfo>;
}

/** The checks, their stable ids and default severities (documented in README.md). */
export const IAM_CHECKS: Record<IamCheckId, IamCheckInfo> = { ...LEAST_PRIVILEGE_CHECKS, ...accessAnalyzerChecks() };

export const IAM_CHECK_IDS = Object.keys(IAM_CHECKS) as IamCheckId[];

export function isIamCheckId(value: unknown): value is IamCheckId {
  return typeof value === "string" && value in IAM_CHECKS;
}

/** Per-check severity override, as in the `agentSecurity.iam.severity` setting; "off" disables a check. */
export type IamSeverityMap = Partial<Record<string, Severity | "off">>;
