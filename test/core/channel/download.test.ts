import { describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import type { PublicClient } from "viem";
import { createChannelService, DownloadSizeMismatchError, type ChannelContext } from "@cairn/core/channel";
import { encryptFileStreamPieces, generateIdentityKey, generateKey } from "@cairn/core/crypto";
import type { Attachment } from "@cairn/core/envelope";
import { addFileStream, type PinningClient } from "@cairn/core/ipfs";

const CHUNK = 1024;

/** A channel service that can only download (the app's AttachmentView and the CLI's `download` both go through it). */
async function serviceWithFile(bytes: Uint8Array) {
  const blockstore = new MemoryBlockstore();
  const key = generateKey();
  const cid = await addFileStream({ blockstore }, encryptFileStreamPieces([bytes], { key, chunkSize: CHUNK }));
  const context: ChannelContext = {
    publicClient: {} as PublicClient,
    sender: async () => {
      throw new Error("downloads send nothing");
    },
    account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    identity: generateIdentityKey(),
    ipfs: { blockstore },
    pinning: {} as PinningClient,
    chainId: 31337,
    deployment: { keyDirectory: "0x5FbDB2315678afecb367f032d93F642f64180aa3", channelRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", fromBlock: 0n },
  };
  const service = createChannelService({ ...context, channelId: 1n });
  const attachment = (size: number): Attachment => ({ name: "file.bin", mimeType: "", size, chunkSize: CHUNK, key, cid });
  return { service, attachment };
}

async function drain(stream: AsyncIterable<Uint8Array>) {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

describe("ChannelService.download", () => {
  const bytes = new Uint8Array(3 * CHUNK + 100).map((_, i) => i % 251);

  it("streams a file of the declared size", async () => {
    const { service, attachment } = await serviceWithFile(bytes);
    expect(await drain(service.download(attachment(bytes.length)))).toBe(bytes.length);
  });

  it("fails a file longer than its message declares as soon as it runs past the size", async () => {
    const { service, attachment } = await serviceWithFile(bytes);
    const declared = CHUNK + 1;
    let passed = 0;
    const reading = (async () => {
      for await (const chunk of service.download(attachment(declared))) passed += chunk.length;
    })();
    await expect(reading).rejects.toBeInstanceOf(DownloadSizeMismatchError);
    expect(passed).toBeLessThanOrEqual(declared);
  });

  it("fails a file shorter than its message declares at its end", async () => {
    const { service, attachment } = await serviceWithFile(bytes);
    await expect(drain(service.download(attachment(bytes.length + 1)))).rejects.toMatchObject({
      name: "DownloadSizeMismatchError",
      declared: bytes.length + 1,
      received: bytes.length,
    });
  });
});
