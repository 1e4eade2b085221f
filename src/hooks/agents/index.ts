import { isObject } from "../payload";
import type { AgentId, AgentProtocol, HookInvocation } from "../types";
import { claude } from "./claude";
import { cline } from "./cline";
import { codex } from "./codex";
import { copilot } from "./copilot";
import { cursor } from "./cursor";
import { gemini } from "./gemini";
import { kiro, kiroCli } from "./kiro";
import { windsurf } from "./windsurf";

export const AGENTS: Record<AgentId, AgentProtocol> = {
  kiro,
  "kiro-cli": kiroCli,
  claude,
  cursor,
  copilot,
  gemini,
  codex,
  windsurf,
  cline,
};

// Most specific first: Cursor, Gemini and Codex payloads also carry hook_event_name, and
// Copilot's camelCase payloads carry none.
const DETECTION_ORDER: readonly AgentProtocol[] = [windsurf, cline, cursor, gemini, codex, copilot, kiroCli, claude, kiro];

/** The agent whose payload this is, when `--agent` does not say. */
export function detectAgent(invocation: HookInvocation): AgentProtocol | undefined {
  return DETECTION_ORDER.find((agent) => agent.recognizes(invocation));
}

/**
 * The host that ran a hook configured in .claude/settings.json, when it is not
 * Claude Code: VS Code sends camelCase names, Cursor its conversation fields,
 * Copilot CLI its camelCase tool payload.
 */
export function claudeSettingsHost(
  invocation: HookInvocation,
): { host: "vscode" | "cursor" | "copilot"; protocol: AgentProtocol } | undefined {
  const { payload } = invocation;
  if (!isObject(payload)) return undefined;
  if (cursor.recognizes(invocation)) return { host: "cursor", protocol: cursor };
  if (typeof payload.hookEventName === "string" || typeof payload.sessionId === "string") return { host: "vscode", protocol: copilot };
  if (copilot.recognizes(invocation)) return { host: "copilot", protocol: copilot };
  return undefined;
}
