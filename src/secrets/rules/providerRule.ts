import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";
import { AnchorIndex } from "./anchorIndex";
import { allowedBy } from "./allows";
import { PROVIDER_RULE_ID, RULES_DOCS_URL } from "./ids";
import type { ProviderPattern } from "./types";

export interface ProviderRuleOptions {
  /** secretlint's `allows`: values matching one of these (`/regex/flags` or a literal inside the value) are not reported. */
  allows?: string[];
}

/**
 * The secretlint rule that runs a table of provider patterns. Only the
 * patterns whose anchor or keyword occurs in a text run on it. A text span
 * is reported once, by the first pattern of the table that finds it, so
 * tables list specific formats before general ones. Messages never hold the
 * value: the scanner names the kind from the message id.
 */
export function createProviderRule(patterns: readonly ProviderPattern[], id = PROVIDER_RULE_ID): SecretLintRuleCreator<ProviderRuleOptions> {
  const messages: SecretLintRuleLocalizeMessages = {};
  for (const pattern of patterns) messages[pattern.id] = { en: () => `found ${pattern.name}` };
  return {
    messages,
    meta: {
      id,
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
          const text = source.content;
          const taken: Array<[number, number]> = [];
          for (const pattern of AnchorIndex.of(patterns).candidates(text)) {
            for (const [start, end] of matches(pattern, text)) {
              if (taken.some(([s, e]) => start < e && s < end)) continue;
              if (allowedBy(allows, text.slice(start, end))) continue;
              taken.push([start, end]);
              context.report({ message: t(pattern.id), range: [start, end] });
            }
          }
        },
      };
    },
  };
}

const globalCopies = new WeakMap<RegExp, RegExp>();

/** The table's regex as a global one with match indices, made once per pattern. */
function globalCopy(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (!copy) {
    const flags = new Set([...pattern.flags, "g", "d"]);
    globalCopies.set(pattern, (copy = new RegExp(pattern.source, [...flags].join(""))));
  }
  return copy;
}

/** Spans of the secret (the `secret` group, else the whole match) in each match of a pattern that passes its own check (unless `checked` is false). */
export function* matches(pattern: ProviderPattern, text: string, checked = true): Generator<[number, number]> {
  const re = globalCopy(pattern.pattern);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "") re.lastIndex++;
    const span = m.indices?.groups?.secret ?? m.indices?.[0];
    if (!span || span[1] <= span[0]) continue;
    if (checked && pattern.verify && !pattern.verify(text.slice(span[0], span[1]))) continue;
    yield [span[0], span[1]];
  }
}
