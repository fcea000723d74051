import type { Translate } from "@/lib/i18n/translate";

import type { Announcement, ChatNotice } from "../state/chat-types";

/** The live region's sentence for an announcement. */
export function announcementText(t: Translate, announcement: Announcement | null): string {
  if (!announcement) return "";
  switch (announcement.kind) {
    case "joined":
      return t("announce.joined", { name: announcement.name ?? t("announce.aPerson") });
    case "assistant-back":
      return t("announce.assistantBack");
    case "resolved":
      return t("announce.resolved");
    case "agent-replied":
      return t("announce.agentReplied", { text: announcement.text });
    case "staff-replied":
      return t("announce.staffReplied", { name: announcement.name ?? t("announce.support"), text: announcement.text });
  }
}

/** The centred line in the log for a change of who answers. */
export function noticeText(t: Translate, notice: ChatNotice, storeName: string | null): string {
  if (notice.kind === "joined") {
    return t("notice.joined", { name: notice.name ?? t("notice.someone"), team: storeName ?? t("status.theTeam") });
  }
  if (notice.kind === "assistant-back") return t("notice.assistantBack");
  return notice.name ? t("notice.resolvedBy", { name: notice.name }) : t("notice.resolved");
}
