import type { SecretLintCoreConfig, SecretLintCoreConfigUnionRule, SecretLintRulePresetCreator } from "@secretlint/types";
import { ruleMayReport, ruleNeverReports, rulesThatMayReport } from "./prefilter";

/**
 * Switch for tests that compare scans with and without narrowing; the
 * product never turns it off.
 */
export const ruleNarrowing = { enabled: true };

/**
 * A secretlint configuration narrowed, text by text, to the rules that can
 * report something in the text (see prefilter.ts). lintSource sets up every
 * configured rule for every text and runs all their patterns over it, while
 * most texts (source files, prompts) hold the anchors of no rule or of a few.
 * A rule left out could not have reported, and the rules kept run in their
 * configured order with their configured options, so the findings are the
 * same as with the whole configuration.
 */
export class NarrowedConfigs {
  /** Configurations by the rules found (their sorted ids); undefined: nothing can report. */
  private readonly byRules = new Map<string, SecretLintCoreConfig | undefined>();
  /**
   * A configuration that names a rule twice makes secretlint throw on every
   * scan; leaving one of the two out must not make that error go away.
   */
  private readonly narrowable: boolean;

  constructor(
    private readonly config: SecretLintCoreConfig,
    /** Exact tests of rules the prefilter's quick test passes too often, asked only when that test passes. */
    private readonly exactTests: Readonly<Record<string, (text: string) => boolean>> = {},
  ) {
    this.narrowable = uniqueRuleIds(config);
  }

  /** The configuration to scan this text with, or undefined when no configured rule could report in it. */
  configFor(text: string, filePath: string): SecretLintCoreConfig | undefined {
    if (!this.narrowable || !ruleNarrowing.enabled) return this.config;
    const found = [...rulesThatMayReport(text, filePath)]
      .filter((id) => !Object.hasOwn(this.exactTests, id) || this.exactTests[id](text))
      .sort();
    const key = found.join("\n");
    if (!this.byRules.has(key)) this.byRules.set(key, narrow(this.config, new Set(found)));
    return this.byRules.get(key);
  }
}

function isPreset(
  entry: SecretLintCoreConfigUnionRule,
): entry is Extract<SecretLintCoreConfigUnionRule, { rule: SecretLintRulePresetCreator }> {
  return entry.rule.meta.type === "preset";
}

function narrow(config: SecretLintCoreConfig, found: ReadonlySet<string>): SecretLintCoreConfig | undefined {
  const reports = (id: string) => ruleMayReport(id, found);
  // Rules that never report (disable comments) are kept, but do not make a scan worth running.
  const keep = (id: string) => reports(id) || ruleNeverReports(id);
  let anyReports = false;
  const rules: SecretLintCoreConfigUnionRule[] = [];
  for (const entry of config.rules) {
    if (isPreset(entry)) {
      if (!entry.disabled && entry.rule.rules.some((r) => reports(r.meta.id))) anyReports = true;
      rules.push({ ...entry, rule: presetWithOnly(entry.rule, keep) });
    } else if (keep(entry.rule.meta.id)) {
      if (!entry.disabled && reports(entry.rule.meta.id)) anyReports = true;
      rules.push(entry);
    }
  }
  return anyReports ? { ...config, rules } : undefined;
}

/** The preset as it is, except that the rules it registers are only those `keep` accepts. */
function presetWithOnly(preset: SecretLintRulePresetCreator, keep: (id: string) => boolean): SecretLintRulePresetCreator {
  return {
    ...preset,
    rules: preset.rules.filter((r) => keep(r.meta.id)),
    create(context, options) {
      preset.create(
        { ...context, registerRule: (rule, defaults) => (keep(rule.meta.id) ? context.registerRule(rule, defaults) : undefined) },
        options,
      );
    },
  };
}

/** Whether the rules secretlint registers (disabled entries are skipped) have distinct ids. */
function uniqueRuleIds(config: SecretLintCoreConfig): boolean {
  const registered = config.rules.filter((entry) => !entry.disabled);
  const ids = registered.flatMap((entry) => (isPreset(entry) ? entry.rule.rules.map((r) => r.meta.id) : [entry.id]));
  return new Set(ids).size === ids.length;
}
