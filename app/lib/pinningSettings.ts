import { createExternalStore } from "@cairn/core/createExternalStore";
import { subscribeStored } from "./subscribeStored";
import { appConfig } from "./config";

/** Where this browser's files and messages are pinned. */
export interface PinningSettings {
  /** Base URL of an IPFS Pinning Service API endpoint (Cairn's node adds the `POST /car` fast path). */
  url: string;
  /**
   * A token the service issued (a service other than Cairn's node), or "" to sign in to it with
   * the wallet (EIP-4361), which is how Cairn's node gives each account its own token.
   */
  token: string;
}

const STORAGE_KEY = "cairn.pinning";
/** Tells subscribers about saves in this tab (other tabs: the `storage` event). */
const changes = createExternalStore(null);

/** The app's configured pinning node (the local node of `npm run dev` unless NEXT_PUBLIC_CAIRN_PIN_URL says otherwise), signed in to with the wallet. */
export const defaultPinningSettings: PinningSettings = { url: appConfig.pinUrl, token: "" };

let cachedRaw: string | null | undefined;
let cached: PinningSettings = defaultPinningSettings;

/** The saved settings (localStorage), or the defaults. */
export function readPinningSettings(): PinningSettings {
  if (typeof localStorage === "undefined") return defaultPinningSettings;
  const raw = localStorage.getItem(STORAGE_KEY);
  if (raw === cachedRaw) return cached;
  cachedRaw = raw;
  cached = parse(raw) ?? defaultPinningSettings;
  return cached;
}

function parse(raw: string | null): PinningSettings | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PinningSettings>;
    if (typeof value.url === "string" && typeof value.token === "string") return { url: value.url, token: value.token };
  } catch {
    // unreadable: fall back to the defaults
  }
  return undefined;
}

/** Trims, checks the URL (http or https) and stores; `null` restores the defaults. */
export function savePinningSettings(settings: PinningSettings | null): void {
  if (settings === null) localStorage.removeItem(STORAGE_KEY);
  else {
    const url = new URL(settings.url.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("The pinning service URL must start with http:// or https://");
    const clean = { url: url.href.replace(/\/+$/, ""), token: settings.token.trim() };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(clean));
  }
  changes.notify();
}

export function subscribePinningSettings(listener: () => void): () => void {
  return subscribeStored(changes, (key) => key === STORAGE_KEY, listener);
}
