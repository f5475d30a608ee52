import { describe, expect, it } from "@jest/globals";
import { pad, toHex, type Hex, type Log } from "viem";
import { createLogCache, type LogCacheStore } from "@cairn/core/chain";
import { createLogSync, type LogBackfill, type LogDelta, type SyncLog } from "@cairn/core/chain";
import { createMemoryLogStore } from "@cairn/core/chain";
import { readBlockHeader } from "@cairn/core/chain";
import { withTimestamps } from "@cairn/core/chain";
import type { ChainMessage } from "@cairn/core/chain";
import { until } from "../until.js";
import { fakeEndpoint, PROVIDERS, type FakeEndpoint } from "./fakeEndpoint.js";

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const EVENT = pad("0xe1", { size: 32 });
const OTHER_EVENT = pad("0xe2", { size: 32 });
const member = (n: number) => pad(toHex(n), { size: 32 });
const [A, B, C] = [member(1), member(2), member(3)];
const note = (to: Hex, n: number, event = EVENT) => ({ address: ADDRESS, topics: [event, to], data: toHex(n, { size: 32 }) as Hex });
const numbers = (logs: readonly Log[]) => logs.map((log) => Number(BigInt(log.data)));

const cacheOn = (store: LogCacheStore, deploymentHash: Hex = "0xd1") => createLogCache(store, { chainId: 31337, address: ADDRESS, deploymentHash });

/** 100,000 blocks behind a 1,000-block cap: A gets a log every 10,000 blocks, B every 25,000, others' logs in between. */
function history(): FakeEndpoint {
  const endpoint = fakeEndpoint({ rangeCap: 1_000n, rangeRefusal: PROVIDERS.publicnodeRange });
  for (let n = 1; n <= 10; n++) {
    endpoint.mine(9_999n);
    endpoint.emit(note(A, n), note(member(9), 100 + n), ...(n % 5 === 0 ? [note(B, 200 + n)] : []), note(C, 300 + n, OTHER_EVENT));
  }
  return endpoint;
}

describe("createLogSync", () => {
  it("resumes from the cache: a second run reads only the blocks after the first", async () => {
    const endpoint = history();
    const store = createMemoryLogStore();
    const first = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n });
    first.add(A, B);
    const delta = await first.sync();
    expect(numbers(delta.added)).toEqual([1, 2, 3, 4, 5, 205, 6, 7, 8, 9, 10, 210]);
    expect(numbers(first.logs(B))).toEqual([205, 210]);
    const firstRun = endpoint.total();
    expect(endpoint.counts.eth_getLogs).toBe(100 + 1);

    endpoint.mine(5n);
    endpoint.emit(note(A, 11));
    const before = { ...endpoint.counts };
    const second = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n });
    second.add(A, B);
    const resumed = await second.sync();
    expect(numbers(resumed.added)).toEqual([11]);
    expect(numbers(second.logs(A))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // latest header + the cached head's hash + one eth_getLogs over the 6 new blocks.
    expect(endpoint.total() - firstRun).toBe(3);
    expect(endpoint.counts.eth_getLogs - before.eth_getLogs).toBe(1);
    expect(endpoint.getLogsRanges.at(-1)).toMatchObject({ fromBlock: 100_001n, toBlock: 100_006n, refused: false });
  });

  it("backfills a member added later once, then reads all members with one eth_getLogs per head", async () => {
    const endpoint = history();
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT, OTHER_EVENT], fromBlock: 1n });
    sync.add(A);
    await sync.sync();
    const afterFirst = endpoint.counts.eth_getLogs;
    sync.add(C);
    const joined = await sync.sync();
    expect(numbers(joined.added)).toEqual([301, 302, 303, 304, 305, 306, 307, 308, 309, 310]);
    expect(endpoint.counts.eth_getLogs - afterFirst).toBe(100);

    endpoint.emit(note(A, 11), note(C, 311, OTHER_EVENT), note(B, 211));
    const calls = endpoint.counts.eth_getLogs;
    const next = await sync.sync();
    expect(numbers(next.added)).toEqual([11, 311]);
    expect(endpoint.counts.eth_getLogs - calls).toBe(1);
  });

  it("follows new heads with one header request per poll and one eth_getLogs per new head", async () => {
    const endpoint = fakeEndpoint();
    endpoint.emit(note(A, 1));
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n });
    sync.add(A, B);
    const deltas: LogDelta<Log>[] = [];
    const stop = sync.follow({ pollingInterval: 20, onDelta: (delta) => void deltas.push(delta) });
    try {
      await until(() => deltas.length === 1);
      for (let n = 2; n <= 6; n++) {
        const logs = endpoint.counts.eth_getLogs;
        endpoint.emit(note(n % 2 === 0 ? A : B, n));
        await until(() => deltas.length === n);
        expect(endpoint.counts.eth_getLogs - logs).toBe(1);
      }
      const polls = endpoint.counts.eth_getBlockByNumber;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(endpoint.counts.eth_getBlockByNumber - polls).toBeGreaterThan(2);
      expect(endpoint.counts.eth_getLogs).toBe(6);
      expect(deltas.map((delta) => numbers(delta.added))).toEqual([[1], [2], [3], [4], [5], [6]]);
    } finally {
      stop();
    }
  });

  it("polls at the chain's block time, measured from block timestamps: about 2 requests per block when idle", async () => {
    const endpoint = fakeEndpoint({ blockSeconds: 1n });
    endpoint.mine(100n);
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n });
    sync.add(A);
    const stop = sync.follow({ minPollMs: 100, onDelta: () => undefined });
    const miner = setInterval(() => endpoint.mine(), 1_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const [head, headers, logs] = [endpoint.head, endpoint.counts.eth_getBlockByNumber, endpoint.counts.eth_getLogs];
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const blocks = Number(endpoint.head - head);
      const requests = endpoint.counts.eth_getBlockByNumber - headers + endpoint.counts.eth_getLogs - logs;
      // A block mined just before the window may be read inside it (polls come half a second after a block is due).
      expect(endpoint.counts.eth_getLogs - logs).toBeLessThanOrEqual(blocks + 1);
      expect(requests).toBeLessThanOrEqual(2 * blocks + 3);
    } finally {
      clearInterval(miner);
      stop();
    }
  });

  it("drops and re-reads the last blocks after a reorg: the replaced log disappears, the new ones appear once", async () => {
    const endpoint = fakeEndpoint();
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n });
    sync.add(A);
    endpoint.emit(note(A, 1));
    endpoint.emit(note(A, 2));
    endpoint.emit(note(A, 3));
    await sync.sync();
    endpoint.rollback(1n);
    endpoint.emit(note(A, 30));
    endpoint.emit(note(A, 31), note(A, 32));
    const delta = await sync.sync();
    expect(numbers(delta.removed)).toEqual([2, 3]);
    expect(numbers(delta.added)).toEqual([30, 31, 32]);
    expect(numbers(sync.logs(A))).toEqual([1, 30, 31, 32]);
  });

  it("notices a rollback to a lower head, and one re-mined to the same height", async () => {
    const endpoint = fakeEndpoint();
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n });
    sync.add(A);
    for (let n = 1; n <= 5; n++) endpoint.emit(note(A, n));
    await sync.sync();
    endpoint.rollback(2n);
    expect(numbers((await sync.sync()).removed)).toEqual([3, 4, 5]);
    expect(numbers(sync.logs(A))).toEqual([1, 2]);
    for (let n = 6; n <= 8; n++) endpoint.emit(note(A, n));
    await sync.sync();
    endpoint.rollback(3n);
    endpoint.emit(note(A, 9));
    endpoint.emit(note(A, 10));
    const delta = await sync.sync();
    expect(numbers(delta.removed)).toEqual([7, 8]);
    expect(numbers(delta.added)).toEqual([9, 10]);
    expect(numbers(sync.logs(A))).toEqual([1, 2, 6, 9, 10]);
  });

  it("resets a member when a reorg replaced every block it kept a hash of, and reads it again whole", async () => {
    const endpoint = fakeEndpoint();
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n, keepBlocks: 3 });
    sync.add(A);
    for (let n = 1; n <= 10; n++) {
      endpoint.emit(note(A, n));
      await sync.sync();
    }
    endpoint.rollback(4n);
    for (let n = 11; n <= 16; n++) endpoint.emit(note(A, n));
    const delta = await sync.sync();
    expect(numbers(delta.removed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(numbers(delta.added)).toEqual([1, 2, 3, 4, 11, 12, 13, 14, 15, 16]);
    expect(numbers(sync.logs(A))).toEqual([1, 2, 3, 4, 11, 12, 13, 14, 15, 16]);
  });
});

describe("createLogSync with a backfill (e.g. the registry's pointer chains)", () => {
  /** A backfill that hands over the endpoint's logs without requests, and records its calls. */
  const chainBackfill = (endpoint: FakeEndpoint, options: { fresh?: (member: Hex, head: bigint) => Log[]; reopens?: (log: Log) => boolean } = {}) => {
    const calls: { members: Hex[]; head: bigint; after?: bigint }[] = [];
    const backfill: LogBackfill<Log & SyncLog> = {
      reopens: options.reopens,
      async read(members, head, after) {
        calls.push({ members, head: head.number, after });
        const logsOf = (member: Hex) =>
          (after === undefined ? options.fresh?.(member, head.number) ?? [] : endpoint.peek(member, after + 1n, head.number)) as (Log & SyncLog)[];
        return new Map(members.map((member) => [member, logsOf(member)]));
      },
    };
    return { backfill, calls };
  };

  it("backfills a new member instead of scanning: its record counts from that head on, later heads are read with the others", async () => {
    const endpoint = history();
    const { backfill, calls } = chainBackfill(endpoint, { fresh: (member, head) => endpoint.peek(member, 50_000n, head) });
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n, backfill });
    sync.add(A, B);
    const first = await sync.sync();
    expect(numbers(first.added)).toEqual([5, 205, 6, 7, 8, 9, 10, 210]);
    expect(calls).toEqual([{ members: [A, B], head: 100_000n, after: undefined }]);
    expect(endpoint.counts.eth_getLogs ?? 0).toBe(0);
    expect(sync.coverage(A)).toEqual({ fromBlock: 100_001n, syncedBlock: 100_000n });

    endpoint.emit(note(A, 11), note(B, 211));
    const next = await sync.sync();
    expect(numbers(next.added)).toEqual([11, 211]);
    expect(endpoint.counts.eth_getLogs).toBe(1);
    expect(endpoint.getLogsRanges[0]).toMatchObject({ fromBlock: 100_001n, toBlock: 100_001n });
  });

  it("extends a record downwards with older logs read elsewhere, and keeps them across runs", async () => {
    const endpoint = history();
    const store = createMemoryLogStore();
    const { backfill } = chainBackfill(endpoint);
    const first = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n, backfill });
    first.add(A);
    await first.sync();
    expect(first.logs(A)).toEqual([]);
    const older = endpoint.peek(A, 60_000n) as (Log & SyncLog)[];
    expect(numbers(await first.extend(A, older, 60_000n))).toEqual([6, 7, 8, 9, 10]);
    expect(numbers(await first.extend(A, older, 55_000n))).toEqual([]);
    expect(first.coverage(A)).toEqual({ fromBlock: 55_000n, syncedBlock: 100_000n });

    const second = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n, backfill });
    second.add(A);
    await second.sync();
    expect(numbers(second.logs(A))).toEqual([6, 7, 8, 9, 10]);
    expect(second.coverage(A)?.fromBlock).toBe(55_000n);
  });

  it("catches up a long gap through the backfill when reading every block would cost more requests", async () => {
    const endpoint = fakeEndpoint({ rangeCap: 1_000n, rangeRefusal: PROVIDERS.alchemyRange });
    const store = createMemoryLogStore();
    const { backfill, calls } = chainBackfill(endpoint);
    endpoint.emit(note(A, 1));
    const first = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n, backfill });
    first.add(A);
    await first.sync();
    endpoint.mine(3_000n);
    endpoint.emit(note(A, 2));
    const short = await first.sync();
    expect(numbers(short.added)).toEqual([2]);
    expect(calls).toHaveLength(1);

    endpoint.mine(200_000n);
    endpoint.emit(note(A, 3));
    const logs = endpoint.counts.eth_getLogs;
    const second = createLogSync({ client: endpoint.client, cache: cacheOn(store), address: ADDRESS, events: [EVENT], fromBlock: 1n, backfill });
    second.add(A);
    const long = await second.sync();
    expect(numbers(long.added)).toEqual([3]);
    expect(calls.at(-1)).toMatchObject({ members: [A], after: 3_002n });
    expect(endpoint.counts.eth_getLogs).toBe(logs);
  });

  it("backfills a member from the block of a log that reopens it (a link to logs the filter does not match)", async () => {
    const endpoint = fakeEndpoint();
    const { backfill, calls } = chainBackfill(endpoint, { reopens: (log) => log.topics[0] === OTHER_EVENT });
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT, OTHER_EVENT], fromBlock: 1n, backfill });
    sync.add(A);
    await sync.sync();
    endpoint.emit(note(A, 1));
    endpoint.emit(note(A, 2, OTHER_EVENT));
    const delta = await sync.sync();
    expect(calls.at(-1)).toMatchObject({ members: [A], after: 1n });
    expect(numbers(delta.added)).toEqual([1, 2]);
    expect(numbers(sync.logs(A))).toEqual([1, 2]);
  });

  it("costs no eth_getLogs for a new head whose logs bloom rules the contract out", async () => {
    const endpoint = fakeEndpoint({ blooms: true });
    const sync = createLogSync({ client: endpoint.client, address: ADDRESS, events: [EVENT], fromBlock: 1n });
    sync.add(A);
    await sync.sync();
    const logs = endpoint.counts.eth_getLogs ?? 0;
    for (let n = 0; n < 5; n++) {
      endpoint.mine();
      await sync.sync();
    }
    endpoint.emit({ address: "0x00000000000000000000000000000000000000ff", topics: [EVENT, A], data: toHex(7, { size: 32 }) });
    await sync.sync();
    expect(endpoint.counts.eth_getLogs ?? 0).toBe(logs);
    endpoint.emit(note(A, 8));
    expect(numbers((await sync.sync()).added)).toEqual([8]);
    expect(endpoint.counts.eth_getLogs).toBe(logs + 1);
  });
});

describe("createLogCache", () => {
  const record = (logs: number) => ({ fromBlock: 1n, syncedBlock: 10n ** 20n, logs: Array.from({ length: logs }, (_, n) => ({ n: BigInt(n) })), blocks: [{ number: 10n ** 20n, hash: "0xab" as Hex }] });

  it("round-trips a record with its bigints", async () => {
    const cache = cacheOn(createMemoryLogStore());
    await cache.write("f", record(3));
    expect(await cache.read("f")).toEqual(record(3));
    await cache.drop("f");
    expect(await cache.read("f")).toBeUndefined();
  });

  it("evicts the least recently written filters past its bound, never the one just written", async () => {
    const store = createMemoryLogStore();
    const cache = createLogCache(store, { chainId: 1, address: ADDRESS, deploymentHash: "0xd1" }, { maxLogs: 10 });
    await cache.write("old", record(4));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.write("middle", record(4));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.write("new", record(4));
    expect(await cache.read("old")).toBeUndefined();
    expect(await cache.read("middle")).toBeDefined();
    await cache.write("huge", record(20));
    expect((await store.list()).map((entry) => entry.key.split("/").at(-1))).toEqual(["huge"]);
  });

  it("forgets everything of a deployment whose block hash changed (a reset chain), and keeps other chains", async () => {
    const store = createMemoryLogStore();
    await cacheOn(store, "0xd1").write("f", record(2));
    await createLogCache(store, { chainId: 1, address: ADDRESS, deploymentHash: "0xd1" }).write("f", record(2));
    const reset = cacheOn(store, "0xd2");
    expect(await reset.read("f")).toBeUndefined();
    expect((await store.list()).map((entry) => entry.key)).toEqual([`1/${ADDRESS.toLowerCase()}/0xd1/f`]);
  });
});

describe("withTimestamps", () => {
  const message = (blockNumber: bigint, timestamp?: number): ChainMessage => ({
    blockNumber,
    logIndex: 0,
    batchIndex: 0,
    channelId: 1n,
    sender: ADDRESS,
    wrappedCid: new Uint8Array(),
    txHash: "0x01",
    ...(timestamp === undefined ? {} : { timestamp }),
  });

  it("costs no request for a cold start of 50 messages: log times, known headers, else none (the envelope's time is shown)", async () => {
    const endpoint = fakeEndpoint();
    endpoint.mine(100n);
    await readBlockHeader(endpoint.client, "latest");
    const before = endpoint.total();
    const messages = Array.from({ length: 50 }, (_, n) => message(BigInt(n + 51), n < 10 ? 1_000 + n : undefined));
    const stamped = await withTimestamps(endpoint.client, messages);
    expect(endpoint.total()).toBe(before);
    expect(stamped.slice(0, 10).map((m) => m.timestamp)).toEqual([...Array(10).keys()].map((n) => 1_000 + n));
    expect(stamped[49].timestamp).toBe(Number(endpoint.timestampOf(100n)));
    expect(stamped.slice(10, 49).every((m) => m.timestamp === undefined)).toBe(true);
  });

  it("reads at most `fetchBlocks` headers, with the typed retries of every reader", async () => {
    const endpoint = fakeEndpoint();
    endpoint.mine(10n);
    endpoint.throttle(1);
    const stamped = await withTimestamps(endpoint.client, [message(3n), message(4n), message(5n)], { fetchBlocks: 2, retry: { baseDelayMs: 1 } });
    expect(stamped.map((m) => m.timestamp)).toEqual([Number(endpoint.timestampOf(3n)), Number(endpoint.timestampOf(4n)), undefined]);
    expect(endpoint.counts.eth_getBlockByNumber).toBe(3);
  });
});
