/**
 * prepareMessage + deliverMessages with files against a real pinning node (in process): upload
 * phases with bytes, the pinned DAG readable from the node, and cancellation through an
 * AbortSignal at each stage. The chain is out of scope here: the transaction sender only
 * records what it is asked to send, and the chain only tells its head (test/contracts/
 * persistence.test.ts and sendFaults.test.ts cover the chain path).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CID } from "multiformats/cid";
import type { Hash, TransactionReceipt } from "viem";
import type { TxRequest } from "@cairn/core/chain";
import { deliverMessages, prepareMessage, type ChannelContext, type UploadProgress } from "@cairn/core/channel";
import { generateKey } from "@cairn/core/crypto";
import { MemoryDatastore } from "datastore-core/memory";
import { generatePrivateKey } from "viem/accounts";
import { catFileStream, createClientNode, createGatewayBlockstore, IpfsAbortedError } from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient } from "../ipfs/signedInClient.js";
import { MiB, pattern } from "../ipfs/testBytes.js";
import { memoryRegistryRpc } from "./memoryRegistryRpc.js";

const OWNER = generatePrivateKey();
const ACCOUNT = "0x00000000000000000000000000000000000000a1";

describe("deliverMessages with files", () => {
  let dataDir: string;
  let node: PinningNode;
  const posted: TxRequest[] = [];

  const context = (): ChannelContext =>
    ({
      publicClient: memoryRegistryRpc().client,
      ipfs: { blockstore: new MemoryBlockstore() },
      pinning: signedInClient(node.apiUrl, { privateKey: OWNER, backoffMs: 10 }),
      chainId: 31337,
      account: ACCOUNT,
      deployment: { keyDirectory: ACCOUNT, channelRegistry: ACCOUNT, fromBlock: 0n },
      sender: async (request: TxRequest) => {
        posted.push(request);
        return { transactionHash: `0x${"11".repeat(32)}` as Hash, blockNumber: 7n } as TransactionReceipt;
      },
    }) as unknown as ChannelContext;
  const target = { channelId: 1n, epoch: 1, key: generateKey() };
  const file = (size: number, offset: number) => ({ name: "data.bin", mimeType: "application/octet-stream", content: pattern(size, 64 * 1024, undefined, offset) });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-deliver-"));
    node = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0 });
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reports encrypting, uploading, pinning and pinned with bytes, then posts once", async () => {
    const ctx = context();
    const size = 20 * MiB + 5;
    const encrypted: number[] = [];
    const message = await prepareMessage(ctx, target, { files: [file(size, 1)] }, { onFileProgress: (_, bytes) => encrypted.push(bytes) });
    expect(encrypted.at(-1)).toBe(size);
    const events: UploadProgress[] = [];
    const before = posted.length;
    await deliverMessages(ctx, [message], { onUpload: (event) => events.push({ ...event }) });
    expect(message.status).toBe("confirmed");
    expect(posted.length).toBe(before + 1);
    const phases = events.map((event) => event.phase);
    expect(phases.slice(0, 2)).toEqual(["uploading", "uploading"]);
    expect(phases.slice(-2)).toEqual(["pinning", "pinned"]);
    const uploaded = events.filter((event) => event.phase === "uploading").map((event) => event.bytes);
    expect(uploaded).toEqual([...uploaded].sort((x, y) => x - y));
    expect(events.find((event) => event.phase === "pinning")!.bytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(events.at(-1)!.bytes).toBeGreaterThan(size);
    const attachment = message.envelope.attachments[0];
    expect(events.every((event) => event.cid.equals(attachment.cid))).toBe(true);
    const fromNode = createGatewayBlockstore({ url: node.apiUrl, local: new MemoryBlockstore() });
    expect((await ctx.pinning.find(attachment.cid))?.status).toBe("pinned");
    let bytes = 0;
    for await (const chunk of catFileStream({ blockstore: fromNode }, attachment.cid)) bytes += chunk.length;
    expect(bytes).toBeGreaterThan(size);
  });

  it("pins provisionally and confirms once posted; a message whose post fails keeps provisional pins, which the service drops later", async () => {
    const ctx = context();
    const provisional = async (cid: CID) => (await ctx.pinning.find(cid))?.info?.provisional_until;
    const posted = await prepareMessage(ctx, target, { text: "posted", files: [file(1_000, 5)] });
    await deliverMessages(ctx, [posted]);
    expect(posted.status).toBe("confirmed");
    expect(posted.provisionalPins).toEqual([]);
    for (const cid of [posted.cid, posted.envelope.attachments[0].cid]) {
      expect((await ctx.pinning.find(cid))?.status).toBe("pinned");
      expect(await provisional(cid)).toBeUndefined();
    }
    expect((await ctx.pinning.find(posted.cid))?.pin.name).toBeUndefined();

    const refused = { ...ctx, sender: async () => Promise.reject(new Error("the post failed")) } as ChannelContext;
    const failed = await prepareMessage(refused, target, { text: "not posted", files: [file(1_000, 6)] });
    await deliverMessages(refused, [failed]);
    expect(failed.status).toBe("failed");
    for (const cid of [failed.cid, failed.envelope.attachments[0].cid]) expect(await provisional(cid)).toBeDefined();
    expect(failed.provisionalPins?.length).toBe(2);
  });

  it("sealed again under a newer epoch: confirms the new block and the file, leaves the first block's pin to expire", async () => {
    const ctx = context();
    const refused = { ...ctx, sender: async () => Promise.reject(new Error("the post failed")) } as ChannelContext;
    const message = await prepareMessage(ctx, target, { text: "across a rotation", files: [file(1_000, 8)] });
    await deliverMessages(refused, [message]);
    expect(message.status).toBe("failed");
    const firstBlock = message.cid;

    await deliverMessages(ctx, [message], {}, async () => ({ ...target, epoch: 2, key: generateKey() }));
    expect(message.status).toBe("confirmed");
    expect(message.epoch).toBe(2);
    expect(message.cid.equals(firstBlock)).toBe(false);
    expect(message.provisionalPins).toEqual([]);
    for (const cid of [message.cid, message.envelope.attachments[0].cid]) expect((await ctx.pinning.find(cid))?.info?.provisional_until).toBeUndefined();
    expect((await ctx.pinning.find(firstBlock))?.info?.provisional_until).toBeDefined();
  });

  it("uploads a file again on retry when its provisional pin expired meanwhile", async () => {
    const shortGrace = await startPinningNode({ dataDir: join(dataDir, "short-grace"), wsPort: 0, apiPort: 0, provisionalGraceMs: 300 });
    try {
      const ctx = { ...context(), pinning: signedInClient(shortGrace.apiUrl, { privateKey: OWNER, backoffMs: 10 }) } as ChannelContext;
      const refused = { ...ctx, sender: async () => Promise.reject(new Error("the post failed")) } as ChannelContext;
      const message = await prepareMessage(ctx, target, { text: "late", files: [file(2_000, 7)] });
      await deliverMessages(refused, [message]);
      expect(message.status).toBe("failed");
      await new Promise((done) => setTimeout(done, 1_500));
      await shortGrace.gc.idle();
      const fileCid = message.envelope.attachments[0].cid;
      expect((await fetch(`${shortGrace.apiUrl}/ipfs/${fileCid}?format=raw`)).status).toBe(404);

      await deliverMessages(ctx, [message]);
      expect(message.status).toBe("confirmed");
      for (const cid of [message.cid, fileCid]) {
        const pin = await ctx.pinning.find(cid);
        expect(pin?.status).toBe("pinned");
        expect(pin?.info?.provisional_until).toBeUndefined();
        expect((await fetch(`${shortGrace.apiUrl}/ipfs/${cid}?format=raw`)).status).toBe(200);
      }
    } finally {
      await shortGrace.stop();
    }
  });

  it("stops uploading when the signal fires: failed with IpfsAbortedError, nothing posted, retry completes", async () => {
    const ctx = context();
    const message = await prepareMessage(ctx, target, { files: [file(20 * MiB, 2)] });
    const cancel = new AbortController();
    const before = posted.length;
    const phases: string[] = [];
    await deliverMessages(ctx, [message], {
      signal: cancel.signal,
      onUpload: (event) => {
        phases.push(event.phase);
        cancel.abort();
      },
    });
    expect(message.status).toBe("failed");
    expect(message.error).toBeInstanceOf(IpfsAbortedError);
    expect(phases).toEqual(["uploading"]);
    expect(posted.length).toBe(before);
    expect(message.unpinnedFiles.length).toBe(1);

    await deliverMessages(ctx, [message]);
    expect(message.status).toBe("confirmed");
    expect(posted.length).toBe(before + 1);
  });

  it("pins by CID, the service fetching from this node, when the service has no CAR upload", async () => {
    const device = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    try {
      const carRequests: string[] = [];
      const withoutCar: typeof fetch = async (input, init) => {
        const url = String(input);
        if (new URL(url).pathname === "/car") {
          carRequests.push(url);
          return new Response(JSON.stringify({ error: { reason: "NOT_FOUND" } }), { status: 404 });
        }
        return fetch(input, init);
      };
      const ctx = {
        ...context(),
        ipfs: device.helia,
        pinning: signedInClient(node.apiUrl, { privateKey: OWNER, backoffMs: 10, fetch: withoutCar }),
        pinOrigins: () => device.helia.libp2p.getMultiaddrs().map(String),
      } as ChannelContext;
      const message = await prepareMessage(ctx, target, { text: "by cid", files: [file(3 * MiB, 4)] });
      const phases: string[] = [];
      await deliverMessages(ctx, [message], { onUpload: (event) => phases.push(event.phase) });
      expect(message.status).toBe("confirmed");
      expect(carRequests.length).toBeGreaterThanOrEqual(2);
      expect(phases).toEqual(["pinning", "pinned"]);
      for (const cid of [message.envelope.attachments[0].cid, message.cid]) {
        expect((await ctx.pinning.find(cid))?.status).toBe("pinned");
      }
    } finally {
      await device.stop();
    }
  });

  it("stops encrypting when the signal fires", async () => {
    const cancel = new AbortController();
    const reading = prepareMessage(context(), target, { files: [file(64 * MiB, 3)] }, {
      signal: cancel.signal,
      onFileProgress: (_, bytes) => {
        if (bytes >= 2 * MiB) cancel.abort();
      },
    });
    await expect(reading).rejects.toBeInstanceOf(IpfsAbortedError);
  });

  it("posts nothing when cancelled before posting", async () => {
    const ctx = context();
    const message = await prepareMessage(ctx, target, "text only");
    const before = posted.length;
    await deliverMessages(ctx, [message], { signal: AbortSignal.abort() });
    expect(message.status).toBe("failed");
    expect(message.error).toBeInstanceOf(IpfsAbortedError);
    expect(posted.length).toBe(before);
  });
});
