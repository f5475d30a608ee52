import { hexToBigInt, type Address, type Hex, type PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { blockTimesOf } from "./blockTimes.js";
import { toChainMessages } from "./chainMessages.js";
import { reduceChannelState, reduceMemberships, type ChannelState } from "./channelState.js";
import { openLogCache, type LogCache, type LogCacheStore } from "./createLogCache.js";
import { createLogSync } from "./createLogSync.js";
import { createMemoryLogStore } from "./createMemoryLogStore.js";
import { ChannelNotFoundError } from "./errors.js";
import { decodeIndexLogs, indexEventTopics, type IndexLog } from "./indexLogs.js";
import { readChannelInfo, type ChannelInfo } from "./readChannelInfo.js";
import { readChannelState } from "./readChannelState.js";
import { readKeyRecords, usablePublicKey, type KeyRecord } from "./readKeyRecords.js";
import { readOlderMessages } from "./readOlderMessages.js";
import { readView } from "./readView.js";
import { readViews } from "./readViews.js";
import { addressTopic, STATE_EVENTS, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { BlockHeader } from "./readBlockHeader.js";
import type { CairnDeployment, ChainMessage } from "./types.js";
import { walkRegistryChain, walkRegistryChains, type ChainWalk } from "./walkRegistryChain.js";
import type { RetryOptions } from "./withRetry.js";

export type ChainIndexParameters = {
  client: PublicClient;
  chainId: number;
  deployment: CairnDeployment;
  /** The account whose channels are followed (its memberships, its keys). */
  account: Address;
  /** Where logs persist across runs: IndexedDB in the browser, files for the CLI (default: memory). */
  store?: LogCacheStore;
  /** Follow new heads from the start (default true); without, `sync()` reads them on demand. */
  follow?: boolean;
  /** A fixed poll interval in ms (default: the chain's block time). */
  pollingInterval?: number;
  maxRange?: bigint;
  keepBlocks?: number;
  retry?: RetryOptions;
};

/** One channel as the index knows it. */
export type ChannelSnapshot = {
  channelId: bigint;
  /** Its state as of the last sync; undefined until first read. */
  state?: ChannelState;
  /** Why there is no state (ChannelNotFoundError for an id never created). */
  error?: unknown;
  /** The messages known so far, in chain order: every one from the oldest block read on. */
  messages: readonly ChainMessage[];
  /** The block its messages are known up to when this snapshot was taken (undefined until first read). */
  syncedBlock?: bigint;
  /** Whether every message of the channel is known (its history was read back to its start). */
  complete: boolean;
  /** An older part of its history is being read. */
  loadingOlder: boolean;
};

/** The index as a whole. */
export type IndexSnapshot = {
  /** The account's channels now, ascending; undefined until its memberships are read. */
  channels?: readonly bigint[];
  /** The latest block every followed channel is synced to (while following; undefined before the first poll). */
  head?: bigint;
  /** The last failed read or poll, until the next one succeeds. */
  error?: unknown;
};

export type ChainIndex = {
  snapshot(): IndexSnapshot;
  /** A followed channel (joined, or watched); an empty snapshot for others. Stable until it changes. */
  channel(channelId: bigint): ChannelSnapshot;
  /** The key record of an account whose keys are watched (undefined until read). */
  keyRecord(account: Address): KeyRecord | undefined;
  /** Told after any change of what the getters return. */
  subscribe(listener: () => void): () => void;
  /** Follows a channel the account has not joined (e.g. the one open) until the returned function is called. */
  watch(channelId: bigint): () => void;
  /** Follows accounts' published keys (one read, then KeyPublished logs in the same stream) until the returned function is called. */
  watchKeys(accounts: readonly Address[]): () => void;
  /**
   * Reads older messages of a followed channel, newest first, until `count` more are known or
   * its first message is; each read is told as it lands (progressive rendering).
   */
  loadOlder(channelId: bigint, count: number): Promise<void>;
  /** A channel's state: from the index when followed (after a sync when `fresh`), else read through its state chain. */
  state(channelId: bigint, options?: { fresh?: boolean }): Promise<ChannelState>;
  /** Resolves with the account's channels once its memberships are read. */
  channels(): Promise<readonly bigint[]>;
  /** Brings every followed channel to the latest block now. */
  sync(): Promise<void>;
  /** Follows new heads (when created with `follow: false`) until the returned function or `stop` is called. */
  follow(): () => void;
  stop(): void;
};

type MemberKind = "account" | "channel" | "keys";
type HistoryCursor = { knownFrom: bigint; window: bigint };

const isStateLog = (log: IndexLog): log is RegistryLog => (STATE_EVENTS as readonly string[]).includes(log.eventName);
const isMessageLog = (log: IndexLog): log is RegistryLog => log.eventName === "Posted" || log.eventName === "BatchPosted" || log.eventName === "MessagesLinked";
const addressOfTopic = (topic: Hex): Address => `0x${topic.slice(26)}`;

/**
 * One reader of the chain per tab (or CLI run): the registry's and KeyDirectory's logs of the
 * account's channels, of the channels watched and of the accounts whose keys are watched, in ONE
 * log sync (createLogSync): topic 1 ORs the channel ids, the account (AccountLinked: added to a
 * channel) and the watched accounts (KeyPublished), so following all of them costs one header
 * request per block and at most one `eth_getLogs`. Everything else derives from that stream:
 * the account's channels, each channel's state (members, epochs, keys), its messages, the key
 * records. A fresh device reads through the registry's pointer chains (the account's memberships,
 * each channel's state, then its messages window by window, newest first, on demand); a returning
 * one resumes from the log cache and reads only what is new.
 */
export function createChainIndex(params: ChainIndexParameters): ChainIndex {
  const { client, chainId, deployment, account, maxRange, retry } = params;
  const registry = deployment.channelRegistry;
  const lowest = deployment.fromBlock;
  const accountTopic = addressTopic(account);
  const kinds = new Map<Hex, MemberKind>([[accountTopic, "account"]]);
  const listeners = new Set<() => void>();
  const channelSnapshots = new Map<bigint, ChannelSnapshot & { knownFrom?: bigint }>();
  const dirty = new Set<bigint>();
  const keyRecords = new Map<string, KeyRecord>();
  const keyWatchers = new Map<string, number>();
  const watchers = new Map<bigint, number>();
  const histories = new Map<bigint, { cursor?: HistoryCursor; loading?: Promise<void> }>();
  const historyOf = (channelId: bigint) => {
    let history = histories.get(channelId);
    if (!history) histories.set(channelId, (history = {}));
    return history;
  };
  const followed = new Set<bigint>();
  let snapshot: IndexSnapshot = {};
  let joined: bigint[] | undefined;
  let windowBlocks: Promise<bigint> | undefined;
  let stopFollowing: (() => void) | undefined;
  const joinedWaiters: ((ids: readonly bigint[]) => void)[] = [];

  let opened: Promise<LogCache> | undefined;
  const openCache = () =>
    (opened ??= openLogCache(client, params.store ?? createMemoryLogStore(), { chainId, address: registry, deploymentBlock: lowest, retry }).catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const cache: LogCache = {
    read: async (key) => (await openCache()).read(key),
    write: async (key, record) => (await openCache()).write(key, record),
    drop: async (key) => (await openCache()).drop(key),
  };

  const notify = () => {
    for (const listener of listeners) listener();
  };
  const setSnapshot = (next: Partial<IndexSnapshot>) => {
    snapshot = { ...snapshot, ...next };
  };

  /** The key records of `accounts` as of `blockNumber` (one multicall); listeners are told. */
  const refreshKeys = async (accounts: Address[], blockNumber?: bigint) => {
    if (accounts.length === 0) return;
    for (const record of await readKeyRecords(client, { keyDirectory: deployment.keyDirectory, accounts, blockNumber, retry })) {
      keyRecords.set(record.account.toLowerCase(), record);
    }
    notify();
  };

  /** The account's membership logs in (after, head] (all of them without `after`), through its membership chain. */
  const walkAccount = async (head: BlockHeader, after?: bigint) => {
    const logs: IndexLog[] = [];
    const walk = { registry, atBlock: head.number, fromBlock: lowest, maxRange, retry, chain: { kind: "account" as const, account, after } };
    for await (const link of walkRegistryChain(client, walk)) logs.push(...link.logs, ...(link.link ? [link.link] : []));
    return logs;
  };

  /**
   * Channels' logs through their pointer chains, at `head`: new channels get their whole state
   * (their messages are read on demand, loadOlder); channels behind by `after` get their state
   * and messages in (after, head]. An id never created gets no logs (its state is then "not found").
   */
  const backfillChannels = async (topics: Hex[], head: BlockHeader, after: bigint | undefined, into: Map<Hex, IndexLog[]>) => {
    const ids = topics.map((topic) => hexToBigInt(topic));
    const view = (functionName: string, args: readonly unknown[]) => ({ address: registry, abi: channelRegistryAbi, functionName, args });
    // The window length (an immutable) rides along in the same call the first time.
    const calls = [...ids.map((channelId) => view("channelInfo", [channelId])), ...(windowBlocks ? [] : [view("windowBlocks", [])])];
    const results = await readViews<ChannelInfo | number>(client, calls, { blockNumber: head.number, retry });
    if (!windowBlocks && !(results[ids.length] instanceof Error)) windowBlocks = Promise.resolve(BigInt(results[ids.length] as number));
    const walks: { state: ChainWalk[]; messages: ChainWalk[] } = { state: [], messages: [] };
    ids.forEach((channelId, index) => {
      const info = results[index] as ChannelInfo | Error;
      into.set(topics[index], []);
      if (info instanceof ChannelNotFoundError) return;
      if (info instanceof Error) throw info;
      walks.state.push({ kind: "state", channelId, from: info.stateBlock, after });
      const window = BigInt(info.messageWindow);
      // A new record covers the blocks after `head`: older messages start at the latest window.
      if (after === undefined) historyOf(channelId).cursor = { knownFrom: head.number + 1n, window };
      else if (window !== 0n) walks.messages.push({ kind: "messages", channelId, from: window, after });
    });
    const common = { registry, atBlock: head.number, fromBlock: lowest, maxRange, retry, windowBlocks: walks.messages.length > 0 ? await readWindowBlocks() : undefined };
    for (const chains of [walks.state, walks.messages]) {
      for await (const { chain, link } of walkRegistryChains(client, { ...common, chains })) {
        const topic = uintTopic(chain.kind === "state" || chain.kind === "messages" ? chain.channelId : 0n);
        into.get(topic)!.push(...link.logs, ...(chain.kind === "messages" && link.link ? [link.link] : []));
      }
    }
  };

  const readWindowBlocks = () =>
    (windowBlocks ??= readView(client, { address: registry, abi: channelRegistryAbi, functionName: "windowBlocks", args: [] }, retry)
      .then(BigInt)
      .catch((error: unknown) => {
        windowBlocks = undefined;
        throw error;
      }));

  const sync = createLogSync<IndexLog>({
    client,
    cache,
    address: [registry, deployment.keyDirectory],
    events: indexEventTopics(),
    fromBlock: lowest,
    decode: (logs) => decodeIndexLogs(logs, { registry, keyDirectory: deployment.keyDirectory, account }),
    keepBlocks: params.keepBlocks,
    maxRange,
    retry,
    backfill: {
      // The account's AccountLinked: a membership changed in that block (e.g. added to a channel not followed yet).
      reopens: (log) => log.eventName === "AccountLinked",
      async read(members, head, after) {
        const found = new Map<Hex, IndexLog[]>();
        const of = (kind: MemberKind) => members.filter((member) => kinds.get(member) === kind);
        const keyAccounts = members.filter((member) => kinds.get(member) !== "channel" && keyWatchers.has(addressOfTopic(member).toLowerCase()));
        await Promise.all([
          of("account").length > 0 && walkAccount(head, after).then((logs) => found.set(accountTopic, logs)),
          of("channel").length > 0 && backfillChannels(of("channel"), head, after, found),
          refreshKeys(keyAccounts.map(addressOfTopic), head.number),
        ]);
        // Watched accounts' records keep only the KeyPublished logs read from here on; their key records come from the view.
        for (const member of of("keys")) found.set(member, []);
        return found;
      },
    },
  });

  /** Follows exactly the joined and watched channels. */
  const updateMembers = () => {
    const wanted = new Set([...(joined ?? []), ...watchers.keys()]);
    const added: Hex[] = [];
    for (const channelId of wanted) {
      if (followed.has(channelId)) continue;
      followed.add(channelId);
      kinds.set(uintTopic(channelId), "channel");
      added.push(uintTopic(channelId));
    }
    for (const channelId of [...followed]) {
      if (wanted.has(channelId)) continue;
      followed.delete(channelId);
      sync.remove(uintTopic(channelId));
    }
    if (added.length > 0) sync.add(...added);
  };

  /** The account's channels from its membership logs; follows new ones, lets go of those it left. */
  const updateJoined = () => {
    if (!sync.coverage(accountTopic)) return;
    const next = reduceMemberships(sync.logs(accountTopic) as RegistryLog[], account);
    const same = joined !== undefined && next.length === joined.length && next.every((id, index) => id === joined![index]);
    if (!same) {
      joined = next;
      setSnapshot({ channels: next });
      for (const resolve of joinedWaiters.splice(0)) resolve(next);
    }
    updateMembers();
  };

  /** Applies KeyPublished logs to the key records read before: a newer key replaces a record's; one a reorg removed is read again. */
  const applyKeys = async (added: readonly IndexLog[], removed: readonly IndexLog[]) => {
    for (const log of added) {
      if (log.eventName !== "KeyPublished") continue;
      const known = keyRecords.get(log.args.account.toLowerCase());
      if (!known || log.blockNumber <= known.publishedBlock) continue;
      keyRecords.set(log.args.account.toLowerCase(), { ...known, key: usablePublicKey(log.args.key), publishedBlock: log.blockNumber, keyCount: known.keyCount + 1 });
    }
    await refreshKeys(removed.flatMap((log) => (log.eventName === "KeyPublished" ? [log.args.account] : [])));
  };

  const touch = (logs: readonly IndexLog[]) => {
    for (const log of logs) if ("channelId" in log.args && followed.has(log.args.channelId)) dirty.add(log.args.channelId);
  };

  const onDelta = async ({ added, removed }: { added: IndexLog[]; removed: IndexLog[] }) => {
    touch(added);
    touch(removed);
    for (const channelId of followed) {
      const known = channelSnapshots.get(channelId);
      if (known?.knownFrom !== sync.coverage(uintTopic(channelId))?.fromBlock) dirty.add(channelId);
    }
    updateJoined();
    await applyKeys(added, removed);
    setSnapshot({ error: undefined });
    notify();
  };

  const buildChannel = (channelId: bigint): ChannelSnapshot & { knownFrom?: bigint } => {
    const topic = uintTopic(channelId);
    const coverage = sync.coverage(topic);
    const loadingOlder = histories.get(channelId)?.loading !== undefined;
    if (!coverage) return { channelId, messages: [], complete: false, loadingOlder };
    const logs = sync.logs(topic);
    let state: ChannelState | undefined;
    let error: unknown;
    try {
      state = reduceChannelState(channelId, logs.filter(isStateLog), account);
    } catch (failure) {
      error = failure;
    }
    const times = blockTimesOf(client);
    const messages = toChainMessages(logs.filter(isMessageLog)).map((message) => {
      const timestamp = message.timestamp ?? times.get(message.blockNumber);
      return timestamp === undefined ? message : { ...message, timestamp };
    });
    return { channelId, state, error, messages, syncedBlock: coverage.syncedBlock, complete: coverage.fromBlock <= lowest, loadingOlder, knownFrom: coverage.fromBlock };
  };

  /** The newest window that may hold messages below what the channel's record covers. */
  const windowBelow = async (channelId: bigint, knownFrom: bigint) => {
    const cursor = histories.get(channelId)?.cursor;
    if (cursor?.knownFrom === knownFrom) return cursor.window;
    const links = sync.logs(uintTopic(channelId)).filter((log) => log.eventName === "MessagesLinked" && log.blockNumber >= knownFrom);
    const oldest = links[0];
    if (oldest?.eventName === "MessagesLinked") return BigInt(oldest.args.previousWindow);
    // No window started since: the latest message window (it only grows) bounds what is older.
    return BigInt((await readChannelInfo(client, { registry, channelId, retry })).messageWindow);
  };

  const index: ChainIndex = {
    snapshot: () => snapshot,
    channel(channelId) {
      let known = channelSnapshots.get(channelId);
      if (!known || dirty.has(channelId)) {
        known = buildChannel(channelId);
        channelSnapshots.set(channelId, known);
        dirty.delete(channelId);
      }
      return known;
    },
    keyRecord: (who) => keyRecords.get(who.toLowerCase()),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    watch(channelId) {
      watchers.set(channelId, (watchers.get(channelId) ?? 0) + 1);
      updateMembers();
      return () => {
        const count = (watchers.get(channelId) ?? 1) - 1;
        if (count > 0) watchers.set(channelId, count);
        else watchers.delete(channelId);
        updateMembers();
      };
    },
    watchKeys(accounts) {
      const fresh: Address[] = [];
      for (const who of accounts) {
        const key = who.toLowerCase();
        keyWatchers.set(key, (keyWatchers.get(key) ?? 0) + 1);
        const topic = addressTopic(who);
        // A new member's backfill reads its key record at the head the stream starts from.
        if (!kinds.has(topic)) {
          kinds.set(topic, "keys");
          sync.add(topic);
        } else if (!keyRecords.has(key)) fresh.push(who);
      }
      void refreshKeys(fresh).catch((error: unknown) => {
        setSnapshot({ error });
        notify();
      });
      return () => {
        for (const who of accounts) {
          const key = who.toLowerCase();
          const count = (keyWatchers.get(key) ?? 1) - 1;
          if (count > 0) keyWatchers.set(key, count);
          else keyWatchers.delete(key);
        }
      };
    },
    loadOlder(channelId, count) {
      const history = historyOf(channelId);
      if (history.loading) return history.loading;
      const topic = uintTopic(channelId);
      history.loading = (async () => {
        await sync.synced(topic);
        const blocksPerWindow = await readWindowBlocks();
        for (let found = 0; found < count; ) {
          const coverage = sync.coverage(topic);
          if (!coverage || coverage.fromBlock <= lowest) break;
          const window = await windowBelow(channelId, coverage.fromBlock);
          const step = await readOlderMessages(client, {
            registry,
            channelId,
            knownFrom: coverage.fromBlock,
            window,
            windowBlocks: blocksPerWindow,
            fromBlock: lowest,
            maxRange,
            retry,
          });
          const extended = await sync.extend(topic, step.logs, step.knownFrom);
          history.cursor = { knownFrom: step.knownFrom, window: step.window };
          found += toChainMessages(extended as RegistryLog[]).length;
          dirty.add(channelId);
          notify();
        }
      })().finally(() => {
        history.loading = undefined;
        dirty.add(channelId);
        notify();
      });
      dirty.add(channelId);
      notify();
      return history.loading;
    },
    async state(channelId, options = {}) {
      if (!followed.has(channelId)) return readChannelState(client, { registry, fromBlock: lowest, maxRange, retry, channelId, account });
      await sync.synced(uintTopic(channelId));
      if (options.fresh) await index.sync();
      const known = index.channel(channelId);
      if (!known.state) throw known.error ?? new ChannelNotFoundError([channelId]);
      return known.state;
    },
    async channels() {
      if (joined) return joined;
      if (!stopFollowing) await index.sync();
      return joined ?? new Promise<readonly bigint[]>((resolve) => joinedWaiters.push(resolve));
    },
    async sync() {
      // Channels found by one round (the account's memberships) are read by the next.
      for (let followedBefore = -1; followedBefore !== followed.size; ) {
        followedBefore = followed.size;
        await onDelta(await sync.sync());
      }
    },
    follow() {
      stopFollowing ??= sync.follow({
        pollingInterval: params.pollingInterval,
        onDelta,
        onHead(head) {
          setSnapshot({ head: head.number });
          notify();
        },
        onError(error) {
          setSnapshot({ error });
          notify();
        },
      });
      return () => {
        stopFollowing?.();
        stopFollowing = undefined;
      };
    },
    stop() {
      stopFollowing?.();
      stopFollowing = undefined;
      listeners.clear();
    },
  };

  sync.add(accountTopic);
  // A returning device knows its channels from the cached membership logs: they join the first sync.
  void sync.synced(accountTopic).then(() => {
    updateJoined();
    notify();
  });
  if (params.follow !== false) index.follow();
  return index;
}

