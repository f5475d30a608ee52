/**
 * Whether this browser sends and shows presence (online, typing): on unless switched off in
 * Settings. Off, the client sends no beat at all (PROTOCOL.md §16.5).
 */
const STORAGE_KEY = "cairn.presence";
const listeners = new Set<() => void>();

export function readPresenceEnabled(): boolean {
  return typeof localStorage === "undefined" || localStorage.getItem(STORAGE_KEY) !== "off";
}

export function savePresenceEnabled(enabled: boolean): void {
  if (enabled) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, "off");
  for (const listener of listeners) listener();
}

export function subscribePresenceSettings(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}
