/**
 * Settings for @libp2p/gossipsub 17 on Cairn's channel topics (PROTOCOL.md §Pubsub abuse and peer
 * scoring): options and peer scoring. The types mirror the package's TopicScoreParams,
 * PeerScoreParams and PeerScoreThresholds field for field, so these objects pass as they are to
 * `gossipsub({ scoreParams, scoreThresholds })` without core depending on libp2p. Scores decay once
 * per decayInterval (1 s); gossipsub caches a peer's score for one heartbeat (1 s), so a penalty
 * bites within a second.
 */

/** gossipsub's TopicScoreParams (P1–P4 of one topic). */
export type TopicScoreParams = {
  topicWeight: number;
  timeInMeshWeight: number;
  timeInMeshQuantum: number;
  timeInMeshCap: number;
  firstMessageDeliveriesWeight: number;
  firstMessageDeliveriesDecay: number;
  firstMessageDeliveriesCap: number;
  meshMessageDeliveriesWeight: number;
  meshMessageDeliveriesDecay: number;
  meshMessageDeliveriesCap: number;
  meshMessageDeliveriesThreshold: number;
  meshMessageDeliveriesWindow: number;
  meshMessageDeliveriesActivation: number;
  meshFailurePenaltyWeight: number;
  meshFailurePenaltyDecay: number;
  invalidMessageDeliveriesWeight: number;
  invalidMessageDeliveriesDecay: number;
};

/** gossipsub's PeerScoreParams (topics, P5–P7, decay). */
export type PeerScoreParams = {
  topics: Record<string, TopicScoreParams>;
  topicScoreCap: number;
  appSpecificScore: (peer: string) => number;
  appSpecificWeight: number;
  IPColocationFactorWeight: number;
  IPColocationFactorThreshold: number;
  IPColocationFactorWhitelist: Set<string>;
  behaviourPenaltyWeight: number;
  behaviourPenaltyThreshold: number;
  behaviourPenaltyDecay: number;
  decayInterval: number;
  decayToZero: number;
  retainScore: number;
};

/** gossipsub's PeerScoreThresholds. */
export type PeerScoreThresholds = {
  gossipThreshold: number;
  publishThreshold: number;
  graylistThreshold: number;
  acceptPXThreshold: number;
  opportunisticGraftThreshold: number;
};

/** The per-second decay factor that halves a counter in `seconds`. */
const halfLife = (seconds: number) => 0.5 ** (1 / seconds);

/**
 * Score parameters of every Cairn topic. gossipsub scores (and counts invalid messages on) only
 * topics listed in scoreParams.topics, and Cairn's topics change with channels and epochs: a node
 * adds `score.params.topics[topic] = CAIRN_TOPIC_SCORE_PARAMS` when it subscribes (and removes it
 * when it leaves), which gossipsub reads at each score computation.
 */
export const CAIRN_TOPIC_SCORE_PARAMS: TopicScoreParams = {
  // All channel topics count the same.
  topicWeight: 1,
  // P1 and P2 (rewards for time in the mesh and first deliveries) off: a channel topic holds a
  // pinning node and a few browsers, so mesh selection gains little from them, and gossipsub caps
  // the topics' total only after adding penalties, so rewards banked on many channel topics would
  // absorb the invalid-message penalty of one. (Quantum, cap and decay only have to be valid.)
  timeInMeshWeight: 0,
  timeInMeshQuantum: 1000,
  timeInMeshCap: 3600,
  firstMessageDeliveriesWeight: 0,
  firstMessageDeliveriesDecay: halfLife(600),
  firstMessageDeliveriesCap: 10,
  // P3 and P3b off: chat topics are quiet for hours (and silent when presence is off), so a
  // minimum delivery rate would penalise every honest mesh peer. (The decays and window only have
  // to be valid values while the weights are 0.)
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: halfLife(60),
  meshMessageDeliveriesCap: 1,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 60_000,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: halfLife(60),
  // P4: −25 × count². Honest Cairn peers never forward a `reject`ed message (every check behind a
  // reject is one a relay makes itself before forwarding), so one invalid message puts a peer
  // below the gossip threshold (−25) and two graylist it (−100); the count halves every 10 minutes.
  invalidMessageDeliveriesWeight: -25,
  invalidMessageDeliveriesDecay: halfLife(600),
};

export const CAIRN_PEER_SCORE_THRESHOLDS: PeerScoreThresholds = {
  // Below −10 (one invalid message, or more than ten penalised drops): no gossip (IHAVE/IWANT) either way.
  gossipThreshold: -10,
  // Below −50: this node no longer publishes to the peer.
  publishThreshold: -50,
  // Below −80 (two invalid messages, or a flood of penalised drops): every RPC of the peer is ignored.
  graylistThreshold: -80,
  // Peer exchange stays off (doPX false); accepted only from a peer far above what an ordinary peer reaches.
  acceptPXThreshold: 100,
  // Opportunistic grafting (of peers above the mesh's median) when that median is below this; with
  // no positive topic score it finds no better peer, which is harmless.
  opportunisticGraftThreshold: 1,
};

export type CairnPeerScoreOptions = {
  /** P5: a drop counter's appSpecificScore (createDropCounter): minus the peer's decayed penalised drops. */
  appSpecificScore: (peer: string) => number;
  /** Topics already subscribed (each gets CAIRN_TOPIC_SCORE_PARAMS). */
  topics?: readonly string[];
  /** IPs exempt from the colocation penalty (default the loopback addresses: a local stack puts every peer on one IP). */
  ipColocationWhitelist?: Iterable<string>;
};

/** The peer score parameters of a Cairn node (browser, CLI or pinning node). */
export function cairnPeerScoreParams(options: CairnPeerScoreOptions): PeerScoreParams {
  return {
    topics: Object.fromEntries((options.topics ?? []).map((topic) => [topic, CAIRN_TOPIC_SCORE_PARAMS])),
    // Topics give no positive score (P1, P2 off); the cap only has to be valid.
    topicScoreCap: 10,
    // P5 weight 1: each penalised drop (DROP_REASONS penalty) costs one point, decaying with the counter's half-life.
    appSpecificScore: options.appSpecificScore,
    appSpecificWeight: 1,
    // P6: more than 10 peers from one IP cost (surplus)²: 20 peers from one address graylist themselves.
    IPColocationFactorWeight: -1,
    IPColocationFactorThreshold: 10,
    IPColocationFactorWhitelist: new Set(options.ipColocationWhitelist ?? ["127.0.0.1", "::1"]),
    // P7: broken IHAVE promises and early re-grafts past 6 cost −10 × excess², halving in about a minute.
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyDecay: halfLife(60),
    decayInterval: 1000,
    decayToZero: 0.01,
    // A disconnected peer's score is kept for an hour: reconnecting does not wash a penalty away.
    retainScore: 3_600_000,
  };
}

/** The gossipsub options every Cairn node sets (with scoreParams and scoreThresholds above). */
export const CAIRN_GOSSIPSUB_OPTIONS = {
  // Messages carry their own proof (the signed transaction; presence is encrypted to members):
  // no libp2p signature, author or sequence number, which would only tie a message to the
  // publishing peer. gossipsub's message id is then SHA-256 of the data.
  globalSignaturePolicy: "StrictNoSign",
  // Nothing is forwarded before Cairn's checks: for each 'gossipsub:message' event the node calls
  // reportMessageValidationResult(msgId, propagationSource, gossipAcceptance(verdict)) within the
  // message cache's window (mcacheLength heartbeats: 5 s). The plain 'message' event fires before
  // validation and must not be used.
  asyncValidation: true,
  // The first hop goes to every topic peer above the publish threshold, not only the mesh: lowest latency.
  floodPublish: true,
  // A member alone on its topic still publishes without an error; the chain path delivers anyway.
  allowPublishToZeroTopicPeers: true,
  // No peer exchange: browsers find peers through the pinning node only.
  doPX: false,
  // Every Cairn peer speaks gossipsub.
  fallbackToFloodsub: false,
} as const;
