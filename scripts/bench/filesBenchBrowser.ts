/**
 * The browser half of `npm run bench:files` (bundled by esbuild, run in Chromium): the app's
 * file path, timed. The file is a picked File (set on the page's file input by the Node half, so
 * it is read from disk with `file.stream()` exactly as the composer reads one), or for comparison
 * an in-memory Blob of random bytes.
 */
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { prepareMessage } from "@cairn/core/channel";
import { decryptFileStream, generateKey } from "@cairn/core/crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { addFileStream, catFileStream, createClientNode, createGatewayBlockstore, createPinningAuth, createPinningClient } from "@cairn/core/ipfs";

/** The id of the page's `<input type="file">` the Node half fills. */
export const FILE_INPUT_ID = "file";

export interface AddBenchParams {
  /** "file": the picked File; "blob": an in-memory Blob of random bytes, made once per `mib`. */
  source: "file" | "blob";
  mib: number;
  /** "raw": add the bytes to UnixFS unencrypted; "encrypted": prepareMessage with them as its file. */
  kind: "raw" | "encrypted";
}

export interface AddBenchResult {
  bytes: number;
  seconds: number;
}

export interface TransferBenchParams {
  apiUrl: string;
  multiaddrs: string[];
  /** CAR part size of uploads (the channel service's). */
  partBytes: number;
}

export interface TransferBenchResult {
  bytes: number;
  uploadSeconds: number;
  localDecryptSeconds: number;
  gatewaySeconds: number;
  downloadSeconds: number;
}

const MiB = 1024 * 1024;

/** `mib` MiB of random bytes as a Blob. */
function randomBlob(mib: number): Blob {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < mib; i++) {
    const piece = new Uint8Array(MiB);
    for (let offset = 0; offset < MiB; offset += 65536) crypto.getRandomValues(piece.subarray(offset, offset + 65536));
    parts.push(piece);
  }
  return new Blob(parts);
}

function pickedFile(): File {
  const file = (document.getElementById(FILE_INPUT_ID) as HTMLInputElement | null)?.files?.[0];
  if (!file) throw new Error("no file on the page's file input");
  return file;
}

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) bytes += chunk.length;
  return bytes;
}

const sender = "0x00000000000000000000000000000000000000a1";

/** prepareMessage with the blob as its only file, into `store`, as the app sends. */
function encryptAndAdd(blob: Blob, store: MemoryBlockstore) {
  const context = { ipfs: { blockstore: store }, chainId: 31337, account: sender, deployment: { keyDirectory: sender, channelRegistry: sender, fromBlock: 0n } } as const;
  const target = { channelId: 1n, epoch: 1, key: generateKey() };
  return prepareMessage(context, target, { files: [{ name: "bench.bin", content: blobChunks(blob) }] });
}

let blobs: { mib: number; blob: Blob } | undefined;

/** One timed add, unencrypted or encrypted; the Node half interleaves them. */
async function runAddBench(params: AddBenchParams): Promise<AddBenchResult> {
  if (params.source === "blob" && blobs?.mib !== params.mib) blobs = { mib: params.mib, blob: randomBlob(params.mib) };
  const blob = params.source === "file" ? pickedFile() : blobs!.blob;
  const add =
    params.kind === "raw"
      ? () => addFileStream({ blockstore: new MemoryBlockstore() }, blobChunks(blob))
      : () => encryptAndAdd(blob, new MemoryBlockstore());
  return { bytes: blob.size, seconds: await seconds(add) };
}

/** Encrypts the picked File (untimed), then times its upload until pinned and three ways of reading it back. */
async function runTransferBench(params: TransferBenchParams): Promise<TransferBenchResult> {
  const file = pickedFile();
  const store = new MemoryBlockstore();
  const { cid: root, key, chunkSize } = (await encryptAndAdd(file, store)).envelope.attachments[0];
  const read = async (what: string, target: Parameters<typeof catFileStream>[0]) => {
    let bytes = 0;
    const took = await seconds(async () => {
      bytes = await drain(decryptFileStream(catFileStream(target, root), { key, chunkSize }));
    });
    if (bytes !== file.size) throw new Error(`${what} gave ${bytes} bytes`);
    return took;
  };
  const account = privateKeyToAccount(generatePrivateKey());
  const signMessage = (message: string) => account.signMessage({ message });
  const auth = createPinningAuth({ url: params.apiUrl, account: account.address, chainId: 31337, origin: location.origin, signMessage });
  const pinning = createPinningClient({ url: params.apiUrl, auth });
  let status = "";
  const uploadSeconds = await seconds(async () => {
    status = (await pinning.uploadDag(store, root, { partBytes: params.partBytes })).status;
  });
  if (status !== "pinned") throw new Error(`upload ended ${status}`);
  const localDecryptSeconds = await read("local decrypt", { blockstore: store });
  const gatewaySeconds = await read("gateway download", { blockstore: createGatewayBlockstore({ url: params.apiUrl, local: new MemoryBlockstore() }) });
  const reader = await createClientNode({ bootstrap: params.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
  try {
    const downloadSeconds = await read("bitswap download", reader.helia);
    return { bytes: file.size, uploadSeconds, localDecryptSeconds, gatewaySeconds, downloadSeconds };
  } finally {
    await reader.stop();
  }
}

Object.assign(globalThis, { runAddBench, runTransferBench });
