import { describe, expect, it } from "@jest/globals";
import { toHex } from "viem";
import { comparePositions, toChainMessages } from "../../../core/chain/chainMessages.js";
import { pageBackwards, type HistoryCursor } from "../../../core/chain/readHistory.js";
import type { RangeFetcher } from "../../../core/chain/logPaging.js";
import type { RegistryLog } from "../../../core/chain/registryLogs.js";
import type { ChainMessage } from "../../../core/chain/types.js";
import { packBatch } from "../../../core/crypto/index.js";
import { registryLog } from "./registryLogs.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;

/** A wrapped CID whose bytes name the message: [channel, serial high, serial low, ...]. */
const wrapped = (channel: number, serial: number) => Uint8Array.of(channel, serial >> 8, serial & 0xff, 1, 2, 3);
const serialOf = (message: ChainMessage) => (message.wrappedCid[1] << 8) | message.wrappedCid[2];

/**
 * Channel 1 and channel 2 interleaved over blocks 10..400: single posts, batches of up to 5, some
 * blocks holding several logs. Returns the logs and channel 1's serials in posting order.
 */
function chainFixture() {
  const logs: RegistryLog[] = [];
  const expected: number[] = [];
  let serial = 0;
  for (let block = 10n; block <= 400n; block += 3n) {
    let logIndex = 0;
    const perBlock = Number(block % 3n) + 1;
    for (let i = 0; i < perBlock; i++) {
      const channel = (Number(block) + i) % 4 === 0 ? 2 : 1;
      const batch = Number((block + BigInt(i)) % 5n);
      const items = Array.from({ length: Math.max(1, batch) }, () => wrapped(channel, serial++));
      if (channel === 1) expected.push(...items.map((item) => (item[1] << 8) | item[2]));
      const sender = i % 2 === 0 ? ALICE : BOB;
      logs.push(
        batch <= 1
          ? registryLog("Posted", { channelId: BigInt(channel), sender, wrappedCid: toHex(items[0]) }, { blockNumber: block, logIndex: logIndex++ })
          : registryLog("BatchPosted", { channelId: BigInt(channel), sender, packed: toHex(packBatch(items)) }, { blockNumber: block, logIndex: logIndex++ }),
      );
      if (i === 0) logs.push(registryLog("MemberJoined", { channelId: 1n, account: BOB }, { blockNumber: block, logIndex: logIndex++ }));
    }
  }
  return { logs, expected };
}

/** What the RPC would answer for channel 1's Posted/BatchPosted filter in a range. */
function channelFetcher(logs: RegistryLog[], channelId: bigint, calls: HistoryCursor[] = []): RangeFetcher<ChainMessage> {
  return async (range) => {
    calls.push(range);
    const inRange = logs.filter(
      (log) => log.blockNumber >= range.fromBlock && log.blockNumber <= range.toBlock && "channelId" in log.args && log.args.channelId === channelId,
    );
    return toChainMessages(inRange);
  };
}

describe("toChainMessages", () => {
  it("expands batches in order and keeps only Posted/BatchPosted", () => {
    const logs = [
      registryLog("BatchPosted", { channelId: 1n, sender: ALICE, packed: toHex(packBatch([wrapped(1, 5), wrapped(1, 6)])) }, { blockNumber: 4n, logIndex: 2 }),
      registryLog("MemberJoined", { channelId: 1n, account: BOB }, { blockNumber: 4n, logIndex: 0 }),
      registryLog("Posted", { channelId: 1n, sender: BOB, wrappedCid: toHex(wrapped(1, 4)) }, { blockNumber: 4n, logIndex: 1 }),
      registryLog("Posted", { channelId: 1n, sender: BOB, wrappedCid: toHex(wrapped(1, 3)) }, { blockNumber: 3n, logIndex: 7 }),
    ];
    const messages = toChainMessages(logs);
    expect(messages.map(serialOf)).toEqual([3, 4, 5, 6]);
    expect(messages.map((m) => [m.blockNumber, m.logIndex, m.batchIndex])).toEqual([
      [3n, 7, 0],
      [4n, 1, 0],
      [4n, 2, 0],
      [4n, 2, 1],
    ]);
    expect(messages[2].sender).toBe(ALICE);
    expect(messages[2].txHash).toBe(logs[0].transactionHash);
  });
});

describe("pageBackwards", () => {
  const { logs, expected } = chainFixture();

  it("walks from the head to the deployment block in pages of `limit`, newest page first, nothing lost or repeated", async () => {
    for (const [limit, maxRange] of [
      [7, 20n],
      [1, 2_000n],
      [25, 1n],
      [1_000, 50n],
    ] as const) {
      const calls: HistoryCursor[] = [];
      const fetch = channelFetcher(logs, 1n, calls);
      const pages: number[][] = [];
      let cursor: HistoryCursor | null = { fromBlock: 5n, toBlock: 410n };
      while (cursor) {
        const page = await pageBackwards(fetch, cursor, limit, { maxRange });
        expect(page.messages.length).toBeLessThanOrEqual(limit);
        const sorted = [...page.messages].sort(comparePositions);
        expect(page.messages).toEqual(sorted);
        pages.push(page.messages.map(serialOf));
        cursor = page.cursor;
      }
      expect(pages.reverse().flat()).toEqual(expected);
      for (const call of calls) expect(call.toBlock - call.fromBlock + 1n).toBeLessThanOrEqual(maxRange);
    }
  });

  it("resumes inside a block: a cursor can point between two items of one batch", async () => {
    const fetch = channelFetcher(logs, 1n);
    const first = await pageBackwards(fetch, { fromBlock: 5n, toBlock: 410n }, 3);
    const oldest = first.messages[0];
    expect(first.cursor).toEqual({
      fromBlock: 5n,
      toBlock: oldest.blockNumber,
      before: { blockNumber: oldest.blockNumber, logIndex: oldest.logIndex, batchIndex: oldest.batchIndex },
    });
    const second = await pageBackwards(fetch, first.cursor!, 3);
    expect([...second.messages, ...first.messages].map(serialOf)).toEqual(expected.slice(-6));
  });

  it("never returns another channel's messages", async () => {
    const page = await pageBackwards(channelFetcher(logs, 1n), { fromBlock: 0n, toBlock: 500n }, 10_000);
    expect(page.messages.every((message) => message.channelId === 1n && message.wrappedCid[0] === 1)).toBe(true);
    expect(page.cursor).toBeNull();
  });
});
