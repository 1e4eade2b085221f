import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";
import { allowedBy } from "./allows";
import { AnchorIndex } from "./anchorIndex";
import { GENERIC_KINDS, genericCredentials } from "./genericMatch";
import { GENERIC_RULE_ID, RULES_DOCS_URL } from "./ids";
import { matches } from "./providerRule";
import { allProviderPatterns } from "./providers";

/** The generic credential rule (see genericMatch.ts for what it finds); its default severity is `warning`. */

export interface GenericRuleOptions {
  /** secretlint's `allows`: values matching one of these (`/regex/flags` or a literal inside the value) are not reported. */
  allows?: string[];
}

const messages: SecretLintRuleLocalizeMessages = Object.fromEntries(
  Object.entries(GENERIC_KINDS).map(([id, name]) => [id, { en: () => `found a hardcoded ${name.toLowerCase()}` }]),
);

/**
 * Whether the value has the shape of a provider's token (a pattern without
 * keywords matches it, its check aside). Such values are the providers
 * rule's to judge: one its check rejects (the jwt.io sample token, a GitHub
 * token with a wrong checksum) is not reported here either.
 */
function isProviderToken(value: string): boolean {
  return AnchorIndex.of(allProviderPatterns)
    .candidates(value)
    .some((pattern) => !pattern.keywords?.length && !matches(pattern, value, false).next().done);
}

export const genericCredentialRule: SecretLintRuleCreator<GenericRuleOptions> = {
  messages,
  meta: {
    id: GENERIC_RULE_ID,
    recommended: true,
    type: "scanner",
    supportedContentTypes: ["text"],
    docs: { url: RULES_DOCS_URL },
  },
  create(context, options) {
    const t = context.createTranslator(messages);
    const allows = options?.allows ?? [];
    return {
      file(source) {
        for (const { messageId, start, end } of genericCredentials(source.content, source.filePath ?? "")) {
          const value = source.content.slice(start, end);
          // A provider's token is the providers rule's to report, or to leave when the configuration allows it.
          if (allowedBy(allows, value) || isProviderToken(value)) continue;
          context.report({ message: t(messageId), range: [start, end] });
        }
      },
    };
  },
};
