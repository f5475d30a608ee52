import { describe, expect, it } from "@jest/globals";
import { CID } from "multiformats/cid";
import * as c from "@cairn/core/crypto";
import * as messages from "@cairn/core/message";
import { aesGcmEncrypt, importAesKey, wrappedCidAad } from "@cairn/core/crypto";
import { EnvelopeTooLargeError, InvalidPaddingError, MalformedEnvelopeError, MAX_TEXT_BYTES, padEnvelope } from "@cairn/core/envelope";
import type { Envelope } from "@cairn/core/envelope";
import { channel, expectReject, flipBit, hx, otherAddress, rawCid } from "./helpers.js";

const key = c.generateKey();
const envelope: Envelope = { timestamp: 1_700_000_000_000, text: "hi", attachments: [] };
const open = (block: Uint8Array, overrides: Partial<messages.OpenMessageParameters> = {}) =>
  messages.openMessage({ ...channel, key, block, ...overrides });

/** A block whose ciphertext is valid under `key` but whose plaintext is `padded` as given. */
async function blockOf(padded: Uint8Array) {
  const iv = new Uint8Array(12);
  const sealed = await aesGcmEncrypt(await importAesKey(key), iv, c.contentAad(channel), padded);
  return Uint8Array.of(c.MESSAGE_BLOCK_VERSION, ...iv, ...sealed);
}

describe("sealMessage / openMessage", () => {
  it("round-trips and pads to buckets", async () => {
    const block = await messages.sealMessage({ ...channel, key, envelope });
    expect(block).toHaveLength(messages.MIN_MESSAGE_BLOCK_LENGTH);
    expect(await open(block)).toEqual(envelope);
    const long = { ...envelope, text: "é".repeat(MAX_TEXT_BYTES / 2) };
    const big = await messages.sealMessage({ ...channel, key, envelope: long });
    expect(big).toHaveLength(1 + 12 + 131_072 + 16);
    expect((await open(big)).text).toBe(long.text);
  });

  it("uses a fresh IV per message", async () => {
    const [a, b] = [await messages.sealMessage({ ...channel, key, envelope }), await messages.sealMessage({ ...channel, key, envelope })];
    expect(hx(a.subarray(1, 13))).not.toBe(hx(b.subarray(1, 13)));
  });

  it("fails with the wrong key or any other AAD field", async () => {
    const block = await messages.sealMessage({ ...channel, key, envelope });
    await expectReject(open(block, { key: c.generateKey() }), c.DecryptionFailedError);
    await expectReject(open(block, { sender: otherAddress }), c.DecryptionFailedError);
    await expectReject(open(block, { channelId: channel.channelId + 1n }), c.DecryptionFailedError);
    await expectReject(open(block, { epoch: channel.epoch + 1 }), c.DecryptionFailedError);
    await expectReject(open(block, { chainId: 1 }), c.DecryptionFailedError);
    await expectReject(open(block, { registry: otherAddress }), c.DecryptionFailedError);
  });

  it("detects tampering anywhere after the version byte", async () => {
    const block = await messages.sealMessage({ ...channel, key, envelope });
    for (const i of [1, 12, 13, 100, block.length - 17, block.length - 1])
      await expectReject(open(flipBit(block, i, 3)), c.DecryptionFailedError);
  });

  it("reports version, length and size errors before decrypting", async () => {
    const block = await messages.sealMessage({ ...channel, key, envelope });
    await expectReject(open(flipBit(block, 0, 1)), c.UnknownVersionError);
    await expectReject(open(new Uint8Array(0)), c.InvalidLengthError);
    await expectReject(open(block.subarray(0, block.length - 1)), c.InvalidLengthError);
    await expectReject(open(new Uint8Array(messages.MAX_MESSAGE_BLOCK_LENGTH + 1).fill(1)), EnvelopeTooLargeError);
    await expectReject(open(block, { key: new Uint8Array(16) }), c.InvalidLengthError);
  });

  it("rejects authentic blocks with bad padding or a malformed envelope", async () => {
    await expectReject(open(await blockOf(new Uint8Array(256))), InvalidPaddingError);
    await expectReject(open(await blockOf(padEnvelope(Uint8Array.of(1, 0, 0)))), MalformedEnvelopeError);
    await expectReject(open(await blockOf(padEnvelope(Uint8Array.of(9)))), c.UnknownVersionError);
  });
});

describe("wrapCid / unwrapCid", () => {
  const unwrap = (wrappedCid: Uint8Array, overrides: Partial<c.UnwrapCidParameters> = {}) =>
    c.unwrapCid({ ...channel, key, wrappedCid, ...overrides });

  it("round-trips a CIDv1 raw sha256 in 69 bytes, and finds the key by epoch", async () => {
    const cid = await rawCid(Uint8Array.of(1, 2, 3));
    const wrapped = await c.wrapCid({ ...channel, key, cid });
    expect(wrapped).toHaveLength(69);
    expect(c.wrappedCidEpoch(wrapped)).toBe(channel.epoch);
    expect((await unwrap(wrapped)).cid.equals(cid)).toBe(true);
    const seen: number[] = [];
    const viaLookup = await unwrap(wrapped, { key: (epoch) => (seen.push(epoch), key) });
    expect(viaLookup).toEqual({ cid, epoch: channel.epoch });
    expect(seen).toEqual([channel.epoch]);
  });

  it("wraps a CIDv0 and rejects CIDs too long to fit 128 bytes", async () => {
    const v0 = CID.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    expect((await unwrap(await c.wrapCid({ ...channel, key, cid: v0 }))).cid.equals(v0)).toBe(true);
    const long = CID.decode(Uint8Array.of(0x01, 0x55, 0x00, 96, ...new Uint8Array(96)));
    await expectReject(c.wrapCid({ ...channel, key, cid: long }), c.InvalidCidError);
  });

  it("fails with the wrong key, sender, channel or tampered bytes", async () => {
    const wrapped = await c.wrapCid({ ...channel, key, cid: await rawCid(new Uint8Array(1)) });
    await expectReject(unwrap(wrapped, { key: c.generateKey() }), c.DecryptionFailedError);
    await expectReject(unwrap(wrapped, { sender: otherAddress }), c.DecryptionFailedError);
    await expectReject(unwrap(wrapped, { channelId: 1n }), c.DecryptionFailedError);
    for (let i = 5; i < wrapped.length; i++) await expectReject(unwrap(flipBit(wrapped, i)), c.DecryptionFailedError);
    // A changed epoch selects another AAD (and key): it can never open.
    await expectReject(unwrap(flipBit(wrapped, 4, 2)), c.DecryptionFailedError);
  });

  it("reports version, length, epoch and CID errors", async () => {
    const wrapped = await c.wrapCid({ ...channel, key, cid: await rawCid(new Uint8Array(1)) });
    await expectReject(unwrap(flipBit(wrapped, 0, 4)), c.UnknownVersionError);
    await expectReject(unwrap(wrapped.subarray(0, 33)), c.InvalidLengthError);
    await expectReject(unwrap(Uint8Array.of(...wrapped, ...new Uint8Array(60))), c.InvalidLengthError);
    const epochZero = wrapped.slice();
    epochZero.fill(0, 1, 5);
    await expectReject(unwrap(epochZero), c.InvalidEpochError);
    await expectReject(c.wrapCid({ ...channel, epoch: 2 ** 32, key, cid: await rawCid(new Uint8Array(1)) }), c.InvalidEpochError);
    const iv = new Uint8Array(12);
    const notCid = await aesGcmEncrypt(await importAesKey(key), iv, wrappedCidAad(channel), Uint8Array.of(0xff, 0xff));
    await expectReject(unwrap(Uint8Array.of(1, 0, 0, 0, channel.epoch, ...iv, ...notCid)), c.InvalidCidError);
  });
});

describe("packBatch / unpackBatch", () => {
  const item = (n: number, fill: number) => new Uint8Array(n).fill(fill);
  it("round-trips 1..128 items of 1..128 bytes", () => {
    const items = Array.from({ length: c.MAX_BATCH_ITEMS }, (_, i) => item((i % 128) + 1, i));
    expect(c.unpackBatch(c.packBatch(items))).toEqual(items);
    expect(c.unpackBatch(c.packBatch([item(1, 7)]))).toEqual([item(1, 7)]);
  });

  it("refuses bad batches on both sides", () => {
    expect(() => c.packBatch([])).toThrow(c.InvalidLengthError);
    expect(() => c.packBatch([item(0, 0)])).toThrow(c.InvalidLengthError);
    expect(() => c.packBatch([item(129, 0)])).toThrow(c.InvalidLengthError);
    expect(() => c.packBatch(Array.from({ length: 129 }, () => item(1, 0)))).toThrow(c.BatchTooLargeError);
    expect(() => c.unpackBatch(new Uint8Array(0))).toThrow(c.MalformedBatchError);
    expect(() => c.unpackBatch(Uint8Array.of(0))).toThrow(c.MalformedBatchError);
    expect(() => c.unpackBatch(Uint8Array.of(129, ...item(129, 1)))).toThrow(c.MalformedBatchError);
    expect(() => c.unpackBatch(Uint8Array.of(2, 1))).toThrow(c.MalformedBatchError);
    expect(() => c.unpackBatch(Uint8Array.of(1, 1, 5, 1))).toThrow(c.MalformedBatchError);
    const tooMany = new Uint8Array(2 * 129).fill(1);
    expect(() => c.unpackBatch(tooMany)).toThrow(c.BatchTooLargeError);
  });
});
