"use client";
import type { ChannelService } from "@cairn/core/channel";
import { useNotify } from "../hooks/useNotify";
import { useRotateKey } from "../hooks/useRotateKey";

/**
 * A member left this private channel and still holds its current key, so the registry refuses
 * every post until the channel gets a new one. Any member (the admin included) can start it.
 */
export function RekeyNotice({ service }: { service: ChannelService | null }) {
  const rotate = useRotateKey(service);
  const { notifyError } = useNotify();
  return (
    <div className="callout callout-info small stale-keys" role="status" data-testid="rekey-required">
      <p>
        A member left this channel and still holds its current key. Nobody can post until the channel gets a new key, sealed only to
        the members who stay.
      </p>
      <button
        type="button"
        className="button button-small"
        data-testid="rekey-now"
        disabled={rotate.isPending || !service}
        onClick={() => rotate.mutate(undefined, { onError: (error) => notifyError(error, "Could not give the channel a new key") })}
      >
        {rotate.isPending ? "Re-keying…" : "Re-key now"}
      </button>
    </div>
  );
}
