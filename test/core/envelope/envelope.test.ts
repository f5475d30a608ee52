import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { CID } from "multiformats/cid";
import { UnknownVersionError } from "@cairn/core/encoding";
import * as e from "@cairn/core/envelope";
import type { Attachment, Envelope } from "@cairn/core/envelope";
import { envelopeArb, expectThrow, flipBit } from "../crypto/helpers.js";

const cid = CID.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
const attachment: Attachment = {
  name: "a.txt",
  mimeType: "text/plain",
  size: 12,
  chunkSize: 1 << 20,
  key: new Uint8Array(32).fill(7),
  cid,
};
const base: Envelope = { timestamp: 1_700_000_000_000, text: "hello", attachments: [] };
const encode = (overrides: Partial<Envelope>) => e.encodeEnvelope({ ...base, ...overrides });

describe("encodeEnvelope / decodeEnvelope", () => {
  it("round-trips any valid envelope, and the encoding is canonical", () => {
    fc.assert(
      fc.property(envelopeArb, (envelope) => {
        const bytes = e.encodeEnvelope(envelope);
        const decoded = e.decodeEnvelope(bytes);
        expect(decoded.timestamp).toBe(envelope.timestamp);
        expect(decoded.text).toBe(envelope.text);
        expect(decoded.replyTo?.toString()).toBe(envelope.replyTo?.toString());
        expect(decoded.attachments.map((a) => ({ ...a, cid: a.cid.toString() }))).toEqual(
          envelope.attachments.map((a) => ({ ...a, cid: a.cid.toString() })),
        );
        expect(e.encodeEnvelope(decoded)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts the limits exactly", () => {
    const text = "a".repeat(e.MAX_TEXT_BYTES);
    const many = Array.from({ length: e.MAX_ATTACHMENTS }, () => ({ ...attachment, name: "n".repeat(255), mimeType: "m".repeat(127) }));
    const decoded = e.decodeEnvelope(encode({ text, attachments: many, timestamp: Number.MAX_SAFE_INTEGER }));
    expect(decoded.text).toBe(text);
    expect(decoded.attachments).toHaveLength(e.MAX_ATTACHMENTS);
    expect(decoded.timestamp).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("validates every field when encoding", () => {
    expectThrow(() => encode({ text: "a".repeat(e.MAX_TEXT_BYTES + 1) }), e.TextTooLongError);
    expectThrow(() => encode({ text: "\udc00" }), e.InvalidTextError);
    expectThrow(() => encode({ timestamp: -1 }), e.InvalidTimestampError);
    expectThrow(() => encode({ timestamp: 1.5 }), e.InvalidTimestampError);
    expectThrow(() => encode({ timestamp: 2 ** 53 }), e.InvalidTimestampError);
    expectThrow(() => encode({ attachments: Array.from({ length: 33 }, () => attachment) }), e.TooManyAttachmentsError);
    const bad: Partial<Attachment>[] = [
      { name: "" },
      { name: "n".repeat(256) },
      { name: "\ud800" },
      { mimeType: "é" },
      { mimeType: "m".repeat(128) },
      { size: -1 },
      { size: 2 ** 53 },
      { chunkSize: 1023 },
      { chunkSize: (1 << 24) + 1 },
      { key: new Uint8Array(31) },
      { cid: CID.decode(Uint8Array.of(0x01, 0x55, 0x00, 127, ...new Uint8Array(127))) },
    ];
    for (const change of bad) {
      const error = expectThrow(() => encode({ attachments: [attachment, { ...attachment, ...change }] }), Error);
      expect(error instanceof e.InvalidAttachmentError || error instanceof e.InvalidTextError).toBe(true);
      if (error instanceof e.InvalidAttachmentError) expect(error.index).toBe(1);
    }
    const longCid = CID.decode(Uint8Array.of(0x01, 0x55, 0x00, 127, ...new Uint8Array(127)));
    expectThrow(() => encode({ replyTo: longCid }), e.InvalidReplyToError);
  });

  it("reports an unknown version", () => {
    const error = expectThrow(() => e.decodeEnvelope(flipBit(encode({}), 0, 1)), UnknownVersionError);
    expect(error).toMatchObject({ version: 3 });
  });

  it("rejects malformed structure", () => {
    const bytes = encode({ replyTo: cid, attachments: [attachment] });
    const malformed = [
      new Uint8Array(0),
      bytes.subarray(0, 5),
      bytes.subarray(0, bytes.length - 1),
      Uint8Array.of(...bytes, 0),
      Uint8Array.of(...encode({ text: "" }), 0x04, 0, 0, 0, 1, 0), // unknown tag
      Uint8Array.of(...encode({ text: "" }), 0x01, 0, 0, 0, 0), // empty text
      Uint8Array.of(...encode({ text: "x" }), 0x01, 0, 0, 0, 1, 0x78), // repeated tag
      Uint8Array.of(...encode({ text: "", replyTo: cid }), 0x01, 0, 0, 0, 1, 0x78), // out of order
      Uint8Array.of(...encode({ text: "" }), 0x01, 0, 0, 0, 2, 0xc3, 0x28), // invalid UTF-8
      Uint8Array.of(...encode({ text: "" }), 0x02, 0, 0, 0, 3, 1, 2, 3), // not a CID
      Uint8Array.of(...encode({ text: "" }), 0x03, 0, 0, 0, 1, 0), // zero attachments
      Uint8Array.of(...encode({ text: "" }), 0x02, 0, 0, 0, 36, 0x00, ...cid.bytes.subarray(1)), // non-canonical CID (version byte 0)
    ];
    for (const input of malformed) expectThrow(() => e.decodeEnvelope(input), e.MalformedEnvelopeError);
  });

  it("applies the field limits when decoding", () => {
    const tooLong = new Uint8Array(e.MAX_TEXT_BYTES + 1).fill(0x61);
    const header = encode({ text: "" });
    const withField = (tag: number, value: Uint8Array) =>
      Uint8Array.of(...header, tag, ...new Uint8Array(new Uint32Array([value.length]).buffer).reverse(), ...value);
    expectThrow(() => e.decodeEnvelope(withField(0x01, tooLong)), e.TextTooLongError);
    expectThrow(() => e.decodeEnvelope(withField(0x02, new Uint8Array(129))), e.InvalidReplyToError);
    expectThrow(() => e.decodeEnvelope(withField(0x03, Uint8Array.of(33))), e.TooManyAttachmentsError);
    const withChunkSize = encode({ attachments: [{ ...attachment, chunkSize: 1024 }] });
    const at = withChunkSize.length - 1 - cid.bytes.length - 32 - 4;
    const halfChunk = withChunkSize.slice();
    halfChunk[at + 2] = 0x02; // chunk size 1024 → 512
    expectThrow(() => e.decodeEnvelope(halfChunk), e.InvalidAttachmentError);
    const hugeTimestamp = header.slice();
    hugeTimestamp.fill(0xff, 1, 9);
    expectThrow(() => e.decodeEnvelope(hugeTimestamp), e.InvalidTimestampError);
    expectThrow(() => e.decodeEnvelope(new Uint8Array(e.MAX_ENVELOPE_SIZE + 1).fill(1)), e.EnvelopeTooLargeError);
  });
});

describe("padEnvelope / unpadEnvelope", () => {
  it("pads to power-of-two buckets of at least 256 bytes and strips exactly", () => {
    const cases: [number, number][] = [
      [0, 256],
      [255, 256],
      [256, 512],
      [511, 512],
      [512, 1024],
      [e.MAX_ENVELOPE_SIZE, e.MAX_PADDED_SIZE],
    ];
    for (const [length, bucket] of cases) {
      const bytes = new Uint8Array(length).fill(0x80);
      const padded = e.padEnvelope(bytes);
      expect(padded).toHaveLength(bucket);
      expect(e.paddedSize(length)).toBe(bucket);
      expect(e.unpadEnvelope(padded)).toEqual(bytes);
    }
  });

  it("rejects oversize input", () => {
    expectThrow(() => e.padEnvelope(new Uint8Array(e.MAX_PADDED_SIZE)), e.EnvelopeTooLargeError);
    expectThrow(() => e.unpadEnvelope(new Uint8Array(2 * e.MAX_PADDED_SIZE)), e.EnvelopeTooLargeError);
  });

  it("detects bad padding", () => {
    const padded = e.padEnvelope(Uint8Array.of(1, 2, 3));
    const marker = (bytes: Uint8Array, index: number, value: number) => {
      const out = bytes.slice();
      out[index] = value;
      return out;
    };
    const bad = [
      new Uint8Array(256), // no marker
      padded.subarray(0, 255), // not a bucket
      new Uint8Array(300),
      new Uint8Array(128),
      marker(padded, 3, 0x81), // wrong marker
      marker(padded, 255, 1), // junk after the marker
      e.padEnvelope(new Uint8Array(300)).subarray(0, 256), // truncated
      Uint8Array.of(...Uint8Array.of(1, 2, 3, 0x80), ...new Uint8Array(508)), // non-canonical bucket (512 for 3 bytes)
    ];
    for (const input of bad) expectThrow(() => e.unpadEnvelope(input), e.InvalidPaddingError);
  });
});
