import type { Address } from "viem";
import { createLruMap } from "./createLruMap.js";
import { DROP_REASONS, type Drop, type DropReason } from "./dropReasons.js";

export type DropTotals = Partial<Record<DropReason, number>>;

export type DropCounter = {
  /** Counts a drop: per reason, per peer it came from (gossipsub's propagation source) and per signer when known. */
  record(drop: Drop, peer?: string): void;
  /** Drops per reason since the counter was made. */
  totals(): DropTotals;
  /** Drops per reason that came from `peer`. */
  peerTotals(peer: string): DropTotals;
  /** Drops per reason signed by `signer` (a wallet or a session key). */
  signerTotals(signer: Address): DropTotals;
  /** The peer's penalised drops (DROP_REASONS penalty), each halving every `halfLifeMs`. */
  penalty(peer: string): number;
  /** gossipsub's scoreParams.appSpecificScore: minus the penalty, 0 for `trusted` peers. */
  appSpecificScore(peer: string): number;
};

export type DropCounterOptions = {
  /** Half-life of a penalty (default 5 min). */
  halfLifeMs?: number;
  /** Peers and signers tracked at most; the least recently seen is forgotten first (default 4096 each). */
  maxTracked?: number;
  /** Peers never penalised: the node's own pinning node(s), which relay everybody's messages. */
  trusted?: Iterable<string>;
  now?: () => number;
};

type PeerRecord = { totals: DropTotals; penalty: number; at: number };

const add = (totals: DropTotals, reason: DropReason) => {
  totals[reason] = (totals[reason] ?? 0) + 1;
};

/**
 * Abuse accounting for pubsub (PROTOCOL.md §Pubsub abuse and peer scoring): every drop counted per
 * reason, per peer and per signer, and a decaying per-peer penalty that feeds gossipsub's
 * application-specific score (P5), so a peer that keeps forwarding messages its own checks should
 * have stopped is scored down, then graylisted.
 */
export function createDropCounter(options: DropCounterOptions = {}): DropCounter {
  const { halfLifeMs = 300_000, maxTracked = 4096, now = Date.now } = options;
  const trusted = new Set(options.trusted);
  const totals: DropTotals = {};
  const peers = createLruMap<PeerRecord>(maxTracked);
  const signers = createLruMap<DropTotals>(maxTracked);
  const decayed = (record: PeerRecord, at: number) => record.penalty * 0.5 ** ((at - record.at) / halfLifeMs);
  const penalty = (peer: string) => {
    const record = peers.get(peer);
    return record ? decayed(record, now()) : 0;
  };
  return {
    record(drop, peer) {
      add(totals, drop.reason);
      if (drop.signer) add(signers.touch(drop.signer.toLowerCase(), () => ({})), drop.reason);
      if (peer === undefined) return;
      const record = peers.touch(peer, () => ({ totals: {}, penalty: 0, at: now() }));
      add(record.totals, drop.reason);
      const at = now();
      record.penalty = decayed(record, at) + DROP_REASONS[drop.reason].penalty;
      record.at = at;
    },
    totals: () => ({ ...totals }),
    peerTotals: (peer) => ({ ...peers.get(peer)?.totals }),
    signerTotals: (signer) => ({ ...signers.get(signer.toLowerCase()) }),
    penalty,
    appSpecificScore: (peer) => (trusted.has(peer) ? 0 : -penalty(peer)),
  };
}
