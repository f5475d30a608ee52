import { describe, expect, it } from "@jest/globals";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createPinningAuth, PinningSignOutError, PinningUnavailableError, type PinningToken } from "@cairn/core/ipfs";

const SERVICE = "http://pinning.test";
const WEEK_MS = 7 * 24 * 3600_000;

/**
 * A pinning service's sign-in and sign-out routes as a fetch function: tokens `t1`, `t2`, … in
 * the order of sign-ins; `revocation` answers `DELETE /auth/token(s)` (`throw`: network failure).
 */
function fakeService(account: string, revocation: (path: string, token: string) => [number, unknown] | "throw" = () => [200, { revoked: 1 }]) {
  const seen: string[] = [];
  let issued = 0;
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    const authorization = new Headers(init.headers).get("authorization");
    seen.push(`${init.method} ${path}${authorization ? ` ${authorization}` : ""}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    if (path === "/auth/challenge") return json(200, { nonce: "n".repeat(96), expiresAt: new Date(Date.now() + 300_000).toISOString() });
    if (init.method === "POST" && path === "/auth/token") return json(200, { token: `t${++issued}`, account, expiresAt: new Date(Date.now() + WEEK_MS).toISOString() });
    const answer = revocation(path, authorization!.slice("Bearer ".length));
    if (answer === "throw") throw new TypeError("fetch failed");
    return json(...answer);
  };
  return { fetch, seen };
}

/** A token cache in memory, like the app's localStorage one. */
function memoryCache(stored?: PinningToken) {
  const cache = { stored, load: () => cache.stored, save: (token: PinningToken | undefined) => void (cache.stored = token) };
  return cache;
}

describe("createPinningAuth signOut", () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const signatures: string[] = [];
  const auth = (service: ReturnType<typeof fakeService>, cache = memoryCache()) =>
    createPinningAuth({ url: SERVICE, account: account.address, chainId: 31337, signMessage: (message) => (signatures.push(message), account.signMessage({ message })), cache, fetch: service.fetch });

  it("revokes the held token, forgets it and its cached copy, and signs in again on the next request", async () => {
    const service = fakeService(account.address);
    const cache = memoryCache();
    const client = auth(service, cache);
    expect(await client.token()).toBe("t1");
    expect(cache.stored?.token).toBe("t1");
    expect(await client.signOut()).toBe(1);
    expect(service.seen.at(-1)).toBe("DELETE /auth/token Bearer t1");
    expect(cache.stored).toBeUndefined();
    const before = signatures.length;
    expect(await client.token()).toBe("t2");
    expect(signatures.length).toBe(before + 1);
  });

  it("revokes a token another instance cached (another tab), without signing in", async () => {
    const service = fakeService(account.address);
    const cache = memoryCache();
    await auth(service, cache).token();
    const before = signatures.length;
    expect(await auth(service, cache).signOut({ everywhere: true })).toBe(1);
    expect(service.seen.at(-1)).toBe("DELETE /auth/tokens Bearer t1");
    expect(signatures.length).toBe(before);
    expect(cache.stored).toBeUndefined();
  });

  it("signs out of nothing without a token, and signs in to sign out everywhere", async () => {
    const service = fakeService(account.address, () => [200, { revoked: 3 }]);
    expect(await auth(service).signOut()).toBe(0);
    expect(service.seen).toEqual([]);
    expect(await auth(service).signOut({ everywhere: true })).toBe(3);
    expect(service.seen).toEqual(["POST /auth/challenge", "POST /auth/token", "DELETE /auth/tokens Bearer t1"]);
  });

  it("takes a refused (401) token as signed out, and to sign out everywhere signs in for a fresh one", async () => {
    const service = fakeService(account.address, (_path, token) => (token === "stale" ? [401, { error: { reason: "UNAUTHORIZED" } }] : [200, { revoked: 2 }]));
    const stale = { token: "stale", account: account.address, expiresAt: new Date(Date.now() + WEEK_MS).toISOString() };
    const cache = memoryCache(stale);
    expect(await auth(service, cache).signOut()).toBe(0);
    expect(cache.stored).toBeUndefined();
    cache.stored = stale;
    expect(await auth(service, cache).signOut({ everywhere: true })).toBe(2);
    expect(service.seen).toEqual(["DELETE /auth/token Bearer stale", "DELETE /auth/tokens Bearer stale", "POST /auth/challenge", "POST /auth/token", "DELETE /auth/tokens Bearer t1"]);
    expect(cache.stored).toBeUndefined();
  });

  it("keeps the token when the service does not confirm, so that signing out can be tried again", async () => {
    let answer: [number, unknown] | "throw" = "throw";
    const service = fakeService(account.address, () => answer);
    const cache = memoryCache();
    const client = auth(service, cache);
    await client.token();
    await expect(client.signOut()).rejects.toBeInstanceOf(PinningUnavailableError);
    answer = [503, { error: { reason: "INTERNAL_SERVER_ERROR", details: "disk full" } }];
    const refused = await client.signOut().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PinningSignOutError);
    expect((refused as PinningSignOutError).status).toBe(503);
    expect(cache.stored?.token).toBe("t1");
    expect(await client.token()).toBe("t1");
    answer = [200, { revoked: 1 }];
    expect(await client.signOut()).toBe(1);
    expect(cache.stored).toBeUndefined();
  });
});
