import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight } from "@helia/libp2p";
import { circuitRelayServer } from "@libp2p/circuit-relay-v2";
import { identify } from "@libp2p/identify";
import { webSockets } from "@libp2p/websockets";
import { multiaddr } from "@multiformats/multiaddr";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight } from "helia";
import mortice from "mortice";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createRelayPubsub } from "@cairn/core/pubsub";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { MAX_BLOCK_BYTES, parseCid } from "@cairn/core/ipfs";
import { collectGarbage } from "./collectGarbage.js";
import { createChallengeStore } from "./createChallengeStore.js";
import { createDurableBlockstore } from "./createDurableBlockstore.js";
import { createGarbageCollector, type GarbageCollector } from "./createGarbageCollector.js";
import { createPinApi, type PinQuota } from "./createPinApi.js";
import { createPeerReader } from "./createPeerReader.js";
import { createPinQueue } from "./createPinQueue.js";
import { createPinStore, type PinStore } from "./createPinStore.js";
import { InvalidPeerUrlError } from "./errors.js";
import { keepPeered } from "./keepPeered.js";
import { createQuiescentDatastore } from "./createQuiescentDatastore.js";
import { createTokenStore } from "./createTokenStore.js";
import { createUploadSessions } from "./createUploadSessions.js";
import type { ImportLimits } from "./importCar.js";

export interface HttpTimeouts {
  /** The request head must arrive within this (default 10 s); Node closes the connection with 408. */
  headersMs: number;
  /** The whole request, body included, must arrive within this (default 300 s). */
  requestMs: number;
  /** A connection silent this long is closed (default 60 s). */
  idleMs: number;
  /** A JSON body (pins, sign-in) must arrive within this (default 10 s). */
  jsonBodyMs: number;
}

export interface RelayLimits {
  /** Peers that may hold a relay reservation at once (default 256). */
  maxReservations: number;
  /** How long a reservation lasts before it must be refreshed (default 1 h). */
  reservationTtlMs: number;
  /** How long one relayed connection may stay open (default 30 min). */
  durationLimitMs: number;
  /** Bytes one relayed connection may carry, both ways together (default 64 MiB). */
  dataLimitBytes: bigint;
}

export interface PinningNodeOptions {
  /** Data directory (blocks, datastore with the peer key, pin records, sign-in tokens). */
  dataDir: string;
  /** Bind address for both listeners (default 127.0.0.1). */
  host?: string;
  /** libp2p WebSocket port (default 4003; 0 = ephemeral). */
  wsPort?: number;
  /** HTTP pinning API port (default 5050; 0 = ephemeral). */
  apiPort?: number;
  /** Origins of the web apps that use this node (e.g. `http://127.0.0.1:3000`): CORS and sign-in domains. None: headless clients only. */
  allowOrigins?: readonly string[];
  /** The URL clients reach the API at, which sign-in messages must name (default: the listen URL). */
  publicUrl?: string;
  /** Per-account quota (default 100,000 pins, 10 GiB). */
  quota?: Partial<PinQuota>;
  /** Largest accepted CAR body in bytes (default 256 MiB; clients send bigger DAGs as several parts). */
  maxCarBytes?: number;
  /** Per-DAG limits of uploads (default: blocks ≤ 2 MiB, 65,536 blocks, 16,384 links pending at once). */
  dagLimits?: Partial<Omit<ImportLimits, "maxCarBytes">>;
  /** How long a provisional pin lives unless confirmed (default 24 h). */
  provisionalGraceMs?: number;
  /** Lifetime of a sign-in token (default 7 days). */
  tokenLifetimeMs?: number;
  /** An open multi-part upload with no request for this long is dropped (default 10 min). */
  uploadIdleMs?: number;
  timeouts?: Partial<HttpTimeouts>;
  relay?: Partial<RelayLimits>;
  /** Per-block wait when pulling a pin over bitswap (default 60 s). */
  blockTimeoutMs?: number;
  /** Delete blocks no pin reaches (removed pins, interrupted uploads) at start-up (default true). */
  collectGarbage?: boolean;
  log?: (line: string) => void;
  /**
   * API URLs of other pinning nodes (e.g. `https://pin2.example.org`): this node stays connected
   * to them, so that pubsub spans the nodes, and its gateway reads the blocks it does not hold
   * from theirs, so that a browser here reads what was pinned there.
   */
  peers?: string[];
  /** How long the gateway waits for the peered nodes for a block it does not hold (default 5 s). */
  peerReadTimeoutMs?: number;
}

export interface PinningNode {
  peerId: string;
  /** libp2p listen addresses with /p2p/<peerId> (what browsers dial). */
  multiaddrs: string[];
  apiUrl: string;
  pins: PinStore;
  gc: GarbageCollector;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_CAR_BYTES = 256 * 1024 ** 2;
export const DEFAULT_QUOTA: PinQuota = { maxPins: 100_000, maxBytes: 10 * 1024 ** 3 };
export const DEFAULT_PROVISIONAL_GRACE_MS = 24 * 3_600_000;
export const DEFAULT_TOKEN_LIFETIME_MS = 7 * 24 * 3_600_000;
export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 300_000, idleMs: 60_000, jsonBodyMs: 10_000 };
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxReservations: 256,
  reservationTtlMs: 3_600_000,
  durationLimitMs: 30 * 60_000,
  dataLimitBytes: 64n * 1024n ** 2n,
};
export const DEFAULT_DAG_LIMITS: Omit<ImportLimits, "maxCarBytes"> = { maxBlockBytes: MAX_BLOCK_BYTES, maxDagBlocks: 65_536, maxPendingLinks: 16_384 };
/** A sign-in message may live this long (EIP-4361 Expiration Time − Issued At); so does its nonce. */
const SIGN_IN_LIFETIME_MS = 5 * 60_000;

/**
 * Start Cairn's IPFS pinning node: Helia with a libp2p WebSocket listener and a
 * circuit-relay server with limits (so browsers reach each other), persistent blocks and
 * peer id on disk, and the HTTP pinning API with per-account sign-in, ownership and quotas.
 * A pin is acknowledged only after every block of its DAG is verified, complete and fsync'd
 * and its record is durably written; unfinished `POST /pins` requests resume after a restart.
 */
export async function startPinningNode(options: PinningNodeOptions): Promise<PinningNode> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => undefined);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const relay = { ...DEFAULT_RELAY_LIMITS, ...options.relay };
  const peers = (options.peers ?? []).map(peerUrl);
  const dataDir = resolve(options.dataDir);
  const durable = await createDurableBlockstore(join(dataDir, "blocks"));
  const fsDatastore = new FsDatastore(join(dataDir, "datastore"));
  await fsDatastore.open();
  const { datastore, quiesce } = createQuiescentDatastore(fsDatastore);
  const pins = await createPinStore(join(dataDir, "pins"));
  const tokens = await createTokenStore(join(dataDir, "tokens"), { lifetimeMs: options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, maxPerAccount: 16 });
  const liveRecords = () => pins.all(["queued", "pinning", "pinned"]).map((record) => parseCid(record.pin.cid));
  if (options.collectGarbage ?? true) {
    const removed = await collectGarbage(durable, liveRecords());
    if (removed > 0) log(`gc: removed ${removed} block(s) no pin reaches`);
  }

  const pubsub = createRelayPubsub();
  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore: durable.store, datastore }), {
      addresses: { listen: [`/ip4/${host}/tcp/${options.wsPort ?? 4003}/ws`] },
      transports: [webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        relay: circuitRelayServer({
          reservations: {
            maxReservations: relay.maxReservations,
            reservationTtl: relay.reservationTtlMs,
            defaultDurationLimit: relay.durationLimitMs,
            defaultDataLimit: relay.dataLimitBytes,
          },
        }),
        pubsub: pubsub.service,
      },
    }),
  );
  await helia.start();
  const relaying = pubsub.relay(helia.libp2p.services.pubsub);
  const peering = keepPeered(helia.libp2p, peers, log);
  const peerId = helia.libp2p.peerId.toString();
  const multiaddrs = (): string[] => helia.libp2p.getMultiaddrs().map(String);

  const quota = { ...DEFAULT_QUOTA, ...options.quota };
  const dagLimits = { ...DEFAULT_DAG_LIMITS, ...options.dagLimits };
  const lock = mortice({ name: `cairn-pinning-${randomUUID()}`, singleProcess: true });
  // Taken only for reading: a counting semaphore of CAR requests processed at once.
  const uploadSlots = mortice({ name: `cairn-upload-slots-${randomUUID()}`, singleProcess: true, concurrency: 8 });
  const sessions = createUploadSessions({ perAccount: 16, total: 256, idleMs: options.uploadIdleMs ?? 10 * 60_000 });
  const gc = createGarbageCollector({ durable, lock, log, liveRoots: () => [...liveRecords(), ...sessions.roots()] });
  const queue = createPinQueue({
    blockstore: helia.blockstore,
    durable,
    pins,
    dial: (address, signal) => helia.libp2p.dial(multiaddr(address), { signal }),
    blockTimeoutMs: options.blockTimeoutMs,
    byteQuota: (owner) => ({ limit: quota.maxBytes, remaining: quota.maxBytes - pins.usage(owner).bytes }),
    maxDagBlocks: dagLimits.maxDagBlocks,
    onFailed: (root) => gc.schedule([root]),
    log,
  });
  for (const status of ["queued", "pinning"] as const) {
    for (const record of pins.all([status])) queue.enqueue(record);
  }

  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs / 2),
  });
  server.timeout = timeouts.idleMs;
  await listen(server, options.apiPort ?? 5050, host);
  const apiUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  const serviceUrl = (options.publicUrl ?? apiUrl).replace(/\/+$/, "");
  const allowOrigins = options.allowOrigins ?? [];
  const graceMs = options.provisionalGraceMs ?? DEFAULT_PROVISIONAL_GRACE_MS;
  server.on(
    "request",
    createPinApi({
      pins,
      queue,
      durable,
      peerReader: createPeerReader({ peers, timeoutMs: options.peerReadTimeoutMs }),
      target: helia.blockstore,
      sessions,
      gc,
      lock,
      challenges: createChallengeStore({ ttlMs: SIGN_IN_LIFETIME_MS, max: 10_000 }),
      tokens,
      signIn: { origins: [...allowOrigins, new URL(serviceUrl).origin], serviceUrl, maxLifetimeMs: SIGN_IN_LIFETIME_MS, clockSkewMs: 60_000 },
      allowedOrigins: allowOrigins,
      quota,
      limits: { ...dagLimits, maxCarBytes: options.maxCarBytes ?? DEFAULT_MAX_CAR_BYTES },
      provisionalGraceMs: graceMs,
      uploadSlots,
      maxWaitingUploads: 64,
      jsonBodyTimeoutMs: timeouts.jsonBodyMs,
      multiaddrs,
      health: () => ({ ok: true, peerId, multiaddrs: multiaddrs(), api: serviceUrl, pins: pins.count("pinned") }),
      log,
    }),
  );

  /** Provisional pins past their grace period and abandoned uploads go, with their blocks. */
  async function sweep(): Promise<void> {
    const now = new Date().toISOString();
    for (const record of pins.all(["pinned"])) {
      if (record.provisionalUntil === undefined || record.provisionalUntil > now) continue;
      await pins.remove(record.owner, record.requestid).catch(() => undefined);
      log(`provisional pin ${record.pin.cid} of ${record.owner} expired`);
      gc.schedule([parseCid(record.pin.cid)]);
    }
    for (const session of sessions.expire()) if (session.root) gc.schedule([session.root]);
  }
  const sweeping = setInterval(() => void sweep(), Math.min(60_000, Math.max(250, graceMs / 4)));
  sweeping.unref();

  log(`pinning node ${peerId}`);
  for (const address of multiaddrs()) log(`  libp2p  ${address}`);
  log(`  API     ${apiUrl}  (${pins.count("pinned")} pins; apps: ${allowOrigins.join(", ") || "none"})`);

  let stopped: Promise<void> | undefined;
  return {
    peerId,
    multiaddrs: multiaddrs(),
    apiUrl,
    pins,
    gc,
    stop() {
      stopped ??= (async () => {
        clearInterval(sweeping);
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await queue.stop();
        await gc.idle();
        relaying.stop();
        peering.stop();
        await helia.stop();
        quiesce();
        lock.finalize();
        uploadSlots.finalize();
        await Promise.all([durable.store.close(), fsDatastore.close()]);
      })();
      return stopped;
    },
  };
}

/** A peer's API URL without trailing slashes; InvalidPeerUrlError for anything else (a multiaddr, say). */
function peerUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !["http:", "https:"].includes(url.protocol) || url.search !== "" || url.hash !== "") throw new InvalidPeerUrlError(text);
  return text.replace(/\/+$/, "");
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done();
    });
  });
}
