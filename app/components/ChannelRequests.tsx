"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { leaveTx } from "@cairn/core/chain";
import { addedBy } from "@cairn/core/channel";
import { useChannelName } from "../hooks/useChannelName";
import { useNotify } from "../hooks/useNotify";
import { useIdentity } from "../hooks/useIdentity";
import { useTxSender } from "../hooks/useTxSender";
import { appDeployment } from "../lib/deployment";
import { AddressLabel } from "./AddressLabel";
import { ChannelGlyph } from "./ChannelGlyph";
import { useChainIndex } from "../hooks/useChainIndex";

type Answer = (channelId: bigint, choice: "accept" | "decline") => void;

/** Leaves a private channel (one transaction); the account's channel list then drops it. */
function useLeaveChannel() {
  const send = useTxSender();
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (channelId: bigint) => {
      if (!appDeployment) throw new Error("Cairn is not deployed on this chain.");
      await send(leaveTx(appDeployment.channelRegistry, { channelId }));
    },
    onSuccess: () => chainIndex?.sync(),
  });
}

function Request({ channelId, answer }: { channelId: bigint; answer: Answer }) {
  const { identity } = useIdentity();
  const { name, kind, state } = useChannelName(channelId);
  const leave = useLeaveChannel();
  const { notifyError } = useNotify();
  const adder = state.data && identity ? addedBy(state.data, identity.address) : null;
  const decline = () => answer(channelId, "decline");
  const declineAndLeave = () =>
    leave.mutate(channelId, { onSuccess: decline, onError: (error) => notifyError(error, "Could not leave the channel") });
  return (
    <li className="request" data-testid="request" data-channel-id={channelId.toString()} data-kind={kind}>
      <Link href={`/channels/${channelId}`} className="channel-link">
        <span className="channel-name">
          <ChannelGlyph kind={kind} />
          {kind === "direct" && <span className="visually-hidden">1:1 with </span>}
          {name}
        </span>
      </Link>
      {adder && (
        <span className="small muted request-from">
          added you: <AddressLabel address={adder} />
        </span>
      )}
      <div className="request-actions">
        <button type="button" className="button button-small button-primary" data-testid="request-accept" onClick={() => answer(channelId, "accept")}>
          Accept
        </button>
        <button type="button" className="button button-small" data-testid="request-decline" onClick={decline}>
          Decline
        </button>
        {kind === "private" && (
          <button type="button" className="button button-small" data-testid="request-leave" disabled={leave.isPending} onClick={declineAndLeave}>
            {leave.isPending ? "Leaving…" : "Decline and leave"}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * Channels someone this account has not talked to added it to (core's channelRequests): they
 * wait here, out of the channel list, until accepted. Declining hides one; for a private channel
 * the account can also leave it (a transaction). The answers live in this browser only.
 */
export function ChannelRequests({ requests, answer }: { requests: readonly bigint[]; answer: Answer }) {
  if (requests.length === 0) return null;
  return (
    <section data-testid="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">Requests</h2>
      <p className="small muted">
        Added by someone you have not talked to yet. Accept to list the channel with yours; your answers are kept in this
        browser only.
      </p>
      <ul className="channel-list">
        {requests.map((id) => (
          <Request key={id.toString()} channelId={id} answer={answer} />
        ))}
      </ul>
    </section>
  );
}
