import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from "@secretlint/types";
import { fingerprint, maskSecret } from "../shared/mask";
import type { Severity } from "../shared/severity";
import { LineIndex, type Range } from "../shared/text";
import { defaultSecretlintConfig, resolveSecretlintConfig } from "./config";
import { NarrowedConfigs } from "./narrow";
import { GENERIC_RULE_ID, OUR_RULE_IDS, PROVIDER_RULE_ID } from "./rules/ids";
import { LiteralSearch } from "./rules/literalSearch";
import { isPlaceholderValue } from "./rules/placeholder";
import { mightHoldSecret } from "./prefilter";
import { loadSecretlint, type Secretlint } from "./secretlint";

export interface SecretFinding {
  /** secretlint rule, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** secretlint message id, e.g. `GITHUB_TOKEN`. */
  messageId: string;
  /** Human name of the kind of secret. */
  kind: string;
  severity: Severity;
  /** Where the secret itself is, in UTF-16 code units of the scanned text. */
  offset: number;
  length: number;
  range: Range;
  /** The only form of the value that may be shown or stored. */
  masked: string;
  /** Stable, non-reversible id of the value, for ignore lists. */
  fingerprint: string;
  docsUrl?: string;
}

/** secretlint and the configuration narrowed text by text, once loaded. */
interface LoadedRules {
  readonly secretlint: Secretlint;
  readonly configs: NarrowedConfigs;
}

export class SecretScanner {
  /** Severities the configuration sets for our rules; unset, each kind keeps its own default. */
  private readonly configuredSeverity = new Map<string, string>();
  private prepared: Promise<void> | undefined;

  private constructor(
    /** Loaded when the scanner is made (a configuration file), or at the first text a bundled rule could report in. */
    private rules: LoadedRules | (() => Promise<LoadedRules>),
    config: SecretLintCoreConfig | undefined,
    /** What in the configuration could not be honoured, in words. */
    readonly problems: readonly string[],
  ) {
    for (const entry of config?.rules ?? []) {
      const severity = "severity" in entry ? entry.severity : undefined;
      if (severity && OUR_RULE_IDS.includes(entry.id)) this.configuredSeverity.set(entry.id, severity);
    }
  }

  /**
   * A scanner over the bundled rules: the recommended preset, or what a parsed
   * `.secretlintrc` asks for. Without a configuration, secretlint loads only
   * when a text holds an anchor of one of the bundled rules: a process that
   * lists files for others to scan (the audit's main thread) never loads it.
   */
  static async create(secretlintrc?: unknown): Promise<SecretScanner> {
    if (secretlintrc === undefined) {
      let loading: Promise<LoadedRules> | undefined;
      const loadDefault = () =>
        (loading ??= loadSecretlint().then((secretlint) => loaded(secretlint, defaultSecretlintConfig(secretlint))));
      return new SecretScanner(loadDefault, undefined, []);
    }
    const secretlint = await loadSecretlint();
    const { config, problems } = resolveSecretlintConfig(secretlintrc, secretlint);
    return new SecretScanner(loaded(secretlint, config), config, problems);
  }

  /** Readies the scanner for many texts (a workspace audit): what pays off only over many is built at once. Asked per text, done once. */
  prepareForManyTexts(): Promise<void> {
    return (this.prepared ??= (async () => {
      LiteralSearch.prepareForManyTexts();
      await this.loadedRules();
    })());
  }

  private async loadedRules(): Promise<LoadedRules> {
    if (typeof this.rules === "function") this.rules = await this.rules();
    return this.rules;
  }

  /** Scans one text. `filePath` lets rules that look at file names (`.npmrc`, `package.json`) apply. */
  scan(text: string, filePath: string): Promise<SecretFinding[]> {
    return this.scanRegion(text, filePath, 0, text.length);
  }

  /**
   * Scans only `text[start, end)`, which must begin at a line start, and
   * reports findings in the coordinates of the whole text. What keeps an
   * edit in a large file cheap; see incremental.ts for when it is exact.
   */
  async scanRegion(text: string, filePath: string, start: number, end: number): Promise<SecretFinding[]> {
    const slice = start === 0 && end === text.length ? text : text.slice(start, end);
    // The default rules are all ones the prefilter knows: where none has an anchor, there is nothing to load or run.
    if (typeof this.rules === "function" && !mightHoldSecret(slice, filePath)) return [];
    const { secretlint, configs } = await this.loadedRules();
    // Only the rules that can report in this text run; most texts need none.
    const config = configs.configFor(slice, filePath);
    if (!config) return [];
    const result = await secretlint.lintSource({
      source: { filePath, content: slice, contentType: "text" },
      options: { config, noPhysicFilePath: true },
    });
    if (result.messages.length === 0) return [];
    // Positions come from the whole text; built only when something was found.
    const lines = new LineIndex(text);
    const located: Array<{ message: SecretLintCoreResultMessage; from: number; to: number }> = [];
    for (const message of result.messages) {
      const [from, to] = locateSecret(slice, message);
      // Documentation and templates write `ghp_xxxx…`, `<password>`, `****`: never a finding, whichever rule saw it.
      if (!isPlaceholderValue(slice.slice(from, to))) located.push({ message, from, to });
    }
    const findings: SecretFinding[] = [];
    for (const { message, from, to } of withoutRepeats(located)) {
      const value = slice.slice(from, to);
      const messageId = message.messageId ?? message.ruleId;
      findings.push({
        ruleId: message.ruleId,
        messageId,
        kind: secretlint.kindName(message.messageId, message.ruleId),
        severity: this.severityOf(message, secretlint),
        offset: start + from,
        length: to - from,
        range: lines.rangeOf(start + from, to - from),
        masked: maskSecret(value),
        fingerprint: fingerprint(value),
        ...docsOf(message, secretlint),
      });
    }
    return findings;
  }

  private severityOf(message: SecretLintCoreResultMessage, { kindSeverity }: Secretlint): Severity {
    const ours =
      OUR_RULE_IDS.includes(message.ruleId) && !this.configuredSeverity.has(message.ruleId) ? kindSeverity(message.messageId) : undefined;
    const severity = ours ?? message.severity;
    return severity === "warning" ? "warning" : severity === "info" ? "info" : "error";
  }
}

function loaded(secretlint: Secretlint, config: SecretLintCoreConfig): LoadedRules {
  return { secretlint, configs: new NarrowedConfigs(config, secretlint.ourRuleExactTests) };
}

function docsOf(message: SecretLintCoreResultMessage, { kindDocsUrl }: Secretlint): { docsUrl?: string } {
  const docsUrl = (OUR_RULE_IDS.includes(message.ruleId) ? kindDocsUrl(message.messageId) : undefined) ?? message.docsUrl;
  return docsUrl ? { docsUrl } : {};
}

/** Which rule's word counts when two report the same value: the preset's, then the provider tables', then the generic rule's. */
function rank(ruleId: string): number {
  return ruleId === GENERIC_RULE_ID ? 2 : ruleId === PROVIDER_RULE_ID ? 1 : 0;
}

/**
 * The findings without those of our rules that overlap a finding of a rule
 * ranked before them: a GitHub token that the preset and our table both know
 * is reported once, by the preset. Findings of the same rank all stay.
 */
function withoutRepeats<T extends { message: SecretLintCoreResultMessage; from: number; to: number }>(located: T[]): T[] {
  if (!located.some((f) => rank(f.message.ruleId) > 0)) return located;
  return located.filter(
    (f) => !located.some((other) => rank(other.message.ruleId) < rank(f.message.ruleId) && other.from < f.to && f.from < other.to),
  );
}

/**
 * The span of the secret value. Some rules report a span that is off: the AWS
 * secret-key rule reports the start of `aws_secret_access_key = "` with the
 * length of the key, and the connection-string rule runs on past the closing
 * quote. The raw value the rule captured tells where it really is; the value
 * is used here and dropped with the message.
 */
function locateSecret(text: string, message: SecretLintCoreResultMessage): [number, number] {
  let [start, end] = message.range;
  const captured = Object.entries(message.data ?? {})
    .filter(([key, v]) => key !== "typeName" && typeof v === "string" && v.length >= 8)
    .map(([, v]) => v as string);
  for (const value of captured) {
    if (text.slice(start, end) === value) break;
    const at = text.indexOf(value, start);
    if (at >= 0 && at <= end + value.length) {
      [start, end] = [at, at + value.length];
      break;
    }
  }
  const opening = text[start - 1];
  if (opening === '"' || opening === "'" || opening === "`") {
    const closing = text.indexOf(opening, start);
    if (closing >= 0 && closing < end) end = closing;
  }
  return [start, end];
}
