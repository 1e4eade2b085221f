import type { TextEdit } from "../shared/text";
import type { CatalogAction, IamCatalog } from "./catalog";
import { iamCompletions, type ConditionKeySource, type IamCompletions } from "./completion";
import type { IamDocs } from "./docs";
import { iamFixes, locateAction, replaceActionEdits, type IamFix, type IamFixContext } from "./fixes";
import { iamHover, type IamHover } from "./hover";
import { notActionChoices, notActionEdits, type NotActionChoices } from "./notAction";
import { extractPolicies, mayContainPolicy, type ParsedPolicies } from "./policy";
import { hasWildcard } from "./wildcard";

/**
 * What the editor asks about a policy text besides its findings: hovers,
 * completion, quick fixes and the edits of the explicit-actions commands.
 * Every answer needs the text parsed, which for a 20,000-statement policy
 * takes most of a second: these run in the analysis worker, next to the
 * parse of its last analysis (ParseCache), never on the editor's thread.
 */
export type IamAssistQuery =
  | { kind: "hover"; offset: number }
  | { kind: "complete"; offset: number }
  | { kind: "fixes"; findings: IamFixContext["finding"][]; relativePath?: string }
  | { kind: "action-choices"; offset: number; within: boolean }
  | { kind: "action-edits"; offset: number; actions: readonly string[] }
  | { kind: "not-action-choices"; offset: number; within: boolean; services?: readonly string[] }
  | { kind: "not-action-edits"; offset: number; actions: readonly string[] };

/** A fix as the editor shows it; `notAction` runs the NotAction command (the user chooses the actions first). */
export interface AssistFix extends IamFix {
  notAction?: { offset: number };
}

/** The action string at a position and what it expands to, for the explicit-actions QuickPick. */
export interface ActionChoices {
  pattern: string;
  /** Where its characters start: the command's edits are asked for at this offset. */
  offset: number;
  choices: readonly CatalogAction[];
}

export interface IamAssistAnswers {
  hover: IamHover | undefined;
  complete: IamCompletions | undefined;
  /** Per finding asked about, in order. */
  fixes: AssistFix[][];
  "action-choices": ActionChoices | undefined;
  "action-edits": TextEdit[] | undefined;
  "not-action-choices": NotActionChoices | undefined;
  "not-action-edits": TextEdit[] | undefined;
}

export type IamAssistAnswer<Q extends IamAssistQuery> = IamAssistAnswers[Q["kind"]];

export interface AssistSources {
  catalog: IamCatalog;
  docs?: IamDocs;
  conditionKeys?: ConditionKeySource;
}

/** One document's text with its parse. */
export interface ParsedText {
  text: string;
  fileName?: string;
  languageId?: string;
  parsed: ParsedPolicies;
}

/** Answers one query about a parsed text. Pure: no I/O, no `vscode`. */
export function iamAssist<Q extends IamAssistQuery>(query: Q, doc: ParsedText, sources: AssistSources): IamAssistAnswer<Q> {
  return answer(query, doc, sources) as IamAssistAnswer<Q>;
}

function answer(
  query: IamAssistQuery,
  doc: ParsedText,
  { catalog, docs, conditionKeys }: AssistSources,
): IamAssistAnswers[keyof IamAssistAnswers] {
  const { text, parsed, fileName, languageId } = doc;
  switch (query.kind) {
    case "hover":
      return iamHover(text, query.offset, catalog, fileName, languageId, parsed);
    case "complete":
      return iamCompletions(text, query.offset, parsed, { catalog, docs, conditionKeys });
    case "fixes":
      return query.findings.map((finding) => {
        const fixes: AssistFix[] = iamFixes({ text, fileName, languageId, relativePath: query.relativePath, catalog, finding, parsed });
        if (finding.check === "iam-not-action-allow" && notActionChoices(parsed, finding.offset, catalog)) {
          fixes.unshift({
            kind: "explicit",
            title: "Replace NotAction with explicit actions…",
            edits: [],
            notAction: { offset: finding.offset },
          });
        }
        return fixes;
      });
    case "action-choices": {
      const located = locateAction(parsed, query.offset, query.within);
      if (!located) return undefined;
      const pattern = located.item.value;
      return {
        pattern,
        offset: located.item.contentOffset,
        choices: hasWildcard(pattern) || catalog.lookup(pattern) ? catalog.expand(pattern) : [],
      };
    }
    case "action-edits":
      return replaceActionEdits(text, query.offset, query.actions, fileName, languageId, parsed);
    case "not-action-choices":
      return notActionChoices(parsed, query.offset, catalog, query.services, query.within);
    case "not-action-edits":
      return notActionEdits(text, parsed, query.offset, query.actions);
  }
}

/**
 * The last few parses, by file: the analysis of a document version, and then
 * the hovers, completion and fixes asked of the same text, parse it once.
 * A changed text (compared in full: far cheaper than parsing it) parses again.
 */
export class ParseCache {
  private readonly entries: ParsedText[] = [];
  /** Texts actually parsed (tests check that asking again reuses the parse). */
  parses = 0;

  constructor(private readonly size = 3) {}

  get(text: string, fileName = "", languageId = ""): ParsedText {
    const index = this.entries.findIndex((e) => e.fileName === fileName && e.languageId === languageId && e.text === text);
    if (index >= 0) {
      const [hit] = this.entries.splice(index, 1);
      this.entries.unshift(hit);
      return hit;
    }
    this.parses++;
    const entry: ParsedText = {
      text,
      fileName,
      languageId,
      parsed: mayContainPolicy(text) ? extractPolicies(text, fileName, languageId) : EMPTY,
    };
    // One entry per file: an older version of it will not be asked about again.
    const stale = this.entries.findIndex((e) => e.fileName === fileName);
    if (stale >= 0) this.entries.splice(stale, 1);
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, this.size);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

const EMPTY: ParsedPolicies = { format: undefined, statements: [], errors: 0, commentStyle: "#" };
