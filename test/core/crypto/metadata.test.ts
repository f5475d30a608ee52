import { describe, expect, it } from "@jest/globals";
import * as c from "@cairn/core/crypto";
import { deployment, expectReject, expectThrow, flipBit } from "./helpers.js";

const key = c.generateKey();
const metadata = { name: "général", description: "A channel about rocks 🪨" };
const context = { ...deployment, channelId: 3n, epoch: 2 };

describe("public channel metadata", () => {
  it("round-trips, including empty and maximal fields", () => {
    for (const m of [metadata, { name: "", description: "" }, { name: "n".repeat(64), description: "d".repeat(512) }])
      expect(c.decodeChannelMetadata(c.encodeChannelMetadata(m))).toEqual(m);
  });

  it("rejects over-long fields and ill-formed text when encoding", () => {
    expectThrow(() => c.encodeChannelMetadata({ name: "n".repeat(65), description: "" }), c.MetadataFieldTooLongError);
    expectThrow(() => c.encodeChannelMetadata({ name: "", description: "é".repeat(257) }), c.MetadataFieldTooLongError);
    expectThrow(() => c.encodeChannelMetadata({ name: "\ud800", description: "" }), c.MalformedMetadataError);
  });

  it("rejects malformed bytes", () => {
    const bytes = c.encodeChannelMetadata(metadata);
    expectThrow(() => c.decodeChannelMetadata(new Uint8Array(0)), c.InvalidLengthError);
    expectThrow(() => c.decodeChannelMetadata(flipBit(bytes, 0, 1)), c.UnknownVersionError);
    expectThrow(() => c.decodeChannelMetadata(Uint8Array.of(1)), c.MalformedMetadataError);
    expectThrow(() => c.decodeChannelMetadata(flipBit(bytes, 1)), c.MalformedMetadataError);
    expectThrow(() => c.decodeChannelMetadata(bytes.subarray(0, bytes.length - 1)), c.MalformedMetadataError);
    expectThrow(() => c.decodeChannelMetadata(Uint8Array.of(...bytes, 0)), c.MalformedMetadataError);
    expectThrow(() => c.decodeChannelMetadata(Uint8Array.of(1, 0, 65, ...new Uint8Array(67))), c.MetadataFieldTooLongError);
    expectThrow(() => c.decodeChannelMetadata(Uint8Array.of(1, 0, 1, 0xff, 0, 0)), c.MalformedMetadataError);
  });
});

describe("private channel metadata", () => {
  it("round-trips and stays under the contract's 1024 bytes at maximum size", async () => {
    const big = { name: "n".repeat(64), description: "d".repeat(512) };
    const encrypted = await c.encryptChannelMetadata({ ...context, metadata: big, key });
    expect(encrypted.length).toBeLessThanOrEqual(c.MAX_METADATA_LENGTH);
    expect(await c.decryptChannelMetadata({ ...context, metadata: encrypted, key })).toEqual(big);
  });

  it("fails with the wrong key, channel, epoch or tampered bytes", async () => {
    const encrypted = await c.encryptChannelMetadata({ ...context, metadata, key });
    const open = (overrides: Partial<c.DecryptChannelMetadataParameters>) =>
      c.decryptChannelMetadata({ ...context, metadata: encrypted, key, ...overrides });
    await expectReject(open({ key: c.generateKey() }), c.DecryptionFailedError);
    await expectReject(open({ channelId: 4n }), c.DecryptionFailedError);
    await expectReject(open({ epoch: 3 }), c.DecryptionFailedError);
    await expectReject(open({ metadata: flipBit(encrypted, 20) }), c.DecryptionFailedError);
    await expectReject(open({ metadata: flipBit(encrypted, 1) }), c.MalformedMetadataError);
    await expectReject(open({ metadata: encrypted.subarray(0, 30) }), c.InvalidLengthError);
  });

  it("binds the channel id in epoch 1 too (the id is derived before the channel exists): a clone's id opens nothing", async () => {
    const encrypted = await c.encryptChannelMetadata({ ...context, epoch: 1, channelId: 76n, metadata, key });
    expect(await c.decryptChannelMetadata({ ...context, epoch: 1, channelId: 76n, metadata: encrypted, key })).toEqual(metadata);
    for (const channelId of [0n, 77n]) {
      await expectReject(c.decryptChannelMetadata({ ...context, epoch: 1, channelId, metadata: encrypted, key }), c.DecryptionFailedError);
    }
  });

  it("is not readable as public metadata and vice versa", async () => {
    const encrypted = await c.encryptChannelMetadata({ ...context, metadata, key });
    expectThrow(() => c.decodeChannelMetadata(encrypted), c.MalformedMetadataError);
    await expectReject(
      c.decryptChannelMetadata({ ...context, metadata: c.encodeChannelMetadata(metadata), key }),
      c.MalformedMetadataError,
    );
  });
});
