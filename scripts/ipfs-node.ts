/**
 * Cairn's local IPFS pinning node.
 *   npm run ipfs-node
 * Env: CAIRN_IPFS_DIR (default .cairn/ipfs), CAIRN_IPFS_WS_PORT (4003),
 * CAIRN_PIN_PORT (5050), CAIRN_PIN_TOKEN (default "cairn-dev-token", local dev
 * only), CAIRN_PIN_MAX_CAR_BYTES (2 GiB). Binds 127.0.0.1 only.
 */
import { DEFAULT_MAX_CAR_BYTES, startPinningNode } from "./ipfs/startPinningNode.js";

const env = process.env;
const port = (value: string | undefined, fallback: number): number => {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`invalid port: ${value}`);
  return parsed;
};

const node = await startPinningNode({
  dataDir: env.CAIRN_IPFS_DIR ?? ".cairn/ipfs",
  wsPort: port(env.CAIRN_IPFS_WS_PORT, 4003),
  apiPort: port(env.CAIRN_PIN_PORT, 5050),
  token: env.CAIRN_PIN_TOKEN ?? "cairn-dev-token",
  maxCarBytes: Number(env.CAIRN_PIN_MAX_CAR_BYTES ?? DEFAULT_MAX_CAR_BYTES),
  log: (line) => console.log(line),
});
console.log(`CAIRN_IPFS_READY ${JSON.stringify({ peerId: node.peerId, multiaddrs: node.multiaddrs, apiUrl: node.apiUrl })}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping pinning node`);
    node.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
