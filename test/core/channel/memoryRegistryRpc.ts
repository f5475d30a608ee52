import { decodeFunctionData, encodeFunctionResult, type Address, type Hex } from "viem";
import { channelRegistryAbi } from "@cairn/core/contracts";
import { STATE_EVENTS, type RegistryEventName } from "@cairn/core/chain";
import { fakeEndpoint } from "../chain/fakeEndpoint.js";
import { REGISTRY, registryLog } from "../chain/registryLogs.js";

/** Blocks per message window of the in-memory registry. */
export const MEMORY_WINDOW_BLOCKS = 1_000n;

type ChannelRecord = { admin: Address; isPublic: boolean; epoch: number; messageWindow: number; createdBlock: bigint; metadataBlock: bigint; stateBlock: bigint };

/**
 * The registry's logs served by an in-process node (fakeEndpoint: `eth_blockNumber`,
 * `eth_getLogs` with topic positions ANDed and alternatives ORed, `eth_getBlockByNumber`) to a
 * real viem PublicClient, with the registry's pointer chains as ChannelRegistry keeps them: `emit`
 * mines one block holding the given events and the link events the contract would emit before
 * them (ChannelLinked, MessagesLinked, AccountLinked, PublicChannelsLinked), and eth_call answers
 * the views the readers start from (channelInfo, lastMembershipBlock, lastPublicChannelBlock,
 * windowBlocks). `getLogsCalls` records each log filter asked for.
 */
export function memoryRegistryRpc() {
  const channels = new Map<bigint, ChannelRecord>();
  const memberships = new Map<string, bigint>();
  let publicBlock = 0n;
  const call = ({ data }: { data: Hex }): Hex => {
    const { functionName, args } = decodeFunctionData({ abi: channelRegistryAbi, data });
    const result = (() => {
      switch (functionName) {
        case "channelInfo": {
          const channel = channels.get(args[0] as bigint);
          if (!channel) throw new Error(`memoryRegistryRpc: no channel ${args[0]}`);
          return { ...channel, isDirect: false, rekeyRequired: false, memberCount: 0 };
        }
        case "lastMembershipBlock":
          return memberships.get((args[0] as Address).toLowerCase()) ?? 0n;
        case "lastPublicChannelBlock":
          return publicBlock;
        case "windowBlocks":
          return Number(MEMORY_WINDOW_BLOCKS);
        default:
          throw new Error(`memoryRegistryRpc: ${functionName} is not served`);
      }
    })();
    return encodeFunctionResult({ abi: channelRegistryAbi, functionName, result } as never);
  };
  const endpoint = fakeEndpoint({ call });

  /** The events of one block, each preceded by the link events the registry emits before it. */
  const withLinks = (block: bigint, events: [RegistryEventName, Record<string, unknown>][]) => {
    const out: [RegistryEventName, Record<string, unknown>][] = [];
    for (const [eventName, args] of events) {
      const channelId = args.channelId as bigint;
      const account = (eventName === "ChannelCreated" ? args.creator : args.account) as Address | undefined;
      if (account && ["ChannelCreated", "MemberJoined", "MemberAdded", "MemberRemoved", "MemberLeft"].includes(eventName)) {
        const previous = memberships.get(account.toLowerCase()) ?? 0n;
        if (previous !== block) out.push(["AccountLinked", { account, channelId, previousBlock: previous }]);
        memberships.set(account.toLowerCase(), block);
      }
      if (eventName === "ChannelCreated") {
        channels.set(channelId, { admin: args.creator as Address, isPublic: args.isPublic as boolean, epoch: 1, messageWindow: 0, createdBlock: block, metadataBlock: block, stateBlock: block });
        if (args.isPublic) {
          if (publicBlock !== block) out.push(["PublicChannelsLinked", { previousBlock: publicBlock }]);
          publicBlock = block;
        }
      } else if (!channels.has(channelId)) {
        // A channel the test never created: its events only, no chain.
      } else if ((STATE_EVENTS as readonly string[]).includes(eventName)) {
        const channel = channels.get(channelId)!;
        if (channel.stateBlock !== block) out.push(["ChannelLinked", { channelId, previousBlock: channel.stateBlock }]);
        channel.stateBlock = block;
        if (eventName === "MetadataUpdated") channel.metadataBlock = block;
        if (eventName === "KeyRotated") channel.epoch = Number(args.epoch);
      } else if (eventName === "Posted" || eventName === "BatchPosted") {
        const channel = channels.get(channelId)!;
        const window = Number(block / MEMORY_WINDOW_BLOCKS) + 1;
        if (channel.messageWindow !== window) out.push(["MessagesLinked", { channelId, previousWindow: channel.messageWindow }]);
        channel.messageWindow = window;
      }
      out.push([eventName, args]);
    }
    return out;
  };

  return {
    client: endpoint.client,
    registry: REGISTRY,
    getLogsCalls: endpoint.getLogsRanges,
    get head() {
      return endpoint.head;
    },
    /** Mines empty blocks. */
    mine: (count: bigint) => endpoint.mine(count),
    /** Mines one block with these events, in order (with the registry's link events). */
    emit(...events: [RegistryEventName, Record<string, unknown>][]) {
      return endpoint.emit(
        ...withLinks(endpoint.head + 1n, events).map(([eventName, args]) => {
          const { topics, data } = registryLog(eventName, args, { blockNumber: 0n, logIndex: 0 });
          return { address: REGISTRY, topics, data };
        }),
      );
    },
  };
}
