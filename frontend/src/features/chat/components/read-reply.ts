import type { Source } from "@harbor/contracts";
import type { UIMessage } from "ai";

import type { ReplySnapshot, ToolActivity } from "../state/chat-types";

type Part = UIMessage["parts"][number];

function toolOf(part: Part): ToolActivity | null {
  let toolName: string | null = null;
  if (part.type === "dynamic-tool") toolName = part.toolName;
  else if (part.type.startsWith("tool-")) toolName = part.type.slice("tool-".length);
  if (!toolName || !("state" in part)) return null;
  const input = "input" in part ? (part.input as { orderNumber?: unknown } | undefined) : undefined;
  return {
    toolName,
    orderNumber: typeof input?.orderNumber === "string" ? input.orderNumber : null,
    done: part.state === "output-available" || part.state === "output-error",
  };
}

/** Reads what the log shows off a streaming assistant message. */
export function readReply(message: UIMessage): ReplySnapshot {
  let content = "";
  const sources: Source[] = [];
  let tool: ToolActivity | null = null;
  for (const part of message.parts) {
    if (part.type === "text") content += part.text;
    else if (part.type === "source-url") {
      if (!sources.some((source) => source.id === part.sourceId)) {
        sources.push({ id: part.sourceId, title: part.title ?? part.url, url: part.url });
      }
    } else {
      tool = toolOf(part) ?? tool;
    }
  }
  return { replyId: message.id, content, sources, tool: tool && !tool.done ? tool : null };
}
