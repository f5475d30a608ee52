"use client";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress } from "viem";
import type { ChannelService } from "@cairn/core/channel";
import { useAddMember } from "../hooks/useAddMember";
import { useNotify } from "../hooks/useNotify";

/**
 * Admin of a private channel: invite a member by wallet address, optionally sharing the keys of
 * earlier epochs (older history). Someone without a published key is invited once they publish one.
 */
export function AddMemberForm({ service }: { service: ChannelService | null }) {
  const [value, setValue] = useState("");
  const [shareHistory, setShareHistory] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const add = useAddMember(service);
  const { notifyError } = useNotify();
  const id = useId();
  const valid = isAddress(value.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const account = getAddress(value.trim());
    setNotice(null);
    add.mutate(
      { account, shareHistory },
      {
        onSuccess: (outcome) => {
          setValue("");
          if (outcome === "pending") {
            setNotice(
              `${account} has not unlocked Cairn yet (no published encryption key). The invitation waits and completes automatically while you are online, once they do.`,
            );
          }
        },
        onError: (error) => notifyError(error, "Could not add the member"),
      },
    );
  };

  return (
    <form className="invite-form" onSubmit={submit} aria-label="Invite a member">
      <div className="row invite-row">
        <label htmlFor={id} className="visually-hidden">
          Member wallet address
        </label>
        <input
          id={id}
          className="mono"
          data-testid="invite-address"
          placeholder="0x… wallet address"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={value !== "" && !valid}
        />
        <button type="submit" className="button button-primary" data-testid="invite-submit" disabled={!valid || add.isPending || !service}>
          {add.isPending ? "Inviting…" : "Invite"}
        </button>
      </div>
      <label className="checkbox small">
        <input type="checkbox" data-testid="invite-share-history" checked={shareHistory} onChange={(e) => setShareHistory(e.target.checked)} />
        <span>
          Share earlier history <span className="muted">(also seal the keys of older epochs to them: one more transaction)</span>
        </span>
      </label>
      {notice && (
        <p className="small callout callout-info" role="status" data-testid="invite-notice">
          {notice}
        </p>
      )}
    </form>
  );
}
