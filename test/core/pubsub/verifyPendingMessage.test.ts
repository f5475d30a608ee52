import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { encodeFunctionData, hexToBigInt, hexToBytes, parseTransaction, serializeTransaction, toHex, type Hex } from "viem";
import { channelRegistryAbi } from "@cairn/core/contracts";
import {
  checkPendingMessage,
  DROP_REASONS,
  encodePendingMessage,
  gossipAcceptance,
  MAX_MESSAGE_BLOCK_LENGTH,
  MAX_NONCE_AHEAD,
  MAX_NONCE_BEHIND,
  MAX_PENDING_MESSAGE_LENGTH,
  MAX_PUBSUB_TRANSACTION_LENGTH,
  verifyPendingMessage,
  type DropReason,
  type Verdict,
} from "@cairn/core";
import { alice, aliceSessionKey, chainView, deployment, mallory, pending, postCalldata, sealed, signTx, topic } from "../../../testkit/pendingMessageFixtures.js";

/** Asserts a drop for `reason` and that nothing of the message came back. */
function expectDrop(verdict: Verdict<unknown>, reason: DropReason) {
  expect(verdict.ok ? "accepted" : verdict.drop.reason).toBe(reason);
  expect("value" in verdict).toBe(false);
}

describe("verifyPendingMessage: valid messages", () => {
  it("verifies and opens a message posted by the wallet itself", async () => {
    const message = await sealed(alice.address, "hello over pubsub");
    const { checks } = chainView();
    const verdict = await verifyPendingMessage(await pending(alice, message), topic, checks);
    if (!verdict.ok) throw verdict.drop.cause ?? new Error(verdict.drop.reason);
    expect(verdict.value.envelope.text).toBe("hello over pubsub");
    expect(verdict.value.transaction).toMatchObject({ sender: alice.address, signer: alice.address, viaSessionKey: false, functionName: "post", nonce: 5 });
    expect(verdict.value.cid.equals(message.cid)).toBe(true);
    expect(verdict.value.key).toBe(`${alice.address.toLowerCase()}/${message.id}`);
    expect(verdict.value.batchIndex).toBe(0);
    expect(gossipAcceptance(verdict)).toBe("accept");
  });

  it("verifies a message posted by the wallet's session key (postAs): the wallet is the sender", async () => {
    const message = await sealed(alice.address, "from my session key");
    const { checks } = chainView();
    const verdict = await verifyPendingMessage(await pending(aliceSessionKey, message, { functionName: "postAs" }), topic, checks);
    if (!verdict.ok) throw new Error(verdict.drop.reason);
    expect(verdict.value.transaction).toMatchObject({ sender: alice.address, signer: aliceSessionKey.address, viaSessionKey: true, functionName: "postAs" });
    expect(verdict.value.envelope.text).toBe("from my session key");
  });

  it("finds each message of a batch at its index (postBatch and postBatchAs), also in a legacy transaction", async () => {
    const messages = await Promise.all(["one", "two", "three"].map((text) => sealed(alice.address, text)));
    const items = messages.map((message) => message.wrappedCid);
    const { checks } = chainView();
    for (const [account, functionName] of [[alice, "postBatch"], [aliceSessionKey, "postBatchAs"]] as const) {
      const verdicts = await Promise.all(messages.map(async (message) => verifyPendingMessage(await pending(account, message, { items, functionName, type: "legacy" }), topic, checks)));
      expect(verdicts.map((verdict) => (verdict.ok ? [verdict.value.batchIndex, verdict.value.envelope.text] : verdict.drop.reason))).toEqual([
        [0, "one"],
        [1, "two"],
        [2, "three"],
      ]);
    }
  });

  it("lets a relay without the key check everything but the keyed steps (checkPendingMessage)", async () => {
    const message = await sealed(alice.address, "relayed");
    const { checks } = chainView();
    const verdict = await checkPendingMessage(await pending(alice, message), deployment, checks);
    expect(verdict.ok && verdict.value.cid.equals(message.cid)).toBe(true);
    // A relay cannot see a block that does not match: the member's check does.
    const other = await sealed(alice.address, "another block");
    const swapped = await pending(alice, message, { block: other.block });
    expect((await checkPendingMessage(swapped, deployment, checks)).ok).toBe(true);
    expectDrop(await verifyPendingMessage(swapped, topic, checks), "cid-mismatch");
  });
});

describe("verifyPendingMessage: every abuse is dropped with its reason", () => {
  it("forged sender: a post signed by another key is that key's post, and it does not open as Alice's", async () => {
    const message = await sealed(alice.address, "Alice's words");
    const view = chainView();
    expectDrop(await verifyPendingMessage(await pending(mallory, message), topic, view.checks), "not-member");
    view.members.add(mallory.address.toLowerCase());
    const verdict = await verifyPendingMessage(await pending(mallory, message), topic, view.checks);
    expectDrop(verdict, "undecryptable");
    expect(!verdict.ok && verdict.drop.signer).toBe(mallory.address);
  });

  it("forged sender: postAs by a key the wallet never authorised, or whose authorisation expired", async () => {
    const message = await sealed(alice.address, "as Alice");
    const view = chainView();
    expectDrop(await verifyPendingMessage(await pending(mallory, message, { functionName: "postAs" }), topic, view.checks), "session-key-unauthorised");
    view.sessionKeys.set(`${alice.address}/${aliceSessionKey.address}`.toLowerCase(), 1_000n);
    expectDrop(await verifyPendingMessage(await pending(aliceSessionKey, message, { functionName: "postAs" }), topic, view.checks), "session-key-unauthorised");
  });

  it("a sender that is not (or no longer) a member", async () => {
    const message = await sealed(alice.address, "still here?");
    const view = chainView();
    view.members.clear();
    expectDrop(await verifyPendingMessage(await pending(alice, message), topic, view.checks), "not-member");
  });

  it("replays: a known message id, a nonce of old history, one mined a moment ago, one far ahead", async () => {
    const message = await sealed(alice.address, "once");
    const bytes = await pending(alice, message, { nonce: 40 });
    const view = chainView();
    view.setCount(alice.address, 40);
    expect((await verifyPendingMessage(bytes, topic, view.checks)).ok).toBe(true);
    view.markKnown(alice.address, message.id);
    expectDrop(await verifyPendingMessage(bytes, topic, view.checks), "duplicate");

    const fresh = chainView();
    fresh.setCount(alice.address, 40 + MAX_NONCE_BEHIND + 1);
    expectDrop(await verifyPendingMessage(bytes, topic, fresh.checks), "replayed-nonce");
    fresh.setCount(alice.address, 41);
    expectDrop(await verifyPendingMessage(bytes, topic, fresh.checks), "already-mined");
    fresh.setCount(alice.address, 40 - MAX_NONCE_AHEAD);
    expectDrop(await verifyPendingMessage(bytes, topic, fresh.checks), "nonce-too-far");
  });

  it("a block that does not match the CID: another block, or the right one tampered with", async () => {
    const message = await sealed(alice.address, "the real one");
    const other = await sealed(alice.address, "a substitute");
    const { checks } = chainView();
    expectDrop(await verifyPendingMessage(await pending(alice, message, { block: other.block }), topic, checks), "cid-mismatch");
    const tampered = message.block.slice();
    tampered[100]! ^= 1;
    expectDrop(await verifyPendingMessage(await pending(alice, message, { block: tampered }), topic, checks), "cid-mismatch");
  });

  it("a wrapped CID the transaction does not post", async () => {
    const message = await sealed(alice.address, "carried");
    const other = await sealed(alice.address, "posted");
    const { checks } = chainView();
    const verdict = await verifyPendingMessage(await pending(alice, message, { items: [other.wrappedCid] }), topic, checks);
    expectDrop(verdict, "wrapped-cid-not-in-transaction");
    expect(gossipAcceptance(verdict)).toBe("reject");
  });

  it("another registry, chain, channel or epoch", async () => {
    const message = await sealed(alice.address, "elsewhere");
    const { checks } = chainView();
    expectDrop(await verifyPendingMessage(await pending(alice, message, { to: mallory.address }), topic, checks), "wrong-registry");
    expectDrop(await verifyPendingMessage(await pending(alice, message, { chainId: 1 }), topic, checks), "wrong-chain");
    expectDrop(await verifyPendingMessage(await pending(alice, message, { channelId: 43n }), topic, checks), "wrong-channel");
    const otherEpoch = await sealed(alice.address, "old epoch", { epoch: 2 });
    expectDrop(await verifyPendingMessage(await pending(alice, otherEpoch), topic, checks), "wrong-epoch");
    // The same message on a topic of another channel (its own channel id in the transaction).
    expectDrop(await verifyPendingMessage(await pending(alice, message), { ...topic, channelId: 7n }, checks), "wrong-channel");
  });

  it("another contract call, a contract creation, a high-s or chain-less signature", async () => {
    const message = await sealed(alice.address, "x");
    const { checks } = chainView();
    const carry = (transaction: Hex) => encodePendingMessage({ transaction, wrappedCid: message.wrappedCid, block: message.block });
    const join = encodeFunctionData({ abi: channelRegistryAbi, functionName: "join", args: [topic.channelId] });
    expectDrop(await verifyPendingMessage(carry(await signTx(alice, join)), topic, checks), "not-a-post");
    expectDrop(await verifyPendingMessage(carry(await signTx(alice, "0xdeadbeef")), topic, checks), "not-a-post");

    const good = parseTransaction(await signTx(alice, postCalldata([message.wrappedCid])));
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = serializeTransaction({ ...good, r: undefined, s: undefined, v: undefined, yParity: undefined } as never, {
      r: good.r!,
      s: toHex(N - hexToBigInt(good.s!), { size: 32 }),
      yParity: 1 - good.yParity!,
    });
    expectDrop(await verifyPendingMessage(carry(highS), topic, checks), "invalid-transaction");
    const noChainId = await alice.signTransaction({ nonce: 5, gas: 200_000n, gasPrice: 1n, to: deployment.registry, data: postCalldata([message.wrappedCid]), type: "legacy" } as never);
    expectDrop(await verifyPendingMessage(carry(noChainId), topic, checks), "invalid-transaction");
    const creation = await alice.signTransaction({ chainId: 31337, nonce: 5, gas: 200_000n, gasPrice: 1n, data: postCalldata([message.wrappedCid]), type: "legacy" });
    expectDrop(await verifyPendingMessage(carry(creation), topic, checks), "invalid-transaction");
  });

  it("oversized: the whole message, its block or its transaction", async () => {
    const message = await sealed(alice.address, "big");
    const { checks } = chainView();
    const bytes = await pending(alice, message);
    const padded = new Uint8Array(MAX_PENDING_MESSAGE_LENGTH + 1);
    padded.set(bytes);
    expectDrop(await verifyPendingMessage(padded, topic, checks), "oversized");
    const bigBlock = new Uint8Array(MAX_MESSAGE_BLOCK_LENGTH + 1);
    bigBlock.set(message.block);
    const withBigBlock = new Uint8Array([...bytes.subarray(0, bytes.length - message.block.length), ...bigBlock]);
    expectDrop(await verifyPendingMessage(withBigBlock, topic, checks), "oversized");
    const bigTx = await signTx(alice, `${postCalldata([message.wrappedCid])}${"00".repeat(MAX_PUBSUB_TRANSACTION_LENGTH)}`);
    expect(hexToBytes(bigTx).length).toBeGreaterThan(MAX_PUBSUB_TRANSACTION_LENGTH);
    expect(() => encodePendingMessage({ transaction: bigTx, wrappedCid: message.wrappedCid, block: message.block })).toThrow("too large");
  });

  it("unknown version or kind: ignored (a newer client), never rejected", async () => {
    const message = await sealed(alice.address, "v2?");
    const { checks } = chainView();
    const bytes = await pending(alice, message);
    for (const [index, value] of [
      [0, 2],
      [1, 9],
    ]) {
      const changed = bytes.slice();
      changed[index!] = value!;
      const verdict = await verifyPendingMessage(changed, topic, checks);
      expectDrop(verdict, "unknown-version");
      expect(gossipAcceptance(verdict)).toBe("ignore");
    }
  });

  it("garbage and truncations never verify and never throw", async () => {
    const message = await sealed(alice.address, "whole");
    const { checks } = chainView();
    const bytes = await pending(alice, message);
    for (const length of [0, 1, 2, 3, 40, 72, 75, 200, bytes.length - message.block.length, bytes.length - 1]) {
      const verdict = await verifyPendingMessage(bytes.subarray(0, length), topic, checks);
      expect(verdict.ok).toBe(false);
      expect(["malformed", "invalid-transaction", "cid-mismatch", "not-a-post"]).toContain(!verdict.ok && verdict.drop.reason);
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.nat(bytes.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 }), async (garbage, at, patch) => {
        const mutated = bytes.slice();
        mutated.set(patch.subarray(0, mutated.length - at), at);
        for (const input of [garbage, Uint8Array.of(1, 1, ...garbage), mutated]) {
          const verdict = await verifyPendingMessage(input, topic, checks);
          if (verdict.ok) expect(input).toEqual(bytes);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("drop reasons", () => {
  it("reject only what every forwarding node can check from the bytes alone", () => {
    const rejected = Object.entries(DROP_REASONS)
      .filter(([, policy]) => policy.acceptance === "reject")
      .map(([reason]) => reason);
    expect(rejected.sort()).toEqual(["invalid-transaction", "malformed", "not-a-post", "oversized", "wrapped-cid-not-in-transaction", "wrong-chain", "wrong-registry"]);
  });
});
