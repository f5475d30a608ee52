import { afterAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import type { CID } from "multiformats/cid";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { generatePrivateKey } from "viem/accounts";
import { addFileStream, catFileStream, createClientNode, exportCar } from "@cairn/core/ipfs";
import { spawnPinningNode, type SpawnedPinningNode } from "../../../scripts/ipfs/spawnPinningNode.js";
import { signedInClient } from "../ipfs/signedInClient.js";
import { digestOf, MiB, pattern } from "../ipfs/testBytes.js";

const OWNER = generatePrivateKey();

/** Re-chunk a stream into small pieces sent slowly, reporting bytes sent. */
async function* throttled(source: AsyncIterable<Uint8Array>, onSent: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length; offset += 64 * 1024) {
      const piece = chunk.subarray(offset, offset + 64 * 1024);
      await sleep(10);
      sent += piece.length;
      onSent(sent);
      yield piece;
    }
  }
}

interface Upload {
  root: CID;
  size: number;
  offset: number;
  sent: number;
  acknowledged: boolean;
  done: Promise<unknown>;
}

describe("pinning node crash safety", () => {
  let dataDir: string;
  let running: SpawnedPinningNode | undefined;
  const spawnNode = (dir: string) => spawnPinningNode({ dataDir: dir });

  afterAll(async () => {
    running?.child.kill("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("after SIGKILL mid-upload, serves every acknowledged pin and lists no partial one", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-crash-"));
    running = await spawnNode(dataDir);
    const client = signedInClient(running.apiUrl, { privateKey: OWNER, maxAttempts: 1 });
    await client.token();

    const specs = [
      { size: MiB + 1, offset: 10 },
      { size: 2 * MiB + 2, offset: 11 },
      { size: MiB + 3, offset: 12 },
      { size: 12 * MiB, offset: 20 },
      { size: 12 * MiB, offset: 21 },
      { size: 12 * MiB, offset: 22 },
    ];
    const uploads: Upload[] = [];
    for (const { size, offset } of specs) {
      const blockstore = new MemoryBlockstore();
      const root = await addFileStream({ blockstore }, pattern(size, MiB, undefined, offset));
      const upload: Upload = { root, size, offset, sent: 0, acknowledged: false, done: Promise.resolve() };
      const body = size > 4 * MiB ? throttled(exportCar(blockstore, root), (n) => (upload.sent = n)) : exportCar(blockstore, root);
      upload.done = client.uploadCar(body).then(
        (status) => (upload.acknowledged = status.status === "pinned"),
        () => undefined,
      );
      uploads.push(upload);
    }
    const small = uploads.slice(0, 3);
    const large = uploads.slice(3);
    await Promise.all(small.map((u) => u.done));
    while (large.some((u) => u.sent < u.size / 4)) await sleep(20);

    running.child.kill("SIGKILL");
    await running.exited;
    await Promise.all(uploads.map((u) => u.done));
    expect(small.every((u) => u.acknowledged)).toBe(true);
    expect(large.some((u) => u.acknowledged)).toBe(false);

    running = await spawnNode(dataDir);
    const after = signedInClient(running.apiUrl, { privateKey: OWNER });
    const reader = await createClientNode({ bootstrap: running.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    try {
      for (const upload of uploads) {
        const listed = await after.list({ cid: [upload.root], status: ["queued", "pinning", "pinned", "failed"] });
        if (!upload.acknowledged) {
          expect(listed.count).toBe(0);
          continue;
        }
        expect(listed.results.map((r) => r.status)).toEqual(["pinned"]);
        const served = await digestOf(catFileStream(reader.helia, upload.root, { timeoutMs: 10_000 }));
        expect(served).toEqual(await digestOf(pattern(upload.size, MiB, undefined, upload.offset)));
      }
    } finally {
      await reader.stop();
    }

    expect(await running.stop()).toBe(0);
    running = undefined;
  });
});
