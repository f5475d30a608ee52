import { encodeEventTopics, isAddressEqual, parseEventLogs, type Address, type Hex, type Log, type ParseEventLogsReturnType } from "viem";
import { channelRegistryAbi, keyDirectoryAbi } from "../contracts/generated.js";
import { eventTopics, STATE_EVENTS, type RegistryLog } from "./registryLogs.js";

/** A decoded `KeyPublished(account, key, previousKey)` log of the KeyDirectory. */
export type KeyPublishedLog = ParseEventLogsReturnType<typeof keyDirectoryAbi, "KeyPublished", true>[number];

/** What the chain index follows: the registry's events of its channels and account, and the KeyDirectory's key publications. */
export type IndexLog = RegistryLog | KeyPublishedLog;

/** The registry events one channel's record holds: its state, its messages and their window links; and the account's AccountLinked. */
export const INDEX_REGISTRY_EVENTS = [...STATE_EVENTS, "Posted", "BatchPosted", "MessagesLinked", "AccountLinked"] as const;

const INDEX_ABI = [...channelRegistryAbi, ...keyDirectoryAbi];

/** topic0 of every event the index follows, the KeyDirectory's KeyPublished last. */
export function indexEventTopics(): Hex[] {
  return [...eventTopics(INDEX_REGISTRY_EVENTS), encodeEventTopics({ abi: keyDirectoryAbi, eventName: "KeyPublished" })[0]];
}

/**
 * Decodes the logs of one index read (strict: a log whose data does not fit its event is
 * dropped): registry events from the registry, KeyPublished from the KeyDirectory, and of the
 * AccountLinked logs only the account's own (others' match the filter when their addresses are
 * followed for their keys).
 */
export function decodeIndexLogs(logs: Log[], contracts: { registry: Address; keyDirectory: Address; account: Address }): IndexLog[] {
  const decoded = parseEventLogs({ abi: INDEX_ABI, logs, strict: true }) as IndexLog[];
  return decoded.filter((log) => {
    if (log.eventName === "KeyPublished") return isAddressEqual(log.address, contracts.keyDirectory);
    if (!isAddressEqual(log.address, contracts.registry)) return false;
    return log.eventName !== "AccountLinked" || isAddressEqual(log.args.account, contracts.account);
  });
}
