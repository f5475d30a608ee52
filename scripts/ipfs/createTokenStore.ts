import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath } from "./fsyncPath.js";
import { TEMP_SUFFIX, writeFileDurable } from "./writeFileDurable.js";

export interface IssuedToken {
  token: string;
  account: string;
  expiresAt: string;
}

export interface TokenStore {
  /** A new random bearer token for `account` (the oldest of its tokens is dropped past `maxPerAccount`). */
  issue(account: string): Promise<IssuedToken>;
  /** The account a bearer token belongs to, if it is known and not expired. */
  accountOf(token: string): string | undefined;
  /** Revokes `token` (sign-out): refused at once, its file deleted before this resolves. How many were revoked: 1, or 0 for an unknown token. */
  revoke(token: string): Promise<number>;
  /** Revokes every token of `account` (sign-out everywhere), like `revoke`; resolves to how many. */
  revokeAccount(account: string): Promise<number>;
}

interface Entry {
  account: string;
  expires: number;
}

const HASH_FILE = /^[0-9a-f]{64}\.json$/;

/**
 * Per-account bearer tokens: 256 random bits, kept only as their SHA-256 (one small file per
 * token in `dir`, so a restart keeps everyone signed in and a leaked data directory leaks no
 * usable token). Expired tokens are dropped when loaded and when met; a revoked or displaced
 * one is forgotten at once and its file deleted durably (the directory flushed), so that it
 * does not come back after a crash.
 */
export async function createTokenStore(
  dir: string,
  options: { lifetimeMs: number; maxPerAccount: number; now?: () => number },
): Promise<TokenStore> {
  const now = options.now ?? Date.now;
  await mkdir(dir, { recursive: true });
  const entries = new Map<string, Entry>();
  const fileOf = (hash: string) => join(dir, `${hash}.json`);
  const forget = async (hash: string): Promise<void> => {
    entries.delete(hash);
    await unlink(fileOf(hash)).catch(() => undefined);
  };
  /** Forgets `hashes` before its first await (so they are refused from now on), then deletes their files and flushes the directory. */
  const revokeAll = async (hashes: string[]): Promise<number> => {
    for (const hash of hashes) entries.delete(hash);
    await Promise.all(hashes.map((hash) => unlink(fileOf(hash)).catch(ignoreMissing)));
    if (hashes.length > 0) await fsyncPath(dir);
    return hashes.length;
  };
  /** The hashes of `account`'s tokens, the oldest first. */
  const owned = (account: string): string[] =>
    [...entries]
      .filter(([, entry]) => entry.account === account)
      .sort(([, a], [, b]) => a.expires - b.expires)
      .map(([hash]) => hash);
  for (const name of await readdir(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) await unlink(join(dir, name));
    if (!HASH_FILE.test(name)) continue;
    const hash = name.slice(0, 64);
    const entry = JSON.parse(await readFile(join(dir, name), "utf8")) as Entry;
    if (entry.expires > now()) entries.set(hash, entry);
    else await forget(hash);
  }

  return {
    async issue(account) {
      const held = owned(account);
      await revokeAll(held.slice(0, Math.max(0, held.length - options.maxPerAccount + 1)));
      const token = randomBytes(32).toString("base64url");
      const entry = { account, expires: now() + options.lifetimeMs };
      const hash = digest(token);
      await writeFileDurable(fileOf(hash), JSON.stringify(entry));
      entries.set(hash, entry);
      return { token, account, expiresAt: new Date(entry.expires).toISOString() };
    },
    accountOf(token) {
      const hash = digest(token);
      const entry = entries.get(hash);
      if (entry === undefined) return undefined;
      if (entry.expires > now()) return entry.account;
      void forget(hash);
      return undefined;
    },
    revoke(token) {
      const hash = digest(token);
      return revokeAll(entries.has(hash) ? [hash] : []);
    },
    revokeAccount(account) {
      return revokeAll(owned(account));
    },
  };
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}
