import { describe, expect, it } from "@jest/globals";
import type { Address } from "viem";
import { reduceChannelState, type ChannelState } from "@cairn/core/chain";
import { addedBy, channelRequests } from "@cairn/core/channel";
import { registryLog } from "../chain/registryLogs.js";

const ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as const;
const FRIEND = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const STRANGER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const OTHER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;

let block = 1n;
const at = () => ({ blockNumber: block++, logIndex: 0 });
const created = (channelId: bigint, creator: Address, isPublic: boolean) =>
  registryLog("ChannelCreated", { channelId, creator, isPublic, metadata: "0x", keyMaterial: "0x" }, at());

/** A private (or public) channel by `creator` that `members` were added to. */
const channel = (channelId: bigint, creator: Address, members: Address[], isPublic = false): ChannelState =>
  reduceChannelState(channelId, [created(channelId, creator, isPublic), ...members.map((account) => registryLog("MemberAdded", { channelId, account, epoch: 1n }, at()))]);
const joined = (channelId: bigint, creator: Address, others: Address[]): ChannelState =>
  reduceChannelState(channelId, [created(channelId, creator, true), ...others.map((account) => registryLog("MemberJoined", { channelId, account }, at()))]);
const direct = (channelId: bigint, creator: Address, peer: Address): ChannelState =>
  reduceChannelState(channelId, [created(channelId, creator, false), registryLog("DirectChannelCreated", { channelId, creator, peer }, at())]);

const none = { accepted: new Set<string>(), declined: new Set<string>() };

describe("addedBy", () => {
  it("names the admin who added the account, the creator of a 1:1 for its peer, nobody for its own doing", () => {
    expect(addedBy(channel(1n, STRANGER, [ME]), ME)).toBe(STRANGER);
    expect(addedBy(direct(2n, STRANGER, ME), ME)).toBe(STRANGER);
    expect(addedBy(direct(3n, ME, STRANGER), ME)).toBeNull();
    expect(addedBy(channel(4n, ME, [FRIEND]), ME)).toBeNull();
    expect(addedBy(joined(5n, STRANGER, [ME]), ME)).toBeNull();
    expect(addedBy(channel(6n, STRANGER, [FRIEND]), ME)).toBeNull();
  });
});

describe("channelRequests", () => {
  it("keeps channels the account created or joined, and asks about those a stranger added it to", () => {
    const states = [channel(1n, ME, [FRIEND]), joined(2n, STRANGER, [ME]), channel(3n, STRANGER, [ME]), direct(4n, STRANGER, ME)];
    expect(channelRequests(ME, states, none)).toEqual({ channels: [1n, 2n], requests: [3n, 4n], declined: [] });
  });

  it("lets in a channel a contact added the account to: a member of a private or 1:1 channel it created, joined or accepted", () => {
    const mine = channel(1n, ME, [FRIEND]);
    const byFriend = channel(2n, FRIEND, [ME, OTHER]);
    const dmFromFriend = direct(3n, FRIEND, ME);
    expect(channelRequests(ME, [mine, byFriend, dmFromFriend], none)).toEqual({ channels: [1n, 2n, 3n], requests: [], declined: [] });

    const byStranger = channel(5n, STRANGER, [ME]);
    const fromStrangerAgain = direct(6n, STRANGER, ME);
    expect(channelRequests(ME, [byStranger, fromStrangerAgain], none).requests).toEqual([5n, 6n]);
    const accepted = { accepted: new Set(["5"]), declined: new Set<string>() };
    expect(channelRequests(ME, [byStranger, fromStrangerAgain], accepted)).toEqual({ channels: [5n, 6n], requests: [], declined: [] });
  });

  it("does not count sharing a public channel, nor contacts of channels let in through a contact", () => {
    const publicWithStranger = joined(1n, FRIEND, [ME, STRANGER]);
    const cloneByStranger = channel(2n, STRANGER, [ME]);
    expect(channelRequests(ME, [publicWithStranger, cloneByStranger], none).requests).toEqual([2n]);

    const mine = channel(3n, ME, [FRIEND]);
    const friendsWithStranger = channel(4n, FRIEND, [ME, STRANGER]);
    expect(channelRequests(ME, [mine, friendsWithStranger, cloneByStranger], none)).toEqual({ channels: [3n, 4n], requests: [2n], declined: [] });
  });

  it("hides declined channels, even from a contact; accepting wins over declining", () => {
    const mine = channel(1n, ME, [FRIEND]);
    const byFriend = channel(2n, FRIEND, [ME]);
    const byStranger = channel(3n, STRANGER, [ME]);
    const declined = { accepted: new Set<string>(), declined: new Set(["2", "3"]) };
    expect(channelRequests(ME, [mine, byFriend, byStranger], declined)).toEqual({ channels: [1n], requests: [], declined: [2n, 3n] });
    const both = { accepted: new Set(["3"]), declined: new Set(["3"]) };
    expect(channelRequests(ME, [byStranger], both).channels).toEqual([3n]);
  });
});
