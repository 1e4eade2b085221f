import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from "@secretlint/types";
import { fingerprint, maskSecret } from "../shared/mask";
import type { Severity } from "../shared/severity";
import { LineIndex, type Range } from "../shared/text";
import { defaultSecretlintConfig, resolveSecretlintConfig } from "./config";
import { kindName } from "./kinds";
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

export class SecretScanner {
  private constructor(
    private readonly secretlint: Secretlint,
    private readonly config: SecretLintCoreConfig,
    /** What in the configuration could not be honoured, in words. */
    readonly problems: readonly string[],
  ) {}

  /**
   * A scanner over the bundled rules: the recommended preset, or what a parsed
   * `.secretlintrc` asks for.
   */
  static async create(secretlintrc?: unknown): Promise<SecretScanner> {
    const secretlint = await loadSecretlint();
    if (secretlintrc === undefined) return new SecretScanner(secretlint, defaultSecretlintConfig(secretlint), []);
    const { config, problems } = resolveSecretlintConfig(secretlintrc, secretlint);
    return new SecretScanner(secretlint, config, problems);
  }

  /** Scans one text. `filePath` lets rules that look at file names (`.npmrc`, `package.json`) apply. */
  async scan(text: string, filePath: string): Promise<SecretFinding[]> {
    const result = await this.secretlint.lintSource({
      source: { filePath, content: text, contentType: "text" },
      options: { config: this.config, noPhysicFilePath: true },
    });
    if (result.messages.length === 0) return [];
    const lines = new LineIndex(text);
    const findings: SecretFinding[] = [];
    for (const message of result.messages) {
      const [offset, end] = locateSecret(text, message);
      const value = text.slice(offset, end);
      findings.push({
        ruleId: message.ruleId,
        messageId: message.messageId ?? message.ruleId,
        kind: kindName(message.messageId, message.ruleId),
        severity: message.severity === "warning" ? "warning" : message.severity === "info" ? "info" : "error",
        offset,
        length: end - offset,
        range: lines.rangeOf(offset, end - offset),
        masked: maskSecret(value),
        fingerprint: fingerprint(value),
        ...(message.docsUrl ? { docsUrl: message.docsUrl } : {}),
      });
    }
    return findings;
  }
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
