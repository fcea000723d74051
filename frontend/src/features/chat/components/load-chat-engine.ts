// One shared import, so warming it up on focus and using it on send fetch the chunk once.
let pending: Promise<typeof import("./chat-engine")> | null = null;

export function loadChatEngine() {
  pending ??= import("./chat-engine").catch((error: unknown) => {
    pending = null; // let the next attempt try again (the shopper may be back online)
    throw error;
  });
  return pending;
}
