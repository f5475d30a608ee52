export * from "./errors.js";
export type * from "./types.js";
export { createChannelService, type ChannelService, type SendOptions } from "./createChannelService.js";
export { createKeyring, type Keyring, type KeyringContext } from "./createKeyring.js";
export { describeChannel, type ChannelDetails } from "./describeChannel.js";
export { prepareMessage, FILE_CHUNK_SIZE, type PrepareOptions, type PrepareContext } from "./prepareMessage.js";
export { deliverMessages, type CurrentEpoch } from "./deliverMessages.js";
export { sealEnvelope, type SealContext, type SealTarget } from "./sealEnvelope.js";
export { findPostedMessages, matchPostedMessages, type PostedCopy } from "./findPostedMessages.js";
export { dedupeMessages, firstCopyFilter, messageKey } from "./dedupeMessages.js";
export { openChainMessage, reopenChainMessage, statusOf, type OpenChainMessageContext } from "./openChainMessage.js";
export { awaitsKey, type KeyAwaitingMessage } from "./awaitsKey.js";
export { watchPendingMessages, type ReceivedPendingMessage, type WatchPendingOptions } from "./watchPendingMessages.js";
export {
  createChannel,
  buildCreateChannelTx,
  requirePublicKey,
  type CreateChannelParameters,
} from "./createChannel.js";
export { addMember } from "./addMember.js";
export { rotateChannelKey } from "./rotateChannelKey.js";
export { EPOCHS_PER_SHARE, shareEpochKeys } from "./shareEpochKeys.js";
export { resealChangedKeys, type ResealResult } from "./resealChangedKeys.js";
export { openDirectChannel } from "./openDirectChannel.js";
export { channelRequests, addedBy, type ChannelRequests, type ConsentChoices } from "./channelRequests.js";
export { inviteOrDefer, completeDeferredInvite, type DeferredInvite } from "./deferredInvites.js";
export { sendPost } from "./sendPost.js";
