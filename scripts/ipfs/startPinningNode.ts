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
import { createServer, type Server } from "node:http";
import { createRelayPubsub } from "../../core/pubsub/createRelayPubsub.js";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { collectGarbage } from "./collectGarbage.js";
import { createDurableBlockstore } from "./createDurableBlockstore.js";
import { createQuiescentDatastore } from "./createQuiescentDatastore.js";
import { createPinApi } from "./createPinApi.js";
import { createPinQueue } from "./createPinQueue.js";
import { createPinStore, type PinStore } from "./createPinStore.js";
import { keepPeered } from "./keepPeered.js";

export interface PinningNodeOptions {
  /** Data directory (blocks, datastore with the peer key, pin records). */
  dataDir: string;
  /** Bind address for both listeners (default 127.0.0.1). */
  host?: string;
  /** libp2p WebSocket port (default 4003; 0 = ephemeral). */
  wsPort?: number;
  /** HTTP pinning API port (default 5050; 0 = ephemeral). */
  apiPort?: number;
  /** Bearer token for the pinning API. */
  token: string;
  /** Largest accepted CAR body in bytes (default 2 GiB). */
  maxCarBytes?: number;
  /** Per-block wait when pulling a pin over bitswap (default 60 s). */
  blockTimeoutMs?: number;
  /** Delete blocks no pin reaches (removed pins, interrupted uploads) at start-up (default true). */
  collectGarbage?: boolean;
  /** Access-Control-Allow-Origin for the API (default "*": the token, not cookies, authorises). */
  corsOrigin?: string;
  log?: (line: string) => void;
  /** Other pinning nodes (multiaddrs with /p2p/<peerId>) to stay connected to, so that pubsub spans them. */
  peers?: string[];
}

export interface PinningNode {
  peerId: string;
  /** libp2p listen addresses with /p2p/<peerId> (what browsers dial). */
  multiaddrs: string[];
  apiUrl: string;
  pins: PinStore;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_CAR_BYTES = 2 * 1024 ** 3;

/**
 * Start Cairn's IPFS pinning node: Helia with a libp2p WebSocket listener and a
 * circuit-relay server (so browsers reach each other), persistent blocks and
 * peer id on disk, and the HTTP pinning API. A pin is acknowledged only after
 * every block of its DAG is verified, complete and fsync'd and its record is
 * durably written; unfinished `POST /pins` requests resume after a restart.
 */
export async function startPinningNode(options: PinningNodeOptions): Promise<PinningNode> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const durable = await createDurableBlockstore(join(dataDir, "blocks"));
  const fsDatastore = new FsDatastore(join(dataDir, "datastore"));
  await fsDatastore.open();
  const { datastore, quiesce } = createQuiescentDatastore(fsDatastore);
  const pins = await createPinStore(join(dataDir, "pins"));
  if (options.collectGarbage ?? true) {
    const removed = await collectGarbage(durable, pins);
    if (removed > 0) log(`gc: removed ${removed} block(s) no pin reaches`);
  }

  const pubsub = createRelayPubsub();
  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore: durable.store, datastore }), {
      addresses: { listen: [`/ip4/${host}/tcp/${options.wsPort ?? 4003}/ws`] },
      transports: [webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), relay: circuitRelayServer({ reservations: { applyDefaultLimit: false } }), pubsub: pubsub.service },
    }),
  );
  await helia.start();
  const relaying = pubsub.relay(helia.libp2p.services.pubsub);
  const peering = keepPeered(helia.libp2p, options.peers ?? [], log);
  const peerId = helia.libp2p.peerId.toString();
  const multiaddrs = (): string[] => helia.libp2p.getMultiaddrs().map(String);

  const queue = createPinQueue({
    blockstore: helia.blockstore,
    durable,
    pins,
    dial: (address, signal) => helia.libp2p.dial(multiaddr(address), { signal }),
    blockTimeoutMs: options.blockTimeoutMs,
    log,
  });
  for (const status of ["queued", "pinning"] as const) {
    for (const record of pins.query({ statuses: [status] }).results) queue.enqueue(record);
  }

  let apiUrl = "";
  const server = createServer(
    createPinApi({
      token: options.token,
      pins,
      queue,
      durable,
      car: { target: helia.blockstore, local: durable.store },
      maxCarBytes: options.maxCarBytes ?? DEFAULT_MAX_CAR_BYTES,
      multiaddrs,
      health: () => ({ ok: true, peerId, multiaddrs: multiaddrs(), api: apiUrl, pins: pins.count("pinned") }),
      corsOrigin: options.corsOrigin ?? "*",
      log,
    }),
  );
  server.requestTimeout = 0;
  await listen(server, options.apiPort ?? 5050, host);
  apiUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  log(`pinning node ${peerId}`);
  for (const address of multiaddrs()) log(`  libp2p  ${address}`);
  log(`  API     ${apiUrl}  (${pins.count("pinned")} pins)`);

  let stopped: Promise<void> | undefined;
  return {
    peerId,
    multiaddrs: multiaddrs(),
    apiUrl,
    pins,
    stop() {
      stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await queue.stop();
        relaying.stop();
        peering.stop();
        await helia.stop();
        quiesce();
        await Promise.all([durable.store.close(), fsDatastore.close()]);
      })();
      return stopped;
    },
  };
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
