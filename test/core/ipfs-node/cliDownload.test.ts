/**
 * The CLI's download path (scripts/cli: openIpfs + saveToFile, what `download` runs): an
 * attachment comes through the pinning node's trustless gateway, verified, even when no peer
 * can serve it by bitswap (the CLI's node is dialled to a second, empty node), and a download
 * that fails leaves no file behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import type { CID } from "multiformats/cid";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decryptFileStream, DecryptionFailedError, encryptFileStreamPieces, generateKey } from "@cairn/core/crypto";
import { addFileStream, catFileStream, IpfsAbortedError } from "@cairn/core/ipfs";
import { openIpfs, type CliIpfs } from "../../../scripts/cli/openIpfs.js";
import { saveToFile } from "../../../scripts/cli/saveToFile.js";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient } from "../ipfs/signedInClient.js";
import { MiB, pattern } from "../ipfs/testBytes.js";

const SIZE = 12 * MiB + 5;
const CHUNK = 512 * 1024;

async function sha256Of(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of source) hash.update(chunk);
  return hash.digest("hex");
}

describe("CLI download", () => {
  let dir: string;
  let holder: PinningNode;
  let empty: PinningNode;
  let cli: CliIpfs;
  let root: CID;
  const key = generateKey();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-cli-download-"));
    [holder, empty] = await Promise.all(["holder", "empty"].map((name) => startPinningNode({ dataDir: join(dir, name), wsPort: 0, apiPort: 0 })));
    const store = new MemoryBlockstore();
    root = await addFileStream({ blockstore: store }, encryptFileStreamPieces(pattern(SIZE, MiB, undefined, 51), { key, chunkSize: CHUNK }));
    await signedInClient(holder.apiUrl).uploadDag(store, root, { partBytes: 4 * MiB });
    cli = await openIpfs({ dir: join(dir, "cli"), pin: holder.apiUrl, ipfs: empty.multiaddrs[0] });
  });

  afterAll(async () => {
    await cli?.close();
    await Promise.all([holder?.stop(), empty?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const download = (options: { key?: Uint8Array; signal?: AbortSignal; onProgress?: (bytes: number) => void } = {}) =>
    decryptFileStream(catFileStream(cli.readSources.fileSource, root, { signal: options.signal, onProgress: options.onProgress, timeoutMs: 5_000 }), { key: options.key ?? key, chunkSize: CHUNK });
  const outputs = async () => (await readdir(join(dir, "out"))).sort();

  it("reads through the gateway, with no bitswap peer holding the file, and writes the file whole", async () => {
    const connectedTo = cli.node.helia.libp2p.getConnections().map((c) => c.remotePeer.toString());
    expect(connectedTo).toContain(empty.peerId);
    expect(connectedTo).not.toContain(holder.peerId);
    await mkdir(join(dir, "out"));
    const out = join(dir, "out", "file.bin");
    await saveToFile(download(), out);
    expect(await sha256Of([await readFile(out)])).toBe(await sha256Of(pattern(SIZE, MiB, undefined, 51)));
    expect(await outputs()).toEqual(["file.bin"]);
  });

  it("leaves no file when the download fails: wrong key, or cancelled half-way", async () => {
    const wrongKey = join(dir, "out", "wrong-key.bin");
    await expect(saveToFile(download({ key: generateKey() }), wrongKey)).rejects.toBeInstanceOf(DecryptionFailedError);
    const cancel = new AbortController();
    const halfWay = join(dir, "out", "cancelled.bin");
    const cancelled = saveToFile(download({ signal: cancel.signal, onProgress: (bytes) => bytes > SIZE / 2 && cancel.abort() }), halfWay);
    await expect(cancelled).rejects.toBeInstanceOf(IpfsAbortedError);
    expect(await outputs()).toEqual(["file.bin"]);
  });
});
