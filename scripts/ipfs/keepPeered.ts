import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { setTimeout as sleep } from "node:timers/promises";
import { readPinningHealth } from "@cairn/core/ipfs";

const INITIAL_MS = 500;
const MAX_MS = 30_000;

/**
 * Keeps a node connected to other pinning nodes, named by their API URLs: reads each one's
 * `/health` for its peer id and WebSocket multiaddr, dials it at start and redials one that
 * disconnects, with a doubling backoff, so that gossipsub meshes across the nodes (a browser on
 * node 1 reaches a browser on node 2).
 */
export function keepPeered(libp2p: Libp2p, peerUrls: readonly string[], log: (line: string) => void = () => undefined) {
  const stopped = new AbortController();
  const peerIds = new Map<string, string>();
  const dialing = new Set<string>();

  async function dial(url: string) {
    if (dialing.has(url)) return;
    dialing.add(url);
    try {
      for (let delay = INITIAL_MS; !stopped.signal.aborted; delay = Math.min(delay * 2, MAX_MS)) {
        try {
          const { peerId, webSockets } = await readPinningHealth(url, { signal: stopped.signal });
          const [address] = webSockets;
          if (peerId === undefined || address === undefined) throw new Error(`${url}/health names no peer id or WebSocket multiaddr`);
          peerIds.set(peerId, url);
          await libp2p.dial(multiaddr(address), { signal: stopped.signal });
          log(`peered with ${peerId} (${url})`);
          return;
        } catch (error) {
          if (delay === INITIAL_MS) log(`peering with ${url}: ${error instanceof Error ? error.message : String(error)}; retrying`);
          // Stopping ends the wait at once (no timer outlives the node).
          await sleep(delay, undefined, { signal: stopped.signal }).catch(() => undefined);
        }
      }
    } finally {
      dialing.delete(url);
    }
  }

  const onDisconnect = (event: CustomEvent<{ toString(): string }>) => {
    const url = peerIds.get(event.detail.toString());
    if (url !== undefined && !stopped.signal.aborted) void dial(url);
  };
  libp2p.addEventListener("peer:disconnect", onDisconnect);
  for (const url of peerUrls) void dial(url);
  return {
    stop() {
      stopped.abort();
      libp2p.removeEventListener("peer:disconnect", onDisconnect);
    },
  };
}
