import { gossipsub, type GossipSub } from "@libp2p/gossipsub";
import type { DropCounter } from "./createDropCounter.js";
import { CAIRN_GOSSIPSUB_OPTIONS, CAIRN_PEER_SCORE_THRESHOLDS, cairnPeerScoreParams } from "./gossipsubSettings.js";

/**
 * The libp2p `pubsub` service of every Cairn node (browser, CLI, pinning node): gossipsub with
 * Cairn's options and peer scoring (PROTOCOL.md §16.7), the drop counter feeding the application
 * score (P5). Kept out of core/pubsub's index so that importing the protocol does not load libp2p.
 */
export function cairnGossipsub(drops: DropCounter): ReturnType<typeof gossipsub> {
  return gossipsub({
    ...CAIRN_GOSSIPSUB_OPTIONS,
    scoreParams: cairnPeerScoreParams({ appSpecificScore: drops.appSpecificScore }),
    scoreThresholds: CAIRN_PEER_SCORE_THRESHOLDS,
    // The same bytes published again (a retried post's message) are the same message: not an error.
    ignoreDuplicatePublishError: true,
  });
}

export type { GossipSub };
