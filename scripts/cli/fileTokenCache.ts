import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { PinningToken, PinningTokenCache } from "@cairn/core";

/** The CLI's pinning sign-in token for `url`, kept in `file` (mode 600) so it signs in once per token lifetime. */
export function fileTokenCache(file: string, url: string): PinningTokenCache {
  return {
    async load() {
      try {
        const stored = JSON.parse(await readFile(file, "utf8")) as PinningToken & { url?: string };
        return stored.url === url ? stored : undefined;
      } catch {
        return undefined;
      }
    },
    async save(token) {
      if (token === undefined) return await rm(file, { force: true });
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ ...token, url }), { mode: 0o600 });
    },
  };
}
