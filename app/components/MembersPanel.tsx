"use client";
import { isAddressEqual, type Address } from "viem";
import type { ChannelState } from "../../core/chain";
import type { ChannelService } from "../../core/channel";
import { usePendingInvites } from "../hooks/usePendingInvites";
import { useNotify } from "../hooks/useNotify";
import { useRemoveMember } from "../hooks/useRemoveMember";
import { useSession } from "../hooks/useSession";
import { shortAddress } from "../lib/format";
import { removePendingInvite } from "../lib/pendingInvites";
import { AddMemberForm } from "./AddMemberForm";
import { SafetyNumber } from "./SafetyNumber";

interface MembersPanelProps {
  state: ChannelState;
  service: ChannelService | null;
  keys: { keyOf: Map<string, Uint8Array | null>; changed: Set<string> } | undefined;
}

/**
 * Members of a private channel: address, admin badge, joining epoch, the safety number of the
 * viewer's key and theirs, a flag when their key changed after joining. The admin also invites
 * and removes (removal re-keys the channel for the others); others see no admin controls.
 */
export function MembersPanel({ state, service, keys }: MembersPanelProps) {
  const { session } = useSession();
  const viewer = session?.address;
  const isAdmin = viewer !== undefined && isAddressEqual(state.admin, viewer);
  const canManage = isAdmin && state.direct === null;
  const pending = usePendingInvites(state.channelId);
  const remove = useRemoveMember(service);
  const { notifyError } = useNotify();

  const removeMember = (account: Address) =>
    remove.mutate(account, { onError: (error) => notifyError(error, `Could not remove ${shortAddress(account)}`) });

  return (
    <section className="members-panel" data-testid="members-panel" aria-label="Members">
      <ul className="member-list">
        {state.members.map((member) => {
          const you = viewer !== undefined && isAddressEqual(member.account, viewer);
          const admin = isAddressEqual(member.account, state.admin);
          const changed = keys?.changed.has(member.account.toLowerCase()) ?? false;
          return (
            <li key={member.account} className="member-row" data-testid="member-row" data-address={member.account.toLowerCase()}>
              <span className="mono" title={member.account}>
                {shortAddress(member.account)}
              </span>
              {you && <span className="small muted"> (you)</span>}
              {admin && (
                <span className="badge" data-testid="admin-badge">
                  admin
                </span>
              )}
              <span className="small muted" data-testid="member-joined-epoch">
                joined in epoch {member.joinedEpoch.toString()}
              </span>
              {changed && (
                <span className="badge badge-warning" data-testid="member-key-changed">
                  key changed
                </span>
              )}
              {!you && <SafetyNumber peer={member.account} peerKey={keys?.keyOf.get(member.account.toLowerCase())} />}
              {canManage && !admin && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="remove-member"
                  disabled={remove.isPending}
                  onClick={() => removeMember(member.account)}
                >
                  {remove.isPending && remove.variables === member.account ? "Removing…" : "Remove"}
                </button>
              )}
            </li>
          );
        })}
        {pending.map((invite) => (
          <li key={invite.account} className="member-row muted" data-testid="pending-invite" data-address={invite.account.toLowerCase()}>
            <span>
              Waiting for <span className="mono">{invite.account}</span> to unlock Cairn
              {invite.shareHistory && " (with earlier history)"}
            </span>
            {viewer && (
              <button type="button" className="button button-small" onClick={() => removePendingInvite(viewer, invite)}>
                Cancel
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && <AddMemberForm service={service} />}
      {canManage && (
        <p className="small muted">Removing a member gives the channel a new key sealed only to the remaining members.</p>
      )}
    </section>
  );
}
