/**
 * Cairn's IPFS pinning node. Binds 127.0.0.1 only.
 *   npm run ipfs-node -- --allow-origin http://127.0.0.1:3000
 * Every flag has an environment variable (in brackets); `npm run ipfs-node -- --help` lists them.
 * There is no shared token: clients sign in per account (EIP-4361) and get their own.
 */
import { parseArgs } from "node:util";
import { DEFAULT_DAG_LIMITS, DEFAULT_MAX_CAR_BYTES, DEFAULT_PROVISIONAL_GRACE_MS, DEFAULT_QUOTA, DEFAULT_RELAY_LIMITS, DEFAULT_TIMEOUTS, DEFAULT_TOKEN_LIFETIME_MS, startPinningNode } from "./ipfs/startPinningNode.js";

const FLAGS = {
  "data-dir": ["CAIRN_IPFS_DIR", "data directory", ".cairn/ipfs"],
  "ws-port": ["CAIRN_IPFS_WS_PORT", "libp2p WebSocket port", "4003"],
  "api-port": ["CAIRN_PIN_PORT", "pinning API port", "5050"],
  "allow-origin": ["CAIRN_PIN_ALLOW_ORIGINS", "origin of a web app using this node (repeat, or comma-separated in the variable)", ""],
  "public-url": ["CAIRN_PIN_PUBLIC_URL", "URL clients reach the API at (sign-in messages name it)", "the listen URL"],
  "max-pins": ["CAIRN_PIN_MAX_PINS", "pins per account", String(DEFAULT_QUOTA.maxPins)],
  "max-bytes": ["CAIRN_PIN_MAX_BYTES", "pinned bytes per account", String(DEFAULT_QUOTA.maxBytes)],
  "max-car-bytes": ["CAIRN_PIN_MAX_CAR_BYTES", "largest CAR request body", String(DEFAULT_MAX_CAR_BYTES)],
  "max-dag-blocks": ["CAIRN_PIN_MAX_DAG_BLOCKS", "most blocks in one pinned DAG", String(DEFAULT_DAG_LIMITS.maxDagBlocks)],
  "provisional-grace-ms": ["CAIRN_PIN_PROVISIONAL_GRACE_MS", "life of an unconfirmed provisional pin", String(DEFAULT_PROVISIONAL_GRACE_MS)],
  "token-lifetime-ms": ["CAIRN_PIN_TOKEN_LIFETIME_MS", "life of a sign-in token", String(DEFAULT_TOKEN_LIFETIME_MS)],
  "headers-timeout-ms": ["CAIRN_PIN_HEADERS_TIMEOUT_MS", "time for a request head", String(DEFAULT_TIMEOUTS.headersMs)],
  "request-timeout-ms": ["CAIRN_PIN_REQUEST_TIMEOUT_MS", "time for a whole request", String(DEFAULT_TIMEOUTS.requestMs)],
  "relay-max-reservations": ["CAIRN_PIN_RELAY_MAX_RESERVATIONS", "circuit-relay reservations at once", String(DEFAULT_RELAY_LIMITS.maxReservations)],
  "relay-duration-limit-ms": ["CAIRN_PIN_RELAY_DURATION_LIMIT_MS", "life of a relayed connection", String(DEFAULT_RELAY_LIMITS.durationLimitMs)],
  "relay-data-limit-bytes": ["CAIRN_PIN_RELAY_DATA_LIMIT_BYTES", "bytes a relayed connection may carry", String(DEFAULT_RELAY_LIMITS.dataLimitBytes)],
  peer: ["CAIRN_IPFS_PEERS", "API URL of another pinning node to peer with: pubsub spans both, and this gateway reads what that node pins (repeat, or comma-separated in the variable)", ""],
} as const;
type Flag = keyof typeof FLAGS;

const { values } = parseArgs({
  options: {
    ...(Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: "string", multiple: flag === "allow-origin" || flag === "peer" }])) as unknown as Record<Flag, { type: "string" }>),
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log("npm run ipfs-node -- [flags]\n");
  for (const [flag, [variable, what, fallback]] of Object.entries(FLAGS)) console.log(`  --${flag.padEnd(24)} ${what} [${variable}]${fallback ? ` (default ${fallback})` : ""}`);
  process.exit(0);
}

const fail = (problem: string): never => {
  console.error(problem);
  process.exit(2);
};
const text = (flag: Flag): string | undefined => {
  const given = values[flag] as string | string[] | undefined;
  return (Array.isArray(given) ? given.join(",") : given) ?? process.env[FLAGS[flag][0]];
};
const integer = (flag: Flag, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  const value = text(flag) || FLAGS[flag][2];
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) fail(`--${flag} (${FLAGS[flag][0]}) = ${value} is not an integer from ${min} to ${max}`);
  return parsed;
};
const allowOrigins = (text("allow-origin") ?? "").split(",").map((origin) => origin.trim()).filter(Boolean);
for (const origin of allowOrigins) {
  if (!URL.canParse(origin) || new URL(origin).origin !== origin) fail(`--allow-origin ${origin} is not an origin (scheme://host[:port], no path)`);
}

const node = await startPinningNode({
  dataDir: text("data-dir") || FLAGS["data-dir"][2],
  wsPort: integer("ws-port", 0, 65535),
  apiPort: integer("api-port", 0, 65535),
  allowOrigins,
  publicUrl: text("public-url") || undefined,
  quota: { maxPins: integer("max-pins", 1), maxBytes: integer("max-bytes", 1) },
  maxCarBytes: integer("max-car-bytes", 1),
  dagLimits: { maxDagBlocks: integer("max-dag-blocks", 1) },
  provisionalGraceMs: integer("provisional-grace-ms", 1),
  tokenLifetimeMs: integer("token-lifetime-ms", 60_000),
  timeouts: { headersMs: integer("headers-timeout-ms", 1_000), requestMs: integer("request-timeout-ms", 1_000) },
  relay: {
    maxReservations: integer("relay-max-reservations", 0),
    durationLimitMs: integer("relay-duration-limit-ms", 1_000),
    dataLimitBytes: BigInt(integer("relay-data-limit-bytes", 1)),
  },
  log: (line) => console.log(line),
  peers: (text("peer") ?? "").split(",").map((address) => address.trim()).filter(Boolean),
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
