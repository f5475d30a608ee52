"use client";
import { isAddressEqual, type Address } from "viem";
import type { ChannelMember, ChannelState } from "@cairn/core/chain";
import type { ChannelService } from "@cairn/core/channel";
import { useMemberKeys } from "../hooks/useMemberKeys";
import { usePendingInvites } from "../hooks/usePendingInvites";
import { useNotify } from "../hooks/useNotify";
import { useRemoveMember } from "../hooks/useRemoveMember";
import { useIdentity } from "../hooks/useIdentity";
import { shortAddress } from "../lib/format";
import { removePendingInvite } from "../lib/pendingInvites";
import { AddMemberForm } from "./AddMemberForm";
import { AddressLabel } from "./AddressLabel";
import { SafetyNumber } from "./SafetyNumber";

interface MembersPanelProps {
  state: ChannelState;
  service: ChannelService | null;
  /** Members online (lowercase addresses), from their presence beats. */
  online?: ReadonlySet<string>;
  onClose: () => void;
}

interface MemberRowProps {
  member: ChannelMember;
  you: boolean;
  admin: boolean;
  online: boolean;
  keyChanged: boolean;
  peerKey: Uint8Array | null | undefined;
  remove: { run: () => void; busy: boolean; disabled: boolean } | null;
}

function MemberRow({ member, you, admin, online, keyChanged, peerKey, remove }: MemberRowProps) {
  return (
    <li
      className={keyChanged ? "member-row member-row-warning" : "member-row"}
      data-testid="member-row"
      data-address={member.account.toLowerCase()}
    >
      <div className="member-head">
        <span className="member-address">
          <AddressLabel address={member.account} />
        </span>
        {you && <span className="badge badge-muted">you</span>}
        {online && (
          <span className="badge badge-online" data-testid="member-online">
            online
          </span>
        )}
        {admin && (
          <span className="badge" data-testid="admin-badge">
            admin
          </span>
        )}
        {keyChanged && (
          <span className="badge badge-warning" data-testid="member-key-changed">
            key changed
          </span>
        )}
        {remove && (
          <button
            type="button"
            className="button button-small button-danger member-action"
            data-testid="remove-member"
            disabled={remove.disabled}
            onClick={remove.run}
          >
            {remove.busy ? "Removing…" : "Remove"}
          </button>
        )}
      </div>
      <span className="small muted" data-testid="member-joined-epoch">
        joined in epoch {member.joinedEpoch.toString()}
      </span>
      {!you && (
        <div className="member-safety">
          <span className="member-safety-label">Safety number</span>
          <SafetyNumber peer={member.account} peerKey={peerKey} />
        </div>
      )}
    </li>
  );
}

/**
 * Members of a private channel, as a side panel: address, "you" and admin badges, joining epoch,
 * the safety number of the viewer's key and theirs, a flag when their key changed after joining.
 * The admin also invites and removes (removal re-keys the channel for the others); others see no
 * admin controls.
 */
export function MembersPanel({ state, service, online, onClose }: MembersPanelProps) {
  const { identity } = useIdentity();
  const { data: keys } = useMemberKeys(state.members);
  const viewer = identity?.address;
  const isAdmin = viewer !== undefined && isAddressEqual(state.admin, viewer);
  const canManage = isAdmin && state.direct === null;
  const pending = usePendingInvites(state.channelId);
  const remove = useRemoveMember(service);
  const { notifyError } = useNotify();

  const removeMember = (account: Address) =>
    remove.mutate(account, { onError: (error) => notifyError(error, `Could not remove ${shortAddress(account)}`) });

  return (
    <aside id="members-panel" className="members-panel" data-testid="members-panel" aria-label="Members">
      <header className="members-panel-header">
        <h2>
          Members <span className="muted">{state.members.length}</span>
        </h2>
        <button type="button" className="icon-button" aria-label="Close the members panel" onClick={onClose}>
          ×
        </button>
      </header>
      <ul className="member-list">
        {state.members.map((member) => {
          const you = viewer !== undefined && isAddressEqual(member.account, viewer);
          const admin = isAddressEqual(member.account, state.admin);
          return (
            <MemberRow
              key={member.account}
              member={member}
              you={you}
              admin={admin}
              online={online?.has(member.account.toLowerCase()) ?? false}
              keyChanged={keys?.changed.has(member.account.toLowerCase()) ?? false}
              peerKey={keys?.keyOf.get(member.account.toLowerCase())}
              remove={
                canManage && !admin
                  ? {
                      run: () => removeMember(member.account),
                      busy: remove.isPending && remove.variables === member.account,
                      disabled: remove.isPending,
                    }
                  : null
              }
            />
          );
        })}
        {pending.map((invite) => (
          <li key={invite.account} className="member-row member-row-pending" data-testid="pending-invite" data-address={invite.account.toLowerCase()}>
            <div className="member-head">
              <span className="member-address">
                <AddressLabel address={invite.account} />
              </span>
              <span className="badge badge-muted">invited</span>
              {viewer && (
                <button type="button" className="button button-small member-action" onClick={() => removePendingInvite(viewer, invite)}>
                  Cancel
                </button>
              )}
            </div>
            <span className="small muted">
              Waiting for them to unlock Cairn{invite.shareHistory && " (with earlier history)"}
            </span>
          </li>
        ))}
      </ul>
      {canManage && (
        <section className="members-panel-section">
          <h3>Invite a member</h3>
          <AddMemberForm service={service} />
          <p className="small muted">Removing a member gives the channel a new key sealed only to the remaining members.</p>
        </section>
      )}
    </aside>
  );
}
