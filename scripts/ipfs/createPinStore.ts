import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { PinState, PinStatus } from "@cairn/core/ipfs";
import { PinNotFoundError } from "./errors.js";
import { fsyncPath } from "./fsyncPath.js";
import { TEMP_SUFFIX, writeFileDurable } from "./writeFileDurable.js";

/** A pin request as the node keeps it: the API's PinStatus plus its owner and size. */
export interface PinRecord extends PinStatus {
  /** The account (checksummed address) that made the request; only it sees or removes the record. */
  owner: string;
  /** Bytes of the pinned DAG (0 until known), charged to the owner's quota. */
  bytes: number;
  /** A provisional pin is dropped at this time (ISO 8601) unless confirmed first. */
  provisionalUntil?: string;
}

export interface PinQuery {
  cids?: string[];
  name?: string;
  statuses?: PinState[];
  before?: string;
  after?: string;
  limit?: number;
}

export interface PinUsage {
  pins: number;
  bytes: number;
}

export interface PinStore {
  /** Create a record (durably on disk before this resolves). */
  create(fields: Omit<PinRecord, "requestid" | "created">): Promise<PinRecord>;
  /** Replace some fields of a record (durably); `provisionalUntil: undefined` makes it permanent. */
  update(requestid: string, changes: Partial<Pick<PinRecord, "status" | "info" | "bytes" | "pin" | "provisionalUntil">>): Promise<PinRecord>;
  /** The owner's record; `PinNotFoundError` for an unknown id or another account's record. */
  get(owner: string, requestid: string): PinRecord;
  remove(owner: string, requestid: string): Promise<PinRecord>;
  /** The owner's records, newest first, filtered like the Pinning Service API's GET /pins. */
  query(owner: string, query: PinQuery): { count: number; results: PinRecord[] };
  /** The owner's newest record for `cid` in one of `statuses`. */
  findByCid(owner: string, cid: string, statuses: readonly PinState[]): PinRecord | undefined;
  /** Records in `statuses` of every owner (what garbage collection keeps). */
  all(statuses: readonly PinState[]): PinRecord[];
  usage(owner: string): PinUsage;
  count(status?: PinState): number;
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/**
 * Pin records, one JSON file per request in `dir`, each written atomically and fsync'd (temp +
 * fsync + rename + directory fsync). Loaded into memory at start, with each owner's usage
 * (records, bytes); leftovers of interrupted writes are deleted. Records written before pins
 * had owners belong to nobody: no account sees them, garbage collection keeps their blocks.
 */
export async function createPinStore(dir: string): Promise<PinStore> {
  await mkdir(dir, { recursive: true });
  const records = new Map<string, PinRecord>();
  const byOwner = new Map<string, Map<string, PinRecord>>();
  const usage = new Map<string, PinUsage>();
  const charge = (record: PinRecord, sign: 1 | -1): void => {
    const current = usage.get(record.owner) ?? { pins: 0, bytes: 0 };
    usage.set(record.owner, { pins: current.pins + sign, bytes: current.bytes + sign * record.bytes });
  };
  const put = (record: PinRecord): void => {
    const previous = records.get(record.requestid);
    if (previous) charge(previous, -1);
    records.set(record.requestid, record);
    if (!byOwner.has(record.owner)) byOwner.set(record.owner, new Map());
    byOwner.get(record.owner)!.set(record.requestid, record);
    charge(record, 1);
  };
  for (const entry of await readdir(dir)) {
    if (entry.endsWith(TEMP_SUFFIX)) {
      await unlink(join(dir, entry));
      continue;
    }
    if (!entry.endsWith(".json")) continue;
    const stored = JSON.parse(await readFile(join(dir, entry), "utf8")) as Partial<PinRecord> & PinStatus;
    put({ ...stored, owner: stored.owner ?? "", bytes: stored.bytes ?? 0 });
  }
  const fileOf = (requestid: string): string => join(dir, `${requestid}.json`);
  const save = async (record: PinRecord): Promise<PinRecord> => {
    await writeFileDurable(fileOf(record.requestid), JSON.stringify(record));
    put(record);
    return record;
  };
  const find = (requestid: string): PinRecord => {
    const record = REQUEST_ID.test(requestid) ? records.get(requestid) : undefined;
    if (!record) throw new PinNotFoundError(requestid);
    return record;
  };
  const get = (owner: string, requestid: string): PinRecord => {
    const record = find(requestid);
    if (record.owner !== owner) throw new PinNotFoundError(requestid);
    return record;
  };
  const owned = (owner: string): PinRecord[] => [...(byOwner.get(owner)?.values() ?? [])];

  return {
    create: (fields) => save({ ...fields, requestid: randomUUID(), created: new Date().toISOString() }),
    update: (requestid, changes) => save({ ...find(requestid), ...changes }),
    get,
    async remove(owner, requestid) {
      const record = get(owner, requestid);
      await unlink(fileOf(requestid));
      await fsyncPath(dir);
      records.delete(requestid);
      byOwner.get(owner)!.delete(requestid);
      charge(record, -1);
      return record;
    },
    query(owner, { cids, name, statuses, before, after, limit }) {
      const matches = owned(owner)
        .filter((r) => !cids?.length || cids.includes(r.pin.cid))
        .filter((r) => name === undefined || r.pin.name === name)
        .filter((r) => !statuses?.length || statuses.includes(r.status))
        .filter((r) => before === undefined || r.created < before)
        .filter((r) => after === undefined || r.created > after)
        .sort((a, b) => b.created.localeCompare(a.created));
      return { count: matches.length, results: matches.slice(0, limit ?? matches.length) };
    },
    findByCid(owner, cid, statuses) {
      return owned(owner)
        .filter((record) => record.pin.cid === cid && statuses.includes(record.status))
        .sort((a, b) => b.created.localeCompare(a.created))[0];
    },
    all: (statuses) => [...records.values()].filter((record) => statuses.includes(record.status)),
    usage: (owner) => usage.get(owner) ?? { pins: 0, bytes: 0 },
    count(status) {
      if (status === undefined) return records.size;
      let n = 0;
      for (const record of records.values()) if (record.status === status) n++;
      return n;
    },
  };
}
