import { describe, expect, it } from "@jest/globals";
import { decodeFunctionData, type Hash, type TransactionReceipt } from "viem";
import { joinTx, postAsTx, postBatchAsTx, SessionKeyUnauthorizedError, TransactionRevertedError, type TxRequest, type TxSender } from "../../../core/chain/index.js";
import { channelRegistryAbi } from "../../../core/contracts/generated.js";
import { packBatch } from "../../../core/crypto/index.js";
import { routeSessionPosts, SessionKeyExpiredError, SessionKeyUnfundedError } from "../../../core/session/index.js";

const REGISTRY = "0x00000000000000000000000000000000000000b2";
const WALLET = "0x00000000000000000000000000000000000000a1";
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

describe("routeSessionPosts", () => {
  it("posts through the session key while one is active, without asking the wallet", async () => {
    const wallet = recorder();
    const key = recorder();
    const send = routeSessionPosts({ registry: REGISTRY, wallet: wallet.send, session: () => key.send });
    await send(postAsTx(REGISTRY, { wallet: WALLET, channelId: 3n, wrappedCid: CIDS[0] }));
    expect(key.sent).toHaveLength(1);
    expect(wallet.sent).toHaveLength(0);
  });

  it("sends the wallet's own post / postBatch without a session, same channel and bytes", async () => {
    const wallet = recorder();
    const send = routeSessionPosts({ registry: REGISTRY, wallet: wallet.send, session: () => null });
    await send(postAsTx(REGISTRY, { wallet: WALLET, channelId: 3n, wrappedCid: CIDS[0] }));
    await send(postBatchAsTx(REGISTRY, { wallet: WALLET, channelId: 4n, wrappedCids: CIDS }));
    expect(decoded(wallet.sent[0])).toEqual({ functionName: "post", args: [3n, `0x${"07".repeat(64)}`] });
    const batch = decoded(wallet.sent[1]);
    expect(batch.functionName).toBe("postBatch");
    expect(batch.args).toEqual([4n, `0x${Buffer.from(packBatch(CIDS)).toString("hex")}`]);
    expect(wallet.sent[1].description).toBe("Post 2 messages to channel #4");
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
      const send = routeSessionPosts({ registry: REGISTRY, wallet: wallet.send, session: () => key.send, onFallback: (reason) => reasons.push(reason) });
      await send(postAsTx(REGISTRY, { wallet: WALLET, channelId: 3n, wrappedCid: CIDS[0] }));
      expect(key.sent).toHaveLength(1);
      expect(decoded(wallet.sent[0]).functionName).toBe("post");
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(error().constructor);
    });
  }

  it("never resends with the wallet after a failure that may have reached the chain", async () => {
    const wallet = recorder();
    const key = recorder(() => new TransactionRevertedError("0x01"));
    const send = routeSessionPosts({ registry: REGISTRY, wallet: wallet.send, session: () => key.send });
    await expect(send(postAsTx(REGISTRY, { wallet: WALLET, channelId: 3n, wrappedCid: CIDS[0] }))).rejects.toThrow(TransactionRevertedError);
    expect(wallet.sent).toHaveLength(0);
  });

  it("passes every other transaction to the wallet unchanged", async () => {
    const wallet = recorder();
    const key = recorder();
    const send = routeSessionPosts({ registry: REGISTRY, wallet: wallet.send, session: () => key.send });
    const join = joinTx(REGISTRY, { channelId: 5n });
    await send(join);
    await send({ ...postAsTx(REGISTRY, { wallet: WALLET, channelId: 3n, wrappedCid: CIDS[0] }), to: WALLET });
    expect(wallet.sent[0]).toBe(join);
    expect(wallet.sent).toHaveLength(2);
    expect(key.sent).toHaveLength(0);
  });
});
