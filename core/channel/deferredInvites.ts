import type { Address } from "viem";
import { noUsableKey, readIsMember, readPublicKey } from "../chain/index.js";
import { createChannelService, type ChannelService } from "./createChannelService.js";
import type { ChannelContext } from "./types.js";

/**
 * An invitation of an account that has no usable published key yet: the admin keeps it (it is
 * not secret) and completes it once the key appears in the KeyDirectory.
 */
export type DeferredInvite = { channelId: bigint; account: Address; shareHistory: boolean };

const hasUsableKey = async (context: Pick<ChannelContext, "publicClient" | "deployment">, account: Address) =>
  (await readPublicKey(context.publicClient, { keyDirectory: context.deployment.keyDirectory, account }).catch(noUsableKey)) !== null;

/**
 * Invites `account` to the service's channel (admin only): added now when it has a usable
 * published key (with `shareHistory`, the older epoch keys too), else `deferred`: keep the
 * invitation and complete it later with completeDeferredInvite.
 */
export async function inviteOrDefer(
  context: Pick<ChannelContext, "publicClient" | "deployment">,
  service: Pick<ChannelService, "addMember">,
  params: { account: Address; shareHistory: boolean },
): Promise<"added" | "deferred"> {
  if (!(await hasUsableKey(context, params.account))) return "deferred";
  await service.addMember(params.account, { shareHistory: params.shareHistory });
  return "added";
}

/**
 * Completes a deferred invitation: `member` when the account is a member already (drop the
 * invitation), `waiting` while it has no usable key, `added` once it is added with the key sealed
 * to it.
 */
export async function completeDeferredInvite(context: ChannelContext, invite: DeferredInvite): Promise<"added" | "member" | "waiting"> {
  const { channelId, account, shareHistory } = invite;
  if (await readIsMember(context.publicClient, { registry: context.deployment.channelRegistry, channelId, account })) return "member";
  if (!(await hasUsableKey(context, account))) return "waiting";
  await createChannelService({ ...context, channelId }).addMember(account, { shareHistory });
  return "added";
}
