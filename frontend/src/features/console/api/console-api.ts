import type {
  Message,
  Staff,
  StaffConversationDetail,
  StaffConversationList,
  StaffConversationSummary,
  StaffInboxFilter,
  StaffSessionResponse,
  StoreSettings,
  StoreSettingsResponse,
} from "@harbor/contracts";

import { apiRequest } from "@/lib/api/api-client";
import { API_BASE_URL, query } from "@/lib/api/api-config";

// Every console request carries the staff session cookie the API set at sign-in.
const staff = "staff" as const;

function conversationPath(id: string, rest = ""): string {
  return `/api/staff/conversations/${encodeURIComponent(id)}${rest}`;
}

export async function signIn(email: string, password: string): Promise<Staff> {
  const session = await apiRequest<StaffSessionResponse>("/api/staff/login", {
    method: "POST",
    body: { email, password },
    auth: staff,
  });
  return session.staff;
}

export function signOut(): Promise<void> {
  return apiRequest<void>("/api/staff/logout", { method: "POST", auth: staff });
}

export async function getCurrentStaff(signal?: AbortSignal): Promise<Staff> {
  const session = await apiRequest<StaffSessionResponse>("/api/staff/me", { auth: staff, signal });
  return session.staff;
}

export function listStaffConversations(
  filter: { status: StaffInboxFilter; mine?: boolean; limit?: number; cursor?: string },
  signal?: AbortSignal,
) {
  return apiRequest<StaffConversationList>(
    `/api/staff/conversations${query({
      status: filter.status,
      mine: filter.mine ? "true" : undefined,
      limit: filter.limit,
      cursor: filter.cursor,
    })}`,
    { auth: staff, signal },
  );
}

export function getStaffConversation(id: string, signal?: AbortSignal) {
  return apiRequest<StaffConversationDetail>(conversationPath(id), { auth: staff, signal });
}

type ConversationResponse = { conversation: StaffConversationSummary };

/** 409 conflict:assigned when someone else holds it; an owner may then send force. */
export function assignConversation(id: string, force = false) {
  return apiRequest<ConversationResponse>(conversationPath(id, "/assign"), {
    method: "POST",
    body: force ? { force: true } : {},
    auth: staff,
  });
}

export function releaseConversation(id: string) {
  return apiRequest<ConversationResponse>(conversationPath(id, "/release"), { method: "POST", auth: staff });
}

export function resolveConversation(id: string) {
  return apiRequest<ConversationResponse>(conversationPath(id, "/resolve"), { method: "POST", auth: staff });
}

export function sendStaffMessage(id: string, content: string) {
  return apiRequest<Message>(conversationPath(id, "/messages"), { method: "POST", body: { content }, auth: staff });
}

export function sendTyping(id: string) {
  return apiRequest<void>(conversationPath(id, "/typing"), { method: "POST", auth: staff });
}

/** The store's profile as owners edit it; any staff member may read it. */
export function getStoreSettings(signal?: AbortSignal) {
  return apiRequest<StoreSettingsResponse>("/api/staff/store-profile", { auth: staff, signal });
}

/** Owners only (403 forbidden:owner_only otherwise); a 400 names each bad field in `fields`. */
export function saveStoreSettings(profile: StoreSettings) {
  return apiRequest<StoreSettingsResponse>("/api/staff/store-profile", { method: "PUT", body: { ...profile }, auth: staff });
}

export const STAFF_EVENTS_URL = `${API_BASE_URL}/api/staff/events`;
