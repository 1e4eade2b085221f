import type { IamCatalog, IamSeverityMap } from "../iam";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { secretMessage } from "../secrets/messages";
import type { Severity } from "../shared/severity";

/** What an analyzer reports about one span of a file's text. */
export interface AnalyzerFinding {
  checkId: string;
  kind: string;
  severity: Severity;
  /** Safe to show and store: masked values only. */
  message: string;
  /** The span, in UTF-16 code units of the analysed text. */
  offset: number;
  length: number;
  fingerprint: string;
  /** Set when the span is itself a secret: what previews show in its place. */
  masked?: string;
  docsUrl?: string;
  /** The IAM Access Analyzer issue code an IAM finding reproduces. */
  accessAnalyzerCode?: string;
}

/** One file as the analyzers see it. */
export interface AnalyzedFile {
  policy: WorkspacePolicy;
  path: string;
  text: string;
}

/**
 * One kind of check the audit runs on every file. Adding a check to the audit
 * means adding an analyzer to auditAnalyzers (and its switch to
 * AnalyzerSettings); nothing else changes.
 */
export interface FileAnalyzer {
  /** Short, stable id: part of the cache key and of every finding. */
  readonly id: string;
  /**
   * Loads what analysing this file needs (an engine, a catalogue) before its
   * time budget starts: a budget measures the analysis, not a cold start.
   */
  prepare?(file: AnalyzedFile): Promise<void>;
  analyze(file: AnalyzedFile): Promise<AnalyzerFinding[]>;
}

/** Secrets through the one shared entry, so that the audit agrees with the editor and the hooks. */
export const secretsAnalyzer: FileAnalyzer = {
  id: "secrets",
  prepare: ({ policy }) => policy.secretScanner.prepareForManyTexts(),
  async analyze({ policy, path, text }) {
    // Most files hold no anchor of any rule: answered here, before the scan's exclusions and steps.
    if (!policy.mayHoldSecret(path, text)) return [];
    const findings = await policy.scanSecrets(path, text);
    return findings.map((f) => ({
      checkId: f.ruleId,
      kind: f.kind,
      severity: f.severity,
      message: secretMessage(f),
      offset: f.offset,
      length: f.length,
      fingerprint: f.fingerprint,
      masked: f.masked,
      ...(f.docsUrl ? { docsUrl: f.docsUrl } : {}),
    }));
  },
};

/**
 * The IAM engine, loaded on the first file an audit analyses: in the bundled
 * worker it is the shared, code-cached dist/iam.js, and the main thread of
 * an audit never loads it.
 */
let iamEngine: Promise<typeof import("../iam")> | undefined;
export const loadIamEngine = () => (iamEngine ??= import("../iam"));

/**
 * IAM least-privilege checks on files that hold policy statements, through
 * the same analysis as the editor. The catalogue loads on the first file
 * that passes the cheap content test.
 */
export function iamAnalyzer(catalog: () => Promise<IamCatalog>, severities: IamSeverityMap): FileAnalyzer {
  // A file that cannot hold a policy (code, Markdown) does not load the catalogue.
  const mayHoldPolicy = (iam: typeof import("../iam"), { policy, path, text }: AnalyzedFile) =>
    iam.mayContainPolicy(text) && iam.detectFormat(text, path) !== undefined && !policy.isExcluded(path);
  return {
    id: "iam",
    async prepare(file) {
      if (mayHoldPolicy(await loadIamEngine(), file)) await catalog();
    },
    async analyze(file) {
      const iam = await loadIamEngine();
      const { analyzeIam, IAM_CHECKS } = iam;
      const { policy, path, text } = file;
      if (!mayHoldPolicy(iam, file)) return [];
      const rel = policy.relative(path);
      const findings = analyzeIam(text, await catalog(), {
        fileName: path,
        severities,
        isSuppressed: (check, fingerprint) => policy.isSuppressed(rel, check, fingerprint),
      });
      return findings.map((f) => ({
        checkId: f.check,
        // The check's title without its example: "Service-wide wildcard", not "… (s3:*)" on an sqs:* finding.
        kind: IAM_CHECKS[f.check].title.replace(/\s*\(.*\)$/, ""),
        severity: f.severity,
        message: f.message,
        offset: f.offset,
        length: f.length,
        fingerprint: f.fingerprint,
        ...(f.code ? { accessAnalyzerCode: f.code } : {}),
      }));
    },
  };
}

/** Which analyzers a folder's audit runs, from the settings the editor uses for open documents. */
export interface AnalyzerSettings {
  /** `agentSecurity.secrets.enabled` */
  secrets: boolean;
  /** `agentSecurity.iam.enabled` */
  iam: boolean;
  /** `agentSecurity.iam.severity` */
  iamSeverities: IamSeverityMap;
}

export const DEFAULT_ANALYZERS: AnalyzerSettings = { secrets: true, iam: true, iamSeverities: {} };

export function auditAnalyzers(settings: AnalyzerSettings, iamCatalog: () => Promise<IamCatalog>): FileAnalyzer[] {
  return [...(settings.secrets ? [secretsAnalyzer] : []), ...(settings.iam ? [iamAnalyzer(iamCatalog, settings.iamSeverities)] : [])];
}
