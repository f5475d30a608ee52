"use client";
import { isAddressEqual, type Address } from "viem";
import type { ChannelState } from "@cairn/core/chain";
import type { ChannelService } from "@cairn/core/channel";
import { useNotify } from "../hooks/useNotify";
import { useResealKeys } from "../hooks/useResealKeys";
import { shortAddress } from "../lib/format";
import { AddressLabel } from "./AddressLabel";

interface Props {
  state: ChannelState;
  service: ChannelService | null;
  /** Lower-case addresses of members whose channel keys are sealed to a key they replaced. */
  stale: ReadonlySet<string>;
  viewer: Address | undefined;
}

/**
 * Members whose key changed after the channel's keys were sealed to them cannot read the
 * channel. The admin (either member of a 1:1 channel) seals the keys again, after verifying the
 * new safety number; a member in that state is told to ask the admin.
 */
export function StaleKeysNotice({ state, service, stale, viewer }: Props) {
  const reseal = useResealKeys(service);
  const { notifyError } = useNotify();
  const accounts = state.members.map((member) => member.account).filter((account) => stale.has(account.toLowerCase()));
  if (accounts.length === 0 || !viewer) return null;
  const mayShare = isAddressEqual(state.admin, viewer) || state.direct !== null;
  const viewerStale = accounts.some((account) => isAddressEqual(account, viewer));
  if (!mayShare && !viewerStale) return null;

  const run = () => reseal.mutate(undefined, { onError: (error) => notifyError(error, "Could not share the keys again") });
  const others = accounts.filter((account) => !isAddressEqual(account, viewer)).map(shortAddress).join(", ");

  return (
    <div className="callout callout-info small stale-keys" role="status" data-testid="stale-keys">
      {!mayShare && (
        <p>
          Your encryption key changed after this channel&apos;s keys were shared with you, so its messages cannot be opened here. The
          admin (<AddressLabel address={state.admin} />) can share them with your new key.
        </p>
      )}
      {mayShare && viewerStale && (
        <p>
          Your encryption key changed after this channel&apos;s keys were sealed to you, so you cannot open them any more. Start a new
          key epoch: new messages are readable by every member again; earlier ones stay sealed to the earlier keys.
        </p>
      )}
      {mayShare && !viewerStale && (
        <p>
          {others} cannot read this channel: its keys are sealed to their earlier key. Once you have verified the new safety number,
          share the keys with the new key.
        </p>
      )}
      {mayShare && (
        <button type="button" className="button button-small" data-testid="reseal-keys" disabled={reseal.isPending || !service} onClick={run}>
          {reseal.isPending ? "Sharing…" : viewerStale ? "Start a new key epoch" : "Share keys with the new key"}
        </button>
      )}
    </div>
  );
}
