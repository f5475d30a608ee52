import type { PinningToken, PinningTokenCache } from "@cairn/core/ipfs";

/**
 * The pinning sign-in token of `account` at the service `url`, in localStorage: the wallet is
 * asked to sign once per token lifetime, not once per tab. The token only lets its holder pin
 * and unpin for the account at that service; it reads and signs nothing.
 */
export function pinningTokenCache(url: string, account: string): PinningTokenCache {
  const key = `cairn.pinning.token.${url}.${account.toLowerCase()}`;
  return {
    load() {
      try {
        const stored = JSON.parse(localStorage.getItem(key) ?? "null") as PinningToken | null;
        return stored ?? undefined;
      } catch {
        return undefined;
      }
    },
    save(token) {
      if (token === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(token));
    },
  };
}
