import { isAddressEqual, type Address } from "viem";
import type { ChannelState } from "../chain/channelState.js";

/** The account's own answers to requests, kept by the client (channel ids in decimal). */
export interface ConsentChoices {
  accepted: ReadonlySet<string>;
  declined: ReadonlySet<string>;
}

/** The account's channels sorted for display: accepted ones, requests waiting for an answer, declined ones (hidden). */
export interface ChannelRequests {
  channels: bigint[];
  requests: bigint[];
  declined: bigint[];
}

/**
 * Who put `account` in the channel: the creator of a 1:1 channel for its peer, the admin (only
 * the admin adds members) for a member added with addMember or at creation; null when the
 * account created the channel or joined it itself, or is not a member.
 */
export function addedBy(state: ChannelState, account: Address): Address | null {
  if (state.direct) return isAddressEqual(state.direct.peer, account) ? state.direct.creator : null;
  const member = state.members.find((candidate) => isAddressEqual(candidate.account, account));
  return member?.added && !isAddressEqual(state.admin, account) ? state.admin : null;
}

/**
 * Message requests (consent): a channel someone else added `account` to stays out of its
 * channel list until the account accepts it, unless that someone is a contact, i.e. a member of
 * a private or 1:1 channel the account created, joined itself or accepted. Sharing a public
 * channel does not count (anyone can join one), and contacts come only from channels accepted
 * that way, not from channels let in because of a contact. A declined channel stays hidden
 * whoever added it; accepting it later takes it out of `declined`.
 */
export function channelRequests(account: Address, states: readonly ChannelState[], choices: ConsentChoices): ChannelRequests {
  const key = (state: ChannelState) => state.channelId.toString();
  const chosen = (state: ChannelState) => addedBy(state, account) === null || choices.accepted.has(key(state));
  const contacts = new Set<string>();
  for (const state of states) {
    if (state.isPublic || !chosen(state)) continue;
    for (const member of state.members) if (!isAddressEqual(member.account, account)) contacts.add(member.account.toLowerCase());
  }
  const result: ChannelRequests = { channels: [], requests: [], declined: [] };
  for (const state of states) {
    const adder = addedBy(state, account);
    if (chosen(state)) result.channels.push(state.channelId);
    else if (choices.declined.has(key(state))) result.declined.push(state.channelId);
    else if (adder && contacts.has(adder.toLowerCase())) result.channels.push(state.channelId);
    else result.requests.push(state.channelId);
  }
  return result;
}
