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
  // The lookup itself is quick; the wait is for the model's answer about it. So the tool stays
  // shown until text arrives after it.
  let textAfterTool = false;
  for (const part of message.parts) {
    if (part.type === "text") {
      content += part.text;
      if (tool && part.text) textAfterTool = true;
    } else if (part.type === "source-url") {
      if (!sources.some((source) => source.id === part.sourceId)) {
        sources.push({ id: part.sourceId, title: part.title ?? part.url, url: part.url });
      }
    } else {
      const found = toolOf(part);
      if (found) {
        tool = found;
        textAfterTool = false;
      }
    }
  }
  return { replyId: message.id, content, sources, tool: tool && !textAfterTool ? tool : null };
}
