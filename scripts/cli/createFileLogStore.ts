/**
 * The CLI's log cache store: one JSON file per record under `<dir>` (named by the SHA-256 of its
 * key), plus `index.json` with each record's size and last use, so that eviction (createLogCache's
 * bound) never reads the records. Bigints are kept (stringifyWithBigInt); files are replaced
 * atomically (write, then rename), so a killed CLI leaves the old record or the new one.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseWithBigInt, stringifyWithBigInt, type LogCacheStore, type LogStoreEntry, type StoredLogRecord } from "@cairn/core/chain";

const INDEX = "index.json";

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return parseWithBigInt<T>(await readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export function createFileLogStore(dir: string): LogCacheStore {
  const fileOf = (key: string) => join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  const ready = mkdir(dir, { recursive: true });
  let index: Promise<Map<string, Omit<LogStoreEntry, "key">>> = ready.then(async () => {
    const stored = await readJson<Record<string, Omit<LogStoreEntry, "key">>>(join(dir, INDEX));
    return new Map(Object.entries(stored ?? {}));
  });
  /** Applies `change` to the index and saves it, one change at a time. */
  const updateIndex = (change: (entries: Map<string, Omit<LogStoreEntry, "key">>) => void) => {
    index = index.then(async (entries) => {
      change(entries);
      await writeAtomically(join(dir, INDEX), stringifyWithBigInt(Object.fromEntries(entries)));
      return entries;
    });
    return index;
  };

  return {
    async get(key) {
      await ready;
      return readJson<StoredLogRecord>(fileOf(key));
    },
    async put(key, record) {
      await ready;
      await writeAtomically(fileOf(key), stringifyWithBigInt(record));
      await updateIndex((entries) => entries.set(key, { size: record.logs.length, usedAt: record.usedAt }));
    },
    async delete(keys) {
      await ready;
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
      await updateIndex((entries) => keys.forEach((key) => entries.delete(key)));
    },
    async list() {
      return [...(await index)].map(([key, entry]) => ({ key, ...entry }));
    },
  };
}
