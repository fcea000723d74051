"use client";

import { createContext, useContext, type ReactNode } from "react";

import { FALLBACK_STORE_BRAND, type StoreBrand } from "./store-brand";

const StoreBrandContext = createContext<StoreBrand>(FALLBACK_STORE_BRAND);

/** Hands the store's name, email and color that the server read to every client component below. */
export function StoreBrandProvider({ brand, children }: { brand: StoreBrand; children: ReactNode }) {
  return <StoreBrandContext.Provider value={brand}>{children}</StoreBrandContext.Provider>;
}

/** The store's name, support email and brand color (the fallback outside a provider). */
export function useStoreBrand(): StoreBrand {
  return useContext(StoreBrandContext);
}
