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
import { LiteralSearch } from "./rules/literalSearch";
import { PROVIDER_ANCHORS, PROVIDER_KEYWORDS } from "./rules/providerLiterals.generated";

// Anchors of URL-shaped secrets. Each contains "://", and in the quick test
// of a whole text that literal stands in for all three: a case-sensitive
// literal costs far less than case-insensitive patterns.
const BASIC_AUTH_URL = /:\/\/[-\w]+:[-\w]+@/;
const SLACK_WEBHOOK_URL = /:\/\/hooks\.slack\.com\/services\//i;
const DATABASE_URL = /(?:mongodb(?:\+srv)?|mysqlx?|postgres(?:ql)?):\/\//i;
export const URL_ANCHORS: ReadonlySet<RegExp> = new Set([BASIC_AUTH_URL, SLACK_WEBHOOK_URL, DATABASE_URL]);
const URL_MARK = "://";

export const RULE_ANCHORS: Readonly<Record<string, readonly RegExp[]>> = {
  // Access key IDs (with enableIDScanRule); `aws_secret_access_key = …` and `aws_account_id = 1234…`
  // as the rule spells them, case-insensitively.
  "@secretlint/secretlint-rule-aws": [
    /A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/,
    /secret_?access_?key["']?\s*(?::|=>|=)|account_?(?:id)?["']?\s*(?::|=>|=)\s*["']?\d{4}/i,
  ],
  // Service-account JSON needs a PEM private key, which JSON may spell with \u escapes;
  // .p12 files are checked by file name below.
  "@secretlint/secretlint-rule-gcp": [/PRIVATE KEY/, /\\u[0-9A-Fa-f]{4}/],
  "@secretlint/secretlint-rule-privatekey": [/PRIVATE KEY/],
  "@secretlint/secretlint-rule-npm": [/npm_|_authToken=|x-oauth-basic/],
  // A URL with `user:password@` (the rule's user and password characters are all \w or -).
  "@secretlint/secretlint-rule-basicauth": [BASIC_AUTH_URL],
  // Tokens, and incoming webhook URLs, which the rule matches case-insensitively.
  "@secretlint/secretlint-rule-slack": [/xox[bpaor]-|xapp-/, SLACK_WEBHOOK_URL],
  "@secretlint/secretlint-rule-sendgrid": [/SG\./],
  "@secretlint/secretlint-rule-shopify": [/shp(?:pa|ca|at|ss)_/],
  "@secretlint/secretlint-rule-stripe": [/[sr]k_(?:live|test)_/],
  "@secretlint/secretlint-rule-github": [/gh[pousr]_|github_pat_/],
  "@secretlint/secretlint-rule-gitlab": [/glpat-/],
  "@secretlint/secretlint-rule-grafana": [/glc_|glsa_/],
  "@secretlint/secretlint-rule-openai": [/T3BlbkFJ/],
  "@secretlint/secretlint-rule-anthropic": [/sk-ant-api0/],
  "@secretlint/secretlint-rule-groq": [/gsk_/],
  "@secretlint/secretlint-rule-huggingface": [/hf_/],
  "@secretlint/secretlint-rule-linear": [/lin_api_/],
  "@secretlint/secretlint-rule-notion": [/ntn_/],
  "@secretlint/secretlint-rule-1password": [/ops_ey/],
  // MongoDB, MySQL (also jdbc:mysql and mysqlx) and PostgreSQL URLs, matched case-insensitively by the rule.
  "@secretlint/secretlint-rule-database-connection-string": [DATABASE_URL],
  "@secretlint/secretlint-rule-hashicorp-vault": [/hv[sbr]\./],
  "@secretlint/secretlint-rule-vercel": [/vc[pciark]_/],
  "@secretlint/secretlint-rule-databricks": [/dapi/],
  "@secretlint/secretlint-rule-docker": [/dckr_pat_/],
  "@secretlint/secretlint-rule-figma": [/figd_/],
  "@secretlint/secretlint-rule-cloudflare": [/cf(?:k|ut|at)_/],
  "@secretlint/secretlint-rule-tailscale": [/tskey-/],
  // Only removes findings (disable comments); never reports one.
  "@secretlint/secretlint-rule-filter-comments": [],
};

// The anchors other than the URL ones as one pattern per case mode, so that
// a clean text costs a search for "://" and two regex scans. Alternatives that
// begin with the same character are grouped behind it (`g(?:h[pousr]_|…)`):
// the regex engine then tries each position of the text against about twenty
// first characters instead of fifty alternatives, which makes the scan of a
// clean file about 1.5 times faster. Written out rather than built at start-up
// (the hook runs on every prompt); a unit test checks that they are the
// table's anchors, grouped.
export const CASE_SENSITIVE =
  /(?:A(?:3T[A-Z0-9]|KIA|GPA|IDA|ROA|IPA|NPA|NVA|SIA))|(?:PRIVATE KEY)|(?:\\u[0-9A-Fa-f]{4})|(?:n(?:pm_|tn_))|(?:_authToken=)|(?:x(?:-oauth-basic|ox[bpaor]-|app-))|(?:SG\.)|(?:s(?:hp(?:pa|ca|at|ss)_|k-ant-api0))|(?:g(?:h[pousr]_|ithub_pat_|lpat-|lc_|lsa_|sk_))|(?:T3BlbkFJ)|(?:h(?:f_|v[sbr]\.))|(?:lin_api_)|(?:ops_ey)|(?:vc[pciark]_)|(?:d(?:api|ckr_pat_))|(?:figd_)|(?:cf(?:k|ut|at)_)|(?:tskey-)|(?:[sr]k_(?:live|test)_)/;
export const CASE_INSENSITIVE = /(?:secret_?access_?key["']?\s*(?::|=>|=))|(?:account_?(?:id)?["']?\s*(?::|=>|=)\s*["']?\d{4})/i;

/** The provider tables' anchors and keywords, without the tables themselves (a clean prompt never loads them). */
const PROVIDER_LITERALS = [{ anchors: PROVIDER_ANCHORS }, { anchors: [], keywords: PROVIDER_KEYWORDS }];

// One search for the literals of both our rules, which the tests below and
// then the rules themselves find by LiteralSearch.of: one pass over a text
// serves them all.
LiteralSearch.of(PROVIDER_ANCHORS, [...PROVIDER_KEYWORDS, ...CREDENTIAL_NAME_LITERALS]);

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
  return (
    isP12(filePath) ||
    text.includes(URL_MARK) ||
    holdsOtherAnchor(text) ||
    Object.values(OUR_RULE_TESTS).some((test) => test(text, filePath))
  );
}

function holdsOtherAnchor(text: string): boolean {
  return CASE_SENSITIVE.test(text) || CASE_INSENSITIVE.test(text);
}

/**
 * The bundled rules that could report something in this text: those with
 * an anchor in it. Rules this table does not know are not listed, and must
 * run whatever this says; so must rules without anchors, which never report.
 */
export function rulesThatMayReport(text: string, filePath: string): Set<string> {
  const found = new Set<string>();
  if (isP12(filePath)) found.add(GCP_RULE);
  for (const [id, test] of Object.entries(OUR_RULE_TESTS)) if (test(text, filePath)) found.add(id);
  // Each anchor is asked on its own only when the quick test of its kind
  // passed: many files hold a URL, few anything else.
  const urls = text.includes(URL_MARK);
  const others = holdsOtherAnchor(text);
  if (!urls && !others) return found;
  for (const [id, anchors] of Object.entries(RULE_ANCHORS)) {
    if (anchors.some((anchor) => (URL_ANCHORS.has(anchor) ? urls : others) && anchor.test(text))) found.add(id);
  }
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
