import { describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core";
import { keccak256, toHex } from "viem";
import type { ChainMessage } from "@cairn/core/chain";
import { EpochKeyUnavailableError } from "@cairn/core/channel";
import { openChainMessage } from "@cairn/core/channel";
import { prepareMessage } from "@cairn/core/channel";
import { DecryptionFailedError, decryptFileStream, generateKey, UnknownVersionError } from "@cairn/core/crypto";
import { BlockNotFoundError, catFileStream, createStorage } from "@cairn/core/ipfs";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const deployment = {
  keyDirectory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  channelRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  fromBlock: 0n,
} as const;
const CHANNEL = 3n;

async function setup() {
  const ipfs = { blockstore: new MemoryBlockstore() };
  const key = generateKey();
  const context = { ipfs, chainId: 31337, deployment, account: ALICE };
  const target = { channelId: CHANNEL, epoch: 2, key };
  const chainMessage = (wrappedCid: Uint8Array, sender: `0x${string}` = ALICE): ChainMessage => ({
    channelId: CHANNEL,
    sender,
    wrappedCid,
    blockNumber: 12n,
    logIndex: 4,
    batchIndex: 1,
    txHash: keccak256(toHex("tx")),
    timestamp: 1_700_000_000,
  });
  const reader = (keys: Map<number, Uint8Array>, blockstore = ipfs.blockstore) => ({
    chainId: 31337,
    registry: deployment.channelRegistry,
    keyFor: async (epoch: number) => {
      const found = keys.get(epoch);
      if (!found) throw new EpochKeyUnavailableError(CHANNEL, epoch);
      return found;
    },
    storage: createStorage({ blockstore }),
    blockTimeoutMs: 1_000,
  });
  return { ipfs, key, context, target, chainMessage, reader };
}

describe("prepareMessage → openChainMessage", () => {
  it("round-trips text, reply-to and chain coordinates", async () => {
    const { key, context, target, chainMessage, reader } = await setup();
    const first = await prepareMessage(context, target, "hello");
    const reply = await prepareMessage(context, target, { text: "re: hello", replyTo: first.id });
    const opened = await openChainMessage(reader(new Map([[2, key]])), chainMessage(reply.wrappedCid));
    expect(opened).toMatchObject({
      id: reply.id,
      status: "confirmed",
      text: "re: hello",
      replyTo: first.id,
      sender: ALICE,
      epoch: 2,
      blockNumber: 12n,
      logIndex: 4,
      batchIndex: 1,
      blockTimestamp: 1_700_000_000,
      timestamp: reply.envelope.timestamp,
    });
    expect(opened.error).toBeUndefined();
  });

  it("stores attachments encrypted; the attachment in the envelope decrypts them back", async () => {
    const { ipfs, key, context, target, chainMessage, reader } = await setup();
    const content = Uint8Array.from({ length: 5_000 }, (_, i) => (i * 7) % 251);
    const sent = await prepareMessage(context, target, { files: [{ name: "a.bin", mimeType: "application/octet-stream", content: [content.slice(0, 1_000), content.slice(1_000)] }] });
    const opened = await openChainMessage(reader(new Map([[2, key]])), chainMessage(sent.wrappedCid));
    expect(opened.text).toBe("");
    const [attachment] = opened.attachments;
    expect(attachment).toMatchObject({ name: "a.bin", size: 5_000 });
    const chunks: Uint8Array[] = [];
    for await (const chunk of decryptFileStream(catFileStream(ipfs, attachment.cid), attachment)) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(content));
    expect(sent.unpinnedFiles.map(String)).toEqual([attachment.cid.toString()]);
  });

  it("reports a message whose key this reader lacks as undecryptable, with its txHash", async () => {
    const { context, target, chainMessage, reader } = await setup();
    const sent = await prepareMessage(context, target, "secret");
    const opened = await openChainMessage(reader(new Map()), chainMessage(sent.wrappedCid));
    expect(opened.status).toBe("undecryptable");
    expect(opened.error).toBeInstanceOf(EpochKeyUnavailableError);
    expect(opened.txHash).toBe(keccak256(toHex("tx")));
  });

  it("reports a wrong key or a forged sender as undecryptable (AAD binds the sender)", async () => {
    const { key, context, target, chainMessage, reader } = await setup();
    const sent = await prepareMessage(context, target, "secret");
    const wrongKey = await openChainMessage(reader(new Map([[2, generateKey()]])), chainMessage(sent.wrappedCid));
    expect(wrongKey.status).toBe("undecryptable");
    expect(wrongKey.error).toBeInstanceOf(DecryptionFailedError);
    const forged = await openChainMessage(reader(new Map([[2, key]])), chainMessage(sent.wrappedCid, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
    expect(forged.error).toBeInstanceOf(DecryptionFailedError);
  });

  it("reports a missing block as unavailable, with the message id it would have", async () => {
    const { key, context, target, chainMessage, reader } = await setup();
    const sent = await prepareMessage(context, target, "gone");
    const opened = await openChainMessage(reader(new Map([[2, key]]), new MemoryBlockstore()), chainMessage(sent.wrappedCid));
    expect(opened.status).toBe("unavailable");
    expect(opened.error).toBeInstanceOf(BlockNotFoundError);
    expect(opened.id).toBe(sent.id);
  });

  it("reports an unknown wrapped-CID version as unsupported instead of crashing", async () => {
    const { key, context, target, chainMessage, reader } = await setup();
    const sent = await prepareMessage(context, target, "v1");
    const future = Uint8Array.from(sent.wrappedCid);
    future[0] = 9;
    const opened = await openChainMessage(reader(new Map([[2, key]])), chainMessage(future));
    expect(opened.status).toBe("unsupported");
    expect(opened.error).toBeInstanceOf(UnknownVersionError);
  });

  it("refuses an empty message", async () => {
    const { context, target } = await setup();
    await expect(prepareMessage(context, target, "")).rejects.toThrow("needs text or at least one file");
  });
});
