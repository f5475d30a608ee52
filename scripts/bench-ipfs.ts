/**
 * IPFS throughput on loopback against a pinning node run as a child process.
 *   npm run bench:ipfs            (env BENCH_CAR_MIB=100, BENCH_BITSWAP_MIB=10)
 * Rows: CAR upload (POST /car, verified + fsync'd + pinned), bitswap pin
 * (POST /pins: the pinner pulls the DAG from a client node), bitswap read (a
 * second client node cats the pinned file from the pinner), HTTP gateway read
 * (GET /ipfs/<cid>?format=raw per block, hash-verified, into an empty store).
 */
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { addFileStream, catFileStream, createClientNode, createGatewayBlockstore, createPinningAuth, createPinningClient, exportCar } from "@cairn/core/ipfs";
import { spawnPinningNode } from "./ipfs/spawnPinningNode.js";

const MiB = 1024 * 1024;
const carMiB = Number(process.env.BENCH_CAR_MIB ?? 100);
const bitswapMiB = Number(process.env.BENCH_BITSWAP_MIB ?? 10);

/** Random-looking bytes (what ciphertext looks like), `size` bytes in 1 MiB pieces. */
async function* ciphertextLike(size: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < size; sent += MiB) {
    const piece = new Uint8Array(Math.min(MiB, size - sent));
    for (let offset = 0; offset < piece.length; offset += 65536) crypto.getRandomValues(piece.subarray(offset, offset + 65536));
    yield piece;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const rows: Array<{ operation: string; size: string; seconds: string; "MB/s": string }> = [];
const record = (operation: string, bytes: number, seconds: number): void => {
  rows.push({ operation, size: `${(bytes / MiB).toFixed(0)} MiB`, seconds: seconds.toFixed(2), "MB/s": (bytes / 1e6 / seconds).toFixed(1) });
};

const dataDir = await mkdtemp(join(tmpdir(), "cairn-bench-ipfs-"));
const node = await spawnPinningNode({ dataDir });
const account = privateKeyToAccount(generatePrivateKey());
const auth = createPinningAuth({ url: node.apiUrl, account: account.address, chainId: 31337, signMessage: (message) => account.signMessage({ message }) });
const client = createPinningClient({ url: node.apiUrl, auth });
try {
  const source = new MemoryBlockstore();
  const carRoot = await addFileStream({ blockstore: source }, ciphertextLike(carMiB * MiB));
  const upload = await timed(() => client.uploadCar(() => exportCar(source, carRoot)));
  if (upload.value.status !== "pinned") throw new Error(`CAR upload ended ${upload.value.status}`);
  record("CAR upload (POST /car, pinned)", carMiB * MiB, upload.seconds);
  const viaGateway = createGatewayBlockstore({ url: node.apiUrl, local: new MemoryBlockstore() });
  const gatewayRead = await timed(async () => {
    let bytes = 0;
    for await (const chunk of catFileStream({ blockstore: viaGateway }, carRoot)) bytes += chunk.length;
    return bytes;
  });
  record("HTTP gateway read (GET /ipfs/<cid>)", gatewayRead.value, gatewayRead.seconds);

  const writer = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
  const reader = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
  try {
    const root = await addFileStream(writer.helia, ciphertextLike(bitswapMiB * MiB));
    const pin = await timed(async () => {
      await client.pin(root);
      return await client.waitPinned(root, { intervalMs: 50 });
    });
    record("bitswap pin (POST /pins, pinner pulls)", bitswapMiB * MiB, pin.seconds);
    const read = await timed(async () => {
      let bytes = 0;
      for await (const chunk of catFileStream(reader.helia, root)) bytes += chunk.length;
      return bytes;
    });
    record("bitswap read (client cats from pinner)", read.value, read.seconds);
  } finally {
    await Promise.all([writer.stop(), reader.stop()]);
  }
  console.table(rows);
} finally {
  await node.stop();
  await rm(dataDir, { recursive: true, force: true });
}
