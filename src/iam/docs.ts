import { promises as fs } from "node:fs";
import * as path from "node:path";

/** File name of the generated documentation index (scripts/build-iam-docs.mjs), next to the bundles in dist/. */
export const DOCS_FILE = "iam-docs.json";

/** Shape of dist/iam-docs.json. */
export interface DocsIndex {
  format: 1;
  version: string;
  /** Service prefix → action name → description without AWS's lead "Grants permission to ". */
  actions: Record<string, Record<string, string>>;
  /** Condition key as the reference spells it → what it filters on. */
  conditionKeys: Record<string, string>;
  /** The global condition keys (`aws:SourceIp`), usable with every action, with their types. */
  globalConditionKeys: [string, string][];
}

/**
 * What the IAM catalogue's actions and condition keys do, in AWS's words.
 * Only completion shows descriptions, so they live apart from the checks'
 * index and are read the first time completion asks. Lookups ignore case, as
 * IAM does.
 */
export class IamDocs {
  private readonly actions = new Map<string, string>();
  private readonly conditionKeys = new Map<string, string>();
  /** The global condition keys with their types. */
  readonly globalConditionKeys: readonly { key: string; type: string }[];

  private constructor(index: DocsIndex) {
    for (const [prefix, entries] of Object.entries(index.actions)) {
      for (const [name, text] of Object.entries(entries)) this.actions.set(`${prefix}:${name}`.toLowerCase(), text);
    }
    for (const [key, text] of Object.entries(index.conditionKeys)) this.conditionKeys.set(key.toLowerCase(), text);
    this.globalConditionKeys = (index.globalConditionKeys ?? []).map(([key, type]) => ({ key, type }));
  }

  static fromIndex(index: DocsIndex): IamDocs {
    if (!index || index.format !== 1 || typeof index.actions !== "object") throw new Error("not an IAM documentation index (format 1)");
    return new IamDocs(index);
  }

  /** "Grants permission to retrieve objects from Amazon S3" for `s3:GetObject`. */
  action(full: string): string | undefined {
    const text = this.actions.get(full.toLowerCase());
    return text === undefined ? undefined : `Grants permission to ${text}`;
  }

  conditionKey(key: string): string | undefined {
    return this.conditionKeys.get(key.toLowerCase());
  }
}

const loaded = new Map<string, Promise<IamDocs>>();

/** Loads the documentation index once per path (by default dist/iam-docs.json next to the running bundle). */
export function loadIamDocs(file: string = path.join(__dirname, DOCS_FILE)): Promise<IamDocs> {
  let promise = loaded.get(file);
  if (!promise) {
    promise = fs.readFile(file, "utf8").then((text) => IamDocs.fromIndex(JSON.parse(text) as DocsIndex));
    promise.catch(() => loaded.delete(file));
    loaded.set(file, promise);
  }
  return promise;
}
