import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { PinState, PinStatus } from "../../core/ipfs/index.js";
import { PinNotFoundError } from "./errors.js";
import { fsyncPath } from "./fsyncPath.js";
import { TEMP_SUFFIX, writeFileDurable } from "./writeFileDurable.js";

export interface PinQuery {
  cids?: string[];
  name?: string;
  statuses?: PinState[];
  before?: string;
  after?: string;
  limit?: number;
}

export interface PinStore {
  /** Create a record (durably on disk before this resolves). */
  create(fields: Omit<PinStatus, "requestid" | "created">): Promise<PinStatus>;
  /** Replace a record's status/info (durably). */
  update(requestid: string, changes: Pick<PinStatus, "status"> & Partial<Pick<PinStatus, "info">>): Promise<PinStatus>;
  get(requestid: string): PinStatus;
  remove(requestid: string): Promise<void>;
  /** Newest first, filtered like the Pinning Service API's GET /pins. */
  query(query: PinQuery): { count: number; results: PinStatus[] };
  /** Any record in `status` for `cid`. */
  findByCid(cid: string, status: PinState): PinStatus | undefined;
  count(status?: PinState): number;
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/**
 * Pin records, one JSON file per request in `dir`, each written atomically and
 * fsync'd (temp + fsync + rename + directory fsync). Loaded into memory at
 * start; leftovers of interrupted writes are deleted.
 */
export async function createPinStore(dir: string): Promise<PinStore> {
  await mkdir(dir, { recursive: true });
  const records = new Map<string, PinStatus>();
  for (const entry of await readdir(dir)) {
    if (entry.endsWith(TEMP_SUFFIX)) {
      await unlink(join(dir, entry));
      continue;
    }
    if (!entry.endsWith(".json")) continue;
    const record = JSON.parse(await readFile(join(dir, entry), "utf8")) as PinStatus;
    records.set(record.requestid, record);
  }
  const fileOf = (requestid: string): string => join(dir, `${requestid}.json`);
  const save = async (record: PinStatus): Promise<PinStatus> => {
    await writeFileDurable(fileOf(record.requestid), JSON.stringify(record));
    records.set(record.requestid, record);
    return record;
  };
  const get = (requestid: string): PinStatus => {
    const record = REQUEST_ID.test(requestid) ? records.get(requestid) : undefined;
    if (!record) throw new PinNotFoundError(requestid);
    return record;
  };

  return {
    create: (fields) => save({ ...fields, requestid: randomUUID(), created: new Date().toISOString() }),
    update: (requestid, changes) => save({ ...get(requestid), ...changes }),
    get,
    async remove(requestid) {
      get(requestid);
      await unlink(fileOf(requestid));
      await fsyncPath(dir);
      records.delete(requestid);
    },
    query({ cids, name, statuses, before, after, limit }) {
      const matches = [...records.values()]
        .filter((r) => !cids?.length || cids.includes(r.pin.cid))
        .filter((r) => name === undefined || r.pin.name === name)
        .filter((r) => !statuses?.length || statuses.includes(r.status))
        .filter((r) => before === undefined || r.created < before)
        .filter((r) => after === undefined || r.created > after)
        .sort((a, b) => b.created.localeCompare(a.created));
      return { count: matches.length, results: matches.slice(0, limit ?? matches.length) };
    },
    findByCid(cid, status) {
      for (const record of records.values()) if (record.pin.cid === cid && record.status === status) return record;
      return undefined;
    },
    count(status) {
      if (status === undefined) return records.size;
      let n = 0;
      for (const record of records.values()) if (record.status === status) n++;
      return n;
    },
  };
}
