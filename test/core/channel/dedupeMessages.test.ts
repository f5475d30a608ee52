import { describe, expect, it } from "@jest/globals";
import { keccak256, toHex, type Hex } from "viem";
import type { ChainMessage } from "@cairn/core/chain";
import { dedupeMessages, firstCopyFilter } from "@cairn/core/channel";
import { matchPostedMessages } from "@cairn/core/channel";
import type { ChannelMessage, OutgoingMessage, PostAttempt } from "@cairn/core/channel";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const MALLORY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;

const at = (id: string, blockNumber: bigint, logIndex = 0, sender: Hex = ALICE): ChannelMessage => ({
  id,
  channelId: 1n,
  sender,
  attachments: [],
  txHash: keccak256(toHex(`${blockNumber}:${logIndex}`)),
  blockNumber,
  logIndex,
  batchIndex: 0,
  status: "confirmed",
});

describe("dedupeMessages", () => {
  it("keeps the first chain copy of a message, whatever order the copies were read in", () => {
    const first = at("bafy-a", 5n);
    const repeat = at("bafy-a", 9n, 2);
    const other = at("bafy-b", 7n);
    const merged = dedupeMessages([repeat, other, first, other]);
    expect(merged).toEqual([first, other]);
    expect(merged[0].blockNumber).toBe(5n);
  });

  it("does not let another sender's copy of a message id hide the original", () => {
    const forged = at("bafy-a", 4n, 0, MALLORY);
    const original = at("bafy-a", 5n);
    expect(dedupeMessages([original, forged])).toEqual([forged, original]);
  });

  it("filters a stream read in chain order", () => {
    const firstCopy = firstCopyFilter();
    expect([at("x", 1n), at("y", 2n), at("x", 3n), at("X", 4n)].filter(firstCopy).map((m) => `${m.id}@${m.blockNumber}`)).toEqual(["x@1", "y@2", "X@4"]);
  });
});

describe("matchPostedMessages", () => {
  const attempt = (wrappedCid: Uint8Array, id: string): PostAttempt => ({
    sent: { from: ALICE, nonce: 3 },
    fromBlock: 10n,
    sealed: { id, epoch: 1, wrappedCid, block: new Uint8Array(), cid: undefined as never },
  });
  const outgoing = (attempts: PostAttempt[]) => ({ attempts }) as unknown as OutgoingMessage;
  const item = (wrappedCid: Uint8Array, blockNumber: bigint): ChainMessage => ({
    channelId: 1n,
    sender: ALICE,
    wrappedCid,
    blockNumber,
    logIndex: 0,
    batchIndex: 0,
    txHash: keccak256(toHex(blockNumber)),
  });

  it("finds each message by the wrapped CID of any of its attempts, first copy first", () => {
    const resealed = outgoing([attempt(Uint8Array.of(1, 1), "old"), attempt(Uint8Array.of(2, 2), "new")]);
    const never = outgoing([attempt(Uint8Array.of(9), "never")]);
    const found = matchPostedMessages([resealed, never], [item(Uint8Array.of(1, 1), 11n), item(Uint8Array.of(1, 1), 12n), item(Uint8Array.of(3), 13n)]);
    expect(found.size).toBe(1);
    expect(found.get(resealed)?.attempt.sealed.id).toBe("old");
    expect(found.get(resealed)?.copy.blockNumber).toBe(11n);
  });
});
