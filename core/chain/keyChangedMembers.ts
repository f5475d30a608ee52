import { isAddressEqual, type Address } from "viem";
import type { ChannelMember } from "./channelState.js";
import type { KeyChange } from "./readKeyRecords.js";

/**
 * The members who replaced their published key after the block `since` gives for them (by
 * default their joining: their safety numbers changed, so the others should verify them again).
 */
export function keyChangedMembers(
  members: readonly ChannelMember[],
  changes: readonly KeyChange[],
  since: (member: ChannelMember) => bigint = (member) => member.joinedBlock,
): Address[] {
  return members
    .filter((member) => changes.some((change) => isAddressEqual(change.account, member.account) && change.blockNumber > since(member)))
    .map((member) => member.account);
}
