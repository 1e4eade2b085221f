/**
 * One documented token format of one provider. Provider tables
 * (rules/providers/*.ts) are plain data; the secretlint rule that runs them,
 * the prefilter and the kind names are built from these entries.
 */
export interface ProviderPattern {
  /** secretlint message id: unique, SCREAMING_SNAKE_CASE, e.g. `OPENAI_PROJECT_KEY`. */
  readonly id: string;
  /** Human name of the kind, e.g. `OpenAI project API key`. */
  readonly name: string;
  /** The provider's page that documents the format. */
  readonly docsUrl: string;
  /**
   * Case-sensitive literals one of which occurs in every match (a prefix
   * such as `sk-proj-`). The prefilter runs the pattern only when one is in
   * the text. May be empty only when `keywords` is set.
   */
  readonly anchors: readonly string[];
  /**
   * For formats without a distinctive prefix (Mistral, Cohere, Azure keys):
   * lower-case words one of which must occur in the text, case-insensitively,
   * at the start of a word (10A: the prefilter checks that the keyword is not
   * preceded by a letter, or is upper-case after a lower-case one as in
   * `ociAuthToken`; `oci` inside "social" does not count).
   * The pattern itself then requires the keyword near the value.
   */
  readonly keywords?: readonly string[];
  /** Global (`g`) regex. The secret is the named group `secret` when present, else the whole match. */
  readonly pattern: RegExp;
  /** A further check of the captured secret: a documented checksum, required character classes. */
  readonly verify?: (secret: string) => boolean;
  /** `error` for a credential that grants access by itself; `warning` for weaker or contextual ones. */
  readonly severity: "error" | "warning";
}
