import { describe, expect, it } from "@jest/globals";
import { decodeFunctionData, type Hash, type PublicClient, type TransactionReceipt } from "viem";
import { SessionKeyUnauthorizedError, TransactionRevertedError, type TxRequest, type TxSender } from "@cairn/core/chain";
import { sendPost } from "@cairn/core/channel";
import type { ChannelContext, OutgoingMessage } from "@cairn/core/channel";
import { channelRegistryAbi } from "@cairn/core/contracts";
import { packBatch } from "@cairn/core/crypto";
import type { PinningClient } from "@cairn/core/ipfs";
import { SessionKeyExpiredError, SessionKeyUnfundedError } from "@cairn/core/session";

const REGISTRY = "0x00000000000000000000000000000000000000b2";
const WALLET = "0x00000000000000000000000000000000000000A1";
const CIDS = [new Uint8Array(64).fill(7), new Uint8Array(64).fill(9)];

/** A sender that records what it was asked to send and answers with `fail` (if any) or a receipt. */
function recorder(fail?: () => Error) {
  const sent: TxRequest[] = [];
  const send: TxSender = async (tx) => {
    sent.push(tx);
    if (fail) throw fail();
    return { transactionHash: `0x${"11".repeat(32)}` as Hash } as TransactionReceipt;
  };
  return { sent, send };
}

const decoded = (tx: TxRequest) => decodeFunctionData({ abi: channelRegistryAbi, data: tx.data });

function contextWith(wallet: TxSender, sessionKey?: () => TxSender | null, onSessionKeyFallback?: (reason: Error) => void): ChannelContext {
  return {
    publicClient: {} as PublicClient,
    sender: wallet,
    sessionKey,
    onSessionKeyFallback,
    account: WALLET,
    identity: { privateKey: new Uint8Array(32), publicKey: new Uint8Array(32) },
    ipfs: { blockstore: {} as never },
    pinning: {} as PinningClient,
    chainId: 31337,
    deployment: { keyDirectory: WALLET, channelRegistry: REGISTRY, fromBlock: 0n },
  };
}

const messages = (channelId: bigint, count: number) => CIDS.slice(0, count).map((wrappedCid) => ({ channelId, wrappedCid }) as OutgoingMessage);

describe("sendPost", () => {
  it("posts through the session key while one is active (postAs for the wallet), without asking the wallet", async () => {
    const wallet = recorder();
    const key = recorder();
    await sendPost(contextWith(wallet.send, () => key.send), messages(3n, 1), {});
    expect(wallet.sent).toHaveLength(0);
    expect(decoded(key.sent[0])).toEqual({ functionName: "postAs", args: [WALLET, 3n, `0x${"07".repeat(64)}`] });
  });

  it("sends the wallet's own post / postBatch without a session key", async () => {
    const wallet = recorder();
    await sendPost(contextWith(wallet.send, () => null), messages(3n, 1), {});
    await sendPost(contextWith(wallet.send), messages(4n, 2), {});
    expect(decoded(wallet.sent[0])).toEqual({ functionName: "post", args: [3n, `0x${"07".repeat(64)}`] });
    expect(decoded(wallet.sent[1])).toEqual({ functionName: "postBatch", args: [4n, `0x${Buffer.from(packBatch(CIDS)).toString("hex")}`] });
  });

  for (const [name, error] of [
    ["expired", () => new SessionKeyExpiredError(10n)],
    ["out of funds", () => new SessionKeyUnfundedError(1n, 2n)],
    ["revoked on chain", () => new SessionKeyUnauthorizedError([WALLET, REGISTRY])],
  ] as const) {
    it(`falls back to the wallet when the key is ${name}, and says why`, async () => {
      const wallet = recorder();
      const key = recorder(error);
      const reasons: Error[] = [];
      await sendPost(contextWith(wallet.send, () => key.send, (reason) => reasons.push(reason)), messages(3n, 2), {});
      expect(decoded(key.sent[0]).functionName).toBe("postBatchAs");
      expect(decoded(wallet.sent[0]).functionName).toBe("postBatch");
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(error().constructor);
    });
  }

  it("never resends with the wallet after a failure that may have reached the chain", async () => {
    const wallet = recorder();
    const key = recorder(() => new TransactionRevertedError("0x01"));
    await expect(sendPost(contextWith(wallet.send, () => key.send), messages(3n, 1), {})).rejects.toThrow(TransactionRevertedError);
    expect(wallet.sent).toHaveLength(0);
  });
});
