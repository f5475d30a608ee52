import type { Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";
import { IpfsAbortedError, PinningSignInError, PinningSignOutError, PinningUnavailableError } from "./errors.js";
import { readErrorReason } from "./readErrorReason.js";

/** A bearer token issued by a pinning service's sign-in (`POST /auth/token`). */
export interface PinningToken {
  token: string;
  account: string;
  expiresAt: string;
}

/** Where a token is kept between runs (localStorage in a browser, a file for the CLI). */
export interface PinningTokenCache {
  load(): PinningToken | undefined | Promise<PinningToken | undefined>;
  save(token: PinningToken | undefined): void | Promise<void>;
}

export interface PinningSignInConfig {
  /** Base URL of the pinning service; sign-in messages name it among their resources. */
  url: string;
  account: Address;
  chainId: number;
  /** Signs a text with the account (EIP-191 personal_sign): the wallet in the app, the key in the CLI. */
  signMessage: (message: string) => Promise<Hex>;
  /** The origin the message is for: the app's own origin in a browser. Default: the service's origin (headless clients). */
  origin?: string;
  cache?: PinningTokenCache;
  fetch?: typeof globalThis.fetch;
}

export interface PinningSignOutOptions {
  /** Revoke every token of the account (its other devices' too), signing in first when this client holds no token the service accepts. */
  everywhere?: boolean;
  signal?: AbortSignal;
}

export interface PinningAuth {
  /** A valid token: the cached one, or a new one from a signed sign-in message (one signature per token lifetime). */
  token(options?: { signal?: AbortSignal }): Promise<string>;
  /** The service refused `token` (HTTP 401): forget it so the next call signs in again. */
  invalidate(token: string): void;
  /**
   * Sign out: the service revokes the token this client holds (`everywhere`: every token of the
   * account), then the client forgets it, so the next call signs in again. Resolves to how many
   * tokens the service revoked (0: it held none the service still accepted). If the service
   * does not confirm, the token is kept, so that signing out can be tried again.
   */
  signOut(options?: PinningSignOutOptions): Promise<number>;
}

/** A cached token this close to expiry is renewed instead of used. */
const RENEW_BEFORE_MS = 5 * 60_000;
/** Sign-in messages live at most this long (the service's limit). */
const MESSAGE_LIFETIME_MS = 5 * 60_000;
const STATEMENT = "Sign in to the pinning service that keeps your encrypted messages and files. This lets this app pin them for your account; it cannot read them or move funds.";

/**
 * Per-account sign-in to a pinning service with EIP-4361 (Sign-In with Ethereum): ask the
 * service for a nonce (`POST /auth/challenge`), sign a message bound to the origin, the chain,
 * the service and that nonce, valid 5 minutes, and exchange it for a bearer token (`POST
 * /auth/token`), which is cached until shortly before it expires. Concurrent callers share
 * one sign-in. Signing out revokes the token at the service (`DELETE /auth/token`, or `DELETE
 * /auth/tokens` for every token of the account) and forgets it.
 */
export function createPinningAuth(config: PinningSignInConfig): PinningAuth {
  const serviceUrl = config.url.replace(/\/+$/, "");
  const origin = config.origin ?? new URL(serviceUrl).origin;
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  let current: PinningToken | undefined;
  let signingIn: Promise<PinningToken> | undefined;

  const ours = (token: PinningToken | undefined): token is PinningToken => token !== undefined && token.account.toLowerCase() === config.account.toLowerCase();
  const usable = (token: PinningToken | undefined): token is PinningToken => ours(token) && Date.parse(token.expiresAt) - Date.now() > RENEW_BEFORE_MS;

  async function request(method: string, path: string, init: RequestInit & { signal: AbortSignal | undefined }): Promise<Response> {
    try {
      return await doFetch(`${serviceUrl}${path}`, { ...init, method });
    } catch (cause) {
      if (init.signal?.aborted) throw new IpfsAbortedError({ cause });
      throw new PinningUnavailableError(1, { cause, details: `${method} ${path}: ${String(cause)}` });
    }
  }

  async function post<T>(path: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
    const response = await request("POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
    if (!response.ok) throw new PinningSignInError(response.status, (await readErrorReason(response)).text);
    return (await response.json()) as T;
  }

  /** How many tokens the service revoked with `token` (`DELETE /auth/token`, or `/auth/tokens` for all the account's); undefined if it refused `token` (401). */
  async function revoke(token: string, everywhere: boolean, signal: AbortSignal | undefined): Promise<number | undefined> {
    const response = await request("DELETE", everywhere ? "/auth/tokens" : "/auth/token", { headers: { authorization: `Bearer ${token}` }, signal });
    if (response.status === 401) return undefined;
    if (!response.ok) throw new PinningSignOutError(response.status, (await readErrorReason(response)).text);
    return ((await response.json()) as { revoked: number }).revoked;
  }

  async function signIn(signal: AbortSignal | undefined): Promise<PinningToken> {
    const challenge = await post<{ nonce: string; expiresAt: string }>("/auth/challenge", {}, signal);
    const issuedAt = new Date();
    const expirationTime = new Date(Math.min(issuedAt.getTime() + MESSAGE_LIFETIME_MS, Date.parse(challenge.expiresAt)));
    const message = createSiweMessage({
      domain: new URL(origin).host,
      address: config.account,
      statement: STATEMENT,
      uri: origin,
      version: "1",
      chainId: config.chainId,
      nonce: challenge.nonce,
      issuedAt,
      expirationTime,
      resources: [serviceUrl],
    });
    const signature = await config.signMessage(message);
    const token = await post<PinningToken>("/auth/token", { message, signature }, signal);
    await config.cache?.save(token);
    return token;
  }

  return {
    async token(options = {}) {
      if (usable(current)) return current.token;
      const cached = await config.cache?.load();
      if (usable(cached)) {
        current = cached;
        return cached.token;
      }
      signingIn ??= signIn(options.signal).finally(() => (signingIn = undefined));
      current = await signingIn;
      return current.token;
    },
    invalidate(token) {
      if (current?.token !== token) return;
      current = undefined;
      void config.cache?.save(undefined);
    },
    async signOut({ everywhere = false, signal } = {}) {
      // A sign-in under way gives the token to revoke.
      await signingIn?.catch(() => undefined);
      const held = [current, await config.cache?.load()].find(ours);
      let revoked = held === undefined ? undefined : await revoke(held.token, everywhere, signal);
      if (revoked === undefined && everywhere) {
        // No token the service accepts: sign in (one signature) to revoke the account's others.
        revoked = await revoke((await signIn(signal)).token, true, signal);
        if (revoked === undefined) throw new PinningSignOutError(401, "the service refused the token it had just issued");
      }
      current = undefined;
      await config.cache?.save(undefined);
      return revoked ?? 0;
    },
  };
}
