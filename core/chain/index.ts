export * from "./errors.js";
export type * from "./types.js";
export { classifyRpcError, toRpcError, type RpcFailureKind } from "./classifyRpcError.js";
export { causeChain, errorText, type ErrorFields } from "./causeChain.js";
export { withRetry, backoffDelay, type RetryOptions } from "./withRetry.js";
export * from "./registryTxs.js";
export { publishKeyTx } from "./publishKeyTx.js";
export { publishKeyWithBackupTx, MAX_KEY_BACKUP_LENGTH } from "./publishKeyWithBackupTx.js";
export { sendTx, createTxSender, type SendTxClients } from "./sendTx.js";
export { decodeTxError, decodeRevert, findRevertData } from "./decodeTxError.js";
export {
  DEFAULT_MAX_BLOCK_RANGE,
  nextRange,
  isShrinkable,
  fetchPage,
  fetchAllForward,
  type RangeFetcher,
  type PageDirection,
} from "./logPaging.js";
export {
  registryLogFetcher,
  eventTopic,
  eventTopics,
  uintTopic,
  addressTopic,
  compareLogs,
  STATE_EVENTS,
  MEMBERSHIP_EVENTS,
  type RegistryLog,
  type RegistryEventName,
} from "./registryLogs.js";
export { toChainMessages, comparePositions } from "./chainMessages.js";
export { channelMessageFetcher, withTimestamps } from "./readMessages.js";
export { readHistory, pageBackwards, type HistoryCursor, type HistoryPage, type ReadHistoryParameters } from "./readHistory.js";
export {
  reduceChannelState,
  reduceMemberships,
  type ChannelState,
  type ChannelMember,
  type EpochKeyMaterial,
} from "./channelState.js";
export { readChannelState } from "./readChannelState.js";
export { walkRegistryChain, type RegistryChain, type ChainLink } from "./walkRegistryChain.js";
export { listChannels } from "./listChannels.js";
export { listPublicChannels, type PublicChannelSummary } from "./listPublicChannels.js";
export { readPublicKey, noUsableKey } from "./readPublicKey.js";
export { channelIdFor, newChannelSalt } from "./channelIdFor.js";
export { readKeyBackup } from "./readKeyBackup.js";
export { readChannelInfo, type ChannelInfo } from "./readChannelInfo.js";
export { readIsMember } from "./readIsMember.js";
export { headBlock } from "./headBlock.js";
export { watchChannel, type WatchChannelParameters } from "./watchChannel.js";
export { listPublishedKeys, type PublishedKey } from "./listPublishedKeys.js";
export { listKeyChanges, type KeyChange } from "./listKeyChanges.js";
export { keyChangedMembers } from "./keyChangedMembers.js";
export { staleKeyMembers } from "./staleKeyMembers.js";
export { readDirectChannel } from "./readDirectChannel.js";
export { deploymentFor } from "./deploymentFor.js";
