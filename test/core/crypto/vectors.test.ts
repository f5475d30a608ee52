/** Every vector in test/vectors checked both ways: encode → expected bytes, decode expected bytes → values. */
import { describe, expect, it } from "@jest/globals";
import { CID } from "multiformats/cid";
import { recoverMessageAddress, type Hex } from "viem";
import { channelIdFor } from "@cairn/core/chain";
import * as c from "@cairn/core/crypto";
import * as messages from "@cairn/core/message";
import { sealedKeyAad, wrappedCidAad, metadataAad, signatureKeyMaterial } from "@cairn/core/crypto";
import { decodeEnvelope, encodeEnvelope, padEnvelope, unpadEnvelope } from "@cairn/core/envelope";
import { envelopeFromJson, envelopeToJson } from "../../../testkit/vectorFormat.js";
import { collect, h, hx, join, loadVector, rawCid } from "./helpers.js";

const contextOf = (v: { chainId: number; registry: Hex; channelId: string; epoch: number }) => ({
  chainId: v.chainId,
  registry: v.registry,
  channelId: BigInt(v.channelId),
  epoch: v.epoch,
});

describe("identity vector", () => {
  const v = loadVector("identity");

  it("builds the exact message, signed by the named wallet", async () => {
    expect(c.identityMessage({ domain: v.domain, uri: v.uri, account: v.wallet, chainId: v.chainId, keyDirectory: v.keyDirectory })).toBe(v.message);
    expect(await recoverMessageAddress({ message: v.message, signature: v.signature })).toBe(v.wallet);
  });

  it("builds the exact version-1 message, and its key differs", async () => {
    expect(c.legacyIdentityMessage({ chainId: v.chainId, keyDirectory: v.keyDirectory })).toBe(v.legacy.message);
    expect(await recoverMessageAddress({ message: v.legacy.message, signature: v.legacy.signature })).toBe(v.wallet);
    expect(hx(c.deriveIdentityKey(v.legacy.signature).publicKey)).toBe(v.legacy.publicKey);
    expect(v.legacy.publicKey).not.toBe(v.publicKey);
  });

  it("derives the key pair from the signature", () => {
    expect(hx(signatureKeyMaterial(v.signature))).toBe(v.ikm);
    const pair = c.deriveIdentityKey(v.signature);
    expect(hx(pair.privateKey)).toBe(v.privateKey);
    expect(hx(pair.publicKey)).toBe(v.publicKey);
  });

  it("derives the same key from high-s and v ∈ {0,1} forms of the signature", () => {
    for (const signature of v.equivalentSignatures) {
      expect(hx(c.deriveIdentityKey(signature).privateKey)).toBe(v.privateKey);
      expect(hx(c.checkDeterminism(v.signature, signature).publicKey)).toBe(v.publicKey);
    }
  });
});

describe("safety number vector", () => {
  const v = loadVector("safety-number");
  const a = { address: v.a.address, publicKey: h(v.a.publicKey) };
  const b = { address: v.b.address, publicKey: h(v.b.publicKey) };
  it("matches from both sides", () => {
    expect(c.safetyNumber(a, b)).toBe(v.safetyNumber);
    expect(c.safetyNumber(b, a)).toBe(v.safetyNumber);
    expect(v.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
  });
});

describe("sealed key vector", () => {
  const v = loadVector("sealed-key");
  for (const k of v.cases) {
    it(`seals and opens: ${k.name}`, async () => {
      const context = contextOf(k);
      expect(hx(sealedKeyAad(context, h(v.recipientPublicKey), h(v.ephemeralPublicKey)))).toBe(k.aad);
      const sealed = await c.sealKey({
        ...context,
        key: h(v.key),
        recipientPublicKey: h(v.recipientPublicKey),
        ephemeralPrivateKey: h(v.ephemeralPrivateKey),
        iv: h(v.iv),
      });
      expect(hx(sealed)).toBe(k.sealedKey);
      expect(hx(sealed.subarray(1, 33))).toBe(v.ephemeralPublicKey);
      const opened = await c.openSealedKey({ ...context, sealedKey: h(k.sealedKey), privateKey: h(v.recipientPrivateKey) });
      expect(hx(opened)).toBe(v.key);
    });
  }

  it("binds the real channel id in epoch 1 as in every epoch: under any other id (0 included) it does not open", async () => {
    const k = v.cases.find((x: { epoch: number }) => x.epoch === 1);
    for (const channelId of [0n, BigInt(k.channelId) + 1n]) {
      const opening = c.openSealedKey({ ...contextOf(k), channelId, sealedKey: h(k.sealedKey), privateKey: h(v.recipientPrivateKey) });
      await expect(opening).rejects.toBeInstanceOf(c.DecryptionFailedError);
    }
  });
});

describe("channel id vector", () => {
  const v = loadVector("channel-id");
  it("derives the id from the creator and the salt", () => {
    expect(channelIdFor(v.creator, v.salt).toString()).toBe(v.channelId);
  });
});

describe("public key material vector", () => {
  const v = loadVector("public-key-material");
  it("encodes and decodes", () => {
    expect(hx(c.encodePublicKeyMaterial(h(v.key)))).toBe(v.keyMaterial);
    expect(hx(c.decodePublicKeyMaterial(h(v.keyMaterial)))).toBe(v.key);
  });
});

describe("content AAD vector", () => {
  const v = loadVector("content-aad");
  it("encodes chain id, registry, channel id, epoch and sender", () => {
    const aad = c.contentAad({ ...contextOf(v), sender: v.sender });
    expect(hx(aad)).toBe(v.aad);
    expect(aad.length).toBe(125);
  });
});

describe("envelope vectors", () => {
  const v = loadVector("envelope");
  for (const k of v.cases) {
    it(`encodes, pads and decodes: ${k.name}`, () => {
      const envelope = envelopeFromJson(k.envelope);
      expect(hx(encodeEnvelope(envelope))).toBe(k.encoded);
      expect(envelopeToJson(decodeEnvelope(h(k.encoded)))).toEqual(k.envelope);
      const padded = padEnvelope(h(k.encoded));
      expect(padded.length).toBe(k.paddedLength);
      expect(hx(unpadEnvelope(padded))).toBe(k.encoded);
    });
  }
});

describe("message block vector", () => {
  const v = loadVector("message-block");
  const context = { ...contextOf(v), sender: v.sender };
  const envelope = envelopeFromJson(v.envelope);
  it("seals to the exact block and CID", async () => {
    expect(hx(padEnvelope(encodeEnvelope(envelope)))).toBe(v.padded);
    expect(hx(c.contentAad(context))).toBe(v.aad);
    const block = await messages.sealMessage({ ...context, key: h(v.key), envelope, iv: h(v.iv) });
    expect(hx(block)).toBe(v.block);
    expect((await rawCid(block)).toString()).toBe(v.blockCid);
  });
  it("opens to the envelope", async () => {
    const opened = await messages.openMessage({ ...context, key: h(v.key), block: h(v.block) });
    expect(envelopeToJson(opened)).toEqual(v.envelope);
  });
});

describe("wrapped CID vector", () => {
  const v = loadVector("wrapped-cid");
  const context = { ...contextOf(v), sender: v.sender };
  it("wraps to 69 bytes", async () => {
    expect(hx(wrappedCidAad(context))).toBe(v.aad);
    const wrapped = await c.wrapCid({ ...context, key: h(v.key), cid: CID.parse(v.cid), iv: h(v.iv) });
    expect(hx(wrapped)).toBe(v.wrappedCid);
    expect(wrapped.length).toBe(69);
  });
  it("unwraps and reports the epoch", async () => {
    expect(c.wrappedCidEpoch(h(v.wrappedCid))).toBe(v.epoch);
    const { cid, epoch } = await c.unwrapCid({ ...context, key: h(v.key), wrappedCid: h(v.wrappedCid) });
    expect(cid.toString()).toBe(v.cid);
    expect(epoch).toBe(v.epoch);
  });
});

describe("batch vector", () => {
  const v = loadVector("batch");
  it("packs and unpacks", () => {
    expect(hx(c.packBatch(v.items.map(h)))).toBe(v.packed);
    expect(c.unpackBatch(h(v.packed)).map(hx)).toEqual(v.items);
  });
});

describe("metadata vector", () => {
  const v = loadVector("metadata");
  it("encodes and decodes public metadata", () => {
    expect(hx(c.encodeChannelMetadata(v.metadata))).toBe(v.public);
    expect(c.decodeChannelMetadata(h(v.public))).toEqual(v.metadata);
  });
  for (const k of v.private) {
    it(`encrypts and decrypts private metadata: ${k.name}`, async () => {
      const context = contextOf(k);
      expect(hx(metadataAad(context))).toBe(k.aad);
      const encrypted = await c.encryptChannelMetadata({ ...context, metadata: v.metadata, key: h(v.key), iv: h(v.iv) });
      expect(hx(encrypted)).toBe(k.metadata);
      expect(await c.decryptChannelMetadata({ ...context, metadata: h(k.metadata), key: h(v.key) })).toEqual(v.metadata);
    });
  }
});

describe("file stream vector", () => {
  const v = loadVector("file-stream");
  const plaintext = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);
  for (const k of v.cases) {
    it(`encrypts and decrypts: ${k.name}`, async () => {
      const options = { key: h(v.key), chunkSize: v.chunkSize };
      const encrypted = await collect(c.encryptFileStream([plaintext(k.size)], { ...options, noncePrefix: h(v.noncePrefix) }));
      expect(encrypted.map(hx)).toEqual([k.header, ...k.chunks]);
      const encryptedBytes = join([k.header, ...k.chunks].map(h));
      expect(encryptedBytes.length).toBe(c.encryptedFileSize(k.size, v.chunkSize));
      const decrypted = join(await collect(c.decryptFileStream([encryptedBytes], options)));
      expect(decrypted).toEqual(plaintext(k.size));
    });
  }
});

describe("backup vector", () => {
  const v = loadVector("backup");
  it("backs up and restores", async () => {
    const backup = await c.backupIdentityKey({
      privateKey: h(v.privateKey),
      passphrase: v.passphrase,
      logN: v.logN,
      r: v.r,
      p: v.p,
      salt: h(v.salt),
      iv: h(v.iv),
    });
    expect(hx(backup)).toBe(v.backup);
    const restored = await c.restoreIdentityKey({ backup: h(v.backup), passphrase: v.passphrase });
    expect(hx(restored.privateKey)).toBe(v.privateKey);
    expect(hx(restored.publicKey)).toBe(v.publicKey);
  });
});
