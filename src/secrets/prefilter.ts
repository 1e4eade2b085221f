/**
 * A text each bundled secretlint rule needs before it can report anything,
 * taken from the rule's own patterns (@secretlint/secretlint-rule-preset-recommend
 * 13.0.7). A rule none of whose anchors occur in a text cannot report in it,
 * so the scanner leaves it out (and skips secretlint altogether when no rule
 * is left), and the hook answers a clean prompt without loading secretlint.
 *
 * A rule that is not listed here always runs, and a unit test fails when the
 * preset gains a rule this table does not know, so an upgrade cannot silently
 * skip a rule. Rule options (allows, enableIDScanRule) only narrow or widen
 * within these anchors.
 */
import { AnchorIndex } from "./rules/anchorIndex";
import { CREDENTIAL_NAME_LITERALS, mayHoldGenericCredential } from "./rules/genericMatch";
import { GENERIC_RULE_ID, PROVIDER_RULE_ID } from "./rules/ids";
import { LiteralSearch, type LiteralHits } from "./rules/literalSearch";
import { PROVIDER_ANCHORS, PROVIDER_KEYWORDS } from "./rules/providerLiterals.generated";

/**
 * One of a rule's anchors: a pattern a text must match for the rule to
 * report in it, and literals one of which every match of the pattern begins
 * with. The literal search (rules/literalSearch.ts) finds the literals of
 * every rule, and our own rules' too, in one pass over the text; the
 * pattern is then tried only where its literals are, so no text costs a
 * regex scan of its own (`account` is in every other source file).
 */
export interface RuleAnchor {
  readonly pattern: RegExp;
  /** Case-sensitive literals. */
  readonly exact?: readonly string[];
  /** Literals in lower case, found in any ASCII case: those of case-insensitive patterns. */
  readonly caseless?: readonly string[];
}

export const RULE_ANCHORS: Readonly<Record<string, readonly RuleAnchor[]>> = {
  // Access key IDs (with enableIDScanRule); `aws_secret_access_key = …` and `aws_account_id = 1234…`
  // as the rule spells them, case-insensitively.
  "@secretlint/secretlint-rule-aws": [
    {
      pattern: /A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/,
      exact: ["A3T", "AKIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA"],
    },
    {
      pattern: /secret_?access_?key["']?\s*(?::|=>|=)|account_?(?:id)?["']?\s*(?::|=>|=)\s*["']?\d{4}/i,
      caseless: ["secretaccesskey", "secret_accesskey", "secretaccess_key", "secret_access_key", "account"],
    },
  ],
  // Service-account JSON needs a PEM private key, which JSON may spell with \u escapes;
  // .p12 files are checked by file name below.
  "@secretlint/secretlint-rule-gcp": [
    { pattern: /PRIVATE KEY/, exact: ["PRIVATE KEY"] },
    { pattern: /\\u[0-9A-Fa-f]{4}/, exact: ["\\u"] },
  ],
  "@secretlint/secretlint-rule-privatekey": [{ pattern: /PRIVATE KEY/, exact: ["PRIVATE KEY"] }],
  "@secretlint/secretlint-rule-npm": [{ pattern: /npm_|_authToken=|x-oauth-basic/, exact: ["npm_", "_authToken=", "x-oauth-basic"] }],
  // A URL with `user:password@` (the rule's user and password characters are all \w or -).
  "@secretlint/secretlint-rule-basicauth": [{ pattern: /:\/\/[-\w]+:[-\w]+@/, exact: ["://"] }],
  // Tokens, and incoming webhook URLs, which the rule matches case-insensitively.
  "@secretlint/secretlint-rule-slack": [
    { pattern: /xox[bpaor]-|xapp-/, exact: ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxr-", "xapp-"] },
    { pattern: /:\/\/hooks\.slack\.com\/services\//i, caseless: ["://hooks.slack.com/services/"] },
  ],
  "@secretlint/secretlint-rule-sendgrid": [{ pattern: /SG\./, exact: ["SG."] }],
  "@secretlint/secretlint-rule-shopify": [{ pattern: /shp(?:pa|ca|at|ss)_/, exact: ["shppa_", "shpca_", "shpat_", "shpss_"] }],
  "@secretlint/secretlint-rule-stripe": [{ pattern: /[sr]k_(?:live|test)_/, exact: ["sk_live_", "sk_test_", "rk_live_", "rk_test_"] }],
  "@secretlint/secretlint-rule-github": [
    { pattern: /gh[pousr]_|github_pat_/, exact: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"] },
  ],
  "@secretlint/secretlint-rule-gitlab": [{ pattern: /glpat-/, exact: ["glpat-"] }],
  "@secretlint/secretlint-rule-grafana": [{ pattern: /glc_|glsa_/, exact: ["glc_", "glsa_"] }],
  "@secretlint/secretlint-rule-openai": [{ pattern: /T3BlbkFJ/, exact: ["T3BlbkFJ"] }],
  "@secretlint/secretlint-rule-anthropic": [{ pattern: /sk-ant-api0/, exact: ["sk-ant-api0"] }],
  "@secretlint/secretlint-rule-groq": [{ pattern: /gsk_/, exact: ["gsk_"] }],
  "@secretlint/secretlint-rule-huggingface": [{ pattern: /hf_/, exact: ["hf_"] }],
  "@secretlint/secretlint-rule-linear": [{ pattern: /lin_api_/, exact: ["lin_api_"] }],
  "@secretlint/secretlint-rule-notion": [{ pattern: /ntn_/, exact: ["ntn_"] }],
  "@secretlint/secretlint-rule-1password": [{ pattern: /ops_ey/, exact: ["ops_ey"] }],
  // MongoDB, MySQL (also jdbc:mysql and mysqlx) and PostgreSQL URLs, matched case-insensitively by the rule.
  "@secretlint/secretlint-rule-database-connection-string": [
    {
      pattern: /(?:mongodb(?:\+srv)?|mysqlx?|postgres(?:ql)?):\/\//i,
      caseless: ["mongodb://", "mongodb+srv://", "mysql://", "mysqlx://", "postgres://", "postgresql://"],
    },
  ],
  "@secretlint/secretlint-rule-hashicorp-vault": [{ pattern: /hv[sbr]\./, exact: ["hvs.", "hvb.", "hvr."] }],
  "@secretlint/secretlint-rule-vercel": [{ pattern: /vc[pciark]_/, exact: ["vcp_", "vcc_", "vci_", "vca_", "vcr_", "vck_"] }],
  "@secretlint/secretlint-rule-databricks": [{ pattern: /dapi/, exact: ["dapi"] }],
  "@secretlint/secretlint-rule-docker": [{ pattern: /dckr_pat_/, exact: ["dckr_pat_"] }],
  "@secretlint/secretlint-rule-figma": [{ pattern: /figd_/, exact: ["figd_"] }],
  "@secretlint/secretlint-rule-cloudflare": [{ pattern: /cf(?:k|ut|at)_/, exact: ["cfk_", "cfut_", "cfat_"] }],
  "@secretlint/secretlint-rule-tailscale": [{ pattern: /tskey-/, exact: ["tskey-"] }],
  // Only removes findings (disable comments); never reports one.
  "@secretlint/secretlint-rule-filter-comments": [],
};

const PRESET_ANCHORS = Object.values(RULE_ANCHORS).flat();

/** The provider tables' anchors and keywords, without the tables themselves (a clean prompt never loads them). */
const PROVIDER_LITERALS = [{ anchors: PROVIDER_ANCHORS }, { anchors: [], keywords: PROVIDER_KEYWORDS }];

// One search for the literals of the preset's anchors and of both our rules, which the tests below
// and then our rules themselves find by LiteralSearch.of: one pass over a text serves them all.
const SEARCH = LiteralSearch.of(
  [...new Set([...PROVIDER_ANCHORS, ...PRESET_ANCHORS.flatMap((anchor) => anchor.exact ?? [])])],
  [...new Set([...PROVIDER_KEYWORDS, ...CREDENTIAL_NAME_LITERALS, ...PRESET_ANCHORS.flatMap((anchor) => anchor.caseless ?? [])])],
);

/**
 * Agent Security's own rules, each with the test of whether it could report
 * in a text: the provider tables by their anchors and keywords (found by
 * the literal search above, see rules/literalSearch.ts), the generic rule by
 * a credential name followed by an assigned value. The scanner asks the
 * provider rule's exact test too before running it (see narrow.ts).
 */
export const OUR_RULE_TESTS: Readonly<Record<string, (text: string, filePath: string) => boolean>> = {
  [PROVIDER_RULE_ID]: (text) => AnchorIndex.of(PROVIDER_LITERALS).mayMatch(text),
  [GENERIC_RULE_ID]: mayHoldGenericCredential,
};

/** The rule that looks at .p12 files themselves, whatever their text. */
const GCP_RULE = "@secretlint/secretlint-rule-gcp";
const isP12 = (filePath: string) => filePath.toLowerCase().endsWith(".p12");

/**
 * False only when no bundled rule could report anything in this text. Files
 * whose name alone decides (GCP .p12 keys) always go to secretlint.
 */
export function mightHoldSecret(text: string, filePath: string): boolean {
  return rulesThatMayReport(text, filePath).size > 0;
}

/** A preset rule's anchor pattern, made sticky, to be tried at the places of its literals. */
interface AnchorAtLiteral {
  readonly ruleId: string;
  readonly sticky: RegExp;
}

/**
 * The preset's anchors by literal: a text holds a handful of the literals,
 * so looking up each one found costs less than asking every anchor about
 * its own literals, text after text.
 */
function anchorsByLiteral(kind: "exact" | "caseless"): ReadonlyMap<string, readonly AnchorAtLiteral[]> {
  const byLiteral = new Map<string, AnchorAtLiteral[]>();
  for (const [ruleId, anchors] of Object.entries(RULE_ANCHORS)) {
    for (const anchor of anchors) {
      const entry = { ruleId, sticky: new RegExp(anchor.pattern.source, `${anchor.pattern.flags}y`) };
      for (const literal of anchor[kind] ?? []) byLiteral.set(literal, [...(byLiteral.get(literal) ?? []), entry]);
    }
  }
  return byLiteral;
}
const EXACT_ANCHORS = anchorsByLiteral("exact");
const CASELESS_ANCHORS = anchorsByLiteral("caseless");

/** Adds the preset's rules with an anchor whose pattern matches at one of the places of a literal found. */
function addPresetRules(found: Set<string>, text: string, hits: LiteralHits): void {
  for (const [byLiteral, places] of [
    [EXACT_ANCHORS, hits.exact],
    [CASELESS_ANCHORS, hits.caseless],
  ] as const) {
    for (const [literal, at] of places) {
      for (const { ruleId, sticky } of byLiteral.get(literal) ?? []) {
        if (found.has(ruleId)) continue;
        for (const place of at) {
          sticky.lastIndex = place;
          if (sticky.test(text)) {
            found.add(ruleId);
            break;
          }
        }
      }
    }
  }
}

/** The last text's answer: a hook asks mightHoldSecret and then the scanner asks again, of the same text. */
let last: { text: string; filePath: string; found: ReadonlySet<string> } | undefined;

/**
 * The bundled rules that could report something in this text: those with
 * an anchor in it. Rules this table does not know are not listed, and must
 * run whatever this says; so must rules without anchors, which never report.
 */
export function rulesThatMayReport(text: string, filePath: string): ReadonlySet<string> {
  if (last?.text === text && last.filePath === filePath) return last.found;
  const found = new Set<string>();
  if (isP12(filePath)) found.add(GCP_RULE);
  for (const [id, test] of Object.entries(OUR_RULE_TESTS)) if (test(text, filePath)) found.add(id);
  addPresetRules(found, text, SEARCH.find(text));
  last = { text, filePath, found };
  return found;
}

/** Whether a rule could report in a text with these rules found: a rule the table does not know always could. */
export function ruleMayReport(ruleId: string, found: ReadonlySet<string>): boolean {
  return found.has(ruleId) || (!Object.hasOwn(RULE_ANCHORS, ruleId) && !Object.hasOwn(OUR_RULE_TESTS, ruleId));
}

/** Rules that only silence others' findings (disable comments) and never report one. */
export function ruleNeverReports(ruleId: string): boolean {
  return Object.hasOwn(RULE_ANCHORS, ruleId) && RULE_ANCHORS[ruleId].length === 0;
}
