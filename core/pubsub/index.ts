export * from "./constants.js";
export * from "./errors.js";
export { channelTopic, isCairnTopic, type TopicContext } from "./channelTopic.js";
export { pubsubKind } from "./pubsubKind.js";
export { encodePendingMessage, decodePendingMessage, type PendingMessageParts } from "./pendingMessageCodec.js";
export { parsePostTransaction, type PostTransaction, type PostFunctionName } from "./parsePostTransaction.js";
export { rebuildSignedTransaction } from "./rebuildSignedTransaction.js";
export { DROP_REASONS, gossipAcceptance, type Drop, type DropReason, type GossipAcceptance, type Verdict } from "./dropReasons.js";
export {
  checkPendingMessage,
  type CheckedPendingMessage,
  type PendingMessageChecks,
  type TopicExpectation,
} from "./checkPendingMessage.js";
export { verifyPendingMessage, type PendingMessage } from "./verifyPendingMessage.js";
export {
  sealPresence,
  openPresence,
  checkPresence,
  presenceAad,
  presenceDigest,
  type PresenceBeat,
  type PresenceChecks,
  type PresenceSigner,
  type SealPresenceParameters,
} from "./presence.js";
export {
  reducePresence,
  onlineMembers,
  typingMembers,
  heartbeatDelay,
  typingBeatDue,
  type PresenceMap,
  type PresenceRecord,
} from "./reducePresence.js";
export {
  createDeliveryState,
  reduceDelivery,
  deliveryView,
  type ChainCopy,
  type DeliveryEntry,
  type DeliveryEvent,
  type DeliveryOptions,
  type DeliveryState,
  type DeliveryStatus,
} from "./reduceDelivery.js";
export { createDropCounter, type DropCounter, type DropCounterOptions, type DropTotals } from "./createDropCounter.js";
export { createFloodGuard, PENDING_MESSAGE_BUDGET, PRESENCE_BUDGET, type FloodBudget, type FloodGuard } from "./createFloodGuard.js";
export {
  CAIRN_GOSSIPSUB_OPTIONS,
  CAIRN_PEER_SCORE_THRESHOLDS,
  CAIRN_TOPIC_SCORE_PARAMS,
  cairnPeerScoreParams,
  type CairnPeerScoreOptions,
  type PeerScoreParams,
  type PeerScoreThresholds,
  type TopicScoreParams,
} from "./gossipsubSettings.js";
export { createPubsubRouter, type PubsubHandler, type PubsubRouter, type PubsubRouterOptions } from "./createPubsubRouter.js";
export { createPendingAnnouncer, type AnnouncedMessage, type AnnouncedPost, type PendingAnnouncer, type PendingAnnouncerParameters } from "./createPendingAnnouncer.js";
export { createChainChecks, type ChainChecks } from "./createChainChecks.js";
export { watchChannelPubsub, type ChannelPubsub, type ChannelPubsubParameters } from "./watchChannelPubsub.js";
export { relayVerdict, type RelayOptions } from "./relayVerdict.js";
export { relayCairnTopics } from "./relayCairnTopics.js";
export { createRelayPubsub } from "./createRelayPubsub.js";
export { markDelivery, type DeliveryStep } from "./markDelivery.js";
