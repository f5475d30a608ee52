import { describe, expect, it } from "@jest/globals";
import { toHex } from "viem";
import { toChainMessages } from "@cairn/core/chain";
import type { ChainMessage } from "@cairn/core/chain";
import { packBatch } from "@cairn/core/crypto";
import { registryLog } from "./registryLogs.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;

/** A wrapped CID whose bytes name the message: [channel, serial high, serial low, ...]. */
const wrapped = (channel: number, serial: number) => Uint8Array.of(channel, serial >> 8, serial & 0xff, 1, 2, 3);
const serialOf = (message: ChainMessage) => (message.wrappedCid[1] << 8) | message.wrappedCid[2];

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
