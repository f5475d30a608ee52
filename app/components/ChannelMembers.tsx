"use client";
import type { ChannelState } from "@cairn/core/chain";
import type { ChannelService } from "@cairn/core/channel";
import { useMemberKeys } from "../hooks/useMemberKeys";
import { usePendingInvites } from "../hooks/usePendingInvites";
import { useIdentity } from "../hooks/useIdentity";
import { directPeer } from "../lib/channelLabel";
import { shortAddress } from "../lib/format";
import { AddressLabel } from "./AddressLabel";
import { RekeyNotice } from "./RekeyNotice";
import { SafetyNumber } from "./SafetyNumber";
import { StaleKeysNotice } from "./StaleKeysNotice";

interface Props {
  state: ChannelState;
  service: ChannelService | null;
  /** Whether the members side panel (MembersPanel, placed by the channel view) is shown. */
  panelOpen: boolean;
  onTogglePanel: () => void;
}

/**
 * The key-related bar under a private channel's header: the safety number of a 1:1 channel, a
 * warning when a member's key changed after joining, the admin's invitations still waiting for
 * the invitee's key (e.g. initial members without one; the open panel lists them itself), what
 * to do when keys are still sealed to a member's earlier key or a member left (re-key), and the
 * members panel toggle.
 */
export function ChannelMembers({ state, service, panelOpen, onTogglePanel }: Props) {
  const { identity } = useIdentity();
  const keys = useMemberKeys(state.members);
  const viewer = identity?.address;
  const peer = state.direct ? directPeer(state.direct, viewer) : undefined;
  const changed = state.members.filter((member) => keys.data?.changed.has(member.account.toLowerCase()));
  const waiting = usePendingInvites(state.channelId);

  return (
    <div className="channel-members">
      <div className="channel-members-bar">
        {peer ? (
          <span className="small channel-members-direct">
            1:1 with <AddressLabel address={peer} />
            <span className="muted">safety number</span>
            <SafetyNumber peer={peer} peerKey={keys.data?.keyOf.get(peer.toLowerCase())} inline />
          </span>
        ) : (
          <span className="small muted">Only members can read this channel.</span>
        )}
        <button
          type="button"
          className={panelOpen ? "button button-small members-toggle members-toggle-open" : "button button-small members-toggle"}
          data-testid="members-toggle"
          aria-expanded={panelOpen}
          aria-controls="members-panel"
          onClick={onTogglePanel}
        >
          Members ({state.members.length})
          {changed.length > 0 && <span className="members-toggle-flag" aria-label="a member's key changed" />}
        </button>
      </div>
      {waiting.length > 0 && !panelOpen && (
        <p className="callout callout-info small" role="status" data-testid="pending-invites-notice">
          {waiting.map((invite) => shortAddress(invite.account)).join(", ")}{" "}
          {waiting.length === 1 ? "has" : "have"} not unlocked Cairn yet (no published encryption key). The invitation waits and
          completes automatically while you are online, once they do.
        </p>
      )}
      {changed.length > 0 && (
        <p className="callout callout-error small channel-members-alert" role="alert" data-testid="key-changed">
          {changed.map((member) => shortAddress(member.account)).join(", ")} published a new encryption key after joining. Their safety
          number changed: verify it with them before trusting new messages.
        </p>
      )}
      {state.rekeyRequired && <RekeyNotice service={service} />}
      {keys.data && <StaleKeysNotice state={state} service={service} stale={keys.data.stale} viewer={viewer} />}
    </div>
  );
}
