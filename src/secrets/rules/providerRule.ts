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
export function createProviderRule(
  patterns: readonly ProviderPattern[],
  id = PROVIDER_RULE_ID,
): SecretLintRuleCreator<ProviderRuleOptions> {
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
          for (const [pattern, start, end] of tableMatches(patterns, text)) {
            if (taken.some(([s, e]) => start < e && s < end)) continue;
            if (allowedBy(allows, text.slice(start, end))) continue;
            taken.push([start, end]);
            context.report({ message: t(pattern.id), range: [start, end] });
          }
        },
      };
    },
  };
}

/** The matches of a table's patterns that pass their checks, pattern by pattern in table order; the rule then drops overlaps and allowed values. */
function* tableMatches(patterns: readonly ProviderPattern[], text: string): Generator<[ProviderPattern, number, number]> {
  const index = AnchorIndex.of(patterns);
  for (const pattern of index.candidates(text)) {
    for (const [start, end] of matches(pattern, text, true, index.matchStarts(pattern, text))) yield [pattern, start, end];
  }
}

/**
 * Whether the rule over this table could report anything in the text: one
 * of its patterns has a match that passes its check. Exact, unlike the
 * prefilter's test of anchors and keywords, some of which are common words
 * (`oci`, `storage`) or fragments (`pat`, `re_`).
 */
export function tableMatchesIn(patterns: readonly ProviderPattern[], text: string): boolean {
  return !tableMatches(patterns, text).next().done;
}

const copies = new Map<string, WeakMap<RegExp, RegExp>>();

/** The table's regex with match indices and the given flag (`g`, or `y` to match at one place), made once per pattern. */
function copyWith(pattern: RegExp, flag: "g" | "y"): RegExp {
  let byPattern = copies.get(flag);
  if (!byPattern) copies.set(flag, (byPattern = new WeakMap()));
  let copy = byPattern.get(pattern);
  if (!copy) {
    const flags = new Set([...pattern.flags.replace(/[gy]/g, ""), flag, "d"]);
    byPattern.set(pattern, (copy = new RegExp(pattern.source, [...flags].join(""))));
  }
  return copy;
}

/**
 * Each match of a pattern in the text, as a global search from the start
 * finds them. With `starts` (ascending), the places where a match of the
 * pattern can begin, it is tried only there: the search would find the
 * same, since it takes the first place at or after the previous match's
 * end where the pattern matches.
 */
function* execAll(pattern: RegExp, text: string, starts?: readonly number[]): Generator<RegExpExecArray> {
  if (!starts) {
    const re = copyWith(pattern, "g");
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === "") re.lastIndex++;
      yield m;
    }
    return;
  }
  const re = copyWith(pattern, "y");
  let from = 0;
  for (const start of starts) {
    if (start < from) continue;
    re.lastIndex = start;
    const m = re.exec(text);
    if (!m) continue;
    from = m[0] === "" ? start + 1 : re.lastIndex;
    yield m;
  }
}

/**
 * Spans of the secret (the `secret` group, else the whole match) in each
 * match of a pattern that passes its own check (unless `checked` is false).
 * `starts`: where matches can begin, when that is known (see execAll).
 */
export function* matches(pattern: ProviderPattern, text: string, checked = true, starts?: readonly number[]): Generator<[number, number]> {
  for (const m of execAll(pattern.pattern, text, starts)) {
    const span = m.indices?.groups?.secret ?? m.indices?.[0];
    if (!span || span[1] <= span[0]) continue;
    if (checked && pattern.verify && !pattern.verify(text.slice(span[0], span[1]))) continue;
    yield [span[0], span[1]];
  }
}
