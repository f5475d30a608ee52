export * from "./errors.js";
export type * from "./types.js";
export { classifyRpcError, toRpcError, isTimeout, type RpcFailureKind } from "./classifyRpcError.js";
export { parseLogRefusal, type LogRefusal } from "./parseLogRefusal.js";
export { logRefusal } from "./logRefusal.js";
export { createRangeLimit, rangeLimitOf, type RangeLimit } from "./createRangeLimit.js";
export { rpcRequest } from "./rpcRequest.js";
export { readBlockHeader, type BlockHeader } from "./readBlockHeader.js";
export { blockTimesOf, type BlockTimes } from "./blockTimes.js";
export { logFetcher, compareLogs, type LogFilter } from "./logFetcher.js";
export { causeChain, errorText, type ErrorFields } from "./causeChain.js";
export { withRetry, backoffDelay, retryAfterMs, type RetryOptions } from "./withRetry.js";
export * from "./registryTxs.js";
export { publishKeyTx } from "./publishKeyTx.js";
export { publishKeyWithBackupTx, MAX_KEY_BACKUP_LENGTH } from "./publishKeyWithBackupTx.js";
export {
  sendTx,
  createTxSender,
  DEFAULT_SEND_TIMEOUT_MS,
  DEFAULT_RECEIPT_POLL_MS,
  NONCE_ATTEMPTS,
  type SendTxClients,
  type SendTxOptions,
} from "./sendTx.js";
export { classifySendError, type SendFailureKind } from "./classifySendError.js";
export { readNonceState, type NonceState } from "./readNonceState.js";
export { decodeTxError, decodeRevert, findRevertData } from "./decodeTxError.js";
export { isNoFunds, isRejection } from "./sendRefusals.js";
export { describeError, type DescribeErrorOptions } from "./describeError.js";
export { nextRange, pages, fetchAllForward, type RangeFetcher, type PageDirection, type PagingOptions, type Page } from "./logPaging.js";
export {
  registryLogFetcher,
  parseRegistryLogs,
  eventTopic,
  eventTopics,
  uintTopic,
  addressTopic,
  STATE_EVENTS,
  MEMBERSHIP_EVENTS,
  type RegistryLog,
  type RegistryEventName,
} from "./registryLogs.js";
export { toChainMessages } from "./chainMessages.js";
export { comparePositions } from "./comparePositions.js";
export { positionKey } from "./positionKey.js";
export { channelMessageFetcher, withTimestamps, MESSAGE_EVENTS } from "./readMessages.js";
export { readHistory, type HistoryCursor, type HistoryPage, type ReadHistoryParameters } from "./readHistory.js";
export {
  reduceChannelState,
  reduceMemberships,
  type ChannelState,
  type ChannelMember,
  type EpochKeyMaterial,
} from "./channelState.js";
export { readChannelState } from "./readChannelState.js";
export { walkRegistryChain, walkRegistryChains, type RegistryChain, type ChainLink, type ChainWalk, type WalkParameters } from "./walkRegistryChain.js";
export { readViews, type ViewCall } from "./readViews.js";
export { readKeyRecords, keyChangesOf, type KeyRecord, type KeyChange } from "./readKeyRecords.js";
export { listChannels } from "./listChannels.js";
export { listPublicChannels, type PublicChannelSummary, type PublicChannelPage } from "./listPublicChannels.js";
export { readPublicKey, noUsableKey } from "./readPublicKey.js";
export { channelIdFor, newChannelSalt } from "./channelIdFor.js";
export { readKeyBackup } from "./readKeyBackup.js";
export { resolveIdentity, restoreStoredIdentity, type IdentityResolution, type ResolveIdentityParameters } from "./resolveIdentity.js";
export { readChannelInfo, type ChannelInfo } from "./readChannelInfo.js";
export { readIsMember } from "./readIsMember.js";
export { headBlock } from "./headBlock.js";
export { watchChannel, type WatchChannelParameters } from "./watchChannel.js";
export { listPublishedKeys, type PublishedKey } from "./listPublishedKeys.js";
export { readKeyPublished } from "./readKeyPublished.js";
export { readPublicDirectoryBlock } from "./readPublicDirectoryBlock.js";
export { readView } from "./readView.js";
export { keyChangedMembers } from "./keyChangedMembers.js";
export { staleKeyMembers } from "./staleKeyMembers.js";
export { readDirectChannel } from "./readDirectChannel.js";
export { deploymentFor, findDeployment } from "./deploymentFor.js";
export { stringifyWithBigInt, parseWithBigInt } from "./bigintJson.js";
export {
  createLogCache,
  openLogCache,
  DEFAULT_MAX_CACHED_LOGS,
  type LogCache,
  type LogCacheRecord,
  type LogCacheScope,
  type LogCacheStore,
  type LogStoreEntry,
  type StoredLogRecord,
  type BlockId,
} from "./createLogCache.js";
export { createMemoryLogStore } from "./createMemoryLogStore.js";
export { createIndexedDbLogStore } from "./createIndexedDbLogStore.js";
export {
  createLogSync,
  type LogSync,
  type LogSyncParameters,
  type LogDelta,
  type LogBackfill,
  type Coverage,
  type FollowOptions,
  type SyncLog,
} from "./createLogSync.js";
export { bloomMayContain } from "./bloomMayContain.js";
export { readOlderMessages, type OlderMessages } from "./readOlderMessages.js";
export { decodeIndexLogs, indexEventTopics, type IndexLog, type KeyPublishedLog } from "./indexLogs.js";
export { createChainIndex, type ChainIndex, type ChainIndexParameters, type ChannelSnapshot, type IndexSnapshot } from "./createChainIndex.js";
