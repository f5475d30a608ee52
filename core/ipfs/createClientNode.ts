import type { HeliaWithLibp2p } from "@helia/libp2p";
import type { Identify } from "@libp2p/identify";
import type { HeliaInit } from "helia";
import { createStorage, type CairnStorage } from "./createStorage.js";
import { InvalidMultiaddrError, IpfsNodeStartError } from "./errors.js";
import { sleep } from "./sleep.js";
import type { GossipSub } from "@libp2p/gossipsub";
import type { PubsubRouter } from "../pubsub/createPubsubRouter.js";

export interface ClientNodeOptions {
  /** Multiaddrs (with /p2p/<peerId>) of the pinning node / relays to stay connected to. */
  bootstrap: string[];
  /** Opened block store (IndexedDB in the browser, memory in tests). */
  blockstore: NonNullable<HeliaInit["blockstore"]>;
  /** Opened datastore (keeps the peer id; libp2p's peer store stays in memory). */
  datastore: NonNullable<HeliaInit["datastore"]>;
  /**
   * Allow dialing insecure/private addresses such as `ws://127.0.0.1` (local
   * development). Default: true when every bootstrap address is a loopback one.
   */
  allowInsecureLocal?: boolean;
  /** Redial backoff after a bootstrap peer disconnects (default 500 ms doubling to 30 s). */
  redial?: { initialMs?: number; maxMs?: number };
  /**
   * Wait for at least one bootstrap dial to succeed before resolving (default
   * true: `IpfsNodeStartError` if none answers). With false, resolve at once and
   * keep dialing in the background with the redial backoff.
   */
  waitForBootstrap?: boolean;
}

export type CairnHelia = HeliaWithLibp2p<{ identify: Identify; pubsub: GossipSub }>;

export interface CairnNode {
  helia: CairnHelia;
  /** Raw-block storage over the node's networked blockstore (fetches by bitswap). */
  storage: CairnStorage;
  peerId: string;
  /** gossipsub with Cairn's checks and scoring: pending messages and presence (PROTOCOL.md §16). */
  pubsub: PubsubRouter;
  /** Dial every bootstrap peer now; resolves with how many answered. */
  dialBootstrap(options?: { signal?: AbortSignal }): Promise<number>;
  stop(): Promise<void>;
}

const LOOPBACK = /\/(ip4\/127\.|ip6\/::1\/|dns4?\/localhost\/)/;

/**
 * A Helia client node (browser or Node): WebSocket + circuit-relay transports,
 * listening on `/p2p-circuit` through the relay, bitswap for blocks (also over
 * relayed connections, which the relay limits), and a redial loop that
 * reconnects to bootstrap peers after they go away. Bootstrap peers are always
 * dialled at their configured multiaddrs; libp2p's peer store is kept in memory,
 * because a persisted one forgets stored addresses after an hour (MAX_ADDRESS_AGE)
 * while the relay stays tagged keep-alive, and libp2p's start-up redial of it by
 * peer id (with no address) would swallow the bootstrap dial that joins it.
 * Heavy libp2p modules are imported lazily so importing core/ipfs stays cheap.
 */
export async function createClientNode(options: ClientNodeOptions): Promise<CairnNode> {
  const [{ createHeliaLight }, { withLibp2pLight }, { withBitswap }, { webSockets }, { circuitRelayTransport }, { noise }, { yamux }, { identify }, { multiaddr }, { MemoryDatastore }] =
    await Promise.all([
      import("helia"),
      import("@helia/libp2p"),
      import("@helia/bitswap"),
      import("@libp2p/websockets"),
      import("@libp2p/circuit-relay-v2"),
      import("@chainsafe/libp2p-noise"),
      import("@chainsafe/libp2p-yamux"),
      import("@libp2p/identify"),
      import("@multiformats/multiaddr"),
      import("datastore-core/memory"),
    ]);
  const { createClientPubsub } = await import("../pubsub/createClientPubsub.js");
  const bootstrap = options.bootstrap.map((address) => {
    try {
      return multiaddr(address);
    } catch (cause) {
      throw new InvalidMultiaddrError(address, { cause });
    }
  });
  const pubsub = createClientPubsub(bootstrap.map(peerIdOf).filter((id): id is string => id !== undefined));
  const allowInsecure = options.allowInsecureLocal ?? (options.bootstrap.length > 0 && options.bootstrap.every((a) => LOOPBACK.test(a)));
  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore: options.blockstore, datastore: options.datastore }), {
      datastore: new MemoryDatastore(),
      transports: [webSockets(), circuitRelayTransport()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      addresses: { listen: ["/p2p-circuit"] },
      services: { identify: identify(), pubsub: pubsub.service },
      ...(allowInsecure ? { connectionGater: { denyDialMultiaddr: async () => false } } : {}),
    }),
    { runOnLimitedConnections: true },
  ) as CairnHelia;
  try {
    await helia.start();
  } catch (cause) {
    throw new IpfsNodeStartError(String(cause), { cause });
  }

  const stopped = new AbortController();
  const bootstrapPeers = new Set(bootstrap.map(peerIdOf).filter((id): id is string => id !== undefined));
  const redialing = new Set<string>();
  const initialMs = options.redial?.initialMs ?? 500;
  const maxMs = options.redial?.maxMs ?? 30_000;

  /** Dial every bootstrap multiaddr; resolves with why each one that failed did. */
  async function dialEach(dialOptions: { signal?: AbortSignal } = {}): Promise<string[]> {
    const results = await Promise.allSettled(bootstrap.map((address) => helia.libp2p.dial(address, dialOptions)));
    return results.flatMap((result, i) =>
      result.status === "fulfilled" ? [] : [`could not reach the pinning node at ${options.bootstrap[i]}: ${describeCause(result.reason)}`],
    );
  }

  async function dialBootstrap(dialOptions: { signal?: AbortSignal } = {}): Promise<number> {
    return bootstrap.length - (await dialEach(dialOptions)).length;
  }

  async function redial(peerId: string): Promise<void> {
    if (redialing.has(peerId)) return;
    redialing.add(peerId);
    try {
      const addresses = bootstrap.filter((a) => peerIdOf(a) === peerId);
      for (let delay = initialMs; !stopped.signal.aborted; delay = Math.min(delay * 2, maxMs)) {
        await sleep(delay, stopped.signal);
        const ok = await Promise.any(addresses.map((a) => helia.libp2p.dial(a, { signal: stopped.signal }))).then(
          () => true,
          () => false,
        );
        if (ok) return;
      }
    } catch {
      // sleep rejects only when the node stops: nothing left to redial
    } finally {
      redialing.delete(peerId);
    }
  }

  helia.libp2p.addEventListener("peer:disconnect", (event) => {
    const peerId = event.detail.toString();
    if (bootstrapPeers.has(peerId) && !stopped.signal.aborted) void redial(peerId);
  });

  if (bootstrap.length > 0 && (options.waitForBootstrap ?? true)) {
    const failures = await dialEach();
    if (failures.length === bootstrap.length) {
      stopped.abort();
      await helia.stop();
      throw new IpfsNodeStartError(failures.join("; "));
    }
  } else {
    for (const peerId of bootstrapPeers) void redial(peerId);
  }

  return {
    helia,
    storage: createStorage({ blockstore: helia.blockstore }),
    peerId: helia.libp2p.peerId.toString(),
    pubsub: pubsub.router(helia.libp2p.services.pubsub),
    dialBootstrap,
    async stop() {
      stopped.abort();
      await helia.stop();
    },
  };
}

function peerIdOf(address: { getComponents(): Array<{ name: string; value?: string }> }): string | undefined {
  return address.getComponents().findLast((component) => component.name === "p2p")?.value;
}

/** A dial error's messages, outermost first: libp2p wraps the transport's reason (AggregateError, causes); a WebSocket error event has none. */
function describeCause(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const { message, error: inner, cause } = current as { message?: unknown; error?: unknown; cause?: unknown };
    if (typeof message === "string" && message !== "" && !messages.includes(message)) messages.push(message);
    current = current instanceof AggregateError ? current.errors[0] : (inner ?? cause);
  }
  if (messages.length > 0) return messages.join(": ");
  return (error as { type?: unknown } | null)?.type === "error" ? "the WebSocket connection failed" : String(error);
}
