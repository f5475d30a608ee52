import type { GossipSub } from "@libp2p/gossipsub";
import { cairnGossipsub } from "./cairnGossipsub.js";
import { createDropCounter } from "./createDropCounter.js";
import { createPubsubRouter, type PubsubRouter } from "./createPubsubRouter.js";
import { relayCairnTopics } from "./relayCairnTopics.js";
import type { RelayOptions } from "./relayVerdict.js";

/**
 * The pubsub of a pinning node, which meshes and relays for the browsers that reach it over
 * WebSocket (PROTOCOL.md §16.1): the gossipsub service to pass to libp2p, then `relay` once libp2p
 * built it, which follows every Cairn topic a peer subscribes to and forwards what passes the
 * keyless checks (relayVerdict). `relay` returns the router and a function that stops relaying.
 */
export function createRelayPubsub(options: RelayOptions & { trusted?: readonly string[] } = {}) {
  const drops = createDropCounter({ trusted: options.trusted });
  return {
    service: cairnGossipsub(drops),
    relay(service: GossipSub): { router: PubsubRouter; stop: () => void } {
      const router = createPubsubRouter(service, drops, { trusted: options.trusted });
      return { router, stop: relayCairnTopics(router, options) };
    },
  };
}
