"use client";
import { useEffect, useMemo, useRef } from "react";
import { loadChannelModule } from "../lib/loadCore";
import { removePendingInvite, type PendingInvite } from "../lib/pendingInvites";
import { useChannelContext } from "./useChannelContext";
import { useNotify } from "./useNotify";
import { usePendingInvites } from "./usePendingInvites";
import { useChainIndex, useWatchedKeys } from "./useChainIndex";

/**
 * While the admin is online: tries each pending invitation (core's completeDeferredInvite) once,
 * then again whenever the tab's chain index sees an invitee publish a key (KeyPublished in its one
 * log stream; nothing is polled), and completes it then (adds it with the key sealed to it). A failed
 * attempt (e.g. declined in the wallet) is reported once and not retried until the next page load.
 */
export function usePendingInviteWatcher() {
  const { context } = useChannelContext();
  const invites = usePendingInvites();
  const { notifyError } = useNotify();
  const chainIndex = useChainIndex();
  const busy = useRef(new Set<string>());
  const failed = useRef(new Set<string>());
  const invitees = useMemo(() => invites.map((invite) => invite.account), [invites]);
  // Changes when one of the invitees publishes a key.
  const keys = useWatchedKeys(invitees);

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
  }, [context, invites, keys, notifyError, chainIndex]);
}
