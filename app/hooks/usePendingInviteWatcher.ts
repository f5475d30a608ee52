"use client";
import { useEffect, useRef } from "react";
import { noUsableKey, readIsMember, readPublicKey } from "../../core/chain";
import { appDeployment } from "../lib/deployment";
import { loadChannelModule } from "../lib/loadCore";
import { removePendingInvite, type PendingInvite } from "../lib/pendingInvites";
import { useChannelContext } from "./useChannelContext";
import { useNotify } from "./useNotify";
import { usePendingInvites } from "./usePendingInvites";
import { useChainIndex } from "./useChainIndex";

const POLL_MS = 4_000;

/**
 * While the admin is online: polls the KeyDirectory for each pending invitee and, once its key
 * is published, completes the invitation (adds it with the key sealed to it). A failed attempt
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
    if (!context || !appDeployment || invites.length === 0) return;
    const keyDirectory = appDeployment.keyDirectory;
    const registry = appDeployment.channelRegistry;
    const admin = context.account;
    const id = (invite: PendingInvite) => `${invite.channelId}:${invite.account.toLowerCase()}`;

    const complete = async (invite: PendingInvite) => {
      const channelId = BigInt(invite.channelId);
      if (await readIsMember(context.publicClient, { registry, channelId, account: invite.account })) {
        removePendingInvite(admin, invite);
        return;
      }
      if (!(await readPublicKey(context.publicClient, { keyDirectory, account: invite.account }).catch(noUsableKey))) return;
      const { createChannelService } = await loadChannelModule();
      await createChannelService({ ...context, channelId }).addMember(invite.account, { shareHistory: invite.shareHistory });
      removePendingInvite(admin, invite);
      await chainIndex?.sync();
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
