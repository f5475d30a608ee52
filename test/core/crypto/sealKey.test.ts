import { describe, expect, it } from "@jest/globals";
import * as c from "@cairn/core/crypto";
import { channel, deployment, expectReject, expectThrow, flipBit, hx } from "./helpers.js";

const recipient = c.generateIdentityKey();
const key = c.generateKey();
const context = { ...deployment, channelId: 5n, epoch: 4 };
const seal = () => c.sealKey({ ...context, key, recipientPublicKey: recipient.publicKey });
const open = (sealedKey: Uint8Array, overrides: Partial<c.OpenSealedKeyParameters> = {}) =>
  c.openSealedKey({ ...context, sealedKey, privateKey: recipient.privateKey, ...overrides });

describe("sealKey / openSealedKey", () => {
  it("round-trips with fresh randomness each time (93 bytes)", async () => {
    const [a, b] = [await seal(), await seal()];
    expect(a).toHaveLength(c.SEALED_KEY_LENGTH);
    expect(hx(a)).not.toBe(hx(b));
    expect(hx(await open(a))).toBe(hx(key));
    expect(hx(await open(b))).toBe(hx(key));
  });

  it("fails for another recipient, channel, epoch, chain or registry", async () => {
    const sealed = await seal();
    await expectReject(open(sealed, { privateKey: c.generateIdentityKey().privateKey }), c.DecryptionFailedError);
    await expectReject(open(sealed, { channelId: 6n }), c.DecryptionFailedError);
    await expectReject(open(sealed, { epoch: 5 }), c.DecryptionFailedError);
    await expectReject(open(sealed, { chainId: 1 }), c.DecryptionFailedError);
    await expectReject(open(sealed, { registry: channel.sender }), c.DecryptionFailedError);
  });

  it("detects every tampered byte", async () => {
    const sealed = await seal();
    // A flipped ephemeral key may land on a low-order point (InvalidPublicKeyError); all else fails the tag.
    for (let i = 1; i < 33; i++) await expectReject(open(flipBit(sealed, i, i % 8)), c.CairnError);
    for (let i = 33; i < sealed.length; i++) await expectReject(open(flipBit(sealed, i, i % 8)), c.DecryptionFailedError);
  });

  it("reports unknown versions and bad lengths", async () => {
    const sealed = await seal();
    await expectReject(open(flipBit(sealed, 0, 1)), c.UnknownVersionError);
    await expectReject(open(sealed.subarray(0, 92)), c.InvalidLengthError);
    await expectReject(open(new Uint8Array(0)), c.InvalidLengthError);
    await expectReject(open(Uint8Array.of(...sealed, 0)), c.InvalidLengthError);
    await expectReject(open(sealed, { privateKey: new Uint8Array(16) }), c.InvalidLengthError);
  });

  it("rejects a low-order ephemeral key and bad inputs when sealing", async () => {
    const sealed = await seal();
    sealed.fill(0, 1, 33);
    await expectReject(open(sealed), c.InvalidPublicKeyError);
    await expectReject(c.sealKey({ ...context, key, recipientPublicKey: new Uint8Array(32) }), c.InvalidPublicKeyError);
    await expectReject(c.sealKey({ ...context, key: new Uint8Array(31), recipientPublicKey: recipient.publicKey }), c.InvalidLengthError);
    await expectReject(c.sealKey({ ...context, epoch: 0, key, recipientPublicKey: recipient.publicKey }), c.InvalidEpochError);
    await expectReject(c.sealKey({ ...context, channelId: -1n, key, recipientPublicKey: recipient.publicKey }), c.InvalidContextError);
  });
});

describe("public key material", () => {
  it("round-trips and rejects bad input", () => {
    const material = c.encodePublicKeyMaterial(key);
    expect(material).toHaveLength(33);
    expect(hx(c.decodePublicKeyMaterial(material))).toBe(hx(key));
    expectThrow(() => c.encodePublicKeyMaterial(new Uint8Array(33)), c.InvalidLengthError);
    expectThrow(() => c.decodePublicKeyMaterial(material.subarray(0, 32)), c.InvalidLengthError);
    expectThrow(() => c.decodePublicKeyMaterial(flipBit(material, 0, 2)), c.UnknownVersionError);
  });
});
