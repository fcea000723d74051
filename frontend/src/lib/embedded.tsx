"use client";

// Whether the chat runs inside the widget's iframe on a store's site (the /embed route). There,
// links open the support host in a new tab and switching chats stays in the panel.
import { createContext, useContext } from "react";

const EmbeddedContext = createContext(false);

export const EmbeddedProvider = EmbeddedContext.Provider;

export function useEmbedded(): boolean {
  return useContext(EmbeddedContext);
}
