import type {
  SecretLintCoreConfig,
  SecretLintCoreConfigRule,
  SecretLintCoreConfigUnionRule,
  SecretLintRuleCreator,
} from "@secretlint/types";
import type { Secretlint } from "./secretlint";

const PRESET_ID = "@secretlint/secretlint-rule-preset-recommend";
const FILTER_COMMENTS_ID = "@secretlint/secretlint-rule-filter-comments";

/**
 * secretlint accepts `@secretlint/secretlint-rule-x`, `secretlint-rule-x` and `x` for the same rule;
 * other scopes (ours, `@agent-security/`) are written out in full.
 */
function fullRuleId(id: string): string {
  if (id.startsWith("@")) return id;
  const short = id.replace(/^secretlint-rule-/, "");
  return `@secretlint/secretlint-rule-${short}`;
}

export interface ResolvedSecretlintConfig {
  config: SecretLintCoreConfig;
  /** What in the user's configuration could not be honoured, in words for the output channel. */
  problems: string[];
}

/** With no configuration: secretlint's recommended preset, then Agent Security's own rules. */
export function defaultSecretlintConfig({ presetRecommend, agentSecurityRules }: Secretlint): SecretLintCoreConfig {
  return { rules: [{ id: PRESET_ID, rule: presetRecommend }, ...agentSecurityRules.map((rule) => ({ id: rule.meta.id, rule }))] };
}

interface RuleDescriptor {
  id?: unknown;
  options?: unknown;
  disabled?: unknown;
  severity?: unknown;
  allowMessageIds?: unknown;
  rules?: unknown;
}

function common(entry: RuleDescriptor): Pick<SecretLintCoreConfigRule, "options" | "disabled" | "severity" | "allowMessageIds"> {
  const result: Pick<SecretLintCoreConfigRule, "options" | "disabled" | "severity" | "allowMessageIds"> = {};
  if (entry.options && typeof entry.options === "object") result.options = entry.options;
  if (typeof entry.disabled === "boolean") result.disabled = entry.disabled;
  if (entry.severity === "error" || entry.severity === "warning" || entry.severity === "info") result.severity = entry.severity;
  if (Array.isArray(entry.allowMessageIds)) result.allowMessageIds = entry.allowMessageIds.filter((x) => typeof x === "string");
  return result;
}

/**
 * Turns a parsed `.secretlintrc` into a core configuration over the rules the
 * extension bundles. Rule packages named in the file are never loaded from the
 * workspace: that would run workspace-provided code inside the editor.
 */
export function resolveSecretlintConfig(raw: unknown, secretlint: Secretlint): ResolvedSecretlintConfig {
  const { presetRecommend, bundledRules, agentSecurityRules } = secretlint;
  // The rules shipped inside the extension, by their full package id.
  const presetById = new Map<string, SecretLintRuleCreator>(bundledRules.map((rule) => [rule.meta.id, rule as SecretLintRuleCreator]));
  const bundledById = new Map<string, SecretLintRuleCreator>([
    ...presetById,
    ...agentSecurityRules.map((rule) => [rule.meta.id, rule] as const),
  ]);
  const problems: string[] = [];
  const entries = raw && typeof raw === "object" ? (raw as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(entries)) {
    problems.push('the configuration has no "rules" array; using the recommended preset');
    return { config: defaultSecretlintConfig(secretlint), problems };
  }
  const rules: SecretLintCoreConfigUnionRule[] = [];
  for (const entry of entries as RuleDescriptor[]) {
    if (!entry || typeof entry.id !== "string") {
      problems.push('a rule entry without an "id" was skipped');
      continue;
    }
    const id = fullRuleId(entry.id);
    if (id === PRESET_ID) {
      const presetRules: SecretLintCoreConfigRule[] = [];
      for (const sub of Array.isArray(entry.rules) ? (entry.rules as RuleDescriptor[]) : []) {
        const subId = typeof sub?.id === "string" ? fullRuleId(sub.id) : undefined;
        const rule = subId ? presetById.get(subId) : undefined;
        if (subId && rule) presetRules.push({ id: subId, rule, ...common(sub) });
        else problems.push(`preset rule ${String(sub?.id)} is not part of the recommended preset; ignored`);
      }
      rules.push({ id, rule: presetRecommend, ...common(entry), rules: presetRules });
      continue;
    }
    const rule = bundledById.get(id);
    if (rule) rules.push({ id, rule, ...common(entry) });
    else problems.push(`rule ${entry.id} is not bundled with Agent Security Hooks; ignored`);
  }
  // A configuration that asks for the recommended preset gets our rules too,
  // unless it names them (to set options, or `disabled: true`): a
  // `.secretlintrc` written for secretlint alone lists only the preset and
  // must not turn the wider detection off unasked. One that picks single
  // rules gets just those.
  if (rules.some((r) => r.id === PRESET_ID && !r.disabled)) {
    for (const rule of agentSecurityRules) {
      if (!rules.some((r) => r.id === rule.meta.id)) rules.push({ id: rule.meta.id, rule });
    }
  }
  // Disable comments are how users and our own "Ignore" fix silence a finding;
  // they must keep working whichever rules a configuration lists.
  const hasFilterComments = rules.some((r) => r.id === FILTER_COMMENTS_ID || (r.id === PRESET_ID && !r.disabled));
  if (!hasFilterComments) {
    rules.push({ id: FILTER_COMMENTS_ID, rule: bundledById.get(FILTER_COMMENTS_ID)! });
  }
  return { config: { rules }, problems };
}
