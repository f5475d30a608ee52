/** "account:channelId", the key of per-account, per-channel state kept in this tab. */
export const accountChannelKey = (account: string, channelId: bigint) => `${account.toLowerCase()}:${channelId}`;
