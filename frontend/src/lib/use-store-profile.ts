"use client";

import type { StoreProfile } from "@harbor/contracts";
import { useEffect, useState } from "react";

import { getStoreProfile } from "./api/store-api";

/** The store's profile once loaded (null before, or when it could not be read); only fetched when `wanted`. */
export function useStoreProfile(wanted = true): StoreProfile | null {
  const [profile, setProfile] = useState<StoreProfile | null>(null);
  useEffect(() => {
    if (!wanted || profile) return;
    let live = true;
    getStoreProfile().then(
      (loaded) => {
        if (live) setProfile(loaded);
      },
      () => {
        // Without the profile the notices fall back to wording without store facts.
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, profile]);
  return profile;
}
