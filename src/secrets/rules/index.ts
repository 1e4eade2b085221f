import type { SecretLintRuleCreator } from "@secretlint/types";
import { genericCredentialRule } from "./generic";
import { PROVIDER_RULE_ID } from "./ids";
import { createProviderRule, tableMatchesIn } from "./providerRule";
import { allProviderPatterns } from "./providers";

/** The provider tables as one secretlint rule. */
export const providerRule = createProviderRule(allProviderPatterns);

/** The rules Agent Security adds next to secretlint's recommended preset, in the order they run. */
export const agentSecurityRules: readonly SecretLintRuleCreator[] = [providerRule, genericCredentialRule] as SecretLintRuleCreator[];

/**
 * Exact tests of whether one of our rules could report in a text, for rules
 * whose quick test in the prefilter (which must not load the tables) lets
 * through many texts where the rule then finds nothing.
 */
export const ourRuleExactTests: Readonly<Record<string, (text: string) => boolean>> = {
  [PROVIDER_RULE_ID]: (text) => tableMatchesIn(allProviderPatterns, text),
};
