/**
 * Property tests: random and mutated (bit flips, overwrites, truncations, extensions, insertions,
 * deletions of valid encodings) inputs against every decoder that reads untrusted bytes. The only
 * allowed outcomes are a valid result or a typed CairnError — never UnexpectedDecodeError, which
 * would mean the decoder hit an exception it did not anticipate.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import * as c from "@cairn/core/crypto";
import * as messages from "@cairn/core/message";
import { aesGcmEncrypt, importAesKey } from "@cairn/core/crypto";
import { decodeEnvelope, encodeEnvelope, padEnvelope } from "@cairn/core/envelope";
import { channel, cidArb, envelopeArb, mutationArb } from "./helpers.js";

const RUNS = 10_000;
const key = c.generateKey();

/** Random bytes, half of them starting with the current version byte so parsing goes deeper. */
const randomInput = (maxLength: number) =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    fc.uint8Array({ maxLength }).map((bytes) => Uint8Array.of(1, ...bytes)),
  );

function expectTypedFailure(error: unknown) {
  expect(error).toBeInstanceOf(c.CairnError);
  expect(error).not.toBeInstanceOf(c.UnexpectedDecodeError);
}

async function outcome<T>(run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    expectTypedFailure(error);
    return undefined;
  }
}

/** A pool of valid encodings to mutate (drawing from a pool keeps 10,000 runs cheap). */
const validEnvelopeBytes = fc.constantFrom(...fc.sample(envelopeArb, 300).map((envelope) => encodeEnvelope(envelope)));

describe("decodeEnvelope under random and mutated input", () => {
  const check = async (bytes: Uint8Array) => {
    const decoded = await outcome(() => decodeEnvelope(bytes));
    if (decoded) expect(encodeEnvelope(decoded)).toEqual(bytes); // accepted ⇒ canonical
  };
  it(`${RUNS} random inputs`, async () => {
    await fc.assert(fc.asyncProperty(randomInput(300), check), { numRuns: RUNS });
  });
  it(`${RUNS} mutated encodings`, async () => {
    await fc.assert(fc.asyncProperty(mutationArb(validEnvelopeBytes), check), { numRuns: RUNS });
  });
});

describe("unpackBatch under random and mutated input", () => {
  const check = async (bytes: Uint8Array) => {
    const items = await outcome(() => c.unpackBatch(bytes));
    if (items) expect(c.packBatch(items)).toEqual(bytes);
  };
  const validBatch = fc
    .array(fc.uint8Array({ minLength: 1, maxLength: 128 }), { minLength: 1, maxLength: 10 })
    .map((items) => c.packBatch(items));
  it(`${RUNS} random inputs`, async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), check), { numRuns: RUNS });
  });
  it(`${RUNS} mutated encodings`, async () => {
    await fc.assert(fc.asyncProperty(mutationArb(validBatch), check), { numRuns: RUNS });
  });
});

describe("unwrapCid under random and mutated input", () => {
  const check = async (wrappedCid: Uint8Array) => {
    const result = await outcome(() => c.unwrapCid({ ...channel, key, wrappedCid }));
    if (result) expect(result.epoch).toBe(channel.epoch);
  };
  const validWrapped = fc.tuple(cidArb, fc.uint8Array({ minLength: 12, maxLength: 12 }));
  it(`${RUNS} random inputs`, async () => {
    await fc.assert(fc.asyncProperty(randomInput(140), check), { numRuns: RUNS });
  });
  it(`${RUNS} mutated encodings`, async () => {
    const samples = await Promise.all(
      fc.sample(validWrapped, 50).map(([cid, iv]) => c.wrapCid({ ...channel, key, cid, iv })),
    );
    await fc.assert(fc.asyncProperty(mutationArb(fc.constantFrom(...samples)), check), { numRuns: RUNS });
  });
});

describe("openMessage under random and mutated input", () => {
  const check = async (block: Uint8Array) => {
    await outcome(() => messages.openMessage({ ...channel, key, block }));
  };
  it(`${RUNS} random inputs`, async () => {
    await fc.assert(fc.asyncProperty(randomInput(600), check), { numRuns: RUNS });
  });
  it(`${RUNS} mutated blocks`, async () => {
    const samples = await Promise.all(fc.sample(envelopeArb, 50).map((envelope) => messages.sealMessage({ ...channel, key, envelope })));
    await fc.assert(fc.asyncProperty(mutationArb(fc.constantFrom(...samples)), check), { numRuns: RUNS });
  });
  it(`${RUNS} authentic blocks around mutated plaintexts (exercises unpadding and decoding)`, async () => {
    const aesKey = await importAesKey(key);
    const aad = c.contentAad(channel);
    const iv = new Uint8Array(12);
    const plaintexts = fc.oneof(
      mutationArb(validEnvelopeBytes.map(padEnvelope)),
      mutationArb(validEnvelopeBytes).map((bytes) => (bytes.length < 131_072 ? padEnvelope(bytes) : bytes)),
    );
    await fc.assert(
      fc.asyncProperty(plaintexts, async (padded) => {
        const block = Uint8Array.of(1, ...iv, ...(await aesGcmEncrypt(aesKey, iv, aad, padded)));
        const envelope = await outcome(() => messages.openMessage({ ...channel, key, block }));
        if (envelope) expect(padEnvelope(encodeEnvelope(envelope))).toEqual(padded);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the other decoders under random and mutated input", () => {
  const SMALL = 1_000;
  const identity = c.generateIdentityKey();
  const context = { ...channel, epoch: 2 };

  it(`openSealedKey: ${SMALL} random and ${SMALL} mutated`, async () => {
    const check = async (sealedKey: Uint8Array) => {
      const opened = await outcome(() => c.openSealedKey({ ...context, sealedKey, privateKey: identity.privateKey }));
      if (opened) expect(opened).toEqual(key);
    };
    const sealed = await c.sealKey({ ...context, key, recipientPublicKey: identity.publicKey });
    await fc.assert(fc.asyncProperty(randomInput(120), check), { numRuns: SMALL });
    await fc.assert(fc.asyncProperty(mutationArb(fc.constant(sealed)), check), { numRuns: SMALL });
  });

  it(`channel metadata: ${SMALL} random and ${SMALL} mutated, both modes`, async () => {
    const metadata = { name: "rocks", description: "granite" };
    const encrypted = await c.encryptChannelMetadata({ ...context, metadata, key });
    const check = async (bytes: Uint8Array) => {
      const plain = await outcome(() => c.decodeChannelMetadata(bytes));
      if (plain) expect(c.encodeChannelMetadata(plain)).toEqual(bytes);
      await outcome(() => c.decryptChannelMetadata({ ...context, metadata: bytes, key }));
    };
    await fc.assert(fc.asyncProperty(randomInput(100), check), { numRuns: SMALL });
    await fc.assert(fc.asyncProperty(mutationArb(fc.constantFrom(encrypted, c.encodeChannelMetadata(metadata))), check), {
      numRuns: SMALL,
    });
  });

  it(`public key material and backups: ${SMALL} random inputs`, async () => {
    const check = async (bytes: Uint8Array) => {
      await outcome(() => c.decodePublicKeyMaterial(bytes));
      await outcome(() => c.restoreIdentityKey({ backup: bytes, passphrase: "passphrase" }));
    };
    const backupLike = fc.uint8Array({ minLength: 79, maxLength: 79 }).map((rest) => Uint8Array.of(1, 1, ...rest));
    await fc.assert(fc.asyncProperty(fc.oneof(randomInput(90), backupLike), check), { numRuns: SMALL });
  });
});
