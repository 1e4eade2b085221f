import { groupByLevel, type CatalogAction, type IamCatalog } from "./catalog";
import { locateAction } from "./fixes";
import { extractPolicies, mayContainPolicy, type ParsedPolicies } from "./policy";
import { hasWildcard } from "./wildcard";

/** Actions listed per access level in a hover before "and N more". */
export const HOVER_LIST_CAP = 3;

export interface IamHover {
  /** The action string under the cursor (inside its quotes). */
  offset: number;
  length: number;
  markdown: string;
}

/** Hover for the action string at `offset`, if there is one. */
export function iamHover(
  text: string,
  offset: number,
  catalog: IamCatalog,
  fileName?: string,
  languageId?: string,
  parsed?: ParsedPolicies,
): IamHover | undefined {
  if (!parsed && !mayContainPolicy(text)) return undefined;
  const located = locateAction(parsed ?? extractPolicies(text, fileName, languageId), offset, true);
  if (!located) return undefined;
  const { item, statement } = located;
  const pattern = statement.kind === "trust" && item.value === "*" ? "sts:*" : item.value;
  return {
    offset: item.contentOffset,
    length: item.contentLength,
    markdown: expansionMarkdown(catalog, item.value, catalog.expand(pattern)),
  };
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+!|<>])/g, "\\$1");
}

/** What an action string grants, grouped by access level with counts and a capped list. */
export function expansionMarkdown(catalog: IamCatalog, value: string, actions: readonly CatalogAction[]): string {
  const title = `**${escapeMd(value)}**`;
  if (actions.length === 0) {
    return `${title} matches no action in the IAM catalogue (iam-data ${catalog.version}).`;
  }
  const services = [...new Set(actions.map((a) => a.service))];
  const serviceText =
    services.length === 1 ? (catalog.serviceName(services[0]) ?? services[0]) : `${services.length.toLocaleString("en-US")} services`;
  if (!hasWildcard(value) && actions.length === 1) {
    const a = actions[0];
    const resources = a.wildcardOnly ? ' It accepts only `Resource: "*"` (no resource types).' : "";
    return `${title}: ${serviceText}, access level ${a.levels.join(" + ")}.${resources}`;
  }
  const lines = [
    `${title} grants **${actions.length.toLocaleString("en-US")}** action${actions.length === 1 ? "" : "s"} of ${escapeMd(serviceText)}:`,
    "",
  ];
  for (const group of groupByLevel(actions)) {
    const shown = group.actions.slice(0, HOVER_LIST_CAP).map((a) => escapeMd(services.length === 1 ? a.name : a.full));
    const more = group.actions.length > HOVER_LIST_CAP ? ` and ${group.actions.length - HOVER_LIST_CAP} more` : "";
    lines.push(`- **${group.level}** (${group.actions.length}): ${shown.join(", ")}${more}`);
  }
  return lines.join("\n");
}
