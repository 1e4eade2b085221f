import type { AgentId, AgentProtocol, HookInvocation } from "../types";
import { claude } from "./claude";
import { copilot } from "./copilot";
import { cursor } from "./cursor";
import { kiro, kiroCli } from "./kiro";

export const AGENTS: Record<AgentId, AgentProtocol> = {
  kiro,
  "kiro-cli": kiroCli,
  claude,
  cursor,
  copilot,
};

// Most specific first: Cursor payloads also carry hook_event_name, and Copilot's
// camelCase payloads carry none.
const DETECTION_ORDER: readonly AgentProtocol[] = [cursor, copilot, kiroCli, claude, kiro];

/** The agent whose payload this is, when `--agent` does not say. */
export function detectAgent(invocation: HookInvocation): AgentProtocol | undefined {
  return DETECTION_ORDER.find((agent) => agent.recognizes(invocation));
}
