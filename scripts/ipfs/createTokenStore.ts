import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
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
}

interface Entry {
  account: string;
  expires: number;
}

const HASH_FILE = /^[0-9a-f]{64}\.json$/;

/**
 * Per-account bearer tokens: 256 random bits, kept only as their SHA-256 (one small file per
 * token in `dir`, so a restart keeps everyone signed in and a leaked data directory leaks no
 * usable token). Expired tokens are dropped when loaded and when met.
 */
export async function createTokenStore(
  dir: string,
  options: { lifetimeMs: number; maxPerAccount: number; now?: () => number },
): Promise<TokenStore> {
  const now = options.now ?? Date.now;
  await mkdir(dir, { recursive: true });
  const entries = new Map<string, Entry>();
  const forget = async (hash: string): Promise<void> => {
    entries.delete(hash);
    await unlink(join(dir, `${hash}.json`)).catch(() => undefined);
  };
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
      const owned = [...entries].filter(([, entry]) => entry.account === account).sort(([, a], [, b]) => a.expires - b.expires);
      for (const [hash] of owned.slice(0, Math.max(0, owned.length - options.maxPerAccount + 1))) await forget(hash);
      const token = randomBytes(32).toString("base64url");
      const entry = { account, expires: now() + options.lifetimeMs };
      const hash = digest(token);
      await writeFileDurable(join(dir, `${hash}.json`), JSON.stringify(entry));
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
  };
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
