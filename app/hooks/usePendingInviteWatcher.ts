"use client";
import { useEffect, useRef } from "react";
import { loadChannelModule } from "../lib/loadCore";
import { removePendingInvite, type PendingInvite } from "../lib/pendingInvites";
import { useChannelContext } from "./useChannelContext";
import { useNotify } from "./useNotify";
import { usePendingInvites } from "./usePendingInvites";
import { useChainIndex } from "./useChainIndex";

const POLL_MS = 4_000;

/**
 * While the admin is online: polls each pending invitation (core's completeDeferredInvite) and,
 * once the invitee's key is published, completes it (adds it with the key sealed to it). A failed attempt
 * (e.g. declined in the wallet) is reported once and not retried until the next page load.
 */
export function usePendingInviteWatcher() {
  const { context } = useChannelContext();
  const invites = usePendingInvites();
  const { notifyError } = useNotify();
  const chainIndex = useChainIndex();
  const busy = useRef(new Set<string>());
  const failed = useRef(new Set<string>());

  useEffect(() => {
    if (!context || invites.length === 0) return;
    const admin = context.account;
    const id = (invite: PendingInvite) => `${invite.channelId}:${invite.account.toLowerCase()}`;

    const complete = async (invite: PendingInvite) => {
      const { completeDeferredInvite } = await loadChannelModule();
      const outcome = await completeDeferredInvite(context, { ...invite, channelId: BigInt(invite.channelId) });
      if (outcome === "waiting") return;
      removePendingInvite(admin, invite);
      if (outcome === "added") await chainIndex?.sync();
    };

    const poll = () => {
      for (const invite of invites) {
        const key = id(invite);
        if (busy.current.has(key) || failed.current.has(key)) continue;
        busy.current.add(key);
        complete(invite)
          .catch((error: unknown) => {
            failed.current.add(key);
            notifyError(error, `Could not add ${invite.account}`);
          })
          .finally(() => busy.current.delete(key));
      }
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [context, invites, notifyError, chainIndex]);
}
