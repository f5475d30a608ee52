import { encodeEventTopics, pad, parseEventLogs, toHex, type Address, type Hex, type Log, type LogTopic, type ParseEventLogsReturnType, type PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { logFetcher } from "./logFetcher.js";
import type { RangeFetcher } from "./logPaging.js";
import type { RetryOptions } from "./withRetry.js";

/** A decoded ChannelRegistry event log. */
export type RegistryLog = ParseEventLogsReturnType<typeof channelRegistryAbi, undefined, true>[number];
export type RegistryEventName = RegistryLog["eventName"];

/** Every event of a channel but its messages and the pointer-chain links: what its state is made of. */
export const STATE_EVENTS = [
  "ChannelCreated",
  "DirectChannelCreated",
  "MetadataUpdated",
  "MemberJoined",
  "MemberAdded",
  "MemberRemoved",
  "MemberLeft",
  "EpochKeyShared",
  "KeyRotated",
  "AdminTransferred",
] as const satisfies readonly RegistryEventName[];

/** The events that change an account's membership (the account is their second topic). */
export const MEMBERSHIP_EVENTS = ["ChannelCreated", "MemberJoined", "MemberAdded", "MemberRemoved", "MemberLeft"] as const satisfies readonly RegistryEventName[];

/** topic0 of a registry event. */
export function eventTopic(eventName: RegistryEventName): Hex {
  return encodeEventTopics({ abi: channelRegistryAbi, eventName } as Parameters<typeof encodeEventTopics>[0])[0];
}

/** topic0 matching any of `eventNames`. */
export function eventTopics(eventNames: readonly RegistryEventName[]): Hex[] {
  return eventNames.map(eventTopic);
}

/** An indexed uint256 (e.g. a channel id) as a topic. */
export const uintTopic = (value: bigint): Hex => pad(toHex(value), { size: 32 });
/** An indexed address as a topic. */
export const addressTopic = (account: Address): Hex => pad(account.toLowerCase() as Hex, { size: 32 });

/** Decodes raw logs of the registry (strict: a log whose data does not fit its event is dropped), keeping their order. */
export const parseRegistryLogs = (logs: Log[]): RegistryLog[] => parseEventLogs({ abi: channelRegistryAbi, logs, strict: true }) as RegistryLog[];

/**
 * A RangeFetcher of decoded registry logs matching `topics` (positions are ANDed, arrays inside a
 * position are ORed), in chain order (see logFetcher).
 */
export function registryLogFetcher(
  client: PublicClient,
  registry: Address,
  topics: LogTopic[],
  retry?: RetryOptions,
): RangeFetcher<RegistryLog> {
  const fetchLogs = logFetcher(client, { address: registry, topics }, retry);
  return async (range) => parseRegistryLogs(await fetchLogs(range));
}
