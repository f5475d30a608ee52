import { hexToBytes, isAddressEqual, type Address, type Hex } from "viem";
import { ChannelNotFoundError } from "./errors.js";
import type { RegistryLog } from "./registryLogs.js";

/**
 * A current member: the epoch and block of its (latest) joining, whether someone else added it
 * (MemberAdded, or the peer of a 1:1 channel) rather than it creating or joining the channel
 * itself, and the epoch keys sealed to it since (private channels): which epochs, and the block
 * of the latest such share.
 */
export type ChannelMember = {
  account: Address;
  added: boolean;
  joinedEpoch: number;
  joinedBlock: bigint;
  sharedEpochs: number[];
  keysSharedBlock: bigint;
};

/** Key material of one epoch visible to the reading account. */
export type EpochKeyMaterial = {
  epoch: number;
  /** "public": the raw epoch key; "sealed": the key sealed to the reading account. */
  kind: "public" | "sealed";
  keyMaterial: Uint8Array;
};

export type ChannelState = {
  channelId: bigint;
  creator: Address;
  admin: Address;
  isPublic: boolean;
  /** Set for a 1:1 channel. */
  direct: { creator: Address; peer: Address } | null;
  /** The latest metadata bytes and the epoch they are encrypted under (plain for public channels). */
  metadata: { bytes: Uint8Array; epoch: number };
  /** The current key epoch (epochs start at 1). */
  epoch: number;
  /**
   * A member left this private channel after its latest rotation: it holds the current key, so
   * the registry refuses posts until any member starts a new epoch (rotateChannelKey).
   */
  rekeyRequired: boolean;
  /** Current members, in the order they joined. */
  members: ChannelMember[];
  /** Accounts that were members and are not any more: removed by the admin, or left. */
  formerMembers: { account: Address; reason: "removed" | "left" }[];
  /** Epoch keys visible to the reading account, oldest epoch first. */
  epochKeys: EpochKeyMaterial[];
  createdAt: { blockNumber: bigint; txHash: Hex };
};

/**
 * Replays a channel's registry logs (chain order) into its state as seen by `account`. The pointer
 * chain events (ChannelLinked, AccountLinked, MessagesLinked, PublicChannelsLinked) only say
 * where to read and change nothing. Of several key materials for one epoch the latest counts
 * (an EpochKeyShared to the creator replaces ChannelCreated's for epoch 1).
 */
export function reduceChannelState(channelId: bigint, logs: readonly RegistryLog[], account?: Address): ChannelState {
  let state: ChannelState | undefined;
  const members = new Map<string, ChannelMember>();
  const former = new Map<string, { account: Address; reason: "removed" | "left" }>();
  const keys = new Map<number, EpochKeyMaterial>();
  const isReader = (who: Address) => account !== undefined && isAddressEqual(who, account);
  const addMember = (who: Address, epoch: number, block: bigint, added: boolean) => {
    if (members.has(who.toLowerCase())) return;
    members.set(who.toLowerCase(), { account: who, added, joinedEpoch: epoch, joinedBlock: block, sharedEpochs: [], keysSharedBlock: block });
    former.delete(who.toLowerCase());
  };
  const dropMember = (who: Address, reason: "removed" | "left") => {
    members.delete(who.toLowerCase());
    former.set(who.toLowerCase(), { account: who, reason });
  };

  for (const log of logs) {
    if (log.eventName === "ChannelCreated") {
      const { creator, isPublic, metadata, keyMaterial } = log.args;
      state = {
        channelId,
        creator,
        admin: creator,
        isPublic,
        direct: null,
        metadata: { bytes: hexToBytes(metadata), epoch: 1 },
        epoch: 1,
        rekeyRequired: false,
        members: [],
        formerMembers: [],
        epochKeys: [],
        createdAt: { blockNumber: log.blockNumber, txHash: log.transactionHash },
      };
      addMember(creator, 1, log.blockNumber, false);
      if (!isPublic) members.get(creator.toLowerCase())!.sharedEpochs.push(1);
      if (isPublic || isReader(creator)) {
        keys.set(1, { epoch: 1, kind: isPublic ? "public" : "sealed", keyMaterial: hexToBytes(keyMaterial) });
      }
      continue;
    }
    if (!state) continue;
    switch (log.eventName) {
      case "DirectChannelCreated":
        state.direct = { creator: log.args.creator, peer: log.args.peer };
        addMember(log.args.peer, state.epoch, log.blockNumber, true);
        break;
      case "MetadataUpdated":
        state.metadata = { bytes: hexToBytes(log.args.metadata), epoch: log.args.epoch };
        break;
      case "MemberJoined":
        addMember(log.args.account, state.epoch, log.blockNumber, false);
        break;
      case "MemberAdded":
        addMember(log.args.account, log.args.epoch, log.blockNumber, true);
        break;
      case "MemberRemoved":
        dropMember(log.args.account, "removed");
        break;
      case "MemberLeft":
        dropMember(log.args.account, "left");
        if (!state.isPublic) state.rekeyRequired = true;
        break;
      case "KeyRotated":
        state.epoch = log.args.epoch;
        state.rekeyRequired = false;
        break;
      case "EpochKeyShared": {
        const member = members.get(log.args.account.toLowerCase());
        if (member) {
          if (!member.sharedEpochs.includes(log.args.epoch)) member.sharedEpochs.push(log.args.epoch);
          member.keysSharedBlock = log.blockNumber;
        }
        if (isReader(log.args.account)) {
          keys.set(log.args.epoch, { epoch: log.args.epoch, kind: "sealed", keyMaterial: hexToBytes(log.args.sealedKey) });
        }
        break;
      }
      case "AdminTransferred":
        state.admin = log.args.newAdmin;
        break;
    }
  }
  if (!state) throw new ChannelNotFoundError([channelId]);
  state.members = [...members.values()];
  state.formerMembers = [...former.values()];
  state.epochKeys = [...keys.values()].sort((a, b) => (a.epoch < b.epoch ? -1 : 1));
  return state;
}

/** Replays membership logs of one account (chain order) into the ids of the channels it belongs to now. */
export function reduceMemberships(logs: readonly RegistryLog[], account: Address): bigint[] {
  const channels = new Set<bigint>();
  for (const log of logs) {
    switch (log.eventName) {
      case "ChannelCreated":
        if (isAddressEqual(log.args.creator, account)) channels.add(log.args.channelId);
        break;
      case "DirectChannelCreated":
        if (isAddressEqual(log.args.creator, account) || isAddressEqual(log.args.peer, account)) channels.add(log.args.channelId);
        break;
      case "MemberJoined":
      case "MemberAdded":
        if (isAddressEqual(log.args.account, account)) channels.add(log.args.channelId);
        break;
      case "MemberRemoved":
      case "MemberLeft":
        if (isAddressEqual(log.args.account, account)) channels.delete(log.args.channelId);
        break;
    }
  }
  return [...channels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
