/**
 * test/vectors/pubsub.json both ways: encoding the fixed inputs gives the vector's bytes, and the
 * vector's bytes decode (with core, and independently with viem and @noble from PROTOCOL.md §16
 * alone) to its inputs.
 */
import { describe, expect, it } from "@jest/globals";
import { gcm } from "@noble/ciphers/aes.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CID } from "multiformats/cid";
import {
  bytesToBigInt,
  decodeFunctionData,
  getAddress,
  keccak256,
  numberToBytes,
  parseTransaction,
  recoverMessageAddress,
  recoverTransactionAddress,
  stringToBytes,
  type Hex,
  type TransactionSerialized,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { channelRegistryAbi } from "@cairn/core/contracts";
import {
  channelTopic,
  decodePendingMessage,
  encodePendingMessage,
  isCairnTopic,
  openPresence,
  PRESENCE_LENGTH,
  sealPresence,
  verifyPendingMessage,
  type PendingMessageChecks,
} from "@cairn/core";
import { envelopeFromJson } from "../../../testkit/vectorFormat.js";
import { h, hx, loadVector } from "../crypto/helpers.js";

const v = loadVector("pubsub");
const topic = { chainId: v.chainId, registry: v.registry as Hex, channelId: BigInt(v.channelId), epoch: v.epoch, key: h(v.key) };
/** §2 epochAad, rebuilt here. */
const epochAad = (label: string) =>
  Uint8Array.from([...stringToBytes(label), 0, ...numberToBytes(v.chainId, { size: 32 }), ...h(v.registry), ...numberToBytes(BigInt(v.channelId), { size: 32 }), ...numberToBytes(v.epoch, { size: 4 })]);

describe("pubsub vectors", () => {
  it("§16.1 topic", () => {
    expect(channelTopic(topic)).toBe(v.topic);
    expect(isCairnTopic(v.topic)).toBe(true);
    const id = hkdf(sha256, h(v.key), undefined, epochAad("Cairn/v1/pubsub-topic"), 16);
    expect(`cairn/1/${hx(id).slice(2)}`).toBe(v.topic);
  });

  for (const [index, c] of v.pending.entries()) {
    it(`§16.3 pending message: ${c.name}`, async () => {
      const account = privateKeyToAccount(c.signerPrivateKey);
      const fields = c.transactionFields;
      const signed = await account.signTransaction({ ...fields, gas: BigInt(fields.gas), maxFeePerGas: BigInt(fields.maxFeePerGas), maxPriorityFeePerGas: BigInt(fields.maxPriorityFeePerGas) });
      expect(signed).toBe(c.transaction);
      expect(keccak256(signed)).toBe(c.transactionHash);
      expect(hx(encodePendingMessage({ transaction: c.transaction, wrappedCid: h(v.wrappedCid), block: h(v.block) }))).toBe(c.message);
      const parts = decodePendingMessage(h(c.message));
      expect([parts.transaction, hx(parts.wrappedCid), hx(parts.block)]).toEqual([c.transaction, v.wrappedCid, v.block]);

      // Independently: the byte layout, the transaction (viem), the block's CID.
      const bytes = h(c.message);
      expect([bytes[0], bytes[1], bytes[2]]).toEqual([1, 1, h(v.wrappedCid).length]);
      const txStart = 3 + bytes[2]! + 4;
      const txLength = Number(bytesToBigInt(bytes.subarray(txStart - 4, txStart)));
      expect(hx(bytes.subarray(3, 3 + bytes[2]!))).toBe(v.wrappedCid);
      expect(hx(bytes.subarray(txStart, txStart + txLength))).toBe(c.transaction);
      expect(hx(bytes.subarray(txStart + txLength))).toBe(v.block);
      const tx = parseTransaction(c.transaction as TransactionSerialized);
      expect([tx.chainId, getAddress(tx.to!)]).toEqual([v.chainId, v.registry]);
      expect(await recoverTransactionAddress({ serializedTransaction: c.transaction })).toBe(c.signer);
      expect(decodeFunctionData({ abi: channelRegistryAbi, data: tx.data! }).functionName).toBe(index === 0 ? "post" : "postBatchAs");
      expect(CID.decode(Uint8Array.from([1, 0x55, 0x12, 0x20, ...sha256(h(v.block))])).toString()).toBe(v.blockCid);

      const checks: PendingMessageChecks = {
        isMember: (channelId, member) => channelId === topic.channelId && member === v.sender,
        sessionKeyExpiry: (wallet, key) => (wallet === v.sender && key === v.sessionKey ? 2n ** 40n : 0n),
        transactionCount: () => fields.nonce,
        isKnown: () => false,
      };
      const verdict = await verifyPendingMessage(bytes, topic, checks);
      if (!verdict.ok) throw new Error(verdict.drop.reason);
      expect(verdict.value).toMatchObject({ batchIndex: c.batchIndex, key: `${v.sender.toLowerCase()}/${v.blockCid}` });
      expect(verdict.value.transaction).toMatchObject({ sender: v.sender, signer: c.signer, hash: c.transactionHash });
      expect(verdict.value.envelope).toEqual(envelopeFromJson(loadVector("message-block").envelope));
    });
  }

  for (const c of v.presence) {
    it(`§16.5 presence: ${c.name}`, async () => {
      const sessionKey = c.signed ? privateKeyToAccount(v.pending[1].signerPrivateKey) : undefined;
      const sealed = await sealPresence({ ...topic, sender: v.sender, state: c.state, timestamp: c.timestamp, iv: h(c.iv), sessionKey });
      expect(hx(sealed)).toBe(c.beat);

      // Independently: header, AES-256-GCM under the §2-style AAD, the 128-byte plaintext, the EIP-191 signature.
      const beat = h(c.beat);
      expect([beat.length, beat[0], beat[1], hx(beat.subarray(2, 14))]).toEqual([PRESENCE_LENGTH, 1, 2, c.iv]);
      expect(hx(epochAad("Cairn/v1/presence"))).toBe(c.aad);
      const plaintext = gcm(h(v.key), beat.subarray(2, 14), h(c.aad)).decrypt(beat.subarray(14));
      expect(plaintext.length).toBe(128);
      expect(plaintext[0]).toBe({ online: 1, typing: 2, offline: 3 }[c.state as string]);
      expect(getAddress(hx(plaintext.subarray(1, 21)))).toBe(v.sender);
      expect(Number(bytesToBigInt(plaintext.subarray(21, 29)))).toBe(c.timestamp);
      expect(plaintext.subarray(94).every((byte) => byte === 0)).toBe(true);
      const signature = plaintext.subarray(29, 94);
      if (c.signed) {
        expect(keccak256(Uint8Array.from([...epochAad("Cairn/v1/presence-signature"), plaintext[0]!, ...plaintext.subarray(1, 29)]))).toBe(c.digest);
        expect(await recoverMessageAddress({ message: { raw: c.digest }, signature: hx(signature) })).toBe(v.sessionKey);
      } else expect(signature.every((byte) => byte === 0)).toBe(true);

      const opened = await openPresence(beat, topic, {
        isMember: (_, member) => member === v.sender,
        sessionKeyExpiry: (wallet, key) => (wallet === v.sender && key === v.sessionKey ? 2n ** 40n : 0n),
        nowMs: () => c.timestamp,
      });
      expect(opened).toEqual({ ok: true, value: { sender: v.sender, state: c.state, timestamp: c.timestamp, ...(c.signed ? { signedBy: v.sessionKey } : {}) } });
    });
  }
});
