"use client";
import { useState } from "react";
import { isAddressEqual } from "viem";
import type { ChannelState } from "../../core/chain";
import type { ChannelService } from "../../core/channel";
import { useMemberKeys } from "../hooks/useMemberKeys";
import { useSession } from "../hooks/useSession";
import { shortAddress } from "../lib/format";
import { MembersPanel } from "./MembersPanel";
import { SafetyNumber } from "./SafetyNumber";

/**
 * The key-related part of a private channel's header: the safety number of a 1:1 channel, a
 * warning when a member's key changed after joining, and the members panel behind a toggle.
 */
export function ChannelMembers({ state, service }: { state: ChannelState; service: ChannelService | null }) {
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const keys = useMemberKeys(state.members);
  const viewer = session?.address;
  const peer =
    state.direct && viewer ? [state.direct.creator, state.direct.peer].find((account) => !isAddressEqual(account, viewer)) : undefined;
  const changed = state.members.filter((member) => keys.data?.changed.has(member.account.toLowerCase()));

  return (
    <div className="channel-members">
      <div className="row">
        {peer && (
          <span className="small">
            1:1 with <span className="mono">{shortAddress(peer)}</span> · safety number{" "}
            <SafetyNumber peer={peer} peerKey={keys.data?.keyOf.get(peer.toLowerCase())} />
          </span>
        )}
        <button
          type="button"
          className="button button-small"
          data-testid="members-toggle"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          Members ({state.members.length})
        </button>
      </div>
      {changed.length > 0 && (
        <p className="callout callout-error small" role="alert" data-testid="key-changed">
          {changed.map((member) => shortAddress(member.account)).join(", ")} published a new encryption key after joining. Their safety
          number changed: verify it with them before trusting new messages.
        </p>
      )}
      {open && <MembersPanel state={state} service={service} keys={keys.data} />}
    </div>
  );
}
