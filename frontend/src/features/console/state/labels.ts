import type { ConversationStatus } from "@harbor/contracts";

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  bot: "Assistant",
  waiting: "Waiting",
  human: "With a person",
  resolved: "Resolved",
};

const REASON_LABELS: Record<string, string> = {
  customer_request: "The shopper asked for a person",
  missing_knowledge: "The assistant had no answer",
  order_problem: "A problem with an order",
  policy_exception: "Asks for an exception to a policy",
  frustrated: "The shopper seems frustrated",
};

/** A handoff reason code in words; anything else is the shopper's own words, shown as they are. */
export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason;
}

const FLAG_LABELS: Record<string, string> = {
  unsupported_promise: "Unsupported promise",
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? flag.replace(/_/g, " ");
}

const TOOL_LABELS: Record<string, string> = {
  lookup_order: "Looked up order",
  check_return_eligibility: "Checked return eligibility for order",
};

export function toolLabel(toolName: string): string {
  return TOOL_LABELS[toolName] ?? `Used ${toolName} for order`;
}
