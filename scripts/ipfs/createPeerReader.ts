import { fetchGatewayBlock } from "@cairn/core/ipfs";
import type { CID } from "multiformats/cid";

export interface PeerReaderOptions {
  /** API base URLs of the peered pinning nodes. */
  peers: readonly string[];
  /** How long one read waits for the peers (default 5 s). */
  timeoutMs?: number;
  /** Reads in flight at once; more are answered "not held" at once (default 32). */
  maxConcurrent?: number;
}

export interface PeerReader {
  /** The block from the first peered node that holds it (hash-verified), or undefined. */
  read(cid: CID, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

/**
 * Reads blocks this node does not hold from its peered pinning nodes' gateways, with
 * `Cache-Control: only-if-cached` so that a peer answers only from its own store and never asks
 * back. The bytes are served, not stored: pins and quotas stay with the node a block was pinned on.
 * Only configured peers are asked (never the open network), in parallel, for a bounded time.
 */
export function createPeerReader(options: PeerReaderOptions): PeerReader {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxConcurrent = options.maxConcurrent ?? 32;
  let inFlight = 0;

  return {
    async read(cid, signal) {
      if (options.peers.length === 0 || inFlight >= maxConcurrent) return undefined;
      inFlight++;
      const answered = new AbortController();
      const signals = [AbortSignal.timeout(timeoutMs), answered.signal, ...(signal ? [signal] : [])];
      const combined = AbortSignal.any(signals);
      const ask = async (peer: string) => {
        const bytes = await fetchGatewayBlock(peer, cid, { signal: combined, onlyIfCached: true });
        if (bytes === undefined) throw new Error(`${peer} does not hold ${cid.toString()}`);
        return bytes;
      };
      try {
        return await Promise.any(options.peers.map(ask));
      } catch {
        return undefined;
      } finally {
        answered.abort();
        inFlight--;
      }
    },
  };
}
