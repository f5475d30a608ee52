import type { GossipSub } from "@libp2p/gossipsub";
import { cairnGossipsub } from "./cairnGossipsub.js";
import { createDropCounter } from "./createDropCounter.js";
import { createPubsubRouter, type PubsubRouter } from "./createPubsubRouter.js";

/**
 * The pubsub of a client node (browser, CLI): the gossipsub service to pass to libp2p, and the
 * router over it once libp2p built it. The pinning nodes it bootstraps from are trusted: they
 * relay everybody's messages, so they are neither penalised for drops nor rate-limited.
 */
export function createClientPubsub(pinningPeers: readonly string[]) {
  const drops = createDropCounter({ trusted: pinningPeers });
  return {
    service: cairnGossipsub(drops),
    router: (service: GossipSub): PubsubRouter => createPubsubRouter(service, drops, { trusted: pinningPeers }),
  };
}
