import { isAddressEqual, type Address } from "viem";
import type { ChannelMember } from "./channelState.js";
import type { KeyChange } from "./listKeyChanges.js";

/**
 * The members of a private channel who replaced their published key after the channel's keys
 * were last sealed to them: the keys they hold are sealed to a key they no longer have, so they
 * cannot read the channel until the admin seals the keys to their new key again.
 */
export function staleKeyMembers(members: readonly ChannelMember[], changes: readonly KeyChange[]): Address[] {
  return members
    .filter(
      (member) =>
        member.sharedEpochs.length > 0 &&
        changes.some((change) => isAddressEqual(change.account, member.account) && change.blockNumber > member.keysSharedBlock),
    )
    .map((member) => member.account);
}
