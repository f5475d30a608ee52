import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";

const INITIAL_MS = 500;
const MAX_MS = 30_000;

/**
 * Keeps a node connected to other pinning nodes (multiaddrs with /p2p/<peerId>): dials them at
 * start and redials one that disconnects, with a doubling backoff, so that gossipsub meshes across
 * the nodes (a browser on node 1 reaches a browser on node 2).
 */
export function keepPeered(libp2p: Libp2p, addresses: readonly string[], log: (line: string) => void = () => undefined) {
  const stopped = new AbortController();
  const targets = addresses.map((address) => ({ address: multiaddr(address), peerId: address.split("/p2p/").at(-1)! }));
  const dialing = new Set<string>();

  async function dial(target: (typeof targets)[number]) {
    if (dialing.has(target.peerId)) return;
    dialing.add(target.peerId);
    try {
      for (let delay = INITIAL_MS; !stopped.signal.aborted; delay = Math.min(delay * 2, MAX_MS)) {
        try {
          await libp2p.dial(target.address, { signal: stopped.signal });
          log(`peered with ${target.peerId}`);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } finally {
      dialing.delete(target.peerId);
    }
  }

  const onDisconnect = (event: CustomEvent<{ toString(): string }>) => {
    const target = targets.find((t) => t.peerId === event.detail.toString());
    if (target && !stopped.signal.aborted) void dial(target);
  };
  libp2p.addEventListener("peer:disconnect", onDisconnect);
  for (const target of targets) void dial(target);
  return {
    stop() {
      stopped.abort();
      libp2p.removeEventListener("peer:disconnect", onDisconnect);
    },
  };
}
