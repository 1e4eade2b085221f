import type { SecretLintRuleCreator } from "@secretlint/types";
import { genericCredentialRule } from "./generic";
import { createProviderRule } from "./providerRule";
import { allProviderPatterns } from "./providers";

/** The provider tables as one secretlint rule. */
export const providerRule = createProviderRule(allProviderPatterns);

/** The rules Agent Security adds next to secretlint's recommended preset, in the order they run. */
export const agentSecurityRules: readonly SecretLintRuleCreator[] = [providerRule, genericCredentialRule] as SecretLintRuleCreator[];
