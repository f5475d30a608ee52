/**
 * Cairn's local IPFS pinning node.
 *   npm run ipfs-node
 * Env: CAIRN_IPFS_DIR (default .cairn/ipfs), CAIRN_IPFS_WS_PORT (4003),
 * CAIRN_PIN_PORT (5050), CAIRN_PIN_TOKEN (default "cairn-dev-token", local dev
 * only), CAIRN_PIN_MAX_CAR_BYTES (2 GiB), CAIRN_IPFS_PEERS (comma-separated multiaddrs of
 * other pinning nodes to stay peered with, so that pubsub spans them). Binds 127.0.0.1 only.
 */
import { DEFAULT_MAX_CAR_BYTES, startPinningNode } from "./ipfs/startPinningNode.js";

const env = process.env;
const integer = (name: string, fallback: number, min: number, max: number): number => {
  const value = env[name];
  const parsed = Number(value ?? fallback);
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    console.error(`${name}=${value} is not an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return parsed;
};

const node = await startPinningNode({
  dataDir: env.CAIRN_IPFS_DIR ?? ".cairn/ipfs",
  wsPort: integer("CAIRN_IPFS_WS_PORT", 4003, 0, 65535),
  apiPort: integer("CAIRN_PIN_PORT", 5050, 0, 65535),
  token: env.CAIRN_PIN_TOKEN ?? "cairn-dev-token",
  maxCarBytes: integer("CAIRN_PIN_MAX_CAR_BYTES", DEFAULT_MAX_CAR_BYTES, 1, Number.MAX_SAFE_INTEGER),
  log: (line) => console.log(line),
  peers: env.CAIRN_IPFS_PEERS?.split(",").filter(Boolean),
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
