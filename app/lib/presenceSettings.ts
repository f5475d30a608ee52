import { createExternalStore } from "@cairn/core/createExternalStore";
import { subscribeStored } from "./subscribeStored";

/**
 * Whether this browser sends and shows presence (online, typing): on unless switched off in
 * Settings. Off, the client sends no beat at all (PROTOCOL.md §16.5).
 */
const STORAGE_KEY = "cairn.presence";
/** Tells subscribers about saves in this tab (other tabs: the `storage` event). */
const changes = createExternalStore(null);

export function readPresenceEnabled(): boolean {
  return typeof localStorage === "undefined" || localStorage.getItem(STORAGE_KEY) !== "off";
}

export function savePresenceEnabled(enabled: boolean): void {
  if (enabled) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, "off");
  changes.notify();
}

export function subscribePresenceSettings(listener: () => void): () => void {
  return subscribeStored(changes, (key) => key === STORAGE_KEY, listener);
}
