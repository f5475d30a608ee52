import { queryOptions, skipToken } from "@tanstack/react-query";
import { bytesToHex, type Address, type PublicClient } from "viem";
import { getEnsName } from "viem/actions";
import type { ChannelService } from "@cairn/core/channel";
import { messagesLeft } from "@cairn/core/session";
import { appChain } from "./chain";
import { appDeployment } from "./deployment";
import { loadChainModule } from "./loadCore";

/** Whether the configured chain has an ENS universal resolver (mainnet, Sepolia): never the local chain. */
const hasEns = appChain.contracts?.ensUniversalResolver !== undefined;

/**
 * The app's query keys: every key starts with the chain id and the account it was read for (null
 * for reads that belong to no account), so that another chain or wallet never sees a cached
 * answer of this one, and `scope(account)` removes all of an account's reads at once.
 */
export const queryKeys = {
  scope: (account: Address | undefined) => [appChain.id, account?.toLowerCase() ?? null] as const,
  keyBackup: (account: Address | undefined, publicKey: Uint8Array | undefined) =>
    [...queryKeys.scope(account), "key-backup", publicKey ? bytesToHex(publicKey) : null] as const,
  gasPrice: () => [...queryKeys.scope(undefined), "gas-price"] as const,
  sessionKeyStatus: (account: Address | undefined, key: Address | undefined) => [...queryKeys.scope(account), "session-key", key ?? null] as const,
  ensName: (address: Address | undefined) => [...queryKeys.scope(undefined), "ens-name", address?.toLowerCase() ?? null] as const,
  /** Everything read about the public channel directory (invalidated when a public channel is created). */
  publicChannels: () => [...queryKeys.scope(undefined), "public-channels"] as const,
  publicChannelsNewestBlock: () => [...queryKeys.publicChannels(), "newest-block"] as const,
  publicChannelsList: (newestBlock: bigint | undefined) => [...queryKeys.publicChannels(), "list", newestBlock?.toString() ?? null] as const,
  /** The tab's Helia node and pinning client (one per chain: its IndexedDB is named after the chain). */
  ipfs: () => [...queryKeys.scope(undefined), "ipfs"] as const,
  channelDetails: (account: Address | undefined, channelId?: bigint) =>
    channelId === undefined ? ([...queryKeys.scope(account), "channel-details"] as const) : ([...queryKeys.scope(account), "channel-details", channelId.toString()] as const),
};

/** The passphrase backup the KeyDirectory stores with the account's key (null for none). */
export const keyBackupQuery = (client: PublicClient, account: Address | undefined, publicKey: Uint8Array | undefined) =>
  queryOptions({
    queryKey: queryKeys.keyBackup(account, publicKey),
    queryFn:
      account && appDeployment
        ? async () => (await loadChainModule()).readKeyBackup(client, { keyDirectory: appDeployment!.keyDirectory, account })
        : skipToken,
  });

/** The chain's current max fee per gas. */
export const gasPriceQuery = (client: PublicClient) =>
  queryOptions({
    queryKey: queryKeys.gasPrice(),
    queryFn: async () => (await client.estimateFeesPerGas()).maxFeePerGas,
    refetchInterval: 15_000,
  });

/** A session key's balance and how many messages it still pays for (read again at each new head: useSessionKey). */
export const sessionKeyStatusQuery = (client: PublicClient, account: Address | undefined, key: Address | undefined) =>
  queryOptions({
    queryKey: queryKeys.sessionKeyStatus(account, key),
    queryFn: key
      ? async () => {
          const [balance, fees] = await Promise.all([client.getBalance({ address: key }), client.estimateFeesPerGas()]);
          return { balance, messagesLeft: messagesLeft(balance, fees.maxFeePerGas) };
        }
      : skipToken,
  });

/**
 * The ENS primary name of `address` through the app's RPC (the universal resolver checks that it
 * resolves back); null when there is none, on a chain without ENS, or when the lookup fails.
 * Offchain (CCIP-read) names are not fetched: they would reach third-party gateways the
 * Content-Security-Policy does not allow.
 */
export const ensNameQuery = (client: PublicClient, address: Address | undefined) =>
  queryOptions({
    queryKey: queryKeys.ensName(address),
    queryFn: hasEns && address ? async () => (await getEnsName(client, { address, strict: false, gatewayUrls: [] }).catch(() => null)) ?? null : skipToken,
    staleTime: 10 * 60_000,
  });

/** A private channel's decrypted details (name, members…), read by its channel service. */
export const channelDetailsQuery = (account: Address | undefined, channelId: bigint | undefined, service: ChannelService | null) =>
  queryOptions({
    queryKey: queryKeys.channelDetails(account, channelId ?? 0n),
    queryFn: service ? () => service.details() : skipToken,
    staleTime: 30_000,
  });
