/**
 * The browser half of `npm run bench:files` (bundled by esbuild, run in Chromium): the app's
 * file path, timed. A file is a Blob read with `blob.stream()` as the composer reads a File.
 */
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { prepareMessage } from "../../core/channel/index.js";
import { decryptFileStream, generateKey } from "../../core/crypto/index.js";
import { addFileStream, catFileStream, createClientNode, createGatewayBlockstore, createPinningClient } from "../../core/ipfs/index.js";

export interface FilesBenchParams {
  apiUrl: string;
  token: string;
  multiaddrs: string[];
  mib: number;
  /** CAR part size of uploads (the channel service's). */
  partBytes: number;
}

export interface FilesBenchResult {
  bytes: number;
  rawAddSeconds: number;
  encryptAddSeconds: number;
  uploadSeconds: number;
  downloadSeconds: number;
  gatewaySeconds: number;
  localDecryptSeconds: number;
}

const MiB = 1024 * 1024;

/** `mib` MiB of random bytes as a Blob (what a picked File is). */
function randomBlob(mib: number): Blob {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < mib; i++) {
    const piece = new Uint8Array(MiB);
    for (let offset = 0; offset < MiB; offset += 65536) crypto.getRandomValues(piece.subarray(offset, offset + 65536));
    parts.push(piece);
  }
  return new Blob(parts);
}

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) bytes += chunk.length;
  return bytes;
}

async function runFilesBench(params: FilesBenchParams): Promise<FilesBenchResult> {
  const blob = randomBlob(params.mib);
  const raw = await timed(() => addFileStream({ blockstore: new MemoryBlockstore() }, blobChunks(blob)));
  const store = new MemoryBlockstore();
  const sender = "0x00000000000000000000000000000000000000a1";
  const context = { ipfs: { blockstore: store }, chainId: 31337, account: sender, deployment: { keyDirectory: sender, channelRegistry: sender, fromBlock: 0n } } as const;
  const target = { channelId: 1n, epoch: 1, key: generateKey() };
  const encrypted = await timed(() => prepareMessage(context, target, { files: [{ name: "bench.bin", content: blobChunks(blob) }] }));
  const { cid: root, key, chunkSize } = encrypted.value.envelope.attachments[0];
  const pinning = createPinningClient({ url: params.apiUrl, token: params.token });
  const upload = await timed(() => pinning.uploadDag(store, root, { partBytes: params.partBytes }));
  if (upload.value.status !== "pinned") throw new Error(`upload ended ${upload.value.status}`);
  const local = await timed(() => drain(decryptFileStream(catFileStream({ blockstore: store }, root), { key, chunkSize })));
  if (local.value !== blob.size) throw new Error(`local decrypt gave ${local.value} bytes`);
  const viaGateway = createGatewayBlockstore({ url: params.apiUrl, local: new MemoryBlockstore() });
  const gateway = await timed(() => drain(decryptFileStream(catFileStream({ blockstore: viaGateway }, root), { key, chunkSize })));
  if (gateway.value !== blob.size) throw new Error(`gateway download gave ${gateway.value} bytes`);

  const reader = await createClientNode({ bootstrap: params.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
  try {
    const download = await timed(() => drain(decryptFileStream(catFileStream(reader.helia, root), { key, chunkSize })));
    if (download.value !== blob.size) throw new Error(`download gave ${download.value} bytes`);
    return {
      bytes: blob.size,
      rawAddSeconds: raw.seconds,
      encryptAddSeconds: encrypted.seconds,
      uploadSeconds: upload.seconds,
      downloadSeconds: download.seconds,
      gatewaySeconds: gateway.seconds,
      localDecryptSeconds: local.seconds,
    };
  } finally {
    await reader.stop();
  }
}

(globalThis as { runFilesBench?: typeof runFilesBench }).runFilesBench = runFilesBench;
