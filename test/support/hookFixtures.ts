import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildInvocation, parseHookArgs } from "../../src/hooks/invocation";
import { runHook, type HookOptions } from "../../src/hooks/run";
import type { HookReply } from "../../src/hooks/types";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "hooks");

interface Fixture {
  source: string;
  args: string[];
  env: Record<string, string>;
  stdin: unknown;
  writes?: Record<string, string>;
}

/** Every fixture as `agent/name`. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(FIXTURES, d.name)).map((f) => `${d.name}/${f.replace(/\.json$/, "")}`))
    .sort();
}

/** Replaces placeholders in every string; inside embedded JSON text the content is escaped. */
function fill(value: unknown, root: string, content: string): unknown {
  if (typeof value === "string") {
    const embeddedJson = value.trimStart().startsWith("{");
    const text = embeddedJson ? JSON.stringify(content).slice(1, -1) : content;
    return value.split("__ROOT__").join(root).split("__CONTENT__").join(text);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, root, content));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, root, content)]));
  }
  return value;
}

export interface FixtureRun {
  reply: HookReply;
  root: string;
}

/** A temporary workspace for one test; removed by `cleanup`. */
export function tempRoot(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "agent-security-hook-"));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** One fixture made real in `root`: the files it says were written, and the command line, environment and stdin of the hook. */
export function materializeFixture(
  name: string,
  content: string,
  root: string,
): { args: string[]; env: Record<string, string>; stdin: string } {
  const fixture = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Fixture;
  const filled = fill(fixture, root, content) as Fixture;
  for (const [file, text] of Object.entries(filled.writes ?? {})) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return { args: filled.args, env: filled.env, stdin: filled.stdin === null ? "" : JSON.stringify(filled.stdin) };
}

/**
 * Runs the hook in-process on a fixture, as the CLI would: same argument
 * parsing, same invocation building, stdin given as text.
 */
export async function runFixture(
  name: string,
  content: string,
  extraArgs: string[] = [],
  options: Partial<HookOptions> = {},
): Promise<FixtureRun> {
  const { root, cleanup } = tempRoot();
  try {
    const fixture = materializeFixture(name, content, root);
    const args = parseHookArgs([...fixture.args, ...extraArgs]);
    if ("error" in args) throw new Error(args.error);
    const invocation = buildInvocation(args, fixture.env, { text: fixture.stdin }, root);
    const reply = await runHook(invocation, { ...args.options, ...options });
    return { reply, root };
  } finally {
    cleanup();
  }
}

/** Runs the hook in-process on a payload written in the test. */
export async function runPayload(
  stdin: string,
  args: string[] = [],
  env: Record<string, string> = {},
  cwd = os.tmpdir(),
): Promise<HookReply> {
  const parsed = parseHookArgs(args);
  if ("error" in parsed) throw new Error(parsed.error);
  return runHook(buildInvocation(parsed, env, { text: stdin }, cwd), parsed.options);
}
