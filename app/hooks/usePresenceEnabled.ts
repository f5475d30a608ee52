"use client";
import { useSyncExternalStore } from "react";
import { readPresenceEnabled, subscribePresenceSettings } from "../lib/presenceSettings";

/** The Settings switch for presence and typing (on by default). */
export function usePresenceEnabled(): boolean {
  return useSyncExternalStore(subscribePresenceSettings, readPresenceEnabled, () => true);
}
