import type { ConsentChoices } from "@cairn/core/channel";
import { createExternalStore } from "@cairn/core/createExternalStore";

/**
 * The account's answers to channel requests (accepted / declined channel ids), per chain,
 * registry and account, in this browser's localStorage: they do not follow the account to another
 * browser. Subscribers are told about changes made in this tab.
 */
const changes = createExternalStore(null);
/** No answers yet (also what the server renders). */
export const NO_CONSENT: ConsentChoices = { accepted: new Set(), declined: new Set() };

export type ConsentScope = { chainId: number; registry: string; account: string };

const storageKey = ({ chainId, registry, account }: ConsentScope) => `cairn.consent.${chainId}.${registry.toLowerCase()}.${account.toLowerCase()}`;

let cachedRaw: string | null | undefined;
let cached: ConsentChoices = NO_CONSENT;

/** The stored choices (a stable object while unchanged, for useSyncExternalStore). */
export function readConsent(scope: ConsentScope): ConsentChoices {
  const raw = globalThis.localStorage?.getItem(storageKey(scope)) ?? null;
  if (raw === cachedRaw) return cached;
  cachedRaw = raw;
  try {
    const value = raw ? (JSON.parse(raw) as { accepted?: unknown; declined?: unknown }) : {};
    const ids = (list: unknown) => new Set(Array.isArray(list) ? list.filter((id): id is string => typeof id === "string") : []);
    cached = { accepted: ids(value.accepted), declined: ids(value.declined) };
  } catch {
    cached = NO_CONSENT;
  }
  return cached;
}

/** Records an answer to the request for `channelId` (the latest answer counts). */
export function answerRequest(scope: ConsentScope, channelId: bigint, answer: "accept" | "decline"): void {
  const { accepted, declined } = readConsent(scope);
  const id = channelId.toString();
  const next = {
    accepted: [...accepted].filter((other) => other !== id).concat(answer === "accept" ? [id] : []),
    declined: [...declined].filter((other) => other !== id).concat(answer === "decline" ? [id] : []),
  };
  localStorage.setItem(storageKey(scope), JSON.stringify(next));
  changes.notify();
}

export const subscribeConsent = changes.subscribe;
