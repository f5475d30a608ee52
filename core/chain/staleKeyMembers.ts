import type { Address } from "viem";
import type { ChannelMember } from "./channelState.js";
import { keyChangedMembers } from "./keyChangedMembers.js";
import type { KeyChange } from "./readKeyRecords.js";

/**
 * The members of a private channel who replaced their published key after the channel's keys
 * were last sealed to them: the keys they hold are sealed to a key they no longer have, so they
 * cannot read the channel until the admin seals the keys to their new key again.
 */
export function staleKeyMembers(members: readonly ChannelMember[], changes: readonly KeyChange[]): Address[] {
  const holdingKeys = members.filter((member) => member.sharedEpochs.length > 0);
  return keyChangedMembers(holdingKeys, changes, (member) => member.keysSharedBlock);
}
